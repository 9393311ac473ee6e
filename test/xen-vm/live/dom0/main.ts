// dom0's side of the live-guest test: the whole template lifecycle of one disk, as a manager and
// a user see it from the host. Four boots of the domain:
//   1. the sealed template's first boot: a refused batch changes nothing and first boot stays
//      armed; the corrected batch configures it; then ping, ssh as the user sent, and every value
//      checked on the running system;
//   2. a reboot: first boot stays disarmed, nothing runs again, ovmd reports the address; then
//      the template is sealed again inside the guest (ovmd -s cleanup, enable-initial-config);
//   3. the clone's first boot: a second batch with other values; the old identity is gone;
//   4. the same disk with ovmd's two units masked on the kernel command line: the boot-time
//      baseline.
// Prints "ok/not ok - name" lines and "# key=value" figures (seconds from `xl create`).
import { existsSync, readFileSync } from 'node:fs';
import { check, guarded, measure } from '../../guest/tap.js';
import { GUEST_LOG, awaitGone, banner, closeMasters, create, domid, pings, run, seconds, ssh, until, vm } from './remote.js';

const KEY = '/harness/key';
const ALICE = '/harness/alice';
const IP1 = '192.0.2.10';
const IP2 = '192.0.2.11';
const SECRETS = readFileSync('/harness/secrets', 'utf8').trim().split('\n');
const MASK = 'extra="console=hvc0 root=/dev/xvda rw net.ifnames=0 rdinit=/init panic=-1 systemd.mask=ovmd.service systemd.mask=ovm-template-initial-config.service"';

const root = (ip: string, command: string, input?: string) => ssh(KEY, `root@${ip}`, command, input);
const consoleText = () => (existsSync(GUEST_LOG) ? readFileSync(GUEST_LOG, 'latin1') : '');

/** Each command's output (stdout and stderr, one line, ";" for newlines) in order, one per command. */
function facts(ip: string, commands: string[]): string[] {
  const script = commands.map((c) => `printf '%s\\n' "$( { ${c} ; } 2>&1 | tr '\\n' ';' | sed 's/;$//')"`).join('\n');
  const lines = root(ip, script).out.split('\n');
  return commands.map((_, i) => lines[i] ?? '');
}

/**
 * What held sshd back in this boot, for ovmd's share of a boot: the kernel's part of the boot,
 * when sshd became active counted from the start of userspace (so neither dom0's side of a boot
 * nor the kernel's counts), sshd's critical chain and the slowest units, each chain as one
 * ";"-joined line. Figures only.
 */
function bootPath(label: string, ip: string): void {
  const [userspace, active, chain, blame] = facts(ip, [
    'systemctl show -p UserspaceTimestampMonotonic --value',
    'systemctl show -p ActiveEnterTimestampMonotonic --value sshd.service',
    'systemd-analyze critical-chain --no-pager sshd.service | tail -n +3 | sed "s/^[^a-zA-Z0-9]*//" | head -12',
    'systemd-analyze blame --no-pager | head -8 | sed "s/^ *//"',
  ]);
  // systemd's clock starts with the kernel; its units' times (and the chain) count from userspace.
  measure(`${label}.kernel_s`, (Number(userspace) / 1e6).toFixed(1));
  measure(`${label}.sshd_active_userspace_s`, ((Number(active) - Number(userspace)) / 1e6).toFixed(1));
  measure(`${label}.sshd_chain`, chain ?? '');
  measure(`${label}.blame`, blame ?? '');
}

/** Waits for ping, the sshd banner and a root login at `ip`; measures each from t0. */
async function reach(label: string, ip: string, t0: number, limitMs = 300_000): Promise<boolean> {
  const up = await until(() => pings(ip), limitMs, 250);
  measure(`${label}.ping_s`, seconds(t0));
  const sshd = up && (await until(async () => (await banner(ip)).startsWith('SSH-2.0-'), 120_000, 250));
  measure(`${label}.sshd_s`, seconds(t0));
  const login = sshd && (await until(() => root(ip, 'true').ok, 60_000, 500));
  measure(`${label}.login_s`, seconds(t0));
  return check(`${label}: the guest answers ping, sshd and a root login at ${ip}`, login, `ping ${up} sshd ${sshd}`);
}

/** The root password in the shadow file is `secretFile`'s: recomputed here with its salt; nothing is sent. */
function rootPasswordIs(ip: string, secretFile: string): boolean {
  const hash = root(ip, 'getent shadow root').out.split(':')[1] ?? '';
  const salt = /^\$6\$([^$]+)\$/.exec(hash)?.[1];
  if (!salt) return false;
  return run('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], readFileSync(secretFile, 'utf8')).out === hash;
}

async function shutdown(ip: string, how: 'poweroff' | 'reboot'): Promise<void> {
  root(ip, `systemctl ${how} --no-block`);
  closeMasters();
  check(`${how}: the domain goes away by itself`, await awaitGone(150_000));
}

function noSecretInXenstore(label: string): void {
  const tree = run('xenstore-ls', ['-f', '/']).out;
  check(`${label}: no password anywhere in xenstore (${tree.split('\n').length} lines)`, tree.includes('oracle-vmapi') && SECRETS.every((s) => !tree.includes(s)));
}

function noSecretOnDisk(label: string, ip: string): void {
  // The passwords go to grep on stdin (never in an argument); -l prints only file names.
  const r = root(ip, 'grep -rlsF -f /dev/stdin /etc /var/log /var/lib /root /home /tmp /var/tmp; true', `${SECRETS.join('\n')}\n`);
  check(`${label}: no password in any file under /etc /var/log /var/lib /root /home /tmp`, r.ok && r.out === '', r.out || r.err);
}

let hostKey1 = '';
let machineId1 = '';
let logLines1 = 0;

async function firstBoot(): Promise<void> {
  const { id, t0 } = create();
  const bad = vm(id, ['--file', '/harness/bad.json', '-q', 'ovmd.run-result', '--final', '--wait', '400']);
  measure('first.refused_s', seconds(t0));
  check('refused batch: the run result is invalid, nothing was changed', bad.code === 1 && /"state":\s*"invalid"/.test(bad.out), bad.out.slice(0, 300));
  const status = vm(id, ['--status']);
  check('refused batch: --status names the key and the reason', /netmask\.0/.test(status.out) && /not a contiguous netmask/.test(status.out), status.out.slice(0, 400));
  check('refused batch: the console says the batch was refused and first boot still waits', await until(() => /refused[\s\S]*still waiting for a corrected batch/.test(consoleText()), 20_000));
  check('refused batch: the guest is not at the address of the refused batch', !pings(IP1));
  // The guest kept the refused batch, root password included: the host sends the corrected key.
  const good = vm(id, ['--file', '/harness/fixes.json', '-q', 'ovmd.run-result', '--final', '--wait', '600']);
  measure('first.configured_s', seconds(t0));
  check('corrected batch: the guest reports configured', good.ok && /"state":\s*"configured"/.test(good.out), good.out.slice(0, 300));
  if (!(await reach('first', IP1, t0))) return;
  const alice = ssh(ALICE, `alice@${IP1}`, 'id -un; echo alice-history-canary >> ~/.bash_history');
  check('user: ssh -i key alice@192.0.2.10 logs in as alice', alice.ok && alice.out === 'alice', alice.err);
  const [host, zone, fw, fwEnabled, chrony, addr, gw, resolv, armed, ovmd, sources] = facts(IP1, [
    'hostname', 'timedatectl show -p Timezone --value', 'firewall-cmd --state', 'systemctl is-enabled firewalld',
    "grep -E '^(server|pool) ' /etc/chrony.conf", "ip -4 -o addr show eth0 | awk '{print $4}'", "ip route show default | awk '{print $3}'",
    "grep -E '^(nameserver|search)' /etc/resolv.conf", 'grep -h ^INITIAL_CONFIG= /etc/sysconfig/ovm-template-initial-config',
    'systemctl is-active ovmd', 'chronyc -n sources | grep -c 192.0.2.1',
  ]);
  check('network: hostname is demo-vm.example.com', host === 'demo-vm.example.com', host);
  check('network: eth0 has 192.0.2.10/24, default route via 192.0.2.1', addr === '192.0.2.10/24' && gw === '192.0.2.1', `${addr} ${gw}`);
  check('network: resolv.conf has the DNS servers and search domain sent', /nameserver 192\.0\.2\.53(;|$)/.test(resolv ?? '') && /search example\.com/.test(resolv ?? ''), resolv);
  check('datetime: the time zone is Europe/London (timedatectl)', zone === 'Europe/London', zone);
  check('datetime: chrony.conf names the NTP server sent, and chronyd uses it', chrony === 'server 192.0.2.1 iburst' && sources === '1', `${chrony} sources=${sources}`);
  const fwOk = fw === 'running' && fwEnabled === 'enabled';
  const fwWhy = fwOk ? '' : facts(IP1, ['journalctl -b -u firewalld -n 6 --no-pager -o cat'])[0];
  check('firewall: firewall-cmd --state says running, firewalld enabled', fwOk, `${fw} ${fwEnabled} ${fwWhy}`);
  check('first boot: disarmed (INITIAL_CONFIG=no), ovmd active', armed === 'INITIAL_CONFIG=no' && ovmd === 'active', `${armed} ${ovmd}`);
  check('root password: the shadow hash is that of the password sent (salt reused in dom0)', rootPasswordIs(IP1, '/harness/secret1'));
  // The run log records every change a run makes: none may stand before the last run's start.
  const LOG = '/var/log/ovm-template-config.log';
  const CHANGE = "grep -cE ' (wrote|ran:|removed|linked|directory) '";
  const runLog = facts(IP1, [
    `grep -c ' configure: run started' ${LOG}`,
    // the lines before the last run started: the refused runs' reasons, and no change
    `n=$(grep -n ' configure: run started' ${LOG} | tail -1 | cut -d: -f1); head -n $((n - 1)) ${LOG} | grep -ci refused`,
    `n=$(grep -n ' configure: run started' ${LOG} | tail -1 | cut -d: -f1); head -n $((n - 1)) ${LOG} | ${CHANGE}`,
    `n=$(grep -n ' configure: run started' ${LOG} | tail -1 | cut -d: -f1); tail -n +$n ${LOG} | ${CHANGE}`,
  ]);
  check('refused batch: the refused runs logged no change at all; the last run made the changes', Number(runLog[0]) >= 1 && Number(runLog[1]) >= 2 && runLog[2] === '0' && Number(runLog[3]) > 5, runLog.join(' '));
  noSecretInXenstore('first boot');
  noSecretOnDisk('first boot', IP1);
  hostKey1 = root(IP1, 'cat /etc/ssh/ssh_host_ed25519_key.pub; echo root-history-canary >> /root/.bash_history').out;
  machineId1 = root(IP1, 'cat /etc/machine-id').out;
  logLines1 = Number(root(IP1, 'wc -l < /var/log/ovm-template-config.log').out);
  await shutdown(IP1, 'reboot');
}

async function reboot(): Promise<void> {
  const { id, t0 } = create();
  // A manager sets up the channel of every domain it starts; without it the guest cannot send.
  check('reboot: ovm-vmmessage --setup makes the new domain\'s channel', vm(id, ['--setup']).ok);
  if (!(await reach('reboot', IP1, t0))) return;
  const report = vm(id, ['-q', 'ovmd.ip-addresses', '--until', '192\\.0\\.2\\.10', '--wait', '60']);
  measure('reboot.address_report_s', seconds(t0));
  check('reboot: ovmd reports the address 192.0.2.10 to dom0', report.ok, report.out || report.err);
  const f = facts(IP1, [
    'grep -h ^INITIAL_CONFIG= /etc/sysconfig/ovm-template-initial-config', 'systemctl is-active ovmd', 'hostname', 'wc -l < /var/log/ovm-template-config.log',
    'cat /etc/machine-id',
    // How long the first-boot unit held the boot when not armed: 0 once its ExecCondition skips
    // it before node starts (both timestamps stay 0); before that, node's start under TCG.
    'systemctl show -p ExecMainStartTimestampMonotonic -p ExecMainExitTimestampMonotonic ovm-template-initial-config',
  ]);
  check('reboot: first boot stays disarmed, ovmd active, hostname kept', f[0] === 'INITIAL_CONFIG=no' && f[1] === 'active' && f[2] === 'demo-vm.example.com', f.slice(0, 3).join(' '));
  check('reboot: nothing was configured again (the run log did not grow)', Number(f[3]) === logLines1, `${f[3]} vs ${logLines1}`);
  check('reboot: the machine ID is kept', f[4] === machineId1 && machineId1.length === 32);
  const unit = (line: string | undefined) => Object.fromEntries((line ?? '').split(';').map((kv) => kv.split('=') as [string, string]));
  const fb = unit(f[5]);
  measure('reboot.first_boot_unit_s', ((Number(fb.ExecMainExitTimestampMonotonic) - Number(fb.ExecMainStartTimestampMonotonic)) / 1e6).toFixed(2));
  bootPath('reboot', IP1);
  // Seal again as a template builder does, from inside the guest.
  const seal = ssh(KEY, `root@${IP1}`, 'ovmd -s cleanup >/tmp/seal.out 2>&1; a=$?; service ovmd enable-initial-config >/dev/null; b=$?; echo "$a $b"; grep -h ^INITIAL_CONFIG= /etc/sysconfig/ovm-template-initial-config; ls /etc/ssh/ | grep -c host_key', undefined, 300_000);
  const [codes, armed, keys] = seal.out.split('\n').slice(-3);
  check('seal: ovmd -s cleanup and service ovmd enable-initial-config succeed; armed; host keys gone', codes === '0 0' && armed === 'INITIAL_CONFIG=yes' && keys === '0', seal.out.slice(-400));
  await shutdown(IP1, 'poweroff');
}

async function clone(): Promise<void> {
  const { id, t0 } = create();
  const r = vm(id, ['--file', '/harness/clone.json', '-q', 'ovmd.run-result', '--final', '--wait', '600']);
  measure('clone.configured_s', seconds(t0));
  check('clone: the second batch configures the guest', r.ok && /"state":\s*"configured"/.test(r.out), r.out.slice(0, 300));
  if (!(await reach('clone', IP2, t0))) return;
  const bob = ssh(ALICE, `bob@${IP2}`, 'id -un');
  check('clone: ssh -i key bob@192.0.2.11 logs in as bob', bob.ok && bob.out === 'bob', bob.err);
  const f = facts(IP2, [
    'hostname', 'timedatectl show -p Timezone --value', 'cat /etc/ssh/ssh_host_ed25519_key.pub', 'cat /etc/machine-id',
    'ls /root/.bash_history /home/alice/.bash_history 2>/dev/null | wc -l', 'grep -h ^INITIAL_CONFIG= /etc/sysconfig/ovm-template-initial-config',
    'grep -rl 192.0.2.10 /etc/NetworkManager/system-connections | wc -l', "ip -4 -o addr show eth0 | awk '{print $4}'",
    "grep -c 'getenforce is not installed' /var/log/ovm-template-config.log", 'grep -h ^SELINUX= /etc/selinux/config',
  ]);
  const [host, zone, hostKey, machineId, histories, armed, oldProfiles, addr, noSelinux, selinux] = f;
  check('clone: SELinux mode written; the log says it cannot apply live here (no SELinux) and the run went on', noSelinux === '1' && selinux === 'SELINUX=permissive', `${noSelinux} ${selinux}`);
  check('clone: hostname and time zone are the second batch\'s', host === 'clone2.example.com' && zone === 'Asia/Tokyo', `${host} ${zone}`);
  check('clone: new SSH host key', !!hostKey && hostKey.startsWith('ssh-ed25519') && hostKey !== hostKey1);
  check('clone: new machine ID', !!machineId && machineId.length === 32 && machineId !== machineId1);
  check('clone: the shell histories of root and alice are gone', histories === '0', histories);
  check('clone: first boot disarmed again', armed === 'INITIAL_CONFIG=no', armed);
  check('clone: the old address is gone (no profile has it, eth0 has only 192.0.2.11/24, .10 does not answer)', oldProfiles === '0' && addr === '192.0.2.11/24' && !pings(IP1), `${oldProfiles} ${addr}`);
  check('clone: the root password is the second batch\'s', rootPasswordIs(IP2, '/harness/secret2'));
  noSecretInXenstore('clone');
  // No clean shutdown needed before the baseline boot: the journal covers a stop after sync.
  root(IP2, 'sync');
  closeMasters();
  const id2 = domid();
  if (id2) run('xl', ['destroy', id2]);
}

async function withoutOvmd(): Promise<void> {
  const { t0 } = create(MASK);
  if (!(await reach('noovmd', IP2, t0))) return;
  const f = root(IP2, 'systemctl is-active ovmd ovm-template-initial-config; true').out.replace(/\n/g, ' ');
  check('baseline: ovmd and the first-boot unit did not run (masked)', !/\bactive\b/.test(f.replace(/inactive/g, '')), f);
  bootPath('noovmd', IP2);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  for (const [name, step] of [['first boot', firstBoot], ['reboot', reboot], ['clone', clone], ['baseline', withoutOvmd]] as const) {
    await guarded(`${name}: ran to the end`, step);
    // A step that stopped early leaves its domain: the next one needs the disk.
    const left = domid();
    if (left) {
      closeMasters();
      run('xl', ['destroy', left]);
    }
    measure(`phase.${name.replace(/ /g, '_')}_end_s`, seconds(t0));
  }
}

await main();
