#!/bin/sh
# A module unloaded under a run: the kernel marks the run's probe in it
# [GONE], and the run says so once; with no probe left that can fire it
# ends as usual (the closing line, exit 0), with another one it goes on.
# A probe on a module not loaded yet is what the kernel allows (-F), and
# its events, once the module is loaded, name the module's function from
# the first one on (the module_load record comes before them).
# Nothing is left behind. The module is the kernel's own dummy.ko
# (fetch-kernels.sh keeps it), whose dummy_get_stats64 a read of
# /proc/net/dev calls once for its dummy0.
. /tests/lib.sh

KO=/lib/modules/$KVM_KERNEL/test/dummy.ko
if [ ! -f "$KO" ]; then
	detail "no $KO in the image (fetch-kernels.sh found no dummy module for $KVM_KERNEL)"
	pass "skipped: no dummy module for this kernel"
	exit 0
fi
FN=dummy_get_stats64
GONE="kprobe: module 'dummy' was unloaded: probe '$FN' sees no more events"
# an event of the function, named as the kernel names a module's function
# (at +0x4 past the endbr64 of a kernel built with IBT, as x86's 6.12)
EV="$FN: \\($FN\\+0x[04]/0x[0-9a-f]+ \\[dummy\\]\\)\$"
state_snapshot before

load() {
	insmod "$KO" || die "cannot load $KO"
	grep -q '^ *dummy0:' /proc/net/dev || die "no dummy0 in /proc/net/dev"
}

begin unloaded
load
kprobe_start out err "p:$FN" || exit 1
work read /proc/net/dev 4096 3
wait_for_count out "$(task_re workload "$W_PID")$EV" 3 10
# (the device's unregistering reads its stats too, under rmmod's pid)
sh -c 'echo $$ > rmmod.pid; exec rmmod dummy' || fail "cannot unload dummy"
wait_exit "$KP_PID" 10
expect_status "exit status" 0 "$STATUS" err
expect_count "said once" 1 "^$GONE\$" err
expect_count "the reads' events" 3 "$(task_re workload "$W_PID")$EV" out
expect_count "rmmod's own event" 1 "$(task_re rmmod "$(cat rmmod.pid)")$EV" out
check_final out err
expect_eq "the closing line's count" "4 events printed, 0 lost, 0 missed" "$(tail -n 1 err)"
expect_eq "lines, the reads' and rmmod's" 4 "$(wc -l < out)"
state_compare before
pass "rmmod under the run: said once, the run ended by itself, exit 0, nothing left"

begin other-probe
load
kprobe_start out2 err2 "p:$FN" p:do_sys_openat2 'common_pid == 1' || exit 1
rmmod dummy || fail "cannot unload dummy"
sleep 2.5
alive "$KP_PID" || fail "the run ended, with do_sys_openat2 left to fire"
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err2
expect_count "said once" 1 "^$GONE\$" err2
check_final out2 err2
state_compare before
pass "rmmod under a run with another probe: said once, the run went on until stopped"

begin not-loaded
run_kprobe nl -d 0.5 "p:dummy:$FN"
detail "without -F: exit $STATUS, $(head -n 1 nl.err)"
expect_status "without -F: exit status" 1 "$STATUS" nl.err
expect_match "without -F: said" "^kprobe: function '$FN' is not in available_filter_functions\$" nl.err
kprobe_start out3 err3 -F "p:dummy:$FN" || exit 1
load
work read /proc/net/dev 4096 2
wait_for_count out3 "$(task_re workload "$W_PID")$EV" 2 10
kprobe_stop "$KP_PID"
expect_status "-F: exit status" 0 "$STATUS" err3
expect_count "-F: the reads' events, by the function's name [dummy]" 2 \
    "$(task_re workload "$W_PID")$EV" out3
# insmod's own and grep's (load), from the first one on
expect_all_match "-F: every event named as the kernel names it" "$EV" out3
rmmod dummy || fail "cannot unload dummy"
state_compare before
pass "a module not loaded: refused without -F, with -F its events come once it is loaded, named"
