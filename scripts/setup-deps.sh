#!/usr/bin/env bash
# Installs what the build, the tests and the demo need on a Debian 12 machine, and nothing
# twice: Debian packages are installed only when one is missing, npm packages only when
# node_modules does not match the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

# The real xenstore daemons and independent peers (xen-utils, xenstore-utils, pyxs), the
# compiler for the hypervisor shim, the shadow tools, ssh-keygen, rpm tooling, ISO tooling,
# tmux for terminal-dialog tests, man for rendering man pages, systemd for unit checks.
# QEMU, cpio, xz and strip for the real-Xen VM tests (test/xen-vm/), mmdebstrap and mkfs.ext4 for
# its live systemd guest (test/xen-vm/live/); the Xen hypervisor, the
# guest kernel and busybox are not installed: the harness downloads and unpacks them into
# .work/xen-vm/cache.
DEBS=(xen-utils-4.17 xenstore-utils python3-pyxs libxen-dev gcc make
      passwd openssh-client openssl rpm rpmlint xorriso tmux man-db groff-base systemd
      python3 tzdata zsh qemu-system-x86 cpio xz-utils binutils mmdebstrap e2fsprogs)

missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: Debian packages present"
fi

stamp=node_modules/.setup-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: installing npm packages from the lockfile"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
else
  echo "setup: npm packages up to date"
fi
