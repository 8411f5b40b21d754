#!/bin/sh
# Return probes: r:FUNC $retval and p:FUNC%return. The workload's opens
# succeed with fd 3, so $retval is 0x3 (6.1) or 3 (6.12 types $retval
# from BTF and prints it in decimal).
. /tests/lib.sh

state_snapshot before

begin r-retval
kprobe_start out1 err1 -d 2 'r:do_sys_openat2 $retval' || exit 1
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err1
ev="$(task_re workload "$W_PID")do_sys_openat2: \\([^ ]+ <- do_sys_openat2\\) arg1=(0x)?3\$"
expect_count "return events with arg1=3" 3 "$ev" out1
check_final out1 err1
state_compare before
pass "r: with \$retval"

begin p-percent-return
kprobe_start out2 err2 -d 2 'p:do_sys_openat2%return' || exit 1
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err2
ev="$(task_re workload "$W_PID")do_sys_openat2: \\([^ ]+ <- do_sys_openat2\\)\$"
expect_count "return events named do_sys_openat2" 3 "$ev" out2
check_final out2 err2
state_compare before
pass "p:FUNC%return"
