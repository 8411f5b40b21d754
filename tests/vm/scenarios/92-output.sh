#!/bin/sh
# -o FILE: the events go to FILE (created 0666 & ~umask, or truncated), the
# messages stay on stderr, and the file is complete after SIGINT and after
# -d. A path that cannot be opened fails at once, naming it, with nothing
# set up in tracefs.
. /tests/lib.sh

DEF="p:do_sys_openat2 file=+0(${ARG2}):string"
FILTER='file == "/etc/hostname"'
EV="do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\"/etc/hostname\"\$"
state_snapshot before

begin sigint
seq 1 100 > ev.txt			# truncated, as ">" would
umask 022
kprobe_start out err -o ev.txt "$DEF" "$FILTER" || exit 1
work open /etc/hostname 5
wait_for_count ev.txt "$EV" 5 5
kprobe_stop "$KP_PID" INT
expect_status "exit status after SIGINT" 0 "$STATUS" err
expect_count "events in the file" 5 "$(task_re workload "$W_PID")$EV" ev.txt
expect_all_match "only events in the file" "$TRACE_LINE" ev.txt
expect_eq "standard output" "" "$(cat out)"
expect_match "messages on stderr" '^Tracing kprobe do_sys_openat2\. Ctrl-C to end\.$' err
expect_eq "file mode" 644 "$(stat -c %a ev.txt)"
check_final ev.txt err
state_compare before
pass "-o: 5 events in the file after SIGINT, stdout empty"

begin duration
umask 077
kprobe_start out.d err.d -d 1 -o new.txt "$DEF" "$FILTER" || exit 1
work open /etc/hostname 4
wait_exit "$KP_PID" 20
umask 022
expect_status "exit status" 0 "$STATUS" err.d
expect_count "events in the file" 4 "$(task_re workload "$W_PID")$EV" new.txt
expect_eq "standard output" "" "$(cat out.d)"
expect_eq "file mode under umask 077" 600 "$(stat -c %a new.txt)"
check_final new.txt err.d
state_compare before
pass "-o with -d 1: 4 events in a new file"

begin unwritable
run_kprobe bad -o /nonexistent/dir/ev.txt "$DEF"
expect_status "exit status" 1 "$STATUS" bad.err
expect_eq "message" "kprobe: cannot open '/nonexistent/dir/ev.txt': No such file or directory" \
    "$(cat bad.err)"
expect_eq "standard output" "" "$(cat bad.out)"
run_kprobe dir -o /tmp "$DEF"
expect_status "exit status for a directory" 1 "$STATUS" dir.err
expect_eq "message" "kprobe: cannot open '/tmp': Is a directory" "$(cat dir.err)"
state_compare before
pass "-o to a path that cannot be opened: error naming it, nothing set up"
