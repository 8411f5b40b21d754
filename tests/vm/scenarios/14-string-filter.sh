#!/bin/sh
# String fetch (x86_64: do_sys_openat2's filename is in %si) and a filter.
. /tests/lib.sh

state_snapshot before

begin fetch
kprobe_start out1 err1 -d 2 "p:do_sys_openat2 file=+0(${ARG2}):string" || exit 1
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err1
ev="$(task_re workload "$W_PID")do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\"/etc/hostname\"\$"
expect_count "events with file=\"/etc/hostname\"" 3 "$ev" out1
check_final out1 err1
state_compare before
pass "string fetch"

begin filter
kprobe_start out2 err2 -d 2 "p:do_sys_openat2 file=+0(${ARG2}):string" \
    'file ~ "*passwd*"' || exit 1
work open /etc/hostname 3
work open /etc/passwd 4
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err2
ev="$(task_re workload "$W_PID")do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\"/etc/passwd\"\$"
expect_count "passwd events" 4 "$ev" out2
expect_all_match "only events matching the filter" 'file="[^"]*passwd[^"]*"$' out2
check_final out2 err2
state_compare before
pass "filter keeps only file ~ *passwd*"
