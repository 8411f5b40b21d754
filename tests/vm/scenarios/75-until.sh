#!/bin/sh
# The flight recorder: --until stops the buffer in the kernel on exactly
# the failed open among 2000 that succeed and prints what came before it,
# in order, ending with it (text, --last, --json, --reader text); a
# condition never met exits 3 and prints nothing (the buffer with --dump);
# the CPU it uses while waiting; how many events a MB of -b holds; -T wall
# and epoch against the guest's clock. Nothing is left behind.
. /tests/lib.sh

OPEN="p:myopen do_sys_openat2 file=+0(${ARG2}):string"
# the same probe by the function's name (the default event name)
FILE="p:do_sys_openat2 file=+0(${ARG2}):string"
RET='r:myret do_sys_openat2 ret=$retval:s64'
# 2000 opens that succeed, one that fails, 2000 more that are never reached
CMD="$WORKLOAD open /etc/hostname 2000 0; $WORKLOAD open /nonexistent/kp 1 0; $WORKLOAD open /etc/hostname 2000 0"
state_snapshot before

# names FILE - the event name of each event line of FILE, in order
names() {
	event_part "$1" | sed 's/:.*//'
}

begin stop
run_kprobe u --until 'myret if ret < 0' -c "$CMD" "$OPEN" "$RET"
expect_status "exit status" 0 "$STATUS" u.err
expect_match "what it waits for" '^Tracing kprobes myopen, myret into the ring buffer until myret if ret < 0\. Ctrl-C to end\.$' u.err
tail -n 1 u.out > last
tail -n 2 u.out | head -n 1 > before_last
expect_match "last line: the failed open's return" 'myret: \(.* <- do_sys_openat2\) ret=-2$' last
expect_match "before it, its entry" 'myopen: \(do_sys_openat2\+0x0/0x[0-9a-f]+\) file="/nonexistent/kp"$' before_last
expect_count "the opens that succeeded before it" 2000 'myopen: .* file="/etc/hostname"$' u.out
expect_count "their returns" 2000 'myret: .* ret=[0-9]+$' u.out
expect_count "failed opens" 1 'ret=-' u.out
# entry, return, entry, return...: in order, none missing
expect_eq "entries and returns alternate" "" "$(names u.out | awk 'NR % 2 == 1 && $0 != "myopen" || NR % 2 == 0 && $0 != "myret" { print NR; exit }')"
expect_eq "time stamps in order" "" "$(sed -nE 's/.* ([0-9]+\.[0-9]{6}): .*/\1/p' u.out | awk 'NR > 1 && $1 < p { print NR; exit } { p = $1 }')"
check_final u.out u.err
state_compare before
pass "stopped on the one failed open of 2001, $(wc -l < u.out) lines up to it"

begin last
run_kprobe l --until 'myret if ret < 0' --last 5 -c "$CMD" "$OPEN" "$RET"
expect_status "exit status" 0 "$STATUS" l.err
expect_eq "the last 5 events" "myret myopen myret myopen myret" "$(names l.out | tr '\n' ' ' | sed 's/ $//')"
expect_eq "lines" 5 "$(wc -l < l.out)"
sed -n 4p l.out > l4
sed -n 5p l.out > l5
expect_match "the 4th: the failed open" 'file="/nonexistent/kp"$' l4
expect_match "the 5th: its return" 'ret=-2$' l5
expect_eq "closing line" "5 events printed, 0 lost, 0 missed" "$(tail -n 1 l.err)"
state_compare before
pass "--last 5: the 5 events up to and including the trigger's"

begin json
run_kprobe j --json --until 'myret if ret < 0' --last 2 -c "$CMD" "$OPEN" "$RET"
expect_status "exit status" 0 "$STATUS" j.err
expect_eq "the objects" '["myopen","/nonexistent/kp"]
["myret",-2]' "$(jq -c '[.event, (.args.file // .args.ret)]' j.out)"
state_compare before
pass "--json --last 2: the failed open's two objects"

begin text
run_kprobe t --reader text --until 'myret if ret < 0' --last 3 -c "$CMD" "$OPEN" "$RET"
expect_status "exit status" 0 "$STATUS" t.err
expect_eq "the last 3 events" "myret myopen myret" "$(names t.out | tr '\n' ' ' | sed 's/ $//')"
tail -n 1 t.out > t3
expect_match "the kernel's text of the failed return" 'myret: \(.* <- do_sys_openat2\) ret=-2$' t3
state_compare before
pass "--reader text --last 3: the kernel's own lines, the trigger's last"

begin never
run_kprobe n --until 'myret if ret == -99' -c "$WORKLOAD open /etc/hostname 200 0" "$OPEN" "$RET"
expect_status "exit status" 3 "$STATUS" n.err
expect_eq "nothing printed" 0 "$(wc -c < n.out)"
expect_match "said" '^kprobe: condition never met: no myret with ret == -99 came; nothing printed \(--dump prints the buffer\)$' n.err
run_kprobe nd --until 'myret if ret == -99' --dump -c "$WORKLOAD open /etc/hostname 200 0" "$OPEN" "$RET"
expect_status "--dump: exit status" 3 "$STATUS" nd.err
expect_count "--dump: the buffer" 200 'myopen: .* file="/etc/hostname"$' nd.out
expect_match "--dump: said" 'condition never met: .*; the buffer was printed$' nd.err
run_kprobe nt -d 1 --until 'myret if ret == -99' "$OPEN" "$RET"
expect_status "-d 1: exit status" 3 "$STATUS" nt.err
expect_eq "-d 1: nothing printed" 0 "$(wc -c < nt.out)"
kprobe_start ni ni.err --until 'myret if ret == -99' "$OPEN" "$RET" || exit 1
kprobe_stop "$KP_PID" INT
expect_status "Ctrl-C: exit status" 3 "$STATUS" ni.err
expect_eq "Ctrl-C: nothing printed" 0 "$(wc -c < ni)"
state_compare before
pass "never met: exit 3 after -c, -d and Ctrl-C, nothing printed; --dump prints the buffer"

# ticks PID - utime + stime of a process, in clock ticks (100 a second)
ticks() {
	read -r _t_l < "/proc/$1/stat"
	set -- ${_t_l##*) }
	echo $(( ${12} + ${13} ))
}

# runtime PID - the scheduler's count of the time it ran, in microseconds
runtime() {
	read -r _r_ns _r_rest < "/proc/$1/schedstat"
	echo $((_r_ns / 1000))
}

begin cpu
bg w.out w.err "$WORKLOAD" open /etc/hostname 100000000 0
wp=$BG_PID
kprobe_start c.out c.err --until 'myret if ret == -99' "$OPEN" "$RET" || exit 1
t0=$(ticks "$KP_PID")
r0=$(runtime "$KP_PID")
sleep 4
t1=$(ticks "$KP_PID")
r1=$(runtime "$KP_PID")
kill "$wp"
wait_exit "$wp" 5
# what the buffer took and what it overwrote, the workload ended
set -- $(cat "$T/instances/kprobe_$KP_PID/per_cpu"/cpu*/stats |
    awk '/^entries:/ { e += $2 } /^overrun:/ { o += $2 } END { print e + o, o }')
written=$1
overrun=$2
kprobe_stop "$KP_PID" INT
expect_status "exit status" 3 "$STATUS" c.err
expect_ge "events recorded while it waited" 10000 "$written"
# 4 s: at most 10 ticks (100 ms, 2.5% of a CPU; streaming costs some
# microseconds of CPU per event, and this is $written events)
[ $((t1 - t0)) -le 10 ] || fail "the recorder used $((t1 - t0)) ticks of CPU in 4 s"
# (a slower guest, arm64's under emulation, may not fill the buffer)
if [ "$overrun" -gt 0 ]; then
	expect_match "said what was overwritten" \
	    '^kprobe: [0-9]+ older events were overwritten in the ring buffer' c.err
else
	expect_nomatch "nothing overwritten, nothing said" 'overwritten' c.err
fi
state_compare before
pass "$((t1 - t0)) ticks ($((r1 - r0)) us run) of CPU in 4 s while $written events were recorded ($overrun overwritten)"

begin per-mb
bg w.out w.err "$WORKLOAD" open /etc/hostname 100000000 0
wp=$BG_PID
kprobe_start m.out m.err -b 256 -d 5 --dump --until 'do_sys_openat2 if file == "/never"' \
    "$FILE" || exit 1
sleep 3
for c in "$T/instances/kprobe_$KP_PID/per_cpu"/cpu*; do
	echo "${c##*/} $(awk '/^entries:|^overrun:|^bytes:/ { printf "%s %s ", $1, $2 }' "$c/stats")"
done > m.stats
wait_exit "$KP_PID" 20
expect_status "exit status" 3 "$STATUS" m.err
kill "$wp"
wait_exit "$wp" 5
detail_file "per-CPU stats after 3 s" m.stats
# a CPU that overwrote its oldest events holds a full 256 KB
full=$(awk '$5 > 0 { print $3 * 4; exit }' m.stats)
expect_ge "events per MB" 1000 "${full:-0}"
expect_ge "the dump" 1000 "$(count 'do_sys_openat2: .* file="/etc/hostname"$' m.out)"
state_compare before
pass "$full events of '$FILE' (file=/etc/hostname) per MB of -b"

# us SECS.NSECS - microseconds
us() {
	echo $(( ${1%.*} * 1000000 + $(echo "${1#*.}" | cut -c1-6 | sed 's/^0*//;s/^$/0/') ))
}

begin wall
run_kprobe tw -T wall -c "$WORKLOAD stamp /etc/hostname > stamp" \
    "$FILE" 'file == "/etc/hostname"'
expect_status "exit status" 0 "$STATUS" tw.err
b=$(us "$(sed -n 's/^before //p' stamp)")
a=$(us "$(sed -n 's/^after //p' stamp)")
when=$(sed -nE 's/.* ([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\.([0-9]{6}): do_sys_openat2: .*/\1 \2/p' tw.out)
day=${when% *}
sec=$((b / 1000000))
[ "$day" = "$(date -d "@$((a / 1000000))" +%Y-%m-%dT%H:%M:%S)" ] && sec=$((a / 1000000))
expect_eq "the second, as date prints it" "$(date -d "@$sec" +%Y-%m-%dT%H:%M:%S)" "$day"
ev=$((sec * 1000000 + $(echo "${when#* }" | sed 's/^0*//;s/^$/0/')))
# the open came between the two readings of the wall clock; 1 ms for
# the offset's reading and the microseconds' rounding
[ "$ev" -ge $((b - 1000)) ] && [ "$ev" -le $((a + 1000)) ] ||
	fail "-T wall $when is not within 1 ms of the open ($b..$a us)"
run_kprobe te -T epoch --json -c "$WORKLOAD stamp /etc/hostname > stamp.e" \
    "$FILE" 'file == "/etc/hostname"'
expect_status "epoch: exit status" 0 "$STATUS" te.err
be=$(us "$(sed -n 's/^before //p' stamp.e)")
ae=$(us "$(sed -n 's/^after //p' stamp.e)")
eve=$(us "$(sed -n 's/.*"time":\([0-9.]*\),.*/\1/p' te.out)")
[ "$eve" -ge $((be - 1000)) ] && [ "$eve" -le $((ae + 1000)) ] ||
	fail "-T epoch $eve is not within 1 ms of the open ($be..$ae us)"
state_compare before
pass "-T wall: $((ev - b)) us after the wall clock before the open, $((a - ev)) us before the one after; --json -T epoch: $((eve - be)) and $((ae - eve)) us"
