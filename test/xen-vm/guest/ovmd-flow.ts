// ovmd on the real device, turn by turn with dom0 (test/xen-vm/dom0/main.ts): the first-boot
// batch from ovm-vmmessage through /dev/xen/xenbus, a large value sent back in chunks, kill -9
// and restart, pause/unpause, SIGTERM; then the same batch written with plain xenstore-write,
// picked up through /proc/xen/xenbus.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Ovmd } from './ovmd-process.js';
import { awaitSignal, check, measure, signal, tool } from './tap.js';

const DONE = /target configure: \w+[\s\S]*sent ovmd\.run-result/;
const SECRET = readFileSync('/harness/secret', 'utf8').trim();

/** Why: the root password must end up as a crypt hash of the secret, never as the secret. */
function rootHashMatches(root: string): boolean {
  const line = readFileSync(`${root}/etc/shadow`, 'utf8').split('\n').find((l) => l.startsWith('root:'))!;
  const hash = line.split(':')[1]!;
  const salt = hash.split('$')[2]!;
  return tool('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], `${SECRET}\n`)?.trim() === hash;
}

function checkConfigured(label: string, root: string, ovmd: Ovmd): void {
  const outcome = ovmd.output.match(/target configure: (\w+)(.*)/);
  check(`${label}: configure ran, was configured, and its result was sent`, DONE.test(ovmd.output) && outcome?.[1] === 'configured', outcome?.[0] ?? ovmd.output.slice(-1500));
  check(`${label}: the host name was set`, readFileSync(`${root}/etc/hostname`, 'utf8').trim() === 'demo-vm.example.com');
  check(`${label}: the root password is set as a hash of the secret`, rootHashMatches(root));
  check(`${label}: user alice was added`, /^alice:/m.test(readFileSync(`${root}/etc/passwd`, 'utf8')));
  check(`${label}: the secret is not in ovmd's log`, !ovmd.output.includes(SECRET));
}

async function viaDevice(home: string, flavour: string): Promise<void> {
  await awaitSignal(home, 'setup');
  const ovmd = new Ovmd('/guest/root', '/dev/xen/xenbus');
  check('device flow: ovmd connects through /dev/xen/xenbus', await ovmd.waitFor(/connected to xenstore/), ovmd.output.slice(-800));
  signal(home, 'ovmd-up');
  const t0 = Date.now();
  await ovmd.waitFor(DONE, 120_000);
  measure(`${flavour}.batch_to_configured_ms`, Date.now() - t0);
  checkConfigured('device flow', '/guest/root', ovmd);
  const big = Array.from({ length: 800 }, (_, i) => `${i % 10}abcdefgh`).join('');
  const sent = tool('/opt/ovm/bin/ovmd', ['--root', '/guest/root', '-p', `com.example.big=${big}`]);
  check('device flow: ovmd -p sends an 7200-byte value (chunked under the quota)', sent !== undefined);
  signal(home, 'configured');
  await restartFlow(home, ovmd, flavour);
}

async function restartFlow(home: string, first: Ovmd, flavour: string): Promise<void> {
  await awaitSignal(home, 'k1-sent');
  check('lifecycle: ovmd stores a message (k1)', await first.waitFor(/stored com\.example\.k1/));
  await first.stop('SIGKILL');
  signal(home, 'killed');
  await awaitSignal(home, 'k2-sent');
  const pending = tool('xenstore-ls', [`${home}/control/oracle-vmapi/to-guest`]) ?? '(unreadable)';
  const second = new Ovmd('/guest/root', '/dev/xen/xenbus');
  check('lifecycle: after kill -9 and a restart, the message sent meanwhile (k2) is stored', await second.waitFor(/stored com\.example\.k2/, 60_000), `to-guest before restart: ${pending} ovmd: ${second.output.slice(-800)}`);
  const got = ['k1', 'k2'].map((k) => tool('/opt/ovm/bin/ovmd', ['--root', '/guest/root', '-g', `com.example.${k}`])?.trim());
  check('lifecycle: no message lost across kill -9 (ovmd -g k1, k2)', got.join() === 'v1,v2', got.join());
  signal(home, 'restarted');
  await awaitSignal(home, 'unpaused');
  check('lifecycle: a message sent while the domain was paused is stored after unpause', await second.waitFor(/stored com\.example\.k3/, 30_000));
  const stop = await second.stop('SIGTERM');
  measure(`${flavour}.sigterm_stop_ms`, stop.ms);
  check('lifecycle: SIGTERM stops ovmd within a second, exit code 0', stop.ms < 1000 && stop.code === 0, JSON.stringify(stop));
  signal(home, 'stopped');
}

async function viaProcfs(home: string): Promise<void> {
  const root = '/tmp/root-b';
  await awaitSignal(home, 'channel2');
  const ovmd = new Ovmd(root, '/proc/xen/xenbus');
  check('procfs flow: ovmd connects through /proc/xen/xenbus (xenfs)', await ovmd.waitFor(/connected to xenstore/), ovmd.output.slice(-800));
  signal(home, 'ovmd2-up');
  await ovmd.waitFor(DONE, 120_000);
  checkConfigured('procfs flow (plain xenstore-write)', root, ovmd);
  const stop = await ovmd.stop('SIGTERM');
  check('procfs flow: SIGTERM stops ovmd within a second', stop.ms < 1000 && stop.code === 0, JSON.stringify(stop));
  signal(home, 'configured2');
}

/** Why: both flows, sharing one boot (the second only when asked: ~40 s of configuring). */
export async function ovmdFlows(flavour: string, withPlainTools = true): Promise<void> {
  execFileSync('cp', ['-a', '/guest/root', '/tmp/root-b']);
  const home = `/local/domain/${tool('xenstore-read', ['domid'])!.trim()}`;
  await viaDevice(home, flavour);
  if (withPlainTools) await viaProcfs(home);
  await awaitSignal(home, 'dom0-done'); // dom0 still reads this domain's nodes until then
}
