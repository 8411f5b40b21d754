#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Uprobes on this machine's own kernel, natively: the suite's own program
# (tests/host/uprobe_target, PIE; _nopie; _stripped) makes a known number
# of calls with known arguments, and the events must match exactly. Also
# the clear errors for kinds this kernel lacks, the teardown of a run ended
# by a signal that kills (status 128+N), a signal ignored at start staying
# ignored, and the cleanup of a run killed with SIGKILL. Run as root from the top of the tree, by check.sh.
#
#   tests/host/uprobes.sh KPROBE RESULTS
set -u
set -m # background jobs must get SIGINT
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh" uprobes "$@"
nopie=${target}_nopie
stripped=${target}_stripped

# start NAME ARGS...: kprobe in the background, until it says "Tracing";
# sets KP (its PID); output in $tmp/NAME.out and NAME.err
start() {
	local name=$1 i
	shift
	"$kprobe" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null &
	KP=$!
	for i in $(seq 100); do
		grep -q '^Tracing' "$tmp/$name.err" 2>/dev/null && return 0
		kill -0 $KP 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# stop: SIGINT to the run, wait for it; sets STATUS
stop() {
	kill -INT "$KP" 2>/dev/null
	wait "$KP"
	STATUS=$?
}

# events NAME: the event lines of run NAME (those with a colon after the time)
events() {
	grep -E '^ *[^ ].*\[[0-9]+\] .* [0-9]+\.[0-9]+: ' "$tmp/$1.out"
}

# [SORT=1] expect_events TEST NAME WANT: the event part of each line, after
# "EVENT: (ADDR) ", in order (or sorted)
expect_events() {
	local test=$1 name=$2 want=$3 got
	got=$(events "$name" | sed -E 's/.* [0-9]+\.[0-9]+: ([^ ]+): \([^)]*\)/\1:/')
	[ -n "${SORT:-}" ] && got=$(printf '%s\n' "$got" | LC_ALL=C sort)
	if [ "$STATUS" -ne 0 ]; then
		fail "$test" "exit status $STATUS" "$tmp/$name.err"
	elif [ "$got" != "$want" ]; then
		fail "$test" "expected events '$want', got '$got'" "$tmp/$name.out" "$tmp/$name.err"
	else
		pass "$test"
	fi
}

# run_err TEST WANT_RC REGEX ARGS...: a run that fails with a message
run_err() {
	local test=$1 want_rc=$2 want=$3 rc
	shift 3
	"$kprobe" "$@" >"$tmp/$test.out" 2>"$tmp/$test.err" </dev/null
	rc=$?
	if [ $rc -ne "$want_rc" ]; then
		fail "$test" "expected exit $want_rc, got $rc" "$tmp/$test.err"
	elif ! grep -qE -- "$want" "$tmp/$test.err"; then
		fail "$test" "expected stderr matching '$want'" "$tmp/$test.err"
	else
		pass "$test"
	fi
}

if [ ! -e "$T/uprobe_events" ]; then
	run_err uprobes-missing-kernel 1 "this kernel has no uprobe_events" "p:$target:kpt_add"
	exit 0
fi
for f in $target $nopie $stripped; do
	[ -x $f ] || { fail uprobes "$f not built (make check builds it)"; exit 0; }
done

# entry, with register arguments, in a PIE program
if start entry "p:$target:kpt_add a=%di:s32 b=%si:s64"; then
	$target 5 hi
	stop
	expect_events uprobe-entry-args entry "$(for i in 0 1 2 3 4; do
		echo "kpt_add: a=$i b=$((1000 + i))"; done)"
else
	stop
	fail uprobe-entry-args "did not start" "$tmp/entry.err"
fi

# return value, in a non-PIE program (file offset = address - segment base)
if start ret "r:$nopie:kpt_add ret=\$retval:s64"; then
	$nopie 3 hi
	stop
	expect_events uprobe-return-nopie ret "$(for i in 0 1 2; do
		echo "kpt_add: ret=$((1000 + 2 * i))"; done)"
else
	stop
	fail uprobe-return-nopie "did not start" "$tmp/ret.err"
fi

# strings from user memory: string and ustring
if start str "p:$target:kpt_greet word=+0(%di):string" "p:greet_u $target:kpt_greet w=+0(%di):ustring"; then
	$target 2 hello
	stop
	# two probes on one address: the kernel runs the newer one first
	SORT=1 expect_events uprobe-strings str "$(printf '%s\n' 'greet_u: w="hello"' \
		'greet_u: w="hello"' 'kpt_greet: word="hello"' 'kpt_greet: word="hello"')"
else
	stop
	fail uprobe-strings "did not start" "$tmp/str.err"
fi

# -p: only the waiting process's calls, not another run's of the same program
$target -w 3 traced >"$tmp/w.pid" &
wpid=$!
for i in $(seq 50); do [ -s "$tmp/w.pid" ] && break; sleep 0.1; done
if start pid -p "$(cat "$tmp/w.pid")" "$probe"; then
	$target 4 other
	kill -USR1 $wpid
	wait $wpid
	stop
	expect_events uprobe-pid pid "$(printf 'kpt_add: a=%s\n' 0 1 2)"
	# the lines show the kernel's pids: in a pid namespace (a container)
	# they are not the PID the program printed, and the events above
	# (the other run's a=3 is not among them) say it all
	if [ "$(readlink /proc/self/ns/pid)" = "pid:[4026531836]" ]; then
		n=$(events pid | grep -vc "uprobe_target-$(cat "$tmp/w.pid") ")
		[ "$n" -eq 0 ] ||
			fail uprobe-pid-only-that-process "$n events from other tasks" "$tmp/pid.out"
	fi
else
	kill -USR1 $wpid
	wait $wpid
	stop
	fail uprobe-pid "did not start" "$tmp/pid.err"
fi

# a library function by the library's short name, for one process
$target -w 4 lib >"$tmp/l.pid" &
wpid=$!
for i in $(seq 50); do [ -s "$tmp/l.pid" ] && break; sleep 0.1; done
if start lib -p "$(cat "$tmp/l.pid")" p:libc:getppid; then
	kill -USR1 $wpid
	wait $wpid
	stop
	expect_events uprobe-libc-short-name lib "$(printf 'getppid:\n%.0s' 1 2 3 4)"
else
	kill -USR1 $wpid
	wait $wpid
	stop
	fail uprobe-libc-short-name "did not start" "$tmp/lib.err"
fi

# what the user gets wrong
run_err uprobe-stripped 1 "no function 'kpt_add' in '.*uprobe_target_stripped': the file is stripped" \
	"p:$stripped:kpt_add"
run_err uprobe-misspelt 1 "did you mean 'kpt_add'\\?" "p:$target:kpt_ad"
run_err uprobe-no-such-file 1 "cannot probe '/nonexistent/prog': no such file" \
	p:/nonexistent/prog:main

# a signal that kills (not INT, TERM or HUP) tears the run down, then kills it:
# status 128+N, no uprobe and no instance left
for sig in USR1 USR2 ALRM 34; do
	case $sig in
	[0-9]*) num=$sig ;;
	*) num=$(kill -l "$sig") ;;
	esac
	if start "sig$sig" "p:$target:kpt_add"; then
		pid=$KP
		kill -"$sig" "$pid"
		# bash's own note on a job killed by a signal is not ours
		{ wait "$pid"; } 2>/dev/null
		rc=$?
		if [ $rc -ne $((128 + num)) ]; then
			fail "uprobe-signal-$sig" "exit status $rc, expected $((128 + num))" "$tmp/sig$sig.err"
		elif [ "$(grep -c "^p:kprobe_$pid/" "$T/uprobe_events")" -ne 0 ] ||
		    [ -e "$T/instances/kprobe_$pid" ]; then
			fail "uprobe-signal-$sig" "probe or instance left behind" "$tmp/sig$sig.err"
		else
			pass "uprobe-signal-$sig"
		fi
	else
		stop
		fail "uprobe-signal-$sig" "did not start" "$tmp/sig$sig.err"
	fi
done

# a signal ignored when the run started (trap '' QUIT, as a script's
# background job without job control has it) stays ignored
(trap '' QUIT; exec "$kprobe" "p:$target:kpt_add") >"$tmp/sigquit.out" 2>"$tmp/sigquit.err" </dev/null &
KP=$!
for i in $(seq 100); do
	grep -q '^Tracing' "$tmp/sigquit.err" 2>/dev/null && break
	sleep 0.1
done
kill -QUIT "$KP"
sleep 0.5
if ! kill -0 "$KP" 2>/dev/null; then
	wait "$KP"
	fail uprobe-sigquit-ignored "ended by SIGQUIT ignored at start (status $?)" "$tmp/sigquit.err"
else
	stop
	if [ "$STATUS" -ne 0 ]; then
		fail uprobe-sigquit-ignored "exit status $STATUS after SIGINT" "$tmp/sigquit.err"
	else
		pass uprobe-sigquit-ignored
	fi
fi

# a run killed with SIGKILL leaves its uprobe; --cleanup removes it
# (in a pid namespace the run's group is kprobe_<pid>_<pidns inode>)
stale_left() { grep -cE "^p:kprobe_$1(_[0-9]+)?/" "$T/uprobe_events"; }
if start killed "p:$target:kpt_add"; then
	pid=$KP
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	if [ "$(stale_left "$pid")" -ne 1 ]; then
		fail uprobe-stale-cleanup "no probe of the killed run $pid in uprobe_events"
	else
		"$kprobe" --cleanup >"$tmp/cleanup.out" 2>"$tmp/cleanup.err"
		rc=$?
		if [ $rc -ne 0 ] || [ "$(stale_left "$pid")" -ne 0 ]; then
			fail uprobe-stale-cleanup "--cleanup exit $rc, probe left" "$tmp/cleanup.err"
		else
			pass uprobe-stale-cleanup
		fi
	fi
else
	stop
	fail uprobe-stale-cleanup "did not start" "$tmp/killed.err"
fi

# ... and the next run removes it too, even when a process that looks like
# this tool took over the dead run's PID
if start killed2 "p:$target:kpt_add"; then
	pid=$KP
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	# a "kprobe" that is not a run: a copy of sleep under that name, at that PID
	mkdir -p "$tmp/imposter"
	cp "$(command -v sleep)" "$tmp/imposter/kprobe"
	imp=
	for i in $(seq 20); do
		echo $((pid - 1)) >/proc/sys/kernel/ns_last_pid 2>/dev/null || break
		"$tmp/imposter/kprobe" 30 &
		if [ $! -eq "$pid" ]; then
			imp=$!
			break
		fi
		kill $! 2>/dev/null
		wait $! 2>/dev/null
	done
	"$kprobe" -d 0 "p:$target:kpt_greet" >"$tmp/next.out" 2>"$tmp/next.err"
	rc=$?
	if [ $rc -ne 0 ] || [ "$(stale_left "$pid")" -ne 0 ]; then
		fail uprobe-stale-next-run "exit $rc, probe of $pid left${imp:+ (PID taken over)}" \
			"$tmp/next.err"
	elif [ -n "$imp" ]; then
		pass uprobe-stale-next-run-pid-reused
	else
		pass uprobe-stale-next-run
	fi
	[ -n "$imp" ] && kill "$imp" && wait "$imp" 2>/dev/null
else
	stop
	fail uprobe-stale-next-run "did not start" "$tmp/killed2.err"
fi
exit 0
