#!/bin/sh
# -L TID traces one thread: the workload's second thread, not its main one.
. /tests/lib.sh

state_snapshot before
bg w.out w.err "$WORKLOAD" tid 20000 /etc/hostname 4
wpid=$BG_PID
wait_for w.out '^tid ' 5 || die "workload did not start"
tid=$(sed -n 's/^tid //p' w.out)
kprobe_start out err -L "$tid" "p:do_sys_openat2 file=+0(${ARG2}):string" ||
    exit 1
kill -USR1 "$wpid"
wait_exit "$wpid" 10
wait_for_count out "$(task_re workload "$tid")" 4 5
kprobe_stop "$KP_PID" INT
expect_status "exit status after SIGINT" 0 "$STATUS" err
expect_count "events from thread $tid" 4 \
    "$(task_re workload "$tid")do_sys_openat2: .* file=\"/etc/hostname\"\$" out
expect_count "events from main thread $wpid" 0 \
    "$(task_re workload "$wpid")" out
expect_all_match "only thread $tid" "^ *(workload|<\\.\\.\\.>)-$tid " out
check_final out err
state_compare before
pass "only thread $tid traced"
