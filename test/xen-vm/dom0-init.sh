#!/bin/busybox sh
# dom0's /init: mount the usual file systems, load the Xen modules, start xenstored (C or
# OCaml), xenconsoled and the domU, run the dom0 command next to the guest, then print the
# guest's console and both exit codes between markers and stop QEMU through isa-debug-exit.
/bin/busybox --install -s /bin
mkdir -p /usr/bin; ln -sf /bin/busybox /usr/bin/env  # for "#!/usr/bin/env node" scripts
. /harness/vm.env
export PATH=$XEN_BIN:/opt/ovm/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mkdir -p /proc /sys /dev
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /run /tmp /var; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /run
mount -t tmpfs -o size=90% tmpfs /tmp
ln -s /run /var/run; mkdir -p /var/lock /var/lib/xen /var/lib/xenstored /var/log/xen/console /run/xen /run/xenstored
for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc; do insmod /modules/$m.ko; done
mount -t xenfs xenfs /proc/xen
up() { cut -d' ' -f1 /proc/uptime; }
echo "@@DOM0-UP uptime=$(up)"
if [ "$XENSTORED" = oxenstored ]; then
  # It hangs init when it daemonizes itself: keep it in the foreground, in the background.
  oxenstored --no-fork --pid-file /run/xenstored.pid > /tmp/oxenstored.out 2>&1 &
else
  xenstored --pid-file /run/xenstored.pid
fi
i=0; until xenstore-exists / 2>/dev/null; do i=$((i+1)); [ $i -gt 200 ] && break; sleep 0.05; done
xen-init-dom0 >/dev/null
xenconsoled --pid-file=/run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console
echo "@@XENSTORED-UP flavour=$XENSTORED uptime=$(up)"
# Bounded: a create that hangs (hotplug, xenstore) must still end in the markers below.
timeout -s KILL 120 xl create /etc/xen/domu.cfg 2>&1 | sed 's/^/xl: /'
DOMID=$(xl domid domu 2>/dev/null); export DOMID DOMU_NAME=domu
echo "@@DOMU-CREATED domid=$DOMID uptime=$(up)"
DEADLINE=$(( $(cut -d. -f1 /proc/uptime) + GUEST_TIMEOUT ))
# The guest's console, live, for whoever watches the serial line (the host parses the dump below).
( i=0; while [ ! -e /var/log/xen/console/guest-domu.log ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  tail -f /var/log/xen/console/guest-domu.log | sed 's/^/domU| /' ) &
echo "@@DOM0-BEGIN"
if [ -n "$DOMID" ]; then (cd /harness && timeout $GUEST_TIMEOUT sh /harness/dom0-cmd.sh 2>&1); drc=$?; else drc=125; fi
echo "@@DOM0-EXIT $drc uptime=$(up)"
# The dom0 command may have replaced the domain (save/restore): wait for whichever is there.
GLOG=/var/log/xen/console/guest-domu.log
# Every xl call here is bounded, and killed outright at its limit (a TERM waits for xl's own
# handling): whatever hangs, the dumps and the closing marker below still come.
while DOMID=$(timeout -s KILL 30 xl domid domu 2>/dev/null) && [ -n "$DOMID" ]; do
  # The guest printed its exit line: destroying is quicker than waiting for its power-off.
  if grep -q "^@@GUEST-EXIT" $GLOG 2>/dev/null; then sleep 0.3; timeout -s KILL 60 xl destroy "$DOMID"; break; fi
  if [ "$(cut -d. -f1 /proc/uptime)" -ge "$DEADLINE" ]; then echo "@@DOMU-TIMEOUT uptime=$(up)"; timeout -s KILL 60 xl destroy "$DOMID"; break; fi
  sleep 0.2
done
echo "@@DOMU-GONE uptime=$(up)"
GLOG=/var/log/xen/console/guest-domu.log
echo "@@GUEST-LOG-BEGIN"; cat $GLOG 2>/dev/null; echo; echo "@@GUEST-LOG-END"
grc=$(sed -n 's/^@@GUEST-EXIT \([0-9]*\).*/\1/p' $GLOG 2>/dev/null | tail -1 | tr -d '\r'); [ -n "$grc" ] || grc=124
echo "@@HARNESS-DONE guest_rc=$grc dom0_rc=$drc uptime=$(up)"
# isa-debug-exit at port 0xf4 ends QEMU at once; reboot -f (QEMU has -no-reboot) otherwise.
printf '\001' | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
reboot -f
