#!/bin/sh
# A return probe with one instance (r1:) misses the returns of concurrent
# sleepers: the tool names the probe, counts the misses exactly as the
# kernel's kprobe_profile does, suggests a larger rN:, and the last line
# counts them. Between reading kprobe_profile and the end of the tool,
# this script makes no nanosleep() of its own (a sleeping shell would add
# misses), so the tool's count must equal the one read here.
. /tests/lib.sh

state_snapshot before

kprobe_start out err 'r1:hrtimer_nanosleep' || exit 1
"$WORKLOAD" sleepers 4 300
cp "$T/kprobe_profile" profile
kill -INT "$KP_PID"
wait "$KP_PID"
STATUS=$?
expect_status "exit status" 0 "$STATUS" err
# "  EVENT  HITS  MISSED": the run's only kprobe
# (the run's events carry its pid in the kernel)
set -- $(grep "^ *hrtimer_nanosleep__$KP_PID " profile)
expect_eq "kprobe_profile line" "hrtimer_nanosleep__$KP_PID" "$1"
missed=$3
expect_ge "misses of 4 concurrent sleepers with one instance" 3 "$missed"
expect_match "warning with the kernel's count" \
    "^kprobe: warning: return probe 'kprobe_$KP_PID/hrtimer_nanosleep' missed $missed of [0-9]+ calls: more were in flight than its MAXACTIVE of 1\$" err
expect_match "a larger rN: to try" \
    "^    try 'r([2-9]|[1-9][0-9]+):hrtimer_nanosleep' to keep up to [0-9]+ calls in flight\$" err
expect_match "last line counts the misses" "^[0-9]+ events printed, 0 lost, $missed missed\$" err
check_final out err
state_compare before
pass "r1: misses counted as kprobe_profile counts them ($missed)"
