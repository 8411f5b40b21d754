#!/bin/sh
# Two definitions in one run, the first with a filter:
#   kprobe 'p:myopen do_sys_openat2 file=+0(%si):string' 'file ~ "*passwd*"' \
#          'r:myret do_sys_openat2 $retval'
. /tests/lib.sh

state_snapshot before
kprobe_start out err -d 2 "p:myopen do_sys_openat2 file=+0(${ARG2}):string" \
    'file ~ "*passwd*"' 'r:myret do_sys_openat2 $retval' || exit 1
work open /etc/hostname 2
w1=$W_PID
work open /etc/passwd 3
w2=$W_PID
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
expect_count "myopen events for /etc/passwd" 3 \
    "$(task_re workload "$w2")myopen: .* file=\"/etc/passwd\"\$" out
expect_count "myopen events for /etc/hostname (filtered out)" 0 \
    "$(task_re workload "$w1")myopen: " out
expect_count "myret events, first workload" 2 \
    "$(task_re workload "$w1")myret: \\([^ ]+ <- do_sys_openat2\\) arg1=(0x)?3\$" out
expect_count "myret events, second workload" 3 \
    "$(task_re workload "$w2")myret: \\([^ ]+ <- do_sys_openat2\\) arg1=(0x)?3\$" out
check_final out err
state_compare before
pass "two probes, filter applies to the first only"
