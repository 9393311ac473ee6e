// The case that issue 12 reported, end to end: a caller whose PATH starts with a directory of
// fake tools (`openssl`, `chpasswd`, `useradd`, `ssh-keygen`, `node`, `sh`, ...) that record
// their arguments and stdin, and a variable of their own, runs the built ovm-template-config on
// an Oracle Linux 9 root with the real built-in authentication and user modules. The root and
// user passwords are set with the real tools; no fake ever runs, so none sees a password.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRoots, makeRoot } from '../helpers/roots.js';
import { installedCommands } from '../template.d/helpers/installed-commands.js';
import { runCommand } from '../template.d/helpers/run-command.js';
import { TOP } from '../template.d/helpers/built.js';

const installed = installedCommands();
const FAKED = ['openssl', 'chpasswd', 'useradd', 'usermod', 'groupadd', 'ssh-keygen', 'node', 'python3', 'sh', 'env', 'systemctl'];
const ROOT_PW = 'Path-Canary-Root-8d2!';
const USER_PW = 'Path-Canary-User-3c7?';
let fakes: string;

beforeAll(() => {
  fakes = mkdtempSync(join(tmpdir(), 'ovm-fake-path-'));
  for (const tool of FAKED) {
    writeFileSync(join(fakes, tool), `#!/bin/sh\n{ echo "${tool} $*"; cat; } >> '${fakes}/called' 2>&1\nexit 1\n`);
    chmodSync(join(fakes, tool), 0o755);
  }
});

afterAll(() => {
  rmSync(fakes, { recursive: true, force: true });
  cleanupRoots();
});

function verifies(root: string, name: string, password: string): boolean {
  const hash = readFileSync(join(root, 'etc/shadow'), 'utf8').split('\n').find((l) => l.startsWith(`${name}:`))!.split(':')[1]!;
  const salt = hash.split('$').slice(2, -1).join('$');
  return execFileSync('/usr/bin/openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: `${password}\n` }).toString().trim() === hash;
}

describe('a caller with fake tools first on PATH', () => {
  it('runs the built-in modules with the real tools only: the fakes never run and see no password', async () => {
    const root = makeRoot('el9');
    const scripts = join(root, 'etc/template.d/scripts');
    mkdirSync(scripts, { recursive: true });
    for (const name of ['authentication', 'user']) {
      cpSync(join(TOP, 'dist/modules', name), join(scripts, name));
      execFileSync(installed.bin('ovm-chkconfig'), ['--root', root, '--add', name]);
    }
    const params = {
      'com.oracle.linux.root-password': ROOT_PW,
      'com.oracle.linux.user.name.0': 'alice',
      'com.oracle.linux.user.action.0': 'add',
      'com.oracle.linux.user.password.0': USER_PW,
    };
    // The command itself is started by absolute path; everything it starts must ignore this PATH.
    const env = { PATH: `${fakes}:${process.env.PATH}`, FOO_SECRET_TEST: 'caller-only-7f3a', LANG: 'C.UTF-8' };
    const result = await runCommand(process.execPath, [installed.bin('ovm-template-config'), '--root', root, '--stdin', 'configure'], {
      stdin: JSON.stringify(params),
      env,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(existsSync(join(fakes, 'called')) ? readFileSync(join(fakes, 'called'), 'utf8') : '', 'fake tools that ran').toBe('');
    expect(verifies(root, 'root', ROOT_PW)).toBe(true);
    expect(verifies(root, 'alice', USER_PW)).toBe(true);
  }, 180_000);
});
