#!/bin/sh
# The raw reader's lines are the kernel's own: the same probes enabled in a
# second instance of this scenario's own give, for the same records, the
# same text (time stamps and the comm column aside), for every fetch type,
# return probes, symbols, faults and -s stacks; and the tool never prints
# "<...>" for a task it has not seen by name.
. /tests/lib.sh

state_snapshot before
P=$T/instances/parity_$$
N=$T/instances/names_$$
types=$(cat "$T/README")
char=
case $types in *char,*) char=" c=+0(${ARG2}):char" ;; esac

A="p:pa do_sys_openat2 dfd=${ARG1}:s32 file=+0(${ARG2}):string ufile=+0(${ARG2}):ustring u8=${ARG1}:u8 s8=${ARG1}:s8 u16=${ARG1}:u16 s16=${ARG1}:s16 u32=${ARG1}:u32 s64=${ARG1}:s64 u64=${ARG1}:u64 x8=${ARG1}:x8 x16=${ARG1}:x16 x32=${ARG1}:x32 x64=${ARG1}:x64 arr=+0(${ARG2}):u8[4] xarr=+0(${ARG2}):x8[3] bf=${ARG1}:b4@4/32 caller=${RETADDR}:symbol comm=\$comm flt=+0(${ARG1}):string$char"
R='r:pr do_sys_openat2 $retval ret=$retval:s64 uret=$retval:u64 xret=$retval:x64'
PS=
# symstr only on a rarely called function
case $types in *symstr*) PS="p:ps ksys_sync caller=${RETADDR}:symstr" ;; esac

# parity SUFFIX OPTION... -- DEFINITION... - one run of the tool with
# OPTIONs and the DEFINITIONs, and a second instance with the same events
# (and the stacktrace option with -s): its records, the kernel's text in
# kernelSUFFIX and the tool's in outSUFFIX, compared; adds to RECORDS_ALL
RECORDS_ALL=0
parity() {
	_p_s=$1
	shift
	_p_opts=
	while [ "$1" != -- ]; do
		_p_opts="$_p_opts $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	kprobe_start "out$_p_s" "err$_p_s" $_p_opts "$@" || exit 1
	G=kprobe_$KP_PID
	mkdir "$P" "$N" || die "cannot create the comparison instances"
	case " $_p_opts " in *" -s "*) echo 1 > "$P/options/stacktrace" ;; esac
	for e in "$T/events/$G"/*/; do
		e=${e%/}
		echo 1 > "$P/events/$G/${e##*/}/enable" || die "cannot enable $G/${e##*/} in $P"
	done
	# which names tasks had before an exec, to tell the kernel's stale comm apart
	echo 1 > "$N/events/task/task_rename/enable"

	work open /etc/hostname 3
	W1=$W_PID
	work open /no/such/file 2
	W2=$W_PID
	sync
	sleep 0.5

	echo 0 > "$P/tracing_on"
	for e in "$P/events/$G"/*/enable; do echo 0 > "$e"; done
	echo 0 > "$N/events/task/task_rename/enable"
	# (the run's events carry its pid in the kernel: NAME__PID)
	grep -v '^#' "$P/trace" | sed "s/__$KP_PID: /: /" > "kernel$_p_s"
	kprobe_stop "$KP_PID"
	expect_status "exit status" 0 "$STATUS" "err$_p_s"

	# (the tool's own opens, of /proc/PID/comm for a task it has not seen by
	# name, are in this instance but not in its own, which leaves them out)
	expect_same_records "kernel$_p_s" "out$_p_s" "$KP_PID"
	RECORDS_ALL=$((RECORDS_ALL + RECORDS))
	expect_ge "the workload's opens under its name" 5 \
	    "$(grep -Ec "^ *workload-($W1|$W2) +$TS_RE(pa|pr): " "out$_p_s")"
	check_final "out$_p_s" "err$_p_s"
	rmdir "$P" "$N"
}

case $(uname -m) in
armv7*|armv8l)
	# Debian's armmp 6.1.0-57 (6.1.192-3) panics when the stacktrace option
	# records a kretprobe's stack (its unwind_frame() reads a user address
	# from __kretprobe_trampoline's frame), without this tool too: the
	# return probe is compared in a run of its own, without -s
	parity 1 -s -- "$A" ${PS:+"$PS"}
	parity 2 -- "$R"
	cat out1 out2 > out
	cat err1 err2 > err
	;;
*)
	parity "" -s -- "$A" "$R" ${PS:+"$PS"}
	;;
esac

for t in 'pa: .*u8=.* s8=.* u16=.* s16=.* u32=.* s64=.* u64=.* x8=0x.* x16=0x.* x32=0x.* x64=0x.* arr=\{[0-9]+,[0-9]+,[0-9]+,[0-9]+\} xarr=\{0x[0-9a-f]+,0x[0-9a-f]+,0x[0-9a-f]+\} bf=[0-9]+ caller=[a-z_0-9]+\+0x[0-9a-f]+/0x[0-9a-f]+ comm="workload" flt=\(fault\)' \
    'pa: \(do_sys_openat2\+0x0/0x[0-9a-f]+\) dfd=-100 file="/no/such/file"' \
    "pr: \\([a-z_0-9]+\\+0x[0-9a-f]+/0x[0-9a-f]+ <- do_sys_openat2\\) arg1=-?[0-9a-fx]+ $RET_ENOENT_64" \
    '^ => do_sys_openat2$'; do
	expect_match "the tool printed /$t/" "$t" out || {
		grep -E "$(echo "$t" | cut -c1-3)" out | head -n 3 > near
		detail_file "lines of that event" near 3
	}
done
case $types in *symstr*)
	expect_match "symstr" 'ps: \(ksys_sync\+0x[0-9a-f]+/0x[0-9a-f]+\) caller="[a-z_0-9]+\+0x[0-9a-f]+/0x[0-9a-f]+"' out || {
		grep ' ps: ' out | head -n 3 > near
		detail_file "ps lines" near 3
		detail_file "stderr" err 5
	} ;;
esac
[ -n "$char" ] && expect_match "char" "pa: .* c='/'" out
expect_nomatch "no <...> comm" '^ *<\.\.\.>-' out
state_compare before
pass "the tool's lines are the kernel's ($RECORDS_ALL records)"
