#!/bin/sh
# -c CMD: CMD is held until tracing is on (its own exec and first open are
# seen), it and every thread and child it creates are traced and nothing
# else, and its exit status is passed through. (94-command-end: how the run
# and the command end each other.)
. /tests/lib.sh

OPEN="p:do_sys_openat2 file=+0(${ARG2}):string"
HOST='file == "/etc/hostname"'
EV='do_sys_openat2: \(do_sys_openat2\+0x0/0x[0-9a-f]+\) file="/etc/hostname"$'
state_snapshot before

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
run_kprobe first -c "exec $WORKLOAD open /etc/hostname 1" p:${SYS}execve "$OPEN" "$HOST"
expect_status "exit status" 0 "$STATUS" first.err
expect_eq "event lines" 3 "$(count "$TRACE_LINE" first.out)"
cpid=$(sed -nE '1s/^ *.+-([0-9]+) +(\([ 0-9-]+\) )?\[[0-9]{3}\].*/\1/p' first.out)
expect_ne "pid of the first event" "" "$cpid"
sed -n 1p first.out > first.1
sed -n 2p first.out > first.2
sed -n 3p first.out > first.3
expect_match "1st: the held child's exec of /bin/sh" \
    "$(task_re '[^ ]+' "$cpid")${SYS}execve: " first.1
expect_match "2nd: the shell's exec of the command" \
    "$(task_re '[^ ]+' "$cpid")${SYS}execve: " first.2
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

