#!/bin/bash
# fetch-kernels.sh - download and cache the Debian kernels used by the VM tests.
#
# USAGE: tests/vm/fetch-kernels.sh [LABEL...]
#
# LABEL is 6.1 or 6.12 (default: both, or $KPROBE_VM_KERNELS). For each one,
# prints "LABEL PATH_TO_VMLINUZ" on stdout. Progress goes to stderr.
#
#   6.1   the image that linux-image-ARCH depends on (linux-image-6.1.0-NN-ARCH;
#         armhf: linux-image-6.1.0-NN-armmp)
#   6.12  the newest signed linux-image-6.12.*+deb12-cloud-ARCH (amd64, arm64)
#
# ARCH is $KPROBE_VM_ARCH: amd64 (default), arm64 or armhf. Packages are
# fetched with "apt-get download" (another architecture's through
# scripts/apt-arch.sh, whose apt state is its own) and unpacked with
# "dpkg-deb -x" into ${KPROBE_VM_CACHE:-/var/cache/kprobe-vm}/LABEL/ (amd64)
# or .../ARCH/LABEL/. A kernel already cached under the same package name
# and version is not downloaded again. Besides vmlinuz, the cache keeps the
# config and, for arm64 and armhf, the modules the guest loads before its
# verdict channel exists (modules/*.ko, in load order, listed in
# modules/order): 6.1 builds virtio-console as a module. For every
# architecture it keeps the modules the scenarios load and unload
# themselves (modules/test/*.ko, uncompressed, only those that depend on no
# other module: dummy); a cache made before they were kept gets them once.
#
# Needs: apt, dpkg (Debian 12).

set -euo pipefail

ARCH=${KPROBE_VM_ARCH:-amd64}
CACHE=${KPROBE_VM_CACHE:-/var/cache/kprobe-vm}
[[ $ARCH == amd64 ]] || CACHE=$CACHE/$ARCH
updated=0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# apt-get/apt-cache for ARCH: this machine's own, or the private state of
# another architecture (scripts/apt-arch.sh)
aptcmd() {
	if [[ $ARCH == "$(dpkg --print-architecture)" ]]; then
		"$@"
	else
		"$here/../../scripts/apt-arch.sh" "$ARCH" "$@"
	fi
}

die() {
	echo >&2 "fetch-kernels: ERROR: $*"
	exit 1
}

log() {
	echo >&2 "fetch-kernels: $*"
}

apt_update_once() {
	(( updated )) && return 1
	updated=1
	log "running apt-get update"
	aptcmd apt-get update -qq >&2 || die "apt-get update failed"
	return 0
}

# the flavour of Debian's kernel packages for ARCH
flavour() {
	case $ARCH in
	armhf)	echo armmp ;;
	*)	echo "$ARCH" ;;
	esac
}

# name of the 6.1 image package linux-image-FLAVOUR depends on
pick_61() {
	local f
	f=$(flavour)
	aptcmd apt-cache depends "linux-image-$f" 2>/dev/null |
		awk -v f="$f" '$1 == "Depends:" && $2 ~ "^linux-image-6\\.1\\.0-[0-9]+-" f "$" {
			print $2; exit }'
}

# newest signed (not -dbg, not -unsigned) 6.12 cloud image
pick_612() {
	aptcmd apt-cache search --names-only "^linux-image-6\\.12\\..*\\+deb12-cloud-$ARCH\$" \
	    2>/dev/null | awk '{ print $1 }' |
		grep -E "^linux-image-6\\.12\\.[0-9]+\\+deb12-cloud-$ARCH\$" |
		sort -V | tail -n 1
}

pick() {
	case $1 in
	6.1)	pick_61 ;;
	6.12)	pick_612 ;;
	*)	die "unknown kernel label '$1' (want 6.1 or 6.12)" ;;
	esac
}

# check a kernel config for what the tests need built in
check_config() {
	local cfg=$1 label=$2 opt bad=0

	[[ -f $cfg ]] || { log "WARNING: no config for $label, not checked"; return 0; }
	# the console: 8250 UARTs on x86, the PL011 of QEMU's "virt" machine on arm
	local console="CONFIG_SERIAL_8250 CONFIG_SERIAL_8250_CONSOLE"
	[[ $ARCH == amd64 ]] || console="CONFIG_SERIAL_AMBA_PL011 CONFIG_SERIAL_AMBA_PL011_CONSOLE"
	for opt in CONFIG_KPROBES CONFIG_KPROBE_EVENTS CONFIG_TRACING CONFIG_FTRACE \
	    CONFIG_DYNAMIC_FTRACE CONFIG_DYNAMIC_EVENTS $console CONFIG_DEVTMPFS \
	    CONFIG_BLK_DEV_INITRD CONFIG_RD_GZIP CONFIG_TMPFS CONFIG_DEBUG_FS; do
		if ! grep -q "^$opt=y" "$cfg"; then
			log "ERROR: $label kernel: $opt is not built in"
			bad=1
		fi
	done
	(( !bad )) || die "$label kernel lacks required built-in options"
}

# The modules of the verdict channel (virtio-console on the "virt"
# machine's virtio-mmio) that the kernel in $1 (an unpacked package) does not
# build in, with those they depend on, each after its dependencies: copied
# (uncompressed) to $2, their names in load order in $2/order
copy_modules() {
	local x=$1 out=$2 mods m f todo=() done=() dep

	mods=$(ls -d "$x"/lib/modules/* 2>/dev/null | head -n 1)
	mkdir -p "$out"
	: > "$out/order"
	[[ -n $mods ]] || return 0
	# modname FILE - its name as the kernel knows it (- and _ alike)
	find_mod() {
		find "$mods" -name "$1.ko*" -o -name "${1//_/-}.ko*" | head -n 1
	}
	add() {
		local name=$1 file d
		[[ " ${done[*]} " == *" $name "* ]] && return 0
		file=$(find_mod "$name")
		[[ -n $file ]] || return 0	# built in (or absent)
		for d in $(modinfo -F depends "$file" 2>/dev/null | tr ',' ' '); do
			add "${d//-/_}"
		done
		done+=("$name")
		case $file in
		*.xz)	xz -dc "$file" > "$out/$name.ko" ;;
		*.zst)	zstd -qdc "$file" > "$out/$name.ko" ;;
		*)	cp "$file" "$out/$name.ko" ;;
		esac
		echo "$name" >> "$out/order"
	}
	for m in virtio virtio_ring virtio_mmio virtio_console; do
		add "$m"
	done
}

# The modules scenarios load and unload (dummy: a network device of its
# own, no hardware, no dependency) from the unpacked package in $1, copied
# uncompressed to $2
TEST_MODULES="dummy"
copy_test_modules() {
	local x=$1 out=$2 mods m file

	mkdir -p "$out"
	mods=$(ls -d "$x"/lib/modules/* 2>/dev/null | head -n 1)
	[[ -n $mods ]] || return 0
	for m in $TEST_MODULES; do
		file=$(find "$mods" -name "$m.ko*" | head -n 1)
		[[ -n $file ]] || continue
		case $file in
		*.xz)	xz -dc "$file" > "$out/$m.ko" ;;
		*.zst)	zstd -qdc "$file" > "$out/$m.ko" ;;
		*)	cp "$file" "$out/$m.ko" ;;
		esac
		# its .modinfo's "depends=" (modinfo itself may not be installed)
		if [[ $(tr '\0' '\n' < "$out/$m.ko" | sed -n 's/^depends=//p') != "" ]]; then
			log "WARNING: $m depends on other modules: not kept"
			rm -f "$out/$m.ko"
		fi
	done
}

# download PKG VER TMP - the package's .deb, unpacked in TMP/x
download() {
	local pkg=$1 ver=$2 tmp=$3 deb

	if ! (cd "$tmp" && aptcmd apt-get download -q "$pkg=$ver" >&2); then
		apt_update_once || true
		(cd "$tmp" && aptcmd apt-get download -q "$pkg" >&2) ||
		    die "apt-get download $pkg failed"
	fi
	deb=$(ls "$tmp"/*.deb 2>/dev/null | head -n 1)
	[[ -n $deb ]] || die "apt-get download $pkg produced no .deb"
	mkdir "$tmp/x"
	dpkg-deb -x "$deb" "$tmp/x" || die "dpkg-deb -x $deb failed"
}

# A kernel cached before its test modules were kept: add them, in place
add_test_modules() {
	local label=$1 pkg=$2 ver=$3 dir=$4 tmp

	log "$label: fetching $pkg $ver again for its test modules"
	tmp=$(mktemp -d "$CACHE/.dl.XXXXXX")
	chmod 755 "$tmp"
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	download "$pkg" "$ver" "$tmp"
	copy_test_modules "$tmp/x" "$tmp/test"
	mkdir -p "$dir/modules"
	[[ -f $dir/modules/order ]] || : > "$dir/modules/order"
	rm -rf "$dir/modules/test"
	mv "$tmp/test" "$dir/modules/test"
	rm -rf "$tmp"
	trap - EXIT
}

fetch() {
	local label=$1 pkg ver dir tmp img

	# pick fails (pipefail) when apt-cache finds nothing: not fatal yet
	pkg=$(pick "$label") || true
	if [[ -z $pkg ]]; then
		apt_update_once && pkg=$(pick "$label") || true
	fi
	[[ -n $pkg ]] || die "apt-cache finds no package for kernel $label" \
		"(Debian 12's 6.12 kernels come from bookworm-security)"
	ver=$(aptcmd apt-cache policy "$pkg" | awk '$1 == "Candidate:" { print $2 }')
	[[ -n $ver && $ver != "(none)" ]] || die "no candidate version for $pkg"

	dir=$CACHE/$label
	if [[ -s $dir/vmlinuz && -f $dir/PACKAGE &&
	    $(cat "$dir/PACKAGE") == "$pkg $ver" ]]; then
		log "$label: cached $pkg $ver"
		[[ -d $dir/modules/test ]] || add_test_modules "$label" "$pkg" "$ver" "$dir"
		echo "$label $dir/vmlinuz"
		return
	fi

	log "$label: downloading $pkg $ver"
	mkdir -p "$CACHE" || die "cannot create $CACHE"
	tmp=$(mktemp -d "$CACHE/.dl.XXXXXX")
	chmod 755 "$tmp"	# readable by apt's _apt user
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	download "$pkg" "$ver" "$tmp"
	img=$(ls "$tmp"/x/boot/vmlinuz-* 2>/dev/null | head -n 1)
	[[ -n $img ]] || die "$deb has no /boot/vmlinuz-*"
	check_config "$(ls "$tmp"/x/boot/config-* 2>/dev/null | head -n 1)" "$label"

	rm -rf "$dir.new"
	mkdir -p "$dir.new"
	cp "$img" "$dir.new/vmlinuz"
	cp "$tmp"/x/boot/config-* "$dir.new/config" 2>/dev/null || true
	if [[ $ARCH == amd64 ]]; then
		mkdir -p "$dir.new/modules"
		: > "$dir.new/modules/order"
	else
		copy_modules "$tmp/x" "$dir.new/modules"
	fi
	copy_test_modules "$tmp/x" "$dir.new/modules/test"
	echo "$pkg $ver" > "$dir.new/PACKAGE"
	rm -rf "$dir"
	mv "$dir.new" "$dir"
	rm -rf "$tmp"
	trap - EXIT
	log "$label: cached $dir/vmlinuz"
	echo "$label $dir/vmlinuz"
}

command -v apt-get >/dev/null || die "apt-get not found"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found"

if (( $# == 0 )); then
	# shellcheck disable=SC2086
	set -- ${KPROBE_VM_KERNELS:-6.1 6.12}
fi
for label; do
	fetch "$label"
done
