#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The bash completion, driven as bash drives it (COMP_WORDS split at the
# colon, as with bash's default COMP_WORDBREAKS), against this kprobe's
# --help and a made-up available_filter_functions.
#
#   tests/host/completion.sh KPROBE RESULTS
set -u
cd "$(dirname "$0")/../.." || exit 1
kprobe=$(realpath "$1")
results=$2

pass() { echo "PASS completion/$1" | tee -a "$results"; }
fail() { echo "FAIL completion/$1: $2" | tee -a "$results"; }

tmp=$(mktemp -d /tmp/kprobe-completion.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' vfs_read vfs_readv 'vfs_write [ext4]' vfs_read do_sys_openat2 \
	>"$tmp/available_filter_functions"

. completion/kprobe
_kprobe_tracing_dirs=("$tmp")

# complete NAME LINE WANT: complete at the end of LINE, expect the words WANT
complete_line() {
	local name=$1 line=$2 want=$3 got words w
	COMP_LINE=$line
	COMP_POINT=${#line}
	# bash's split: whitespace separates words, ':' is a word of its own
	words=$(sed 's/:/ : /g' <<<"$line")
	read -ra COMP_WORDS <<<"$words"
	case $line in *[[:space:]] | *:) COMP_WORDS+=("") ;; esac
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_kprobe "$kprobe"
	got=${COMPREPLY[*]}
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "'$line<TAB>' gave '$got', expected '$want'"
	fi
}

# every option --help lists, short and long, in its order
opts=$("$kprobe" --help | grep -oE -- '^ +(-[A-Za-z], )?--[a-z-]+' | tr -d ' ' | tr ',' ' ' | xargs)
complete_line options-from-help "kprobe -" "$opts"
complete_line long-option "kprobe --dur" "--duration"
complete_line entry-function "kprobe p:vfs_r" "vfs_read vfs_readv"
complete_line return-function "kprobe -d 1 r:vfs_w" "vfs_write"
complete_line maxactive-function "kprobe r10:do_" "do_sys_openat2"
complete_line after-definition "kprobe p:vfs_read r:vfs_readv" "vfs_readv"
complete_line no-function-after-group "kprobe p:grp/vfs" ""
complete_line no-word-after-duration "kprobe -d " ""
complete_line time-kinds "kprobe -T " "mono wall epoch rel"
complete_line time-kind "kprobe --time e" "epoch"
complete_line reader-kinds "kprobe --reader " "raw text"
complete_line no-word-after-until "kprobe --until " ""
complete_line pid "kprobe -p $$" "$(ls /proc | grep -E "^$$[0-9]*\$" | sort | xargs)"
