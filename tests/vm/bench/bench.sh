#!/bin/sh
# Guest side of tests/vm/bench.sh: measures kprobe against perf-tools'
# kprobe (kprobe-perf), trace-cmd and a plain cat of trace_pipe, in one
# boot, and prints one "BENCH ..." line per measurement on the console:
#
#   BENCH start TOOL MS                      start to exit of "-d 0" (median of 3)
#   BENCH rate GENS OPENS_PER_S              the open() rate GENS generators made
#   BENCH run GENS TOOL DELIVERED LOST CPU_NS_PER_EVENT PEAK_RSS_KB CPU_NS
#   BENCH wtime GENS MODE MS                 the workload's own time, traced as MODE
#
# kprobe (raw) and cat-trace_pipe are measured in the same run, on the
# same events, each in an instance of its own; "kprobe --by comm" counts
# the same opens in the kernel (the streams' counts are what "| awk"
# would count); "kprobe --latency" times them, and "kprobe-both" streams
# the entry and the return probe, for the workload's own time.
# (CPU and RSS are "-" where not measured.) BENCH_OPENS (opens per
# generator) and BENCH_GENS (generator counts, one run each) come from
# the first lines of this file, which tests/vm/bench.sh writes.
. /tests/lib.sh

: "${BENCH_OPENS:=50000}"
: "${BENCH_GENS:=1 2 3 4}"
TARGET=/tmp/bench-target
# do_sys_openat2(dfd, filename, how): the file name is the second argument
DEF="p:do_sys_openat2 file=+0($ARG2):string"
FILTER="file == \"$TARGET\""
HZ=100

: > $TARGET
tracefs_mount

# has_child PID COMM - does PID have a child process named COMM?
has_child() {
	for _hc in /proc/[0-9]*/stat; do
		read -r _hc_l < "$_hc" 2>/dev/null || continue
		case $_hc_l in
		*" ($2) "?" $1 "*) return 0 ;;
		esac
	done
	return 1
}

median3() {
	printf '%s\n' "$@" | sort -n | sed -n 2p
}

# cpu_ns PID - CPU time of PID so far (user + system), in ns: the
# scheduler's exact run time from /proc/PID/schedstat where the kernel
# has it, else utime + stime, which are counted in whole ticks
cpu_ns() {
	if [ -r "/proc/$1/schedstat" ]; then
		read -r _cn_run _cn_rest < "/proc/$1/schedstat" && echo "$_cn_run" && return
	fi
	awk -v hz=$HZ '{ sub(/.*\) /, ""); printf "%.0f\n", ($12 + $13) * (1000000000 / hz) }' \
	    "/proc/$1/stat" 2> /dev/null || echo 0
}

# group_cpu_ns PGID - CPU time so far of every process in group PGID
group_cpu_ns() {
	_gc_sum=0
	for _gc in /proc/[0-9]*/stat; do
		read -r _gc_l < "$_gc" 2>/dev/null || continue
		_gc_l=${_gc_l##*") "}
		# shellcheck disable=SC2086 # the fields: state ppid pgrp ...
		set -- $_gc_l
		if [ "$3" = "$GC_PGID" ]; then
			_gc_p=${_gc%/stat}
			_gc_sum=$((_gc_sum + $(cpu_ns "${_gc_p#/proc/}")))
		fi
	done
	echo "$_gc_sum"
}

hwm_kb() {
	sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"
}

# settle FILE - wait until FILE stops growing (30 s at most)
settle() {
	_s_prev=-1
	_s_n=0
	while [ $_s_n -lt 60 ]; do
		_s_cur=$(wc -c < "$1")
		[ "$_s_cur" = "$_s_prev" ] && return 0
		_s_prev=$_s_cur
		sleep 0.5
		_s_n=$((_s_n + 1))
	done
}

# generate GENS - GENS processes open $TARGET BENCH_OPENS times each, at
# once; sets RATE (opens per second)
generate() {
	_g_t0=$(uptime_ms)
	_g_i=0
	_g_pids=
	while [ $_g_i -lt "$1" ]; do
		"$WORKLOAD" open $TARGET "$BENCH_OPENS" 0 > /dev/null &
		_g_pids="$_g_pids $!"
		_g_i=$((_g_i + 1))
	done
	for _g_p in $_g_pids; do
		wait "$_g_p"
	done
	_g_t1=$(uptime_ms)
	ELAPSED=$((_g_t1 - _g_t0))
	RATE=$(( $1 * BENCH_OPENS * 1000 / (ELAPSED + 1) ))
}

# wtime GENS MODE - the last generate's time, traced as MODE
wtime() {
	echo "BENCH wtime $1 $2 $ELAPSED"
}

# report GENS TOOL OUT CPU_NS RSS
report() {
	_r_want=$(( $1 * BENCH_OPENS ))
	_r_got=$(grep -c "file=\"$TARGET\"" "$3")
	_r_cpu=-
	[ "$4" != - ] && [ "$_r_got" -gt 0 ] && _r_cpu=$(( $4 / _r_got ))
	echo "BENCH run $1 $2 $_r_got $((_r_want - _r_got)) $_r_cpu $5 $4"
}

# run_kprobe GENS NAME ARGS... - kprobe ARGS, live, under the workload;
# with CAT=1 a cat of another instance's trace_pipe reads the same events
# at the same time, so that both CPU times come from the same conditions
run_kprobe() {
	_k_g=$1
	_k_name=$2
	shift 2
	rm -f k.out k.err
	[ "${CAT:-0}" = 1 ] && cat_start
	kprobe_start k.out k.err "$@" "$DEF" "$FILTER" || return
	_k_cpu0=$(cpu_ns "$KP_PID")
	[ "${CAT:-0}" = 1 ] && _c_cpu0=$(cpu_ns "$_c_pid")
	generate "$_k_g"
	wtime "$_k_g" "$_k_name"
	settle k.out
	[ "${CAT:-0}" = 1 ] && settle c.out
	_k_cpu=$(( $(cpu_ns "$KP_PID") - _k_cpu0 ))
	_k_rss=$(hwm_kb "$KP_PID")
	kprobe_stop "$KP_PID" INT
	report "$_k_g" "$_k_name" k.out "$_k_cpu" "$_k_rss"
	# its own account: warnings and the closing "N printed, M lost" line
	grep -v '^Tracing\|^Ending\|^$' k.err | sed "s/^/BENCH-DETAIL $_k_name: /"
	[ "${CAT:-0}" = 1 ] && cat_stop "$_k_g"
	return 0
}

run_perf() {
	rm -f p.out p.err /var/tmp/.ftrace-lock
	# sigdfl: kprobe-perf's "trap ':' INT" (which runs its clean-up) has no
	# effect if SIGINT is ignored on entry, as in a background job of ours
	bg_group p.out p.err "'$WORKLOAD' sigdfl '$KPROBE_PERF' '$DEF' '$FILTER'"
	# it is tracing once its cat of trace_pipe runs
	_p_n=100
	until has_child "$BG_PID" cat || [ $_p_n -le 0 ]; do
		sleep 0.1
		_p_n=$((_p_n - 1))
	done
	GC_PGID=$BG_PGID
	_p_cpu0=$(group_cpu_ns)
	generate "$1"
	wtime "$1" kprobe-perf
	settle p.out
	_p_cpu=$(( $(group_cpu_ns) - _p_cpu0 ))
	kill -INT -- "-$BG_PGID" 2> /dev/null || kill -INT "-$BG_PGID"
	wait_exit "$BG_WAIT" 20
	report "$1" kprobe-perf p.out "$_p_cpu" -
	head -n 3 p.err p.out | sed 's/^/BENCH-DETAIL kprobe-perf: /'
	cat $T/kprobe_events | sed 's/^/BENCH-DETAIL left: /'
}

# a probe of our own for trace-cmd and cat
probe_add() {
	echo "p:kpbench/open do_sys_openat2 file=+0($ARG2):string" >> $T/kprobe_events
}

probe_del() {
	echo "-:kpbench/open" >> $T/kprobe_events
}

# run_trace_cmd GENS - trace-cmd stream, if the image has it (tests/vm/bench.sh
# leaves it out where it has no trace-cmd of the guest's architecture)
run_trace_cmd() {
	command -v trace-cmd > /dev/null || return 0
	rm -f t.out t.err
	probe_add
	bg t.out t.err trace-cmd stream -e kpbench/open -f "$FILTER"
	_t_pid=$BG_PID
	# it traces once its per-CPU recorders run and tracing_on is back
	# on; it first reads every event's format, which takes seconds here
	_t_n=1200
	until { has_child "$_t_pid" trace-cmd && [ "$(cat $T/tracing_on)" = 1 ]; } ||
	    [ $_t_n -le 0 ]; do
		sleep 0.1
		_t_n=$((_t_n - 1))
	done
	generate "$1"
	wtime "$1" trace-cmd
	settle t.out
	kill -INT "$_t_pid"
	wait_exit "$_t_pid" 20
	echo 0 > $T/events/kpbench/open/enable
	echo 0 > $T/events/kpbench/open/filter
	probe_del
	report "$1" trace-cmd t.out - -
	head -n 3 t.err t.out | sed 's/^/BENCH-DETAIL trace-cmd: /'
}

# what kprobe-perf pays: cat of an instance's trace_pipe (the kernel's
# default buffer size, as kprobe-perf has)
cat_start() {
	rm -f c.out c.err
	probe_add
	mkdir $T/instances/kpbench
	echo "$FILTER" > $T/instances/kpbench/events/kpbench/open/filter
	echo 1 > $T/instances/kpbench/events/kpbench/open/enable
	bg c.out c.err cat $T/instances/kpbench/trace_pipe
	_c_pid=$BG_PID
	sleep 0.5
}

# cat_stop GENS - report the cat that cat_start started
cat_stop() {
	_c_cpu=$(( $(cpu_ns "$_c_pid") - _c_cpu0 ))
	_c_rss=$(hwm_kb "$_c_pid")
	kill "$_c_pid"
	wait_exit "$_c_pid" 20
	echo 0 > $T/instances/kpbench/events/kpbench/open/enable
	rmdir $T/instances/kpbench
	probe_del
	report "$1" cat-trace_pipe c.out "$_c_cpu" "$_c_rss"
}

# run_agg GENS - kprobe --by comm: counted in the kernel, the tool reads
# one table at the end; DELIVERED is the count it prints for the workload
run_agg() {
	rm -f a.out a.err
	kprobe_start a.out a.err --by comm "$DEF" "$FILTER" || return
	_a_cpu0=$(cpu_ns "$KP_PID")
	generate "$1"
	wtime "$1" kprobe--by-comm
	_a_cpu=$(( $(cpu_ns "$KP_PID") - _a_cpu0 ))
	_a_rss=$(hwm_kb "$KP_PID")
	kprobe_stop "$KP_PID" INT
	_a_got=$(awk '$1 == "workload" { print $2 }' a.out)
	_a_got=${_a_got:-0}
	_a_want=$(( $1 * BENCH_OPENS ))
	# CPU per event: the tool's whole run over the events the kernel counted
	echo "BENCH run $1 kprobe--by-comm $_a_got $((_a_want - _a_got)) $(( _a_cpu / (_a_got + 1) )) $_a_rss $_a_cpu"
	grep -v '^Tracing\|^Ending\|^$' a.err | sed "s/^/BENCH-DETAIL kprobe--by-comm: /"
}

# run_latency GENS - kprobe --latency: each open timed in the kernel;
# DELIVERED is the count of its closing line
run_latency() {
	rm -f l.out l.err
	kprobe_start l.out l.err --latency "$DEF" "$FILTER" || return
	_l_cpu0=$(cpu_ns "$KP_PID")
	generate "$1"
	wtime "$1" kprobe--latency
	_l_cpu=$(( $(cpu_ns "$KP_PID") - _l_cpu0 ))
	_l_rss=$(hwm_kb "$KP_PID")
	kprobe_stop "$KP_PID" INT
	_l_got=$(sed -n 's/^\([0-9]*\) events counted.*/\1/p' l.err)
	_l_got=${_l_got:-0}
	_l_want=$(( $1 * BENCH_OPENS ))
	echo "BENCH run $1 kprobe--latency $_l_got $((_l_want - _l_got)) $(( _l_cpu / (_l_got + 1) )) $_l_rss $_l_cpu"
	grep -v '^Tracing\|^Ending\|^$' l.err | sed "s/^/BENCH-DETAIL kprobe--latency: /"
}

# run_both GENS - kprobe streaming the entry (filtered) and every return
run_both() {
	rm -f b.out b.err
	kprobe_start b.out b.err "$DEF" "$FILTER" 'r:do_sys_openat2' || return
	generate "$1"
	wtime "$1" kprobe-both
	settle b.out
	kprobe_stop "$KP_PID" INT
	grep -v '^Tracing\|^Ending\|^$' b.err | sed "s/^/BENCH-DETAIL kprobe-both: /"
}

# start to exit of "-d 0"
start_ms() {
	_sm_a=$(uptime_ms)
	"$@" > /dev/null 2>&1 < /dev/null
	_sm_b=$(uptime_ms)
	echo $((_sm_b - _sm_a))
}

for tool in kprobe-perf kprobe kprobe-F; do
	set --
	for i in 1 2 3; do
		rm -f /var/tmp/.ftrace-lock
		case $tool in
		kprobe-perf) ms=$(start_ms "$KPROBE_PERF" -d 0 "$DEF") ;;
		kprobe) ms=$(start_ms "$KPROBE" -d 0 "$DEF") ;;
		kprobe-F) ms=$(start_ms "$KPROBE" -F -d 0 "$DEF") ;;
		esac
		set -- "$@" "$ms"
	done
	echo "BENCH start $tool $(median3 "$@")"
done

for g in $BENCH_GENS; do
	generate "$g"
	wtime "$g" untraced
	run_perf "$g"
	echo "BENCH rate $g $RATE"
	run_trace_cmd "$g"
	run_kprobe "$g" kprobe-text --reader text
	CAT=1
	run_kprobe "$g" kprobe
	CAT=0
	run_agg "$g"
	run_latency "$g"
	run_both "$g"
done
echo "BENCH done"
pass "benchmark ran"
