#!/bin/sh
# --latency: 3 sleeps of 20 ms and 2 of 100 ms timed from entry to return
# of do_nanosleep, per process name, in the kernel's log2 buckets of
# microseconds; as JSON. Nothing is left behind.
. /tests/lib.sh

cp "$WORKLOAD" ./napwl
state_snapshot before

begin by-comm
kprobe_start out err --latency --by comm p:do_nanosleep 'comm == "napwl"' || exit 1
./napwl fork naps 3 20 > /dev/null
./napwl fork naps 2 100 > /dev/null
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err
cat > want <<'W'
do_nanosleep latency (us), comm=napwl
  [16385, 32769)  3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
  [32769, 65537)  0 |                                        |
  [65537, 131073) 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@              |
W
expect_eq "the histogram" "$(cat want)" "$(cat out)"
expect_eq "closing line" "5 events counted, 0 dropped, 0 missed" "$(tail -n 1 err)"
state_compare before
pass "--latency --by comm: 20 ms and 100 ms sleeps in their buckets"

begin json
kprobe_start out.j err.j --json --latency p:do_nanosleep 'comm == "napwl"' || exit 1
./napwl fork naps 2 20 > /dev/null
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err.j
expect_eq "the object" '{"type":"hist","event":"do_nanosleep","key":{},"field":"latency","unit":"us","buckets":[{"min":16385,"max":32768,"count":2}]}' "$(jq -c 'select(.type == "hist")' out.j)"
expect_eq "summary" '{"type":"summary","counted":2,"dropped":0,"missed":0,"unreadable":0}' "$(tail -n 1 out.j)"
state_compare before
pass "--latency --json: one hist object, unit us"
