// The main demonstration (`make demo`): a real xenstored, a guest endpoint as unprivileged domU
// 7, an el9-shaped scratch root with every built-in module, and the built ovmd running as that
// guest. ovm-vmmessage, playing Oracle VM Manager, sends the usual first-boot batch with the
// root password last; the demo shows the guest configuring itself, then the files that changed
// in the scratch root and what the guest sent back. Everything is removed at the end, also on
// Ctrl-C.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupRoots, snapshotTree, type TreeEntry } from '../test/helpers/roots.js';
import { startGuest, startXenstored, type Xenstored } from '../test/xenstored/testbed.js';
import { batchJson, demoBatch, freshPublicKey } from '../test/e2e/demo-batch.js';
import { install, OvmdProcess, realGuestRoot, run, textUnder, type Install } from '../test/e2e/ovmd-harness.js';

const DOMID = 7;
const t0 = Date.now();
const clock = () => `${((Date.now() - t0) / 1000).toFixed(2).padStart(6)} s`;
const say = (text: string) => console.log(`${clock()}  ${text}`);
const heading = (text: string) => console.log(`\n== ${text} ${'='.repeat(Math.max(0, 72 - text.length))}`);

/** ovmd log lines worth showing while the guest works, without timestamps and pids. */
function progress(line: string): string | undefined {
  const text = line.replace(/^\S+ ovmd\[\d+\] /, '');
  return /^(stored|running target|\[\d+\/\d+\]|target |wiped|first-boot|sent |waiting for|warning|error)/.test(text) ? text : undefined;
}

function follow(ovmd: OvmdProcess): () => void {
  let shown = 0;
  const timer = setInterval(() => {
    const lines = ovmd.output.split('\n');
    for (; shown < lines.length - 1; shown++) {
      const p = progress(lines[shown]!);
      if (p) say(`guest  ${p}`);
    }
  }, 50);
  return () => clearInterval(timer);
}

function changes(before: Map<string, TreeEntry>, after: Map<string, TreeEntry>): string[] {
  const out: string[] = [];
  for (const [path, entry] of after) {
    const old = before.get(path);
    if (entry.dir) continue;
    if (!old) out.push(`added     ${path}`);
    else if (old.content !== entry.content || old.linkTarget !== entry.linkTarget || old.mode !== entry.mode) out.push(`changed   ${path}`);
  }
  for (const path of before.keys()) if (!after.has(path) && !before.get(path)!.dir) out.push(`removed   ${path}`);
  return out.sort((a, b) => a.slice(10).localeCompare(b.slice(10)));
}

async function configure(inst: Install, xsd: Xenstored, root: string, rootPassword: string): Promise<OvmdProcess> {
  const guest = await startGuest(xsd, DOMID);
  say(`host   guest endpoint for unprivileged domU ${DOMID} ("guest${DOMID}") is up`);
  // What a manager does when it creates a VM: the channel nodes, writable by the guest.
  const setup = await run(inst.bin('ovm-vmmessage'), ['--name', `guest${DOMID}`, '--setup'], { env: xsd.env });
  if (setup.code !== 0) throw new Error(`ovm-vmmessage --setup failed: ${setup.stderr}`);
  say(`host   ovm-vmmessage --name guest${DOMID} --setup   (control/oracle-vmapi, writable by the guest)`);
  const ovmd = new OvmdProcess(inst, root, guest.env);
  await ovmd.waitFor(/connected to xenstore/, 30_000);
  say(`guest  ovmd running as domU ${DOMID} on the scratch root (pid ${ovmd.pid})`);
  const stopFollowing = follow(ovmd);
  const batch = demoBatch(rootPassword, randomBytes(9).toString('base64url'), freshPublicKey('alice@demo'));
  say(`host   ovm-vmmessage --name guest${DOMID} --file -   (${batch.length} messages, root password last)`);
  for (const [key, value] of batch) console.log(`           ${key} = ${/password/.test(key) ? '********' : value.length > 50 ? `${value.slice(0, 47)}...` : value}`);
  const sent = await run(inst.bin('ovm-vmmessage'), ['--name', `guest${DOMID}`, '--file', '-'], { env: xsd.env, input: batchJson(batch) });
  if (sent.code !== 0) throw new Error(`ovm-vmmessage failed: ${sent.stderr}`);
  await ovmd.waitFor(/target configure: (configured|failed)[\s\S]*sent ovmd\.run-result/, 120_000);
  await new Promise((r) => setTimeout(r, 100)); // let the last progress lines print
  stopFollowing();
  return ovmd;
}

async function report(inst: Install, xsd: Xenstored, root: string, before: Map<string, TreeEntry>, secret: string): Promise<void> {
  heading('Files that changed in the scratch root (ovmd stopped first)');
  const all = changes(before, snapshotTree(root));
  const own = all.filter((l) => /^\S+\s+\/(var\/lib|run)\/ovmd\//.test(l));
  for (const line of all.filter((l) => !own.includes(l))) console.log(`  ${line}`);
  const stateText = textUnder(join(root, 'var/lib/ovmd')) + textUnder(join(root, 'run/ovmd'));
  const verdict = stateText.includes(secret) ? 'THE ROOT PASSWORD IS AMONG THEM (bug!)' : 'the root password is not among them';
  console.log(`  ...and ovmd's own state: ${own.length} files under /var/lib/ovmd and /run/ovmd (${verdict})`);
  console.log(`\n  /etc/hostname: ${readFileSync(join(root, 'etc/hostname'), 'utf8').trim()}`);
  heading('Messages the guest sent back (ovm-vmmessage --list)');
  const list = await run(inst.bin('ovm-vmmessage'), ['--domid', String(DOMID), '--list', '--json'], { env: xsd.env });
  for (const m of JSON.parse(list.stdout) as { n: number; key: string; value: string }[]) {
    console.log(`  from-guest/${m.n}  ${m.key}`);
    console.log(`      ${m.value.startsWith('{') || m.value.startsWith('[') ? JSON.stringify(JSON.parse(m.value)) : m.value}`);
  }
  const result = await run(inst.bin('ovm-vmmessage'), ['--domid', String(DOMID), '-q', 'ovmd.run-result'], { env: xsd.env });
  const r = JSON.parse(result.stdout) as { state: string; durationMs: number; modules: { name: string; status: string; durationMs: number; error?: string }[] };
  heading(`Result: ${r.state} in ${r.durationMs} ms`);
  for (const m of r.modules) console.log(`  ${m.name.padEnd(16)} ${m.status.padEnd(8)} ${String(m.durationMs).padStart(6)} ms${m.error ? `  ${m.error}` : ''}`);
  console.log('  (system has no configure step: it runs at cleanup, when a template is sealed)');
  console.log("  (ovmd.ip-addresses lists this machine's own interfaces: the scratch root is not a real VM)");
  const leaked = list.stdout.includes(secret) || readFileSync(join(root, 'etc/shadow'), 'utf8').includes(secret);
  console.log(`\n  root password in any message sent back or in /etc/shadow as plain text: ${leaked ? 'YES (bug!)' : 'no'}`);
}

const live: { xsd?: Xenstored; inst?: Install; ovmd?: OvmdProcess } = {};

let cleaning: Promise<void> | undefined;

/** Stops every process the demo started and removes every scratch directory; once only. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await live.ovmd?.stop();
    await live.xsd?.stop();
    live.inst?.remove();
    cleanupRoots();
  })();
  return cleaning;
}

async function main(): Promise<number> {
  try {
    heading('Setting up');
    const inst = (live.inst = install());
    const xsd = (live.xsd = await startXenstored());
    say(`host   real C xenstored (Debian xen-utils-4.17) on ${xsd.socket}`);
    const root = realGuestRoot(inst, { 'etc/sysconfig/ovm-template-initial-config': 'INITIAL_CONFIG=yes\n' });
    say(`guest  el9 scratch root ${root}, 8 built-in modules enabled with ovm-chkconfig`);
    const before = snapshotTree(root);
    const secret = `Demo-${randomBytes(6).toString('hex')}`;
    heading('The host sends the first-boot batch; the guest configures itself');
    const ovmd = (live.ovmd = await configure(inst, xsd, root, secret));
    await ovmd.stop(); // its control socket and PID file go away; the snapshot sees files only
    await report(inst, xsd, root, before, secret);
    return 0;
  } catch (error) {
    console.error(`demo failed: ${(error as Error).message}`);
    if (live.ovmd) console.error(live.ovmd.output.slice(-3000));
    return 1;
  } finally {
    heading('Cleaning up');
    await cleanUp();
    say('stopped ovmd, the guest endpoint and xenstored; removed every scratch directory');
  }
}

// Ctrl-C may arrive twice (from the terminal and relayed by tsx): clean up once, ignore repeats.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!cleaning) console.error('\ninterrupted: cleaning up');
    void cleanUp().finally(() => process.exit(130));
  });
}
void main().then((code) => process.exit(code));
