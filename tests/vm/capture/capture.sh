#!/bin/sh
# Guest side of tests/vm/capture-fixtures.sh (a capture, not a test): one
# function per kind of unit-test fixture, run as the scenario NN-capture-KIND.
# Each traces a known workload in instances of its own, saves what the unit
# tests read under $OUT/KIND, then prints every saved file on the console as
# "@@FIX KIND/PATH BASE64" lines and "@@FIX-END KIND" last; the host decodes
# them into tests/unit/fixtures. Definitions or triggers this kernel refuses
# are noted, one a line, in the kind's "refused" file. Registers and the
# return address are the architecture's (ARG1, ARG2, ARG3, RETADDR: arch.sh).
. /tests/lib.sh

OUT=/tmp/fixtures
# the workload's main as a file offset, for uprobes (capture-fixtures.sh
# writes it here; no uprobe without it)
UPROBE_OFF=

# add DEFINITION - create a dynamic event; noted in refused if this kernel
# does not take it (and the status is non-zero)
add() {
	echo "$1" >> $T/dynamic_events 2>/dev/null && return
	echo "$1" >> "$D/refused"
	return 1
}

# trig EVENT TRIGGER - attach TRIGGER to $I/events/$G/EVENT, noted if refused
trig() {
	echo "$2" >> "$I/events/$G/$1/trigger" 2>/dev/null || echo "$1 $2" >> "$D/refused"
}

# instance NAME [SIZE_KB] - a new instance of our own
instance() {
	mkdir "$T/instances/$1" || die "cannot create the instance $1"
	[ -z "$2" ] || echo "$2" > "$T/instances/$1/buffer_size_kb"
}

# task_events INSTANCE_DIR - the task events the tool itself enables
task_events() {
	echo 1 > "$1/events/task/task_newtask/enable"
	echo 1 > "$1/events/task/task_rename/enable"
}

# save FILE DEST - copy FILE to $D/DEST
save() {
	mkdir -p "$D/$(dirname "$2")"
	cat "$1" > "$D/$2"
}

# save_headers - the ring buffer's page and event headers
save_headers() {
	save $T/events/header_page header_page
	save $T/events/header_event header_event
}

# save_ring INSTANCE_DIR DEST [stats] - the instance's text ("trace", read
# first: it does not consume), then each CPU's stats if asked and its
# trace_pipe_raw sub-buffers (the same records, consumed)
save_ring() {
	mkdir -p "$D/$2"
	cat "$1/trace" > "$D/$2/trace"
	for _c in "$1"/per_cpu/cpu*; do
		[ "$3" = stats ] && cat "$_c/stats" > "$D/$2/stats-${_c##*/}"
		timeout 3 cat "$_c/trace_pipe_raw" > "$D/$2/${_c##*/}.raw" 2>/dev/null
	done
}

# save_kallsyms DEST TRACE... - the /proc/kallsyms lines of every function
# the texts name, each with the next symbol (which fixes the size the
# kernel shows)
save_kallsyms() {
	_k=$1
	shift
	cat "$@" | grep -oE '[A-Za-z_][A-Za-z0-9_.$]*\+0x[0-9a-f]+/0x[0-9a-f]+|=> [^ ]+|<- [A-Za-z_][A-Za-z0-9_.]*' |
	    sed -E 's/^(=> |<- )//; s/\+0x.*//' | sort -u > /tmp/names
	awk 'NR == FNR { want[$1] = 1; next }
		{ if (keep_next && $1 != last) { print; keep_next = 0 }
		  if ($3 in want) { print; keep_next = 1; last = $1 } }' \
	    /tmp/names /proc/kallsyms | awk '!seen[$0]++' > "$D/$_k"
}

# remove_group GROUP - remove every dynamic event of GROUP
remove_group() {
	for _e in $T/events/$1/*/; do
		[ -d "$_e" ] || continue
		_e=${_e%/}
		echo "-:$1/${_e##*/}" >> $T/dynamic_events 2>/dev/null ||
		    echo "cannot remove $1/${_e##*/}"
	done
}

# emit KIND - print every file saved under $OUT/KIND, then the end mark
emit() {
	(cd "$OUT/$1" && find . -type f | sort) | while IFS= read -r f; do
		f=${f#./}
		base64 "$OUT/$1/$f" | sed "s|^|@@FIX $1/$f |"
	done
	echo "@@FIX-END $1"
}

# Formatter fixtures (tests/unit/fixtures/KERNEL): probes of every fetcharg
# type, in instance cap, and a plain one with the stacktrace option in
# capstk: format/GROUP/EVENT/format, header_page, header_event,
# INSTANCE/trace, INSTANCE/cpuN.raw, kallsyms, refused
capture_records() {
	G=kpcap
	I=$T/instances/cap
	S=$T/instances/capstk
	# entry: every basic type on one register (dfd is AT_FDCWD, -100), the
	# file name as string/ustring/char/array, a symbol, a bitfield, $comm
	# and a fault (a string read at address dfd)
	add "p:$G/open do_sys_openat2 dfd=$ARG1:s32 file=+0($ARG2):string ufile=+0($ARG2):ustring u8=$ARG1:u8 s8=$ARG1:s8 u16=$ARG1:u16 s16=$ARG1:s16 u32=$ARG1:u32 s64=$ARG1:s64 u64=$ARG1:u64 x8=$ARG1:x8 x16=$ARG1:x16 x32=$ARG1:x32 x64=$ARG1:x64 c=+0($ARG2):char arr=+0($ARG2):u8[4] xarr=+0($ARG2):x8[3] bf=$ARG1:b4@4/32 caller=$RETADDR:symbol comm=\$comm flt=+0($ARG1):string"
	# 6.1 has no char type: the same without it
	add "p:$G/open61 do_sys_openat2 dfd=$ARG1:s32 file=+0($ARG2):string ufile=+0($ARG2):ustring u8=$ARG1:u8 s8=$ARG1:s8 u16=$ARG1:u16 s16=$ARG1:s16 u32=$ARG1:u32 s64=$ARG1:s64 u64=$ARG1:u64 x8=$ARG1:x8 x16=$ARG1:x16 x32=$ARG1:x32 x64=$ARG1:x64 arr=+0($ARG2):u8[4] xarr=+0($ARG2):x8[3] bf=$ARG1:b4@4/32 caller=$RETADDR:symbol comm=\$comm flt=+0($ARG1):string"
	add "p:$G/plain do_sys_openat2"
	add "r:$G/openret do_sys_openat2 \$retval rs=\$retval:s32 rx=\$retval:x64 rc=\$comm"
	# symstr only on a rarely called function
	add "p:$G/sync ksys_sync caller=$RETADDR:symstr sym=$RETADDR:symbol"
	if [ -n "$UPROBE_OFF" ]; then
		add "p:$G/up /usr/bin/workload:$UPROBE_OFF argc=$ARG1:s32 arg0=+0(+0($ARG2)):string comm=\$comm"
		add "r:$G/upret /usr/bin/workload:$UPROBE_OFF ret=\$retval:s32"
	fi
	add "p:$G/sirq run_timer_softirq"
	add "p:$G/hirq hrtimer_interrupt"
	add "f:$G/fent do_sys_openat2 dfd=\$arg1:s32"
	add "f:$G/fexit do_sys_openat2%return \$retval"
	add "t:$G/tpfork sched_process_fork"
	add "e:$G/eopen syscalls/sys_enter_openat"

	instance cap 256
	instance capstk 256
	for e in $I/events/$G/*/enable; do
		echo 1 > "$e"
	done
	task_events $I
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

	for e in $I/events/$G/*/format $I/events/task/task_*/format \
	    $I/events/ftrace/kernel_stack/format; do
		save "$e" "format/${e#$I/events/}"
	done
	save_headers
	save_ring $I cap
	save_ring $S capstk
	save_kallsyms kallsyms "$D"/cap/trace "$D"/capstk/trace
	rmdir $I $S
	remove_group $G
}

# Eprobe fixtures (tests/unit/fixtures/eprobe/KERNEL): eprobes of every
# fetcharg type the kernel takes on them, on fields of every kind (integers,
# a user pointer, static and dynamic strings, a field named comm), in
# instance epcap: format/GROUP/EVENT/format, probed/SYSTEM/EVENT/format (the
# events probed), header_page, header_event, epcap/trace, epcap/cpuN.raw,
# events (dynamic_events), refused. No kallsyms: an eprobe names no address.
capture_eprobe() {
	G=kpe
	I=$T/instances/epcap
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
	grep '^[ep]:' $T/dynamic_events > "$D/events"

	instance epcap 256
	for e in $I/events/$G/*/enable; do
		echo 1 > "$e"
	done
	task_events $I

	work open /etc/hostname 2
	work open /no/such/file 1
	sync
	sleep 0.5
	echo 0 > $I/tracing_on

	for e in $I/events/$G/*/format $I/events/task/task_*/format; do
		save "$e" "format/${e#$I/events/}"
	done
	for e in syscalls/sys_enter_openat syscalls/sys_enter_close sched/sched_process_fork \
	    sched/sched_process_exec; do
		save $T/events/$e/format "probed/$e/format"
	done
	save_headers
	save_ring $I epcap
	for e in $I/events/$G/*/enable; do
		echo 0 > "$e"
	done
	rmdir $I
	remove_group $G
}

# Hist fixtures (tests/unit/fixtures/hist/KERNEL): hist triggers of every
# kind kprobe builds, on probes in instance histcap, over a known workload:
# GROUP/EVENT/hist and GROUP/EVENT/trigger, README, after-clear and
# after-clear-plain (the hist files after a clear), events
# (dynamic_events), refused, and notes (the error log, then what the
# teardown order showed: what the kernel refused on the way and what was
# left)
capture_hist() {
	G=kph
	I=$T/instances/histcap
	N=$D/notes
	instance histcap
	add "p:$G/ocomm do_sys_openat2 file=+0($ARG2):string kp_comm=\$comm"
	add "p:$G/oexec do_sys_openat2 file=+0($ARG2):string"
	add "p:$G/ofile do_sys_openat2 file=+0($ARG2):string dfd=$ARG1:s32"
	add "p:$G/ostack do_sys_openat2"
	add "p:$G/ostack2 do_sys_openat2"
	add "p:$G/ocpu do_sys_openat2"
	add "p:$G/occ do_sys_openat2"
	add "p:$G/rlog ksys_read count=$ARG3:u64"
	add "p:$G/rbuck ksys_read count=$ARG3:u64"
	add "p:$G/rgraph ksys_read count=$ARG3:u64"
	add "p:$G/rcomm ksys_read count=$ARG3:u64 kp_comm=\$comm"
	add "p:$G/rdrop ksys_read count=$ARG3:u64"
	add "p:$G/nap do_nanosleep"
	add "r:$G/nap_ret do_nanosleep"
	add "s:kph_lat u64 lat"
	add "p:$G/napc do_nanosleep kp_comm=\$comm"
	add "r:$G/napc_ret do_nanosleep"
	add "s:kph_latc u64 lat; char comm[16]"
	add "p:$G/napd do_nanosleep"
	add "r:$G/napd_ret do_nanosleep kp_comm=\$comm"
	add "s:kph_latd u64 lat; char comm[]"
	add "p:$G/nape do_nanosleep"
	add "r:$G/nape_ret do_nanosleep kp_comm=\$comm"
	add "s:kph_late u64 lat; char comm[16]"
	grep '^[prs]:' $T/dynamic_events > "$D/events"

	trig ocomm "hist:keys=kp_comm"
	trig oexec "hist:keys=common_pid.execname,file"
	trig ofile "hist:keys=file,dfd:vals=hitcount:sort=hitcount"
	trig ostack "hist:keys=common_stacktrace"
	trig ostack2 "hist:keys=stacktrace"
	trig ocpu "hist:keys=common_cpu"
	trig ocpu "hist:keys=cpu"
	trig occ "hist:keys=common_comm"
	trig occ "hist:keys=comm"
	trig rlog "hist:keys=count.log2"
	trig rbuck "hist:keys=count.buckets=100"
	trig rgraph "hist:keys=count.log2:vals=hitcount,hitcount.percent,hitcount.graph"
	trig rgraph "hist:keys=count.log2:sort=count.log2"
	trig rcomm "hist:keys=kp_comm,count.log2:vals=hitcount,count"
	trig rdrop "hist:keys=common_pid,count:size=128"
	trig nap "hist:keys=common_pid:kp_ts0=common_timestamp"
	trig nap_ret "hist:keys=common_pid:kp_lat=common_timestamp-\$kp_ts0:onmatch($G.nap).trace(kph_lat,\$kp_lat)"
	echo "hist:keys=lat.log2" >> $I/events/synthetic/kph_lat/trigger ||
	    echo "synth kph_lat" >> "$D/refused"
	trig napc "hist:keys=common_pid:kp_ts0=common_timestamp,kp_c=kp_comm"
	trig napc_ret "hist:keys=common_pid:kp_lat=common_timestamp-\$kp_ts0:onmatch($G.napc).trace(kph_latc,\$kp_lat,\$kp_c)"
	echo "hist:keys=comm,lat.log2" >> $I/events/synthetic/kph_latc/trigger ||
	    echo "synth kph_latc" >> "$D/refused"
	trig napd "hist:keys=common_pid:kp_ts0=common_timestamp.usecs"
	trig napd_ret "hist:keys=common_pid:kp_lat=common_timestamp.usecs-\$kp_ts0:onmatch($G.napd).trace(kph_latd,\$kp_lat,kp_comm)"
	echo "hist:keys=comm,lat.log2" >> $I/events/synthetic/kph_latd/trigger ||
	    echo "synth kph_latd" >> "$D/refused"
	trig nape "hist:keys=common_pid:kp_ts0=common_timestamp.usecs"
	trig nape_ret "hist:keys=common_pid:kp_lat=common_timestamp.usecs-\$kp_ts0:onmatch($G.nape).trace(kph_late,\$kp_lat,kp_comm)"
	echo "hist:keys=comm,lat.log2" >> $I/events/synthetic/kph_late/trigger ||
	    echo "synth kph_late" >> "$D/refused"
	echo "hist:keys=lat.buckets=10000" >> $I/events/synthetic/kph_late/trigger ||
	    echo "synth kph_late buckets" >> "$D/refused"
	{ echo "@@ERRORLOG"; cat $T/error_log; } >> "$N"

	work open /etc/hostname 3
	work open /etc/passwd 2
	work read /dev/zero 100 5
	work read /dev/zero 1000 7
	work read /dev/zero 4096 2
	work read /dev/zero 1 3
	for s in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		work read /dev/zero $((s * 50)) 1
	done
	work naps 3 20
	work sleepers 2 50
	sleep 0.2

	for e in $I/events/$G/*/hist $I/events/synthetic/*/hist \
	    $I/events/$G/*/trigger $I/events/synthetic/*/trigger; do
		save "$e" "${e#$I/events/}"
	done
	save $T/README README

	# the teardown order the kernel accepts: note what it refuses on the way
	{
		echo "-:$G/nap" >> $T/dynamic_events 2>/dev/null &&
		    echo "@@ORDER probe with trigger removed" || echo "@@ORDER probe with trigger busy"
		echo "-:kph_lat" >> $T/dynamic_events 2>/dev/null &&
		    echo "@@ORDER synth in use removed" || echo "@@ORDER synth in use busy"
		rmdir $I 2>/dev/null && echo "@@ORDER rmdir with triggers ok" ||
		    echo "@@ORDER rmdir with triggers busy"
		echo "hist:keys=lat.log2:clear" >> $I/events/synthetic/kph_lat/trigger 2>/dev/null &&
		    echo "@@ORDER clear ok" || echo "@@ORDER clear refused"
		save $I/events/synthetic/kph_lat/hist after-clear
		echo "hist:keys=kp_comm:clear" >> $I/events/$G/ocomm/trigger 2>/dev/null &&
		    echo "@@ORDER clear plain ok" || echo "@@ORDER clear plain refused"
		save $I/events/$G/ocomm/hist after-clear-plain
		for f in $I/events/$G/*_ret/trigger $I/events/$G/*/trigger \
		    $I/events/synthetic/*/trigger; do
			grep -v '^#' "$f" | sed 's/ \[active\]$//; s/ if .*//' |
			while IFS= read -r t; do
				[ -n "$t" ] || continue
				echo "!$t" >> "$f" 2>/dev/null ||
				    echo "@@ORDER cannot remove $t from $f"
			done
		done
		echo "@@TRIGGERS-LEFT"
		cat $I/events/$G/*/trigger $I/events/synthetic/*/trigger | grep -v '^#'
		echo "-:kph_lat" >> $T/dynamic_events 2>/dev/null || echo "@@ORDER synth still busy"
		for s in kph_latc kph_latd kph_late; do
			echo "-:$s" >> $T/dynamic_events 2>/dev/null ||
			    echo "@@ORDER synth $s still busy"
		done
		remove_group $G | sed "s|^cannot remove $G/|@@ORDER cannot remove |"
		rmdir $I || echo "@@ORDER rmdir failed"
		echo "@@LEFT"
		cat $T/dynamic_events
	} >> "$N"
}

# Ring-buffer fixtures (tests/unit/fixtures/ring/KERNEL/CASE), three cases:
# basic (entry and return probes, task_newtask/task_rename), stack (the
# stacktrace option) and loss (a 4 KB buffer overwritten while nobody read
# it): header_page, header_event, format-EVENT, trace, stats-cpuN,
# cpuN.raw, kallsyms
ring_case() {	# ring_case CASE SIZE_KB WORK...
	c=$1
	shift
	instance $G "$1"
	shift
	add "p:$G/open do_sys_openat2 dfd=$ARG1:s32 file=+0($ARG2):string how=$ARG3:x64 comm=\$comm" ||
	    die "kernel refused the open probe"
	add "r:$G/open_ret do_sys_openat2 ret=\$retval:s64" || die "kernel refused the return probe"
	add "p:$G/close close_fd fd=$ARG1:u32 fdx=$ARG1:x16 fds=$ARG1:s8" || die "kernel refused close_fd"
	echo 1 > "$I/events/$G/enable"
	# Debian's armmp 6.1.0-57 (6.1.192-3) panics when the stacktrace option
	# records a kretprobe's stack: its unwind_frame() reads a user address
	# from __kretprobe_trampoline's frame (page domain fault). No return
	# probe in a 32-bit ARM kernel's stack case.
	case $c-$(uname -m) in
	stack-armv7*|stack-armv8l) echo 0 > "$I/events/$G/open_ret/enable" ;;
	esac
	task_events $I
	[ "$c" = stack ] && echo 1 > "$I/options/stacktrace"
	echo 1 > "$I/tracing_on"
	"$@"
	echo 0 > "$I/tracing_on"
	for f in $T/events/$G/*/format $T/events/task/task_newtask/format \
	    $T/events/task/task_rename/format $T/events/sched/sched_process_free/format \
	    $T/events/ftrace/kernel_stack/format; do
		e=${f%/format}
		save "$f" "$c/format-${e##*/}"
	done
	save $T/events/header_page "$c/header_page"
	save $T/events/header_event "$c/header_event"
	save_ring $I "$c" stats
	save_kallsyms "$c/kallsyms" "$D/$c/trace"
	echo 0 > "$I/events/$G/enable"
	echo 0 > "$I/events/task/enable"
	echo 0 > "$I/options/stacktrace"
	rmdir "$I"
	remove_group $G
}

ring_basic() {
	work open /etc/hostname 3
	sh -c 'exec /usr/bin/workload open /etc/passwd 2' </dev/null
	workload fork open /nonexistent 1
}

# many more events than the 4 KB buffer holds: the oldest are overwritten
ring_loss() {
	workload fork open /etc/hostname 2000
}

capture_ring() {
	G=kpfix
	I=$T/instances/$G
	ring_case basic 1408 ring_basic
	ring_case stack 1408 work open /etc/hostname 2
	ring_case loss 4 ring_loss
}

kind=${SCENARIO#*-capture-}
case $kind in
records|eprobe|hist|ring) ;;
*) die "no capture named '$kind' (scenario $SCENARIO)" ;;
esac
tracefs_mount
# the kernel's error log holds the errors of the boot's earlier scenarios
: > $T/error_log
D=$OUT/$kind
rm -rf "$D"
mkdir -p "$D"
"capture_$kind"
emit "$kind"
pass "$kind fixtures captured"
