#!/bin/sh
# tracefs disturbed under a run by someone else: its events disabled in its
# instance, its probe disabled and removed with "-:". The run ends as
# usual (exit 0, the closing line), says what it found, and leaves nothing.
. /tests/lib.sh

state_snapshot before

begin events-disabled
kprobe_start out err p:do_sys_openat2 || exit 1
G=kprobe_$KP_PID
E=do_sys_openat2__$KP_PID
echo 0 > "$T/instances/$G/events/$G/$E/enable" || fail "cannot disable $G/$E"
work open /etc/hostname 3
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err
check_final out err
expect_count "events after the event was disabled" 0 "$(task_re workload "$W_PID")do_sys_openat2: " out
state_compare before
pass "disabled under the run: exit 0, nothing left"

begin probe-removed
kprobe_start out2 err2 p:do_sys_openat2 || exit 1
G=kprobe_$KP_PID
E=do_sys_openat2__$KP_PID
echo 0 > "$T/instances/$G/events/$G/$E/enable" || fail "cannot disable $G/$E"
echo "-:$G/$E" >> "$T/kprobe_events" || fail "cannot remove $G/$E"
work open /etc/hostname 3
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err2
expect_match "says the probe went" \
    "^kprobe: warning: probe '$G/$E' was removed by someone else during the run\$" err2
check_final out2 err2
state_compare before
pass "$(grep 'someone else' err2)"
