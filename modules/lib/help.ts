// The module's --help text, derived from its declaration (house style 2): what it is, how the
// runner calls it, and the keys each target reads. Nobody writes a module's help by hand.
import { TARGETS } from '../../template.d/params/descriptor.js';
import { formatPriority } from './header.js';
import type { Descriptor, ModuleDeclaration } from './types.js';

function describeKey(d: Descriptor): string {
  const flags = [
    d.required ? 'required' : '',
    d.password ? 'secret' : '',
    d.hidden ? 'hidden' : '',
    d.choices ? `one of ${d.choices.join('|')}` : '',
    d.format ? `format ${d.format}` : '',
  ].filter(Boolean);
  const suffix = flags.length ? ` [${flags.join(', ')}]` : '';
  return `    ${d.key}${suffix}\n${d.description ? `        ${d.description}\n` : ''}`;
}

/** Why: a wrong command line gets the three call forms and a pointer to --help, not the whole help. */
export function moduleUsage(decl: ModuleDeclaration): string {
  const targets = TARGETS.filter((t) => decl.priorities[t] !== undefined).join('|');
  return `usage: ${decl.name} ${targets || '<target>'} [--enumerate | --dry-run]\nTry '${decl.name} --help' for more information.\n`;
}

/** Why: what `<module> --help` prints. */
export function moduleHelp(decl: ModuleDeclaration): string {
  const lines = [
    `${decl.name}: ${decl.description}`,
    '',
    'A configuration module for ovm-template-config (Oracle VM template configuration).',
    'The runner calls it; you can too:',
    `  ${decl.name} <target> --enumerate   print the target's parameters as JSON`,
    `  ${decl.name} <target>               read a JSON parameter set on stdin, apply it, print the set`,
    `  ${decl.name} <target> --dry-run     print {"parameters", "plan"}; change nothing`,
    '',
    'Environment: OVM_TEMPLATE_ROOT=<dir> configures that directory instead of / (files only,',
    'no live changes); OVM_TEMPLATE_OFFLINE=1 treats / as offline too.',
    'Exit status: 0 done, 2 a value or the command line was refused (nothing changed), 1 any other',
    'failure.',
    '',
    'Targets:',
  ];
  let text = `${lines.join('\n')}\n`;
  for (const target of TARGETS) {
    const priority = decl.priorities[target];
    if (priority === undefined) continue;
    const keys = decl.parameters[target] ?? [];
    text += `  ${target} (priority ${formatPriority(priority)})${keys.length ? ':' : ': no parameters'}\n`;
    text += keys.map(describeKey).join('');
  }
  return text;
}
