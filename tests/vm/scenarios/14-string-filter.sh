#!/bin/sh
# String fetch (x86_64: do_sys_openat2's filename is in %si) and a filter.
. /tests/lib.sh

state_snapshot before

begin fetch
kprobe_start out1 err1 -d 2 "p:do_sys_openat2 file=+0(${ARG2}):string" || exit 1
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err1
ev="$(task_re workload "$W_PID")do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\"/etc/hostname\"\$"
expect_count "events with file=\"/etc/hostname\"" 3 "$ev" out1
check_final out1 err1
state_compare before
pass "string fetch"

begin filter
kprobe_start out2 err2 -d 2 "p:do_sys_openat2 file=+0(${ARG2}):string" \
    'file ~ "*passwd*"' || exit 1
work open /etc/hostname 3
work open /etc/passwd 4
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err2
ev="$(task_re workload "$W_PID")do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\"/etc/passwd\"\$"
expect_count "passwd events" 4 "$ev" out2
expect_all_match "only events matching the filter" 'file="[^"]*passwd[^"]*"$' out2
check_final out2 err2
state_compare before
pass "filter keeps only file ~ *passwd*"

# A string the probe could not read (a name in a page not yet touched: a
# probe takes no page faults) is recorded with length 0 and prints as
# (fault); the kernel's filter_pred_strloc() hands that length to
# regex_match_full(), which takes 0 for a NUL-terminated string and
# compares what the event before it on that CPU left in the per-CPU page
# (trace_buffered_event) the filtered record is built in: the marker. So
# each faulted open right after a marker's passes 'file == marker' (seen
# in 78-fork-storm on 6.12; the man page's caveat).
begin fault-passes-filter
: > /tmp/kpf-marker
kprobe_start out3 err3 -d 2 "p:do_sys_openat2 file=+0(${ARG2}):string" \
    'file == "/tmp/kpf-marker"' || exit 1
work fault-open /tmp/kpf-marker 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err3
ev="$(task_re workload "$W_PID")do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file="
expect_count "the marker's opens" 3 "$ev\"/tmp/kpf-marker\"\$" out3
faults=$(count "${ev}\\(fault\\)\$" out3)
detail "faulted opens that passed the filter: $faults of 3"
expect_eq "faulted opens that passed the filter (the kernel's)" 3 "$faults"
expect_count "events in all" 6 'do_sys_openat2: ' out3
check_final out3 err3
state_compare before
pass "a faulted string passes the filter as the kernel compares it: $faults of 3"
