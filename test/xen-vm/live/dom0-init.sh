#!/bin/busybox sh
# dom0's /init for the live guest: as ../dom0-init.sh (file systems, Xen modules, xenstored,
# xenconsoled), plus the disk (QEMU's virtio disk is /dev/vda, handed to the domU through
# blkback), the bridge br0 at 192.0.2.1/24 for its vif, and /dev/stdin for the hotplug scripts'
# lock. The dom0 program then creates, checks and stops the domU as often as it needs; the guest
# console is streamed to the serial line as "domU| " lines.
/bin/busybox --install -s /bin
mkdir -p /usr/bin; ln -sf /bin/busybox /usr/bin/env
. /harness/vm.env
export PATH=$XEN_BIN:/opt/ovm/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mkdir -p /proc /sys /dev
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /run /tmp /var /root; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /run
mount -t tmpfs -o size=50% tmpfs /tmp
# devtmpfs has no /dev/stdin: locking.sh's claim_lock stats it and would loop for ever.
ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
ln -s /run /var/run; mkdir -p /var/lock /var/lib/xen /var/lib/xenstored /var/log/xen/console /run/xen /run/xenstored
for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc $DOM0_MODULES; do insmod /modules/$m.ko || echo "insmod $m failed"; done
mount -t xenfs xenfs /proc/xen
up() { cut -d' ' -f1 /proc/uptime; }
echo "@@DOM0-UP uptime=$(up)"
/bin/ip link set lo up
/bin/ip link add name br0 type bridge stp_state 0 forward_delay 0
/bin/ip addr add 192.0.2.1/24 dev br0; /bin/ip link set br0 up
i=0; while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
xenstored --pid-file /run/xenstored.pid
i=0; until xenstore-exists / 2>/dev/null; do i=$((i+1)); [ $i -gt 200 ] && break; sleep 0.05; done
xen-init-dom0 >/dev/null
xenconsoled --pid-file=/run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console
echo "@@XENSTORED-UP uptime=$(up)"
# xenconsoled appends every boot of the domain named domu to this one file.
GLOG=/var/log/xen/console/guest-domu.log
( i=0; while [ ! -e $GLOG ] && [ $i -lt 3000 ]; do sleep 0.1; i=$((i+1)); done
  tail -f $GLOG | sed 's/^/domU| /' ) &
echo "@@DOM0-BEGIN"
(cd /harness && timeout $GUEST_TIMEOUT node /harness/live.mjs 2>&1); drc=$?
echo "@@DOM0-EXIT $drc uptime=$(up)"
# Bounded and killed outright at the limit: a hung xl must not hold back the closing marker.
DOMID=$(timeout -s KILL 30 xl domid domu 2>/dev/null) && [ -n "$DOMID" ] && timeout -s KILL 60 xl destroy "$DOMID"
echo "@@HARNESS-DONE guest_rc=0 dom0_rc=$drc uptime=$(up)"
printf '\001' | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
reboot -f
