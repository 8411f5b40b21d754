#!/bin/sh
# -d 0 and fractional -d are valid and end on time.
. /tests/lib.sh

state_snapshot before

begin zero
run_kprobe d0 -d 0 p:do_sys_openat2
expect_status "exit status" 0 "$STATUS" d0.err
expect_match "start message" '^Tracing kprobe do_sys_openat2 for 0 seconds' d0.err
check_final d0.out d0.err
state_compare before
pass "-d 0"

begin fraction
bg w.out w.err "$WORKLOAD" open /etc/hostname 300 10	# ~3+ s of opens
w=$BG_PID
t0=$(uptime_ms)
run_kprobe d05 -d 0.5 p:do_sys_openat2
t1=$(uptime_ms)
expect_status "exit status" 0 "$STATUS" d05.err
expect_ge "events from the workload during 0.5 s" 1 \
    "$(count "$(task_re workload "$w")do_sys_openat2: " d05.out)"
[ $((t1 - t0)) -le 8000 ] || fail "-d 0.5 took $((t1 - t0)) ms"
check_final d05.out d05.err
kill "$w" 2>/dev/null
wait_exit "$w" 5
state_compare before
pass "-d 0.5 took $((t1 - t0)) ms"
