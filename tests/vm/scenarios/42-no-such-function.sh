#!/bin/sh
# A function that does not exist: exit 1 with up to three close names.
. /tests/lib.sh

state_snapshot before
run_kprobe nf p:do_sys_opn
expect_status "exit status" 1 "$STATUS" nf.err
expect_match "suggestions" '[Dd]id you mean' nf.err
expect_match "do_sys_open suggested" '(^|[^a-z_0-9])do_sys_open([^a-z_0-9]|$)' nf.err
state_compare before
pass "$(grep -i 'did you mean' nf.err | head -n 1)"
