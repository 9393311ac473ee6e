// Test helper: bundles a module declaration exactly as scripts/build.ts does (virtual entry
// calling runModule, plugin header banner) into a temp dir outside the repository, so the
// extensionless CommonJS file runs as it would on a guest, and runs it through the protocol.
import { build } from 'esbuild';
import { execa } from 'execa';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderHeader } from '../../../modules/lib/header.js';
import type { ModuleDeclaration } from '../../../modules/lib/types.js';

const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../modules/lib/main.ts');

/** Bundles `entry` (a file whose default export is the declaration) into `dir`/<name>. */
export async function bundleModule(entry: string, decl: ModuleDeclaration, dir: string): Promise<string> {
  const outfile = join(dir, decl.name);
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    stdin: {
      contents: `import decl from ${JSON.stringify(entry)};\nimport { runModule } from ${JSON.stringify(MAIN)};\nrunModule(decl);\n`,
      resolveDir: dirname(entry),
      sourcefile: `${decl.name}-entry.ts`,
      loader: 'ts',
    },
    outfile,
    define: { 'import.meta.url': '__ovmImportMetaUrl' },
    banner: { js: `#!/usr/bin/env node\n${renderHeader(decl)}\nvar __ovmImportMetaUrl = require('url').pathToFileURL(__filename).href;` },
  });
  chmodSync(outfile, 0o755);
  return outfile;
}

/** A fresh temp dir for bundles (outside the repository: no package.json "type" applies). */
export function bundleDir(): string {
  return mkdtempSync(join(tmpdir(), 'ovm-bundle-'));
}

/**
 * Installs module executables (name -> bundle) into the root's /etc/template.d/scripts and
 * enables each with the real `ovm-chkconfig --add`, in order, as an RPM's %post does; returns
 * the root.
 */
export async function installModules(root: string, bins: Record<string, string>, chkconfig: string): Promise<string> {
  const scripts = join(root, 'etc/template.d/scripts');
  mkdirSync(scripts, { recursive: true });
  for (const [name, bin] of Object.entries(bins)) {
    copyFileSync(bin, join(scripts, name));
    chmodSync(join(scripts, name), 0o755);
    await execa(chkconfig, ['--root', root, '--add', name]);
  }
  return root;
}

export interface ModuleRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a module executable with args, JSON input on stdin and OVM_TEMPLATE_ROOT=root. */
export async function callModule(script: string, args: string[], root: string, input?: unknown, env: Record<string, string> = {}): Promise<ModuleRun> {
  const result = await execa(script, args, {
    reject: false,
    timeout: 60_000,
    input: input === undefined ? '' : typeof input === 'string' ? input : JSON.stringify(input),
    env: { ...env, OVM_TEMPLATE_ROOT: root },
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
