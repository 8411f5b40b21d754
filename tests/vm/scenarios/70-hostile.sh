#!/bin/sh
# Hostile input: the tool survives it with a clear error (or does the job),
# and leaves nothing behind. Names the kernel refuses, shell metacharacters
# (never given to a shell), oversized (128 KiB) and control-character input, 200
# definitions in one run, and an unreadable or truncated tracefs file.
. /tests/lib.sh

state_snapshot before

begin bad-names
for def in 'p:a/b/c do_sys_openat2' 'p:../x do_sys_openat2' 'p:grp/ev.1 do_sys_openat2' \
    'p:x;reboot do_sys_openat2' 'p:$(touch${IFS}pwned) do_sys_openat2'; do
	run_kprobe bad -d 0 "$def"
	expect_status "exit status of '$def'" 1 "$STATUS" bad.err
	expect_match "'$def': says what failed" '^kprobe: (cannot create probe|function)' bad.err
	state_compare before "after '$def'"
done
[ -e pwned ] && fail "a definition was run by a shell"
pass "names the kernel refuses: exit 1, explained, nothing left"

begin oversized
# exec(2) passes one argument of at most 128 KiB (MAX_ARG_STRLEN); the unit
# tests feed the parser 1 MB directly
big=$(head -c 131000 /dev/zero | tr '\0' 'a')
run_kprobe big -d 0 "p:$big"
expect_status "exit status, 128 KiB definition" 2 "$STATUS" big.err
expect_match "says it is too long" 'too long' big.err
run_kprobe bigf -d 0 p:do_sys_openat2 "$big == 1"
expect_status "exit status, 128 KiB filter" 2 "$STATUS" bigf.err
expect_match "says it is too long" 'too long' bigf.err
nl='
'
run_kprobe ctl -d 0 "p:do_sys_openat2${nl}-:kprobes/x"
expect_status "exit status, newline in a definition" 2 "$STATUS" ctl.err
expect_match "names the control character" 'control character 0x0a' ctl.err
state_compare before
pass "oversized and control-character input refused as usage errors"

begin many-definitions
defs=$(grep -E "^(vfs_|ksys_|do_sys|${SYS})[a-z0-9_]*\$" $T/available_filter_functions 2>/dev/null |
    sort -u | head -n 200)
[ -n "$defs" ] || { tracefs_mount; defs=$(grep -E "^(vfs_|ksys_|do_sys|${SYS})[a-z0-9_]*\$" \
    $T/available_filter_functions | sort -u | head -n 200); }
n=$(echo "$defs" | wc -l)
expect_eq "functions found for the test" 200 "$n"
# shellcheck disable=SC2046
run_kprobe many -d 1 $(echo "$defs" | sed 's/^/p:/')
expect_status "exit status with 200 definitions" 0 "$STATUS" many.err
expect_match "all 200 announced" '^Tracing kprobes .*, .*' many.err
check_final many.out many.err
state_compare before
pass "200 definitions traced and removed"

begin unreadable-function-list
# The kernel vouches for a function at an ftrace site (kprobes/list marks it
# [FTRACE]), so a useless available_filter_functions changes nothing: it is
# read only to explain a function the kernel refused or could not place
tracefs_mount
mount --bind /dev/null $T/available_filter_functions
run_kprobe empty -d 0.5 p:do_sys_openat2
umount $T/available_filter_functions
expect_status "exit status, empty available_filter_functions" 0 "$STATUS" empty.err
expect_nomatch "no function error" 'not in available_filter_functions' empty.err
expect_match "closing line" "$FINAL_LINE" empty.err
head -c 4096 $T/available_filter_functions | head -n -1 > trunc
mount --bind trunc $T/available_filter_functions
run_kprobe trunc -d 0.5 p:do_sys_openat2
umount $T/available_filter_functions
expect_status "exit status, truncated available_filter_functions" 0 "$STATUS" trunc.err
expect_nomatch "no function error" 'not in available_filter_functions' trunc.err
state_compare before
pass "empty or truncated list: the kernel's own check is used; nothing left"
