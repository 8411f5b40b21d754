#!/bin/sh
# -l: the kernel functions that can be probed, by glob, sorted, with their
# BTF signatures, and without BTF (the KPROBE_VMLINUX_BTF test hook).
. /tests/lib.sh

tracefs_mount
state_snapshot before
bl=/sys/kernel/debug/kprobes/blacklist
sig='vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)'
LC_ALL=C
export LC_ALL

begin btf
[ -e /sys/kernel/btf/vmlinux ] || die "no /sys/kernel/btf/vmlinux on this kernel"
run_kprobe b -l vfs_read
expect_status "exit status" 0 "$STATUS" b.err
expect_eq "vfs_read with its signature" "$sig" "$(cat b.out)"
expect_eq "nothing on stderr" "" "$(cat b.err)"
pass "$(cat b.out)"

begin no-btf
KPROBE_VMLINUX_BTF=/nonexistent/vmlinux
export KPROBE_VMLINUX_BTF
run_kprobe n -l vfs_read
unset KPROBE_VMLINUX_BTF
expect_status "exit status" 0 "$STATUS" n.err
expect_eq "bare name" "vfs_read" "$(cat n.out)"
expect_match "says there is no BTF" "no kernel BTF \(/nonexistent/vmlinux\)" n.err
pass "vfs_read, and '$(cat n.err)'"

# every traceable vfs_ function not on the blacklist, sorted, once each
begin glob
run_kprobe g -l 'vfs_*'
expect_status "exit status" 0 "$STATUS" g.err
awk '{ print $1 }' "$T/available_filter_functions" | grep '^vfs_' | sort -u > all
awk '{ print $2 }' $bl | sort -u > blacklisted
grep -vxFf blacklisted all > want
sed 's/(.*//' g.out > got
expect_eq "names" "$(cat want)" "$(cat got)"
expect_ge "vfs_ functions" 10 "$(wc -l < got)"
expect_count "vfs_read's line" 1 "^vfs_read\(struct file \*file, char \*buf, size_t count, loff_t \*pos\)$" g.out
with_sig=$(count '\)$' g.out)
expect_ge "lines with a signature" 10 "$with_sig"
pass "$(wc -l < got) functions, $with_sig with signatures"

# all of them: each signature costs no walk of the whole BTF, so the list
# takes at most a few times as long as the kernel's own
begin all
t0=$(uptime_ms)
cat "$T/available_filter_functions" > aff
t1=$(uptime_ms)
run_kprobe a -l
t2=$(uptime_ms)
expect_status "exit status" 0 "$STATUS" a.err
# (less the placeholders of functions ftrace could not place)
awk '{ print $1 }' aff | grep -v '^__ftrace_invalid_address__' | sort -u > all
awk '{ print $2 }' $bl | sort -u > blacklisted
grep -vxFf blacklisted all > want
sed 's/(.*//; s/ \[.*//' a.out | sort -u > got
expect_eq "names" "$(wc -l < want)" "$(wc -l < got)"
expect_count "vfs_read's line" 1 "^vfs_read\(struct file \*file, char \*buf, size_t count, loff_t \*pos\)$" a.out
cat_ms=$((t1 - t0))
kp_ms=$((t2 - t1))
detail "cat available_filter_functions: $cat_ms ms; kprobe -l: $kp_ms ms"
# a sanitizer build (check-hardening's vm-asan) runs some three times slower
slack=2000
grep -q __asan_init "$(command -v kprobe)" && slack=6000
expect_eq "kprobe -l within 5 x cat + $((slack / 1000)) s ($kp_ms ms vs $cat_ms ms)" yes \
    "$([ "$kp_ms" -le $((5 * cat_ms + slack)) ] && echo yes || echo no)"
pass "$(wc -l < a.out) functions, $(count '\)$' a.out) with signatures, in $kp_ms ms ($cat_ms ms to cat the kernel's list)"

# perf-tools' "uprobe -l bash": no such kernel function, but a program
begin program-name
run_kprobe p -l bash
expect_status "exit status" 1 "$STATUS" p.err
expect_match "points at the program's listing" "'-l bash:\*' lists its functions" p.err
pass "$(tail -n 1 p.err)"

begin blacklisted
f=$(awk 'NR == FNR { bl[$2] = 1; next } ($1 in bl) { print $1; exit }' \
    $bl "$T/available_filter_functions")
[ -n "$f" ] || die "no blacklisted function in available_filter_functions here"
run_kprobe x -l "$f"
expect_status "exit status for $f" 1 "$STATUS" x.err
expect_eq "not listed" "" "$(cat x.out)"
expect_match "says nothing matches" "no kernel function that can be probed matches '$f'" x.err
state_compare before
pass "$f left out"
