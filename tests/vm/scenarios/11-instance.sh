#!/bin/sh
# While running, everything lives in the private instance kprobe_<pid>:
# the probe (custom name myopen) is in group kprobe_<pid>, enabled in the
# instance only; global tracing_on and the top-level event stay untouched.
. /tests/lib.sh

state_snapshot before
kprobe_start out err -d 3 'p:myopen do_sys_openat2' || exit 1
inst=$T/instances/kprobe_$KP_PID
grp=kprobe_$KP_PID
if [ -d "$inst" ]; then
	expect_eq "instances/$grp/tracing_on" 1 "$(cat "$inst/tracing_on")"
	expect_eq "instances/$grp/events/$grp/myopen__$KP_PID/enable" 1 \
	    "$(cat "$inst/events/$grp/myopen__$KP_PID/enable" 2>&1)"
else
	fail "expected instance $inst while running, got: $(ls "$T/instances" | tr '\n' ' ')"
fi
grep "$grp/myopen__$KP_PID " "$T/kprobe_events" > probes
expect_match "probe in kprobe_events" "^p:$grp/myopen__$KP_PID do_sys_openat2" probes
expect_eq "top-level events/$grp/myopen__$KP_PID/enable" 0 \
    "$(cat "$T/events/$grp/myopen__$KP_PID/enable" 2>&1)"
expect_eq "top-level tracing_on" 1 "$(cat "$T/tracing_on")"
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
ev="$(task_re workload "$W_PID")myopen: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\)\$"
expect_count "myopen events from the workload" 3 "$ev" out
[ -d "$inst" ] && fail "instance $inst still there after the run"
expect_nomatch "top-level trace has no myopen events" 'myopen:' "$T/trace"
check_final out err
state_compare before "after the run"
pass "probe and instance private, removed at the end"
