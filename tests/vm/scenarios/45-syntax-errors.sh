#!/bin/sh
# Every syntax error of the kernel's kprobe selftests
# (tools/testing/selftests/ftrace/test.d/kprobe/kprobe_syntax_errors.tc),
# given to kprobe as a user would type it: whoever rejects it, the tool or
# the kernel, the user sees their own text with the caret where the
# selftest's "^" is, and neither the line the tool wrote nor the kernel's
# time stamp. Cases this kernel does not support (found as the selftest
# finds them, in tracefs' README) are listed as skipped.
. /tests/lib.sh

tracefs_mount
state_snapshot before
readme=$(cat "$T/README")
has() { printf '%s\n' "$readme" | grep -q -- "$1"; }

skipped=
# check CASE: the selftest's line, "^" where the caret must be
check() {
	_c_def=$(printf '%s' "$1" | sed 's/\^//')
	_c_pre=${1%%^*}
	_c_col=${#_c_pre}
	run_kprobe se -d 0 "$_c_def"
	if [ "$STATUS" = 0 ]; then
		fail "'$_c_def' was accepted"
		return
	fi
	# the user's text, then the caret under the column
	# (through the environment: awk -v would expand the backslashes)
	_c_got=$(C_DEF="    $_c_def" awk '
		found { c = index($0, "^"); if ($0 ~ /^ *\^$/) print c - 5; else print "no caret"; exit }
		$0 == ENVIRON["C_DEF"] { found = 1 }
		END { if (!found) print "no text" }' se.err)
	if [ "$_c_got" != "$_c_col" ]; then
		fail "'$_c_def': caret at $_c_got, expected $_c_col"
		detail_file stderr se.err 8
	fi
	if grep -qE 'Command:|kprobe_[0-9]+/|^\[ *[0-9]+\.[0-9]+\]' se.err; then
		fail "'$_c_def': the tool's own line or the kernel's time stamp shown"
		detail_file stderr se.err 8
	fi
	head -n 1 se.err | grep -q '^kprobe: ' || fail "'$_c_def': first line: $(head -n 1 se.err)"
}

skip() {
	skipped="$skipped [$1]"
}

begin maxactive
if has 'r\[maxactive\]'; then
	check 'p^100 vfs_read'
	check 'r^1a111 vfs_read'
	check 'r^100000 vfs_read'
else
	skip maxactive
fi
pass "MAXACTIVE errors"

begin location
check 'p ^non_exist_func'
check 'p ^hoge-fuga'
check 'p ^hoge+1000-1000'
check 'r ^vfs_read+10'
pass "probe point errors"

begin names
check 'p:^/bar vfs_read'
check 'p:^12345678901234567890123456789012345678901234567890123456789012345/bar vfs_read'
check 'p:^foo.1/bar vfs_read'
check 'p:foo/^ vfs_read'
check 'p:foo/^12345678901234567890123456789012345678901234567890123456789012345 vfs_read'
check 'p:foo/^bar.1 vfs_read'
pass "group and event name errors"

begin fetchargs
check 'p vfs_read ^$retval'
check 'p vfs_read ^$stack10000'
has '$arg<N>' && check 'p vfs_read ^$arg10000'
check 'p vfs_read ^$none_var'
check 'p vfs_read ^%none_reg'
check 'p vfs_read ^@12345678abcde'
check 'p vfs_read ^@+10'
if has 'imm-value'; then check 'p vfs_read arg1=\^x'; else skip imm-value; fi
if has 'imm-string'; then check 'p vfs_read arg1=\"abcd^'; else skip imm-string; fi
check 'p vfs_read ^+0@0)'
check 'p vfs_read ^+0ab1(@0)'
check 'p vfs_read +0(+0(@0^)'
if grep -A1 "fetcharg:" "$T/README" | grep -q '\$comm'; then
	check 'p vfs_read +0(^$comm)'
else
	skip comm
fi
check 'p vfs_read ^&1'
pass "fetch argument errors"

begin types
if has ' <type>\\\[<array-size>\\\]'; then
	check 'p vfs_read +0(^+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(@0))))))))))))))'
	check 'p vfs_read +0(@11):u8[10^'
	check 'p vfs_read +0(@11):u8[10]^a'
	check 'p vfs_read +0(@11):u8[^10a]'
	check 'p vfs_read +0(@11):u8[^256]'
else
	skip arrays
fi
check 'p vfs_read @11:^unknown_type'
check 'p vfs_read $stack0:^string'
check 'p vfs_read @11:^b10@a/16'
pass "type errors"

begin argnames
check 'p vfs_read ^arg123456789012345678901234567890=@11'
check 'p vfs_read ^=@11'
check 'p vfs_read ^var.1=@11'
check 'p vfs_read var1=@11 ^var1=@12'
check 'p vfs_read ^+1234567(+1234567(+1234567(+1234567(+1234567(+1234567(@1234))))))'
check 'p vfs_read arg1=^'
pass "argument name errors"

begin insn-boundary
# only when kprobes on vfs_read go through ftrace (the selftest's condition)
echo 'p:kprobes/kp_bndry vfs_read' >> "$T/kprobe_events"
if grep -q 'vfs_read.*FTRACE' /sys/kernel/debug/kprobes/list 2>/dev/null; then
	echo '-:kprobes/kp_bndry' >> "$T/kprobe_events"
	check 'p ^vfs_read+3'
else
	echo '-:kprobes/kp_bndry' >> "$T/kprobe_events"
	skip insn-boundary
fi
pass "instruction boundary"

begin return-suffix
if has 'place (kretprobe): .*%return'; then
	check 'p vfs_read^%hoge'
	check 'p ^vfs_read+10%return'
else
	skip return-suffix
fi
pass "%return suffix errors"

begin btf-args
if has '<argname>'; then
	check 'p vfs_read args=^$arg*'
	check 'p vfs_read +0(^$arg*)'
	check 'p vfs_read $arg* ^$arg*'
	if ! has 'kernel return probes support:'; then
		check 'r vfs_read ^$arg*'
	else
		skip 'r $arg*'
	fi
	check 'p vfs_read+8 ^$arg*'
	check 'p vfs_read ^hoge'
	check 'p kfree ^$arg10'
	check 'r kfree ^$retval'
else
	check 'p vfs_read ^$arg*'
	skip btf-args
fi
pass "BTF argument errors"

begin multiprobe
# another user's event that a definition tries to join
if has 'Create/append/' && has 'imm-value'; then
	echo 'p:kprobes/testevent vfs_read' >> "$T/kprobe_events"
	check '^r:kprobes/testevent vfs_write'
	echo '-:kprobes/testevent' >> "$T/kprobe_events"
	printf '%s\n' 'p:kprobes/testevent vfs_read abcd=\1' >> "$T/kprobe_events"
	check 'p:kprobes/testevent vfs_read ^bcd=\1'
	check 'p:kprobes/testevent vfs_read ^abcd=\1:u8'
	check 'p:kprobes/testevent vfs_read ^abcd=\"foo"'
	check '^p:kprobes/testevent vfs_read abcd=\1'
	echo '-:kprobes/testevent' >> "$T/kprobe_events"
else
	skip multiprobe
fi
pass "probes joining an existing event"

begin filter
# the user's filter, with or without -L's "common_pid == TID" around it: the
# caret sits at the same place under the user's own text
caret_col() { # FILTER FILE
	C_F="    $1" awk 'found { print index($0, "^") - 5; exit }
		$0 == ENVIRON["C_F"] { found = 1 }' "$2"
}
run_kprobe f1 -d 0 p:do_sys_openat2 'common_pidd == 1'
expect_status "exit status without -L" 1 "$STATUS" f1.err
run_kprobe f2 -d 0 -L 1 p:do_sys_openat2 'common_pidd == 1'
expect_status "exit status with -L" 1 "$STATUS" f2.err
expect_match "kernel's reason" "^kprobe: cannot set the filter of 'do_sys_openat2': Field not found\$" f2.err
c1=$(caret_col 'common_pidd == 1' f1.err)
c2=$(caret_col 'common_pidd == 1' f2.err)
expect_ne "caret under the filter" "" "$c1"
expect_eq "caret with -L as without" "$c1" "$c2"
expect_nomatch "the tool's part of the filter" 'common_pid ==|Command:' f2.err
pass "filter error under the user's filter, caret at $c1 with and without -L"

begin filter-injection
# -L installs "(FILTER) && common_pid == TID": a filter that closes its own
# group would take the thread condition out of it and let every process
# through; it is refused before anything is created
state_snapshot before_inj
inj='dfd == -100) || (dfd != -100'
run_kprobe inj -d 1 -L 1 "p:do_sys_openat2 dfd=${ARG1}:s32" "$inj"
expect_status "exit status" 2 "$STATUS" inj.err
expect_match "refused by the tool" "^kprobe: invalid filter: '\)' without a '\(' before it\$" inj.err
expect_eq "caret under the stray ')'" 11 "$(caret_col "$inj" inj.err)"
expect_nomatch "no probe created, no filter written" 'Tracing|cannot|common_pid' inj.err
expect_eq "no events" 0 "$(wc -l < inj.out)"
state_compare before_inj "by the refused filter"
run_kprobe inj2 -d 1 -L 1 "p:do_sys_openat2 dfd=${ARG1}:s32" '(dfd == -100'
expect_status "exit status, '(' left open" 2 "$STATUS" inj2.err
expect_match "unclosed '(' refused" "^kprobe: invalid filter: '\(' without a '\)' after it\$" inj2.err
expect_eq "caret under the open '('" 0 "$(caret_col '(dfd == -100' inj2.err)"
pass "a filter that breaks out of -L's group is refused, nothing created"

begin state
state_compare before
[ -n "$skipped" ] && detail "not supported by this kernel, skipped:$skipped"
pass "nothing left behind; skipped:${skipped:- none}"
