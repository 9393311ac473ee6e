// A scratch guest root with the two fixture modules enabled for configure (and cleanup), laid
// out as ovm-chkconfig would: scripts/<name> and <target>.d/<NN><name> -> ../scripts/<name>.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const MODULES: [string, number][] = [['fixture-net', 50], ['fixture-auth', 90]];

/** Roots not cleaned up yet; removed at process exit too, when a run is cut short. */
const leftovers = new Set<string>();
process.on('exit', () => {
  for (const root of leftovers) rmSync(root, { recursive: true, force: true });
});

/** Creates the root; returns its path and a cleanup function. */
export function makeFixtureRoot(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'ovmd-root-'));
  for (const dir of ['etc/template.d/scripts', 'etc/template.d/configure.d', 'etc/template.d/cleanup.d', 'etc/sysconfig', 'var/log']) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  for (const [name, priority] of MODULES) {
    const script = join(root, 'etc/template.d/scripts', name);
    copyFileSync(join(FIXTURES, name), script);
    chmodSync(script, 0o755);
    for (const target of ['configure', 'cleanup']) {
      symlinkSync(`../scripts/${name}`, join(root, `etc/template.d/${target}.d/${priority}${name}`));
    }
  }
  const cleanup = () => {
    rmSync(root, { recursive: true, force: true });
    leftovers.delete(root);
  };
  leftovers.add(root);
  return { root, cleanup };
}
