// --help as rendered from a declaration: option tags as users write them, a synopsis that wraps
// only between groups, the targets listed, none of the parser's stock phrases.
import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../../template.d/options/command-spec.js';
import { optionTag, renderHelp, synopsisGroups } from '../../../template.d/options/help-text.js';
import { ovmChkconfigSpec } from '../../../template.d/options/ovm-chkconfig.js';
import { ovmTemplateConfigSpec } from '../../../template.d/options/ovm-template-config.js';
import { ovmVmmessageSpec } from '../../../ovmd/options/ovm-vmmessage.js';
import { ovmdSpec } from '../../../ovmd/options/ovmd.js';
import { TARGETS } from '../../../template.d/params/descriptor.js';

const SPECS = [ovmdSpec, ovmVmmessageSpec, ovmTemplateConfigSpec, ovmChkconfigSpec];

/** Brackets and parentheses opened minus closed. */
function depth(line: string): number {
  return [...line].reduce((d, c) => d + ('[('.includes(c) ? 1 : ')]'.includes(c) ? -1 : 0), 0);
}

describe('optionTag', () => {
  it('writes the short form, the long form and the placeholder as a user types them', () => {
    expect(optionTag({ name: 'script', short: 's', type: 'string', metavar: 'NAME', describe: '' })).toBe('-s, --script=NAME');
    expect(optionTag({ name: 'json', type: 'boolean', describe: '' })).toBe('    --json');
    expect(optionTag({ name: 'iso', type: 'string', metavar: 'PATH', optionalValue: true, describe: '' })).toBe('    --iso[=PATH]');
  });
});

describe('synopsisGroups', () => {
  it('keeps a bracketed or parenthesised group whole, nested ones too', () => {
    expect(synopsisGroups('(--domid N | --name NAME) -k KEY [-q KEY [--until REGEX]]')).toEqual(['(--domid N | --name NAME)', '-k KEY', '[-q KEY [--until REGEX]]']);
    expect(synopsisGroups('-r KEY | -s TARGET')).toEqual(['-r KEY', '|', '-s TARGET']);
  });
});

describe.each(SPECS)('renderHelp($name)', (spec) => {
  for (const width of [60, 80, 100]) {
    it(`at ${width} columns: no line wider, no usage line breaks inside a bracket`, () => {
      const help = renderHelp(spec, width);
      const usage = help.split('\n\n')[0]!.split('\n');
      for (const line of usage) expect(depth(line), line).toBe(0);
      // An example command stays on one line (to be copied whole), and so does a single long word.
      const examples = new Set((spec.examples ?? []).map(([cmd]) => `  ${cmd}`));
      // A usage line may overflow only when it holds one group, which is never broken.
      const oneGroup = (l: string) => synopsisGroups(l.replace(/^(Usage:| {3}or:)? */, '').replace(`${spec.name} `, '')).length === 1;
      const wide = help.split('\n').filter((l) => l.length > width && !examples.has(l) && !/^\s*\S+$/.test(l) && !oneGroup(l));
      expect(wide).toEqual([]);
    });
  }

  it('lists every option as -x, --long=PLACEHOLDER, and none of the parser\'s stock phrases', () => {
    const help = renderHelp(spec, 100);
    for (const option of spec.options) expect(help).toContain(optionTag(option).trimStart());
    expect(help).not.toMatch(/Show version number|Show help|\[(boolean|string|number|array)\]/);
    // The old help put the placeholder after the description ("... target. [NAME]").
    expect(help.slice(help.indexOf('\nOptions:\n'))).not.toMatch(/\. \[[A-Z]+\]/);
    expect(help).toMatch(/^Usage: /);
    expect(help).toContain(`${spec.name}(8)`);
  });
});

it('the ovm-vmmessage synopsis, which used to wrap inside a bracket at 100 columns, wraps between groups', () => {
  const usage = renderHelp(ovmVmmessageSpec, 100).split('\n\n')[0]!;
  expect(usage).toContain('[-q KEY [--until REGEX] [--final] [--wait SECS]]');
  expect(usage).not.toMatch(/\[--wait\n/);
});

it('ovm-template-config --help lists the targets, each with what it is for', () => {
  const help = renderHelp(ovmTemplateConfigSpec, 100);
  const section = help.slice(help.indexOf('\nTargets:\n'));
  for (const target of TARGETS) expect(section).toMatch(new RegExp(`^  ${target} +\\S`, 'm'));
});

it('an option whose tag is too long for the column gets its text on the next line', () => {
  const spec: CommandSpec = { name: 'x', section: 8, summary: 's', synopsis: ['y'], description: [], options: [
    { name: 'a-very-long-option-name-indeed', type: 'string', metavar: 'SOMETHING', describe: 'Text.' },
    { name: 'b', type: 'boolean', describe: 'Bee.' },
  ] };
  const help = renderHelp(spec, 80);
  expect(help).toContain('      --a-very-long-option-name-indeed=SOMETHING\n                              Text.\n');
  expect(help).toContain('      --b                     Bee.\n');
});
