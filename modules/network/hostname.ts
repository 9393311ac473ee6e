// The persistent hostname, where the family table says it lives: HOSTNAME= in
// /etc/sysconfig/network on el6 (read by rc.sysinit), /etc/hostname on el7+ (hostname(5)).
import type { Change, RootFiles } from '../lib/types.js';
import type { NetworkFamily } from './family.js';
import { editShellVars, parseShellVars } from '../lib/shell-vars.js';
import { writeIfChanged } from './write-change.js';

/** The name a template carries before it is configured (what anaconda leaves). */
export const GENERIC_HOSTNAME = 'localhost.localdomain';

/** Why: one function for configure and cleanup, so both write the name the same way. */
export function hostnameChanges(files: RootFiles, family: NetworkFamily, name: string, why: string): Change[] {
  const { style, path } = family.hostname;
  if (style === 'sysconfig') return writeIfChanged(files, path, editShellVars(files.read(path) ?? '', { HOSTNAME: name }), why);
  return writeIfChanged(files, path, `${name}\n`, why);
}

/** Why: cleanup needs the name being replaced, to take it out of /etc/hosts too. */
export function currentHostname(files: RootFiles, family: NetworkFamily): string | undefined {
  const { style, path } = family.hostname;
  const text = files.read(path);
  if (text === undefined) return undefined;
  const name = style === 'sysconfig' ? parseShellVars(text).HOSTNAME : text.split('\n')[0]?.trim();
  return name === '' ? undefined : name;
}
