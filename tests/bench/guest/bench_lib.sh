# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the harness's guest benchmarks (installed beside the block
# selftests by scripts/guest.sh): the selftests' block_lib.sh, and what
# only the benchmarks use, blk_count_d_state and blk_fio_clat.

# shellcheck source=/dev/null
source "$(dirname "$(readlink -f "$0")")/block_lib.sh"

# Count the tasks in uninterruptible sleep whose name matches $1.
blk_count_d_state() {
	local n=0 stat comm

	for stat in /proc/[0-9]*/stat; do
		read -r _ comm state _ <"$stat" 2>/dev/null || continue
		[ "$state" = D ] || continue
		# shellcheck disable=SC2254 # $1 is a pattern
		case $comm in $1) n=$((n + 1)) ;; esac
	done
	echo "$n"
}

# blk_fio_clat TERSE PERCENT: completion latency percentile (usec) from a
# fio --minimal line.
blk_fio_clat() {
	tr ';' '\n' <<<"$1" | sed -n "s/^$2%=//p" | head -n 1
}
