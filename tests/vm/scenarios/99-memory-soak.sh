#!/bin/sh
# Opt-in (KPROBE_VM_SOAK=1): one run streams for KPROBE_VM_SOAK_SECS while
# three workloads create and end processes without pause, each of which
# opens a marker file once, with pid_max at its highest: over a million
# pids in the default 900 s. The run's memory does not
# grow with the pids it has seen (the names of freed tasks go): its peak
# RSS stays under 40 MB and within 4 MB of what it was after the first
# 30 s; every child's open is printed, by the child's name, or counted lost.
. /tests/lib.sh

secs=${KVM_SOAK:-900}
loops="1 2 3"
marker=/tmp/soak-marker
: > "$marker"
# (cat: a sysctl file read at an offset past 0 is at its end, and the
# shell's read takes a byte at a time: it read "3" of 32768)
old_pid_max=$(cat /proc/sys/kernel/pid_max)
echo 4194304 > /proc/sys/kernel/pid_max
state_snapshot before

kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$KP_PID/status"; }

kprobe_start out err -o events "p:do_sys_openat2 file=+0(${ARG2}):string" \
    "file == \"$marker\"" || exit 1
churns=
for i in $loops; do
	"$WORKLOAD" churn "$secs" "$marker" > "churn$i" 2> "churn$i.err" &
	churns="$churns $!"
done
sleep 30
rss30=$(kb VmRSS)
: > rss
t=30
running() {
	for _c in $churns; do
		alive "$_c" && return 0
	done
	return 1
}
while running; do
	sleep 10
	t=$((t + 10))
	echo "$t s: $(kb VmRSS) kB" >> rss
done
statuses=
for c in $churns; do
	wait "$c"
	statuses="$statuses $?"
done
expect_eq "workload exit statuses" " 0 0 0" "$statuses"
sleep 2
peak=$(kb VmHWM)
rss_end=$(kb VmRSS)
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err

children=0
low=
high=0
for i in $loops; do
	children=$((children + $(sed -n 's/^children //p' "churn$i")))
	set -- $(sed -n 's/^pids //p' "churn$i")
	[ -z "$low" ] || [ "$1" -lt "$low" ] && low=$1
	[ "$2" -gt "$high" ] && high=$2
done
detail "$children children in $secs s (pids $low to $high), RSS after 30 s $rss30 kB, at the end $rss_end kB, peak $peak kB"
detail_file "RSS every 10 s" rss 80

last=$(tail -n 1 err)
printed=${last%% *}
lost=${last#*printed, }
lost=${lost%% lost*}
expect_match "last line" "$FINAL_LINE" err
detail "closing line: $last"
opens=$(count "do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\"$marker\"\$" events)
expect_eq "events printed vs lines in the file" "$printed" "$(wc -l < events)"
expect_eq "every line is a child's open" "$printed" "$opens"
if [ "$lost" = 0 ]; then
	expect_eq "each child's open printed once (none lost)" "$children" "$printed"
else
	expect_eq "printed and lost cover the children's opens" yes \
	    "$([ $((printed + lost)) -ge "$children" ] && [ "$printed" -le "$children" ] && echo yes || echo no)"
fi
expect_ge "over a million children in $secs s" 1000001 "$children"
expect_eq "children named by their name (workload)" "$printed" \
    "$(count '^ *workload-[0-9]+ ' events)"
grep -Ev '^ *workload-[0-9]+ ' events > misnamed
detail_file "lines not named workload" misnamed 10
expect_eq "peak RSS ($peak kB) under 40 MB" yes \
    "$([ "$peak" -le 40960 ] && echo yes || echo no)"
expect_eq "RSS at the end ($rss_end kB) within 4 MB of after 30 s ($rss30 kB)" yes \
    "$([ "$rss_end" -le $((rss30 + 4096)) ] && echo yes || echo no)"
echo "$old_pid_max" > /proc/sys/kernel/pid_max 2> pid_max.err ||
    fail "pid_max not put back to $old_pid_max: $(cat pid_max.err)"
state_compare before
pass "$children tasks in $secs s, $printed events printed, $lost lost; RSS $rss30 -> $rss_end kB, peak $peak kB"
