#!/bin/sh
# Every kind in one run, each with its own filter: a kprobe, an fprobe and
# a tracepoint probe (where the kernel has them: has_fprobes), a uprobe on the workload binary's open()
# and an eprobe. Two workloads open different files; each probe's filter
# decides which of their events it keeps.
. /tests/lib.sh

state_snapshot before

set -- "p:kopen do_sys_openat2 file=+0(${ARG2}):string" 'file ~ "*hostname"' \
    "p:uopen /usr/bin/workload:$UOPEN path=+0(${ARG1}):ustring" 'path ~ "*passwd"' \
    'e:eopen syscalls.sys_enter_openat name=+0($filename):ustring' 'name ~ "*hostname"'
if has_fprobes; then
	set -- "$@" 'f:fopen do_sys_openat2%return ret=$retval' 'ret == 3' \
	    't:topen sys_enter id' "id == $NR_OPENAT"
fi
kprobe_start out err -d 3 "$@" || exit 1
work open /etc/hostname 3
w1=$W_PID
work open /etc/passwd 2
w2=$W_PID
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err

# expect_kind NAME N1 N2 REGEX: N1 events of workload 1, N2 of workload 2
expect_kind() {
	expect_count "$1 events of the /etc/hostname workload" "$2" \
	    "$(task_re workload "$w1")$1: $4" out
	expect_count "$1 events of the /etc/passwd workload" "$3" \
	    "$(task_re workload "$w2")$1: $4" out
}
expect_kind kopen 3 0 '\(do_sys_openat2\+0x0/0x[0-9a-f]+\) file="/etc/hostname"$'
expect_kind uopen 0 2 '\(0x[0-9a-f]+\) path="/etc/passwd"$'
expect_kind eopen 3 0 '\(syscalls.sys_enter_openat\) name="/etc/hostname"$'
if has_fprobes; then
	expect_kind fopen 3 2 '\([^ ]+ <- do_sys_openat2\) ret=3$'
	expect_kind topen 3 2 "\\([^ ]+\\) id=$NR_OPENAT\$"
	kinds="kprobe, uprobe, eprobe, fprobe, tracepoint probe"
else
	kinds="kprobe, uprobe, eprobe"
fi
check_final out err
state_compare before
pass "$kinds in one run, each with its own filter"
