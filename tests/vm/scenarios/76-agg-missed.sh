#!/bin/sh
# --latency with more calls in flight than its return probe's instances:
# 16 threads sleep 300 ms at once in do_nanosleep, whose return probe has
# the kernel's default MAXACTIVE (10 with 2 CPUs: max(10, 2 * CPUs)). The
# returns it missed are timed by no one: the histogram has the calls whose
# return was seen, the closing line and the warning have the misses as
# kprobe_profile counts them. Between reading kprobe_profile and the end
# of the tool, this script makes no nanosleep() of its own.
. /tests/lib.sh

cp "$WORKLOAD" ./napwl
state_snapshot before

kprobe_start out err --latency p:do_nanosleep 'comm == "napwl"' || exit 1
./napwl sleepers 16 300
cp "$T/kprobe_profile" profile
kill -INT "$KP_PID"
wait "$KP_PID"
STATUS=$?
expect_status "exit status" 0 "$STATUS" err
# "  EVENT  HITS  MISSED": the return probe's line (its event carries the run's pid)
set -- $(grep "^ *do_nanosleep_ret__$KP_PID " profile)
expect_eq "kprobe_profile line" "do_nanosleep_ret__$KP_PID" "$1"
missed=$3
# the kernel counts every task's calls: another's nanosleep may come in
calls=$(($2 + $3))
detail "kprobe_profile: $*"
expect_eq "misses of 16 concurrent sleepers with 10 instances" 6 "$missed"
expect_match "warning with the kernel's count" \
    "^kprobe: warning: return probe 'kprobe_$KP_PID/do_nanosleep_ret' missed 6 of $calls calls: more were in flight than its MAXACTIVE of 10\$" err
cat > want <<'W'
do_nanosleep latency (us)
  [262145, 524289) 10 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
W
expect_eq "the histogram: the 10 returns seen" "$(cat want)" "$(cat out)"
expect_eq "closing line" "10 events counted, 0 dropped, 6 missed" "$(tail -n 1 err)"
state_compare before
pass "--latency: 6 of 16 returns missed with MAXACTIVE 10, 10 timed"
