#!/bin/sh
# Every way out of an aggregating run removes its triggers, synthetic
# events and probes; a run killed with SIGKILL leaves them, and the next
# run removes them, as does --cleanup.
. /tests/lib.sh

DEF="p:do_sys_openat2 file=+0(${ARG2}):string"
state_snapshot before

for sig in INT TERM HUP; do
	begin "SIG$sig"
	kprobe_start out err --latency --by comm p:do_nanosleep || exit 1
	kprobe_stop "$KP_PID" $sig
	expect_status "exit status" 0 "$STATUS" err
	state_compare before
	pass "SIG$sig: --latency's triggers, synthetic event and probes are gone"
done

begin duration
run_kprobe d -d 0.5 --by comm --hist count "p:ksys_read count=${ARG3}:u64"
expect_status "exit status" 0 "$STATUS" d.err
state_compare before
pass "-d: ends by itself, nothing left"

for next in run cleanup; do
	begin "kill-9-$next"
	kprobe_start out.k err.k --latency --by comm p:do_nanosleep || exit 1
	kill -9 "$KP_PID"
	wait_exit "$KP_PID" 10
	grep -q "^s:synthetic/kprobe_${KP_PID}_lat0[[:space:]]" $T/dynamic_events ||
	    fail "no synthetic event left by the killed run"
	grep -q '^hist:' $T/instances/kprobe_$KP_PID/events/synthetic/kprobe_${KP_PID}_lat0/trigger ||
	    fail "no trigger left by the killed run"
	if [ $next = run ]; then
		run_kprobe n -d 0.2 --by comm "$DEF"
	else
		run_kprobe n --cleanup
		expect_match "reported" "removed instance 'kprobe_$KP_PID'" n.err
	fi
	expect_status "exit status" 0 "$STATUS" n.err
	state_compare before
	pass "kill -9, then $next: everything of the killed run removed"
done
