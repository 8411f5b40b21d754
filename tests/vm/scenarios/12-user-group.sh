#!/bin/sh
# p:mygrp/myopen: a group given by the user is used as is.
. /tests/lib.sh

state_snapshot before
kprobe_start out err -d 2 'p:mygrp/myopen do_sys_openat2' || exit 1
expect_match "probe mygrp/myopen while running" \
    '^p:mygrp/myopen do_sys_openat2' "$T/kprobe_events"
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
ev="$(task_re workload "$W_PID")myopen: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\)\$"
expect_count "myopen events from the workload" 3 "$ev" out
check_final out err
state_compare before "after the run"
pass "user group mygrp used and removed"
