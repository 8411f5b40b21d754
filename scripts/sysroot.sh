#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Makes a sysroot of another architecture's Debian packages for a cross
# build, without changing this machine's dpkg architectures: apt runs with a
# state directory of its own (its package lists, an empty dpkg status), so
# "apt-get install --download-only" fetches the packages and all they depend
# on, and each .deb is unpacked with "dpkg-deb -x". Prints the sysroot's path.
# (scripts/apt-arch.sh keeps that apt state.)
#
#   scripts/sysroot.sh ARCH [PACKAGE...]
#
#   ARCH      a Debian architecture: arm64, armhf
#   PACKAGE   more packages to put in it (default: what the build, the unit
#             tests and the VM image need: the -dev packages, cmocka,
#             busybox-static, bash, jq; dpkg and libc-bin, which install the
#             .deb in the guest; on arm64 trace-cmd, which make bench
#             ARCH=arm64 copies into the guest)
#
# The cache is ${KPROBE_CROSS_CACHE:-/var/cache/kprobe-cross}/ARCH:
#   apt/        the private apt state: sources, lists, downloaded .debs
#               (scripts/apt-arch.sh)
#   sysroot/    every package unpacked
#   ctl/PKG/    each package's control files (DEBIAN/shlibs, symbols), for
#               dpkg-shlibdeps -S when the .deb is built (debian/rules)
#   PACKAGES    "PACKAGE VERSION" of what is unpacked; the sysroot is made
#               again when the wanted packages or their versions change
set -eu

die() {
	echo >&2 "sysroot: $*"
	exit 1
}

[ $# -ge 1 ] || die "usage: $0 ARCH [PACKAGE...]"
arch=$1
shift
case $arch in
arm64|armhf|amd64|i386) ;;
*) die "unknown architecture '$arch' (arm64, armhf)" ;;
esac
if [ $# -eq 0 ]; then
	set -- libc6-dev libtracefs-dev libtraceevent-dev libelf-dev libbpf-dev \
		libcmocka-dev busybox-static bash jq dpkg libc-bin
	if [ "$arch" = arm64 ]; then
		set -- "$@" trace-cmd
	fi
fi

cache=${KPROBE_CROSS_CACHE:-/var/cache/kprobe-cross}/$arch
apt=$cache/apt
aptget() {
	"$(dirname "$0")/apt-arch.sh" "$arch" apt-get "$@"
}
aptget -v >/dev/null || exit 1

# what apt would fetch: "PACKAGE VERSION", sorted
want=$(aptget install --download-only -s "$@" 2>/dev/null |
	awk '$1 == "Inst" { v = $3; gsub(/[()]/, "", v); print $2, v }' | sort) ||
	die "apt cannot resolve $* for $arch"
[ -n "$want" ] || die "apt resolves nothing for $* ($arch)"
# qemu-user's -L SYSROOT looks a path up in the sysroot first: the empty
# proc, sys, dev, run and tmp base-files leaves there would hide the
# machine's own (/proc with no process in it, under the unit tests)
no_empty_mounts() {
	for d in proc sys dev run tmp; do
		rmdir "$1/$d" 2>/dev/null || true
	done
}
if [ -d "$cache/sysroot" ] && [ "$(cat "$cache/PACKAGES" 2>/dev/null)" = "$want" ]; then
	no_empty_mounts "$cache/sysroot"
	echo "$cache/sysroot"
	exit 0
fi

echo >&2 "sysroot: downloading $(echo "$want" | wc -l) packages for $arch"
aptget install -y --download-only "$@" >&2 || die "cannot download $* for $arch"

rm -rf "$cache/sysroot.new" "$cache/ctl.new"
mkdir -p "$cache/sysroot.new" "$cache/ctl.new"
echo "$want" | while read -r pkg ver; do
	deb=$(ls "$apt/archives/${pkg}_$(echo "$ver" | sed 's/:/%3a/')_"*.deb 2>/dev/null |
		head -n 1)
	[ -n "$deb" ] || die "no .deb of $pkg $ver in $apt/archives"
	dpkg-deb -x "$deb" "$cache/sysroot.new" || die "cannot unpack $deb"
	# a shared library's package: its files and control files apart
	mkdir -p "$cache/ctl.new/$pkg"
	dpkg-deb -e "$deb" "$cache/ctl.new/$pkg/DEBIAN"
	if [ -f "$cache/ctl.new/$pkg/DEBIAN/shlibs" ] || [ -f "$cache/ctl.new/$pkg/DEBIAN/symbols" ]
	then
		dpkg-deb -x "$deb" "$cache/ctl.new/$pkg"
	else
		rm -rf "${cache:?}/ctl.new/$pkg"
	fi
done
# a merged /usr, as Debian 12 installs it: absolute symlinks resolve
# inside the sysroot when the toolchain is given --sysroot
for d in bin sbin lib; do
	if [ -d "$cache/sysroot.new/$d" ] && [ ! -L "$cache/sysroot.new/$d" ]; then
		mkdir -p "$cache/sysroot.new/usr/$d"
		cp -a "$cache/sysroot.new/$d/." "$cache/sysroot.new/usr/$d/"
		rm -rf "${cache:?}/sysroot.new/$d"
	fi
	ln -sfn "usr/$d" "$cache/sysroot.new/$d"
done
no_empty_mounts "$cache/sysroot.new"
# renamed, not removed first: a build or a test reading the old one meanwhile
# finds one or the other
rm -rf "$cache/sysroot.old" "$cache/ctl.old"
[ ! -d "$cache/sysroot" ] || mv "$cache/sysroot" "$cache/sysroot.old"
mv "$cache/sysroot.new" "$cache/sysroot"
[ ! -d "$cache/ctl" ] || mv "$cache/ctl" "$cache/ctl.old"
mv "$cache/ctl.new" "$cache/ctl"
rm -rf "$cache/sysroot.old" "$cache/ctl.old"
echo "$want" > "$cache/PACKAGES"
echo >&2 "sysroot: $cache/sysroot"
echo "$cache/sysroot"
