#!/bin/sh
# The raw reader (the default): short-lived processes show their names,
# the ring buffer is sized by -b and wakes the reader on each event, lost
# events are reported where they happened and counted exactly, and
# --reader text still reads the kernel's text.
. /tests/lib.sh

state_snapshot before

# instance_file NAME FILE - a file of the run's instance, once it exists
instance_file() {
	cat "$T/instances/kprobe_$1/$2" 2>/dev/null
}

begin short-lived
kprobe_start out err "p:do_sys_openat2 file=+0(${ARG2}):string" 'file == "/etc/hostname"' || exit 1
i=0
while [ $i -lt 10 ]; do
	# a new process, renamed by exec, that opens the file once and exits
	sh -c 'exec /usr/bin/workload open /etc/hostname 1' > /dev/null
	work open /etc/hostname 1
	i=$((i + 1))
done
wait_for_count out 'file="/etc/hostname"' 20 10
kprobe_stop "$KP_PID" INT
expect_status "exit status" 0 "$STATUS" err
expect_eq "events of the 20 processes" 20 "$(count 'file="/etc/hostname"' out)"
expect_eq "each under its own name" 20 "$(count '^ *workload-[0-9]+ .*file="/etc/hostname"' out)"
expect_nomatch "no unknown comm" '<\.\.\.>' out
check_final out err
pass "20 short-lived processes named"

begin buffer
kprobe_start out2 err2 -b 8192 p:do_sys_openat2 || exit 1
# (the kernel rounds up to whole pages of 4080 bytes of events)
kb=$(instance_file "$KP_PID" buffer_size_kb)
expect_eq "buffer_size_kb of the instance ($kb)" yes \
    "$([ "$kb" -ge 8192 ] && [ "$kb" -lt 8200 ] && echo yes || echo no)"
expect_eq "buffer_percent of the instance" 0 "$(instance_file "$KP_PID" buffer_percent)"
kprobe_stop "$KP_PID" INT
expect_status "exit status" 0 "$STATUS" err2
kprobe_start out3 err3 --reader text p:do_sys_openat2 || exit 1
kb=$(instance_file "$KP_PID" buffer_size_kb)
expect_eq "default buffer_size_kb ($kb)" yes \
    "$([ "$kb" -ge 4096 ] && [ "$kb" -lt 4104 ] && echo yes || echo no)"
expect_eq "text reader: buffer_percent left alone" 50 \
    "$(instance_file "$KP_PID" buffer_percent)"
kprobe_stop "$KP_PID" INT
expect_status "exit status" 0 "$STATUS" err3
pass "-b and buffer_percent"

begin loss
# 3000 events into 4 KB per CPU, read only at the end (Ctrl-C ends the
# wait of -d): most are lost
kprobe_start out4 err4 -b 4 -d 60 "p:do_sys_openat2 file=+0(${ARG2}):string" \
    'file == "/etc/hostname"' || exit 1
work open /etc/hostname 3000 0
kprobe_stop "$KP_PID" INT
expect_status "exit status" 0 "$STATUS" err4
check_final out4 err4
expect_match "a loss line where events were lost" '^CPU:[0-9]+ \[LOST [0-9]+ EVENTS\]$' out4
shown=$(sed -n 's/^CPU:[0-9]* \[LOST \([0-9]*\) EVENTS\]$/\1/p' out4 |
    awk '{ s += $1 } END { print s + 0 }')
last=$(tail -n 1 err4)
lost=${last#*printed, }
lost=${lost%% lost*}
expect_eq "the loss lines add up to the closing count" "$lost" "$shown"
printed=${last%% *}
# (lost events include the task events the instance records for comms)
expect_eq "printed and lost cover the 3000 opens" yes \
    "$([ $((printed + lost)) -ge 3000 ] && [ "$printed" -lt 3000 ] && echo yes || echo no)"
expect_eq "the workload's events printed" "$printed" "$(count 'file="/etc/hostname"' out4)"
pass "$lost of 3000 lost, all reported"

begin text-reader
kprobe_start out5 err5 --reader text "p:do_sys_openat2 file=+0(${ARG2}):string" \
    'file == "/etc/hostname"' || exit 1
work open /etc/hostname 3
wait_for_count out5 'file="/etc/hostname"' 3 10
kprobe_stop "$KP_PID" INT
expect_status "exit status" 0 "$STATUS" err5
expect_count "events" 3 "$(task_re workload "$W_PID")do_sys_openat2: " out5
check_final out5 err5
state_compare before
pass "the kernel's text read as before"
