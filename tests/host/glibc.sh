#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The binary calls nothing that older C libraries lack. glibc 2.28 (Debian
# 10, RHEL 8) is the oldest still in use; a symbol with a newer version is
# allowed only where that version comes from building here, not from the
# source (glibc 2.33 re-versioned stat and friends, 2.34 merged libpthread
# and libdl into libc and re-versioned __libc_start_main).
#
#   tests/host/glibc.sh KPROBE RESULTS
set -u
kprobe=$1
results=$2

newer=$(objdump -T "$kprobe" | awk '
	NF >= 2 {
		v = $(NF - 1); s = $NF
		if (v !~ /^\(?GLIBC_2\.[0-9]+/) next
		gsub(/[()]/, "", v); split(v, n, ".")
		if (n[2] + 0 <= 28) next
		if (s ~ /^(__libc_start_main|f?stat(at)?(64)?|lstat(64)?|mknod(at)?)$/) next
		if (s ~ /^(pthread_|sem_|dl)/ && n[2] == 34) next
		print s "@" v
	}' | sort -u | xargs)
if [ -z "$newer" ]; then
	echo "PASS host/glibc-2.28-symbols" | tee -a "$results"
else
	echo "FAIL host/glibc-2.28-symbols: needs newer glibc than 2.28 for: $newer" | tee -a "$results"
fi
