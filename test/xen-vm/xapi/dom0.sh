# dom0, plain xl: build the domain paused, write the first-boot batch as vm-data keys the way
# XAPI does, unpause it, then list what the guest published, as dom0 reads it.
# The harness started the domain without a network; start it again, paused, with a vif (netback
# in dom0, a hotplug script that only brings the backend up: no bridge).
insmod /modules/xen-netback.ko
xl destroy domu >/dev/null 2>&1
xl create -p /etc/xen/domu.cfg "vif=['script=/harness/vif-up']" 2>&1 | sed 's/^/xl: /'
D=$(xl domid domu); echo "@@X domid=$D"
ovm-vmmessage --domid "$D" --vm-data --file /harness/batch.txt; echo "@@X vmmessage-rc=$?"
xenstore-ls -p "/local/domain/$D/vm-data" | sed 's/^/@@X vm-data-before: /' | sed 's/root-password = "[^"]*"/root-password = (set)/'
xl unpause domu
i=0; until [ "$(xenstore-read "/local/domain/$D/attr/vif/0/ipv4/1" 2>/dev/null)" = 198.51.100.20 ] || [ $i -gt 1200 ]; do sleep 0.2; i=$((i+1)); done
echo "@@X second-address-seen-by-dom0=$([ $i -le 1200 ] && echo yes || echo no)"
for p in attr data control/feature-balloon vm-data; do xenstore-ls -f "/local/domain/$D/$p" 2>&1 | sed "s|^|@@X ls: |"; done
xenstore-read "/local/domain/$D/control/feature-balloon" 2>&1 | sed 's/^/@@X feature-balloon: /'
