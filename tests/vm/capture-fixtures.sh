#!/bin/bash
# capture-fixtures.sh - capture the unit tests' fixtures from real kernels.
#
# USAGE: tests/vm/capture-fixtures.sh [--out DIR] [--keep] [KIND...]
#
#   KIND        records, eprobe, hist, ring or all (the default)
#   --out DIR   write DIR/... instead of tests/unit/fixtures/... (to compare
#               a new capture with the committed one)
#   --keep      keep the work directory (initramfs, console logs)
#
# Boots each kernel of KPROBE_VM_KERNELS (default "6.1 6.12"; armhf: "6.1") of
# KPROBE_VM_ARCH (amd64 by default; armhf: the 32-bit kernel, whose fixtures
# go under the label armhf-KERNEL) once in the VM
# test bed (tests/vm/check.sh) with one scenario per KIND, NN-capture-KIND,
# all made of the guest script tests/vm/capture/capture.sh, which prints the
# files it saved on the console; then decodes them into:
#   records  tests/unit/fixtures/KERNEL/          (test_format, test_ksymtab)
#   eprobe   tests/unit/fixtures/eprobe/KERNEL/   (test_eprobe)
#   hist     tests/unit/fixtures/hist/KERNEL/     (test_histfile, test_histspec)
#   ring     tests/unit/fixtures/ring/KERNEL/CASE (test_ring, test_rawreader)
# A kind's directory is replaced only when the kernel printed all of it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
usage() {
	sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

out=$top/tests/unit/fixtures
keep=0
kinds=()
while (( $# )); do
	case $1 in
	--out)		out=${2:?}; shift 2 ;;
	--out=*)	out=${1#*=}; shift ;;
	--keep)		keep=1; shift ;;
	all)		kinds+=(records eprobe hist ring); shift ;;
	records|eprobe|hist|ring) kinds+=("$1"); shift ;;
	*)		usage ;;
	esac
done
(( ${#kinds[@]} )) || kinds=(records eprobe hist ring)
arch=${KPROBE_VM_ARCH:-amd64}
case $arch in
amd64)	default_kernels="6.1 6.12" tool=$top/kprobe ;;
arm64)	default_kernels="6.1 6.12" tool=$top/build/arm64/kprobe ;;
armhf)	default_kernels=6.1 tool=$top/build/armhf/kprobe ;;
*)	echo >&2 "capture-fixtures.sh: unknown KPROBE_VM_ARCH '$arch'"; exit 2 ;;
esac
read -r -a kernels <<< "${KPROBE_VM_KERNELS:-$default_kernels}"

# where KIND's fixtures of kernel K go (another architecture's: ARCH-K)
dest() {
	local k=$2

	[[ $arch == amd64 ]] || k=$arch-$2
	case $1 in
	records) echo "$out/$k" ;;
	*) echo "$out/$1/$k" ;;
	esac
}

work=$(mktemp -d "${TMPDIR:-/tmp}/kprobe-capture.XXXXXX")
cleanup() {
	if (( keep )); then
		echo "capture-fixtures.sh: kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
if [[ $arch == amd64 ]]; then
	make -s -C "$top" kprobe
else
	make -s -C "$top" ARCH="$arch" kprobe
fi

mkdir "$work/scen"
declare -A seen=()
n=90
for kind in "${kinds[@]}"; do
	[[ -n ${seen[$kind]:-} ]] && continue
	seen[$kind]=1
	cp "$here/capture/capture.sh" "$work/scen/$n-capture-$kind.sh"
	n=$((n + 1))
done
kinds=("${!seen[@]}")
if [[ " ${kinds[*]} " == *" records "* && $arch != amd64 ]]; then
	echo >&2 "capture-fixtures.sh: records: no uprobe offset for $arch (no uprobes captured)"
elif [[ " ${kinds[*]} " == *" records "* ]]; then
	# the workload's main as a file offset, for uprobes: mkinitramfs.sh
	# builds the same binary the same way
	gcc -O2 -Wall -static -pthread -o "$work/workload" "$here/workload.c"
	main=$(nm "$work/workload" | awk '$3 == "main" { print $1 }')
	off=
	while read -r type o v _ fsz _ flags; do
		[[ $type == LOAD && $flags == *E* ]] || continue
		(( 16#$main >= v && 16#$main < v + fsz )) &&
		    off=$(printf '0x%x' $((16#$main - v + o)))
	done < <(readelf -lW "$work/workload")
	[[ -n $off ]] || { echo >&2 "capture-fixtures.sh: cannot find main in the workload"; exit 1; }
	sed -i "s/^UPROBE_OFF=\$/UPROBE_OFF=$off/" "$work"/scen/*-capture-records.sh
fi

KPROBE_VM_WORKDIR=$work/vm KPROBE_VM_SCENARIO_DIR=$work/scen \
    "$here/check.sh" --keep "$tool" || true

status=0
for k in "${kernels[@]}"; do
	con=$work/vm/console-$k.log
	[[ -f $con ]] || { echo >&2 "capture-fixtures.sh: $k: no console log"; status=1; continue; }
	tr -d '\r' < "$con" > "$work/console-$k"
	for kind in "${kinds[@]}"; do
		d=$(dest "$kind" "$k")
		if ! grep -qx "@@FIX-END $kind" "$work/console-$k"; then
			echo >&2 "capture-fixtures.sh: $k: no complete $kind capture in $con"
			status=1
			continue
		fi
		new=$work/new/$kind-$k
		mkdir -p "$new"
		# "@@FIX KIND/PATH BASE64": the lines of one file come together
		awk -v kind="$kind" -v out="$new" '
			$1 == "@@FIX" && index($2, kind "/") == 1 {
				f = out "/" substr($2, length(kind) + 2) ".b64"
				if (!(f in seen)) {
					seen[f] = 1
					dir = f
					sub("/[^/]*$", "", dir)
					system("mkdir -p \"" dir "\"")
				}
				print $3 >> f
			}' "$work/console-$k"
		find "$new" -name '*.b64' | while read -r f; do
			base64 -d < "$f" > "${f%.b64}" ||
			    { echo >&2 "capture-fixtures.sh: $k: $f: damaged"; exit 1; }
			rm "$f"
		done || { status=1; continue; }
		rm -rf "$d"
		mkdir -p "$(dirname "$d")"
		mv "$new" "$d"
		echo "capture-fixtures.sh: $k: $kind: $(find "$d" -type f | wc -l) files in $d"
	done
done
exit $status
