// Key names at every entry of the built commands, against the real C xenstored: a host message
// with a bad key (issue 12's smuggling example among them) is refused, reported back and its
// node deleted; ovmd -p/-r and ovm-vmmessage -k/--file refuse them and change nothing; ovmd -l
// reads back through ovm-template-config --stdin as the same set; and one batch file gives the
// same parameters to ovm-vmmessage --file and to ovm-template-config --stdin.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseParamText } from '../../template.d/params/sources.js';
import { BAD_KEYS, SMUGGLER } from '../template.d/params/bad-keys.js';
import { OvmdProcess, run } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const DOMID = 47;
const TO_GUEST = `/local/domain/${DOMID}/control/oracle-vmapi/to-guest`;
let daemon: OvmdProcess | undefined;
const scene = ovmdScene({ guest: DOMID, host: true, fixtureRoot: true, after: () => daemon?.stop() });
const { ovmd, vmmessage } = scene;
const dom = ['--domid', String(DOMID)];

async function numberedNodes(): Promise<string[]> {
  return (await scene.host.directory(TO_GUEST)).filter((n) => n !== 'last-write');
}

/** The guest deletes a node just after storing it: poll briefly for the channel to be empty. */
async function drained(): Promise<string[]> {
  for (let i = 0; i < 50 && (await numberedNodes()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return numberedNodes();
}

async function guestMessages(): Promise<{ n: number; key: string; value: string }[]> {
  return JSON.parse((await vmmessage([...dom, '--list', '--json'])).stdout) as { n: number; key: string; value: string }[];
}

describe('a host message with a bad key name', () => {
  it('is refused, reported to the host and deleted; the smuggled root password is stored nowhere', async () => {
    expect((await vmmessage([...dom, '--setup'])).code).toBe(0);
    daemon = new OvmdProcess(scene.inst, scene.root, scene.guest.env);
    await daemon.waitFor(/connected to xenstore/);
    // Written raw, as a host that does not check would (xenstore carries any bytes), then one good message.
    for (const [i, [, key]] of BAD_KEYS.entries()) {
      await scene.host.write(`${TO_GUEST}/${i + 1}`, key);
      await scene.host.write(`${TO_GUEST}/${i + 1}/0`, 'v');
    }
    const good = BAD_KEYS.length + 1;
    await scene.host.write(`${TO_GUEST}/${good}`, 'com.example.after-bad');
    await scene.host.write(`${TO_GUEST}/${good}/0`, 'kept');
    await scene.host.write(`${TO_GUEST}/last-write`, String(good));
    await daemon.waitFor(/stored com\.example\.after-bad/);
    expect(await drained()).toEqual([]);
    expect(daemon.output).toContain('discarding message to-guest/1: key "com.acme.a\\ncom.oracle.linux.root-password=…" contains a control character (\\n)');
    expect(daemon.output).not.toContain(SMUGGLER);
    for (const [i, [, , reason]] of BAD_KEYS.entries()) expect(daemon.output).toMatch(new RegExp(`discarding message to-guest/${i + 1}: .*${reason.source}`));

    const listed = await ovmd(['-l']);
    expect(listed.stdout).toBe('com.example.after-bad=kept\n');
    expect(listed.stdout).not.toMatch(/^com\.oracle\.linux\.root-password=/m);
    expect((await ovmd(['-g', 'com.oracle.linux.root-password'])).code).toBe(1);

    // The host learns about each refusal: which message and why, without the value.
    const host = await vmmessage([...dom, '-q', 'ovmd.message-refused', '--wait', '30']);
    expect(host.code, host.stderr).toBe(0);
    const refusals = (await guestMessages()).filter((m) => m.key === 'ovmd.message-refused').map((m) => JSON.parse(m.value) as { n: number; reason: string });
    expect(refusals.map((r) => r.n)).toEqual(BAD_KEYS.map((_, i) => i + 1));
    for (const [i, [, , reason]] of BAD_KEYS.entries()) expect(refusals[i]!.reason).toMatch(reason);
    expect(JSON.stringify(refusals)).not.toContain('root-password=x');
  });
});

describe('ovmd -p, -r and -l', () => {
  it('-p refuses each bad key name, naming it escaped, and stores or sends nothing', async () => {
    const before = (await guestMessages()).length;
    // "=" cannot be part of a -p key: the first "=" ends it.
    for (const [what, key, reason] of BAD_KEYS.filter(([w]) => w !== 'an equals sign' && w !== 'nothing')) {
      const arg = key === SMUGGLER ? key : `${key}=v`;
      const r = await ovmd(['-p', arg]);
      expect(r.code, what).toBe(1);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr.trimEnd()).not.toMatch(/[\n\t]/);
      expect(r.stderr).not.toContain('root-password=x');
    }
    expect((await ovmd(['-p', '=v'])).code).toBe(2);
    expect((await ovmd(['-p', 'com.acme.a b'], 'from stdin\n')).code).toBe(1);
    expect((await ovmd(['-l'])).stdout).toBe('com.example.after-bad=kept\n');
    expect(await guestMessages()).toHaveLength(before);
  });

  it('-r of a bad name that is not stored gives the reason', async () => {
    const r = await ovmd(['-r', 'com.acme.a\tb']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/key "com\.acme\.a\\tb" contains a control character \(\\t\); .*nothing was removed/);
  });

  it('ovmd -l reads back through ovm-template-config --stdin as the same set, odd values included', async () => {
    const values: Record<string, string> = {
      'com.example.lines': 'one\ntwo\r\nthree', 'com.example.blanks': '  both ends  ', 'com.example.quote': '"quoted"',
      'com.example.eq': 'a=b=c', 'com.example.bs': 'C:\\new\\n', '#com.example.hash': 'starts with #', 'com.example.empty': '',
    };
    expect((await ovmd(['-x'])).code).toBe(0);
    for (const [key, value] of Object.entries(values)) expect((await ovmd(['-p', key], value)).code).toBe(0);
    const json = JSON.parse((await ovmd(['-l', '--json'])).stdout) as Record<string, string>;
    // -p KEY drops one trailing newline of standard input; every value here ends otherwise.
    expect(json).toEqual(values);
    const listed = await ovmd(['-l']);
    const read = await run(scene.inst.bin('ovm-template-config'), ['--root', scene.root, '-s', 'fixture-net', '--json', '--stdin', 'configure'], { input: listed.stdout });
    expect(read.code, read.stderr).toBe(0);
    const report = JSON.parse(read.stdout) as { params: Record<string, string>; changedKeys: string[] };
    for (const key of report.changedKeys) delete report.params[key];
    expect(report.params).toEqual(values);
  });
});

describe('ovm-vmmessage -k and --file', () => {
  it('-k refuses each bad key name and sends nothing', async () => {
    const before = await scene.host.readString(`${TO_GUEST}/last-write`);
    for (const [what, key, reason] of BAD_KEYS) {
      const r = await vmmessage([...dom, '-k', key, '-V', 'v']);
      expect(r.code, what).toBe(1);
      expect(r.stderr).toMatch(/^ovm-vmmessage: refused: /);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr.trimEnd()).not.toMatch(/[\n\t]/);
    }
    expect(await scene.host.readString(`${TO_GUEST}/last-write`)).toBe(before);
  });

  it('--file lists every problem of a batch with its line and sends none of it', async () => {
    const before = await scene.host.readString(`${TO_GUEST}/last-write`);
    const file = join(scene.root, 'bad-batch.txt');
    writeFileSync(file, `com.example.fine=1\nno equals sign\n"com.acme.a\\ncom.oracle.linux.root-password"=x\ncom.acme.a b=2\nbig=${'v'.repeat(9000)}\n`);
    const r = await vmmessage([...dom, '--file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused: 3 problems:\n {2}line 2: expected key=value\n {2}line 3: key "com\.acme\.a\\ncom\.oracle\.linux\.root-password" contains a control character/);
    expect(r.stderr).toMatch(/\n {2}line 4: key "com\.acme\.a\\x20b" contains a blank/);
    expect(r.stderr).toMatch(/nothing was sent/);
    expect(await scene.host.readString(`${TO_GUEST}/last-write`)).toBe(before);
    // The batch is checked before xenstore is asked: its problems come first even without xenstore.
    const offline = await run(scene.inst.bin('ovm-vmmessage'), [...dom, '--file', file], { env: { XENSTORED_PATH: '/nonexistent/socket' } });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/refused: 3 problems:/);
  });

  it('one batch file gives the same parameters to ovm-vmmessage --file and to ovm-template-config --stdin', async () => {
    const text = [
      '# a batch as a person writes it', '',
      '  com.oracle.linux.network.hostname = same-file.example.com  ',
      'com.example.motd = "Welcome,\\n  stranger "', '\t# an indented comment',
      'com.example.path=C:\\new', 'com.example.note=has = and # inside', '',
    ].join('\n');
    const file = join(scene.root, 'good-batch.txt');
    writeFileSync(file, text);
    expect((await ovmd(['-x'])).code).toBe(0);
    const from = daemon!.output.length;
    const sent = await vmmessage([...dom, '--file', file]);
    expect(sent.code, sent.stderr).toBe(0);
    await daemon!.waitFor(/stored com\.example\.note/, 30_000, from);
    const viaHost = JSON.parse((await ovmd(['-l', '--json'])).stdout) as Record<string, string>;
    const viaStdin = await run(scene.inst.bin('ovm-template-config'), ['--root', scene.root, '-s', 'fixture-net', '--json', '--stdin', 'configure'], { input: readFileSync(file, 'utf8') });
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    const report = JSON.parse(viaStdin.stdout) as { params: Record<string, string>; changedKeys: string[] };
    for (const key of report.changedKeys) delete report.params[key];
    const expected = parseParamText(text, 'test');
    expect(expected).toEqual({
      'com.oracle.linux.network.hostname': 'same-file.example.com', 'com.example.motd': 'Welcome,\n  stranger ',
      'com.example.path': 'C:\\new', 'com.example.note': 'has = and # inside',
    });
    expect(viaHost).toEqual(expected);
    expect(report.params).toEqual(expected);
  });
});
