#!/bin/sh
# An event's text longer than the kernel's trace_seq buffer (4096 bytes
# before Linux 6.8, 8156 since, newline included) is cut short in the
# kernel's trace_pipe, with "[LINE TOO BIG]" when that still fits; the raw
# reader prints the same bytes, at the longest line the kernel prints
# whole and one and two bytes past it. The same probes enabled in a second
# instance of this scenario's own give the kernel's text for the same
# records.
. /tests/lib.sh

state_snapshot before
P=$T/instances/linebig_$$
case $(uname -r) in
[0-5].* | 6.[0-7].* | 6.[0-7]-*) N=4096 ;;
*) N=8156 ;;
esac
# 16 arrays of 64 bytes of linux_banner (printable, so 0xNN each): 5 KB of
# text from 1 KB of record, to pass 8 KB with a record that fits a 4 KB
# sub-buffer. On 6.1 the arrays alone are cut short: where a value does
# not fit, with no room left for the marker. A kernel without data symbols
# in kallsyms (no CONFIG_KALLSYMS_ALL: arm64's 6.1) has no @linux_banner:
# the code of vfs_read, which nothing patches here, is as constant (at
# least 3 bytes of text a byte: 4 KB, which is 6.1's limit).
sym=linux_banner
has_data_symbols || sym=vfs_read
arr=
i=1
while [ $i -le 16 ]; do
	arr="$arr x$(printf %02d $i)=@$sym:x8[64]"
	i=$((i + 1))
done
# in a group of the scenario's own: the events keep their names in the
# kernel (in the run's group they would carry the run's pid), so the
# kernel's lines are as long as the tool's
G=linebig_$$
S="p:$G/lbs do_sys_openat2 s=+0(${ARG2}):ustring"
X="p:$G/lbx do_sys_openat2$arr s=+0(${ARG2}):ustring"
F='s ~ "/q*"'

kprobe_start out err "$S" "$F" "$X" "$F" || exit 1
mkdir "$P" || die "cannot create the comparison instance"
for e in lbs lbx; do
	echo "$F" > "$P/events/$G/$e/filter" || die "cannot filter $G/$e in $P"
	echo 1 > "$P/events/$G/$e/enable" || die "cannot enable $G/$e in $P"
done

# path: "/" and q up to LEN bytes
qpath() { printf /; head -c $(($1 - 1)) /dev/zero | tr '\0' q; }

# one open of a 100-byte path tells each event's line length less the path
work open "$(qpath 100)" 1
sleep 0.3
# (from its header on: on 6.1 the lbx text before it is cut short and has
# no newline)
base() {
	awk -v ev="$1" '{
		re = " *(<\\.\\.\\.>|workload)-[0-9]+ +\\[[0-9]+\\] [^ ]+ +[0-9]+\\.[0-9]+: " ev ": "
		if (!match($0, re))
			next
		start = RSTART
		rest = substr($0, RSTART + RLENGTH)
		# a whole line, with no other after it
		if (rest !~ /["}]$/ || rest ~ /[0-9]\.[0-9]+: lb[sx]: /)
			next
		print length($0) - start + 2 - 100
		exit
	}' "$P/trace"
}
base_s=$(base lbs)
base_x=$(base lbx)
detail "line length less the path: lbs $base_s, lbx $base_x; limit $N"
[ -n "$base_s" ] || die "no lbs line in the kernel's text"

# lines of N-1, N, N+1 and N+2 bytes from whichever event reaches them
# with a string the kernel takes (at most 4095 bytes) in a record that
# fits a sub-buffer (at most about 4 KB of data)
for base in $base_s $base_x; do
	room=4095
	[ "$base" = "$base_x" ] && room=2900
	for d in -1 0 1 2; do
		len=$((N + d - base))
		[ "$len" -ge 2 ] && [ "$len" -le $room ] && work open "$(qpath $len)" 1
	done
done
sync
sleep 0.5
echo 0 > "$P/tracing_on"
timeout 3 dd if="$P/trace_pipe" of=kernel bs=65536 2> /dev/null
for e in lbs lbx; do echo 0 > "$P/events/$G/$e/enable"; done
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err

# Byte for byte, but for what differs between two instances' copies of a
# record: the comm column (the kernel may print <...>), the time stamp and
# need-resched. A text cut short has no newline: the next header follows
# on the same line, hence the global substitutions.
same() {
	sed -E 's/ *(<\.\.\.>|workload)-([0-9]+ +\[[0-9]{3}\]) (.)./C-\2 \3?/g
		s/ +[0-9]+\.[0-9]{6}: lb/ T: lb/g' "$1"
}
same kernel > kernel.same
same out > tool.same
events=$(grep -o ' T: lb[sx]: ' kernel.same | wc -l)
expect_ge "records in the kernel's text" 6 "$events"
expect_eq "complete lines of $N bytes in the kernel's text" 1 \
    "$(awk -v n="$N" 'length($0) + 1 == n && /: lb[sx]: .*["}]$/' kernel | wc -l)"
big=$(grep -c '\[LINE TOO BIG\]$' kernel)
expect_ge "[LINE TOO BIG] in the kernel's text" 1 "$big"
if ! cmp -s kernel.same tool.same; then
	fail "the tool's text is not the kernel's"
	awk '{ print length($0) + 1 ": " substr($0, 1, 50) " ... " substr($0, length($0) - 30) }' \
		kernel.same > k.short
	awk '{ print length($0) + 1 ": " substr($0, 1, 50) " ... " substr($0, length($0) - 30) }' \
		tool.same > t.short
	detail_file "kernel" k.short 12
	detail_file "tool" t.short 12
fi
# every record counts as an event printed, cut short or not
last=$(tail -n 1 err)
expect_eq "events printed" "$events" "${last%% *}"
rmdir "$P"
state_compare before
pass "lines up to $N bytes whole, longer ones cut as the kernel cuts them ($events records)"
