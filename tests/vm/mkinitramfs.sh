#!/bin/bash
# mkinitramfs.sh - build the initramfs the VM tests boot.
#
# USAGE: tests/vm/mkinitramfs.sh KPROBE_BINARY OUTPUT.cpio.gz
#
# The image holds busybox (static, with applet links), bash, the kprobe
# binary under test (/usr/bin/kprobe), perf-tools' kprobe (/usr/sbin/kprobe-perf),
# the workload helper built from workload.c (/usr/bin/workload), jq, every shared
# library those need plus the dynamic loader, tests/vm/lib.sh, the scenarios
# (/tests/scenarios/*.sh) and tests/vm/init.sh as /init.
#
# Environment:
#   KPROBE_VM_SCENARIO_DIR  take scenarios from this directory instead of
#                           tests/vm/scenarios
#   KPROBE_VM_EXTRA_BINS    more programs to put in the image at the same
#                           path, with their libraries (make bench: trace-cmd);
#                           for another architecture, paths in its sysroot
#   CC                      compiler for workload.c (default gcc)
#   KPROBE_VM_ARCH          the guest's architecture: amd64 (default: this
#                           machine's programs), arm64 or armhf (busybox, bash,
#                           jq and the libraries from the sysroot
#                           scripts/sysroot.sh makes; workload.c cross-built)
#   KPROBE_VM_SYSROOT       that sysroot (default: what scripts/sysroot.sh prints)
#   KPROBE_VM_DEB           a kprobe .deb to put in the image as /tests/kprobe.deb,
#                           with dpkg, dpkg-query and ldconfig (from the
#                           sysroot for another architecture) and an empty
#                           dpkg database, for tests/vm/deb/ to install
#   KPROBE_VM_MODULES       "LABEL=DIR ...": the modules each kernel loads
#                           before its verdict channel exists (DIR/order, the
#                           names in load order; fetch-kernels.sh keeps them)
#
# Needs: busybox-static cpio gzip gcc perf-tools-unstable bash jq (Debian 12),
# and for another architecture the cross group of scripts/packages.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() {
	echo >&2 "mkinitramfs: ERROR: $*"
	exit 1
}

(( $# == 2 )) || die "usage: $0 KPROBE_BINARY OUTPUT.cpio.gz"
tool=$1
out=$2
scen=${KPROBE_VM_SCENARIO_DIR:-$here/scenarios}

[[ -f $tool && -x $tool ]] || die "kprobe binary '$tool' not found or not executable"
arch=${KPROBE_VM_ARCH:-amd64}
native=$(dpkg --print-architecture 2>/dev/null || echo amd64)
sysroot=
if [[ $arch != "$native" ]]; then
	sysroot=${KPROBE_VM_SYSROOT:-$("$here/../../scripts/sysroot.sh" "$arch")} ||
	    die "no $arch sysroot"
	case $arch in
	arm64)	triplet=aarch64-linux-gnu qemu_user=qemu-aarch64-static ;;
	armhf)	triplet=arm-linux-gnueabihf qemu_user=qemu-arm-static ;;
	*)	die "unknown architecture '$arch'" ;;
	esac
	busybox=$sysroot/bin/busybox
	[[ -x $busybox ]] || die "no busybox in $sysroot (busybox-static:$arch)"
	command -v "$qemu_user" >/dev/null || die "$qemu_user not found (apt-get install qemu-user-static)"
	bash=$sysroot/bin/bash
	jq=$sysroot/usr/bin/jq
	[[ -x $bash && -x $jq ]] || die "no bash or jq in $sysroot"
else
	busybox=$(command -v busybox) || die "busybox not found (apt-get install busybox-static)"
	ldd "$busybox" >/dev/null 2>&1 &&
	    die "$busybox is dynamically linked: install busybox-static"
	bash=$(command -v bash)
	jq=$(command -v jq) || die "jq not found (apt-get install jq)"
fi
perf_kprobe=/usr/sbin/kprobe-perf
[[ -f $perf_kprobe ]] || die "$perf_kprobe missing (apt-get install perf-tools-unstable)"
command -v cpio >/dev/null || die "cpio not found (apt-get install cpio)"
ls "$scen"/*.sh >/dev/null 2>&1 || die "no scenarios in $scen"

root=$(mktemp -d "${TMPDIR:-/tmp}/kprobe-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc,proc,sys,dev,tmp} \
    "$root"/{var/tmp,root,run,tests/scenarios,mnt}

# copy FILE to the same path in the image, following symlinks
put() {
	local src=$1 dst=${2:-$1}

	mkdir -p "$root$(dirname "$dst")"
	cp -L "$src" "$root$dst"
}

# another architecture's binary: its loader and the libraries it needs (and
# they need), found in the sysroot's library directories
put_cross_libs() {
	local src=$1 lib dir found

	found=$(readelf -l "$src" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	if [[ -n $found && ! -e $root$found ]]; then
		put "$sysroot$found" "$found"
	fi
	for lib in $(readelf -d "$src" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		[[ -e $root/usr/lib/$triplet/$lib ]] && continue
		found=
		for dir in "/usr/lib/$triplet" "/lib/$triplet" /usr/lib /lib; do
			[[ -e $sysroot$dir/$lib ]] && { found=$dir/$lib; break; }
		done
		[[ -n $found ]] || die "$src needs $lib, which $sysroot lacks"
		put "$sysroot$found" "/usr/lib/$triplet/$lib"
		put_cross_libs "$sysroot$found"
	done
}

# copy a binary and, if it is dynamic, its libraries and loader
put_bin() {
	local src=$1 dst=$2 lib

	put "$src" "$dst"
	chmod 755 "$root$dst"
	if [[ -n $sysroot ]]; then
		put_cross_libs "$src"
		return 0
	fi
	ldd "$src" >/dev/null 2>&1 || return 0		# static
	while read -r lib; do
		[[ -e $root$lib ]] || put "$lib"
	done < <(ldd "$src" | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }')
	if ldd "$src" | grep -q 'not found'; then
		ldd "$src" >&2
		die "$src: missing shared libraries"
	fi
}

# busybox and its applets; existing files (bash) win over applet links
put_bin "$busybox" /bin/busybox
while read -r applet; do
	[[ $applet == bin/busybox ]] && continue
	[[ -e $root/$applet || -L $root/$applet ]] && continue
	mkdir -p "$root/$(dirname "$applet")"
	ln -s /bin/busybox "$root/$applet"
done < <(if [[ -n $sysroot ]]; then "$qemu_user" "$busybox" --list-full; else "$busybox" --list-full; fi)

put_bin "$bash" /bin/bash.real
rm -f "$root/bin/bash" "$root/bin/sh"
mv "$root/bin/bash.real" "$root/bin/bash"
ln -s busybox "$root/bin/sh"
ln -sf /bin/bash "$root/usr/bin/bash"

put_bin "$tool" /usr/bin/kprobe
put "$perf_kprobe" /usr/sbin/kprobe-perf
chmod 755 "$root/usr/sbin/kprobe-perf"
# the JSON scenarios parse the tool's output with jq
put_bin "$jq" /usr/bin/jq

for b in ${KPROBE_VM_EXTRA_BINS:-}; do
	[[ -f $sysroot$b ]] || die "no $b in ${sysroot:-this machine}"
	put_bin "$sysroot$b" "$b"
done

# libtraceevent loads plugins at run time, if there are any
for d in /usr/lib/${triplet:-x86_64-linux-gnu}/traceevent /usr/lib/traceevent; do
	[[ -d $sysroot$d ]] || continue
	mkdir -p "$root$d"
	cp -rL "$sysroot$d/." "$root$d/"
done

# the modules each kernel loads first: /lib/modules/LABEL/order and its .ko files
for m in ${KPROBE_VM_MODULES:-}; do
	[[ -f ${m#*=}/order ]] || die "no ${m#*=}/order (modules of kernel ${m%%=*})"
	mkdir -p "$root/lib/modules/${m%%=*}"
	cp "${m#*=}"/order "${m#*=}"/*.ko "$root/lib/modules/${m%%=*}/" 2>/dev/null ||
	    cp "${m#*=}"/order "$root/lib/modules/${m%%=*}/"
	# the modules scenarios load and unload themselves (not in order)
	if [[ -d ${m#*=}/test ]]; then
		mkdir -p "$root/lib/modules/${m%%=*}/test"
		cp "${m#*=}"/test/*.ko "$root/lib/modules/${m%%=*}/test/" 2>/dev/null || true
	fi
done

# the package, and what installs it
if [[ -n ${KPROBE_VM_DEB:-} ]]; then
	[[ -f $KPROBE_VM_DEB ]] || die "no .deb '$KPROBE_VM_DEB'"
	cp "$KPROBE_VM_DEB" "$root/tests/kprobe.deb"
	for b in /usr/bin/dpkg /usr/bin/dpkg-deb /usr/bin/dpkg-query /usr/sbin/ldconfig; do
		[[ -e $sysroot$b ]] || b=${b/\/usr\/sbin\//\/sbin\/}
		[[ -e $sysroot$b ]] || die "no $b in ${sysroot:-this machine} (dpkg, libc-bin)"
		rm -f "$root$b"
		put_bin "$sysroot$b" "$b"
	done
	mkdir -p "$root"/var/lib/dpkg/{info,updates,triggers} "$root/etc/dpkg/dpkg.cfg.d"
	: > "$root/var/lib/dpkg/status"
	: > "$root/var/lib/dpkg/available"
fi

cc=${CC:-gcc}
[[ -n $sysroot ]] && cc="${CC:-$triplet-gcc} --sysroot=$sysroot"
# the scenarios' uprobes are on the workload's functions: 32-bit ARM's
# uprobes probe ARM code only, and Debian's armhf gcc makes Thumb-2
[[ $arch == armhf ]] && cc="$cc -marm"
# shellcheck disable=SC2086
if ! $cc -O2 -Wall -static -pthread -o "$root/usr/bin/workload" \
    "$here/workload.c" 2>/dev/null; then
	# shellcheck disable=SC2086
	$cc -O2 -Wall -pthread -o "$root/workload.dyn" "$here/workload.c" ||
	    die "cannot compile workload.c"
	put_bin "$root/workload.dyn" /usr/bin/workload
	rm -f "$root/workload.dyn"
fi

cp "$here/lib.sh" "$root/tests/lib.sh"
cp "$here/arch.sh" "$root/tests/arch.sh"
cp "$scen"/*.sh "$root/tests/scenarios/"
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init" "$root"/tests/scenarios/*.sh

cat > "$root/etc/passwd" <<-END
	root:x:0:0:root:/root:/bin/sh
	nobody:x:65534:65534:nobody:/nonexistent:/bin/false
END
cat > "$root/etc/group" <<-END
	root:x:0:
	nogroup:x:65534:
END
echo kprobe-vm > "$root/etc/hostname"
touch "$root/etc/mtab"
ln -sf /proc/mounts "$root/etc/mtab"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
    cpio --null -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo >&2 "mkinitramfs: wrote $out ($(du -k "$out" | cut -f1) KiB)"
