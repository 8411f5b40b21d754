#!/bin/sh
# The tool finds tracefs itself: with tracefs unmounted (debugfs mounted,
# so /sys/kernel/debug/tracing can automount), and with neither mounted.
. /tests/lib.sh

state_snapshot before

begin debugfs-only
tracefs_unmount || die "cannot unmount tracefs"
kprobe_start out1 err1 -d 2 p:do_sys_openat2
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err1
expect_count "events from the workload" 3 \
    "$(task_re workload "$W_PID")do_sys_openat2: " out1
check_final out1 err1
state_compare before
pass "works with tracefs unmounted"

begin no-debugfs
tracefs_unmount || die "cannot unmount tracefs"
umount /sys/kernel/debug || die "cannot unmount debugfs"
kprobe_start out2 err2 -d 2 p:do_sys_openat2
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err2
expect_count "events from the workload" 3 \
    "$(task_re workload "$W_PID")do_sys_openat2: " out2
check_final out2 err2
grep -q ' /sys/kernel/debug debugfs ' /proc/mounts ||
    mount -t debugfs debugfs /sys/kernel/debug
state_compare before
pass "works with neither tracefs nor debugfs mounted"
