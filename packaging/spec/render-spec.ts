// Renders the RPM spec from packaging/ovm-guest-toolkit.spec.in: the version, the changelog
// line and one ovm-template-config-<name> package per built-in module, so the module packages
// follow the module registry instead of a hand-kept copy. Pure: text in, text out.
import { wrapWords } from '../../template.d/render/wrap-words.js';

/** Line width of a %description. */
const DESCRIPTION_WIDTH = 72;

export interface ModuleInfo {
  /** Script name under /etc/template.d/scripts; the package is ovm-template-config-<name>. */
  name: string;
  /** The module's header description. */
  description: string;
}

export interface SpecInput {
  version: string;
  release: string;
  modules: ModuleInfo[];
  /** The changelog entry's date. */
  date: Date;
  /** `Name <address>` for the changelog entry. */
  packager: string;
}

const FIELDS = ['@VERSION@', '@RELEASE@', '@MODULES@', '@MODULE_PACKAGES@', '@CHANGELOG_DATE@', '@PACKAGER@'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Why: rpm rejects a changelog date in any other form than `Sat Nov 21 2026` (UTC here). */
export function changelogDate(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${day} ${date.getUTCFullYear()}`;
}

/**
 * Why: the scriptlets are Oracle's convention (shared spec packaging.md): enable the module on
 * first install, disable it on final erase, never on an upgrade.
 */
export function renderModulePackage(module: ModuleInfo): string {
  const pkg = `ovm-template-config-${module.name}`;
  const dep = 'ovm-template-config = %{epoch}:%{version}-%{release}';
  // rpm expands % in descriptions: a literal percent sign must be doubled.
  const description = module.description.replace(/%/g, '%%');
  return [
    `%package -n ${pkg}`,
    `Summary:        The ${module.name} module of ovm-template-config`,
    'Group:          System Environment/Base',
    'Requires:       nodejs >= 20',
    `Requires:       ${dep}`,
    `Requires(post): ${dep}`,
    `Requires(preun): ${dep}`,
    '',
    `%description -n ${pkg}`,
    ...wrapWords(description, DESCRIPTION_WIDTH),
    ...wrapWords(
      `Installing this package enables the ${module.name} module for every target it ` +
        'declares (ovm-chkconfig --add); erasing it disables the module first.',
      DESCRIPTION_WIDTH,
    ),
    '',
    `%post -n ${pkg}`,
    `if [ $1 = 1 ]; then /usr/sbin/ovm-chkconfig --add ${module.name}; fi`,
    '',
    `%preun -n ${pkg}`,
    `if [ $1 = 0 ]; then /usr/sbin/ovm-chkconfig --del ${module.name}; fi`,
    '',
    `%files -n ${pkg}`,
    '%license COPYING',
    `%attr(0755,root,root) %{_sysconfdir}/template.d/scripts/${module.name}`,
    '',
  ].join('\n');
}

/** Checks the input before anything is rendered; rpm's own errors are far less clear. */
function checkInput(input: SpecInput): void {
  if (!/^[0-9][A-Za-z0-9.+~]*$/.test(input.version)) {
    throw new Error(`version "${input.version}" is not a valid RPM version (digits, letters, . + ~; no "-")`);
  }
  if (!/^[0-9][A-Za-z0-9.+~]*$/.test(input.release)) throw new Error(`release "${input.release}" is not a valid RPM release`);
  if (!/^[^<>\n]+ <[^<>\s]+>$/.test(input.packager)) throw new Error(`packager "${input.packager}" is not "Name <address>"`);
  const seen = new Set<string>();
  for (const m of input.modules) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(m.name)) throw new Error(`module name "${m.name}" is not a plain file name`);
    if (seen.has(m.name)) throw new Error(`module "${m.name}" is listed twice`);
    seen.add(m.name);
  }
}

/** Why: the one place that fills the template, refusing a template that lost a field. */
export function renderSpec(template: string, input: SpecInput): string {
  checkInput(input);
  for (const field of FIELDS) {
    if (!template.includes(field)) throw new Error(`the spec template has no ${field} field`);
  }
  const modules = [...input.modules].sort((a, b) => a.name.localeCompare(b.name));
  const values: Record<string, string> = {
    '@VERSION@': input.version,
    '@RELEASE@': input.release,
    '@MODULES@': modules.map((m) => m.name).join(' ') || '%{nil}',
    '@MODULE_PACKAGES@': modules.map(renderModulePackage).join('\n'),
    '@CHANGELOG_DATE@': changelogDate(input.date),
    '@PACKAGER@': input.packager,
  };
  return template.replace(/@[A-Z_]+@/g, (field) => {
    const value = values[field];
    if (value === undefined) throw new Error(`the spec template has an unknown field ${field}`);
    return value;
  });
}
