#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs the Debian packages a part of the build or tests needs, asking
# apt only for those that are missing and saying which. Runs
# "apt-get update" first when apt does not know one of them (a fresh
# container has no package lists).
#
#   scripts/deps.sh [-n] GROUP...
#
#   -n   only print the missing packages, one a line; exit 1 if any
#
# The groups and their packages are in scripts/packages (or $KPROBE_DEPS_LIST).
# KPROBE_NO_DEPS=1 skips the check (for builds whose dependencies are
# handled elsewhere, such as a package build).
set -u

list=${KPROBE_DEPS_LIST:-$(dirname "$0")/packages}
dry=0
if [ "${1:-}" = -n ]; then
	dry=1
	shift
fi
[ $# -gt 0 ] || { echo >&2 "usage: $0 [-n] GROUP..."; exit 2; }
[ "${KPROBE_NO_DEPS:-0}" = 1 ] && [ $dry = 0 ] && exit 0

die() {
	echo >&2 "deps: $*"
	exit 1
}

[ -r "$list" ] || die "cannot read '$list'"

# the packages of the named groups, each once, in list order
wanted=
for group in "$@"; do
	found=$(sed -n "s/^$group:[[:space:]]*//p" "$list")
	[ -n "$found" ] || die "no group '$group' in '$list'"
	for pkg in $found; do
		case " $wanted " in *" $pkg "*) ;; *) wanted="$wanted $pkg" ;; esac
	done
done

# Installed for this machine's own architecture, or for all ("Architecture:
# all" packages have no other). With a foreign architecture added, dpkg-query
# prints one line per instance: one of another architecture does not count
# (a cross libc6-dev builds nothing native), nor does a foreign instance that
# is only known make a native one missing.
native=$(dpkg --print-architecture 2>/dev/null)
installed() {
	dpkg-query -W -f='${Architecture} ${Status}\n' "$1" 2>/dev/null |
		grep -Eqx "($native|all) install ok installed"
}

missing=
for pkg in $wanted; do
	installed "$pkg" || missing="$missing $pkg"
done
missing=${missing# }

if [ $dry = 1 ]; then
	[ -z "$missing" ] && exit 0
	printf '%s\n' $missing
	exit 1
fi
[ -z "$missing" ] && exit 0

command -v apt-get >/dev/null || die "missing packages: $missing (no apt-get to install them)"
[ "$(id -u)" = 0 ] || die "missing packages: $missing (run as root to install them, or install them yourself)"

# a package apt has no candidate for needs fresh package lists
known() {
	apt-cache policy "$1" 2>/dev/null | grep -q '^  Candidate: [^(]'
}

export DEBIAN_FRONTEND=noninteractive
for pkg in $missing; do
	if ! known "$pkg"; then
		echo >&2 "deps: apt does not know '$pkg'; running apt-get update"
		apt-get update -q >&2 || die "apt-get update failed"
		break
	fi
done
echo >&2 "deps: installing $missing (for $*)"
apt-get install -y -q --no-install-recommends $missing >&2 ||
	die "cannot install: $missing"
for pkg in $missing; do
	installed "$pkg" || die "'$pkg' is still not installed"
done
