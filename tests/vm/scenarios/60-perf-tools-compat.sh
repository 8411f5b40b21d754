#!/bin/sh
# Same workload, same definition: kprobe and perf-tools' kprobe (kprobe-perf)
# show the same events (event name and arguments, after the timestamp).
. /tests/lib.sh

state_snapshot before

# capture TOOL PREFIX DEF...: run TOOL -d 2 DEF..., open /etc/hostname 3
# times, keep the workload's lines without comm/pid/cpu/flags/timestamp
capture() {
	_tool=$1
	_p=$2
	shift 2
	rm -f /var/tmp/.ftrace-lock
	bg "$_p.out" "$_p.err" "$_tool" -d 2 "$@"
	_pid=$BG_PID
	if [ "$_tool" = "$KPROBE_PERF" ]; then
		# kprobe-perf says "Tracing" before it sets up, then enables,
		# clears the buffer and runs "sleep 2": wait for that sleep
		_n=200
		while ! has_child "$_pid" sleep && alive "$_pid" && [ $_n -gt 0 ]; do
			sleep 0.1
			_n=$((_n - 1))
		done
		has_child "$_pid" sleep || fail "kprobe-perf did not start tracing"
	else
		wait_for "$_p.err" '^Tracing ' 10 ||
		    fail "kprobe: no 'Tracing' message within 10 s"
	fi
	work open /etc/hostname 3
	wait_exit "$_pid" 20
	expect_status "$_tool exit status" 0 "$STATUS" "$_p.err"
	from_task workload "$W_PID" "$_p.out" > "$_p.wl"
	event_part "$_p.wl" > "$_p.ev"
}

compare() {
	expect_eq "events from kprobe-perf" 3 "$(wc -l < "$1.ev")"
	if ! diff "$1.ev" "$2.ev" > "$2.diff"; then
		fail "kprobe's events differ from kprobe-perf's"
		detail_file "kprobe-perf" "$1.ev" 5
		detail_file "kprobe" "$2.ev" 5
		detail_file "kprobe-perf stdout" "$1.out" 8
		detail_file "kprobe-perf stderr" "$1.err" 4
	fi
}

begin entry-string
capture "$KPROBE_PERF" perf1 "p:do_sys_openat2 file=+0(${ARG2}):string"
capture "$KPROBE" kp1 "p:do_sys_openat2 file=+0(${ARG2}):string"
compare perf1 kp1
state_compare before
pass "$(head -n 1 kp1.ev)"

begin return-value
capture "$KPROBE_PERF" perf2 'r:do_sys_openat2 $retval'
capture "$KPROBE" kp2 'r:do_sys_openat2 $retval'
compare perf2 kp2
state_compare before
pass "$(head -n 1 kp2.ev)"

begin custom-name
capture "$KPROBE_PERF" perf3 "p:myopen do_sys_openat2 dfd=${ARG1}:s32"
capture "$KPROBE" kp3 "p:myopen do_sys_openat2 dfd=${ARG1}:s32"
compare perf3 kp3
state_compare before
pass "$(head -n 1 kp3.ev)"
