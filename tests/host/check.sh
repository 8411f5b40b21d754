#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Checks that need no kprobes: usage errors, help in step with the man
# page, and, on a kernel without kprobe_events (like a build machine's),
# the clear error with nothing left behind.
#
#   tests/host/check.sh KPROBE RESULTS
set -u
kprobe=$1
results=$2
T=/sys/kernel/tracing

pass() { echo "PASS host/$1" | tee -a "$results"; }
fail() { echo "FAIL host/$1: $2" | tee -a "$results"; }

# run NAME WANT_RC WANT_STDERR_REGEX ARGS...
run() {
	local name=$1 want_rc=$2 want=$3 err rc
	shift 3
	err=$("$kprobe" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne "$want_rc" ]; then
		fail "$name" "expected exit $want_rc, got $rc ($err)"
	elif ! printf '%s' "$err" | grep -qE -- "$want"; then
		fail "$name" "expected stderr matching '$want', got: $err"
	else
		pass "$name"
	fi
}

run usage-no-args 2 "no probe definition" 
run usage-negative-duration 2 "invalid duration '-1'" -d -1 p:vfs_read
run usage-text-duration 2 "invalid duration 'soon'" -d soon p:vfs_read
run usage-huge-pid 2 "invalid PID '99999999'" -p 99999999 p:vfs_read
run usage-bad-option 2 "unknown option '-x'" -x p:vfs_read
run usage-not-a-definition 2 "should start with p: or r:" vfs_read
run usage-pid-and-tid 2 "either -p or -L" -p 1 -L 1 p:vfs_read
run usage-d-and-v 2 "either -d or -v" -d 1 -v p:vfs_read
run usage-command-and-pid 2 "either -c or -p" -c true -p 1 p:vfs_read
run usage-command-and-tid 2 "either -c or -L" -c true -L 1 p:vfs_read
run usage-count-zero 2 "invalid count '0'" -n 0 p:vfs_read
run usage-count-junk 2 "invalid count '5x'" -n 5x p:vfs_read
run usage-count-and-view 2 "either -n or -v" -n 1 -v p:vfs_read
run usage-newline-in-definition 2 "control character" "$(printf 'p:vfs_read\n-:kprobes/x')"

run usage-list-two-patterns 2 "takes one pattern" -l 'vfs_*' 'tcp_*'
run usage-list-with-pid 2 "use either -l or -p, not both" -l -p 1

# expect_out NAME WANT_RC WANT_STDOUT ARGS...: exact standard output
expect_out() {
	local name=$1 want_rc=$2 want=$3 out rc
	shift 3
	out=$("$kprobe" "$@" 2>/dev/null)
	rc=$?
	if [ $rc -ne "$want_rc" ]; then
		fail "$name" "expected exit $want_rc, got $rc"
	elif [ "$out" != "$want" ]; then
		fail "$name" "expected output '$want', got '$out'"
	else
		pass "$name"
	fi
}

# A program's functions: no root, no tracefs
target=tests/host/uprobe_target
if [ -x $target ] && [ -x ${target}_nopie ] && [ -x ${target}_stripped ]; then
	expect_out list-binary-functions 0 "$(printf 'kpt_add\nkpt_greet')" -l "$target:kpt_*"
	expect_out list-binary-nopie 0 kpt_add -l "${target}_nopie:kpt_a*"
	expect_out list-binary-no-match 1 "" -l "$target:nomatch*"
	run list-binary-no-match-says 1 "no function in '$target' matches 'nomatch\*'" \
		-l "$target:nomatch*"
	run list-stripped-binary 1 "has no function symbols \\(it is stripped\\)" \
		-l "${target}_stripped:*"
	# a library by its short name: what its dynamic symbols define
	expect_out list-library-short-name 0 getppid -l 'libc:getppid'
else
	fail list-binary-functions "$target not built (make check builds it)"
fi

help=$("$kprobe" --help 2>&1)
man=$(sed 's/\\//g' man/kprobe.8 2>/dev/null)
missing=
for opt in $(printf '%s\n' "$help" | grep -oE -- '--[a-z-]+|(^| )-[a-zA-Z],' | tr -d ' ,' | sort -u); do
	printf '%s' "$man" | grep -q -- "$opt" || missing="$missing $opt"
done
if [ -n "$man" ] && [ -z "$missing" ]; then
	pass help-in-step-with-man-page
else
	fail help-in-step-with-man-page "options in --help but not in man/kprobe.8:$missing"
fi
"$kprobe" --version | grep -qE '^kprobe [0-9]' && pass version || fail version "no version"

# not root: its own message, before anything is touched
if command -v setpriv >/dev/null; then
	# a copy the unprivileged user can reach, wherever the tree is
	tmp=$(mktemp -d /tmp/kprobe-host.XXXXXX)
	cp "$kprobe" "$tmp/kprobe"
	chmod 755 "$tmp" "$tmp/kprobe"
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/kprobe" p:vfs_read 2>&1)
	rc=$?
	rm -rf "$tmp"
	if [ $rc -eq 1 ] && printf '%s' "$err" | grep -q "needs root"; then
		pass not-root
	else
		fail not-root "expected exit 1 and 'needs root', got $rc: $err"
	fi
fi

snapshot() {
	{
		ls "$T/instances" 2>/dev/null
		cat "$T/tracing_on" "$T/dynamic_events" "$T/set_event_pid" 2>/dev/null
		cat "$T/kprobe_events" "$T/uprobe_events" 2>/dev/null
		cat "$T/trace_options" 2>/dev/null
	} | md5sum
}

# -o: a file that cannot be opened is named, before tracefs is looked at
# (on a kernel without kprobes, the next error would be about kprobe_events)
run output-unwritable 1 "^kprobe: cannot open '/nonexistent/kprobe\.out': No such file or directory\$" \
	-o /nonexistent/kprobe.out p:vfs_read

if [ "$(id -u)" -ne 0 ]; then
	fail no-kprobes-kernel "must run as root to check this kernel"
	exit 0
fi
mountpoint -q "$T" || mount -t tracefs nodev "$T" 2>/dev/null
before=$(snapshot)
if cat "$T/available_filter_functions" >/dev/null 2>&1; then
	# names sorted, each once; vfs_read is there on every kernel
	out=$("$kprobe" -l 'vfs_rea*' 2>/dev/null)
	if printf '%s\n' "$out" | grep -qE '^vfs_read(\(|$)' &&
		[ "$out" = "$(printf '%s\n' "$out" | sort -u)" ]; then
		pass list-kernel-functions
	else
		fail list-kernel-functions "expected vfs_read in a sorted list, got: $out"
	fi
else
	run list-kernel-unreadable 1 "cannot read .*available_filter_functions: .*not permitted" -l 'vfs_*'
fi
if [ -e "$T/kprobe_events" ]; then
	# a kernel with kprobes: a quick capture must leave nothing behind
	run kprobes-kernel-quick-run 0 "events printed" -d 0 p:vfs_read
else
	run no-kprobes-kernel 1 "^kprobe: this kernel has no kprobe_events \\(it needs CONFIG_KPROBES and CONFIG_KPROBE_EVENTS\\)$" p:vfs_read
	# NAME:X that is no module could only have been meant as a program
	run no-such-program 1 "^kprobe: 'kpnosuchprog_xyz' in 'p:kpnosuchprog_xyz:work' is neither a program on \\\$PATH, a library in the ld\\.so cache, nor a loaded module\$" \
		-d 0 p:kpnosuchprog_xyz:work
fi
# kinds this kernel may lack are refused with a clear error, nothing created
if ! grep -q 'f\[:\[<group>/\]' "$T/README" 2>/dev/null; then
	run no-fprobes-kernel 1 "^kprobe: this kernel has no fprobe events" -d 0 f:vfs_read
fi
if ! "$kprobe" -d 0 'e:syscalls.sys_enter_openat' >/dev/null 2>/dev/null; then
	run no-eprobes-kernel 1 \
		"^kprobe: cannot create probe 'e:syscalls.sys_enter_openat': this kernel has no eprobe events" \
		-d 0 'e:syscalls.sys_enter_openat'
fi
# a kernel without hist triggers: the aggregates' own error, before anything
# is created (on a uprobe, which this kernel may have where it lacks kprobes)
if ! grep -q 'hist:keys=' "$T/README" 2>/dev/null && [ -x tests/host/uprobe_target ]; then
	for a in "--by comm" "--hist arg" "--latency" "--trigger hist:keys=common_pid"; do
		# shellcheck disable=SC2086
		run "no-hist-triggers-kernel${a%% *}" 1 \
			"^kprobe: this kernel has no hist triggers \\(CONFIG_HIST_TRIGGERS\\): it cannot count in the kernel$" \
			$a -d 0 "p:tests/host/uprobe_target:kpt_add arg=%di:u64"
	done
fi
# uprobes, natively: events counted exactly, errors, SIGKILL cleanup
tests/host/uprobes.sh "$kprobe" "$results"
# the flight recorder and -T, natively on uprobes
tests/host/until.sh "$kprobe" "$results"
# user stacks of uprobes, named after the program exited
tests/host/ustack.sh "$kprobe" "$results"
# --cgroup: its members, their children, a joiner, not one outside
tests/host/cgroup.sh "$kprobe" "$results"
# runs inside pid namespaces (containers): -c, -p, -L, two at once, cleanup
tests/host/pidns.sh "$kprobe" "$results"
after=$(snapshot)
if [ "$before" = "$after" ]; then
	pass host-kernel-left-nothing
else
	fail host-kernel-left-nothing "tracefs state changed (instances, tracing_on, dynamic_events)"
fi
