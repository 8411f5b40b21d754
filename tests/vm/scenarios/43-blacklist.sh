#!/bin/sh
# A function on the kprobes blacklist: exit 1 and say so.
. /tests/lib.sh

state_snapshot before
bl=/sys/kernel/debug/kprobes/blacklist

begin notify_die
grep -qw notify_die $bl || die "notify_die not in $bl on this kernel"
run_kprobe nd -d 1 p:notify_die
expect_status "exit status" 1 "$STATUS" nd.err
expect_match "blacklist mentioned" '[Bb]lacklist' nd.err
state_compare before
pass "$(grep -i blacklist nd.err | head -n 1)"

# a blacklisted function that ftrace can still trace, if this kernel has one
f=$(awk 'NR == FNR { bl[$2] = 1; next } ($1 in bl) { print $1; exit }' \
    $bl "$T/available_filter_functions")
if [ -n "$f" ]; then
	begin traceable
	run_kprobe tr -d 1 "p:$f"
	expect_status "exit status for $f" 1 "$STATUS" tr.err
	expect_match "blacklist mentioned" '[Bb]lacklist' tr.err
	state_compare before
	pass "$f refused as blacklisted"
fi
