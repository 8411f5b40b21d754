#!/bin/sh
# --by counts in the kernel: by comm and file over a known workload (5
# opens by one program, 3 by another), the same as JSON, by stack, with -p
# and -c; --trigger's text as it is. Nothing is left behind.
. /tests/lib.sh

DEF="p:do_sys_openat2 file=+0(${ARG2}):string"
FILTER='file == "/etc/hostname" || file == "/etc/passwd"'
cp "$WORKLOAD" ./otherwl
state_snapshot before

begin by-comm
kprobe_start out err --by comm "$DEF" "$FILTER" || exit 1
work open /etc/hostname 5 0
./otherwl open /etc/passwd 3 0
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err
cat > want <<'W'
do_sys_openat2
  comm     count
  otherwl      3
  workload     5
W
expect_eq "the counts" "$(cat want)" "$(cat out)"
expect_eq "closing line" "8 events counted, 0 dropped, 0 missed" "$(tail -n 1 err)"
state_compare before
pass "--by comm: 5 and 3 opens, largest last"

begin by-file-json
kprobe_start out.j err.j --json --by file,dfd "$DEF dfd=${ARG1}:s32" "$FILTER" || exit 1
work open /etc/hostname 5 0
./otherwl open /etc/passwd 3 0
kprobe_stop "$KP_PID" TERM
expect_status "exit status" 0 "$STATUS" err.j
cat > want.j <<'W'
{"type":"count","event":"do_sys_openat2","key":{"file":"/etc/passwd","dfd":-100},"count":3}
{"type":"count","event":"do_sys_openat2","key":{"file":"/etc/hostname","dfd":-100},"count":5}
{"type":"summary","counted":8,"dropped":0,"missed":0,"unreadable":0}
W
expect_eq "the objects" "$(cat want.j)" "$(cat out.j)"
expect_eq "jq reads them" 5 "$(jq -s '.[] | select(.type == "count" and .key.file == "/etc/hostname") | .count' out.j)"
state_compare before
pass "--json --by file,dfd: count objects, keys typed as the fields"

begin two-strings
run_kprobe ts --by comm,file "$DEF"
expect_status "exit status" 1 "$STATUS" ts.err
expect_eq "message" "kprobe: the kernel takes at most one string key (comm or a string argument): a string fills 256 of a key's 384 bytes" "$(head -n 1 ts.err)"
state_compare before
pass "--by comm,file: the kernel's limit of one string key, said before anything is installed"

begin stack
kprobe_start out.s err.s --by stack "$DEF" 'file == "/etc/hostname"' || exit 1
work open /etc/hostname 4 0
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err.s
expect_eq "count line" "      4" "$(sed -n 3p out.s)"
expect_match "first frame is the probed function" '^      do_sys_openat2[+]0x' out.s
expect_eq "first frame line" "4" "$(grep -n '^      [a-z_]' out.s | head -n 1 | cut -d: -f1)"
expect_match "the system call below it" '^      .*sys_openat' out.s
state_compare before
pass "--by stack: one stack, 4 hits, from do_sys_openat2 down"

begin pid
bg w.out w.err "$WORKLOAD" thread-later 20000 /etc/hostname 4
WP=$BG_PID
kprobe_start out.p err.p --by comm -p "$WP" "$DEF" "$FILTER" || exit 1
work open /etc/hostname 3 0
kill -USR1 "$WP"
wait_exit "$WP" 10
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err.p
expect_eq "only the process" "workload 4" "$(awk 'NR == 3 { print $1, $2 }' out.p)"
expect_eq "rows" 3 "$(wc -l < out.p)"
state_compare before
pass "-p: 4 opens of the process counted, 3 of another not"

begin command
run_kprobe c --by comm -c "$WORKLOAD open /etc/hostname 3 0" "$DEF" 'file == "/etc/hostname"'
expect_status "exit status" 0 "$STATUS" c.err
expect_eq "count" "workload 3" "$(awk 'NR == 3 { print $1, $2 }' c.out)"
state_compare before
pass "-c: the command's 3 opens, then the end"

begin trigger
kprobe_start out.t err.t --trigger 'hist:keys=common_pid.execname:vals=hitcount:sort=hitcount.descending' \
    "$DEF" 'file == "/etc/hostname"' || exit 1
work open /etc/hostname 6 0
kprobe_stop "$KP_PID"
expect_status "exit status" 0 "$STATUS" err.t
expect_match "the kernel's header" '^# trigger info: hist:keys=common_pid.execname:vals=hitcount:sort=hitcount.descending:size=2048 .*\[active\]$' out.t
expect_match "the workload's entry" "^[{] common_pid: workload *\\[ *$W_PID\\] [}] hitcount: *6\$" out.t
expect_match "the totals" '^    Hits: 6$' out.t
expect_eq "closing line" "6 events counted, 0 dropped, 0 missed" "$(tail -n 1 err.t)"
state_compare before
pass "--trigger: the kernel's hist file as it is"

begin no-field
run_kprobe nf --by filename "$DEF"
expect_status "exit status" 1 "$STATUS" nf.err
expect_eq "message" "kprobe: key 'filename' is no field of event 'do_sys_openat2' (its fields: file; and comm, pid, cpu, stack)" "$(grep "key 'filename'" nf.err)"
state_compare before
pass "--by a field the event does not have: named, with those it has"
