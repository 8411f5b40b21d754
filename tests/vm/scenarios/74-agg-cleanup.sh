#!/bin/sh
# Every way out of an aggregating run removes its triggers, synthetic
# events and probes; a run killed with SIGKILL leaves them, and the next
# run removes them, as does --cleanup; so for the flight recorder
# (--until), whose traceoff trigger and overwriting buffer a SIGKILL leaves.
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

OPEN="p:myopen do_sys_openat2 file=+0(${ARG2}):string"
RET='r:myret do_sys_openat2 ret=$retval:s64'
for next in run cleanup; do
	begin "until-kill-9-$next"
	kprobe_start out.u err.u --until 'myret if ret == -99' "$OPEN" "$RET" || exit 1
	inst=$T/instances/kprobe_$KP_PID
	kill -9 "$KP_PID"
	wait_exit "$KP_PID" 10
	expect_eq "the killed run's probes left" "kprobe_$KP_PID/myopen__$KP_PID kprobe_$KP_PID/myret__$KP_PID" \
	    "$(sed -nE "s/^[pr][0-9]*:([^ ]+__$KP_PID) .*/\1/p" $T/kprobe_events | tr '\n' ' ' | sed 's/ $//')"
	expect_eq "its traceoff trigger left" "traceoff:unlimited if ret == -99" \
	    "$(cat "$inst/events/kprobe_$KP_PID/myret__$KP_PID/trigger")"
	expect_eq "its buffer still overwrites" 1 "$(cat "$inst/options/overwrite")"
	if [ $next = run ]; then
		run_kprobe n -d 0.2 "$DEF"
	else
		run_kprobe n --cleanup
		expect_match "reported" "removed instance 'kprobe_$KP_PID'" n.err
	fi
	expect_status "exit status" 0 "$STATUS" n.err
	[ -d "$inst" ] && fail "instance kprobe_$KP_PID still there"
	state_compare before
	pass "--until, kill -9, then $next: its trigger, instance and probes removed"
done
