// The runner as a library (how the ovmd daemon uses it), from source: progress events, the
// report's fields, enumeration entries and refusals.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addModule } from '../../../template.d/chkconfig/engine.js';
import { enumerateTarget } from '../../../template.d/runner/enumerate.js';
import { RunnerError } from '../../../template.d/runner/errors.js';
import { runTarget } from '../../../template.d/runner/run-target.js';
import type { ProgressEvent } from '../../../template.d/runner/types.js';
import { FIXTURES } from '../helpers/scratch-root.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function farm(modules: string[]): string {
  root = mkdtempSync(join(tmpdir(), 'ovm-lib-'));
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  for (const m of modules) {
    cpSync(join(FIXTURES, m), join(root, 'etc/template.d/scripts', m));
    addModule(root, m);
  }
  return root;
}

describe('runTarget', () => {
  it('reports start and finish of each module in order, and the resulting set', async () => {
    farm(['motd', 'producer', 'refuse']);
    const events: string[] = [];
    const onProgress = (e: ProgressEvent) => events.push(e.type === 'start' ? `start ${e.name}` : `${e.report.status} ${e.report.name}`);
    const report = await runTarget({ root, target: 'configure', params: { a: 'b' }, onProgress });
    expect(events).toEqual(['start producer', 'ok producer', 'start refuse', 'failed refuse', 'start motd', 'ok motd']);
    expect(report).toMatchObject({ target: 'configure', root, dryRun: false, status: 'failed', errors: [], warnings: [], secretKeys: [] });
    expect(report.params).toEqual({ a: 'b', 'com.example.chain.token': 'made-by-producer' });
    expect(report.changedKeys).toEqual(['com.example.chain.token']);
    expect(report.modules.map((m) => [m.priority, m.name, m.status, m.exitCode])).toEqual([
      [20, 'producer', 'ok', 0],
      [40, 'refuse', 'failed', 2],
      [60, 'motd', 'ok', 0],
    ]);
  });

  it('returns status invalid with every error and runs nothing when the set is not valid', async () => {
    farm(['satellite', 'motd']);
    const report = await runTarget({ root, target: 'configure', params: {} });
    expect(report.status).toBe('invalid');
    expect(report.errors).toHaveLength(3);
    expect(report.modules.every((m) => m.status === 'not run')).toBe(true);
  });

  it('refuses an unknown root or a module that is not enabled, before running anything', async () => {
    farm(['motd']);
    await expect(runTarget({ root: join(root, 'nope'), target: 'configure', params: {} })).rejects.toThrow(RunnerError);
    await expect(runTarget({ root, target: 'configure', params: {}, scripts: ['satellite'] })).rejects.toThrow(
      `cannot run for configure: there is no module "satellite" in ${root}/etc/template.d/scripts (installed: motd)`,
    );
  });

  it('says why a --script module cannot run: missing, no such target in its header, or switched off', async () => {
    farm(['motd', 'satellite']);
    const reason = (target: 'configure' | 'migrate', scripts: string[]) =>
      runTarget({ root, target, params: {}, scripts }).then(() => 'ran', (e: Error) => e.message);
    expect(await reason('migrate', ['motd'])).toBe(
      'cannot run for migrate: module "motd" declares no migrate target in its header (it declares: configure, cleanup), so it cannot run for migrate',
    );
    rmSync(join(root, 'etc/template.d/configure.d/80satellite'));
    expect(await reason('configure', ['satellite', 'ghost'])).toBe(
      'cannot run for configure: module "satellite" is off for configure: turn it on with ovm-chkconfig --target=configure satellite on; ' +
        `there is no module "ghost" in ${root}/etc/template.d/scripts (installed: motd, satellite)`,
    );
  });

  it('in a dry run, announces only the modules it starts: one without a plan gets no start event', async () => {
    farm(['motd', 'echo']);
    const events: string[] = [];
    const onProgress = (e: ProgressEvent) => events.push(e.type === 'start' ? `start ${e.name}` : `${e.report.status} ${e.report.name}`);
    await runTarget({ root, target: 'configure', params: {}, dryRun: true, onProgress });
    expect(events).toEqual(['start echo', 'planned echo', 'no plan motd']);
  });
});

describe('starting modules', () => {
  it('runs an Oracle-era #!/usr/bin/python module with python3, and explains a missing interpreter', async () => {
    farm(['oldpython', 'motd']);
    const report = await runTarget({ root, target: 'configure', params: {} });
    expect(report.params['com.example.oldpython.ran']).toBe('True');
    cpSync(join(FIXTURES, 'noshebang'), join(root, 'etc/template.d/scripts/noshebang'));
    addModule(root, 'noshebang');
    const broken = await runTarget({ root, target: 'configure', params: {} });
    const failed = broken.modules.find((m) => m.name === 'noshebang')!;
    expect(broken.status).toBe('invalid'); // a module that cannot start cannot be checked: nothing runs
    expect(broken.modules.find((m) => m.name === 'oldpython')!.status).toBe('not run');
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('its interpreter was not found (the script starts with "#!/usr/bin/no-such-interpreter")');
  });
});

describe('links in an image', () => {
  it('runs the image\'s own module for an absolute link, never the file of that name on this system', async () => {
    farm(['motd']);
    const link = join(root, 'etc/template.d/configure.d/60motd');
    unlinkSync(link);
    // Absolute, as on the image's own system; this path does not exist here outside the root.
    symlinkSync('/etc/template.d/scripts/motd', link);
    const report = await runTarget({ root, target: 'configure', params: {} });
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([['motd', 'ok']]);
  });
});

describe('the run log', () => {
  it('is not written through a symlink that leads out of the root; the run goes on with a warning', async () => {
    farm(['motd']);
    const outside = mkdtempSync(join(tmpdir(), 'ovm-outside-'));
    try {
      writeFileSync(join(outside, 'victim'), 'untouched\n');
      mkdirSync(join(root, 'var/log'), { recursive: true });
      symlinkSync(join(outside, 'victim'), join(root, 'var/log/ovm-template-config.log'));
      const viaFile = await runTarget({ root, target: 'configure', params: {} });
      expect(viaFile.status).toBe('ok');
      expect(viaFile.warnings.join('\n')).toMatch(/cannot write the log/);
      expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('untouched\n');

      rmSync(join(root, 'var/log'), { recursive: true });
      symlinkSync(outside, join(root, 'var/log')); // an image's /var/log pointing at a host path
      const viaDir = await runTarget({ root, target: 'configure', params: {} });
      expect(viaDir.status).toBe('ok');
      expect(viaDir.warnings.join('\n')).toMatch(/outside the root/);
      expect(existsSync(join(outside, 'ovm-template-config.log'))).toBe(false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('extraSecretKeys', () => {
  // leaky prints the activation key to stderr and in its error; it declares the key (so it is
  // handed the value) but only its own com.example.leaky.secret a password, so the key is
  // secret only through the option.
  const KEY = 'com.oracle.linux.satellite.activation-key';
  const CANARY = 'extra-Canary-7141';
  const logOf = () => readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8');

  it('masks a key no module declares a password in the log and the report, and lists it as secret', async () => {
    farm(['leaky']);
    const report = await runTarget({ root, target: 'configure', params: { [KEY]: CANARY }, extraSecretKeys: [KEY] });
    expect(report.secretKeys).toEqual(['com.example.leaky.secret', KEY]);
    expect(report.modules.map((m) => [m.name, m.status, m.error])).toEqual([
      ['leaky', 'failed', 'exited with status 1: RuntimeError: could not use key ********'],
    ]);
    expect(logOf()).toContain('configure 86leaky: leaky: the activation key is ********');
    expect(logOf()).not.toContain(CANARY);
    expect(JSON.stringify(report.modules)).not.toContain(CANARY);
  });

  it('is what makes the key secret: without it the same run shows the value', async () => {
    farm(['leaky']);
    const report = await runTarget({ root, target: 'configure', params: { [KEY]: CANARY } });
    expect(report.secretKeys).toEqual(['com.example.leaky.secret']);
    expect(report.modules[0]!.error).toContain(CANARY);
    expect(logOf()).toContain(`the activation key is ${CANARY}`);
  });
});

describe('enumerateTarget', () => {
  it('returns priority, name and descriptors per module in run order; a target with no links is empty', async () => {
    farm(['shellmod', 'motd']);
    const entries = await enumerateTarget({ root, target: 'configure' });
    expect(entries).toEqual([
      { priority: 30, name: 'shellmod', descriptors: [{ key: 'com.example.shell.greeting', description: 'Greeting', hidden: true }] },
      { priority: 60, name: 'motd', descriptors: [] },
    ]);
    expect(await enumerateTarget({ root, target: 'migrate' })).toEqual([]);
  });
});

describe('stopping a run (signal)', () => {
  function running(pidFile: string): boolean {
    const stat = `/proc/${Number(readFileSync(join(root, pidFile), 'utf8'))}/stat`;
    return existsSync(stat) && !['Z', 'X'].includes(readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0]!);
  }

  it('stops the module at work with its children, starts no other, and says so', async () => {
    farm(['sleeper', 'motd']);
    const stop = new AbortController();
    const started = new Promise<void>((resolve) => {
      const poll = setInterval(() => existsSync(join(root, 'sleeper-child.pid')) && (clearInterval(poll), resolve()), 20);
    });
    const run = runTarget({ root, target: 'configure', params: {}, signal: stop.signal, timeoutSec: 600 });
    await started;
    expect(running('sleeper-child.pid')).toBe(true);
    const t0 = performance.now();
    stop.abort();
    const report = await run;
    expect(performance.now() - t0).toBeLessThan(60_000); // not the 600 s time limit (a loose bound: the machine may be busy)
    expect(report.modules.map((m) => [m.name, m.status, m.error])).toEqual([
      ['sleeper', 'failed', 'stopped with the run'],
      ['motd', 'not run', 'the run was stopped before it'],
    ]);
    expect(report.status).toBe('interrupted'); // and the run log says so (run-lock.test.ts)
    expect(existsSync(join(root, 'etc/motd'))).toBe(false);
    await expect.poll(() => running('sleeper.pid') || running('sleeper-child.pid'), { timeout: 20_000 }).toBe(false);
  });

  it('an already stopped signal starts nothing, enumeration included', async () => {
    farm(['motd']);
    const stop = new AbortController();
    stop.abort();
    expect(await enumerateTarget({ root, target: 'configure', signal: stop.signal })).toEqual([
      { priority: 60, name: 'motd', descriptors: [], error: 'stopped while enumerating' },
    ]);
  });
});

describe('a module that floods stderr', () => {
  it('keeps 1 MiB of it in the run log, says the rest was dropped, and still reports its last line as the error', async () => {
    farm(['chatty', 'motd']);
    const report = await runTarget({ root, target: 'configure', params: {} });
    const log = readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8');
    const kept = [...log.matchAll(/noise (\d+) 0+$/gm)].map((m) => Number(m[1]));
    const keptBytes = kept.reduce((sum, n) => sum + `noise ${n} ${'0'.repeat(100)}\n`.length, 0);
    expect(keptBytes).toBeGreaterThan(1000 * 1024); // about 1 MiB of the module's own text, of 3.3 MB written
    expect(keptBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(kept.at(-1)).toBe(kept.length - 1); // the first lines, in order
    expect(log).not.toContain('noise 29999 ');
    expect(log.match(/more stderr output not kept: over 1024 KiB from this module/g)).toHaveLength(1);
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([['chatty', 'failed'], ['motd', 'ok']]);
    expect(report.modules[0]!.error).toBe('exited with status 2: gave up after all that noise');
  });
});
