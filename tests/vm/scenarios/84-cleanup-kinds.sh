#!/bin/sh
# A run with every kind, killed with SIGKILL, leaves its instance and its
# probes in kprobe_events, uprobe_events and dynamic_events; "kprobe
# --cleanup" removes all of them, also those in a group the user named.
. /tests/lib.sh

state_snapshot before

set -- 'p:kopen do_sys_openat2' "p:uopen /usr/bin/workload:$UOPEN" \
    'e:mine/eopen syscalls.sys_enter_openat'
if has_fprobes; then
	set -- "$@" 'f:fopen do_sys_openat2' 't:topen sys_enter'
	n=5
else
	n=3
fi
kprobe_start out err "$@" || exit 1
dead=$KP_PID
kill -KILL "$dead"
wait_exit "$dead" 5
expect_eq "probes left in dynamic_events" "$n" \
    "$(grep -cE "^[a-z][0-9]*:(kprobe_$dead|mine)/" "$T/dynamic_events")"
[ -d "$T/instances/kprobe_$dead" ] || fail "expected instance kprobe_$dead after SIGKILL"

run_kprobe cl --cleanup
expect_status "kprobe --cleanup" 0 "$STATUS" cl.err
expect_eq "probes left in dynamic_events" 0 \
    "$(grep -cE "^[a-z][0-9]*:(kprobe_$dead|mine)/" "$T/dynamic_events")"
[ -d "$T/instances/kprobe_$dead" ] && fail "instance kprobe_$dead still there"
state_compare before "after --cleanup"
pass "--cleanup removed the $n probes of every kind and the instance of killed run $dead"
