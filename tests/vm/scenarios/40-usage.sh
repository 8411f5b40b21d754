#!/bin/sh
# Usage errors exit 2 with their exact message; -h, --help and --version
# exit 0. None of them may touch the tracing state.
. /tests/lib.sh

state_snapshot before

# usage_error NAME MESSAGE ARGS...: exit 2, and on stderr exactly "kprobe: MESSAGE"
# and the hint to --help
usage_error() {
	begin "$1"
	want=$(printf 'kprobe: %s\nTry '"'"'kprobe --help'"'"' for more information.' "$2")
	shift 2
	run_kprobe u "$@"
	expect_status "kprobe $*" 2 "$STATUS" u.err
	expect_eq "kprobe $*: stderr" "$want" "$(cat u.err)"
	expect_nomatch "no events" "$TRACE_LINE" u.out
	pass "kprobe $*: exit 2"
}

usage_error no-args "no probe definition given"
usage_error bad-option "unknown option '-Z'" -Z p:do_sys_openat2
usage_error d-missing-arg "option '-d' needs a value" -d
usage_error d-negative "invalid duration '-1' (seconds, 0 to 31536000)" -d -1 p:do_sys_openat2
usage_error d-nonnumeric "invalid duration 'abc' (seconds, 0 to 31536000)" -d abc p:do_sys_openat2
usage_error p-nonnumeric "invalid PID 'abc'" -p abc p:do_sys_openat2
usage_error p-negative "invalid PID '-5'" -p -5 p:do_sys_openat2
usage_error L-nonnumeric "invalid TID 'x1'" -L x1 p:do_sys_openat2

for h in -h --help; do
	begin "help$h"
	run_kprobe h "$h"
	expect_status "kprobe $h" 0 "$STATUS" h.err
	cat h.out h.err > h.all
	expect_match "usage text" '[Uu][Ss][Aa][Gg][Ee]' h.all
	for o in -d -p -L -s -H -v -F; do
		expect_match "option $o described" "(^|[^a-zA-Z])$o([^a-zA-Z]|\$)" h.all
	done
	pass "kprobe $h: usage, exit 0"
done

begin version
run_kprobe ver --version
expect_status "kprobe --version" 0 "$STATUS" ver.err
expect_match "version number" '[0-9]+\.[0-9]+' ver.out
pass "$(head -n 1 ver.out)"

begin state
state_compare before "after the usage runs"
pass "state untouched"
