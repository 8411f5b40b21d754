#!/bin/sh
# -c CMD: CMD is held until tracing is on (its own exec and first open are
# seen), it and every thread and child it creates are traced and nothing
# else, its exit status is passed through, and it never outlives the run:
# a signal reaches it, -n and -d end it, a failed setup never runs it.
. /tests/lib.sh

OPEN='p:do_sys_openat2 file=+0(%si):string'
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

begin status
run_kprobe ok -c "exec $WORKLOAD open /etc/hostname 2" "$OPEN" "$HOST"
expect_status "exit status of a command that succeeds" 0 "$STATUS" ok.err
expect_eq "its events" 2 "$(count "$EV" ok.out)"
check_final ok.out ok.err
run_kprobe three -c 'exit 3' "$OPEN" "$HOST"
expect_status "exit status of 'exit 3'" 3 "$STATUS" three.err
check_final three.out three.err
run_kprobe killed -c 'kill -KILL $$' "$OPEN" "$HOST"
expect_status "exit status of a command killed by SIGKILL" 137 "$STATUS" killed.err
run_kprobe none -c 'kprobe-no-such-command' "$OPEN" "$HOST"
expect_status "exit status of a command that cannot run" 127 "$STATUS" none.err
expect_match "the shell says why" 'kprobe-no-such-command: (not found|No such file)' none.err
state_compare before
pass "exit status 0, 3, 137 and 127 passed through"

begin first-instruction
# the held child execs /bin/sh, which execs the workload, whose first
# system call opens /etc/hostname: all three are seen, from one pid (ftrace
# shows the name it saved for the pid, so any name is accepted)
run_kprobe first -c "exec $WORKLOAD open /etc/hostname 1" p:__x64_sys_execve "$OPEN" "$HOST"
expect_status "exit status" 0 "$STATUS" first.err
expect_eq "event lines" 3 "$(count "$TRACE_LINE" first.out)"
cpid=$(sed -nE '1s/^ *.+-([0-9]+) +(\([ 0-9-]+\) )?\[[0-9]{3}\].*/\1/p' first.out)
expect_ne "pid of the first event" "" "$cpid"
sed -n 1p first.out > first.1
sed -n 2p first.out > first.2
sed -n 3p first.out > first.3
expect_match "1st: the held child's exec of /bin/sh" \
    "$(task_re '[^ ]+' "$cpid")__x64_sys_execve: " first.1
expect_match "2nd: the shell's exec of the command" \
    "$(task_re '[^ ]+' "$cpid")__x64_sys_execve: " first.2
expect_match "3rd: the command's first open" "$(task_re '[^ ]+' "$cpid")$EV" first.3
check_final first.out first.err
state_compare before
pass "exec, exec and first open of pid $cpid seen"

begin children-threads
# CMD: a workload that starts a thread (after SIGUSR1), then another workload;
# meanwhile a process outside CMD opens the same file
kprobe_start out err -c "$WORKLOAD thread-later 20000 /etc/hostname 3; $WORKLOAD open /etc/hostname 2" \
    "$OPEN" "$HOST" || exit 1
wait_for out '^pid ' 10 || fail "the command's workload did not start"
wpid=$(sed -n 's/^pid //p' out)
work open /etc/hostname 4
other=$W_PID
kill -USR1 "$wpid"
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
tid=$(sed -n 's/^thread //p' out)
expect_ne "thread id" "" "$tid"
expect_count "events of the thread CMD's child created" 3 "$(task_re workload "$tid")$EV" out
expect_count "events of the process outside CMD" 0 "$(task_re workload "$other")" out
expect_eq "events in all (thread 3, second child 2)" 5 "$(count "$EV" out)"
check_final out err
state_compare before
pass "thread $tid of child $wpid and a second child traced, outside pid $other not"

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
t0=$(uptime_ms)
kprobe_start out.n err.n -n 2 -c "exec $WORKLOAD open /etc/hostname 100 100" "$OPEN" "$HOST" ||
    exit 1
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
