#!/bin/sh
# Every other signal whose default action is to end the process (Ctrl-\'s
# SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, a
# real-time signal) ends a tracing run too: the run is torn down, leaving
# nothing in tracefs, and then kprobe dies of that same signal, so its
# status is 128+N. -o past "ulimit -f" (SIGXFSZ) names the file and dies
# the same way, after teardown.
. /tests/lib.sh

EV='do_sys_openat2: \(do_sys_openat2\+0x0/0x[0-9a-f]+\)$'
state_snapshot before

# NAME:NUMBER, as on x86-64 and busybox's kill
for pair in QUIT:3 USR1:10 USR2:12 ALRM:14 VTALRM:26 PROF:27 IO:29 PWR:30 34:34; do
	sig=${pair%%:*}
	num=${pair##*:}
	begin "SIG$sig"
	kprobe_start "out.$sig" "err.$sig" p:do_sys_openat2 || continue
	work open /etc/hostname 3
	wait_for_count "out.$sig" "$(task_re workload "$W_PID")$EV" 3 5
	kprobe_stop "$KP_PID" "$sig"
	expect_status "exit status after SIG$sig" $((128 + num)) "$STATUS" "err.$sig"
	expect_match "end message" '^Ending tracing\.\.\.$' "err.$sig"
	check_final "out.$sig" "err.$sig"
	expect_eq "instances left" "" "$(kprobe_instances)"
	state_compare before "after SIG$sig"
	pass "SIG$sig: torn down, then killed by it ($((128 + num)))"
done

begin SIGXFSZ
rm -f ev.xfsz
# 2 blocks: the file fills up after a few events
bg out.xfsz err.xfsz sh -c 'ulimit -f 2; exec "$0" "$@"' "$KPROBE" -o ev.xfsz p:do_sys_openat2
KP_PID=$BG_PID
wait_for err.xfsz '^Tracing ' 10 || fail "no 'Tracing' message within 10 s"
work open /etc/hostname 200
wait_exit "$KP_PID" 20
expect_status "exit status after SIGXFSZ" $((128 + 25)) "$STATUS" err.xfsz
expect_match "error naming the file" \
    "^kprobe: cannot write to 'ev\\.xfsz': File too large\$" err.xfsz
[ -s ev.xfsz ] || fail "no events in the file before the limit"
expect_eq "instances left" "" "$(kprobe_instances)"
state_compare before "after SIGXFSZ"
pass "-o past ulimit -f: error naming the file, torn down, killed by SIGXFSZ"
