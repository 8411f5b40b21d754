#!/bin/sh
# fprobes (f:) and tracepoint probes (t:): traced on a kernel with
# CONFIG_FPROBE_EVENTS (x86's 6.12); refused up front on one without (6.1,
# arm64's 6.12), which the README tells (has_fprobes). A
# tracepoint that does not exist is an error with suggestions (6.12 itself
# would accept it and trace nothing).
. /tests/lib.sh

state_snapshot before

if ! has_fprobes; then
	begin no-fprobes
	run_kprobe nf -d 0 'f:vfs_read'
	expect_status "exit status" 1 "$STATUS" nf.err
	expect_eq "error" "kprobe: this kernel has no fprobe events (it needs CONFIG_FPROBE_EVENTS)" \
	    "$(head -n 1 nf.err)"
	expect_nomatch "nothing traced" '^Tracing' nf.err
	state_compare before
	pass "f: refused: $(head -n 1 nf.err)"

	begin no-tprobes
	run_kprobe nt -d 0 't:sched_switch'
	expect_status "exit status" 1 "$STATUS" nt.err
	expect_eq "error" \
	    "kprobe: this kernel has no tracepoint probe events (it needs CONFIG_FPROBE_EVENTS)" \
	    "$(head -n 1 nt.err)"
	state_compare before
	pass "t: refused: $(head -n 1 nt.err)"
	exit 0
fi

begin fprobe-entry
# BTF argument names (6.12 has PROBE_EVENTS_BTF_ARGS); -100 is AT_FDCWD
kprobe_start out1 err1 -d 2 'f:fopen do_sys_openat2 dfd' 'dfd == -100' || exit 1
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err1
expect_count "fprobe entry events" 3 \
    "$(task_re workload "$W_PID")fopen: \\(do_sys_openat2\\+0x[0-9a-f]+/0x[0-9a-f]+\\) dfd=-100\$" out1
check_final out1 err1
state_compare before
pass "f:fopen do_sys_openat2 dfd: 3 events"

begin fprobe-return
kprobe_start out2 err2 -d 2 'f:do_sys_openat2%return ret=$retval' 'ret == 3' || exit 1
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err2
expect_count "fprobe return events" 3 \
    "$(task_re workload "$W_PID")do_sys_openat2: \\([^ ]+ <- do_sys_openat2\\) ret=3\$" out2
check_final out2 err2
state_compare before
pass "f:SYM%return with \$retval: 3 events, default name do_sys_openat2"

begin tprobe
# sys_enter(regs, id): the workload's open() is openat (NR_OPENAT)
kprobe_start out3 err3 -d 2 't:sys_enter id' "id == $NR_OPENAT" || exit 1
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err3
expect_count "tracepoint probe events" 3 \
    "$(task_re workload "$W_PID")sys_enter: \\([^ ]+\\) id=$NR_OPENAT\$" out3
check_final out3 err3
state_compare before
pass "t:sys_enter id with a filter: 3 events"

begin no-such-tracepoint
run_kprobe nt -d 0 't:sched_swich'
expect_status "exit status" 1 "$STATUS" nt.err
expect_eq "error" "kprobe: no tracepoint 'sched_swich'" "$(head -n 1 nt.err)"
expect_match "suggestion" "did you mean 'sched_switch'" nt.err
expect_nomatch "nothing traced" '^Tracing' nt.err
state_compare before
pass "t: on a missing tracepoint: $(head -n 1 nt.err)"

begin syscall-event
# a syscall event is no tracepoint: 6.12 would take t:sys_enter_openat and
# trace nothing
run_kprobe ns -d 0 't:sys_enter_openat'
expect_status "exit status" 1 "$STATUS" ns.err
expect_eq "error" "kprobe: no tracepoint 'sys_enter_openat'" "$(head -n 1 ns.err)"
expect_match "hint" "'sys_enter_openat' is a syscall event, not a tracepoint: try 'e:syscalls.sys_enter_openat', or 't:sys_enter'" ns.err
state_compare before
pass "t: on a syscall event: pointed to e: and t:sys_enter"

begin no-such-function
run_kprobe nf -d 0 'f:do_sys_opn'
expect_status "exit status" 1 "$STATUS" nf.err
expect_match "suggestion" "did you mean .*'do_sys_open'" nf.err
state_compare before
pass "f: on a missing function: $(grep -m1 'did you mean' nf.err)"
