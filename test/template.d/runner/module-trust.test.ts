// Module files someone other than root could change are not run (issue 12 item 5): a module, or
// any directory on its way from `/` (through its links), owned by another user or writable by
// group or others is reported, with the path and the fix. Its keys cannot be checked, so the
// whole batch is refused (issue 13, all or nothing): the other modules do not run either.
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addModule } from '../../../template.d/chkconfig/engine.js';
import { enumerateTarget } from '../../../template.d/runner/enumerate.js';
import { runTarget } from '../../../template.d/runner/run-target.js';
import { FIXTURES } from '../helpers/scratch-root.js';

const ALICE = 1000;
let base: string;
let root: string;
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** A root under a fresh root-owned 0755 directory in /tmp, with shellmod (30) and motd (60) on. */
function farm(): void {
  base = mkdtempSync(join(tmpdir(), 'ovm-trust-'));
  chmodSync(base, 0o755);
  root = join(base, 'root');
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  for (const m of ['shellmod', 'motd']) {
    cpSync(join(FIXTURES, m), join(root, 'etc/template.d/scripts', m));
    addModule(root, m);
  }
}

const script = (name: string) => join(root, 'etc/template.d/scripts', name);

/** Runs configure; returns the run's status, shellmod's report line and whether shellmod and motd ran. */
async function run() {
  const report = await runTarget({ root, target: 'configure', params: {} });
  const shellmod = report.modules.find((m) => m.name === 'shellmod')!;
  return {
    status: report.status,
    shellmod: [shellmod.status, shellmod.error],
    shellmodRan: existsSync(join(root, 'var/lib/shellmod.log')),
    motdRan: existsSync(join(root, 'etc/motd')),
  };
}

function refusal(path: string, why: string, fix = `chown root:root ${path}; chmod go-w ${path}`): string {
  return `not run: refused: ${path} ${why}; a module and every directory above it must be changeable by root alone (fix: ${fix})`;
}

describe('the runner refuses a module that others could change', () => {
  it('runs both modules when every file and directory is root-owned and not writable by others (/tmp is sticky)', async () => {
    farm();
    expect(await run()).toEqual({ status: 'ok', shellmod: ['ok', undefined], shellmodRan: true, motdRan: true });
  });

  it.each([
    ['0757', 'is writable by others'],
    ['0775', 'is writable by its group'],
    ['0777', 'is writable by group and others'],
  ])('a module file of mode %s: refused, not run, named with the fix; the batch is refused, so the other module does not run', async (mode, why) => {
    farm();
    chmodSync(script('shellmod'), parseInt(mode, 8));
    expect(await run()).toEqual({ status: 'invalid', shellmod: ['failed', refusal(script('shellmod'), why)], shellmodRan: false, motdRan: false });
  });

  it('a module file owned by another user', async () => {
    farm();
    chownSync(script('shellmod'), ALICE, ALICE);
    expect(await run()).toEqual({ status: 'invalid', shellmod: ['failed', refusal(script('shellmod'), 'is owned by uid 1000, not root')], shellmodRan: false, motdRan: false });
  });

  it('a writable directory above the module (scripts/, then etc/)', async () => {
    farm();
    const scripts = join(root, 'etc/template.d/scripts');
    chmodSync(scripts, 0o777);
    const first = await run();
    expect(first.shellmod).toEqual(['failed', refusal(scripts, 'is writable by group and others')]);
    expect([first.shellmodRan, first.motdRan]).toEqual([false, false]); // motd lives there too
    chmodSync(scripts, 0o755);
    chownSync(join(root, 'etc'), ALICE, ALICE);
    expect((await run()).shellmod).toEqual(['failed', refusal(join(root, 'etc'), 'is owned by uid 1000, not root')]);
  });

  it('a link on the way that sits in a directory another user owns', async () => {
    farm();
    const alices = join(root, 'home/alice');
    mkdirSync(alices, { recursive: true });
    chownSync(alices, ALICE, ALICE);
    symlinkSync('/etc/template.d/scripts/shellmod', join(alices, 'mod'));
    const link = join(root, 'etc/template.d/configure.d/30shellmod');
    unlinkSync(link);
    symlinkSync('../../../home/alice/mod', link);
    expect((await run()).shellmod).toEqual(['failed', refusal(alices, 'is owned by uid 1000, not root')]);
  });

  it('a directory above the root prefix that another user owns: the advice is to move the tree', async () => {
    farm();
    chownSync(base, ALICE, ALICE);
    const result = await run();
    expect(result.shellmod).toEqual(['failed', refusal(base, 'is owned by uid 1000, not root', 'use a --root directory whose parents only root can change')]);
    expect([result.shellmodRan, result.motdRan]).toEqual([false, false]);
  });

  it('--enumerate names the refused module and lists no parameters for it', async () => {
    farm();
    chmodSync(script('shellmod'), 0o757);
    const entries = await enumerateTarget({ root, target: 'configure' });
    expect(entries.map((e) => [e.name, e.descriptors.length, e.error])).toEqual([
      ['shellmod', 0, refusal(script('shellmod'), 'is writable by others').replace('not run: ', '')],
      ['motd', 0, undefined],
    ]);
  });
});
