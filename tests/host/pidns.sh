#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Pid namespaces on this machine's own kernel, natively, with uprobes: runs
# inside "unshare -fp --mount-proc" (a container's view: pid 1, its own
# /proc) trace -c's command, a -p process and a -L thread of their own
# namespace, whose pids the kernel numbers otherwise; two runs at once in
# separate namespaces, both pid 1, keep their own instances and probes and
# both complete; nothing is left behind. Run as root from the top of the
# tree, by check.sh.
#
#   tests/host/pidns.sh KPROBE RESULTS
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh" pidns "$@"

if ! unshare -fp --mount-proc true 2>/dev/null; then
	fail pidns "unshare -fp --mount-proc does not work here"
	exit 0
fi
# what the runs leave: instances, probes and set_event_pid of the top instance
leftovers() { ls "$T/instances"; grep -h kprobe_ "$T/uprobe_events" "$T/dynamic_events" 2>/dev/null; }
before=$(leftovers)

# expect TEST RC_FILE OUT ERR WANT: the events' argument part, in order
expect() {
	local test=$1 rc got
	rc=$(cat "$2" 2>/dev/null)
	got=$(grep -oE 'kpt_add: \([^)]*\) a=[0-9]+' "$3" | sed 's/ (.*)//')
	if [ "$rc" != 0 ]; then
		fail "$test" "exit status ${rc:-none}" "$4"
	elif [ "$got" != "$5" ]; then
		fail "$test" "expected events '$5', got '$got'" "$3" "$4"
	else
		pass "$test"
	fi
}
three=$(printf 'kpt_add: a=%s\n' 0 1 2)

# -c: the held command's kernel pid goes to set_event_pid, not its pid here (2)
unshare -fp --mount-proc sh -c '"$1" -c "$2 3 hi" "$3"; echo $? >"$4"' sh \
	"$kprobe" "$target" "$probe" "$tmp/c.rc" >"$tmp/c.out" 2>"$tmp/c.err"
expect pidns-command "$tmp/c.rc" "$tmp/c.out" "$tmp/c.err" "$three"

# -p: a process of the namespace, not another one running the same program
# (its kpt_add has a=3 too); -L: its only thread
for opt in -p -L; do
	unshare -fp --mount-proc sh -c '
		"$2" -w 3 hi >"$4.pid" &
		w=$!
		for i in $(seq 50); do [ -s "$4.pid" ] && break; sleep 0.1; done
		"$1" '"$opt"' "$(cat "$4.pid")" "$3" >"$4.out" 2>"$4.err" &
		k=$!
		for i in $(seq 100); do grep -q "^Tracing" "$4.err" && break; sleep 0.1; done
		"$2" 4 other
		kill -USR1 $w
		wait $w
		sleep 0.3
		kill -INT $k
		wait $k
		echo $? >"$4.rc"' sh "$kprobe" "$target" "$probe" "$tmp/p$opt" 2>"$tmp/p$opt.sh.err"
	expect "pidns-${opt#-}" "$tmp/p$opt.rc" "$tmp/p$opt.out" "$tmp/p$opt.err" "$three"
done

# two runs at once, each the same pid (2, after sh) of its own namespace:
# once both named their instance kprobe_2, and the second failed
for i in 1 2; do
	unshare -fp --mount-proc sh -c '"$1" -d 4 -c "sleep 1; $2 3 hi" "$3"; echo $? >"$4"' sh \
		"$kprobe" "$target" "$probe" "$tmp/two$i.rc" >"$tmp/two$i.out" 2>"$tmp/two$i.err" &
done
for i in $(seq 30); do
	inst=$(ls "$T/instances" | grep -cE '^kprobe_[0-9]+_[0-9]+$')
	[ "$inst" -eq 2 ] && break
	sleep 0.1
done
wait
if [ "$inst" -ne 2 ]; then
	fail pidns-two-runs-instances "expected 2 instances kprobe_<pid>_<inode> while both ran, saw $inst"
else
	pass pidns-two-runs-instances
fi
expect pidns-two-runs-first "$tmp/two1.rc" "$tmp/two1.out" "$tmp/two1.err" "$three"
expect pidns-two-runs-second "$tmp/two2.rc" "$tmp/two2.out" "$tmp/two2.err" "$three"

# a run in the initial namespace does not take a live run of another for dead
unshare -fp --mount-proc sh -c '"$1" -d 3 -c "sleep 1.5; $2 3 hi" "$3"; echo $? >"$4"' sh \
	"$kprobe" "$target" "$probe" "$tmp/live.rc" >"$tmp/live.out" 2>"$tmp/live.err" &
sleep 1
"$kprobe" --cleanup >"$tmp/cleanup.out" 2>&1
wait
expect pidns-cleanup-spares-live-run "$tmp/live.rc" "$tmp/live.out" "$tmp/live.err" "$three"

# a run killed with SIGKILL in a namespace that is gone since: the initial
# namespace's --cleanup removes what it left (no process lives in it); only
# the initial namespace's /proc lists every namespace's processes, so
# elsewhere (this suite run in a container) nothing is taken for dead
if [ "$(readlink /proc/self/ns/pid)" = "pid:[4026531836]" ]; then
	unshare -fp --mount-proc sh -c '"$1" -c "sleep 30" "$2" >/dev/null 2>&1 &
		k=$!
		for i in $(seq 100); do ls /sys/kernel/tracing/instances | grep -q "^kprobe_${k}_" && break
			sleep 0.1; done
		kill -KILL $k' sh "$kprobe" "$probe"
	left=$(ls "$T/instances" | grep -cE '^kprobe_[0-9]+_[0-9]+$')
	"$kprobe" --cleanup >"$tmp/cleanup2.out" 2>&1
	if [ "$left" -ne 1 ]; then
		fail pidns-cleanup-dead-namespace "expected the killed run's instance left, saw $left" \
			"$tmp/cleanup2.out"
	elif ! grep -q "^removed instance 'kprobe_[0-9]*_[0-9]*' of a dead pid namespace's run$" \
		"$tmp/cleanup2.out" || [ "$(leftovers)" != "$before" ]; then
		fail pidns-cleanup-dead-namespace "--cleanup did not remove it all" "$tmp/cleanup2.out"
	else
		pass pidns-cleanup-dead-namespace
	fi
else
	echo "SKIP host/pidns-cleanup-dead-namespace: not in the initial pid namespace"
fi

after=$(leftovers)
if [ "$before" = "$after" ]; then
	pass pidns-left-nothing
else
	fail pidns-left-nothing "before: '$before', after: '$after'"
fi
exit 0
