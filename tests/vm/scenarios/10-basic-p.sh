#!/bin/sh
# kprobe -d 2 p:do_sys_openat2: buffered capture, event named after the
# function, trace_pipe-style lines, messages on stderr, exit 0, nothing left.
. /tests/lib.sh

state_snapshot before
kprobe_start out err -d 2 p:do_sys_openat2 || exit 1
work open /etc/hostname 5
# -d is buffered: nothing is printed before the time is up
if alive "$KP_PID"; then
	expect_eq "stdout lines while -d 2 still runs (buffered)" 0 \
	    "$(wc -l < out)"
fi
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err

expect_match "start message" \
    '^Tracing kprobe do_sys_openat2 for 2 seconds \(buffered\)\.\.\.$' err
expect_match "end message" '^Ending tracing\.\.\.$' err
check_final out err
expect_nomatch "no messages on stdout" '^(Tracing|Ending)' out
expect_nomatch "no header lines without -H" '^#' out
ev="$(task_re workload "$W_PID")do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\)\$"
expect_count "events from the workload (5 opens)" 5 "$ev" out
expect_all_match "every stdout line is a trace line" "$TRACE_LINE" out
state_compare before "after the run"
pass "5 events, format and messages as expected"
