#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Say from a built kernel image whether it carries the fix: the machine
# code of blk_mq_run_hw_queue() must call a raw spinlock function and no
# sleeping (PREEMPT_RT) spinlock, and blk_mq_unquiesce_queue() must call a
# raw spinlock function.  Unpatched PREEMPT_RT kernels take q->queue_lock,
# an rt_mutex, in blk_mq_run_hw_queue() (6bda857bcbb8).  The image is
# unpacked with the tree's scripts/extract-vmlinux; the call targets are
# named from System.map.
#
#   scripts/boot/fixed.sh BZIMAGE SYSTEM_MAP KERNEL_TREE
#
# Prints one "fixed:" line; exits 1 when the fix is not there.
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 3 ] || usage_error "usage: $PROG BZIMAGE SYSTEM_MAP KERNEL_TREE"
image=$1 map=$2 tree=$3
[ -r "$image" ] || usage_error "no kernel image '$image'"
[ -r "$map" ] || usage_error "no System.map '$map'"
# Elsewhere q->queue_lock is a raw lock anyway.
grep -q ' rt_spin_lock$' "$map" || die "$image is not a PREEMPT_RT kernel: the check does not apply"
[ -x "$tree/scripts/extract-vmlinux" ] || usage_error "'$tree' has no scripts/extract-vmlinux"
command -v objdump >/dev/null || die "objdump not found (apt-get install binutils)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$tree/scripts/extract-vmlinux" "$image" >"$tmp/vmlinux" 2>/dev/null || die "cannot unpack $image"

# direct FUNCTION: "TYPE NAME" of each function FUNCTION's code (and its
# .cold part) calls or tail-calls.
direct() {
	local s e
	# A range ends at the next symbol with a higher address.
	awk -v f="$1" '
		{ a = tolower($1) }
		want != "" && a > want { print want, a; want = "" }
		$3 == f || $3 == f ".cold" { want = a }
	' "$map" >"$tmp/ranges"
	[ -s "$tmp/ranges" ] || die "$1 is not in $map"
	while read -r s e; do
		objdump -d --no-show-raw-insn --start-address="0x$s" --stop-address="0x$e" "$tmp/vmlinux"
	done <"$tmp/ranges" | sed -En 's/.*\t(call|jmp) *0x([0-9a-f]+).*/\2/p' | sort -u >"$tmp/targets"
	awk 'NR == FNR { t[$1] = 1; next } tolower($1) in t { print $2, $3 }' "$tmp/targets" "$map" | sort -u
}

# calls FUNCTION: the names of the functions FUNCTION calls, and those
# its static (file-local) callees call: the fix's locked re-check is an
# out-of-line static function.
calls() {
	local t n
	direct "$1" | while read -r t n; do
		echo "$n"
		case $t in
		t) [ "$n" = "$1" ] || [ "$n" = "$1.cold" ] || direct "$n" | cut -d' ' -f2 ;;
		esac
	done | sort -u
}

run=$(calls blk_mq_run_hw_queue)
unq=$(calls blk_mq_unquiesce_queue)
raw='^_raw_spin_lock(_irqsave|_irq)?$'
sleeping='^rt_spin_lock$'
if grep -Eq "$sleeping" <<<"$run"; then
	echo "fixed: no: blk_mq_run_hw_queue() calls $(grep -E "$sleeping" <<<"$run" | head -n 1) (a sleeping lock on PREEMPT_RT)"
	exit 1
fi
if ! grep -Eq "$raw" <<<"$run" || ! grep -Eq "$raw" <<<"$unq"; then
	echo "fixed: no: blk_mq_run_hw_queue() and blk_mq_unquiesce_queue() do not both take a raw spinlock"
	exit 1
fi
echo "fixed: yes: blk_mq_run_hw_queue() takes a raw spinlock ($(grep -E "$raw" <<<"$run" | paste -sd,)) and no sleeping lock; blk_mq_unquiesce_queue() takes $(grep -E "$raw" <<<"$unq" | paste -sd,)"
