#!/bin/sh
# Guest side of capture-fixtures.sh: record real ring-buffer sub-buffers
# together with the kernel's own text for the same records, and print them
# on the console as "KPFIX CASE/FILE BASE64" lines.
#
# Each case traces a workload in a private instance, stops it, then saves:
# header_page, header_event, the format file of every enabled event, the
# kernel's text ("trace", read without consuming), each CPU's
# trace_pipe_raw (consumed afterwards, so the same records), each CPU's
# stats, and the /proc/kallsyms lines of every function the text names.
. /tests/lib.sh

G=kpfix
I=$T/instances/$G
OUT=/tmp/fixtures

# the definitions every case records; add types here as tests need them
DEFS="p:$G/open do_sys_openat2 dfd=%di:s32 file=+0(%si):string how=%dx:x64 comm=\$comm
r:$G/open_ret do_sys_openat2 ret=\$retval:s64
p:$G/close close_fd fd=%di:u32 fdx=%di:x16 fds=%di:s8"

emit() {	# emit CASE FILE
	base64 "$OUT/$1/$2" | sed "s|^|KPFIX $1/$2 |"
}

# capture CASE SIZE_KB WORK...: trace WORK in the instance, save everything
capture() {
	c=$1 kb=$2
	shift 2
	mkdir -p "$I" "$OUT/$c" || die "cannot create the instance"
	echo "$kb" > "$I/buffer_size_kb"
	printf '%s\n' "$DEFS" | while IFS= read -r d; do
		echo "$d" >> $T/kprobe_events || die "kernel refused: $d"
	done
	echo 1 > "$I/events/$G/enable"
	echo 1 > "$I/events/task/task_newtask/enable"
	echo 1 > "$I/events/task/task_rename/enable"
	[ "$c" = stack ] && echo 1 > "$I/options/stacktrace"
	echo 1 > "$I/tracing_on"
	"$@"
	echo 0 > "$I/tracing_on"
	cp $T/events/header_page "$OUT/$c/header_page"
	cp $T/events/header_event "$OUT/$c/header_event"
	for f in $T/events/$G/*/format $T/events/task/task_newtask/format \
	    $T/events/task/task_rename/format $T/events/ftrace/kernel_stack/format; do
		e=${f%/format}
		cp "$f" "$OUT/$c/format-${e##*/}"
	done
	cat "$I/trace" > "$OUT/$c/trace"
	for d in "$I"/per_cpu/cpu*; do
		n=${d##*/}
		cat "$d/stats" > "$OUT/$c/stats-$n"
		timeout 2 cat "$d/trace_pipe_raw" > "$OUT/$c/$n.raw"
	done
	# the symbols the text names, and the next one (for each function's size)
	sed -n 's/.*[(=] *\([A-Za-z_][A-Za-z0-9_.]*\)+0x.*/\1/p; s/^ => \([A-Za-z_][A-Za-z0-9_.]*\).*/\1/p' \
	    "$OUT/$c/trace" | sort -u > /tmp/syms
	grep -A1 -w -F -f /tmp/syms /proc/kallsyms | grep -v '^--$' > "$OUT/$c/kallsyms"
	echo 0 > "$I/events/$G/enable"
	echo 0 > "$I/events/task/enable"
	echo 0 > "$I/options/stacktrace"
	rmdir "$I"
	echo > $T/kprobe_events
	for f in $(cd "$OUT/$c" && ls); do
		emit "$c" "$f"
	done
}

workload_basic() {
	work open /etc/hostname 3
	sh -c 'exec /usr/bin/workload open /etc/passwd 2' </dev/null
	workload fork open /nonexistent 1
}

# many more events than the 4 KB buffer holds: the oldest are overwritten
workload_loss() {
	workload fork open /etc/hostname 2000
}

tracefs_mount
capture basic 1408 workload_basic
capture stack 1408 work open /etc/hostname 2
capture loss 4 workload_loss
echo "KPFIX-END"
pass "fixtures captured"
