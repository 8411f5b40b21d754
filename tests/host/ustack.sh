#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# User stacks on this machine's own kernel, natively, with uprobes: a probe
# in the suite's own program (tests/host/uprobe_target --chain, built with
# frame pointers, which the kernel's user stack walk follows) at the return
# from its innermost call; with -d the program has exited long before the
# stacks are printed, and the frames must still be named, in order, in
# text and in the JSON "ustack" array. Run as root from the top of the
# tree, by check.sh.
#
#   tests/host/ustack.sh KPROBE RESULTS
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh" ustack "$@"
fail_lines=20

site=$("$target" --offsets | awk '$1 == "kpc_site" { print $2 }')
if [ -z "$site" ]; then
	fail uprobe-ustack "$target --offsets names no kpc_site"
	exit 0
fi
probe="p:$target:$site"
# three frames of the program, innermost first (offsets left out): the
# kernel's walk starts at the probe's address, then follows the saved frame
# pointers
want=$(printf ' => kpc_inner (%s)\n => kpc_outer (%s)\n => main (%s)' "$target" "$target" "$target")

# -s on a uprobe: its user stack, not the kernel's uprobe dispatcher frames
"$kprobe" -s -d 1 -c "$target --chain 3" "$probe" >"$tmp/text.out" 2>"$tmp/text.err"
rc=$?
stacks=$(grep -c '<user stack trace>$' "$tmp/text.out")
# each stack's first three frames (libc's own frames below main are not named:
# Debian's libc has no frame pointers, and its static functions are in no .dynsym)
# one line per stack, its frames in order
frames=$(sed -E 's/\+0x[0-9a-f]+ / /' "$tmp/text.out" |
	awk '/<user stack trace>$/ { if (s != "") print s; s = ""; n = 3; next }
	     n-- > 0 { s = s $0 "|" } END { if (s != "") print s }' | sort | uniq -c)
if [ $rc -ne 0 ]; then
	fail uprobe-ustack "exit status $rc" "$tmp/text.err"
elif [ "$stacks" -ne 3 ] || grep -q 'uprobe_dispatcher\|<stack trace>' "$tmp/text.out"; then
	fail uprobe-ustack "expected 3 user stacks and no kernel stack, got $stacks" "$tmp/text.out"
elif [ "$frames" != "      3 $(printf '%s\n' "$want" | tr '\n' '|')" ]; then
	fail uprobe-ustack "expected the frames kpc_inner, kpc_outer, main of $target" "$tmp/text.out"
else
	pass uprobe-ustack
fi

# --json: the same frames as a "ustack" array of objects
if command -v jq >/dev/null; then
	"$kprobe" --json -s -d 1 -c "$target --chain 2" "$probe" >"$tmp/json.out" \
		2>"$tmp/json.err"
	rc=$?
	got=$(jq -r 'select(.type == "ustack") | [.ustack[0:3][] | "\(.sym) \(.obj)"] | join(",")' \
		"$tmp/json.out" 2>&1)
	one="kpc_inner $target,kpc_outer $target,main $target"
	offs=$(jq -r 'select(.type == "ustack") | .ustack[0].off' "$tmp/json.out" 2>&1 | sort -u)
	if [ $rc -ne 0 ]; then
		fail uprobe-ustack-json "exit status $rc" "$tmp/json.err"
	elif [ "$got" != "$(printf '%s\n%s' "$one" "$one")" ]; then
		fail uprobe-ustack-json "expected two stacks '$one', got '$got'" "$tmp/json.out"
	elif ! [ "$offs" -gt 0 ] 2>/dev/null; then
		fail uprobe-ustack-json "expected one offset into kpc_inner, got '$offs'" "$tmp/json.out"
	else
		pass uprobe-ustack-json
	fi
else
	fail uprobe-ustack-json "jq is not installed"
fi
exit 0
