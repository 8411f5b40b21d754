#!/bin/sh
# -n N prints exactly N events and ends by itself, at once, even when no
# further event comes; with -s the last event keeps its stack; with -d the
# first N events of the buffer are printed. Nothing is left behind.
. /tests/lib.sh

DEF="p:do_sys_openat2 file=+0(${ARG2}):string"
FILTER='file == "/etc/hostname"'
state_snapshot before

begin exact
kprobe_start out err -n 3 "$DEF" "$FILTER" || exit 1
work open /etc/hostname 10
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
expect_eq "event lines" 3 "$(count "$TRACE_LINE" out)"
expect_count "events from the workload" 3 \
    "$(task_re workload "$W_PID")do_sys_openat2: .* file=\"/etc/hostname\"\$" out
expect_eq "final line" "3 events printed, 0 lost, 0 missed" "$(tail -n 1 err)"
state_compare before
pass "-n 3: 3 of 10 events, exit 0"

begin prompt
# exactly 2 events come, then none: the run must not wait for a third
kprobe_start out.p err.p -n 2 "$DEF" "$FILTER" || exit 1
work open /etc/hostname 2
t0=$(uptime_ms)
wait_exit "$KP_PID" 20
t1=$(uptime_ms)
expect_status "exit status" 0 "$STATUS" err.p
expect_count "events from the workload" 2 "$(task_re workload "$W_PID")do_sys_openat2: " out.p
[ $((t1 - t0)) -le 5000 ] || fail "exit took $((t1 - t0)) ms after the last event"
check_final out.p err.p
state_compare before
pass "-n 2: ended $((t1 - t0)) ms after the workload's 2nd event"

begin stack
kprobe_start out.s err.s -s -n 2 "$DEF" "$FILTER" || exit 1
work open /etc/hostname 5
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err.s
expect_count "events" 2 "$(task_re workload "$W_PID")do_sys_openat2: " out.s
expect_count "stack traces" 2 "$(task_re workload "$W_PID")<stack trace>\$" out.s
tail -n 1 out.s > last.s
expect_match "the last line is a frame of the 2nd event's stack" '^ => ' last.s
check_final out.s err.s
state_compare before
pass "-s -n 2: 2 events, each with its stack"

begin buffered
kprobe_start out.d err.d -d 2 -n 2 "$DEF" "$FILTER" || exit 1
work open /etc/hostname 5
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err.d
expect_eq "event lines" 2 "$(count "$TRACE_LINE" out.d)"
expect_count "events from the workload" 2 "$(task_re workload "$W_PID")do_sys_openat2: " out.d
check_final out.d err.d
state_compare before
pass "-d 2 -n 2: the first 2 of 5 buffered events"
