import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changelogDate, renderModulePackage, renderSpec, type SpecInput } from '../../../packaging/spec/render-spec.js';

const template = readFileSync(new URL('../../../packaging/ovm-guest-toolkit.spec.in', import.meta.url), 'utf8');
const input: SpecInput = {
  version: '1.2.3',
  release: '4',
  modules: [
    { name: 'ssh', description: 'Host keys and authorized keys.' },
    { name: 'network', description: 'Hostname, interfaces and DNS: 100% of it.' },
  ],
  date: new Date(Date.UTC(2026, 10, 21, 23, 59)),
  packager: 'Team <team@example.org>',
};

describe('renderModulePackage', () => {
  const text = renderModulePackage({ name: 'ssh', description: 'Host keys.' });

  it('enables the module on first install and disables it on final erase only (Oracle convention)', () => {
    expect(text).toContain('%post -n ovm-template-config-ssh\nif [ $1 = 1 ]; then /usr/sbin/ovm-chkconfig --add ssh; fi\n');
    expect(text).toContain('%preun -n ovm-template-config-ssh\nif [ $1 = 0 ]; then /usr/sbin/ovm-chkconfig --del ssh; fi\n');
  });

  it('ships only the module script, needing ovm-template-config and Node.js 20', () => {
    expect(text).toContain('%files -n ovm-template-config-ssh\n%license COPYING\n%attr(0755,root,root) %{_sysconfdir}/template.d/scripts/ssh\n');
    expect(text).toMatch(/^Requires:\s+ovm-template-config = %\{epoch\}:%\{version\}-%\{release\}$/m);
    expect(text).toMatch(/^Requires\(post\):\s+ovm-template-config/m);
    expect(text).toMatch(/^Requires:\s+nodejs >= 20$/m);
  });
});

describe('renderSpec', () => {
  const spec = renderSpec(template, input);

  it('fills every field and leaves none behind', () => {
    expect(spec).not.toMatch(/@[A-Z_]+@/);
    expect(spec).toMatch(/^Version:\s+1\.2\.3$/m);
    expect(spec).toMatch(/^Release:\s+4%\{\?dist\}$/m);
    expect(spec).toContain('* Sat Nov 21 2026 Team <team@example.org> - 1.2.3-4\n');
  });

  it('lists the modules sorted, once in %global and once as packages', () => {
    expect(spec).toMatch(/^%global modules network ssh$/m);
    const packages = [...spec.matchAll(/^%package -n (ovm-template-config-\S+)$/gm)].map((m) => m[1]);
    expect(packages).toEqual(['ovm-template-config-network', 'ovm-template-config-ssh']);
  });

  it('doubles a percent sign in a description so rpm does not expand it', () => {
    expect(spec).toContain('Hostname, interfaces and DNS: 100%% of it.');
  });

  it('keeps every description line within rpmlint\'s limit', () => {
    const long = renderModulePackage({ name: 'x', description: 'word '.repeat(60) });
    for (const line of long.split('\n')) expect(line.length).toBeLessThanOrEqual(79);
  });

  it('renders a spec without module packages when there are none', () => {
    expect(renderSpec(template, { ...input, modules: [] })).toMatch(/^%global modules %\{nil\}$/m);
  });

  it.each([
    [{ version: '1.0-1' }, /not a valid RPM version/],
    [{ release: '' }, /release "" is not a valid RPM release/],
    [{ packager: 'nobody' }, /packager "nobody" is not "Name <address>"/],
    [{ modules: [{ name: '../x', description: 'd' }] }, /module name "\.\.\/x" is not a plain file name/],
    [{ modules: [{ name: 'a', description: 'd' }, { name: 'a', description: 'd' }] }, /module "a" is listed twice/],
  ])('refuses bad input %#', (change, message) => {
    expect(() => renderSpec(template, { ...input, ...change } as SpecInput)).toThrow(message);
  });

  it('refuses a template that lost a field or has an unknown one', () => {
    expect(() => renderSpec(template.replace('@MODULE_PACKAGES@', ''), input)).toThrow('no @MODULE_PACKAGES@ field');
    expect(() => renderSpec(`${template}@BOGUS@`, input)).toThrow('unknown field @BOGUS@');
  });
});

describe('changelogDate', () => {
  it('writes the date the way rpm requires, in UTC', () => {
    expect(changelogDate(new Date(Date.UTC(2026, 0, 5, 0, 30)))).toBe('Mon Jan 05 2026');
  });
});
