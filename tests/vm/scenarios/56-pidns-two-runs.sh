#!/bin/sh
# Two runs at once, each in its own pid namespace (unshare -fp
# --mount-proc, as containers run it) and each pid 1 there, sharing one
# tracefs: once both named their instance kprobe_1, and the second failed
# with exit 1. Each has its own instance and group (kprobe_1_<inode>), -c
# maps its command's pid to the kernel's, and each sees its own command's
# 5 events only; nothing is left behind.
. /tests/lib.sh

state_snapshot before
def="p:do_sys_openat2 file=+0(${ARG2}):string"
for r in a b; do
	bg "out.$r" "err.$r" unshare -fp --mount-proc "$KPROBE" \
	    -c "sleep 1; $WORKLOAD open /etc/hostname 5 50" "$def" 'file == "/etc/hostname"'
	eval "pid_$r=\$BG_PID"
done
n=0
i=0
while [ $i -lt 50 ]; do
	n=$(ls "$T/instances" | grep -cE '^kprobe_1_[0-9]+$')
	[ "$n" -ge 2 ] && break
	sleep 0.1
	i=$((i + 1))
done
expect_eq "instances kprobe_1_<inode> while both run" 2 "$n"
wait_exit "$pid_a" 30
expect_status "run A exit status" 0 "$STATUS" err.a
wait_exit "$pid_b" 30
expect_status "run B exit status" 0 "$STATUS" err.b
ev='do_sys_openat2: .* file="/etc/hostname"$'
expect_count "run A: its command's events" 5 "$ev" out.a
expect_count "run B: its command's events" 5 "$ev" out.b
check_final out.a err.a
check_final out.b err.b
state_compare before
pass "two runs in separate pid namespaces both complete"
