#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds the Debian package from a copy of the tree in a scratch directory
# (dpkg-buildpackage writes next to the source), then checks what it
# installs, what it depends on, and that lintian finds no errors.
#
#   tests/host/deb.sh RESULTS [ARCH]
#
# ARCH (arm64, armhf): a cross build, "dpkg-buildpackage -a ARCH -d" against
# the sysroot scripts/sysroot.sh makes (its libraries' packages give the
# dependencies); instead of running here, the package is installed by dpkg,
# run and removed in ARCH's VM (tests/vm/deb/, on Linux 6.12; armhf: 6.1).
set -u
cd "$(dirname "$0")/../.." || exit 1
results=$1
arch=${2:-}
native=$(dpkg --print-architecture)
[ "$arch" = "$native" ] && arch=
label=deb${arch:+-$arch}

pass() { echo "PASS $label/$1" | tee -a "$results"; }
fail() { echo "FAIL $label/$1: $2" | tee -a "$results"; }

tmp=$(mktemp -d /tmp/kprobe-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/kprobe
mkdir "$src"
# the tree as it is, without build products
git ls-files -z -co --exclude-standard | tar -cf - --null -T - | tar -xf - -C "$src"

cross=
if [ -n "$arch" ]; then
	sysroot=$(scripts/sysroot.sh "$arch") || { fail build "no $arch sysroot"; exit 0; }
	cross="-a $arch -d"
fi
# shellcheck disable=SC2086
if ! (cd "$src" && dpkg-buildpackage $cross -us -uc -b) >"$tmp/build.log" 2>&1; then
	fail build "dpkg-buildpackage failed: $(tail -20 "$tmp/build.log")"
	exit 0
fi
deb=$(ls "$tmp"/kprobe_*_"${arch:-$native}".deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
	fail build "no kprobe_*.deb in $tmp"
	exit 0
fi
pass build

# the files a user gets, and nothing under /usr/local
files=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
missing=
for f in /usr/sbin/kprobe /usr/share/man/man8/kprobe.8.gz \
	/usr/share/bash-completion/completions/kprobe /usr/share/doc/kprobe/copyright; do
	printf '%s\n' "$files" | grep -qxF "$f" || missing="$missing $f"
done
if [ -n "$missing" ]; then
	fail contents "missing:$missing"
elif printf '%s\n' "$files" | grep -q '^/usr/local'; then
	fail contents "installs under /usr/local"
else
	pass contents
fi
mode=$(dpkg-deb -c "$deb" | awk '$6 == "./usr/sbin/kprobe" { print $1 }')
[ "$mode" = -rwxr-xr-x ] && pass binary-mode || fail binary-mode "usr/sbin/kprobe is $mode"

# the unpacked binary runs (another architecture's: installed by dpkg in its VM)
mkdir "$tmp/root"
dpkg-deb -x "$deb" "$tmp/root"
if [ -n "$arch" ]; then
	kernel=6.12
	[ "$arch" = armhf ] && kernel=6.1
	if KPROBE_VM_ARCH=$arch KPROBE_VM_KERNELS=$kernel KPROBE_VM_DEB=$deb \
	    KPROBE_VM_SCENARIO_DIR=tests/vm/deb tests/vm/check.sh --results "$results" \
	    "$tmp/root/usr/sbin/kprobe"; then
		pass runs
	else
		fail runs "the package did not install, run and go in the $arch VM"
	fi
elif "$tmp/root/usr/sbin/kprobe" --version | grep -qE '^kprobe [0-9]'; then
	pass runs
else
	fail runs "the packaged kprobe does not print its version"
fi

# the package of a library: this machine's, or the sysroot's for ARCH
lib_package() {
	local path dir

	if [ -n "$arch" ]; then
		for path in "$sysroot"/../ctl/*/usr/lib/*/"$1" "$sysroot"/../ctl/*/lib/*/"$1"; do
			[ -e "$path" ] || continue
			dir=${path#"$sysroot"/../ctl/}
			echo "${dir%%/*}"
			return
		done
		return
	fi
	path=$(ldconfig -p | awk -v l="$1" '$1 == l { print $NF; exit }')
	(dpkg -S "$path" || dpkg -S "$(readlink -f "$path")") 2>/dev/null | head -n 1 | cut -d: -f1
}

# each shared library the binary needs is a dependency, by its package
depends=$(dpkg-deb -f "$deb" Depends)
missing=
for lib in $(readelf -d "$tmp/root/usr/sbin/kprobe" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
	pkg=$(lib_package "$lib")
	[ -n "$pkg" ] || pkg="(no package for $lib)"
	printf '%s' "$depends" | grep -qE "(^|, )$pkg( |,|$)" || missing="$missing $pkg"
done
if [ -z "$missing" ] && printf '%s' "$depends" | grep -q libtracefs1; then
	pass depends
else
	fail depends "Depends: $depends lacks$missing"
fi

# every package the build group installs is a build dependency
missing=
for pkg in $(sed -n 's/^build:[[:space:]]*//p' scripts/packages); do
	case $pkg in gcc | libc6-dev | make) continue ;; esac # build-essential
	grep -qE "^[[:space:]]*(Build-Depends:)?[[:space:]]*$pkg([ ,(]|$)" debian/control ||
		missing="$missing $pkg"
done
[ -z "$missing" ] && pass build-depends ||
	fail build-depends "in scripts/packages (build) but not in debian/control:$missing"

if command -v lintian >/dev/null; then
	lintian --display-info --pedantic --no-tag-display-limit "$deb" >"$tmp/lintian.log" 2>&1
	if grep -q '^E: ' "$tmp/lintian.log"; then
		fail lintian "$(grep '^E: ' "$tmp/lintian.log")"
	else
		pass lintian
	fi
	grep -E "^[WIP]: " "$tmp/lintian.log" | sed 's/^/    /'
else
	fail lintian "lintian is not installed"
fi
