#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --cgroup on this machine's own kernel, natively, with a uprobe on the
# suite's own program: a scratch cgroup v2 holds one process from before
# the start and one shell that starts a child after it; another process is
# moved in after the start, and one outside must not appear. Exact events
# per process. Also the errors for a missing cgroup and a path outside the
# mount. The cgroup (and a cgroup2 mount made for the test) is removed.
# Run as root from the top of the tree, by check.sh.
#
#   tests/host/cgroup.sh KPROBE RESULTS
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh" cgroup "$@"
fail_lines=20
mounted=
cg=
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	# the processes left go back to the root cgroup before it can go
	if [ -n "$cg" ] && [ -d "$cg" ]; then
		while read -r p; do
			echo "$p" >"$mnt/cgroup.procs" 2>/dev/null
		done <"$cg/cgroup.procs"
		rmdir "$cg"
	fi
	[ -n "$mounted" ] && umount "$mnt"
	rm -rf "$tmp"
}
trap cleanup EXIT

# the first line of FILE once it has one (a pid a process wrote)
first_line() {
	for _ in $(seq 100); do
		[ -s "$1" ] && { head -1 "$1"; return 0; }
		sleep 0.05
	done
	return 1
}

mnt=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
if [ -z "$mnt" ]; then
	mnt=$tmp/cgroup2
	mkdir "$mnt"
	if ! mount -t cgroup2 none "$mnt"; then
		echo "SKIP host/cgroup: no cgroup2 mount, and none can be made" | tee -a "$results"
		exit 0
	fi
	mounted=1
fi
name=kprobe-test-$$
cg=$mnt/$name
mkdir "$cg"

# errors: no such cgroup, a path outside the mount
"$kprobe" --cgroup "$name-none" "$probe" >"$tmp/none.out" 2>"$tmp/none.err"
status=$?
want="kprobe: no cgroup '$name-none' (no '$cg-none/cgroup.threads')"
if [ $status -eq 1 ] && [ "$(cat "$tmp/none.err")" = "$want" ] && [ ! -s "$tmp/none.out" ]; then
	pass cgroup-missing
else
	fail cgroup-missing "status $status, wanted 1 and: $want" "$tmp/none.err"
fi
"$kprobe" --cgroup /etc "$probe" >"$tmp/out.out" 2>"$tmp/outside.err"
status=$?
want="kprobe: cgroup '/etc' is not under the cgroup2 mount '$mnt'"
if [ $status -eq 1 ] && [ "$(cat "$tmp/outside.err")" = "$want" ]; then
	pass cgroup-not-under-mount
else
	fail cgroup-not-under-mount "status $status, wanted 1 and: $want" "$tmp/outside.err"
fi

# in the cgroup from the start: one waiting process, one shell that starts
# a child once told to
sh -c "echo \$\$ >'$cg/cgroup.procs' && exec '$target' -w 2 in" >"$tmp/in.pid" &
pids+=($!)
mkfifo "$tmp/go"
sh -c "echo \$\$ >'$cg/cgroup.procs' && echo \$\$ >'$tmp/parent.pid' && read x <'$tmp/go' &&
	'$target' 1 kid >'$tmp/kid.pid'; :" &
pids+=($!)
# outside, and to be moved in after the start
"$target" -w 4 out >"$tmp/out.pid" &
pids+=($!)
"$target" -w 3 join >"$tmp/join.pid" &
pids+=($!)
in=$(first_line "$tmp/in.pid")
out=$(first_line "$tmp/out.pid")
join=$(first_line "$tmp/join.pid")
first_line "$tmp/parent.pid" >/dev/null

"$kprobe" --cgroup "$name" "$probe" >"$tmp/run.out" 2>"$tmp/run.err" </dev/null &
kp=$!
for _ in $(seq 100); do
	grep -q '^Tracing' "$tmp/run.err" 2>/dev/null && break
	sleep 0.1
done
echo "$join" >"$cg/cgroup.procs"
# the run looks for joiners every 100 ms
sleep 0.5
echo go >"$tmp/go"
kill -USR1 "$in" "$out" "$join"
for p in "${pids[@]}"; do
	wait "$p"
done
pids=()
sleep 0.3
kill -INT "$kp"
wait "$kp"
status=$?
kid=$(grep -o 'uprobe_target-[0-9]*' "$tmp/run.out" | sort -u |
	grep -v -e "-$in\$" -e "-$join\$" -e "-$out\$" | sed 's/.*-//')
got=$(sed -n 's/^ *uprobe_target-\([0-9]*\) .* kpt_add: ([0-9a-fx]*) \(a=[0-9]*\)$/\1 \2/p' \
	"$tmp/run.out" | sort)
want=$(printf '%s\n' "$in a=0" "$in a=1" "$join a=0" "$join a=1" "$join a=2" "$kid a=0" | sort)
if [ $status -eq 0 ] && [ -n "$kid" ] && [ "$got" = "$want" ] &&
	[ "$(grep -c 'kpt_add:' "$tmp/run.out")" -eq 6 ] &&
	grep -q '^6 events printed, 0 lost, 0 missed$' "$tmp/run.err"; then
	pass cgroup-members-children-joiner
else
	fail cgroup-members-children-joiner "status $status; wanted, as PID and argument:
$want
got:
$got" "$tmp/run.out" "$tmp/run.err"
fi
