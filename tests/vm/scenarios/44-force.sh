#!/bin/sh
# -F skips the tool's function check: a good definition still works, a bad
# one is left to the kernel, whose error is shown.
. /tests/lib.sh

state_snapshot before

begin good
kprobe_start out err -F -d 1 p:do_sys_openat2 || exit 1
work open /etc/hostname 2
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
expect_count "events from the workload" 2 \
    "$(task_re workload "$W_PID")do_sys_openat2: " out
state_compare before
pass "-F with an existing function"

begin missing
run_kprobe nf -F -d 1 p:do_sys_opn
expect_status "exit status" 1 "$STATUS" nf.err
expect_match "kernel's error text" 'Invalid probed address or symbol' nf.err
expect_match "caret line" '^ *\^ *$' nf.err
state_compare before
pass "-F with a missing function: kernel error"
