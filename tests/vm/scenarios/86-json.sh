#!/bin/sh
# --json: one JSON object per line that jq parses; a file name with '"',
# '\', a newline and the byte 0xff comes back as documented (the byte as
# U+00FF); u64 above 2^53 and negative s64 are exact digits; -s stacks
# are arrays of frames; --json with --reader text is a usage error.
. /tests/lib.sh

state_snapshot before
name=$(printf 'q"b\\s\nn\377')
: > "$name" || die "cannot create the odd file name"
P="p:do_sys_openat2 file=+0(${ARG2}):string"
R='r:do_sys_openat2 ret=$retval:s64 uret=$retval:u64 xret=$retval:x64'
case $(uname -m) in
armv7*|armv8l)
	# Debian's armmp 6.1.0-57 (6.1.192-3) panics when the stacktrace option
	# records a kretprobe's stack (its unwind_frame() reads a user address
	# from __kretprobe_trampoline's frame): the return probe runs without -s
	kprobe_start out err --json -s "$P" || exit 1
	work open "$name" 1
	W1=$W_PID
	work open /no/such/file 1
	kprobe_stop "$KP_PID"
	expect_status "exit status" 0 "$STATUS" err
	kprobe_start out2 err2 --json "$R" || exit 1
	work open /no/such/file 1
	kprobe_stop "$KP_PID"
	expect_status "exit status (return probe)" 0 "$STATUS" err2
	cat out2 >> out
	# the closing count below: both runs'
	n1=$(tail -n 1 err)
	n2=$(tail -n 1 err2)
	echo "$((${n1%% *} + ${n2%% *})) ${n1#* }" >> err
	;;
*)
	kprobe_start out err --json -s "$P" "$R" || exit 1
	work open "$name" 1
	W1=$W_PID
	work open /no/such/file 1
	kprobe_stop "$KP_PID"
	expect_status "exit status" 0 "$STATUS" err
	;;
esac

begin parse
if jq -c . out > parsed 2> jq.err; then
	expect_eq "objects jq read vs lines" "$(wc -l < out)" "$(wc -l < parsed)"
	pass "every line is a JSON object"
else
	fail "jq cannot parse the output"
	detail_file "jq" jq.err 3
	detail_file "output" out 3
fi

begin file-name
jq -j "select(.type == \"event\" and .pid == $W1 and .args.file != null) | .args.file, \"/\"" out > names
printf 'q"b\\s\nn\303\277/' > want
if cmp -s names want; then
	pass "the file name round-trips"
else
	fail "file name: expected $(od -An -c want | tr -s ' ') got $(od -An -c names | head -3 | tr -s ' ')"
fi
expect_match "raw escapes" '"file":"q\\"b\\\\s\\nn\\u00ff"' out && pass "escaped as documented"

begin integers
# -ENOENT as s64, u64 and x64, as the kernel prints them (arch.sh)
set -- $RET_ENOENT_64
expect_match "negative s64" "\"ret\":${1#ret=}," out
expect_match "u64 above 2^53" "\"uret\":${2#uret=}," out
expect_match "hex as a string" "\"xret\":\"${3#xret=}\"" out
expect_match "return site" '"probe":"do_sys_openat2","return_site":"[a-z_0-9]+\+0x[0-9a-f]+/0x[0-9a-f]+"' out
pass "64-bit values exact"

begin stack
expect_ge "stack objects with frames" 1 \
    "$(jq -c 'select(.type == "stack") | .stack | select(index("do_sys_openat2") != null)' out | wc -l)"
expect_nomatch "no <...> comm" '"comm":"<\.\.\.>"' out
pass "stacks are arrays of frames"

begin reader-text
run_kprobe text --json --reader text p:do_sys_openat2
expect_status "exit status" 2 "$STATUS" text.err
expect_match "says why" 'json' text.err && pass "--json with --reader text is refused"

begin final
last=$(tail -n 1 err)
if printf '%s\n' "$last" | grep -Eq "$FINAL_LINE"; then
	expect_eq "events printed vs event objects" \
	    "$(jq -c 'select(.type == "event")' out | wc -l)" "${last%% *}" &&
	    pass "the closing count matches"
else
	fail "last stderr line: expected 'N events printed, N lost' got '$last'"
fi
rm -f "$name"
state_compare before
