#!/bin/sh
# /init of the VM test image: mount the basics, run every scenario in
# /tests/scenarios (sorted), report on /dev/ttyS1, then power off.
#
# Kernel command line parameters read here:
#   kprobe_vm_kernel=LABEL      label used in test names (6.1, 6.12)
#   kprobe_vm_timeout=SECS      per-scenario timeout (default 60)
#   kprobe_vm_only=PATTERN      run only scenarios whose name matches this
#                               shell pattern (e.g. 1*, *signals*)
#   kprobe_vm_shell=1           drop to a shell on ttyS0 instead of powering
#                               off (interactive debugging)
#   kprobe_vm_result=DEV        where the verdicts go (default /dev/ttyS1; on
#                               arm /dev/hvc0, a virtio console, whose modules
#                               /lib/modules/LABEL/order lists are loaded first)

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C LC_ALL=C

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /var/tmp
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug
hostname kprobe-vm

KVM_KERNEL=unknown
timeout=60
only='*'
shell=0
for arg in $(cat /proc/cmdline); do
	case $arg in
	kprobe_vm_kernel=*)	KVM_KERNEL=${arg#*=} ;;
	kprobe_vm_timeout=*)	timeout=${arg#*=} ;;
	kprobe_vm_only=*)	only=${arg#*=} ;;
	kprobe_vm_shell=1)	shell=1 ;;
	kprobe_vm_soak=*)	soak=${arg#*=} ;;
	kprobe_vm_result=*)	result=${arg#*=} ;;
	esac
done
export KVM_KERNEL
# SECS of the soak scenarios (*-soak), which run only when it is given
soak=${soak:-0}
KVM_SOAK=$soak
export KVM_SOAK

# A sanitizer build of kprobe reports here, one file per process; any
# report fails the scenario that produced it (harmless for plain builds)
mkdir -p /tmp/asan
export ASAN_OPTIONS=log_path=/tmp/asan/kprobe:detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=log_path=/tmp/asan/kprobe:print_stacktrace=1

# the verdict channel's modules (virtio-console on arm), then the channel
if [ -f "/lib/modules/$KVM_KERNEL/order" ]; then
	while read -r m; do
		insmod "/lib/modules/$KVM_KERNEL/$m.ko" || echo "init: cannot load $m"
	done < "/lib/modules/$KVM_KERNEL/order"
fi
RESULT_DEV=${result:-/dev/ttyS1}
n=50
while [ ! -c "$RESULT_DEV" ] && [ $n -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
[ -c "$RESULT_DEV" ] || echo "init: no $RESULT_DEV: the verdicts are lost"
stty -F $RESULT_DEV raw -echo 2>/dev/null
export RESULT_DEV

out() {
	printf '%s\n' "$*" >> $RESULT_DEV
	printf '%s\n' "$*"
}

T=/sys/kernel/tracing

# the state at boot, to go back to between scenarios
mount -t tracefs nodev $T
cat $T/trace_options > /tmp/boot.trace_options
uptime=$(cut -d' ' -f1 /proc/uptime)
# the kernel's features the scenarios ask for (tests/vm/arch.sh)
. /tests/arch.sh
features=$(arch_detect $T)
export $features
out "INFO $KVM_KERNEL: booted in ${uptime}s: $(uname -r) $(uname -m) $features"
umount $T

# put tracing back as it was at boot: no kprobes, no instances, boot options
reset_tracing() {
	mount -t tracefs nodev $T 2>/dev/null
	left=
	for i in $T/instances/*; do
		[ -d "$i" ] || continue
		left="$left instance:${i##*/}"
		echo 0 > "$i/tracing_on"
		echo 0 > "$i/events/enable"
		rmdir "$i" || left="$left(rmdir-failed)"
	done
	for f in $T/events/*/*/enable; do
		read -r v < "$f" 2>/dev/null
		[ "$v" = 0 ] && continue
		case $f in
		*/ftrace/*) continue ;;
		esac
		left="$left enabled:${f#$T/events/}"
		echo 0 > "$f"
	done
	# (tracefs files have size 0: read them to see if they are empty)
	ev=$(sed 's/ .*//' $T/kprobe_events | tr '\n' ' ')
	if [ -n "$ev" ]; then
		left="$left kprobes:$ev"
		echo > $T/kprobe_events || left="$left(not-removed)"
	fi
	ev=$(sed 's/ .*//' $T/dynamic_events | tr '\n' ' ')
	if [ -n "$ev" ]; then
		left="$left dynamic:$ev"
		echo > $T/dynamic_events || left="$left(not-removed)"
	fi
	echo nop > $T/current_tracer
	echo 1 > $T/tracing_on
	echo > $T/set_event_pid
	while read -r opt; do
		echo "$opt" > $T/trace_options 2>/dev/null
	done < /tmp/boot.trace_options
	echo > $T/trace
	rm -f /var/tmp/.ftrace-lock
	[ -n "$left" ] && out "DETAIL $KVM_KERNEL/$1: removed after the scenario:$left"
	while grep -q " $T tracefs " /proc/mounts; do
		umount $T || break
	done
	while grep -q " /sys/kernel/debug/tracing tracefs " /proc/mounts; do
		umount /sys/kernel/debug/tracing || break
	done
	grep -q ' /sys/kernel/debug debugfs ' /proc/mounts ||
	    mount -t debugfs debugfs /sys/kernel/debug
}

# SIGKILL every user process but this one
kill_leftovers() {
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" = 1 ] && continue
		[ -e "/proc/$p/exe" ] || continue	# kernel thread or gone
		kill -KILL "$p" 2>/dev/null
	done
}

for s in /tests/scenarios/*.sh; do
	[ -f "$s" ] || continue
	name=${s##*/}
	name=${name%.sh}
	case $name in
	$only) ;;
	*) continue ;;
	esac
	limit=$timeout
	case $name in
	*-soak)
		[ "$soak" -gt 0 ] || continue
		limit=$((soak + 180)) ;;
	esac
	dir=/tmp/scenario/$name
	mkdir -p "$dir"
	echo "=== $KVM_KERNEL/$name"
	start=$(cut -d' ' -f1 /proc/uptime)
	# the scenario's output goes to the console as it runs, and to .log
	(
		cd "$dir" || exit 1
		export SCENARIO="$name" VERDICTS="$dir/.verdicts"
		timeout -s KILL "$limit" sh "$s" < /dev/null
		echo $? > "$dir/.rc"
	) 2>&1 | tee "$dir/.log"
	read -r rc < "$dir/.rc" || rc=unknown
	end=$(cut -d' ' -f1 /proc/uptime)
	if [ $rc = 137 ]; then
		out "FAIL $KVM_KERNEL/$name: timed out after ${limit}s"
	elif [ ! -s "$dir/.verdicts" ]; then
		out "FAIL $KVM_KERNEL/$name: no verdict (exit status $rc)"
		tail -n 5 "$dir/.log" | while IFS= read -r l; do
			out "DETAIL $KVM_KERNEL/$name: | $l"
		done
	fi
	out "TIME $KVM_KERNEL/$name: $start $end"
	kill_leftovers
	for r in /tmp/asan/kprobe.*; do
		[ -f "$r" ] || continue
		out "FAIL $KVM_KERNEL/$name/sanitizer: $(grep -m1 -E 'ERROR|runtime error' "$r")"
		head -n 30 "$r" | while IFS= read -r l; do
			out "DETAIL $KVM_KERNEL/$name/sanitizer: | $l"
		done
		rm -f "$r"
	done
	reset_tracing "$name"
done

out "DONE $KVM_KERNEL"
if [ $shell = 1 ]; then
	echo "kprobe_vm_shell=1: starting a shell; poweroff -f to end"
	setsid cttyhack sh
fi
sync
sleep 1
poweroff -f
