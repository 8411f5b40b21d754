#!/bin/sh
# The record of user-named probes lives in /run/kprobe. A run that cannot
# create it (a read-only /run, or no /run at all) still traces, with one
# warning, and removes its probes at the end.
. /tests/lib.sh

# run_without_record NAME: trace 3 opens with a probe in a group of our own
run_without_record() {
	kprobe_start out.$1 err.$1 -d 2 'p:mygrp/myopen do_sys_openat2' || return
	work open /etc/hostname 3
	wait_exit "$KP_PID" 20
	expect_status "exit status" 0 "$STATUS" err.$1
	expect_count "events" 3 "$(task_re workload "$W_PID")myopen: " out.$1
	expect_count "one warning" 1 \
		"^kprobe: warning: cannot create '/run/kprobe' \\(.*\\): if this run is killed, its probes in groups you named stay\$" \
		err.$1
	check_final out.$1 err.$1
}

state_snapshot before

begin read-only-run
mount -t tmpfs -o ro,size=64k none /run || die "cannot mount a read-only /run"
run_without_record ro
umount /run
state_compare before
pass "read-only /run: traced, warned, cleaned up: $(grep warning err.ro)"

begin no-run
# /run is a mount point in the guest: take it away for the run
mkdir -p /tmp/run.saved
mount --move /run /tmp/run.saved 2>/dev/null || mount -o bind /run /tmp/run.saved
umount /run 2>/dev/null
rmdir /run || die "cannot remove /run"
run_without_record none
mkdir /run
mount --move /tmp/run.saved /run 2>/dev/null || mount -o bind /tmp/run.saved /run
state_compare before
pass "no /run: traced, warned, cleaned up"
