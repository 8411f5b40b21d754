#!/bin/sh
# How each kind's prefix is read: rN: goes to the kernel with its
# MAXACTIVE; f:FUNC%return is an fprobe on the function's return (6.12), or
# a clear error where the kernel has no fprobes (6.1), never a kprobe in a
# module "f"; forms a kind does not take are usage errors, before anything
# is written.
. /tests/lib.sh

T=/sys/kernel/tracing
state_snapshot before

begin rN-passthrough
kprobe_start out1 err1 -d 3 'r5:do_sys_openat2 $retval' || exit 1
tracefs_mount
expect_match "kprobe_events has r5:" "^r5:kprobe_$KP_PID/do_sys_openat2__$KP_PID do_sys_openat2 " \
	"$T/kprobe_events"
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err1
ev="$(task_re workload "$W_PID")do_sys_openat2: \\([^ ]+ <- do_sys_openat2\\) arg1=(0x)?3\$"
expect_count "return events" 3 "$ev" out1
check_final out1 err1
state_compare before
pass "r5: written as r5:GROUP/EVENT, 3 return events"

begin fprobe-return
if ! has_fprobes; then
	run_kprobe f1 -d 1 'f:do_sys_openat2%return'
	expect_status "exit status" 1 "$STATUS" f1.err
	expect_match "clear error" '^kprobe: this kernel has no fprobe events' f1.err
	state_compare before
	pass "$(head -n 1 f1.err)"
else
	kprobe_start out2 err2 -d 3 'f:do_sys_openat2%return' || exit 1
	tracefs_mount
	expect_match "dynamic_events has the fprobe" \
		"^f:kprobe_$KP_PID/do_sys_openat2__$KP_PID do_sys_openat2%return" "$T/dynamic_events"
	work open /etc/hostname 3
	wait_exit "$KP_PID" 20
	expect_status "exit status" 0 "$STATUS" err2
	ev="$(task_re workload "$W_PID")do_sys_openat2: \\([^ ]+ <- do_sys_openat2\\)"
	expect_count "fprobe return events" 3 "$ev" out2
	check_final out2 err2
	state_compare before
	pass "f:FUNC%return traced 3 returns"
fi

begin forms-refused
for def in 'f:do_sys_openat2+4' 'f3:do_sys_openat2' 't:sched_switch%return' \
	'e:sched_switch' 'e:sched.sched_switch%return'; do
	run_kprobe bad "$def"
	expect_status "'$def' exit status" 2 "$STATUS" bad.err
	re=$(printf '%s' "$def" | sed 's/[]+*.$^()[]/\\&/g')
	expect_match "'$def' says why" "^kprobe: definition '$re': " bad.err
done
state_compare before
pass "f:+offset, fN: entry, t:%return, e: without SYSTEM. refused with exit 2"
