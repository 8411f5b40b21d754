#!/bin/sh
# -q: no "Tracing", "Ending tracing..." or closing count on stderr, the
# events as usual on stdout; errors still appear.
. /tests/lib.sh

DEF="p:do_sys_openat2 file=+0(${ARG2}):string"
FILTER='file == "/etc/hostname"'
state_snapshot before

# quiet_start OUT ERR ARGS... - start kprobe -q and wait until its probe is
# enabled in its instance (it prints nothing to wait for)
quiet_start() {
	_qs_out=$1
	_qs_err=$2
	shift 2
	bg "$_qs_out" "$_qs_err" "$KPROBE" -q "$@"
	KP_PID=$BG_PID
	_qs_en=$T/instances/kprobe_$KP_PID/events/kprobe_$KP_PID/do_sys_openat2__$KP_PID/enable
	_qs_n=100
	while [ $_qs_n -gt 0 ] && alive "$KP_PID"; do
		[ "$(cat "$_qs_en" 2>/dev/null)" = 1 ] && return 0
		sleep 0.1
		_qs_n=$((_qs_n - 1))
	done
	fail "kprobe -q $* did not enable its probe within 10 s"
	detail_file stderr "$_qs_err"
	return 1
}

begin sigint
tracefs_mount
quiet_start out err "$DEF" "$FILTER" || exit 1
work open /etc/hostname 3
wait_for_count out "$(task_re workload "$W_PID")" 3 5
kprobe_stop "$KP_PID" INT
expect_status "exit status after SIGINT" 0 "$STATUS" err
expect_count "events on stdout" 3 "$(task_re workload "$W_PID")do_sys_openat2: " out
expect_eq "stderr" "" "$(cat err)"
state_compare before
pass "-q: 3 events, nothing on stderr"

begin count
quiet_start out.n err.n -n 2 "$DEF" "$FILTER" || exit 1
work open /etc/hostname 5
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err.n
expect_count "events on stdout" 2 "$(task_re workload "$W_PID")do_sys_openat2: " out.n
expect_eq "stderr" "" "$(cat err.n)"
state_compare before
pass "-q -n 2: 2 events, nothing on stderr"

begin errors
run_kprobe bad -q p:no_such_function_kprobe_test
expect_status "exit status" 1 "$STATUS" bad.err
expect_match "the error" "^kprobe: .*no_such_function_kprobe_test" bad.err
expect_nomatch "no status lines" '^(Tracing|Ending|[0-9]+ events printed)' bad.err
state_compare before
pass "-q: errors still shown"
