#!/bin/sh
# User stacks. --ustack on a kernel probe: each event is followed by its
# user stack, a "<user stack trace>" line and " => func+0xoff (file)"
# frames named from the process's mappings and its file's symbols (the
# workload is static: the open that made the system call is in its own
# file), and no kernel stack. -s on a uprobe: the same, and not the uprobe
# dispatcher's kernel stack. The global userstacktrace and sym-userobj
# options are left alone.
# A kernel whose userstacktrace option records nothing (no
# CONFIG_USER_STACKTRACE_SUPPORT, told by has_user_stacks from kallsyms:
# arm64's 6.1) gives the events alone, and the tool says so once, from the
# records (its third event without a stack, or at the end of a shorter run).
. /tests/lib.sh

# ustacks EVENT WITHOUT ARGS... - run the tool with ARGS over 3 opens of the
# workload and check its events, their stacks (or the warning, which counts
# WITHOUT events without a stack: a regex) and the rest
ustacks() {
	_u_ev=$1
	_u_warn="^kprobe: warning: this kernel records no user stacks: $2 events came without one "
	shift 2
	kprobe_start out err "$@" || return 1
	work open /etc/hostname 3 200
	w=$W_PID
	if has_user_stacks; then
		wait_for_count out "$(task_re workload "$w")<user stack trace>\$" 3 5
	else
		wait_for_count out "$(task_re workload "$w")$_u_ev: " 3 5
	fi
	kprobe_stop "$KP_PID" INT
	expect_status "exit status" 0 "$STATUS" err
	expect_count "events from the workload" 3 "$(task_re workload "$w")$_u_ev: " out
	expect_count "kernel stacks" 0 '<stack trace>$' out
	if has_user_stacks; then
		expect_count "user stacks from the workload" 3 \
		    "$(task_re workload "$w")<user stack trace>\$" out
		expect_match "the system call's frame named in the workload's file" \
		    '^ => [_a-zA-Z0-9]*open[_a-zA-Z0-9]*\+0x[0-9a-f]+ \(/usr/bin/workload\)$' out
		expect_all_match "every line is an event, a stack trace or a frame" \
		    "($TRACE_LINE|^ => [^ ]+)" out
		expect_count "no warning" 0 'no user stacks' err
	else
		expect_count "user stacks" 0 '<user stack trace>$' out
		expect_count "the warning, once" 1 "$_u_warn" err
		expect_count "warnings" 1 'warning' err
	fi
	check_final out err
	expect_eq "global options/userstacktrace" 0 "$(cat "$T/options/userstacktrace")"
	expect_eq "global options/sym-userobj" 0 "$(cat "$T/options/sym-userobj")"
	state_compare before
}

state_snapshot before
if has_user_stacks; then
	what="user stacks named"
else
	what="no user stacks on this kernel: the events alone and the warning"
fi

begin kernel-probe
# (every process's opens: the warning counts 3 or more)
ustacks do_sys_openat2 '[0-9]+' --ustack p:do_sys_openat2 || exit 1
pass "--ustack: $what"

begin uprobe
# (the workload's 3 calls only)
ustacks uopen 3 -s 'p:uopen /usr/bin/workload:open' || exit 1
pass "-s on a uprobe: $what"
