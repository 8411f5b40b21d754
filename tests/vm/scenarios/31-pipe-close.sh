#!/bin/sh
# kprobe ... | head -1: when the reader goes away the tool ends with exit 0
# (not killed by SIGPIPE) and cleans up.
. /tests/lib.sh

state_snapshot before
mkfifo fifo
head -n 1 < fifo > head.out &
hpid=$!
kprobe_start fifo err p:do_sys_openat2
kp=$KP_PID
# keep making events until the tool notices that head is gone (max ~10 s)
i=0
while alive "$kp" && [ $i -lt 50 ]; do
	"$WORKLOAD" open /etc/hostname 2
	sleep 0.2
	i=$((i + 1))
done
wait_exit "$kp" 5
expect_status "exit status after the reader closed the pipe" 0 "$STATUS" err
wait_exit "$hpid" 5
expect_eq "head got one line" 1 "$(wc -l < head.out)"
expect_all_match "head's line is a trace line" "$TRACE_LINE" head.out
expect_match "final line" "$FINAL_LINE" err
state_compare before
pass "ended by the closed pipe, exit 0, clean"
