#!/bin/sh
# --hist: the kernel's log2 buckets of read sizes (3 reads of 1 byte, 5 of
# 100, 7 of 1000, 2 of 4096), linear buckets, one histogram per --by key;
# -i: intervals that add up to the total. Nothing is left behind.
. /tests/lib.sh

DEF="p:ksys_read count=${ARG3}:u64"
cp "$WORKLOAD" ./rdwl
reads() {
	./rdwl fork read /dev/zero 1 3 > /dev/null
	./rdwl fork read /dev/zero 100 5 > /dev/null
	./rdwl fork read /dev/zero 1000 7 > /dev/null
	./rdwl fork read /dev/zero 4096 2 > /dev/null
}
state_snapshot before

begin log2
kprobe_start out err --hist count "$DEF" 'comm == "rdwl"' || exit 1
reads
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err
cat > want <<'W'
ksys_read count
  [0, 2)       3 |@@@@@@@@@@@@@@@@@                       |
  [2, 3)       0 |                                        |
  [3, 5)       0 |                                        |
  [5, 9)       0 |                                        |
  [9, 17)      0 |                                        |
  [17, 33)     0 |                                        |
  [33, 65)     0 |                                        |
  [65, 129)    5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@            |
  [129, 257)   0 |                                        |
  [257, 513)   0 |                                        |
  [513, 1025)  7 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
  [1025, 2049) 0 |                                        |
  [2049, 4097) 2 |@@@@@@@@@@@                             |
W
expect_eq "the histogram" "$(cat want)" "$(cat out)"
expect_eq "closing line" "17 events counted, 0 dropped, 0 missed" "$(tail -n 1 err)"
state_compare before
pass "--hist count: 17 reads in the kernel's log2 buckets"

begin linear-json
kprobe_start out.l err.l --json --hist count:1024 "$DEF" 'comm == "rdwl"' || exit 1
reads
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err.l
expect_eq "buckets" '[{"min":0,"max":1023,"count":15},{"min":4096,"max":5119,"count":2}]' \
    "$(jq -c 'select(.type == "hist") | .buckets' out.l)"
expect_eq "type and unit" 'hist null count' "$(jq -r 'select(.type == "hist") | "\(.type) \(.unit) \(.field)"' out.l)"
state_compare before
pass "--hist count:1024 --json: linear buckets"

begin by-comm
cp "$WORKLOAD" ./rdwl2
kprobe_start out.c err.c --by comm --hist count "$DEF" 'comm == "rdwl" || comm == "rdwl2"' || exit 1
./rdwl fork read /dev/zero 100 5 > /dev/null
./rdwl2 fork read /dev/zero 1000 2 > /dev/null
kprobe_stop "$KP_PID"
cat > want.c <<'W'
ksys_read count, comm=rdwl
  [65, 129) 5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
ksys_read count, comm=rdwl2
  [513, 1025) 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
W
expect_eq "one histogram per comm" "$(cat want.c)" "$(cat out.c)"
state_compare before
pass "--by comm --hist count: one histogram per process name"

begin interval
cp "$WORKLOAD" ./olwl
kprobe_start out.i err.i --json -i 1 -d 5 --by comm "p:do_sys_openat2 file=+0(${ARG2}):string" \
    'file == "/etc/hostname"' || exit 1
./olwl open /etc/hostname 30 100
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err.i
expect_eq "the intervals add up" 30 "$(jq -s '[.[] | select(.key.comm == "olwl") | .count] | add' out.i)"
n=$(jq -s '[.[] | select(.key.comm == "olwl")] | length' out.i)
[ "$n" -ge 3 ] || fail "30 opens over 3 s in $n intervals of 1 s"
state_compare before
pass "-i 1 -d 5: 30 opens over $n intervals, none counted twice"
