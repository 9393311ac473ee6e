// Where the symlink farm lives under a root, and how link names are spelled. Layout: shared spec
// template-config.md, "Directory layout": scripts/<name>, <target>.d/<NN><name> ->
// ../scripts/<name>.
import { join, resolve } from 'node:path';
import type { Target } from '../params/descriptor.js';
import { formatPriority } from '../header/parse-header.js';

/** The template.d directory of a root ("/" is the running system). */
export function templateDir(root: string): string {
  return join(resolve(root), 'etc/template.d');
}

export function scriptsDir(root: string): string {
  return join(templateDir(root), 'scripts');
}

export function targetDir(root: string, target: Target): string {
  return join(templateDir(root), `${target}.d`);
}

/** `configure.d/50network` is spelled priority then name, like SysV rc.d. */
export function linkName(priority: number, name: string): string {
  return `${formatPriority(priority)}${name}`;
}

/** Relative, so the link stays valid inside a chroot and on a mounted image. */
export function linkTarget(name: string): string {
  return `../scripts/${name}`;
}

/** Splits `50network` into priority and module name; undefined for anything else. */
export function parseLinkName(entry: string): { priority: number; name: string } | undefined {
  const match = /^(\d{2})(.+)$/.exec(entry);
  if (!match) return undefined;
  return { priority: Number(match[1]), name: match[2]! };
}

/** Why: a module name becomes a path component, so it must not climb out of scripts/. */
export function checkModuleName(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    return `"${name}" is not a module name (a file name in /etc/template.d/scripts)`;
  }
  return undefined;
}
