#!/bin/bash
# capture-fixtures.sh - record ring-buffer sub-buffers and the kernel's text
# for the same records on real kernels, for the unit tests.
#
# USAGE: tests/vm/capture-fixtures.sh OUTDIR
#
# Boots each kernel of KPROBE_VM_KERNELS (default "6.1 6.12") once with the
# guest script tests/vm/capture/capture.sh and writes OUTDIR/KERNEL/CASE/FILE
# (tests/unit/fixtures/ring/6.12/basic/cpu0.raw with OUTDIR
# tests/unit/fixtures/ring). See that script for what
# is captured.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(( $# == 1 )) || { sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2; exit 2; }
out=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/kprobe-capture.XXXXXX")
trap 'rm -rf "$work"' EXIT

make -s -C "$here/../.." kprobe
KPROBE_VM_WORKDIR=$work KPROBE_VM_SCENARIO_DIR=$here/capture \
    "$here/check.sh" "$here/../../kprobe"
read -r -a kernels <<< "${KPROBE_VM_KERNELS:-6.1 6.12}"
for k in "${kernels[@]}"; do
	log=$work/console-$k.log
	grep -q '^KPFIX-END' <(tr -d '\r' < "$log") ||
	    { echo >&2 "capture-fixtures.sh: $k: no complete capture in $log"; exit 1; }
	rm -rf "${out:?}/$k"
	tr -d '\r' < "$log" | sed -n 's/^KPFIX \([^ ]*\) \(.*\)$/\1 \2/p' |
	while read -r file b64; do
		mkdir -p "$out/$k/$(dirname "$file")"
		printf '%s\n' "$b64" >> "$out/$k/$file.b64"
	done
	find "$out/$k" -name '*.b64' | while read -r f; do
		base64 -d "$f" > "${f%.b64}"
		rm "$f"
	done
	echo "capture-fixtures.sh: $k: $(find "$out/$k" -type f | wc -l) files in $out/$k"
done
