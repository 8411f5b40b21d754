#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs test suites and ends with one line for all of them together:
# "N passed, N failed". Exits non-zero on any failure, or if nothing ran.
#
#   tests/check.sh SUITE...
#
#   unit           cmocka unit tests (tests/unit/test_*; those of a cross build
#                  in $KPROBE_UNIT_ROOT, run by $KPROBE_UNIT_RUN: make check-unit ARCH=arm64)
#   unit-asan      the same built with -fsanitize=address,undefined (build/asan/)
#   unit-valgrind  the unit tests under valgrind --leak-check=full
#   host           checks on this machine's kernel, which may lack kprobes; the
#                  glibc symbols; definitions the tool refuses itself; the bash completion; scripts/deps.sh's choice of
#                  packages
#   deb            the Debian package: build, contents, dependencies, lintian
#   deb-arm64      the same for a cross build (deb-armhf too), installed and run
#                  by dpkg in the architecture's VM
#   vm             end-to-end scenarios on real kprobes, Linux 6.1 and 6.12 in QEMU
#   vm-arm64       the scenarios with build/arm64/kprobe on Debian's arm64 6.1 and
#                  6.12 in qemu-system-aarch64 (vm-armhf: build/armhf/kprobe)
#   vm-asan        the scenarios once more with build/asan/kprobe (Linux 6.12): any
#                  AddressSanitizer, LeakSanitizer or UBSan report fails
#   lint           clang-format, cppcheck and clang-tidy, no findings allowed
#   fuzz           each libFuzzer target for FUZZ_SECONDS (default 60)
set -u
cd "$(dirname "$0")/.." || exit 1

results=$(mktemp /tmp/kprobe-results.XXXXXX)
trap 'rm -f "$results"' EXIT

# unit LABEL DIR [WRAPPER...]: run every cmocka binary in DIR
unit() {
	local label=$1 dir=$2 t out rc name
	shift 2
	for t in "$dir"/test_*; do
		case "$t" in *.c) continue ;; esac
		[ -x "$t" ] || continue
		name=${t##*/}
		out=$("$@" "$t" 2>&1)
		rc=$?
		printf '%s\n' "$out" | grep -E '^\[ *(OK|FAILED|ERROR|SKIPPED) *\]' |
			grep -v 'test(s)' | sed "s|^|$label/$name: |"
		printf '%s\n' "$out" |
			sed -n "s/^\[       OK \] \(.*\)/PASS $label\/$name\/\1/p" >>"$results"
		printf '%s\n' "$out" | grep -v 'test(s)' |
			sed -n "s/^\[  FAILED  \] \(.*\)/FAIL $label\/$name\/\1/p" | sort -u >>"$results"
		if [ $rc -ne 0 ] && ! grep -q "^FAIL $label/$name/" "$results"; then
			echo "FAIL $label/$name (exit $rc)" | tee -a "$results"
			printf '%s\n' "$out" | grep -vE '^\[' | tail -30
		fi
	done
	ls "$dir"/test_* >/dev/null 2>&1 || echo "FAIL $label: no unit tests in $dir" | tee -a "$results"
}

# record NAME CMD...: one test that passes if CMD exits 0
record() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "PASS $name" | tee -a "$results"
	else
		echo "FAIL $name" | tee -a "$results"
		printf '%s\n' "$out" | tail -40 | sed 's/^/    /'
	fi
}

for suite in "$@"; do
	echo "== $suite"
	case $suite in
	unit)
		if [ -n "${KPROBE_UNIT_ROOT:-}" ]; then
			# a cross build's tests in KPROBE_UNIT_ROOT (build/ARCH/,
			# fixtures linked in), each run by KPROBE_UNIT_RUN (qemu-user)
			# shellcheck disable=SC2086
			(cd "$KPROBE_UNIT_ROOT" &&
				unit "unit-$(basename "$KPROBE_UNIT_ROOT")" tests/unit $KPROBE_UNIT_RUN)
		else
			unit unit tests/unit
		fi ;;
	unit-asan)
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
			unit unit-asan build/asan ;;
	unit-valgrind)
		unit unit-valgrind tests/unit valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect --error-exitcode=1 --trace-children=no ;;
	host)
		tests/host/check.sh ./kprobe "$results"
		tests/host/glibc.sh ./kprobe "$results"
		tests/host/syntax.sh ./kprobe "$results"
		tests/host/completion.sh ./kprobe "$results"
		tests/host/deps.sh "$results" ;;
	deb)
		tests/host/deb.sh "$results" ;;
	deb-arm64 | deb-armhf)
		tests/host/deb.sh "$results" "${suite#deb-}" ;;
	vm)
		tests/vm/check.sh --results "$results" ./kprobe ||
			grep -q '^FAIL' "$results" || echo "FAIL vm (check.sh failed)" | tee -a "$results" ;;
	vm-arm64 | vm-armhf)
		KPROBE_VM_ARCH=${suite#vm-} tests/vm/check.sh --results "$results" "build/${suite#vm-}/kprobe" ||
			grep -q '^FAIL' "$results" || echo "FAIL $suite (check.sh failed)" | tee -a "$results" ;;
	vm-asan)
		# the ASan build runs some three times slower: a scenario that
		# starts the tool dozens of times needs more than the usual 60 s
		KPROBE_VM_KERNELS=${KPROBE_VM_ASAN_KERNELS:-6.12} \
		KPROBE_VM_SCENARIO_TIMEOUT=${KPROBE_VM_SCENARIO_TIMEOUT:-180} \
			tests/vm/check.sh --results "$results" build/asan/kprobe ||
			grep -q '^FAIL' "$results" || echo "FAIL vm-asan (check.sh failed)" | tee -a "$results" ;;
	lint)
		record lint/clang-format clang-format --dry-run --Werror src/*.c include/*.h \
			tests/unit/*.c tests/fuzz/*.c
		record lint/cppcheck cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
			--inline-suppr --std=c11 -Iinclude -D_GNU_SOURCE --suppress=missingIncludeSystem \
			src/ tests/fuzz/
		# one file per run: clang-tidy 14's va_list check carries state from
		# one file to the next and then reports va_lists that are initialised
		record lint/clang-tidy sh -c 'rc=0; for f in src/*.c; do
			clang-tidy --quiet "$f" -- -std=gnu11 -Iinclude -D_GNU_SOURCE \
				$(pkg-config --cflags libtracefs libtraceevent) || rc=1; done; exit $rc' ;;
	fuzz)
		for f in tests/fuzz/fuzz_*; do
			case "$f" in *.c) continue ;; esac
			record "fuzz/${f##*/}" tests/fuzz/run.sh "$f" "${FUZZ_SECONDS:-60}"
		done ;;
	*)
		echo "FAIL unknown suite '$suite'" | tee -a "$results" ;;
	esac
done

passed=$(grep -c '^PASS' "$results")
failed=$(grep -c '^FAIL' "$results")
if [ "$failed" -gt 0 ]; then
	echo "failures:"
	grep '^FAIL' "$results" | sed 's/^/  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
