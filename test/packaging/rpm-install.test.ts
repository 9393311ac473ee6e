// The packages installed into a scratch root with the real rpm, then what a guest relies on:
// the %post logic builds the /etc/template.d link farm, %preun takes a module's links away,
// both units pass systemd-analyze verify, tmpfiles makes /run/ovmd, the SysV script arms first
// boot, the man pages render, the installed commands run. Needs `make build`.
//
// rpm runs scriptlets chrooted into the root, where neither /bin/sh nor Node.js exists, so
// the packages are installed with --noscripts and each scriptlet's own text is then run with
// sh, its $1 set as rpm would, and the installed /usr/sbin/ovm-chkconfig pointed at the root
// (--root) instead of being reached through a chroot.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/registry.js';
import { TARGETS } from '../../template.d/params/descriptor.js';
import { buildRpms, query, runScriptlet, type BuiltRpms } from './helpers/rpms.js';

let work: string;
let root: string;
let built: BuiltRpms;
/** A daemon the SysV test started, killed in afterAll if the test failed half-way. */
let daemonPid: number | undefined;

function rpm(...args: string[]) {
  return spawnSync('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '--nosignature', ...args], { encoding: 'utf8' });
}

/** The module packages' scriptlet, run against the root. */
function moduleScriptlet(name: string, tag: 'POSTIN' | 'PREUN', arg: number): string {
  const text = query(built.packages.get(`ovm-template-config-${name}`)!, `%{${tag}}`);
  return runScriptlet(text, arg, [['/usr/sbin/ovm-chkconfig', `${root}/usr/sbin/ovm-chkconfig --root ${root}`]]);
}

function chkconfigList(): string[] {
  return execFileSync(`${root}/usr/sbin/ovm-chkconfig`, ['--root', root, '--list'], { encoding: 'utf8' }).trim().split('\n');
}

/** What --list must show for a module: on:NN for every target its declaration gives a priority. */
function expectedRow(name: string): string[] {
  const decl = MODULES.find((m) => m.name === name)!;
  return [name, ...TARGETS.map((t) => (decl.priorities[t] === undefined ? 'off' : `on:${String(decl.priorities[t]).padStart(2, '0')}`))];
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ovm-rpm-root-'));
  built = buildRpms(work);
  root = join(work, 'root');
  mkdirSync(root);
  const init = rpm('--initdb');
  if (init.status !== 0) throw new Error(init.stderr);
  const install = rpm('-i', '--nodeps', '--noscripts', ...built.packages.values());
  if (install.status !== 0) throw new Error(`rpm -i failed: ${install.stderr}`);
  for (const { name } of MODULES) moduleScriptlet(name, 'POSTIN', 1);
});
afterAll(() => {
  if (daemonPid) {
    try {
      process.kill(daemonPid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(work, { recursive: true, force: true });
});

describe('installed into a scratch root', () => {
  it('rpm knows every package', () => {
    const names = rpm('-qa', '--qf', '%{NAME}\n').stdout.trim().split('\n').sort();
    expect(names).toEqual([...built.packages.keys()].sort());
  });

  it('the module %post leaves every module on with its priority, as ovm-chkconfig --list shows', () => {
    const rows = chkconfigList().map((l) => l.split(/\s+/));
    expect(rows[0]).toEqual(['name', ...TARGETS]);
    expect(rows.slice(1)).toEqual(MODULES.map((m) => expectedRow(m.name)));
  });

  it('the link farm points every enabled target at the installed script', () => {
    for (const decl of MODULES) {
      for (const [target, priority] of Object.entries(decl.priorities)) {
        const link = join(root, 'etc/template.d', `${target}.d`, `${String(priority).padStart(2, '0')}${decl.name}`);
        expect(readlinkSync(link)).toBe(`../scripts/${decl.name}`);
        expect(statSync(link).mode & 0o111).not.toBe(0);
      }
    }
  });

  it('the installed ovm-template-config runs every installed module through the link farm', () => {
    const out = execFileSync(`${root}/usr/sbin/ovm-template-config`, ['--root', root, '--enumerate', 'configure'], { encoding: 'utf8' });
    const listed = (JSON.parse(out) as [number, string, unknown[]][]).map(([priority, name]) => [priority, name]);
    const expected = MODULES.filter((m) => m.priorities.configure !== undefined)
      .map((m) => [m.priorities.configure!, m.name] as [number, string])
      .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
    expect(listed).toEqual(expected);
  });

  it('a second %post (upgrade) and a %preun on upgrade change nothing', () => {
    const before = chkconfigList();
    const name = MODULES[0]!.name;
    moduleScriptlet(name, 'POSTIN', 2);
    moduleScriptlet(name, 'PREUN', 1);
    expect(chkconfigList()).toEqual(before);
  });

  it('erasing a module package runs --del first: its links go, the others stay', () => {
    const [gone, ...kept] = MODULES.map((m) => m.name);
    moduleScriptlet(gone!, 'PREUN', 0);
    expect(rpm('-e', '--nodeps', '--noscripts', `ovm-template-config-${gone}`).status).toBe(0);
    for (const target of TARGETS) {
      const links = readdirSync(join(root, 'etc/template.d', `${target}.d`));
      expect(links.filter((l) => l.endsWith(gone!))).toEqual([]);
    }
    expect(existsSync(join(root, 'etc/template.d/scripts', gone!))).toBe(false);
    expect(chkconfigList().slice(1).map((l) => l.split(/\s+/))).toEqual(kept.map(expectedRow));
    expect(rpm('-q', `ovm-template-config-${gone}`).status).not.toBe(0);
  });

  it('the ovm-template-config %post creates the run log private to root', () => {
    const text = query(built.packages.get('ovm-template-config')!, '%{POSTIN}');
    mkdirSync(join(root, 'var/log'), { recursive: true }); // every guest has it; the ghost file does not make it
    runScriptlet(text, 1, [['/var/log/', `${root}/var/log/`]]);
    expect(statSync(join(root, 'var/log/ovm-template-config.log')).mode & 0o777).toBe(0o640);
  });

  it('the installed commands start with #!/usr/bin/node and run without node_modules', () => {
    for (const cmd of ['ovmd', 'ovm-template-config', 'ovm-chkconfig', 'ovm-vmmessage']) {
      expect(readFileSync(join(root, 'usr/sbin', cmd), 'utf8').split('\n')[0]).toBe('#!/usr/bin/node');
      expect(execFileSync(join(root, 'usr/sbin', cmd), ['--version'], { encoding: 'utf8' })).toMatch(/\d+\.\d+\.\d+/);
    }
  });

  it('the templateconfig Python package imports from each site directory the package puts it in', () => {
    for (const version of ['3.6', '3.9', '3.12']) {
      const site = join(root, `usr/lib/python${version}/site-packages`);
      const r = spawnSync('/usr/bin/python3', ['-c', 'import templateconfig.cli, templateconfig.common; print(templateconfig.__file__)'], {
        env: { PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: '1' },
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe(join(site, 'templateconfig/__init__.py'));
    }
  });

  it('systemd-tmpfiles creates /run/ovmd with mode 0700', () => {
    const r = spawnSync('systemd-tmpfiles', [`--root=${root}`, '--create', '--prefix=/run/ovmd'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(statSync(join(root, 'run/ovmd')).mode & 0o7777).toBe(0o700);
  });
});

/**
 * The guest's own systemd units, /bin/kill and /bin/grep, which its distribution provides: the host's
 * units (never overwriting the packages' own), and a kill and a grep that use the host's.
 */
let systemdCopied = false;
function guestSystemd(): void {
  if (systemdCopied) return;
  systemdCopied = true;
  cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true, force: false, errorOnExist: false });
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  writeFileSync(join(root, 'usr/bin/kill'), '#!/bin/sh\nkill "$@"\n', { mode: 0o755 });
  writeFileSync(join(root, 'usr/bin/grep'), '#!/bin/sh\nexec grep "$@"\n', { mode: 0o755 });
  if (!existsSync(join(root, 'bin'))) symlinkSync('usr/bin', join(root, 'bin'));
}

describe('services', () => {
  it('systemd-analyze verify accepts both units, their commands and their man pages', () => {
    guestSystemd();
    const units = ['ovmd.service', 'ovm-template-initial-config.service'].map((u) => `/usr/lib/systemd/system/${u}`);
    const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, ...units], {
      encoding: 'utf8',
      env: { ...process.env, MANPATH: join(root, 'usr/share/man'), SYSTEMD_LOG_COLOR: '0' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('an EL boot with plymouth keeps the first-boot job: no ordering cycle through the splash units', () => {
    guestSystemd();
    // The splash units as EL ships them (plymouth's own ordering); Debian has no plymouth here.
    const lib = join(root, 'usr/lib/systemd/system');
    writeFileSync(join(lib, 'plymouth-start.service'), '[Unit]\nDescription=splash\nDefaultDependencies=no\n[Service]\nType=forking\nExecStart=/bin/true\n');
    writeFileSync(join(lib, 'plymouth-quit-wait.service'),
      '[Unit]\nDescription=hold\nAfter=rc-local.service plymouth-start.service systemd-user-sessions.service\n[Service]\nType=oneshot\nExecStart=/bin/true\n');
    const wants = join(root, 'etc/systemd/system/multi-user.target.wants');
    mkdirSync(wants, { recursive: true });
    for (const unit of ['plymouth-quit-wait.service', 'ovm-template-initial-config.service', 'ovmd.service']) {
      if (!existsSync(join(wants, unit))) symlinkSync(`/usr/lib/systemd/system/${unit}`, join(wants, unit));
    }
    const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, '/usr/lib/systemd/system/multi-user.target'], {
      encoding: 'utf8',
      env: { ...process.env, MANPATH: join(root, 'usr/share/man'), SYSTEMD_LOG_COLOR: '0' },
      timeout: 60_000,
    });
    expect(r.stderr).not.toMatch(/ordering cycle|deleted to break/);
    expect(r.stderr).not.toMatch(/^(ovmd|ovm-template-initial-config)\.service:/m);
  });

  it('the first-boot unit quits the boot splash only when first boot is armed', () => {
    const unit = readFileSync(join(root, 'usr/lib/systemd/system/ovm-template-initial-config.service'), 'utf8');
    const line = /^ExecStartPre=-\/bin\/sh -c '(.*)'$/m.exec(unit);
    expect(line, 'ExecStartPre=-/bin/sh -c \'...\'').not.toBeNull();
    // systemd turns $$ into $; the sysconfig paths go to a scratch root, plymouth is replaced by an echo.
    const script = line![1]!.replaceAll('$$', '$').replaceAll(' /etc/sysconfig/', ` ${work}/splash/etc/sysconfig/`)
      .replace('exec plymouth --wait quit', 'echo quit');
    expect(script).toContain('echo quit');
    const quits = (files: Record<string, string>) => {
      rmSync(join(work, 'splash'), { recursive: true, force: true });
      mkdirSync(join(work, 'splash/etc/sysconfig'), { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(work, 'splash/etc/sysconfig', name), text);
      return spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' }).stdout === 'quit\n';
    };
    const initial = 'ovm-template-initial-config';
    expect(quits({ [initial]: '# armed\nINITIAL_CONFIG=yes\n' })).toBe(true);
    expect(quits({ [initial]: 'INITIAL_CONFIG="yes"\n' })).toBe(true);
    expect(quits({ [initial]: 'INITIAL_CONFIG=no\n', ovmd: 'OVMD_OPTIONS=""\nINITIAL_CONFIG=yes\n' })).toBe(true);
    expect(quits({ [initial]: 'INITIAL_CONFIG=no\n', ovmd: 'INITIAL_CONFIG=no\n' })).toBe(false);
    expect(quits({ [initial]: '#INITIAL_CONFIG=yes\nINITIAL_CONFIG=yesterday\n' })).toBe(false);
    expect(quits({ [initial]: 'INITIAL_CONFIG=x1\n' })).toBe(false);
    expect(quits({})).toBe(false);
  });

  it('the first-boot unit is skipped before node starts unless first boot is armed, by the same test as the splash', () => {
    const unit = readFileSync(join(root, 'usr/lib/systemd/system/ovm-template-initial-config.service'), 'utf8');
    const cond = /^ExecCondition=(\/bin\/grep .*)$/m.exec(unit);
    expect(cond, 'ExecCondition=/bin/grep ...').not.toBeNull();
    const pre = /^ExecStartPre=-\/bin\/sh -c '(.*) && exec plymouth --wait quit'$/m.exec(unit);
    expect(`/bin/${pre![1]}`).toBe(cond![1]); // one rule for "armed", in both places
    // systemd passes the quoted pattern as one argument and turns $$ into $; exit 0 = run it.
    const args = cond![1]!.replaceAll('$$', '$').match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"(.*)"$/, '$1'));
    const armed = (files: Record<string, string>) => {
      rmSync(join(work, 'cond'), { recursive: true, force: true });
      mkdirSync(join(work, 'cond/etc/sysconfig'), { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(work, 'cond/etc/sysconfig', name), text);
      const argv = args.map((a) => a.replace(/^\/etc\/sysconfig\//, `${work}/cond/etc/sysconfig/`));
      return spawnSync(argv[0]!, argv.slice(1)).status === 0;
    };
    const initial = 'ovm-template-initial-config';
    expect(armed({ [initial]: 'INITIAL_CONFIG=yes\n' })).toBe(true);
    expect(armed({ [initial]: 'INITIAL_CONFIG=no\n', ovmd: 'INITIAL_CONFIG=on\n' })).toBe(true);
    expect(armed({ [initial]: 'INITIAL_CONFIG=no\n' })).toBe(false);
    expect(armed({ [initial]: 'INITIAL_CONFIG=yesterday\n' })).toBe(false);
    expect(armed({})).toBe(false);
  });

  it('the first-boot unit runs before the network and owns the console, with a time budget', () => {
    const unit = readFileSync(join(root, 'usr/lib/systemd/system/ovm-template-initial-config.service'), 'utf8');
    expect(unit).toMatch(/^Before=network-pre\.target$/m);
    expect(unit).toMatch(/^Type=oneshot$/m);
    expect(unit).toMatch(/^TTYPath=\/dev\/console$/m);
    expect(unit).toMatch(/^TimeoutStartSec=\d+min$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/sbin\/ovmd --first-boot$/m);
    expect(unit).toMatch(/^ConditionVirtualization=xen$/m);
    expect(unit).toMatch(/^Before=getty-pre\.target /m);
    expect(unit).not.toMatch(/^After=.*plymouth-quit-wait/m);
    const daemon = readFileSync(join(root, 'usr/lib/systemd/system/ovmd.service'), 'utf8');
    expect(daemon).toMatch(/^ConditionVirtualization=xen$/m);
    expect(daemon).toMatch(/^Restart=on-failure$/m);
    // The restart limit in the spelling every target's systemd reads (EL7's 219 included).
    expect(daemon.slice(daemon.indexOf('[Service]'))).toMatch(/^StartLimitInterval=300\nStartLimitBurst=5$/m);
  });

  it('the SysV script passes bash -n and enable-initial-config arms first boot in both files', () => {
    const script = join(root, 'etc/rc.d/init.d/ovmd');
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    const r = spawnSync(script, ['enable-initial-config'], { encoding: 'utf8', env: { ...process.env, OVMD_INIT_ROOT: root } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const file of ['etc/sysconfig/ovmd', 'etc/sysconfig/ovm-template-initial-config']) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text.match(/^INITIAL_CONFIG=.*$/gm)).toEqual(['INITIAL_CONFIG=yes']);
      expect(statSync(join(root, file)).mode & 0o777).toBe(0o644);
    }
    expect(readFileSync(join(root, 'etc/sysconfig/ovmd'), 'utf8')).toMatch(/^RECONFIGURE_ON_TRIGGER=yes$/m);
  });

  it('the SysV script starts the installed daemon, reports it running and stops it cleanly', () => {
    const script = join(root, 'etc/rc.d/init.d/ovmd');
    const settings = join(root, 'etc/sysconfig/ovmd');
    // The daemon works on the scratch root too; first boot stays off (it would wait on the console).
    const text = readFileSync(settings, 'utf8').replace(/^OVMD_OPTIONS=.*$/m, `OVMD_OPTIONS="--root ${root} -d 1"`);
    writeFileSync(settings, text.replace(/^INITIAL_CONFIG=.*$/m, 'INITIAL_CONFIG=no'));
    const env = { ...process.env, OVMD_INIT_ROOT: root };
    const action = (a: string) => spawnSync(script, [a], { encoding: 'utf8', env, timeout: 60_000 });
    let r = action('start');
    expect([r.status, r.stdout]).toEqual([0, 'Starting ovmd: OK\n']);
    daemonPid = Number(readFileSync(join(root, 'run/ovmd/ovmd.pid'), 'utf8'));
    r = action('status');
    expect([r.status, r.stdout]).toEqual([0, `ovmd (pid ${daemonPid}) is running\n`]);
    expect(action('start').stdout).toBe(`ovmd is already running (pid ${daemonPid})\n`);
    r = action('stop');
    expect([r.status, r.stdout]).toEqual([0, 'Stopping ovmd: OK\n']);
    expect(() => process.kill(daemonPid!, 0)).toThrow();
    daemonPid = undefined;
    expect(action('status').status).toBe(3);
  });

  it('man -l renders every installed page without warnings', () => {
    for (const page of readdirSync(join(root, 'usr/share/man/man8'))) {
      const r = spawnSync('man', ['--warnings', '-l', join(root, 'usr/share/man/man8', page)], {
        encoding: 'utf8',
        env: { ...process.env, MANPAGER: 'cat', MANWIDTH: '100' },
      });
      expect(r.stderr, page).toBe('');
      expect(r.stdout).toMatch(/^NAME$/m);
    }
    expect(readdirSync(join(root, 'usr/share/man/man8')).sort()).toEqual(
      ['ovm-chkconfig.8.gz', 'ovm-template-config.8.gz', 'ovm-vmmessage.8.gz', 'ovmd.8.gz'],
    );
  });
});
