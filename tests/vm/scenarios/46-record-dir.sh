#!/bin/sh
# The record of user-named probes lives in /run/kprobe. A run that cannot
# create it (a read-only /run, or no /run at all) still traces, with one
# warning, and removes its probes at the end. One that is a symbolic link,
# or that others can write to, is not used: the same, and nothing is
# written where it points.
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

# run_untrusted NAME WHAT: as run_without_record, /run/kprobe being WHAT
run_untrusted() {
	kprobe_start out.$1 err.$1 -d 2 'p:mygrp/myopen do_sys_openat2' || return
	work open /etc/hostname 3
	wait_exit "$KP_PID" 20
	expect_status "exit status" 0 "$STATUS" err.$1
	expect_count "events" 3 "$(task_re workload "$W_PID")myopen: " out.$1
	expect_count "lock warning" 1 \
		"^kprobe: warning: '/run/kprobe' $2; tracing without a run lock" err.$1
	expect_count "record warning" 1 \
		"^kprobe: warning: '/run/kprobe' $2: if this run is killed, its probes in groups you named stay\$" \
		err.$1
	check_final out.$1 err.$1
}

begin symlink-run-dir
saved=
[ -e /run/kprobe ] && { saved=/tmp/run-kprobe.saved; mv /run/kprobe "$saved"; }
mkdir -p /tmp/elsewhere
ln -s /tmp/elsewhere /run/kprobe
run_untrusted link "is a symbolic link"
left=$(ls -A /tmp/elsewhere)
expect_eq "nothing written through the link" "" "$left"
rm /run/kprobe
rmdir /tmp/elsewhere
pass "symlinked /run/kprobe: traced, warned, nothing written through it"

begin world-writable-run-dir
mkdir -m 0777 /run/kprobe
chmod 0777 /run/kprobe
run_untrusted open "is writable by anyone \\(mode 0777\\)"
left=$(ls -A /run/kprobe)
expect_eq "nothing written there" "" "$left"
rmdir /run/kprobe
[ -n "$saved" ] && mv "$saved" /run/kprobe
state_compare before
pass "world-writable /run/kprobe: traced, warned, not used"
