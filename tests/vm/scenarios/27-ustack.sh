#!/bin/sh
# --ustack on a kernel probe: each event is followed by its user stack, a
# "<user stack trace>" line and " => func+0xoff (file)" frames named from
# the process's mappings and its file's symbols (the workload is static:
# the open that made the system call is in its own file), and no kernel
# stack. The global userstacktrace and sym-userobj options are left alone.
# A kernel whose userstacktrace option records nothing (has_user_stacks:
# arm64's 6.1) gives the events alone.
. /tests/lib.sh

state_snapshot before
if ! has_user_stacks; then
	kprobe_start out err --ustack p:do_sys_openat2 || exit 1
	work open /etc/hostname 3 200
	w=$W_PID
	wait_for_count out "$(task_re workload "$w")do_sys_openat2: " 3 5
	kprobe_stop "$KP_PID" INT
	expect_status "exit status" 0 "$STATUS" err
	expect_count "events from the workload" 3 "$(task_re workload "$w")do_sys_openat2: " out
	expect_count "user stacks" 0 '<user stack trace>$' out
	expect_count "kernel stacks" 0 '<stack trace>$' out
	check_final out err
	expect_eq "global options/userstacktrace" 0 "$(cat "$T/options/userstacktrace")"
	state_compare before
	pass "no user stacks on this kernel: the events alone"
	exit 0
fi
kprobe_start out err --ustack p:do_sys_openat2 || exit 1
work open /etc/hostname 3 200
w=$W_PID
wait_for_count out "$(task_re workload "$w")<user stack trace>\$" 3 5
kprobe_stop "$KP_PID" INT
expect_status "exit status" 0 "$STATUS" err
expect_count "events from the workload" 3 "$(task_re workload "$w")do_sys_openat2: " out
expect_count "user stacks from the workload" 3 "$(task_re workload "$w")<user stack trace>\$" out
expect_count "kernel stacks" 0 '<stack trace>$' out
expect_match "the system call's frame named in the workload's file" \
    '^ => [_a-zA-Z0-9]*open[_a-zA-Z0-9]*\+0x[0-9a-f]+ \(/usr/bin/workload\)$' out
expect_all_match "every line is an event, a stack trace or a frame" \
    "($TRACE_LINE|^ => [^ ]+)" out
check_final out err
expect_eq "global options/userstacktrace" 0 "$(cat "$T/options/userstacktrace")"
expect_eq "global options/sym-userobj" 0 "$(cat "$T/options/sym-userobj")"
state_compare before
pass "user stacks of a kernel probe named"
