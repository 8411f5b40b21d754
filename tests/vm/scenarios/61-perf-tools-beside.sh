#!/bin/sh
# kprobe and perf-tools' kprobe (kprobe-perf) on the same function at the
# same time: each sees the workload, both end cleanly whichever ends first,
# and kprobe-perf's own probe (kprobes/do_sys_openat2) is gone afterwards.
# kprobe-perf removes its probe with "-:do_sys_openat2", which the kernel
# matches by event name in every group.
. /tests/lib.sh

state_snapshot before

# perf_start SECS - start kprobe-perf -d SECS p:do_sys_openat2 and wait
# until it traces (its "sleep" child runs); sets PERF_PID
perf_start() {
	rm -f /var/tmp/.ftrace-lock
	bg perf.out perf.err "$KPROBE_PERF" -d "$1" p:do_sys_openat2
	PERF_PID=$BG_PID
	_n=200
	while ! has_child "$PERF_PID" sleep && alive "$PERF_PID" && [ $_n -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	has_child "$PERF_PID" sleep || fail "kprobe-perf did not start tracing"
}

# perf_end - wait for kprobe-perf; it exits 0, warns of no failed command,
# printed the workload's 3 opens and left no probe behind
perf_end() {
	wait_exit "$PERF_PID" 20
	expect_status "kprobe-perf exit status" 0 "$STATUS" perf.err
	if grep -q 'WARNING' perf.err; then
		fail "kprobe-perf could not clean up"
		detail_file "kprobe-perf stderr" perf.err 4
	fi
	expect_count "kprobe-perf's events" 3 "$(task_re workload "$W_PID")do_sys_openat2: " perf.out
	if grep -q 'kprobes/do_sys_openat2 ' "$T/kprobe_events"; then
		fail "kprobe-perf's probe is left in kprobe_events"
		detail_file "kprobe_events" "$T/kprobe_events" 4
		echo '-:kprobes/do_sys_openat2' >> "$T/kprobe_events"
	fi
}

kp_end() {
	kprobe_stop "$KP_PID"
	expect_status "kprobe exit status" 0 "$STATUS" kp.err
	expect_count "kprobe's events" 3 "$(task_re workload "$W_PID")do_sys_openat2: " kp.out
	check_final kp.out kp.err
}

begin kprobe-perf-ends-first
kprobe_start kp.out kp.err p:do_sys_openat2 || exit 1
perf_start 3
work open /etc/hostname 3
perf_end
kp_end
state_compare before
pass "kprobe-perf ended first, its probe is gone"

begin kprobe-ends-first
perf_start 6
kprobe_start kp.out kp.err p:do_sys_openat2 || exit 1
work open /etc/hostname 3
kp_end
perf_end
state_compare before
pass "kprobe ended first, kprobe-perf's probe is gone"
