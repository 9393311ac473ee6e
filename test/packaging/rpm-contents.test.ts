// What `make rpm` produces: the package set of the shared spec (packaging.md), exactly the
// intended files with their modes, owners and flags, the scriptlets, and a clean rpmlint.
// Needs `make build` (dist/); `make test` builds first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/registry.js';
import { buildRpms, query, top, type BuiltRpms } from './helpers/rpms.js';

/** The module packages the shared spec (packaging.md) names. */
const SPEC_MODULES = ['authentication', 'datetime', 'firewall', 'network', 'selinux', 'ssh', 'system', 'user'];
const TARGETS = ['cleanup', 'configure', 'migrate', 'reconfigure', 'resume', 'shutdown', 'suspend', 'unconfigure'];
const version = (JSON.parse(readFileSync(join(top, 'package.json'), 'utf8')) as { version: string }).version;
/** The Python 3 of EL7 and EL8, of EL9 and of EL10: one copy of templateconfig each. */
const SITELIBS = ['/usr/lib/python3.6/site-packages', '/usr/lib/python3.9/site-packages', '/usr/lib/python3.12/site-packages'];

const licence = (pkg: string) => [
  `drwxr-xr-x root root - /usr/share/licenses/${pkg}-${version}`,
  `-rw-r--r-- root root l /usr/share/licenses/${pkg}-${version}/COPYING`,
];

/** The Python package's files, as dist/ has them (the spec copies the whole directory), in each site directory. */
function pythonFiles(): string[] {
  const base = join(built.inputs, 'python');
  return SITELIBS.flatMap((sitelib) => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).filter((n) => n !== '__pycache__').sort().flatMap((n) => {
        const p = join(dir, n);
        const line = (mode: string) => `${mode} root root - ${sitelib}/${relative(base, p)}`;
        return statSync(p).isDirectory() ? [line('drwxr-xr-x'), ...walk(p)] : [line('-rw-r--r--')];
      });
    return walk(join(base, 'templateconfig')).concat([`drwxr-xr-x root root - ${sitelib}/templateconfig`]);
  });
}

/** Exactly what each package installs: mode, owner, group, flags (c config, n noreplace, g ghost, d doc, l licence), path. */
function intended(): Map<string, string[]> {
  const files = new Map<string, string[]>([
    ['ovmd', [
      '-rwxr-xr-x root root - /etc/rc.d/init.d/ovmd',
      '-rw-r--r-- root root cn /etc/sysconfig/ovm-template-initial-config',
      '-rw-r--r-- root root cn /etc/sysconfig/ovmd',
      'drwx------ root root g /run/ovmd',
      '-rw-r--r-- root root - /usr/lib/systemd/system/ovm-template-initial-config.service',
      '-rw-r--r-- root root - /usr/lib/systemd/system/ovmd.service',
      '-rw-r--r-- root root - /usr/lib/tmpfiles.d/ovmd.conf',
      '-rwxr-xr-x root root - /usr/sbin/ovmd',
      '-rw-r--r-- root root - /usr/share/bash-completion/completions/ovmd',
      '-rw-r--r-- root root - /usr/share/zsh/site-functions/_ovmd',
      ...licence('ovmd'),
      '-rw-r--r-- root root d /usr/share/man/man8/ovmd.8.gz',
      'drwx------ root root - /var/lib/ovmd',
    ]],
    ['ovm-template-config', [
      '-rw-r--r-- root root cn /etc/logrotate.d/ovm-template-config',
      'drwxr-xr-x root root - /etc/template.d',
      ...TARGETS.map((t) => `drwxr-xr-x root root - /etc/template.d/${t}.d`),
      'drwxr-xr-x root root - /etc/template.d/scripts',
      ...pythonFiles(),
      '-rwxr-xr-x root root - /usr/sbin/ovm-chkconfig',
      '-rwxr-xr-x root root - /usr/sbin/ovm-template-config',
      '-rw-r--r-- root root - /usr/share/bash-completion/completions/ovm-chkconfig',
      '-rw-r--r-- root root - /usr/share/bash-completion/completions/ovm-template-config',
      '-rw-r--r-- root root - /usr/share/zsh/site-functions/_ovm-chkconfig',
      '-rw-r--r-- root root - /usr/share/zsh/site-functions/_ovm-template-config',
      ...licence('ovm-template-config'),
      '-rw-r--r-- root root d /usr/share/man/man8/ovm-chkconfig.8.gz',
      '-rw-r--r-- root root d /usr/share/man/man8/ovm-template-config.8.gz',
      '-rw-r----- root root g /var/log/ovm-template-config.log',
    ]],
    ['ovm-vmmessage', [
      '-rwxr-xr-x root root - /usr/sbin/ovm-vmmessage',
      '-rw-r--r-- root root - /usr/share/bash-completion/completions/ovm-vmmessage',
      '-rw-r--r-- root root - /usr/share/zsh/site-functions/_ovm-vmmessage',
      ...licence('ovm-vmmessage'),
      '-rw-r--r-- root root d /usr/share/man/man8/ovm-vmmessage.8.gz',
    ]],
  ]);
  for (const name of SPEC_MODULES) {
    const pkg = `ovm-template-config-${name}`;
    files.set(pkg, [`-rwxr-xr-x root root - /etc/template.d/scripts/${name}`, ...licence(pkg)]);
  }
  return files;
}

/** Every binary package, by name. */
const PACKAGES = ['ovmd', 'ovm-template-config', 'ovm-vmmessage', ...SPEC_MODULES.map((m) => `ovm-template-config-${m}`)];

let work: string;
let built: BuiltRpms;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ovm-rpm-'));
  built = buildRpms(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('make rpm', () => {
  it('builds the packages the spec names: ovmd, ovm-template-config, ovm-vmmessage and one per module', () => {
    expect(MODULES.map((m) => m.name).sort()).toEqual(SPEC_MODULES);
    expect([...built.packages.keys()].sort()).toEqual([...PACKAGES].sort());
    expect([...intended().keys()].sort()).toEqual([...PACKAGES].sort());
    expect(query(built.srpm, '%{NAME} %{ARCH} %{SOURCERPM}')).toBe('ovm-guest-toolkit noarch (none)');
  });

  it.each(PACKAGES.map((p) => [p]))('%s holds exactly the intended files, modes and owners', (pkg) => {
    const files = intended().get(pkg)!;
    const file = built.packages.get(pkg);
    expect(file, `${pkg} was not built`).toBeDefined();
    const listed = query(file!, '[%{FILEMODES:perms} %{FILEUSERNAME} %{FILEGROUPNAME} %{FILEFLAGS:fflags} %{FILENAMES}\n]')
      .trim().split('\n').map((l) => l.replace(/ {2}/, ' - '));
    expect(listed.sort()).toEqual([...files].sort());
  });

  it('every package is noarch, needs Node.js 20 through the distribution, and ships no node_modules', () => {
    for (const [pkg, file] of built.packages) {
      expect(query(file, '%{ARCH}'), pkg).toBe('noarch');
      expect(query(file, '[%{REQUIRENAME} %{REQUIREFLAGS:depflags} %{REQUIREVERSION}\n]'), pkg).toContain('nodejs >= 20\n');
      expect(query(file, '[%{FILENAMES}\n]'), pkg).not.toContain('node_modules');
    }
  });

  it('ovm-template-config installs on every target\'s Python: no python(abi) requirement', () => {
    const requires = query(built.packages.get('ovm-template-config')!, '[%{REQUIRENAME}\n]');
    expect(requires).not.toMatch(/python/);
  });

  it('ovm-template-config requires the tools the run lock and the owner\'s removals use', () => {
    const requires = query(built.packages.get('ovm-template-config')!, '[%{REQUIRENAME}\n]').split('\n');
    expect(requires).toEqual(expect.arrayContaining(['util-linux', 'coreutils']));
  });

  it('ovm-template-config recommends xorriso, which --ovf-transport-iso reads the ISO with', () => {
    expect(query(built.packages.get('ovm-template-config')!, '[%{RECOMMENDNAME}\n]')).toBe('xorriso\n');
  });

  it('module packages enable the module on first install and disable it on final erase', () => {
    for (const name of SPEC_MODULES) {
      const file = built.packages.get(`ovm-template-config-${name}`);
      expect(file, `ovm-template-config-${name} was not built`).toBeDefined();
      expect(query(file!, '%{POSTIN}')).toBe(`if [ $1 = 1 ]; then /usr/sbin/ovm-chkconfig --add ${name}; fi`);
      expect(query(file!, '%{PREUN}')).toBe(`if [ $1 = 0 ]; then /usr/sbin/ovm-chkconfig --del ${name}; fi`);
      expect(query(file!, '[%{REQUIRENAME} %{REQUIREFLAGS:depflags} %{REQUIREVERSION}\n]')).toContain(`ovm-template-config = 1:${version}-1\n`);
    }
  });
});

/** The rpmlint warnings docs/packaging.md explains; anything else fails the test. */
const EXPLAINED = [
  'requires-on-release', 'only-non-binary-in-usr-lib', 'no-url-tag', 'no-manual-page-for-binary',
  'no-documentation', 'no-buildroot-tag', 'invalid-url', 'hardcoded-packager-tag', 'obsolete-not-provided',
];

describe('rpmlint', () => {
  it('reports no error, and only the warnings docs/packaging.md explains', () => {
    const r = spawnSync('rpmlint', ['-c', join(top, 'packaging/rpmlint/rpmlint.toml'), ...built.packages.values(), built.srpm], { encoding: 'utf8' });
    const messages = [...r.stdout.matchAll(/^\S+: ([EW]): (\S+)/gm)].map((m) => `${m[1]}: ${m[2]}`);
    expect(r.stdout).toMatch(/packages and 0 specfiles checked; 0 errors/);
    expect(messages.filter((m) => m.startsWith('E:'))).toEqual([]);
    expect([...new Set(messages.map((m) => m.slice(3)))].filter((id) => !EXPLAINED.includes(id))).toEqual([]);
    expect(r.status).toBe(0);
    const doc = readFileSync(join(top, 'docs/packaging.md'), 'utf8');
    for (const id of EXPLAINED) expect(doc, `docs/packaging.md does not explain ${id}`).toContain(`\`${id}\``);
  });
});
