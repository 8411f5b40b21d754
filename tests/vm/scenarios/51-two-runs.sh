#!/bin/sh
# Two runs at once with the same definition both see every event; ending
# one does not disturb the other.
. /tests/lib.sh

state_snapshot before
def="p:do_sys_openat2 file=+0(${ARG2}):string"
kprobe_start out.a err.a "$def" || exit 1
a=$KP_PID
kprobe_start out.b err.b "$def" || exit 1
b=$KP_PID
work open /etc/hostname 4
w1=$W_PID
ev1="$(task_re workload "$w1")do_sys_openat2: .* file=\"/etc/hostname\"\$"
wait_for_count out.a "$ev1" 4 5
kprobe_stop "$a" INT
expect_status "run A exit status" 0 "$STATUS" err.a
work open /etc/passwd 2
w2=$W_PID
ev2="$(task_re workload "$w2")do_sys_openat2: .* file=\"/etc/passwd\"\$"
wait_for_count out.b "$ev2" 2 5
kprobe_stop "$b" INT
expect_status "run B exit status" 0 "$STATUS" err.b
expect_count "run A: events of the first workload" 4 "$ev1" out.a
expect_count "run B: events of the first workload" 4 "$ev1" out.b
expect_count "run B: events after A ended" 2 "$ev2" out.b
check_final out.a err.a
check_final out.b err.b
state_compare before
pass "both runs saw all events"
