#!/bin/bash
# demo.sh - show kprobe tracing a real kernel, on any machine: boot Debian's
# Linux 6.12 in QEMU and run the README's headline one-liner against a small
# workload. Prints what kprobe prints.
#
# USAGE: tests/vm/demo.sh PATH_TO_KPROBE
#
# Environment: KPROBE_VM_CACHE (kernel cache), KPROBE_VM_DEMO_KERNEL (6.12).

set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(( $# == 1 )) || { echo >&2 "usage: $0 PATH_TO_KPROBE"; exit 2; }
tool=$1
k=${KPROBE_VM_DEMO_KERNEL:-6.12}

die() {
	echo >&2 "demo: ERROR: $*"
	exit 1
}

command -v qemu-system-x86_64 >/dev/null ||
	die "qemu-system-x86_64 not found (apt-get install qemu-system-x86)"
line=$("$here/fetch-kernels.sh" "$k") || die "cannot get the $k kernel"
vmlinuz=${line#* }
work=$(mktemp -d "${TMPDIR:-/tmp}/kprobe-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT

KPROBE_VM_SCENARIO_DIR=$here/demo "$here/mkinitramfs.sh" "$tool" "$work/initrd.gz" 2>/dev/null ||
	die "cannot build the initramfs"
echo >&2 "demo: booting Linux $k in QEMU (software emulation, about 15 s)..."
: > "$work/result"
timeout -k 10 120 qemu-system-x86_64 -accel tcg,thread=single -cpu qemu64 -smp 2 -m 1024 \
	-nographic -no-reboot -monitor none -serial "file:$work/console" \
	-serial "file:$work/result" -kernel "$vmlinuz" -initrd "$work/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet kprobe_vm_kernel=$k kprobe_vm_timeout=60" \
	</dev/null >/dev/null 2>&1
grep -q "^DONE" "$work/result" || {
	tail -20 "$work/console" >&2
	die "the VM did not finish"
}
grep -vE '^(INFO|TIME|DONE|PASS) ' "$work/result" | tr -d '\r'
grep -q '^# exit status 0$' "$work/result"
