#!/bin/sh
# Fixture capture (not a test): trace a workload with probes of every
# fetcharg type in instances of our own, then dump to the console, base64
# between "@@BEGIN NAME" and "@@END NAME" lines, the event format files,
# the instances' `trace` text, each CPU's raw sub-buffers (trace_pipe_raw,
# read after `trace`, which does not consume) and kallsyms.
# tests/unit/fixtures/capture.sh boots this and decodes the dump.
. /tests/lib.sh

tracefs_mount
G=kpcap
I=$T/instances/cap
S=$T/instances/capstk

dump() { # NAME FILE
	echo "@@BEGIN $1"
	base64 < "$2"
	echo "@@END $1"
}

add() { # DEFINITION: skipped if this kernel refuses it
	echo "$1" >> $T/dynamic_events 2>/dev/null || echo "@@REFUSED $1"
}

# entry: every basic type on one register (dfd is AT_FDCWD, -100), the
# file name as string/ustring/char/array, a symbol, a bitfield, $comm and
# a fault (a string read at address dfd)
add "p:$G/open do_sys_openat2 dfd=%di:s32 file=+0(%si):string ufile=+0(%si):ustring u8=%di:u8 s8=%di:s8 u16=%di:u16 s16=%di:s16 u32=%di:u32 s64=%di:s64 u64=%di:u64 x8=%di:x8 x16=%di:x16 x32=%di:x32 x64=%di:x64 c=+0(%si):char arr=+0(%si):u8[4] xarr=+0(%si):x8[3] bf=%di:b4@4/32 caller=+0(%sp):symbol comm=\$comm flt=+0(%di):string"
# 6.1 has no char type: the same without it
add "p:$G/open61 do_sys_openat2 dfd=%di:s32 file=+0(%si):string ufile=+0(%si):ustring u8=%di:u8 s8=%di:s8 u16=%di:u16 s16=%di:s16 u32=%di:u32 s64=%di:s64 u64=%di:u64 x8=%di:x8 x16=%di:x16 x32=%di:x32 x64=%di:x64 arr=+0(%si):u8[4] xarr=+0(%si):x8[3] bf=%di:b4@4/32 caller=+0(%sp):symbol comm=\$comm flt=+0(%di):string"
add "p:$G/plain do_sys_openat2"
add "r:$G/openret do_sys_openat2 \$retval rs=\$retval:s32 rx=\$retval:x64 rc=\$comm"
# symstr only on a rarely called function
add "p:$G/sync ksys_sync caller=+0(%sp):symstr sym=+0(%sp):symbol"
# uprobes on the workload's main (capture.sh puts its file offset here)
UPROBE_OFF=
if [ -n "$UPROBE_OFF" ]; then
	add "p:$G/up /usr/bin/workload:$UPROBE_OFF argc=%di:s32 arg0=+0(+0(%si)):string comm=\$comm"
	add "r:$G/upret /usr/bin/workload:$UPROBE_OFF ret=\$retval:s32"
fi
add "p:$G/sirq run_timer_softirq"
add "p:$G/hirq hrtimer_interrupt"
add "f:$G/fent do_sys_openat2 dfd=\$arg1:s32"
add "f:$G/fexit do_sys_openat2%return \$retval"
add "t:$G/tpfork sched_process_fork"
add "e:$G/eopen syscalls/sys_enter_openat"
echo "@@EVENTS"
cat $T/dynamic_events

mkdir $I $S
echo 256 > $I/buffer_size_kb
echo 256 > $S/buffer_size_kb
for e in open open61 plain openret sync up upret sirq hirq fent fexit tpfork eopen; do
	[ -d $I/events/$G/$e ] && echo 1 > $I/events/$G/$e/enable
done
echo 1 > $I/events/task/task_newtask/enable
echo 1 > $I/events/task/task_rename/enable
echo 1 > $S/options/stacktrace
echo 1 > $S/events/$G/plain/enable

work open /etc/hostname 2
work open /no/such/file 1
sync
sleep 1
echo 0 > $I/events/$G/sirq/enable
echo 0 > $I/events/$G/hirq/enable
work open /etc/passwd 1
echo 0 > $I/tracing_on
echo 0 > $S/tracing_on

for e in $I/events/$G/*/format $I/events/task/task_*/format $I/events/ftrace/kernel_stack/format; do
	n=${e#$I/events/}
	dump "format/$n" "$e"
done
dump header_page $T/events/header_page
dump header_event $T/events/header_event
for inst in cap capstk; do
	dump "$inst/trace" $T/instances/$inst/trace
	for c in $T/instances/$inst/per_cpu/cpu*; do
		timeout 3 cat $c/trace_pipe_raw > raw 2>/dev/null
		dump "$inst/${c##*/}.raw" raw
	done
done
gzip -c < /proc/kallsyms > kallsyms.gz
dump kallsyms.gz kallsyms.gz

rmdir $I $S
echo > $T/dynamic_events
pass "captured"
