#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run one libFuzzer target for SECONDS, starting from its seed corpus. New
# inputs go to a scratch directory, never into the repository. A crash
# leaves its input in tests/fuzz/crashes/ to become a regression test.
#
#   tests/fuzz/run.sh tests/fuzz/fuzz_NAME SECONDS
set -u
bin=$1
secs=$2
name=${bin##*/fuzz_}
seeds=$(dirname "$0")/corpus/$name
crashes=$(dirname "$0")/crashes
work=$(mktemp -d /tmp/kprobe-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

mkdir -p "$crashes"
LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(dirname "$0")/lsan.supp \
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$crashes/$name-" \
	"$work" "$seeds" 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Test unit' 
status=${PIPESTATUS[0]}
echo "fuzz_$name: $secs s, exit $status"
exit "$status"
