#!/bin/sh
# eprobes (e:) on both kernels (Debian builds CONFIG_EPROBE_EVENTS in,
# though its config lists no such line): a field of syscalls'
# sys_enter_openat fetched as a user string, with a filter on it. The raw
# reader prints eprobes itself: for the same records its lines are the
# kernel's own (a second instance of the scenario's own with the same
# eprobes enabled), for fields of every kind and fetch types of every kind,
# with no note about reading the kernel's text; --json names the probed
# event. An event that does not exist is an error with suggestions.
. /tests/lib.sh

state_snapshot before

begin filtered
kprobe_start out err -d 2 'e:syscalls.sys_enter_openat name=+0($filename):ustring' \
    'name ~ "*hostname"' || exit 1
work open /etc/hostname 3
w1=$W_PID
work open /etc/passwd 2
w2=$W_PID
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
expect_count "eprobe events for /etc/hostname" 3 \
    "$(task_re workload "$w1")sys_enter_openat: \\(syscalls.sys_enter_openat\\) name=\"/etc/hostname\"\$" out
expect_count "events for /etc/passwd (filtered out)" 0 "$(task_re workload "$w2")" out
check_final out err
state_compare before
pass "e:syscalls.sys_enter_openat with a field filter: 3 events, the other 2 filtered"

begin parity
# An eprobe writes only to the first instance that enabled it: the
# comparison instance gets the same eprobes, under the same names, in a
# group of the scenario's own. Their values are the same for the same
# probed events, except a string field without a type (its address in
# the probed event's record, which each instance has its own copy of)
P=$T/instances/eparity_$$
Q=eparity_$$
char=
case $(cat "$T/README") in *char,*) char=' ch=+0($filename):char' ;; esac
D1="syscalls.sys_enter_openat nr=\$__syscall_nr dfd=\$dfd sdfd=\$dfd:s32 fl=\$flags:x32 u32=\$flags:u32 x64=\$filename:x64 u16=\$mode:u16 name=+0(\$filename):ustring kname=+0(\$filename):string arr=+0(\$filename):u8[4] xarr=+0(\$filename):x8[2] bf=\$flags:b4@4/32 flt=+0(\$dfd):ustring c=\$comm cs=\$comm:string$char"
D2='sched/sched_process_fork pp=$parent_pid:s32 ppid=$parent_pid cp=$child_pid:x32'
D3='task.task_newtask pid=$pid fl=$clone_flags'
D4='sched.sched_process_exec'
kprobe_start out err "e:$D1" "e:kp_efork $D2" "e:kp_enew $D3" "e:kp_eexec $D4" || exit 1
mkdir "$P" || die "cannot create the comparison instance"
for d in "sys_enter_openat $D1" "kp_efork $D2" "kp_enew $D3" "kp_eexec $D4"; do
	echo "e:$Q/$d" >> "$T/dynamic_events" || die "cannot create e:$Q/$d"
	echo 1 > "$P/events/$Q/${d%% *}/enable" || die "cannot enable $Q/${d%% *} in $P"
done
work open /etc/hostname 3
W1=$W_PID
work open /no/such/file 2
sleep 0.5
echo 0 > "$P/tracing_on"
for e in "$P/events/$Q"/*/enable; do echo 0 > "$e"; done
grep -v '^#' "$P/trace" > kernel
rmdir "$P"
for e in sys_enter_openat kp_efork kp_enew kp_eexec; do
	echo "-:$Q/$e" >> "$T/dynamic_events"
done
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err
expect_nomatch "no note about the kernel's text" "kernel's text|text instead" err
expect_same_records kernel out
expect_match "typed fields" "$(task_re workload "$W1")sys_enter_openat: \\(syscalls.sys_enter_openat\\) nr=$(printf 0x%x "$NR_OPENAT") dfd=$AT_FDCWD_X64 sdfd=-100 fl=0x0 u32=0 x64=0x[0-9a-f]+ u16=0 name=\"/etc/hostname\" kname=\"/etc/hostname\" arr=\\{47,101,116,99\\} xarr=\\{0x2f,0x65\\} bf=0 flt=\\(fault\\) c=0x[0-9a-f]+ cs=\"workload\"" out
expect_match "integer fields" "kp_efork: \\(sched.sched_process_fork\\) pp=[0-9]+ ppid=0x[0-9a-f]+ cp=0x[0-9a-f]+\$" out
expect_match "slash or dot" "kp_enew: \\(task.task_newtask\\) pid=0x[0-9a-f]+ fl=0x[0-9a-f]+\$" out
expect_match "no arguments" "^ *workload-[0-9]+ +${TS_RE}kp_eexec: \\(sched.sched_process_exec\\)\$" out
[ -n "$char" ] && expect_match "char" "ch='/'" out
expect_nomatch "no <...> comm" '^ *<\.\.\.>-' out
check_final out err
state_compare before
pass "the tool's eprobe lines are the kernel's ($RECORDS records)"

begin json
kprobe_start jout jerr --json 'e:syscalls.sys_enter_openat dfd=$dfd:s32 fl=$flags:x32 name=+0($filename):ustring flt=+0($dfd):ustring' || exit 1
work open /etc/hostname 2
W1=$W_PID
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" jerr
expect_nomatch "no note about the kernel's text" "kernel's text|text instead" jerr
if jq -c . jout > parsed 2> jq.err; then
	expect_eq "objects jq read vs lines" "$(wc -l < jout)" "$(wc -l < parsed)"
else
	fail "jq cannot parse the output"
	detail_file "jq" jq.err 3
fi
expect_eq "the workload's events" 2 \
    "$(jq -c "select(.pid == $W1 and .probe == \"syscalls.sys_enter_openat\" and .args.dfd == -100 and .args.fl == \"0x0\" and .args.name == \"/etc/hostname\" and .args.flt == null)" jout | wc -l)"
state_compare before
pass "--json: \"probe\":\"syscalls.sys_enter_openat\", typed args"

begin no-such-event
run_kprobe ne -d 0 'e:syscalls.sys_enter_opnat'
expect_status "exit status" 1 "$STATUS" ne.err
expect_eq "error" "kprobe: no trace event 'syscalls.sys_enter_opnat'" "$(head -n 1 ne.err)"
expect_match "suggestion" "did you mean 'syscalls.sys_enter_openat'" ne.err
expect_nomatch "nothing traced" '^Tracing' ne.err
state_compare before
pass "e: on a missing event: $(head -n 1 ne.err)"
