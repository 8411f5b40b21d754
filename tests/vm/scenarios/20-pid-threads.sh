#!/bin/sh
# -p PID traces that process only, including a thread it creates after the
# tracer started; another process opening the same file is not shown.
. /tests/lib.sh

state_snapshot before
# the workload waits (up to 20 s, or until SIGUSR1) before it starts the thread
bg w.out w.err "$WORKLOAD" thread-later 20000 /etc/hostname 5
wpid=$BG_PID
wait_for w.out '^pid ' 5 || die "workload did not start"
kprobe_start out err -p "$wpid" "p:do_sys_openat2 file=+0(${ARG2}):string" ||
    exit 1
work open /etc/hostname 3		# another process: not traced
other=$W_PID
kill -USR1 "$wpid"
wait_exit "$wpid" 10
tid=$(sed -n 's/^thread //p' w.out)
[ -n "$tid" ] || die "workload printed no thread id"
expect_ne "thread id differs from the pid" "$wpid" "$tid"
wait_for_count out "$(task_re workload "$tid")" 5 5
kprobe_stop "$KP_PID" INT
expect_status "exit status after SIGINT" 0 "$STATUS" err
expect_count "events from the thread created after start" 5 \
    "$(task_re workload "$tid")do_sys_openat2: .* file=\"/etc/hostname\"\$" out
expect_count "events from the other process $other" 0 \
    "$(task_re workload "$other")" out
expect_all_match "only the traced process" "^ *(workload|<\\.\\.\\.>)-($wpid|$tid) " out
check_final out err
state_compare before
pass "pid $wpid and its new thread $tid traced, nothing else"
