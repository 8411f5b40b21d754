#!/bin/sh
# --latency with more calls in flight than its return probe's instances:
# 16 threads sleep 300 ms at once in do_nanosleep, whose return probe has
# the kernel's default MAXACTIVE M, as dynamic_events shows it: max(10,
# 2 * CPUs), 10 with 2 CPUs; a kernel without CONFIG_PREEMPTION (no
# PREEMPT in uname -v: arm64's) took the number of CPUs until the two were
# made one (arm64's 6.1: 2). The 16 - M returns it missed are timed by no
# one: the histogram has the M calls whose return was seen, the closing
# line and the warning have the misses as kprobe_profile counts them.
# Between reading kprobe_profile and the end of the tool, this script makes
# no nanosleep() of its own.
. /tests/lib.sh

cp "$WORKLOAD" ./napwl
state_snapshot before

read -r possible < /sys/devices/system/cpu/possible
cpus=$((${possible##*-} + 1))
dflt=$((2 * cpus > 10 ? 2 * cpus : 10))
kprobe_start out err --latency p:do_nanosleep 'comm == "napwl"' || exit 1
m=$(sed -n "s|^r\([0-9]*\):kprobe_$KP_PID/do_nanosleep_ret__$KP_PID .*|\1|p" "$T/dynamic_events")
detail "MAXACTIVE $m, $cpus CPUs, $(uname -v)"
case $(uname -v) in
*PREEMPT*) expect_eq "MAXACTIVE: max(10, 2 * CPUs)" "$dflt" "$m" ;;
*) expect_eq "MAXACTIVE: max(10, 2 * CPUs) or the CPUs" yes \
    "$([ "$m" = "$dflt" ] || [ "$m" = "$cpus" ] && echo yes || echo no)" ;;
esac
m=${m:-10}
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
detail "kprobe_profile: $*"
expect_eq "misses of 16 concurrent sleepers with $m instances" $((16 - m)) "$missed"
expect_match "warning with the kernel's count" \
    "^kprobe: warning: return probe 'kprobe_$KP_PID/do_nanosleep_ret' missed $((16 - m)) of 16 calls: more were in flight than its MAXACTIVE of $m\$" err
cat > want <<W
do_nanosleep latency (us)
  [262145, 524289) $m |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
W
expect_eq "the histogram: the $m returns seen" "$(cat want)" "$(cat out)"
expect_eq "closing line" "$m events counted, 0 dropped, $((16 - m)) missed" "$(tail -n 1 err)"
state_compare before
pass "--latency: $((16 - m)) of 16 returns missed with MAXACTIVE $m, $m timed"
