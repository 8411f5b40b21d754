#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench.sh - CPU time per event on this machine's own kernel and CPU, with
# no emulation: a uprobe on the suite's own program (tests/host/
# uprobe_target), read by kprobe's raw reader, by its text reader, and by
# a plain cat of an instance's trace_pipe (what kprobe-perf and
# uprobe-perf pay). Run as root from the top of the tree, by make bench.
#
#   tests/host/bench.sh KPROBE [CALLS]     (default 300000 calls)
#
# The QEMU benchmark (tests/vm/bench.sh) measures loss against kprobe-perf
# on real kprobes; its CPU times come from emulated code, where vector
# instructions cost far more than on hardware: this one is the CPU cost a
# user's machine sees.
set -u
set -m # background jobs must get SIGINT
kprobe=$(realpath "$1")
calls=${2:-300000}
T=/sys/kernel/tracing
target=$(realpath tests/host/uprobe_target)
tmp=$(mktemp -d /tmp/kprobe-hbench.XXXXXX)
group=kpbench_$$
trap 'echo "-:$group/greet" >> $T/uprobe_events 2>/dev/null; rmdir $T/instances/$group 2>/dev/null
	rm -rf "$tmp"' EXIT
DEF="p:$target:kpt_greet w=+0(%di):ustring"

[[ -e $T/uprobe_events ]] || { echo "bench.sh: no uprobe_events in $T" >&2; exit 1; }

# cpu_ns PID: the scheduler's exact run time of PID (user + system)
cpu_ns() {
	local run rest
	read -r run rest < "/proc/$1/schedstat"
	echo "$run"
}

hwm_kb() {
	awk '/^VmHWM/ { print $2 }' "/proc/$1/status"
}

# measure NAME PID OUT: run the workload, wait for the reader to settle
# (its output unchanged for a whole second: a reader starved by a loaded
# machine pauses longer than one sample), print NAME's events of the calls
# made and CPU time per event, stop it
measure() {
	local name=$1 pid=$2 out=$3 c0 c1 rss got prev=-1 cur i still=0 said
	c0=$(cpu_ns "$pid")
	"$target" "$calls" hello > /dev/null
	for i in $(seq 300); do
		cur=$(wc -c < "$out")
		if [[ $cur == "$prev" ]]; then
			((++still >= 5)) && break
		else
			still=0
		fi
		prev=$cur
		sleep 0.2
	done
	c1=$(cpu_ns "$pid")
	rss=$(hwm_kb "$pid")
	kill -INT "$pid"
	wait "$pid" 2> /dev/null
	got=$(grep -c 'w="hello"' "$out")
	# what the reader said it lost (kprobe's closing line), so that a
	# short count is seen to be accounted for
	said=
	[[ -n ${4-} ]] && said=$(sed -n 's/.* printed, \([0-9]*\) lost.*/, \1 reported lost/p' "$4")
	printf '  %-22s %8d of %d events%s %7.2f us/event %7d KB RSS\n' "$name" "$got" "$calls" \
	    "$said" "$(awk -v c=$((c1 - c0)) -v n="$got" 'BEGIN { print n ? c / n / 1000 : 0 }')" "$rss"
}

# kprobe_run NAME ARGS...: kprobe ARGS DEF, measured
kprobe_run() {
	local name=$1 i
	shift
	rm -f "$tmp/k.out" "$tmp/k.err"
	"$kprobe" "$@" "$DEF" > "$tmp/k.out" 2> "$tmp/k.err" < /dev/null &
	local pid=$!
	for i in $(seq 100); do
		grep -q '^Tracing' "$tmp/k.err" 2> /dev/null && break
		sleep 0.1
	done
	measure "$name" "$pid" "$tmp/k.out" "$tmp/k.err"
}

echo "Linux $(uname -r) on this machine's CPU ($(nproc) CPUs), $calls uprobe hits of one process:"
kprobe_run "kprobe (raw)"
kprobe_run "kprobe --reader text" --reader text
off=$("$target" --offsets | awk '$1 == "kpt_greet" { print $2 }')
echo "p:$group/greet $target:$off w=+0(%di):ustring" >> $T/uprobe_events
mkdir $T/instances/$group
echo 4096 > $T/instances/$group/buffer_size_kb
echo 1 > $T/instances/$group/events/$group/greet/enable
cat $T/instances/$group/trace_pipe > "$tmp/c.out" &
cpid=$!
sleep 0.3
measure "cat trace_pipe" "$cpid" "$tmp/c.out"
echo 0 > $T/instances/$group/events/$group/greet/enable
