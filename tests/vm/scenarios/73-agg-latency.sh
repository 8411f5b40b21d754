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
# A sleep never ends before its time, but under a loaded host's TCG one
# can end a bucket or two late: the rows must be the kernel's true edges,
# the first at 20 ms's bucket, the 100 ms sleeps at or above theirs
expect_eq "the histogram's header" "do_nanosleep latency (us), comm=napwl" "$(head -n 1 out)"
rows=$(sed 1d out | awk '!/^  \[[0-9]+, [0-9]+\) +[0-9]+ \|[@ ]+\|$/ { bad++ }
	{ gsub(/[\[\),]/, " "); n += $3; if ($1 >= 65537) long += $3; if (NR == 1) first = $1 }
	END { printf "%d %d %d %d", bad, n, long, first }')
detail "rows: $(sed 1d out | tr '\n' ';')"
expect_eq "rows as [LOW, HIGH) COUNT |bar|; total; at or above 65537; first row" "0 5 2 16385" "$rows"
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
