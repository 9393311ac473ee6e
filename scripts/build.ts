// Builds one self-contained executable per command under dist/bin/<command> and one per
// built-in module under dist/modules/<name> (with its plugin header), plus the templateconfig
// Python package under dist/python. Bundles are CommonJS so that an extensionless file runs
// with a plain `#!/usr/bin/env node`, with no package.json beside it on the guest.
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(top, 'dist');

/** Every command the toolkit ships, sorted; an entry that does not exist yet is skipped. */
const COMMANDS: { name: string; entry: string }[] = [
  { name: 'ovm-chkconfig', entry: 'template.d/cli/ovm-chkconfig.ts' },
  { name: 'ovm-template-config', entry: 'template.d/cli/ovm-template-config.ts' },
  { name: 'ovm-vmmessage', entry: 'ovmd/cli/ovm-vmmessage.ts' },
  { name: 'ovmd', entry: 'ovmd/cli/ovmd.ts' },
];

/**
 * inquirer registers every prompt kind, the external-editor one too, and that one brings
 * iconv-lite and chardet: some 650 KB, about 40 % of a bundle that uses the dialog, which Node
 * must parse at every start. No dialog here opens an editor, so the editor's helper is replaced
 * by one that says so if it is ever called.
 */
const withoutEditorPrompt: Plugin = {
  name: 'without-editor-prompt',
  setup(b) {
    b.onResolve({ filter: /^@inquirer\/external-editor$/ }, () => ({ path: 'external-editor', namespace: 'ovm-left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'ovm-left-out' }, () => ({
      contents: "export function editAsync() { throw new Error('the editor prompt is not part of this build'); }\n",
      loader: 'js',
    }));
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  // ESM dependencies read import.meta.url; give them the bundle's own URL.
  define: { 'import.meta.url': '__ovmImportMetaUrl' },
  plugins: [withoutEditorPrompt],
};
const metaShim = "var __ovmImportMetaUrl = require('url').pathToFileURL(__filename).href;";

async function buildCommands(): Promise<string[]> {
  const built: string[] = [];
  for (const { name, entry } of COMMANDS) {
    if (!existsSync(join(top, entry))) continue;
    const outfile = join(dist, 'bin', name);
    const ok = await attempt(name, async () => { await build({
      ...common,
      entryPoints: [join(top, entry)],
      outfile,
      banner: { js: `#!/usr/bin/env node\n${metaShim}` },
    }); });
    if (!ok) continue;
    chmodSync(outfile, 0o755);
    built.push(name);
  }
  return built;
}

async function buildModules(): Promise<string[]> {
  const registry = join(top, 'modules/registry.ts');
  if (!existsSync(registry)) return [];
  const { MODULES } = await import(registry);
  const { renderHeader } = await import(join(top, 'modules/lib/header.ts'));
  const { IN_PROCESS_MARKER } = await import(join(top, 'template.d/plan/module-api.ts'));
  const built: string[] = [];
  for (const decl of MODULES as { name: string }[]) {
    const outfile = join(dist, 'modules', decl.name);
    const ok = await attempt(decl.name, async () => { await build({
      ...common,
      stdin: {
        contents:
          `import decl from './${decl.name}.js';\n` +
          `import { runModule } from './lib/main.js';\n` +
          // A runner that loads the bundle to plan in its own process takes its API instead.
          `import { offerInProcess } from './lib/in-process.js';\n` +
          `if (!offerInProcess(decl)) runModule(decl);\n`,
        resolveDir: join(top, 'modules'),
        sourcefile: `${decl.name}-entry.ts`,
        loader: 'ts',
      },
      outfile,
      banner: { js: `#!/usr/bin/env node\n${renderHeader(decl)}\n${IN_PROCESS_MARKER}\n${metaShim}` },
    }); });
    if (!ok) continue;
    chmodSync(outfile, 0o755);
    built.push(decl.name);
  }
  return built;
}

function copyPython(): boolean {
  const src = join(top, 'template.d/python/templateconfig');
  if (!existsSync(src)) return false;
  mkdirSync(join(dist, 'python'), { recursive: true });
  cpSync(src, join(dist, 'python/templateconfig'), {
    recursive: true,
    filter: (p) => !p.includes('__pycache__'),
  });
  return true;
}

// dist/ is not wiped first (`make clean` does that): several builds may run side by side.
const failures: string[] = [];
async function attempt(what: string, fn: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (error) {
    failures.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
    return false;
  }
}
// The repository's package.json says "type": "module"; without this marker Node would load
// the extensionless CommonJS bundles in dist/ as ES modules. On a guest there is no package.json.
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');
const commands = await buildCommands();
const modules = await buildModules();
const python = copyPython();
console.log(
  `build: ${commands.length} commands (${commands.join(', ') || 'none yet'}), ` +
    `${modules.length} modules (${modules.join(', ') || 'none yet'})` +
    (python ? ', templateconfig Python package' : ''),
);
if (failures.length) {
  for (const f of failures) console.error(`build failed: ${f}`);
  process.exit(1);
}
