#!/bin/bash
# bench.sh - measure kprobe against perf-tools' kprobe (kprobe-perf),
# trace-cmd and a plain cat of trace_pipe, all in one boot of a real
# kernel in QEMU, and print a table.
#
# USAGE: tests/vm/bench.sh PATH_TO_KPROBE     (make bench)
#
# Environment:
#   BENCH_ARCH     the guest's architecture: amd64 (default) or arm64
#                  (make bench ARCH=arm64: build/arm64/kprobe, the trace-cmd
#                  of the sysroot scripts/sysroot.sh makes)
#   BENCH_KERNEL   kernel to boot (default 6.12)
#   BENCH_OPENS    open() calls per workload generator (default 50000)
#   BENCH_GENS     generators run at once, one run each, for a rising rate
#                  (default "1 2 3 4")
# The guest side is tests/vm/bench/bench.sh; tests/vm/README.md has the
# rest of the VM test bed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(( $# == 1 )) || { sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2; exit 2; }
tool=$1
kernel=${BENCH_KERNEL:-6.12}
opens=${BENCH_OPENS:-50000}
gens=${BENCH_GENS:-1 2 3 4}
arch=${BENCH_ARCH:-amd64}
# the header's name of the architecture (none on x86)
arch_name=
case $arch in
amd64)
	trace_cmd=$(command -v trace-cmd) ||
	    { echo >&2 "bench.sh: trace-cmd not found (apt-get install trace-cmd)"; exit 1; }
	;;
arm64)
	arch_name=" arm64"
	# the guest's trace-cmd is the sysroot's, at its path there
	sysroot=$("$here/../../scripts/sysroot.sh" arm64) ||
	    { echo >&2 "bench.sh: no arm64 sysroot (scripts/sysroot.sh arm64)"; exit 1; }
	trace_cmd=/usr/bin/trace-cmd
	if [[ ! -x $sysroot$trace_cmd ]]; then
		echo >&2 "bench.sh: no trace-cmd in $sysroot (trace-cmd:arm64): no trace-cmd row"
		trace_cmd=
	fi
	;;
*)
	echo >&2 "bench.sh: unknown BENCH_ARCH '$arch' (amd64, arm64)"
	exit 2
	;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/kprobe-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/scen"
{
	echo "#!/bin/sh"
	echo "BENCH_OPENS=$opens"
	echo "BENCH_GENS='$gens'"
	tail -n +2 "$here/bench/bench.sh"
} > "$work/scen/bench.sh"

KPROBE_VM_ARCH=$arch KPROBE_VM_KERNELS=$kernel KPROBE_VM_SCENARIO_DIR=$work/scen \
    KPROBE_VM_WORKDIR=$work/vm KPROBE_VM_EXTRA_BINS=$trace_cmd \
    KPROBE_VM_SCENARIO_TIMEOUT=3000 KPROBE_VM_TIMEOUT=3600 \
    "$here/check.sh" "$tool" >&2 || true
log=$work/vm/console-$kernel.log
tr -d '\r' < "$log" | grep '^BENCH ' > "$work/bench.txt" || true
# what a tool said when it delivered nothing
tr -d '\r' < "$log" | grep '^BENCH-DETAIL ' >&2 || true
grep -q '^BENCH done' "$work/bench.txt" ||
    { echo >&2 "bench.sh: the benchmark did not finish; console log:"; tail -40 "$log" >&2; exit 1; }

awk -v kernel="$kernel" -v arch="$arch_name" -v opens="$opens" -v tc=${trace_cmd:+1} '
	$2 == "start" { start[$3] = $4 }
	$2 == "rate" { rate[$3] = $4 }
	$2 == "run" { key = $3 SUBSEP $4; got[key] = $5; lost[key] = $6; cpu[key] = $7; rss[key] = $8
		tcpu[key] = $9
		if (!($3 in seen)) { seen[$3] = 1; order[++n] = $3 } }
	$2 == "wtime" { wt[$3 SUBSEP $4] = $5 }
	END {
		printf "Linux %s%s in QEMU (TCG, 2 vCPUs), one boot\n\n", kernel, arch
		printf "Start to exit of -d 0 (median of 3):\n"
		printf "  %-22s %6d ms\n", "kprobe-perf", start["kprobe-perf"]
		printf "  %-22s %6d ms\n", "kprobe", start["kprobe"]
		printf "  %-22s %6d ms\n\n", "kprobe -F", start["kprobe-F"]
		printf "Generators x opens, open rate; per tool: events delivered, lost (%%), CPU per event, peak RSS\n"
		split("kprobe-perf trace-cmd kprobe-text kprobe cat-trace_pipe kprobe--by-comm kprobe--latency", tools, " ")
		name["kprobe-perf"] = "kprobe-perf"; name["trace-cmd"] = "trace-cmd stream"
		name["kprobe-text"] = "kprobe --reader text"; name["kprobe"] = "kprobe (raw)"
		name["cat-trace_pipe"] = "cat trace_pipe"; name["kprobe--by-comm"] = "kprobe --by comm"
		name["kprobe--latency"] = "kprobe --latency"
		for (i = 1; i <= n; i++) {
			g = order[i]
			printf "\n%d x %d opens, %d opens/s\n", g, opens, rate[g]
			for (t = 1; t <= 7; t++) {
				key = g SUBSEP tools[t]
				if (!(key in got)) continue
				pct = 100 * lost[key] / (g * opens)
				printf "  %-22s %8d %s %8d lost (%5.1f%%)", name[tools[t]], got[key],
				    tools[t] ~ /^kprobe--/ ? "counted  " : "delivered", lost[key], pct
				if (cpu[key] != "-") printf "  %6.1f us/event", cpu[key] / 1000
				if (rss[key] != "-" && rss[key] != "") printf "  %6d KB RSS", rss[key]
				printf "\n"
			}
		}
		if (!tc) printf "\n(no trace-cmd stream row: no trace-cmd for this architecture)\n"
		printf "\nCounted in the kernel against the stream counted with awk: the count against\n"
		printf "the true number of opens, and the CPU time of each tool during the run\n"
		split("kprobe--by-comm kprobe-perf kprobe", ctools, " ")
		cname["kprobe--by-comm"] = "kprobe --by comm"; cname["kprobe-perf"] = "kprobe-perf | awk"
		cname["kprobe"] = "kprobe | awk"
		for (i = 1; i <= n; i++) {
			g = order[i]
			printf "\n%d x %d opens (%d true)\n", g, opens, g * opens
			for (t = 1; t <= 3; t++) {
				key = g SUBSEP ctools[t]
				if (!(key in got)) continue
				printf "  %-20s %8d counted, %s", cname[ctools[t]], got[key],
				    lost[key] == 0 ? "exact      " : sprintf("%6d short", lost[key])
				if (tcpu[key] != "" && tcpu[key] != "-")
					printf "  %8.1f ms CPU", tcpu[key] / 1e6
				printf "\n"
			}
			printf "  workload time: untraced %s ms, --latency %s ms, entry and return streamed %s ms, --by comm %s ms\n",
			    wt[g SUBSEP "untraced"], wt[g SUBSEP "kprobe--latency"], wt[g SUBSEP "kprobe-both"],
			    wt[g SUBSEP "kprobe--by-comm"]
		}
	}' "$work/bench.txt"
