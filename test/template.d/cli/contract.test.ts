// Contract over every command this area ships: --help, --version and an unknown option, on the
// real built bundles. The count is asserted so a renamed command cannot empty the loop.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, TOP } from '../helpers/built.js';
import { installedCommands } from '../helpers/installed-commands.js';
import { runCommand } from '../helpers/run-command.js';
import { ovmChkconfigSpec } from '../../../template.d/options/ovm-chkconfig.js';
import { ovmTemplateConfigSpec } from '../../../template.d/options/ovm-template-config.js';

const SPECS = [ovmChkconfigSpec, ovmTemplateConfigSpec];
const VERSION = JSON.parse(readFileSync(join(TOP, 'package.json'), 'utf8')).version as string;

const installed = installedCommands();

it('covers every command of template.d', () => {
  expect(COMMANDS.length).toBe(2);
  expect(SPECS.map((s) => s.name).sort()).toEqual([...COMMANDS].sort());
});

describe.each(SPECS)('$name', (spec) => {
  const bin = () => installed.bin(spec.name as (typeof COMMANDS)[number]);

  it('--help and -h describe every option of the spec and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await runCommand(bin(), [flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(spec.name);
      for (const option of spec.options) expect(result.stdout).toContain(`--${option.name}`);
      expect(result.stdout).toContain('Exit status');
    }
  });

  it('--version prints the command name and the package version', async () => {
    const result = await runCommand(bin(), ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${spec.name} ${VERSION}\n`);
  });

  it('an unknown option is a usage error (exit 2) that names it as typed and points to --help', async () => {
    const result = await runCommand(bin(), ['--no-such-option', '-q']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${spec.name}: unknown options: --no-such-option, -q\n`);
    expect(result.stderr).toContain(`${spec.name} --help`);
    expect(result.stdout).toBe('');
  });

  it('--help shows no yargs type tags, states defaults in words, and keeps each example on one line', async () => {
    const help = (await runCommand(bin(), ['--help'], { env: { ...process.env, COLUMNS: '80' } })).stdout;
    expect(help).not.toMatch(/\[(boolean|string|number|array)\]/);
    expect(help).toContain('Default: /.');
    for (const [cmd, what] of spec.examples ?? []) expect(help).toContain(`  ${cmd}\n      ${what}\n`);
  });
});
