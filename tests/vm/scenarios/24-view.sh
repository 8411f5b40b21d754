#!/bin/sh
# -v prints each event's format file and exits without tracing.
. /tests/lib.sh

state_snapshot before

begin one
run_kprobe v1 -v "p:do_sys_openat2 file=+0(${ARG2}):string"
expect_status "exit status" 0 "$STATUS" v1.err
expect_match "name line" '^name: do_sys_openat2$' v1.out
expect_match "ID line" '^ID: [0-9]+$' v1.out
expect_match "format line" '^format:$' v1.out
expect_match "common_pid field" 'field:int common_pid;' v1.out
expect_match "string field" 'field:__data_loc char\[\] file;' v1.out
expect_match "print fmt" '^print fmt: "\(%lx\) file=\\"%s\\""' v1.out
expect_nomatch "no events" "$TRACE_LINE" v1.out
expect_nomatch "no 'Tracing' message" '^Tracing' v1.err
state_compare before
pass "format shown"

begin two
run_kprobe v2 -v p:do_sys_openat2 'r:myret do_sys_openat2 $retval'
expect_status "exit status" 0 "$STATUS" v2.err
expect_match "first name" '^name: do_sys_openat2$' v2.out
expect_match "second name" '^name: myret$' v2.out
expect_count "format sections" 2 '^format:$' v2.out
state_compare before
pass "both formats shown"
