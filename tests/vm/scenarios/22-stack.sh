#!/bin/sh
# -s adds a kernel stack after each event: a "<stack trace>" line and
# " => func" lines. The global stacktrace option is left alone.
. /tests/lib.sh

state_snapshot before
kprobe_start out err -s -d 2 p:do_sys_openat2 || exit 1
work open /etc/hostname 2
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
expect_count "events from the workload" 2 \
    "$(task_re workload "$W_PID")do_sys_openat2: " out
expect_ge "stack traces from the workload" 2 \
    "$(count "$(task_re workload "$W_PID")<stack trace>\$" out)"
expect_match "stack frames" "^ => (do_sys_openat2|${SYS}openat)" out
expect_match "syscall entry in the stack" "^ => ($SYSCALL_ENTRY)" out
expect_all_match "every line is an event, a stack trace or a frame" \
    "($TRACE_LINE|^ => [^ ]+)" out
check_final out err
expect_eq "global options/stacktrace" 0 "$(cat "$T/options/stacktrace")"
state_compare before
pass "stack traces shown"
