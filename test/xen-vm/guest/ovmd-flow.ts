// ovmd on the real device, turn by turn with dom0 (test/xen-vm/dom0/main.ts): the first-boot
// batch from ovm-vmmessage through /dev/xen/xenbus, a large value sent back in chunks, kill -9
// and restart, pause/unpause, SIGTERM; then the same batch written with plain xenstore-write,
// picked up through /proc/xen/xenbus.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Ovmd } from './ovmd-process.js';
import { awaitSignal, check, measure, signal, sleep, tool } from './tap.js';

const DONE = /target configure: \w+[\s\S]*sent ovmd\.run-result/;
/** ovmd's start to "connected" under TCG: ~22 s measured, ~55 s on a busy machine (figure ovmd_start_ms). */
const START_MS = 180_000;
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

const domid = () => tool('xenstore-read', ['domid'])?.trim() ?? '';

/**
 * xl save + xl restore of this running domain (dom0/main.ts drives it): the guest is frozen,
 * comes back under a new domain id and home, dom0 sets the channel up again and sends a message
 * and the resume and migrate events before unpausing it, and one more once it runs. Returns the
 * new home.
 */
async function saveRestore(home: string, ovmd: Ovmd, flavour: string): Promise<string> {
  const before = domid();
  signal(home, 'ready-save');
  const t0 = Date.now();
  let now = before;
  while ((now === before || now === '') && Date.now() - t0 < 180_000) {
    await sleep(200);
    now = domid();
  }
  measure(`${flavour}.save_restore_guest_ms`, Date.now() - t0);
  check('save/restore: the guest runs on after xl save + xl restore, under a new domain id', now !== before && now !== '', `${before} -> ${now}`);
  const fresh = `/local/domain/${now}`;
  check('save/restore: the message sent before the restored domain ran (k4) is stored', await ovmd.waitFor(/stored com\.example\.k4/, 60_000), ovmd.output.slice(-800));
  check('save/restore: ovmd sees the new domain id and starts the numbering over', /domain's id changed from \d+ to \d+/.test(ovmd.output), ovmd.output.slice(-800));
  for (const target of ['resume', 'migrate']) {
    const ran = await ovmd.waitFor(new RegExp(`target ${target}: completed`), 60_000);
    const log = tool('cat', ['/guest/root/var/lib/vm-lifecycle.log']) ?? '';
    check(`save/restore: the ${target} event runs the ${target} target (an enabled module ran, in the new domain)`, ran && log.includes(`ran for ${target} domid=${now}`), `${log} ${ovmd.output.slice(-400)}`);
  }
  signal(fresh, 'restored');
  check('save/restore: the watch still fires: a message sent after the restore (k5) is stored', await ovmd.waitFor(/stored com\.example\.k5/, 30_000), ovmd.output.slice(-800));
  return fresh;
}

async function viaDevice(home: string, flavour: string): Promise<string> {
  await awaitSignal(home, 'setup');
  const ovmd = new Ovmd('/guest/root', '/dev/xen/xenbus');
  const started = Date.now();
  check('device flow: ovmd connects through /dev/xen/xenbus', await ovmd.waitFor(/connected to xenstore/, START_MS), ovmd.output.slice(-800));
  measure(`${flavour}.ovmd_start_ms`, Date.now() - started);
  signal(home, 'ovmd-up');
  const t0 = Date.now();
  // ~55 s alone here, up to 115 s with the host busy: a wait that only bounds a run gone wrong.
  await ovmd.waitFor(DONE, 300_000);
  measure(`${flavour}.batch_to_configured_ms`, Date.now() - t0);
  checkConfigured('device flow', '/guest/root', ovmd);
  const big = Array.from({ length: 800 }, (_, i) => `${i % 10}abcdefgh`).join('');
  const sent = tool('/opt/ovm/bin/ovmd', ['--root', '/guest/root', '-p', `com.example.big=${big}`]);
  check('device flow: ovmd -p sends an 7200-byte value (chunked under the quota)', sent !== undefined);
  signal(home, 'configured');
  return restartFlow(home, ovmd, flavour);
}

async function restartFlow(home: string, first: Ovmd, flavour: string): Promise<string> {
  await awaitSignal(home, 'k1-sent');
  check('lifecycle: ovmd stores a message (k1)', await first.waitFor(/stored com\.example\.k1/));
  await first.stop('SIGKILL');
  signal(home, 'killed');
  await awaitSignal(home, 'k2-sent');
  const pending = tool('xenstore-ls', [`${home}/control/oracle-vmapi/to-guest`]) ?? '(unreadable)';
  const second = new Ovmd('/guest/root', '/dev/xen/xenbus');
  check('lifecycle: after kill -9 and a restart, the message sent meanwhile (k2) is stored', await second.waitFor(/stored com\.example\.k2/, START_MS), `to-guest before restart: ${pending} ovmd: ${second.output.slice(-800)}`);
  const got = ['k1', 'k2'].map((k) => tool('/opt/ovm/bin/ovmd', ['--root', '/guest/root', '-g', `com.example.${k}`])?.trim());
  check('lifecycle: no message lost across kill -9 (ovmd -g k1, k2)', got.join() === 'v1,v2', got.join());
  signal(home, 'restarted');
  await awaitSignal(home, 'unpaused');
  check('lifecycle: a message sent while the domain was paused is stored after unpause', await second.waitFor(/stored com\.example\.k3/, 30_000));
  const fresh = await saveRestore(home, second, flavour);
  const stop = await second.stop('SIGTERM');
  measure(`${flavour}.sigterm_stop_ms`, stop.ms);
  check('lifecycle: SIGTERM stops ovmd within a second, exit code 0', stop.ms < 1000 && stop.code === 0, JSON.stringify(stop));
  signal(fresh, 'stopped');
  return fresh;
}

async function viaProcfs(home: string): Promise<void> {
  const root = '/tmp/root-b';
  await awaitSignal(home, 'channel2');
  const ovmd = new Ovmd(root, '/proc/xen/xenbus');
  check('procfs flow: ovmd connects through /proc/xen/xenbus (xenfs)', await ovmd.waitFor(/connected to xenstore/, START_MS), ovmd.output.slice(-800));
  signal(home, 'ovmd2-up');
  // ~55 s alone here, up to 115 s with the host busy: a wait that only bounds a run gone wrong.
  await ovmd.waitFor(DONE, 300_000);
  checkConfigured('procfs flow (plain xenstore-write)', root, ovmd);
  const stop = await ovmd.stop('SIGTERM');
  check('procfs flow: SIGTERM stops ovmd within a second', stop.ms < 1000 && stop.code === 0, JSON.stringify(stop));
  signal(home, 'configured2');
}

/** Why: both flows, sharing one boot (the second only when asked: ~40 s of configuring). */
export async function ovmdFlows(flavour: string, withPlainTools = true): Promise<void> {
  execFileSync('cp', ['-a', '/guest/root', '/tmp/root-b']);
  const home = await viaDevice(`/local/domain/${domid()}`, flavour);
  if (withPlainTools) await viaProcfs(home);
  await awaitSignal(home, 'dom0-done'); // dom0 still reads this domain's nodes until then
}
