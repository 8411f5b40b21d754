#!/bin/sh
# Probes the user made before the run are there, unchanged and still
# enabled, after it; the user's global tracing goes on meanwhile.
. /tests/lib.sh

tracefs_mount
echo 'p:userprobes/mine do_sys_openat2' >> "$T/kprobe_events" ||
    die "cannot add user probe"
# the name perf-tools' kprobe would use, in its group, not enabled
echo 'p:kprobes/do_sys_openat2 do_sys_openat2' >> "$T/kprobe_events" ||
    die "cannot add kprobes/do_sys_openat2"
echo 1 > "$T/events/userprobes/mine/enable"
echo > "$T/trace"
state_snapshot before

begin duration
kprobe_start out1 err1 -d 1 p:do_sys_openat2 || exit 1
work open /etc/hostname 2
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err1
expect_count "tool's events from the workload" 2 \
    "$(task_re workload "$W_PID")do_sys_openat2: " out1
expect_eq "user's probe still enabled" 1 \
    "$(cat "$T/events/userprobes/mine/enable" 2>&1)"
expect_count "user's global trace got the workload's events" 2 \
    "$(task_re workload "$W_PID")mine: " "$T/trace"
state_compare before
pass "user probes kept and enabled"

begin sigint
kprobe_start out2 err2 p:do_sys_openat2 || exit 1
work open /etc/hostname 2
wait_for_count out2 "$(task_re workload "$W_PID")" 2 5
kprobe_stop "$KP_PID" INT
expect_status "exit status" 0 "$STATUS" err2
expect_eq "user's probe still enabled" 1 \
    "$(cat "$T/events/userprobes/mine/enable" 2>&1)"
state_compare before
pass "user probes kept and enabled after SIGINT"

echo 0 > "$T/events/userprobes/mine/enable"
echo '-:userprobes/mine' >> "$T/kprobe_events"
echo '-:kprobes/do_sys_openat2' >> "$T/kprobe_events"
