#!/bin/sh
# The Debian package, installed by dpkg in the guest (tests/host/deb.sh puts
# the .deb it built in the image as /tests/kprobe.deb): its files land, the
# installed /usr/sbin/kprobe traces (3 opens of a workload), "dpkg -r"
# removes it, and tracing is left as it was. The libraries it depends on
# are in the image but not in the image's empty dpkg database: hence
# --force-depends.
. /tests/lib.sh

state_snapshot before
[ -f /tests/kprobe.deb ] || die "no /tests/kprobe.deb in the image"

begin install
dpkg --force-depends -i /tests/kprobe.deb > inst.out 2>&1
expect_status "dpkg -i" 0 $? inst.out
expect_eq "dpkg's status" "install ok installed" "$(dpkg-query -W -f='${Status}' kprobe)"
expect_eq "architecture" "$(uname -m | sed 's/aarch64/arm64/; s/armv7l/armhf/; s/x86_64/amd64/')" \
    "$(dpkg-query -W -f='${Architecture}' kprobe)"
for f in /usr/sbin/kprobe /usr/share/man/man8/kprobe.8.gz \
    /usr/share/bash-completion/completions/kprobe; do
	[ -f "$f" ] || fail "$f not installed"
done
pass "installed: $(dpkg-query -W -f='${Package} ${Version} ${Architecture}' kprobe)"

begin runs
KPROBE=/usr/sbin/kprobe
"$KPROBE" --version > v.out 2>&1
expect_match "version" '^kprobe [0-9]' v.out
kprobe_start out err -d 2 p:do_sys_openat2 || exit 1
work open /etc/hostname 3
wait_exit "$KP_PID" 20
expect_status "exit status" 0 "$STATUS" err
expect_count "events from the workload" 3 "$(task_re workload "$W_PID")do_sys_openat2: " out
check_final out err
pass "the installed kprobe traced the workload's 3 opens"

begin remove
dpkg -r kprobe > rm.out 2>&1
expect_status "dpkg -r" 0 $? rm.out
[ -e /usr/sbin/kprobe ] && fail "/usr/sbin/kprobe still there after dpkg -r"
state_compare before
pass "removed; tracing as it was"
