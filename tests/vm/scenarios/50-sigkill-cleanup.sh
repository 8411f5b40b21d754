#!/bin/sh
# SIGKILL leaves the instance and probes behind; "kprobe --cleanup" or the
# next run removes them. --cleanup leaves a live run's instance alone.
. /tests/lib.sh

state_snapshot before

# start a run and SIGKILL it; sets dead to its pid
killed_run() {
	kprobe_start "out.$1" "err.$1" 'p:myopen do_sys_openat2' || return 1
	dead=$KP_PID
	kill -KILL "$dead"
	wait_exit "$dead" 5
}

begin leftover
killed_run a || exit 1
[ -d "$T/instances/kprobe_$dead" ] ||
    fail "expected instance kprobe_$dead after SIGKILL, got: $(kprobe_instances | tr '\n' ' ')"
expect_match "probe left in kprobe_events" "^p:kprobe_$dead/myopen__$dead " "$T/kprobe_events"
pass "SIGKILL left kprobe_$dead behind"

begin cleanup-option
run_kprobe cl --cleanup
expect_status "kprobe --cleanup" 0 "$STATUS" cl.err
[ -d "$T/instances/kprobe_$dead" ] && fail "instance kprobe_$dead still there"
expect_nomatch "probes of kprobe_$dead gone" "kprobe_$dead/" "$T/kprobe_events"
state_compare before "after --cleanup"
pass "--cleanup removed kprobe_$dead"

begin next-run-cleans
killed_run b || exit 1
run_kprobe next -d 0.5 p:do_sys_openat2
expect_status "exit status of the next run" 0 "$STATUS" next.err
[ -d "$T/instances/kprobe_$dead" ] && fail "instance kprobe_$dead still there"
expect_nomatch "probes of kprobe_$dead gone" "kprobe_$dead/" "$T/kprobe_events"
state_compare before "after the next run"
pass "the next run removed kprobe_$dead"

begin cleanup-spares-live
kprobe_start out.live err.live 'p:myopen do_sys_openat2' || exit 1
live=$KP_PID
run_kprobe cl2 --cleanup
expect_status "kprobe --cleanup" 0 "$STATUS" cl2.err
[ -d "$T/instances/kprobe_$live" ] ||
    fail "--cleanup removed the instance of live run $live"
expect_match "live run's probe kept" "^p:kprobe_$live/myopen__$live " "$T/kprobe_events"
work open /etc/hostname 3
wait_for_count out.live "$(task_re workload "$W_PID")myopen: " 3 5
kprobe_stop "$live" INT
expect_status "live run's exit status" 0 "$STATUS" err.live
expect_count "live run still saw the events" 3 \
    "$(task_re workload "$W_PID")myopen: " out.live
state_compare before
pass "--cleanup left live run $live alone"
