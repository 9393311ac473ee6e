#!/bin/sh
### BEGIN PLUGIN INFO
# name: vm-lifecycle
# suspend: 50
# resume: 50
# migrate: 50
# description: Test module for the real-Xen VM: records each lifecycle target it ran for.
### END PLUGIN INFO
# Installed and enabled in the guest's scratch root by test/xen-vm/scenario.ts; the save/restore
# step (guest/ovmd-flow.ts) checks its log after dom0 sends the resume and migrate events.
case "$2" in
  -e|--enumerate) echo '[]'; exit 0 ;;
esac
cat >/dev/null
mkdir -p "$OVM_TEMPLATE_ROOT/var/lib"
echo "ran for $1 domid=$(xenstore-read domid 2>/dev/null)" >> "$OVM_TEMPLATE_ROOT/var/lib/vm-lifecycle.log"
echo '{}'
