// A canary password given to a run must not show up anywhere but its destination file: not in
// stdout, stderr, the --json report, the log, the --output set, any other file under the root, or
// the argument list / environment of any process alive while the modules run.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installedCommands } from '../helpers/installed-commands.js';
import { makeTemplateRoot, type ScratchRoot } from '../helpers/scratch-root.js';
import { runCommand } from '../helpers/run-command.js';
import { formatKvLines } from '../../../template.d/params/kv-lines.js';

const installed = installedCommands();
let scratch: ScratchRoot;
afterEach(() => scratch?.remove());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path);
    return e.isFile() ? [path] : [];
  });
}

describe('a password value', () => {
  it('appears only in the file it is meant for', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'argvdump', 'leaky']);
    const canary = `canary-${randomUUID()}`;
    const params = {
      'com.oracle.linux.satellite.server': 'sat.example.com',
      'com.oracle.linux.satellite.organization': 'Org',
      'com.oracle.linux.satellite.activation-key': canary,
    };
    const bin = installed.bin('ovm-template-config');
    const human = await runCommand(bin, ['--root', scratch.root, '--stdin', 'configure'], { stdin: formatKvLines(params) });
    const json = await runCommand(bin, ['--root', scratch.root, '--json', '--input', '3', '--output', '4', 'configure'], {
      feed: { 3: JSON.stringify(params) },
      collect: [4],
    });
    expect(human.code).toBe(1); // leaky fails on purpose
    const report = JSON.parse(json.stdout);
    const leaky = report.modules.find((m: { name: string }) => m.name === 'leaky');
    expect(leaky.error).toBe('exited with status 1: RuntimeError: could not use key ********');
    expect(report.secretKeys).toContain('com.oracle.linux.satellite.activation-key');
    expect(report.params['com.oracle.linux.satellite.activation-key']).toBe('********');

    const seen: Record<string, string> = {
      'human stdout': human.stdout,
      'human stderr': human.stderr,
      'json stdout': json.stdout,
      'json stderr': json.stderr,
      '--output set': json.fds[4]!,
    };
    for (const file of filesUnder(scratch.root)) seen[relative(scratch.root, file)] = readFileSync(file, 'utf8');
    const destination = 'etc/sysconfig/rhn/bootstrap.properties';
    expect(seen[destination]).toContain(`activation-key=${canary}`);
    expect(statSync(scratch.path(destination)).mode & 0o777).toBe(0o600);
    expect(seen['argv-dump.txt']).toContain('ovm-template-config'); // the dump did see the runner
    expect(seen['var/log/ovm-template-config.log']).toContain('leaky: the activation key is ********');
    for (const [where, text] of Object.entries(seen)) {
      if (where !== destination) expect(text.includes(canary), `${where} leaks the password`).toBe(false);
    }
  });
});
