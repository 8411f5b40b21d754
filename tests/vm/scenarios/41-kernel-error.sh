#!/bin/sh
# Definitions or filters the kernel rejects: exit 1, the kernel's error_log
# entry is shown with its caret under the bad part, nothing is left behind
# (also when an earlier definition of the same run was already set up).
. /tests/lib.sh

state_snapshot before

begin bad-fetcharg
run_kprobe bad -d 1 'p:do_sys_openat2 x=+0(%zz):u32'
expect_status "exit status" 1 "$STATUS" bad.err
expect_match "kernel's error text" 'Invalid register name' bad.err
expect_match "caret line" '^ *\^ *$' bad.err
# the caret sits under "%zz" in the line above it
col=$(awk '/^ *\^ *$/ { c = index($0, "^"); if (prev != "" && substr(prev, c, 3) == "%zz") print "ok"; else print "off: " prev; exit } { prev = $0 }' bad.err)
expect_eq "caret under %zz" ok "$col"
expect_nomatch "no events" "$TRACE_LINE" bad.out
state_compare before
pass "kernel error shown with caret, exit 1"

begin second-def-bad
run_kprobe bad2 -d 1 p:do_sys_openat2 'p:bad do_sys_openat2 x=+0(%zz):u32'
expect_status "exit status" 1 "$STATUS" bad2.err
expect_match "kernel's error text" 'Invalid register name' bad2.err
expect_nomatch "no events" "$TRACE_LINE" bad2.out
state_compare before
pass "first probe removed when the second is rejected"

begin bad-filter
run_kprobe badf -d 1 "p:do_sys_openat2 file=+0(${ARG2}):string" 'file ~~ bogus'
expect_status "exit status" 1 "$STATUS" badf.err
expect_ge "error message on stderr" 1 "$(wc -l < badf.err)"
expect_nomatch "no events" "$TRACE_LINE" badf.out
state_compare before
pass "$(head -n 1 badf.err)"
