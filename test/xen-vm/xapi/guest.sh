# The PV guest: its real vif (xen-netfront), two addresses, ovmd on the el9 root with first boot
# armed; times the second address from `ip addr add` until the guest's own xenstore shows it.
insmod /modules/xen-netfront.ko
i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
echo "@@G nodename=$(cat /sys/class/net/eth0/device/nodename 2>&1)"
ip link set lo up; ip link set eth0 up; ip addr add 192.0.2.20/24 dev eth0
i=0; until [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" = 1 ] || [ $i -gt 100 ]; do sleep 0.1; i=$((i+1)); done
echo "@@G carrier=$(cat /sys/class/net/eth0/carrier 2>&1)"
R=/guest/root
printf 'INITIAL_CONFIG=yes\n' > $R/etc/sysconfig/ovm-template-initial-config
/opt/ovm/bin/ovmd --root $R -d 1 -t 30 > /tmp/ovmd.log 2>&1 &
P=$!
i=0; until grep -q "target configure:" /tmp/ovmd.log || [ $i -gt 1500 ]; do sleep 0.2; i=$((i+1)); done
i=0; until [ -n "$(xenstore-read attr/vif/0/ipv4/0 2>/dev/null)" ] || [ $i -gt 300 ]; do sleep 0.1; i=$((i+1)); done
sleep 1
t0=$(cut -d' ' -f1 /proc/uptime)
ip addr add 198.51.100.20/24 dev eth0
i=0; until [ "$(xenstore-read attr/vif/0/ipv4/1 2>/dev/null)" = 198.51.100.20 ] || [ $i -gt 1000 ]; do sleep 0.01; i=$((i+1)); done
t1=$(cut -d' ' -f1 /proc/uptime)
echo "@@G second-address t0=$t0 t1=$t1"
echo "@@G hostname=$(cat $R/etc/hostname 2>&1)"
sleep 3
kill $P; wait $P 2>/dev/null
sed 's/^/@@G ovmd: /' /tmp/ovmd.log
echo "@@G secrets-under-var=$(grep -rl -F -f /harness/secret $R/var $R/etc/sysconfig 2>/dev/null | wc -l)"
