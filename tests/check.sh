#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Everything "make check" runs: the cmocka unit tests, the checks on this
# machine's own kernel, and the end-to-end scenarios against real kprobes
# on Linux 6.1 and 6.12 in QEMU. Ends with one line: "N passed, N failed".
#
#   tests/check.sh [--unit-only]
set -u
cd "$(dirname "$0")/.." || exit 1

results=$(mktemp /tmp/kprobe-results.XXXXXX)
trap 'rm -f "$results"' EXIT

unit() {
	local t out rc name
	for t in tests/unit/test_*; do
		case "$t" in *.c) continue ;; esac
		[ -x "$t" ] || continue
		name=${t##*/}
		out=$("$t" 2>&1)
		rc=$?
		printf '%s\n' "$out" | grep -E '^\[ *(OK|FAILED|ERROR|SKIPPED) *\]|^\[  (PASSED|FAILED)  \]' \
			| grep -v 'test(s)' | sed "s|^|$name: |"
		printf '%s\n' "$out" | sed -n "s/^\[       OK \] \(.*\)/PASS unit\/$name\/\1/p" >>"$results"
		printf '%s\n' "$out" | grep -v 'test(s)' |
			sed -n "s/^\[  FAILED  \] \(.*\)/FAIL unit\/$name\/\1/p" | sort -u >>"$results"
		if [ $rc -ne 0 ] && ! grep -q "^FAIL unit/$name/" "$results"; then
			echo "FAIL unit/$name (exit $rc)" | tee -a "$results"
			printf '%s\n' "$out" | tail -20
		fi
	done
}

echo "== unit tests"
unit
if [ "${1:-}" != "--unit-only" ]; then
	echo "== this machine's kernel ($(uname -r))"
	tests/host/check.sh ./kprobe "$results"
	echo "== real kprobes in QEMU"
	tests/vm/check.sh ./kprobe --results "$results"
	[ $? -eq 0 ] || grep -q '^FAIL' "$results" || echo "FAIL vm (check.sh failed)" >>"$results"
fi

passed=$(grep -c '^PASS' "$results")
failed=$(grep -c '^FAIL' "$results")
if [ "$failed" -gt 0 ]; then
	echo "failures:"
	grep '^FAIL' "$results" | sed 's/^/  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
