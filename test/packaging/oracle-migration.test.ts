// Coming from Oracle's packages (docs/packaging.md, "Coming from Oracle's packages"): our ovmd
// provides xenstoreprovider (Oracle's documented install line names it) and obsoletes it and
// libovmapi; the epoch puts our same-named packages above Oracle's 3.x. Checked on the built
// packages, then for real: stand-ins of Oracle's packages (numbered 3.0, built here) are
// installed into a scratch root, and `rpm -U` of ours replaces them and removes the obsoleted two.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRpms, query, type BuiltRpms } from './helpers/rpms.js';

let work: string;
let built: BuiltRpms;
let oracle: string[];

/** A spec of empty stand-ins for Oracle's packages, version 3.0, each owning one marker file. */
function oracleSpec(): string {
  const names = ['libovmapi', 'xenstoreprovider', 'ovm-template-config'];
  return [
    'Name: ovmd', 'Version: 3.0', 'Release: 1', 'Summary: stand-in for Oracle\'s ovmd', 'License: GPL', 'BuildArch: noarch',
    '%global __os_install_post %{nil}', '', '%description', 'Stand-in.', '',
    ...names.flatMap((n) => [`%package -n ${n}`, `Summary: stand-in for Oracle's ${n}`, '', `%description -n ${n}`, 'Stand-in.', '']),
    '%install', 'mkdir -p %{buildroot}/usr/share/oracle-stand-in',
    ...['ovmd', ...names].map((n) => `touch %{buildroot}/usr/share/oracle-stand-in/${n}`), '',
    '%files', '/usr/share/oracle-stand-in/ovmd', '',
    ...names.flatMap((n) => [`%files -n ${n}`, `/usr/share/oracle-stand-in/${n}`, '']),
  ].join('\n');
}

function rpm(root: string, ...args: string[]) {
  return spawnSync('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '--nosignature', ...args], { encoding: 'utf8' });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ovm-oracle-'));
  built = buildRpms(work);
  writeFileSync(join(work, 'oracle.spec'), oracleSpec());
  const r = spawnSync('rpmbuild', ['-bb', '--define', `_topdir ${join(work, 'oracle')}`, join(work, 'oracle.spec')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const dir = join(work, 'oracle/RPMS/noarch');
  oracle = readdirSync(dir).map((f) => join(dir, f));
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("what the packages declare about Oracle's", () => {
  it('ovmd provides xenstoreprovider and obsoletes it and libovmapi below 4; libovmapi is not provided', () => {
    const ovmd = built.packages.get('ovmd')!;
    const provides = query(ovmd, '[%{PROVIDENAME} %{PROVIDEFLAGS:depflags} %{PROVIDEVERSION}\n]');
    expect(provides).toMatch(/^xenstoreprovider = 1:\S+$/m);
    expect(provides).not.toMatch(/libovmapi/);
    expect(query(ovmd, '[%{OBSOLETENAME} %{OBSOLETEFLAGS:depflags} %{OBSOLETEVERSION}\n]').split('\n').filter(Boolean).sort())
      .toEqual(['libovmapi < 4', 'xenstoreprovider < 4']);
  });

  it('every package has epoch 1, so it sorts above Oracle\'s same-named 3.x packages', () => {
    for (const [pkg, file] of built.packages) expect(query(file, '%{EPOCH}'), pkg).toBe('1');
  });
});

describe("an Oracle guest's packages replaced by rpm -U", () => {
  it('ovmd and ovm-template-config upgrade Oracle\'s 3.0, and libovmapi and xenstoreprovider are removed', () => {
    const root = join(work, 'root');
    mkdirSync(root);
    const before = rpm(root, '-i', '--nodeps', '--noscripts', ...oracle);
    expect(before.status, before.stderr).toBe(0);
    expect(rpm(root, '-qa', '--qf', '%{NAME}-%{VERSION}\n').stdout.split('\n').filter(Boolean).sort())
      .toEqual(['libovmapi-3.0', 'ovm-template-config-3.0', 'ovmd-3.0', 'xenstoreprovider-3.0']);
    const ours = ['ovmd', 'ovm-template-config'].map((p) => built.packages.get(p)!);
    const upgrade = rpm(root, '-U', '--nodeps', '--noscripts', ...ours);
    expect(upgrade.status, upgrade.stderr).toBe(0);
    const after = rpm(root, '-qa', '--qf', '%{NAME} %{EPOCH}\n').stdout.split('\n').filter(Boolean).sort();
    expect(after).toEqual(['ovm-template-config 1', 'ovmd 1']);
    expect(rpm(root, '-q', '--whatprovides', 'xenstoreprovider', '--qf', '%{NAME}\n').stdout).toBe('ovmd\n');
  });
});
