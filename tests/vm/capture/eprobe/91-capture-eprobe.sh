#!/bin/sh
# Fixture capture (not a test): eprobes of every fetcharg type the kernel
# takes on them, on fields of every kind (integers, a user pointer, static
# and dynamic strings, a field named comm), traced in an instance of our
# own; then the same dump as ../90-capture-records.sh: the format files,
# the kernel's text and each CPU's raw sub-buffers.
# tests/unit/fixtures/eprobe/capture.sh boots this and decodes the dump.
. /tests/lib.sh

tracefs_mount
G=kpe
I=$T/instances/epcap

dump() { # NAME FILE
	echo "@@BEGIN $1"
	base64 < "$2"
	echo "@@END $1"
}

add() { # DEFINITION: skipped if this kernel refuses it
	echo "$1" >> $T/dynamic_events 2>/dev/null || echo "@@REFUSED $1"
}

O=syscalls/sys_enter_openat
# plain fields and typed ones, the user's file name, $comm
add "e:$G/eargs $O nr=\$__syscall_nr dfd=\$dfd fl=\$flags:x32 u32=\$flags:u32 s64=\$dfd:s64 s32=\$dfd:s32 x64=\$filename:x64 x8=\$dfd:x8 u16=\$mode:u16 name=+0(\$filename):ustring c=\$comm"
# kernel-string reads of a user pointer fault; arrays, a bitfield, a fault
add "e:$G/estr $O kname=+0(\$filename):string arr=+0(\$filename):u8[4] xarr=+0(\$filename):x8[2] bf=\$flags:b4@4/32 flt=+0(\$dfd):ustring cs=\$comm:string"
# a char * field with no type
add "e:$G/eplain $O fn=\$filename"
add "e:$G/echar $O ch=+0(\$filename):char"
add "e:$G/enoarg syscalls.sys_enter_openat"
add "e:$G/esym syscalls/sys_enter_close fd=\$fd:s32 sym=\$fd:symbol"
# static strings (char[16]) and a dynamic one (__data_loc char[])
add "e:$G/efork sched/sched_process_fork pc=\$parent_comm pp=\$parent_pid cc=\$child_comm cp=\$child_pid:x32"
add "e:$G/eexec sched/sched_process_exec fn=\$filename pid=\$pid old=\$old_pid"
# an event with a field named comm
add "e:$G/enew task/task_newtask comm=\$comm pid=\$pid fl=\$clone_flags"
echo "@@EVENTS"
cat $T/dynamic_events

mkdir $I
echo 256 > $I/buffer_size_kb
for e in $T/events/$G/*/; do
	e=${e%/}
	echo 1 > $I/events/$G/${e##*/}/enable
done
echo 1 > $I/events/task/task_newtask/enable
echo 1 > $I/events/task/task_rename/enable

work open /etc/hostname 2
work open /no/such/file 1
sync
sleep 0.5
echo 0 > $I/tracing_on

for e in $I/events/$G/*/format $I/events/task/task_*/format; do
	n=${e#$I/events/}
	dump "format/$n" "$e"
done
for e in syscalls/sys_enter_openat syscalls/sys_enter_close sched/sched_process_fork \
    sched/sched_process_exec; do
	dump "probed/$e/format" $T/events/$e/format
done
dump header_page $T/events/header_page
dump header_event $T/events/header_event
dump "epcap/trace" $I/trace
for c in $I/per_cpu/cpu*; do
	timeout 3 cat $c/trace_pipe_raw > raw 2>/dev/null
	dump "epcap/${c##*/}.raw" raw
done

for e in $I/events/$G/*/enable; do echo 0 > $e; done
rmdir $I
for e in $T/events/$G/*/; do
	e=${e%/}
	echo "-:$G/${e##*/}" >> $T/dynamic_events
done
pass "captured"
