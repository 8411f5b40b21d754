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
# what this run built with is installed
out=$(scripts/deps.sh -n build 2>&1)
[ $? -eq 0 ] && [ -z "$out" ] && pass build-installed || fail build-installed "missing: $out"

# this tree's own list names only packages apt knows
unknown=
for pkg in $(sed -n 's/^[a-z]*:[[:space:]]*//p' scripts/packages); do
	apt-cache show "$pkg" >/dev/null 2>&1 || unknown="$unknown $pkg"
done
[ -z "$unknown" ] && pass packages-known || fail packages-known "apt knows nothing of:$unknown"
