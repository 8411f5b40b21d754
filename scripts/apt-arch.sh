#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs apt-get or apt-cache for another architecture's Debian packages with
# a private state directory (package lists, an empty dpkg status, the
# downloaded .debs), so this machine's dpkg architectures and its apt state
# stay as they are. The sources are the machine's Debian ones (other
# repositories left out); the lists are fetched on first use and then once
# a day.
#
#   scripts/apt-arch.sh ARCH apt-get|apt-cache ARG...
#
# The state is in ${KPROBE_CROSS_CACHE:-/var/cache/kprobe-cross}/ARCH/apt.
# scripts/sysroot.sh (the cross build's sysroot) and tests/vm/fetch-kernels.sh
# (another architecture's kernels) use it.
set -eu

die() {
	echo >&2 "apt-arch: $*"
	exit 1
}

[ $# -ge 2 ] || die "usage: $0 ARCH apt-get|apt-cache ARG..."
arch=$1
tool=$2
shift 2
case $tool in
apt-get|apt-cache) ;;
*) die "'$tool' is neither apt-get nor apt-cache" ;;
esac

apt=${KPROBE_CROSS_CACHE:-/var/cache/kprobe-cross}/$arch/apt
mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/etc/sources.list.d" \
	"$apt/etc/preferences.d" || die "cannot create $apt"
[ -f "$apt/status" ] || : > "$apt/status"
# apt's _apt user downloads into these
chmod 755 "$apt/.." "$apt" "$apt/lists" "$apt/lists/partial" "$apt/archives" \
	"$apt/archives/partial"

# the machine's Debian sources, without an architecture restriction
src=$apt/etc/sources.list.d
if [ ! -s "$src/debian.sources" ] && [ ! -s "$src/debian.list" ]; then
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" } /URIs:[^\n]*debian\.org/' "$f" |
			grep -v '^Architectures:'
	done > "$src/debian.sources"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		grep -E '^deb [^#]*debian\.org' "$f" | sed 's/\[[^]]*\] *//'
	done > "$src/debian.list"
	[ -s "$src/debian.sources" ] || rm -f "$src/debian.sources"
	[ -s "$src/debian.list" ] || rm -f "$src/debian.list"
fi
[ -s "$src/debian.sources" ] || [ -s "$src/debian.list" ] ||
	die "no Debian sources in /etc/apt (write them to $src/debian.list)"

run() {
	"$tool" -q -o "APT::Architecture=$arch" -o "APT::Architectures=$arch" \
		-o "Dir::State=$apt" -o "Dir::State::status=$apt/status" \
		-o "Dir::Cache=$apt" -o "Dir::Cache::archives=$apt/archives" \
		-o "Dir::Etc::sourcelist=/dev/null" -o "Dir::Etc::sourceparts=$src" \
		-o "Dir::Etc::preferencesparts=$apt/etc/preferences.d" \
		-o "APT::Install-Recommends=false" -o "Debug::NoLocking=true" "$@"
}

stamp=$apt/lists/.updated
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
	echo >&2 "apt-arch: apt-get update ($arch)"
	tool=apt-get run update >&2 || die "apt-get update for $arch failed"
	touch "$stamp"
fi
run "$@"
