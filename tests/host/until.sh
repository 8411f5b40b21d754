#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The flight recorder (--until) and -T on this machine's own kernel, with
# uprobes on the suite's own program: the traceoff trigger stops the
# instance's buffer on exactly the call that meets the condition, and what
# came before it is printed, ending with it (text, --last, --json,
# --reader text); a condition never met exits 3 and prints nothing; the
# trigger is removed before the probes; the recorder's CPU while waiting;
# -T epoch and wall against date. Run as root from the top of the tree, by
# check.sh.
#
#   tests/host/until.sh KPROBE RESULTS
set -u
set -m # background jobs must get SIGINT
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh" until "$@"

# run NAME ARGS...: the tool in the foreground; sets STATUS
run() {
	local name=$1
	shift
	timeout -s KILL 60 "$kprobe" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
	STATUS=$?
}

# events NAME: "EVENT: ARGS" of each event line, the address left out
events() {
	sed -nE 's/.* [0-9]+\.[0-9]{6}: ([^ ]+): \([^)]*\)/\1:/p' "$tmp/$1.out"
}

# expect TEST NAME STATUS WANT: exit status and events
expect() {
	local got
	got=$(events "$2")
	if [ "$STATUS" -ne "$3" ]; then
		fail "$1" "exit status $STATUS, expected $3" "$tmp/$2.err"
	elif [ "$got" != "$4" ]; then
		fail "$1" "expected events '$4', got '$got'" "$tmp/$2.out" "$tmp/$2.err"
	else
		pass "$1"
	fi
}

if [ ! -e "$T/uprobe_events" ] || ! grep -q traceoff "$T/events/sched/sched_switch/trigger" 2>/dev/null; then
	echo "SKIP host/uprobe-until: no uprobes or no traceoff trigger on this kernel"
	exit 0
fi
[ -x $target ] || { fail uprobe-until "$target not built (make check builds it)"; exit 0; }

GREET="p:$target:kpt_greet"

run stop --until 'kpt_add if a == 3' -c "$target 6 hi" "$probe" "$GREET"
expect uprobe-until-stops stop 0 "$(for i in 0 1 2; do echo "kpt_add: a=$i"; echo "kpt_greet:"; done
	echo "kpt_add: a=3")"

run last --until 'kpt_add if a == 3' --last 2 -c "$target 6 hi" "$probe" "$GREET"
expect uprobe-until-last last 0 "kpt_greet:
kpt_add: a=3"

run text --reader text --until 'kpt_add if a == 4' --last 3 -c "$target 6 hi" "$probe" "$GREET"
expect uprobe-until-reader-text text 0 "kpt_add: a=3
kpt_greet:
kpt_add: a=4"

# the event's own filter decides what is recorded; the condition, when to stop
run filt --until 'kpt_add if a >= 2' -c "$target 6 hi" "$probe" 'a != 2' "$GREET"
expect uprobe-until-own-filter filt 0 "kpt_add: a=0
kpt_greet:
kpt_add: a=1
kpt_greet:
kpt_greet:
kpt_add: a=3"

run json --json --until 'kpt_add if a == 2' --last 1 -c "$target 6 hi" "$probe" "$GREET"
if [ "$STATUS" -eq 0 ] && [ "$(wc -l <"$tmp/json.out")" -eq 1 ] &&
	grep -q '"event":"kpt_add",.*"args":{"a":2}}$' "$tmp/json.out"; then
	pass uprobe-until-json
else
	fail uprobe-until-json "exit $STATUS" "$tmp/json.out" "$tmp/json.err"
fi

run never --until 'kpt_add if a == 99' -c "$target 6 hi" "$probe"
want="kprobe: condition never met: no kpt_add with a == 99 came; nothing printed (--dump prints the buffer)"
if [ "$STATUS" -eq 3 ] && [ ! -s "$tmp/never.out" ] && grep -qxF "$want" "$tmp/never.err"; then
	pass uprobe-until-never
else
	fail uprobe-until-never "exit $STATUS" "$tmp/never.out" "$tmp/never.err"
fi
run dump --until 'kpt_add if a == 99' --dump --last 2 -c "$target 6 hi" "$probe"
expect uprobe-until-never-dump dump 3 "kpt_add: a=4
kpt_add: a=5"

run unknown --until 'nosuch' "$probe" "$GREET"
want="kprobe: --until: no event 'nosuch' in this run (its events: kpt_add, kpt_greet)"
if [ "$STATUS" -eq 1 ] && grep -qxF "$want" "$tmp/unknown.err"; then
	pass uprobe-until-unknown-event
else
	fail uprobe-until-unknown-event "exit $STATUS" "$tmp/unknown.err"
fi

# the trigger as written, and removed before the events are disabled
run debug --debug -q --until 'kpt_add if a == 1' -c "$target 3 hi" "$probe"
grep -n "trigger\|kpt_add.*enable '0'" "$tmp/debug.err" | sed -E 's/kprobe_[0-9]+/G/g; s/kpt_add__[0-9]+/E/g; s/^[0-9]+://' \
	>"$tmp/debug.trig"
want="kprobe: debug: append instances/G/events/G/E/trigger 'traceoff if a == 1': ok
kprobe: debug: append instances/G/events/G/E/trigger '!traceoff if a == 1': ok
kprobe: debug: write instances/G/events/G/E/enable '0': ok"
if [ "$STATUS" -eq 0 ] && [ "$(cat "$tmp/debug.trig")" = "$want" ]; then
	pass uprobe-until-trigger-removed-first
else
	fail uprobe-until-trigger-removed-first "exit $STATUS" "$tmp/debug.trig" "$tmp/debug.err"
fi

# CPU while waiting: utime + stime over 3 s of a program calling as fast as it can
"$kprobe" -q --until 'kpt_add if a == -1' "$probe" >"$tmp/cpu.out" 2>"$tmp/cpu.err" </dev/null &
kp=$!
for i in $(seq 100); do
	ls "$T/instances" | grep -q "^kprobe_$kp\$" && break
	sleep 0.1
done
sleep 0.5
"$target" 100000000 hi &
tp=$!
read -r -a st <"/proc/$kp/stat"
t0=$((st[13] + st[14]))
sleep 3
read -r -a st <"/proc/$kp/stat"
t1=$((st[13] + st[14]))
written=$(cat "$T/instances/kprobe_$kp/per_cpu"/cpu*/stats | awk '/^entries:|^overrun:/ { n += $2 } END { print n }')
kill "$tp"
wait "$tp" 2>/dev/null
kill -INT "$kp"
wait "$kp"
rc=$?
# 3 s at 100 ticks a second: at most 3 ticks (1% of a CPU)
if [ $rc -eq 3 ] && [ $((t1 - t0)) -le 3 ] && [ "$written" -ge 10000 ]; then
	pass "uprobe-until-cpu ($((t1 - t0)) ticks in 3 s, $written events recorded)"
else
	fail uprobe-until-cpu "exit $rc, $((t1 - t0)) ticks in 3 s, $written events" "$tmp/cpu.err"
fi

# -T epoch and wall: between the date before the program and the one after
run epoch -T epoch -c "date +%s.%N >$tmp/b; $target 1 hi; date +%s.%N >$tmp/a" "$probe"
ev=$(sed -nE 's/.* ([0-9]+\.[0-9]{6}): kpt_add: .*/\1/p' "$tmp/epoch.out")
if [ "$STATUS" -eq 0 ] && [ -n "$ev" ] &&
	awk -v b="$(cat "$tmp/b")" -v a="$(cat "$tmp/a")" -v e="$ev" 'BEGIN { exit !(e >= b - 0.001 && e <= a + 0.001) }'; then
	pass uprobe-time-epoch
else
	fail uprobe-time-epoch "exit $STATUS, $ev not between $(cat "$tmp/b") and $(cat "$tmp/a")" \
		"$tmp/epoch.out" "$tmp/epoch.err"
fi
run wall -T wall -c "date +%s >$tmp/b; $target 1 hi; date +%s >$tmp/a" "$probe"
w=$(sed -nE 's/.* ([0-9-]{10}T[0-9:]{8})\.[0-9]{6}: kpt_add: .*/\1/p' "$tmp/wall.out")
if [ "$STATUS" -eq 0 ] && { [ "$w" = "$(date -d "@$(cat "$tmp/b")" +%Y-%m-%dT%H:%M:%S)" ] ||
	[ "$w" = "$(date -d "@$(cat "$tmp/a")" +%Y-%m-%dT%H:%M:%S)" ]; }; then
	pass uprobe-time-wall
else
	fail uprobe-time-wall "exit $STATUS, '$w'" "$tmp/wall.out" "$tmp/wall.err"
fi
exit 0
