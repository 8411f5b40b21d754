#!/bin/bash
# check.sh - run the kprobe end-to-end scenarios on real Debian kernels in QEMU.
#
# USAGE: tests/vm/check.sh [--results FILE] [--only PATTERN] [--keep] PATH_TO_KPROBE
#
#   --results FILE   append one "PASS name" / "FAIL name" line per test
#   --only PATTERN   run only scenarios whose name matches the shell pattern
#                    (e.g. '1*', '*signals*'); same as KPROBE_VM_ONLY
#   --keep           keep the work directory (initramfs, logs) and print it
#
# Needs (Debian 12): qemu-system-x86 busybox-static cpio gcc libc6-dev
#   perf-tools-unstable bash, and apt/dpkg to fetch the kernels:
#   apt-get install -y qemu-system-x86 busybox-static cpio gcc libc6-dev perf-tools-unstable
#
# Environment:
#   KPROBE_VM_ARCH              the guest's architecture: amd64 (default),
#                               arm64 (qemu-system-aarch64 -M virt) or armhf
#                               (qemu-system-arm -M virt); the binary must be
#                               built for it (make ARCH=arm64: build/arm64/kprobe)
#   KPROBE_VM_KERNELS           kernels to run: "6.1 6.12" (default; armhf: 6.1)
#   KPROBE_VM_CACHE             kernel cache (default /var/cache/kprobe-vm)
#   KPROBE_VM_ONLY              scenario name pattern (default: all)
#   KPROBE_VM_TIMEOUT           hard limit for one boot, seconds (default 1200)
#   KPROBE_VM_SCENARIO_TIMEOUT  limit for one scenario in the guest (default 60)
#   KPROBE_VM_PARALLEL          1: boot the kernels at the same time (default
#                               when there are 2 or more CPUs), 0: one by one
#   KPROBE_VM_VERBOSE=1         show the guest console as it runs
#   KPROBE_VM_WORKDIR           work directory (default: a new one in /tmp)
#   KPROBE_VM_ACCEL             QEMU accelerator (default tcg,thread=single:
#                               nested KVM hangs, and multi-threaded TCG
#                               corrupts the kernel's code patching, which
#                               kprobes use: oopses and stalls)
#   KPROBE_VM_CPU               QEMU CPU model (default qemu64: -cpu max has
#                               panicked the 6.12 guest while it booted;
#                               arm64: cortex-a57, armhf: cortex-a15)
#   KPROBE_VM_SOAK=1            also run the soak scenarios (*-soak), each
#                               for KPROBE_VM_SOAK_SECS (default 900)
#   KPROBE_VM_SCENARIO_DIR      scenarios directory (default tests/vm/scenarios)
#
# Prints every PASS/FAIL line (with DETAIL lines) and a closing
# "vm: N passed, N failed" line; exits non-zero if any test failed or could
# not run.

set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
results=
only=${KPROBE_VM_ONLY:-*}
keep=0

usage() {
	sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

while (( $# )); do
	case $1 in
	--results)	results=${2:?}; shift 2 ;;
	--results=*)	results=${1#*=}; shift ;;
	--only)		only=${2:?}; shift 2 ;;
	--only=*)	only=${1#*=}; shift ;;
	--keep)		keep=1; shift ;;
	-h|--help)	usage ;;
	--)		shift; break ;;
	-*)		echo >&2 "check.sh: unknown option $1"; usage ;;
	*)		break ;;
	esac
done
(( $# == 1 )) || usage
tool=$1

# (Debian 12 has no 6.12 kernel for armhf)
default_kernels="6.1 6.12"
[[ ${KPROBE_VM_ARCH:-amd64} == armhf ]] && default_kernels=6.1
read -r -a kernels <<< "${KPROBE_VM_KERNELS:-$default_kernels}"
boot_timeout=${KPROBE_VM_TIMEOUT:-1200}
scen_dir=${KPROBE_VM_SCENARIO_DIR:-$here/scenarios}
accel=${KPROBE_VM_ACCEL:-tcg,thread=single}
arch=${KPROBE_VM_ARCH:-amd64}
# per architecture: QEMU, its machine and CPU, the console, the verdict
# channel (a second UART on x86; a virtio console on arm, whose "virt"
# machine has one UART), where fetch-kernels.sh caches the kernels
case $arch in
amd64)
	qemu=qemu-system-x86_64 machine=() cpu=${KPROBE_VM_CPU:-qemu64}
	console=ttyS0 result_dev=/dev/ttyS1 qemu_pkg=qemu-system-x86
	;;
arm64)
	qemu=qemu-system-aarch64 machine=(-M virt) cpu=${KPROBE_VM_CPU:-cortex-a57}
	console=ttyAMA0 result_dev=/dev/hvc0 qemu_pkg=qemu-system-arm
	# the emulated CPU is slower: 75-until takes some 70 s
	slow=2
	;;
armhf)
	# one vCPU: with two, Debian's armmp 6.1 hangs under TCG right after
	# probing the PL011, before /init
	qemu=qemu-system-arm machine=(-M virt) cpu=${KPROBE_VM_CPU:-cortex-a15} smp=1
	console=ttyAMA0 result_dev=/dev/hvc0 qemu_pkg=qemu-system-arm slow=2
	;;
*)
	echo >&2 "check.sh: unknown KPROBE_VM_ARCH '$arch' (amd64, arm64, armhf)"
	exit 2
	;;
esac
scen_timeout=${KPROBE_VM_SCENARIO_TIMEOUT:-$((60 * ${slow:-1}))}
kcache=${KPROBE_VM_CACHE:-/var/cache/kprobe-vm}
[[ $arch == amd64 ]] || kcache=$kcache/$arch

# label K - the kernel's name in test names: 6.1 on x86, arm64-6.1 on arm64
label() {
	if [[ $arch == amd64 ]]; then echo "$1"; else echo "$arch-$1"; fi
}
soak=0
if [[ ${KPROBE_VM_SOAK:-0} == 1 ]]; then
	soak=${KPROBE_VM_SOAK_SECS:-900}
	boot_timeout=$((boot_timeout + soak + 180))
fi
parallel=${KPROBE_VM_PARALLEL:-}
if [[ -z $parallel ]]; then
	parallel=0
	(( $(nproc 2>/dev/null || echo 1) >= 2 )) && parallel=1
fi

npass=0
nfail=0
rebooted=()
declare -A verdict=()
order=()

# record NAME PASS|FAIL - one result per test; any FAIL wins
record() {
	if [[ -z ${verdict[$1]+x} ]]; then
		order+=("$1")
		verdict[$1]=$2
	elif [[ $2 == FAIL ]]; then
		verdict[$1]=FAIL
	fi
}

# fail_all REASON - every test of every kernel fails (setup problem)
setup_fail() {
	local k=$1
	shift
	echo "FAIL $k/setup: $*"
	record "$k/setup" FAIL
}

error() {
	echo >&2
	echo >&2 "check.sh: ERROR: $*"
	echo >&2
}

finish() {
	local name
	for name in "${order[@]}"; do
		if [[ ${verdict[$name]} == PASS ]]; then
			npass=$((npass + 1))
		else
			nfail=$((nfail + 1))
		fi
		[[ -n $results ]] && echo "${verdict[$name]} $name" >> "$results"
	done
	if (( npass + nfail == 0 )); then
		error "no test ran"
		nfail=1
	fi
	if (( ${#rebooted[@]} )); then
		echo "vm: $npass passed, $nfail failed (booted twice: ${rebooted[*]}, whose first boot died before /init)"
	else
		echo "vm: $npass passed, $nfail failed"
	fi
	if (( keep || nfail )) && [[ -n ${work:-} && -d $work ]]; then
		echo "vm: logs in $work"
	elif [[ -n ${work:-} && -z ${KPROBE_VM_WORKDIR:-} ]]; then
		rm -rf "$work"
	fi
	(( nfail == 0 ))
	exit
}

[[ -n $results ]] && { : >> "$results" || { error "cannot write $results"; exit 1; }; }

# the scenarios this run expects a verdict for
expected=()
for f in "$scen_dir"/*.sh; do
	[[ -f $f ]] || continue
	name=$(basename "$f" .sh)
	[[ $name == *-soak ]] && (( !soak )) && continue
	# shellcheck disable=SC2053
	[[ $name == $only ]] && expected+=("$name")
done
if (( ${#expected[@]} == 0 )); then
	error "no scenario in $scen_dir matches '$only'"
	for k in "${kernels[@]}"; do setup_fail "$k" "no scenarios"; done
	finish
fi

if [[ ! -f $tool || ! -x $tool ]]; then
	error "kprobe binary '$tool' not found or not executable"
	for k in "${kernels[@]}"; do setup_fail "$k" "no kprobe binary $tool"; done
	finish
fi
tool=$(cd "$(dirname "$tool")" && pwd)/$(basename "$tool")

if ! command -v "$qemu" >/dev/null; then
	error "$qemu not found (apt-get install $qemu_pkg)"
	for k in "${kernels[@]}"; do setup_fail "$k" "no $qemu"; done
	finish
fi

if [[ -n ${KPROBE_VM_WORKDIR:-} ]]; then
	work=$KPROBE_VM_WORKDIR
	mkdir -p "$work" || { error "cannot create $work"; exit 1; }
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/kprobe-vm.XXXXXX")
fi

declare -A vmlinuz=()
for k in "${kernels[@]}"; do
	if line=$(KPROBE_VM_ARCH=$arch "$here/fetch-kernels.sh" "$k") && [[ -s ${line#* } ]]; then
		vmlinuz[$k]=${line#* }
	else
		error "cannot get the $k kernel (see messages above)"
		setup_fail "$k" "kernel $k not available"
	fi
done

initrd=$work/initramfs.cpio.gz
modules=
for k in "${kernels[@]}"; do
	[[ -f $kcache/$k/modules/order ]] && modules="$modules $(label "$k")=$kcache/$k/modules"
done
if ! KPROBE_VM_SCENARIO_DIR=$scen_dir KPROBE_VM_ARCH=$arch KPROBE_VM_MODULES=$modules \
    "$here/mkinitramfs.sh" "$tool" "$initrd"; then
	error "cannot build the initramfs"
	for k in "${kernels[@]}"; do setup_fail "$k" "initramfs build failed"; done
	finish
fi

# qemu_run K - one boot of kernel K: console to $work/console-K.log,
# verdicts to $work/results-K.txt; returns qemu's exit status
qemu_run() {
	local k=$1 res=$work/results-$1.txt con=$work/console-$1.log

	rm -f "$res" "$con"
	: > "$res"
	# the console (kernel messages, scenario logs) on stdio; the verdicts
	# on the second UART (x86) or a virtio console (arm) into $res
	local verdicts=(-serial "file:$res")
	[[ $arch == amd64 ]] || verdicts=(-device virtio-serial-device
	    -chardev "file,id=verdicts,path=$res" -device virtconsole,chardev=verdicts)
	timeout -k 10 "$boot_timeout" "$qemu" "${machine[@]}" \
	    -accel "$accel" -cpu "$cpu" -smp "${smp:-2}" -m 1024 \
	    -nographic -no-reboot -monitor none \
	    -serial stdio "${verdicts[@]}" \
	    -kernel "${vmlinuz[$k]}" -initrd "$initrd" \
	    -append "console=$console panic=-1 quiet oops=panic kprobe_vm_kernel=$(label "$k") kprobe_vm_timeout=$scen_timeout kprobe_vm_only=$only kprobe_vm_soak=$soak kprobe_vm_result=$result_dev" \
	    < /dev/null 2>&1 |
	    if [[ ${KPROBE_VM_VERBOSE:-0} == 1 ]]; then tee "$con"; else cat > "$con"; fi
	return "${PIPESTATUS[0]}"
}

# boot K: run the guest for kernel K; results in $work/results-K.txt. A
# guest that dies before /init says it booted (a kernel panic while it
# boots) is the test bed's fault, not a scenario's: its console is kept as
# console-K.first.log and the kernel boots once more.
boot() {
	local k=$1 res=$work/results-$1.txt con=$work/console-$1.log
	local start end rc lock

	rm -f "$work/console-$k.first.log"
	# one guest per kernel at a time on this machine: single-threaded TCG
	# takes a whole CPU, and two check runs side by side would each starve
	# the other's scenarios into their timeouts
	local tag=$k
	[[ $arch == amd64 ]] || tag=$arch-$k
	exec {lock}>"${TMPDIR:-/tmp}/kprobe-vm-$tag.lock"
	flock "$lock"
	start=$(date +%s)
	qemu_run "$k"
	rc=$?
	if ! grep -q '^INFO .*: booted in ' "$res"; then
		mv "$con" "$work/console-$k.first.log"
		qemu_run "$k"
		rc=$?
	fi
	end=$(date +%s)
	exec {lock}>&-
	echo "$rc $((end - start))" > "$work/qemu-$k.status"
}

# report K: print and record the results of kernel K
report() {
	local k=$1 res=$work/results-$1.txt con=$work/console-$1.log
	local rc secs line kind rest name done=0 s seen

	read -r rc secs < "$work/qemu-$k.status"
	if [[ -f $work/console-$k.first.log ]]; then
		echo "vm: $k: the first boot died before /init ran; booted again. Its last console lines:"
		tail -n 12 "$work/console-$k.first.log" | sed 's/^/  | /'
		rebooted+=("$k")
		keep=1
	fi
	declare -A got=()
	while IFS= read -r line; do
		line=${line%$'\r'}
		kind=${line%% *}
		rest=${line#* }
		case $kind in
		PASS|FAIL)
			name=${rest%%: *}
			echo "$line"
			record "$name" "$kind"
			name=${name#"$(label "$k")"/}
			got[${name%%/*}]=1
			;;
		DETAIL)
			echo "  $line"
			;;
		INFO)
			echo "vm: $rest"
			;;
		DONE)
			done=1
			;;
		esac
	done < "$res"
	for s in "${expected[@]}"; do
		[[ -n ${got[$s]+x} ]] && continue
		echo "FAIL $(label "$k")/$s: no result (the guest crashed, hung or timed out first)"
		record "$(label "$k")/$s" FAIL
	done
	if (( !done )); then
		if (( rc == 124 || rc == 137 )); then
			seen="killed after ${boot_timeout}s"
		else
			seen="qemu exit status $rc"
		fi
		echo "FAIL $(label "$k")/boot: the guest did not finish ($seen); last console lines:"
		tail -n 25 "$con" | sed 's/^/  | /'
		record "$(label "$k")/boot" FAIL
	fi
	echo "vm: $k: qemu ran ${secs}s"
}

booted=()
for k in "${kernels[@]}"; do
	[[ -n ${vmlinuz[$k]:-} ]] || continue
	booted+=("$k")
done

if [[ $parallel == 1 ]]; then
	for k in "${booted[@]}"; do
		echo "vm: booting $k (${vmlinuz[$k]})"
		boot "$k" &
	done
	wait
	for k in "${booted[@]}"; do report "$k"; done
else
	for k in "${booted[@]}"; do
		echo "vm: booting $k (${vmlinuz[$k]})"
		boot "$k"
		report "$k"
	done
fi

finish
