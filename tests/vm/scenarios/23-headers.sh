#!/bin/sh
# -H prints the kernel's column headers (lines starting with #) first.
. /tests/lib.sh

state_snapshot before
kprobe_start out err -H -d 1 p:do_sys_openat2 || exit 1
work open /etc/hostname 2
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
expect_eq "first line" "# tracer: nop" "$(head -n 1 out)"
expect_match "column header" '^# +TASK-PID +CPU# .*TIMESTAMP +FUNCTION' out
# all the # lines come before the first event
first_ev=$(grep -nE "$TRACE_LINE" out | head -n 1 | cut -d: -f1)
last_hdr=$(grep -n '^#' out | tail -n 1 | cut -d: -f1)
if [ -n "$first_ev" ] && [ -n "$last_hdr" ] && [ "$last_hdr" -gt "$first_ev" ]; then
	fail "header line $last_hdr after the first event (line $first_ev)"
fi
expect_count "events from the workload" 2 \
    "$(task_re workload "$W_PID")do_sys_openat2: " out
check_final out err
state_compare before
pass "headers then events"
