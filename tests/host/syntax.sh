#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Definitions the tool refuses itself, with the kernel's selftest cases
# (kprobe_syntax_errors.tc): the exact problem, the user's own text and the
# caret where the kernel puts it, before anything is set up.
#
#   tests/host/syntax.sh KPROBE RESULTS
set -u
kprobe=$1
results=$2

# check NAME DEFINITION MESSAGE CARET_COLUMN
check() {
	local name=$1 def=$2 msg=$3 col=$4 err rc want
	err=$("$kprobe" "$def" 2>&1 >/dev/null)
	rc=$?
	want=$(printf 'kprobe: invalid definition: %s\n    %s\n    %*s^\n%s' "$msg" "$def" "$col" "" \
		"Try 'kprobe --help' for more information.")
	if [ $rc -eq 2 ] && [ "$err" = "$want" ]; then
		echo "PASS host/syntax/$name" | tee -a "$results"
	else
		echo "FAIL host/syntax/$name: exit $rc, got:" | tee -a "$results"
		printf '%s\n' "$err" | sed 's/^/    | /'
		printf '  expected:\n%s\n' "$want" | sed 's/^/    | /'
	fi
}

check maxactive-on-entry 'p100 vfs_read' 'MAXACTIVE is only for return probes (rN:)' 1
check bad-maxactive 'r1a111 vfs_read' 'MAXACTIVE must be a number from 1 to 4096' 1
check maxactive-too-big 'r100000 vfs_read' 'MAXACTIVE is too big (at most 4096)' 1
check no-group-name 'p:/bar vfs_read' 'group name is empty' 2
check no-event-name 'p:foo/ vfs_read' 'event name is empty' 6
check no-location 'r:grp/ev' 'no function or address to probe' 8
check bad-suffix 'p vfs_read%hoge' 'unknown suffix (only %return)' 10
