// One boot that runs chosen sections of the guest program (guest/main.ts) and of dom0's
// (dom0/main.ts) side by side, with an el9 scratch root carrying the built modules, a fresh
// root password and user password as canaries, and the common first-boot batch for dom0.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { batchJson, demoBatch, freshPublicKey } from '../e2e/demo-batch.js';
import { install, realGuestRoot } from '../e2e/ovmd-harness.js';
import { cleanupRoots } from '../helpers/roots.js';
import { parseChecks, parseMeasures, type CheckLine } from './tap.js';
import { runXenVm, type BootResult } from './vm.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface ScenarioResult {
  checks: CheckLine[];
  measures: Record<string, string>;
  boot: BootResult & { buildMs: number };
}

export interface ScenarioOptions {
  xenstored: 'xenstored' | 'oxenstored';
  guest: string[];
  dom0: string[];
  onLine?: (line: string) => void;
  work?: string;
}

function secretsDir(): { dir: string; files: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'xen-vm-secrets-'));
  const root = `Root-${randomBytes(8).toString('hex')}`;
  const user = `User-${randomBytes(8).toString('hex')}`;
  writeFileSync(join(dir, 'secret'), `${root}\n`);
  writeFileSync(join(dir, 'secrets'), `${root}\n${user}\n`);
  writeFileSync(join(dir, 'batch.json'), batchJson(demoBatch(root, user, freshPublicKey('alice@xen-vm'))));
  return { dir, files: { secret: join(dir, 'secret'), secrets: join(dir, 'secrets'), 'batch.json': join(dir, 'batch.json') } };
}

/** Why: the vitest files and bench-xen describe a boot by its sections, nothing more. */
export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const inst = install();
  const secrets = secretsDir();
  try {
    const root = realGuestRoot(inst);
    // A module with the suspend/resume/migrate targets enabled (none of the built-in ones has them).
    cpSync(join(HERE, 'guest/lifecycle-module.sh'), join(root, 'etc/template.d/scripts/vm-lifecycle'));
    execFileSync(inst.bin('ovm-chkconfig'), ['--root', root, '--add', 'vm-lifecycle'], { stdio: 'pipe' });
    const boot = await runXenVm({
      xenstored: o.xenstored, work: o.work, onLine: o.onLine, guestRoot: root,
      // Two ovmd flows with three ovmd starts (~1 min each under TCG on a busy machine) and a save/restore.
      guestTimeoutS: 780, timeoutS: 1000,
      guestPrograms: { 'main.mjs': join(HERE, 'guest/main.ts') },
      dom0Programs: { 'main.mjs': join(HERE, 'dom0/main.ts') },
      guestFiles: { secret: secrets.files.secret },
      dom0Files: secrets.files,
      guestCmd: o.guest.length ? `OVMD_ECHO=1 XENSTORED=${o.xenstored} node /harness/main.mjs ${o.guest.join(' ')}` : 'true',
      dom0Cmd: o.dom0.length ? `node /harness/main.mjs ${o.dom0.join(' ')}` : 'true',
    });
    const checks = [...parseChecks('guest', boot.guest.out), ...parseChecks('dom0', boot.dom0.out)];
    return { checks, measures: { ...parseMeasures(boot.guest.out), ...parseMeasures(boot.dom0.out) }, boot };
  } finally {
    inst.remove();
    cleanupRoots();
    rmSync(secrets.dir, { recursive: true, force: true });
  }
}
