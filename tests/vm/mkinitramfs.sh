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
#                           path, with their libraries (make bench: trace-cmd)
#   CC                      compiler for workload.c (default gcc)
#
# Needs: busybox-static cpio gzip gcc perf-tools-unstable bash jq (Debian 12).

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
busybox=$(command -v busybox) || die "busybox not found (apt-get install busybox-static)"
ldd "$busybox" >/dev/null 2>&1 &&
    die "$busybox is dynamically linked: install busybox-static"
perf_kprobe=/usr/sbin/kprobe-perf
[[ -f $perf_kprobe ]] || die "$perf_kprobe missing (apt-get install perf-tools-unstable)"
command -v cpio >/dev/null || die "cpio not found (apt-get install cpio)"
jq=$(command -v jq) || die "jq not found (apt-get install jq)"
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

# copy a binary and, if it is dynamic, its libraries and loader
put_bin() {
	local src=$1 dst=$2 lib

	put "$src" "$dst"
	chmod 755 "$root$dst"
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
done < <("$busybox" --list-full)

put_bin "$(command -v bash)" /bin/bash.real
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
	put_bin "$b" "$b"
done

# libtraceevent loads plugins at run time, if there are any
for d in /usr/lib/x86_64-linux-gnu/traceevent /usr/lib/traceevent; do
	[[ -d $d ]] || continue
	mkdir -p "$root$d"
	cp -rL "$d/." "$root$d/"
done

cc=${CC:-gcc}
if ! "$cc" -O2 -Wall -static -pthread -o "$root/usr/bin/workload" \
    "$here/workload.c" 2>/dev/null; then
	"$cc" -O2 -Wall -pthread -o "$root/workload.dyn" "$here/workload.c" ||
	    die "cannot compile workload.c"
	put_bin "$root/workload.dyn" /usr/bin/workload
	rm -f "$root/workload.dyn"
fi

cp "$here/lib.sh" "$root/tests/lib.sh"
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
