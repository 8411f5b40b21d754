#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/deps.sh's choice of what to install, with a made-up package list:
# installed packages are left alone, missing ones are named, bad groups refused.
#
#   tests/host/deps.sh RESULTS
set -u
cd "$(dirname "$0")/../.." || exit 1
results=$1

pass() { echo "PASS deps/$1" | tee -a "$results"; }
fail() { echo "FAIL deps/$1: $2" | tee -a "$results"; }

tmp=$(mktemp /tmp/kprobe-deps.XXXXXX)
trap 'rm -f "$tmp"' EXIT
# dpkg and coreutils are always installed; the others never are
cat >"$tmp" <<'LIST'
# comment: ignored
one: dpkg kprobe-no-such-package-a
two: coreutils kprobe-no-such-package-b kprobe-no-such-package-a
LIST

# check NAME WANT_RC WANT_OUTPUT GROUP...
check() {
	local name=$1 want_rc=$2 want=$3 out rc
	shift 3
	out=$(KPROBE_DEPS_LIST=$tmp scripts/deps.sh -n "$@" 2>&1)
	rc=$?
	if [ $rc -eq "$want_rc" ] && [ "$out" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "exit $rc, output '$out'; expected exit $want_rc, '$want'"
	fi
}

check only-missing 1 kprobe-no-such-package-a one
check each-once 1 "$(printf '%s\n' kprobe-no-such-package-a kprobe-no-such-package-b)" one two
check unknown-group 1 "deps: no group 'three' in '$tmp'" three
# A machine with arm64 added (dpkg --add-architecture): dpkg-query prints
# one line per instance of a package. Faked on PATH, with dpkg-query's own
# rules: PACKAGE[:ARCH] selects instances; -f FORMAT (or -f=FORMAT) has its
# ${Architecture}, ${Status} and \n filled in; no instance is an error.
fake=$(mktemp -d /tmp/kprobe-deps-fake.XXXXXX)
trap 'rm -f "$tmp"; rm -rf "$fake"' EXIT
cat >"$fake/dpkg" <<'FAKE'
#!/bin/sh
[ "$1" = --print-architecture ] && echo amd64
FAKE
cat >"$fake/dpkg-query" <<'FAKE'
#!/bin/bash
# the status database: package, architecture, status
db='kp-both amd64 install ok installed
kp-both arm64 install ok installed
kp-foreign arm64 install ok installed
kp-known amd64 install ok installed
kp-known arm64 unknown ok not-installed
kp-all all install ok installed'
fmt='${binary:Package}\t${Status}\n'
[ "$1" = -W ] && shift
case $1 in
-f | --showformat) fmt=$2; shift 2 ;;
-f=* | --showformat=*) fmt=${1#*=}; shift ;;
-f*) fmt=${1#-f}; shift ;;
esac
rc=0
for arg; do
	name=${arg%%:*} arch=
	[ "$arg" != "$name" ] && arch=${arg#*:}
	hit=0
	while read -r p a st; do
		[ "$p" = "$name" ] && { [ -z "$arch" ] || [ "$arch" = "$a" ]; } || continue
		out=${fmt//'${Architecture}'/$a}
		out=${out//'${Status}'/$st}
		out=${out//'${binary:Package}'/$p}
		printf '%b' "$out"
		hit=1
	done <<<"$db"
	[ $hit = 1 ] || { echo >&2 "dpkg-query: no packages found matching $arg"; rc=1; }
done
exit $rc
FAKE
chmod +x "$fake/dpkg" "$fake/dpkg-query"
cat >"$tmp" <<'LIST'
multi: kp-both kp-all kp-known
foreign: kp-foreign kp-both
LIST
fakecheck() {
	local name=$1 want_rc=$2 want=$3 out rc
	shift 3
	out=$(PATH=$fake:$PATH KPROBE_DEPS_LIST=$tmp scripts/deps.sh -n "$@" 2>&1)
	rc=$?
	if [ $rc -eq "$want_rc" ] && [ "$out" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "exit $rc, output '$out'; expected exit $want_rc, '$want'"
	fi
}
# installed for both, for all, native installed and a foreign one only known
fakecheck multiarch-installed 0 "" multi
# only the foreign instance installed: the native one is missing
fakecheck multiarch-foreign-only 1 kp-foreign foreign

# what this run built with is installed
out=$(scripts/deps.sh -n build 2>&1)
[ $? -eq 0 ] && [ -z "$out" ] && pass build-installed || fail build-installed "missing: $out"

# this tree's own list names only packages apt knows
unknown=
for pkg in $(sed -n 's/^[a-z]*:[[:space:]]*//p' scripts/packages); do
	apt-cache show "$pkg" >/dev/null 2>&1 || unknown="$unknown $pkg"
done
[ -z "$unknown" ] && pass packages-known || fail packages-known "apt knows nothing of:$unknown"
