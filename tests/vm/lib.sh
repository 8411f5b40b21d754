# lib.sh - helpers for the VM scenarios (busybox ash and bash compatible).
#
# A scenario is a small sh script in tests/vm/scenarios/. /init runs it as
# "sh SCENARIO" with the working directory set to a fresh scratch directory
# and these variables exported:
#
#   KVM_KERNEL    kernel label (6.1, 6.12)
#   SCENARIO      scenario name (file name without .sh)
#   RESULT_DEV    where verdicts go (/dev/ttyS1 in the VM, /dev/hvc0 on arm)
#   KVM_FPROBES, KVM_DATA_SYMS  the kernel's features (arch.sh)
#   VERDICTS      file that counts the verdicts of this scenario
#
# A scenario sources this file, runs checks and ends with "pass MSG".
# Each test has the name KERNEL/SCENARIO, or KERNEL/SCENARIO/SUB after
# "begin SUB". Checks (expect_*) call fail on mismatch and go on; a test with
# a failure reports "FAIL name: ..." (with "DETAIL name: ..." lines), a test
# without one reports "PASS name: MSG" when pass is called. A test that ends
# with no verdict at all is reported as FAIL.

# the architecture's registers, syscall names and the kernel's features
# (ARG1, RETADDR, SYS, has_fprobes ...): tests/vm/arch.sh
. "${KVM_ARCH_SH:-/tests/arch.sh}"

KPROBE=${KPROBE:-/usr/bin/kprobe}
KPROBE_PERF=${KPROBE_PERF:-/usr/sbin/kprobe-perf}
WORKLOAD=${WORKLOAD:-/usr/bin/workload}
T=/sys/kernel/tracing
: "${KVM_KERNEL:=host}"
: "${SCENARIO:=$(basename "$0" .sh)}"
: "${RESULT_DEV:=/dev/stdout}"
: "${VERDICTS:=/tmp/verdicts.$$}"

_test=$KVM_KERNEL/$SCENARIO
_failed=0
_verdict=0

_emit() {
	printf '%s\n' "$*" >> "$RESULT_DEV"
	[ "$RESULT_DEV" = /dev/stdout ] || printf '%s\n' "$*"
}

# detail TEXT... - extra lines for the current test's report
detail() {
	_emit "DETAIL $_test: $*"
}

# detail_file LABEL FILE [MAXLINES] - first lines of FILE as DETAIL lines
# (not for trace_pipe, which would block)
detail_file() {
	_df_n=${3:-15}
	# tracefs files have size 0, so look at the content rather than -s
	if [ -z "$(head -c 1 "$2" 2>/dev/null)" ]; then
		detail "$1: (empty)"
		return
	fi
	detail "$1 ($(wc -l < "$2") lines):"
	head -n "$_df_n" "$2" | while IFS= read -r _df_l; do
		detail "  | $_df_l"
	done
}

# fail MSG - the current test failed (may be called more than once)
fail() {
	_failed=1
	_verdict=1
	echo "FAIL" >> "$VERDICTS"
	_emit "FAIL $_test: $*"
}

# pass MSG - the current test passed, unless something failed before
pass() {
	_verdict=1
	echo "PASS" >> "$VERDICTS"
	if [ "$_failed" = 0 ]; then
		_emit "PASS $_test: $*"
	fi
}

# die MSG - fail and end the scenario
die() {
	fail "$*"
	exit 1
}

# begin SUB - start the sub-test KERNEL/SCENARIO/SUB (the scenario's own
# test then needs no verdict: its sub-tests carry them)
begin() {
	[ "$_test" = "$KVM_KERNEL/$SCENARIO" ] || _lib_end_test
	_test=$KVM_KERNEL/$SCENARIO/$1
	_failed=0
	_verdict=0
}

_lib_end_test() {
	if [ "$_verdict" = 0 ]; then
		fail "ended without a verdict"
	fi
}

_lib_exit() {
	_lib_rc=$?
	_lib_end_test
	bg_kill_all
	exit $_lib_rc
}
trap _lib_exit EXIT

# expect_eq DESC EXPECTED GOT
expect_eq() {
	[ "$2" = "$3" ] && return 0
	fail "$1: expected '$2' got '$3'"
	return 1
}

# expect_ne DESC UNEXPECTED GOT
expect_ne() {
	[ "$2" != "$3" ] && return 0
	fail "$1: expected anything but '$2'"
	return 1
}

# expect_ge DESC MIN GOT - integer GOT >= MIN
expect_ge() {
	[ "$3" -ge "$2" ] 2>/dev/null && return 0
	fail "$1: expected >= $2 got '$3'"
	return 1
}

# expect_count DESC N REGEX FILE - exactly N lines of FILE match REGEX
expect_count() {
	_ec_got=$(count "$3" "$4")
	[ "$_ec_got" = "$2" ] && return 0
	fail "$1: expected $2 got $_ec_got"
	detail "regex: $3"
	detail_file "$(basename "$4")" "$4" 12
	return 1
}

# expect_match DESC REGEX FILE - some line of FILE matches (grep -E)
expect_match() {
	grep -Eq -- "$2" "$3" 2>/dev/null && return 0
	fail "$1: expected a line matching /$2/ in $(basename "$3"), got none"
	detail_file "$(basename "$3")" "$3"
	return 1
}

# expect_nomatch DESC REGEX FILE - no line of FILE matches
expect_nomatch() {
	grep -Eq -- "$2" "$3" 2>/dev/null || return 0
	fail "$1: expected no line matching /$2/ in $(basename "$3"), got:"
	grep -E -- "$2" "$3" > "$3.nomatch"
	detail_file "matching lines" "$3.nomatch" 5
	return 1
}

# expect_all_match DESC REGEX FILE - every line of FILE matches
expect_all_match() {
	grep -Ev -- "$2" "$3" > "$3.odd" 2>/dev/null || return 0
	fail "$1: expected every line of $(basename "$3") to match /$2/, got:"
	detail_file "other lines" "$3.odd" 5
	return 1
}

# count REGEX FILE - number of lines of FILE matching
count() {
	grep -Ec -- "$1" "$2" 2>/dev/null || true
}

# expect_status DESC EXPECTED GOT [ERRFILE]
expect_status() {
	[ "$2" = "$3" ] && return 0
	fail "$1: expected exit status $2 got $3"
	[ -n "$4" ] && detail_file "stderr" "$4" 8
	return 1
}

# --- tracefs ---------------------------------------------------------------

# tracefs_mounted [DIR] - is tracefs mounted at DIR (default /sys/kernel/tracing)
tracefs_mounted() {
	grep -q " ${1:-$T} tracefs " /proc/mounts
}

# tracefs_mount - make sure tracefs is at /sys/kernel/tracing ($T)
tracefs_mount() {
	tracefs_mounted && return 0
	mount -t tracefs nodev "$T" || die "cannot mount tracefs at $T"
}

# tracefs_unmount - unmount tracefs at /sys/kernel/tracing and the debugfs
# automount point /sys/kernel/debug/tracing
tracefs_unmount() {
	for _tu_d in "$T" /sys/kernel/debug/tracing; do
		_tu_i=0
		while tracefs_mounted "$_tu_d" && [ $_tu_i -lt 5 ]; do
			umount "$_tu_d" 2>/dev/null || umount -l "$_tu_d"
			_tu_i=$((_tu_i + 1))
		done
	done
	! tracefs_mounted "$T" && ! tracefs_mounted /sys/kernel/debug/tracing
}

# state_snapshot FILE - the global tracing state a run must leave alone:
# top-level files, instances, and the enable state of every kprobe event
# (set_event lists the events enabled at top level)
state_snapshot() {
	tracefs_mount
	{
		for _ss_f in kprobe_events dynamic_events tracing_on trace_options \
		    set_event set_event_pid current_tracer tracing_cpumask; do
			echo "== $_ss_f"
			cat "$T/$_ss_f" 2>&1
		done
		echo "== instances/"
		ls "$T/instances"
		echo "== kprobe events: enable"
		sed -n 's/^[pr][0-9]*:\([^ ]*\) .*/\1/p' "$T/kprobe_events" |
		while read -r _ss_e; do
			echo "$_ss_e $(cat "$T/events/$_ss_e/enable" 2>&1)"
		done
	} > "$1"
}

# state_compare BEFORE [WHEN] - fail unless the state equals snapshot BEFORE
state_compare() {
	state_snapshot "$1.after"
	if ! diff "$1" "$1.after" > "$1.diff" 2>&1; then
		fail "tracing state changed${2:+ $2}"
		grep '^[-+][^-+]' "$1.diff" > "$1.diff2"
		detail_file "state diff (- before, + after)" "$1.diff2" 20
		return 1
	fi
	return 0
}

# kprobe_instances - names of instances/kprobe_* that exist now
kprobe_instances() {
	ls "$T/instances" 2>/dev/null | grep '^kprobe_' || true
}

# --- processes ---------------------------------------------------------------

_bg_pids=

# bg OUT ERR CMD [ARG]... - start CMD in the background with stdout to OUT,
# stderr to ERR, and SIGINT/SIGQUIT/SIGTERM/SIGHUP/SIGPIPE at their default
# actions. (A non-interactive shell starts background jobs with SIGINT and
# SIGQUIT ignored, and busybox ash cannot "set -m" without a terminal, so the
# workload helper resets them and execs CMD.) Sets BG_PID to CMD's own pid and
# BG_WAIT (what to give wait_exit) to the same.
bg() {
	_bg_out=$1
	_bg_err=$2
	shift 2
	"$WORKLOAD" sigdfl "$@" > "$_bg_out" 2> "$_bg_err" < /dev/null &
	BG_PID=$!
	BG_WAIT=$BG_PID
	_bg_pids="$_bg_pids $BG_PID"
}

# bg_group OUT ERR CMDLINE - run the shell command line CMDLINE as a job of
# its own process group, started by bash with "set -m" (job control), like
# a foreground job a user can Ctrl-C: "kill -INT -- -$BG_PID" signals the
# whole group, as the terminal would. Sets BG_PID ($! of the job: CMD's own
# pid for a simple command, the last command's for a pipeline), BG_PGID (the
# job's process group, the pipeline's first command) and BG_WAIT (the bash
# that waits for the job and exits with its status).
bg_group() {
	_bg_out=$1
	_bg_err=$2
	rm -f .bg_group.pid
	bash -c 'set -m
		eval "$1" > "$2" 2> "$3" < /dev/null &
		echo $! > .bg_group.pid
		wait $!' _ "$3" "$_bg_out" "$_bg_err" < /dev/null &
	BG_WAIT=$!
	_bg_pids="$_bg_pids $BG_WAIT"
	_bg_n=50
	while [ ! -s .bg_group.pid ] && [ $_bg_n -gt 0 ]; do
		sleep 0.1
		_bg_n=$((_bg_n - 1))
	done
	read -r BG_PID < .bg_group.pid || BG_PID=
	BG_PGID=
	if [ -n "$BG_PID" ] && read -r _bg_st < "/proc/$BG_PID/stat"; then
		set -- ${_bg_st##*) }
		BG_PGID=$3
	fi
	_bg_pids="$_bg_pids $BG_PID $BG_PGID"
}

# has_child PID COMM - does PID have a child process named COMM? From its
# threads' children files (CONFIG_PROC_CHILDREN), not a walk of every
# /proc/N/stat: under TCG on arm64 such a walk took longer than the 2 s a
# kprobe-perf -d 2 keeps its sleep child
has_child() {
	for _hc_t in /proc/"$1"/task/*/children; do
		# the list ends in a space, not a newline: read's status is 1
		_hc_k=
		read -r _hc_k < "$_hc_t" 2>/dev/null
		for _hc_c in $_hc_k; do
			read -r _hc_n < "/proc/$_hc_c/comm" 2>/dev/null || continue
			[ "$_hc_n" = "$2" ] && return 0
		done
	done
	return 1
}

# alive PID - is PID running (not gone, not a zombie)?
alive() {
	[ -r "/proc/$1/stat" ] || return 1
	read -r _al_l < "/proc/$1/stat" 2>/dev/null || return 1
	_al_l=${_al_l##*) }
	[ "${_al_l%% *}" != Z ]
}

# wait_exit PID [TIMEOUT_SECS] - wait for background PID (a child of this
# shell: BG_WAIT); sets STATUS to its exit status (128+N if killed by signal
# N), or to "timeout" (and SIGKILLs it) when it outlives TIMEOUT (default 10)
wait_exit() {
	_we_n=$(( ${2:-10} * 10 ))
	while alive "$1" && [ $_we_n -gt 0 ]; do
		sleep 0.1
		_we_n=$((_we_n - 1))
	done
	if alive "$1"; then
		kill -KILL "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		STATUS=timeout
		return 1
	fi
	wait "$1"
	STATUS=$?
	return 0
}

# bg_kill_all - SIGKILL every process started with bg that still runs
bg_kill_all() {
	for _bk_p in $_bg_pids; do
		alive "$_bk_p" && kill -KILL "$_bk_p" 2>/dev/null
	done
	_bg_pids=
}

# wait_for FILE REGEX [TIMEOUT_SECS] - wait until a line of FILE matches
wait_for() {
	_wf_n=$(( ${3:-10} * 10 ))
	while [ $_wf_n -gt 0 ]; do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_wf_n=$((_wf_n - 1))
	done
	grep -Eq -- "$2" "$1" 2>/dev/null
}

# --- the tool ----------------------------------------------------------------

# Lines as trace_pipe prints them: "   comm-tid   [cpu] flags  ts: event: ..."
# (the flags column is 4 characters on 6.1 and 5 on 6.12).
TRACE_LINE='^ *.+-[0-9]+ +(\([ 0-9-]+\) )?\[[0-9]{3}\] [^ ]{4,5} +[0-9]+\.[0-9]{6}: '
FINAL_LINE='^[0-9]+ events printed, [0-9]+ lost, [0-9]+ missed$'

# kprobe_start OUT ERR ARGS... - start the tool in the background and wait
# (up to 10 s, less if it exits) until it says it is tracing; sets KP_PID
# (its pid, so its instance is kprobe_$KP_PID). Fails the test and returns
# 1 if it did not get there.
kprobe_start() {
	_ks_out=$1
	_ks_err=$2
	shift 2
	# a file left by an earlier run must not pass for this one's (a FIFO
	# given as the output stays)
	for _ks_f in "$_ks_out" "$_ks_err"; do
		[ -f "$_ks_f" ] && rm -f "$_ks_f"
	done
	bg "$_ks_out" "$_ks_err" "$KPROBE" "$@"
	KP_PID=$BG_PID
	_ks_n=100
	while [ $_ks_n -gt 0 ]; do
		grep -q '^Tracing ' "$_ks_err" 2>/dev/null && return 0
		alive "$KP_PID" || break
		sleep 0.1
		_ks_n=$((_ks_n - 1))
	done
	grep -q '^Tracing ' "$_ks_err" 2>/dev/null && return 0
	if alive "$KP_PID"; then
		fail "kprobe $* did not print 'Tracing ...' on stderr within 10 s"
	else
		fail "kprobe $* exited without printing 'Tracing ...' on stderr"
	fi
	detail_file "stderr" "$_ks_err" 8
	detail_file "stdout" "$_ks_out" 4
	return 1
}

# kprobe_stop PID [SIGNAL] - end a run with SIGNAL (default INT), wait for
# it (20 s) and set STATUS
kprobe_stop() {
	kill -"${2:-INT}" "$1" 2>/dev/null
	wait_exit "$1" 20
}

# check_final OUT ERR - stderr ends with "N events printed, N lost, N missed" where
# N printed is the number of event lines on stdout (lines not from -s/-H)
check_final() {
	_cf_last=$(tail -n 1 "$2")
	if ! printf '%s\n' "$_cf_last" | grep -Eq "$FINAL_LINE"; then
		fail "last stderr line: expected 'N events printed, N lost, N missed' got '$_cf_last'"
		detail_file "stderr" "$2" 8
		return 1
	fi
	_cf_n=${_cf_last%% *}
	_cf_lines=$(count "$TRACE_LINE" "$1")
	_cf_stack=$(count '<(user )?stack trace>' "$1")
	_cf_lines=$((_cf_lines - _cf_stack))
	expect_eq "events printed vs event lines on stdout" "$_cf_lines" "$_cf_n"
}

# event_part FILE - "event: args" part of each trace line (after timestamp)
event_part() {
	sed -nE 's/^ *.+-[0-9]+ +(\([ 0-9-]+\) )?\[[0-9]{3}\] [^ ]{4,5} +[0-9]+\.[0-9]{6}: //p' "$1"
}

# from_task COMM PID FILE - trace lines of FILE from task COMM-PID (or
# "<...>-PID")
from_task() {
	grep -E "^ *($1|<\.\.\.>)-$2 " "$3" || true
}

# "[cpu] flags  timestamp: " part of a trace line, and the prefix of lines
# from one task: "$(task_re workload 123)do_sys_openat2: ...". ftrace
# prints the comm it saved for the pid, or "<...>" when it has none (often
# for the first event of a new task), so both are accepted.
TS_RE='(\([ 0-9-]+\) )?\[[0-9]{3}\] [^ ]{4,5} +[0-9]+\.[0-9]{6}: '
task_re() {
	printf '^ *(%s|<\.\.\.>)-%s +%s' "$1" "$2" "$TS_RE"
}

# expect_same_records KERNEL OUT [PID] - every record of KERNEL (the text of a
# second instance with the same events enabled) is in the tool's output
# OUT, once each, with its stack if it has one; the comm column and time
# stamp are left out, and need-resched (the flags' second letter), which
# may be set between the two instances' copies of an event (the unit tests
# check every letter on records the kernel printed itself). At least 10
# records; sets RECORDS to their number. Leaves kernel.rec, tool.rec and
# missing (the kernel's records the tool did not print). PID, if given: a
# process whose records in KERNEL are left out (the tool's own).
_records() {
	sed -E 's/^.{16}-([0-9]+ +\[[0-9]{3}\] [^ ]+) +[0-9]+\.[0-9]{6}: /\1 /
		s/^([0-9]+ +\[[0-9]{3}\] .)./\1?/' "$1" |
	awk '/^ => / { rec = rec "|" $0; next }
		/: *<stack trace>$|^[0-9]+ +\[[0-9]{3}\] [^ ]+ <stack trace>$/ { rec = rec "|<stack>"; next }
		{ if (rec != "") print rec; rec = $0 }
		END { if (rec != "") print rec }' | sort
}
expect_same_records() {
	if [ -n "${3:-}" ]; then
		_records "$1" | grep -Ev "^$3 +\[" > kernel.rec
	else
		_records "$1" > kernel.rec
	fi
	_records "$2" > tool.rec
	awk 'NR == FNR { have[$0]++; next } have[$0] > 0 { have[$0]--; next } { print }' \
	    tool.rec kernel.rec > missing
	RECORDS=$(wc -l < kernel.rec)
	expect_ge "records in the kernel's text" 10 "$RECORDS"
	expect_eq "the kernel's records the tool printed differently or not at all" 0 \
	    "$(wc -l < missing)"
	if [ -s missing ]; then
		detail_file "first differing record (kernel)" missing 2
		grep -F "$(head -c 60 missing | cut -d' ' -f1-3)" tool.rec > near
		detail_file "the tool's records of that pid and cpu" near 2
	fi
}

# wait_for_count FILE REGEX N [TIMEOUT_SECS] - wait until FILE has N lines
# matching REGEX; returns 1 (without failing the test) on timeout
wait_for_count() {
	_wc_n=$(( ${4:-10} * 10 ))
	while [ $_wc_n -gt 0 ]; do
		[ "$(count "$2" "$1")" -ge "$3" ] && return 0
		sleep 0.1
		_wc_n=$((_wc_n - 1))
	done
	[ "$(count "$2" "$1")" -ge "$3" ]
}

# work ARGS... - run "workload ARGS..." to its end, in a child of the
# workload that makes no other system calls; sets W_PID to that child's pid
# (count events with "$(task_re workload "$W_PID")")
work() {
	"$WORKLOAD" fork "$@" > .work.out
	W_PID=$(sed -n 's/^pid //p' .work.out)
}

# run_kprobe PREFIX ARGS... - run the tool in the foreground (killed after
# 30 s) with stdout to PREFIX.out and stderr to PREFIX.err; sets STATUS
run_kprobe() {
	_rk_p=$1
	shift
	timeout -s KILL 30 "$KPROBE" "$@" > "$_rk_p.out" 2> "$_rk_p.err" < /dev/null
	STATUS=$?
}

# uptime_ms - milliseconds since boot
uptime_ms() {
	read -r _um_u _um_rest < /proc/uptime
	_um_s=${_um_u%.*}
	_um_f=${_um_u#*.}
	echo $((_um_s * 1000 + ${_um_f#0} * 10))
}
