// Shapes the Debian 12 root like an Oracle Linux 9 minimal install where the toolkit looks. Each
// difference is made with the mechanism the package itself offers (a symlink, a unit drop-in)
// and is listed, with why it does not change what the tests prove, in ../README.md ("The live
// guest").
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const OS_RELEASE = `NAME="Oracle Linux Server"
VERSION="9.4"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Oracle Linux Server 9.4"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:9:4:server"
HOME_URL="https://linux.oracle.com/"
`;

function write(root: string, path: string, text: string, mode = 0o644): void {
  const to = join(root, path);
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  writeFileSync(to, text, { mode });
}

function link(root: string, path: string, target: string): void {
  const at = join(root, path);
  mkdirSync(dirname(at), { recursive: true });
  rmSync(at, { force: true });
  symlinkSync(target, at);
}

/** Why: the modules pick paths by the family /etc/os-release names, and read the el9 places. */
export function shapeLikeEl9(root: string): void {
  // The release: el9 (Debian's /etc/os-release is a link into /usr/lib; the file replaces it).
  write(root, '/etc/os-release', OS_RELEASE);
  write(root, '/etc/oracle-release', 'Oracle Linux Server release 9.4\n');
  link(root, '/etc/redhat-release', 'oracle-release');
  link(root, '/etc/system-release', 'oracle-release');
  // chrony: el9 reads /etc/chrony.conf, Debian's chronyd /etc/chrony/chrony.conf. The file moves
  // to the el9 place and Debian's path becomes a link to it (a module's atomic replace of
  // /etc/chrony.conf then reaches chronyd).
  renameSync(join(root, 'etc/chrony/chrony.conf'), join(root, 'etc/chrony.conf'));
  link(root, '/etc/chrony/chrony.conf', '../chrony.conf');
  // el9's unit is chronyd.service; Debian's is chrony.service with chronyd.service as an alias,
  // and systemctl refuses to enable an alias. The same unit under the el9 name, enabled in its
  // place (no Alias= line: it would name itself), ordered as el9's: not after network.target
  // (el9's chronyd.service waits only for the other NTP daemons; Debian's After=network.target
  // would make a start from the first-boot run, which network-pre.target waits for, wait for ever).
  const unit = readFileSync(join(root, 'usr/lib/systemd/system/chrony.service'), 'utf8').replace(/^Alias=.*\n/m, '').replace(/^After=network\.target\n/m, '');
  write(root, '/etc/systemd/system/chronyd.service', `# chrony.service under el9's name (test/xen-vm/live/el9.ts)\n${unit}`);
  rmSync(join(root, 'etc/systemd/system/multi-user.target.wants/chrony.service'), { force: true });
  link(root, '/etc/systemd/system/multi-user.target.wants/chronyd.service', '/etc/systemd/system/chronyd.service');
  link(root, '/etc/systemd/system/chrony.service', '/dev/null');
  // Host keys: el9's sshd-keygen@.service makes missing ones before sshd starts; Debian makes
  // them once, in the package's postinst. A drop-in gives ssh.service the same step.
  write(root, '/etc/systemd/system/ssh.service.d/el9-host-keys.conf',
    '# el9 behaviour (sshd-keygen@.service): make missing host keys before sshd starts.\n[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n');
  // SysV scripts: el9 keeps them in /etc/rc.d/init.d (/etc/init.d links there); Debian's
  // /etc/init.d is a directory. disk.ts links the package's script in after installing it.
  mkdirSync(join(root, 'etc/rc.d/init.d'), { recursive: true });
  // No fstab entries (the domU's initramfs mounts the one disk read-write), a generic name.
  write(root, '/etc/fstab', '');
  write(root, '/etc/hostname', 'localhost.localdomain\n');
  // Node.js where the packages' #!/usr/bin/node lines look (el9: the nodejs package).
  const node = join(root, 'usr/bin/node');
  execFileSync('strip', ['-o', node, process.execPath]);
  if (!existsSync(node)) throw new Error('could not put node into the guest root');
}
