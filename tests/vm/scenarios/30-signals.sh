#!/bin/sh
# Streaming runs (no -d) end cleanly with exit 0 on SIGINT, SIGTERM and
# SIGHUP, print the events seen so far, and leave nothing behind; SIGINT
# also ends a -d run early. Last, a Ctrl-C delivered to a whole pipeline's
# process group (kprobe ... | cat).
. /tests/lib.sh

state_snapshot before

for sig in INT TERM HUP; do
	begin "SIG$sig"
	kprobe_start "out.$sig" "err.$sig" p:do_sys_openat2 || continue
	expect_match "start message" \
	    '^Tracing kprobe do_sys_openat2\. Ctrl-C to end\.$' "err.$sig"
	work open /etc/hostname 3
	ev="$(task_re workload "$W_PID")do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\)\$"
	wait_for_count "out.$sig" "$ev" 3 5
	kprobe_stop "$KP_PID" "$sig"
	expect_status "exit status after SIG$sig" 0 "$STATUS" "err.$sig"
	expect_count "events from the workload" 3 "$ev" "out.$sig"
	expect_match "end message" '^Ending tracing\.\.\.$' "err.$sig"
	check_final "out.$sig" "err.$sig"
	state_compare before "after SIG$sig"
	pass "SIG$sig: exit 0, 3 events, clean"
done

begin SIGINT-during-d
t0=$(uptime_ms)
kprobe_start out.d err.d -d 60 p:do_sys_openat2 || exit 1
work open /etc/hostname 3
kprobe_stop "$KP_PID" INT
t1=$(uptime_ms)
expect_status "exit status after SIGINT" 0 "$STATUS" err.d
[ $((t1 - t0)) -le 15000 ] || fail "-d 60 run took $((t1 - t0)) ms after SIGINT"
expect_count "events printed at the early end" 3 \
    "$(task_re workload "$W_PID")do_sys_openat2: " out.d
check_final out.d err.d
state_compare before "after SIGINT during -d"
pass "Ctrl-C ends a -d 60 run early, events printed"

begin ctrl-c-pipeline
bg_group out.pipe err.pipe "'$KPROBE' p:do_sys_openat2 | cat"
job=$BG_PGID
wait_for err.pipe '^Tracing ' 10 || fail "no 'Tracing' message within 10 s"
work open /etc/hostname 3
wait_for_count out.pipe "$(task_re workload "$W_PID")" 3 5
kill -INT -- "-$job" 2>/dev/null || kill -INT -"$job"
wait_exit "$BG_WAIT" 20
expect_ne "pipeline ended" timeout "$STATUS"
expect_match "end message" '^Ending tracing\.\.\.$' err.pipe
expect_match "final line" "$FINAL_LINE" err.pipe
state_compare before "after Ctrl-C to the pipeline"
pass "Ctrl-C to kprobe | cat: clean"
