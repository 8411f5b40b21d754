# SPDX-License-Identifier: GPL-2.0-only
#
# What the uprobe host tests share, sourced first:
#
#   . "$(dirname "$0")/lib.sh" NAME "$@"
#
# with the test's own arguments KPROBE RESULTS. Sets kprobe (absolute),
# results, T (tracefs), target (the suite's program, absolute), probe (a
# uprobe on its kpt_add with the first argument), tmp (a scratch directory
# /tmp/kprobe-NAME.*, removed on exit unless the test's own EXIT trap takes
# over) and fail_lines (how much of each file fail shows), and defines
# pass and fail, which print and record one result.
# shellcheck shell=bash disable=SC2034
kprobe=$(realpath "$2")
results=$3
T=/sys/kernel/tracing
target=$(realpath tests/host/uprobe_target)
probe="p:$target:kpt_add a=%di:s32"
tmp=$(mktemp -d "/tmp/kprobe-$1.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail_lines=10

# pass TEST
pass() { echo "PASS host/$1" | tee -a "$results"; }

# fail TEST WHY [FILE...]: each FILE's first fail_lines lines follow
fail() {
	echo "FAIL host/$1: $2" | tee -a "$results"
	shift 2
	local f
	for f in "$@"; do
		[ -s "$f" ] && sed "s|^|    ${f##*/}: |" "$f" | head -"$fail_lines"
	done
}
