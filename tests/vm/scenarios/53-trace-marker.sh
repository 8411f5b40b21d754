#!/bin/sh
# What another user wrote to the global buffer (trace_marker) survives a
# run, whether it ends by -d or by SIGINT.
. /tests/lib.sh

tracefs_mount
echo "kprobe-vm-marker-one" > "$T/trace_marker" || die "cannot write trace_marker"
state_snapshot before

kprobe_start out1 err1 -d 1 p:do_sys_openat2 || exit 1
work open /etc/hostname 2
wait_exit "$KP_PID" 20
expect_status "exit status (-d)" 0 "$STATUS" err1
expect_match "marker kept after a -d run" 'kprobe-vm-marker-one' "$T/trace"

echo "kprobe-vm-marker-two" > "$T/trace_marker"
kprobe_start out2 err2 p:do_sys_openat2 || exit 1
work open /etc/hostname 2
sleep 0.5
kprobe_stop "$KP_PID" INT
expect_status "exit status (SIGINT)" 0 "$STATUS" err2
expect_match "first marker kept after a SIGINT run" 'kprobe-vm-marker-one' "$T/trace"
expect_match "second marker kept after a SIGINT run" 'kprobe-vm-marker-two' "$T/trace"
expect_nomatch "no tool events in the global buffer" 'do_sys_openat2: ' "$T/trace"
state_compare before
pass "global buffer untouched"
