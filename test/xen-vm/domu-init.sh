#!/bin/busybox sh
# The domU's /init: mount the usual file systems and xenfs (for /proc/xen/xenbus; /dev/xen/xenbus
# needs no module), run the guest command with a time limit, and power off.
/bin/busybox --install -s /bin
mkdir -p /usr/bin; ln -sf /bin/busybox /usr/bin/env  # for "#!/usr/bin/env node" scripts
. /harness/vm.env
export PATH=/opt/ovm/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
mkdir -p /proc /sys /dev
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /run /root; mount -t tmpfs tmpfs /tmp; mount -t tmpfs tmpfs /run
insmod /modules/xen-privcmd.ko; insmod /modules/xenfs.ko; mount -t xenfs xenfs /proc/xen
echo "@@GUEST-BEGIN uptime=$(cut -d' ' -f1 /proc/uptime)"
cd /harness && timeout -s KILL $GUEST_TIMEOUT sh /harness/guest-cmd.sh 2>&1; rc=$?
echo "@@GUEST-EXIT $rc uptime=$(cut -d' ' -f1 /proc/uptime)"
sync; poweroff -f
