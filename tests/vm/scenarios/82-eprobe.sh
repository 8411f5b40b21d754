#!/bin/sh
# eprobes (e:) on both kernels (Debian builds CONFIG_EPROBE_EVENTS in,
# though its config lists no such line): a field of syscalls'
# sys_enter_openat fetched as a user string, with a filter on it. An
# event that does not exist is an error with suggestions.
. /tests/lib.sh

state_snapshot before

begin filtered
kprobe_start out err -d 2 'e:syscalls.sys_enter_openat name=+0($filename):ustring' \
    'name ~ "*hostname"' || exit 1
work open /etc/hostname 3
w1=$W_PID
work open /etc/passwd 2
w2=$W_PID
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
expect_count "eprobe events for /etc/hostname" 3 \
    "$(task_re workload "$w1")sys_enter_openat: \\(syscalls.sys_enter_openat\\) name=\"/etc/hostname\"\$" out
expect_count "events for /etc/passwd (filtered out)" 0 "$(task_re workload "$w2")" out
check_final out err
state_compare before
pass "e:syscalls.sys_enter_openat with a field filter: 3 events, the other 2 filtered"

begin no-such-event
run_kprobe ne -d 0 'e:syscalls.sys_enter_opnat'
expect_status "exit status" 1 "$STATUS" ne.err
expect_eq "error" "kprobe: no trace event 'syscalls.sys_enter_opnat'" "$(head -n 1 ne.err)"
expect_match "suggestion" "did you mean 'syscalls.sys_enter_openat'" ne.err
expect_nomatch "nothing traced" '^Tracing' ne.err
state_compare before
pass "e: on a missing event: $(head -n 1 ne.err)"
