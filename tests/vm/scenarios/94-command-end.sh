#!/bin/sh
# -c CMD never outlives the run: a signal sent to kprobe reaches it (and
# its status is kprobe's), -n and -d end it (exit 0), its own end ends -d,
# and a setup that fails never runs it.
. /tests/lib.sh

OPEN="p:do_sys_openat2 file=+0(${ARG2}):string"
HOST='file == "/etc/hostname"'
EV='do_sys_openat2: \(do_sys_openat2\+0x0/0x[0-9a-f]+\) file="/etc/hostname"$'
state_snapshot before

# child_of PID - the pid of PID's child (waits up to 5 s for one)
child_of() {
	_co_parent=$1
	_co_n=50
	while [ $_co_n -gt 0 ] && alive "$_co_parent"; do
		for _co_s in /proc/[0-9]*/stat; do
			read -r _co_l < "$_co_s" 2>/dev/null || continue
			_co_p=${_co_l%% *}
			set -- ${_co_l##*) }
			[ "$2" = "$_co_parent" ] && { echo "$_co_p"; return 0; }
		done
		sleep 0.1
		_co_n=$((_co_n - 1))
	done
	return 1
}

# no_kprobe_left - no process named kprobe is left (a held child keeps the name)
no_kprobe_left() {
	for _nk in /proc/[0-9]*/comm; do
		[ "$(cat "$_nk" 2>/dev/null)" = kprobe ] && return 1
	done
	return 0
}

begin sigint-to-kprobe
kprobe_start out.i err.i -c 'exec sleep 30' "$OPEN" "$HOST" || exit 1
cpid=$(child_of "$KP_PID")
expect_ne "the command's pid" "" "$cpid"
t0=$(uptime_ms)
kprobe_stop "$KP_PID" INT
t1=$(uptime_ms)
expect_status "exit status: the command's, killed by the SIGINT passed on" 130 "$STATUS" err.i
[ $((t1 - t0)) -le 4000 ] || fail "the run took $((t1 - t0)) ms to end"
[ -n "$cpid" ] && alive "$cpid" && fail "the command $cpid still runs"
expect_match "end message" '^Ending tracing\.\.\.$' err.i
check_final out.i err.i
state_compare before
pass "SIGINT to kprobe alone reaches the command: exit 130 in $((t1 - t0)) ms"

begin sigterm-to-kprobe
kprobe_start out.t err.t -c 'exec sleep 30' "$OPEN" "$HOST" || exit 1
kprobe_stop "$KP_PID" TERM
expect_status "exit status" 143 "$STATUS" err.t
state_compare before
pass "SIGTERM passed on: exit 143"

begin ctrl-c
# as a terminal's foreground job: SIGINT at its default action, not ignored
bg_group out.g err.g "'$WORKLOAD' sigdfl '$KPROBE' -c 'exec sleep 30' '$OPEN' '$HOST'"
wait_for err.g '^Tracing ' 10 || fail "no 'Tracing' message within 10 s"
kill -INT -- "-$BG_PGID" 2>/dev/null || kill -INT -"$BG_PGID"
wait_exit "$BG_WAIT" 20
expect_status "exit status after Ctrl-C" 130 "$STATUS" err.g
expect_match "final line" "$FINAL_LINE" err.g
state_compare before
pass "Ctrl-C to the process group: exit 130"

begin count-ends-command
kprobe_start out.n err.n -n 2 -c "exec $WORKLOAD open /etc/hostname 100 100" "$OPEN" "$HOST" ||
    exit 1
t0=$(uptime_ms)
wait_exit "$KP_PID" 20
t1=$(uptime_ms)
expect_status "exit status" 0 "$STATUS" err.n
expect_eq "event lines" 2 "$(count "$TRACE_LINE" out.n)"
[ $((t1 - t0)) -le 6000 ] || fail "the run took $((t1 - t0)) ms (the command runs 10 s)"
# the command's pid, from its events
cpid=$(sed -nE '1s/^ *.+-([0-9]+) +(\([ 0-9-]+\) )?\[[0-9]{3}\].*/\1/p' out.n)
expect_ne "the command's pid" "" "$cpid"
[ -n "$cpid" ] && alive "$cpid" && fail "the command $cpid still runs"
check_final out.n err.n
state_compare before
pass "-n 2 ends the 10 s command after $((t1 - t0)) ms, exit 0"

begin duration-ends-command
kprobe_start out.d err.d -d 1 -c 'exec sleep 30' "$OPEN" "$HOST" || exit 1
cpid=$(child_of "$KP_PID")
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err.d
[ -n "$cpid" ] && alive "$cpid" && fail "the command $cpid still runs"
check_final out.d err.d
state_compare before
pass "-d 1 ends the command, exit 0"

begin command-ends-duration
t0=$(uptime_ms)
run_kprobe cd -d 30 -c "exec $WORKLOAD open /etc/hostname 3" "$OPEN" "$HOST"
t1=$(uptime_ms)
expect_status "exit status" 0 "$STATUS" cd.err
expect_eq "its events, printed at the end" 3 "$(count "$EV" cd.out)"
[ $((t1 - t0)) -le 10000 ] || fail "-d 30 run took $((t1 - t0)) ms after a short command"
check_final cd.out cd.err
state_compare before
pass "the command's end ends -d 30 after $((t1 - t0)) ms"

begin failed-setup
# the filter is rejected after the command was forked: it must never run
run_kprobe bad -c 'touch ran' "$OPEN" 'no_such_field == 1'
expect_status "exit status" 1 "$STATUS" bad.err
[ -e ran ] && fail "the command ran although the setup failed"
no_kprobe_left || fail "a held command was left behind"
state_compare before
pass "setup failed: the command never ran and is gone"
