#!/bin/sh
# Output through a pipe is not held back: "kprobe ... | grep x" shows a
# match within a second, not after 4 KB. And when the reader of the pipe
# goes away while no events come, the tool notices by itself and ends
# cleanly (exit 0), instead of waiting for the next event to fail on.
. /tests/lib.sh

state_snapshot before

begin prompt
mkfifo fifo
# the reader stamps each line with the time it arrived
(while IFS= read -r l; do echo "$(uptime_ms) $l"; done < fifo > stamped) &
kprobe_start fifo err "p:do_sys_openat2 file=+0(${ARG2}):string" 'file == "/etc/hostname"' || exit 1
t0=$(uptime_ms)
work open /etc/hostname 1
i=0
until [ -s stamped ] || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
t1=$(sed -n '1s/ .*//p' stamped)
expect_ne "an event reached the pipe's reader" "" "$t1"
if [ -n "$t1" ]; then
	delay=$((t1 - t0))
	expect_eq "event through the pipe within 1000 ms (took ${delay} ms)" yes \
	    "$([ "$delay" -lt 1000 ] && echo yes || echo no)"
fi
kprobe_stop "$KP_PID" INT
expect_status "exit status" 0 "$STATUS" err
state_compare before
pass "first event through the pipe after ${delay:-?} ms"

begin reader-gone-quietly
rm -f fifo
mkfifo fifo
head -n 1 < fifo > head.out &
hpid=$!
# only the workload's opens of this file are events: after one, silence
kprobe_start fifo err2 "p:do_sys_openat2 file=+0(${ARG2}):string" 'file == "/etc/group"' || exit 1
work open /etc/group 1
wait_exit "$hpid" 10
expect_eq "head got its line" 1 "$(wc -l < head.out)"
# no more events: the tool must see the closed pipe on its own
wait_exit "$KP_PID" 5
expect_status "exit status once the reader was gone" 0 "$STATUS" err2
expect_match "final line" "$FINAL_LINE" err2
state_compare before
pass "ended by itself when the pipe's reader left, with no further events"
