#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run a few blktests again and again on BASE's PREEMPT_RT + lockdep
# kernel, ROUNDS times per variant, the variants interleaved in each
# round, and count the hung-task reports ("blocked for more than N
# seconds") in each run's console.  Each variant has its own tree and
# build directory (lib.sh build_out), so the rounds do not rebuild; a
# run holds them (blktests.sh writes its results there), so make
# blktests or make check on the same variant wait for it.  One
# line per run goes to BLKTESTS-repeat.tsv, with the kernel's upstream
# version (its release up to the first '-'); the console of a
# run with a report is kept in $WORKDIR/blktests/repeat/.  Prints one
# "repeat:" line per run, then rewrites the "Repeated runs" section of
# BLKTESTS.md.  A failing test does not stop the rounds.
#
#   scripts/blktests/blktests-repeat.sh BASE "VARIANTS" ROUNDS [TEST...]
#
# TEST defaults to block/006 .. block/014, the part of the block group
# that ends in block/014, where 6.12.117's unpatched kernel logged hung
# dd tasks in both full runs of make blktests.
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 3 ] || usage_error "usage: $PROG BASE \"VARIANTS\" ROUNDS [TEST...]"
base=$1 variants=$2 rounds=$3
shift 3
check_base "$base"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage_error "ROUNDS must be a positive number, not '$rounds'"
[ -n "$variants" ] || usage_error "no variants"
tests=("$@")
[ "${#tests[@]}" -gt 0 ] || tests=(block/006 block/007 block/008 block/009 block/010 block/011 block/012 block/013 block/014)

keep=$WORKDIR/blktests/repeat
mkdir -p "$keep"
tsv=$TOP/results/BLKTESTS-repeat.tsv
header=$'session\tbase\ttests\tround\tvariant\tstart\tpassed\tfailed\tnot_run\thung_reports\tseconds\tkernel'
[ -s "$tsv" ] || printf '%s\n' "$header" >"$tsv"
[ "$(head -n 1 "$tsv")" = "$header" ] || die "$tsv: its header is not '${header//$'\t'/ }'"
session=$(date -u +%Y-%m-%dT%H:%MZ)
for r in $(seq 1 "$rounds"); do
	for v in $variants; do
		start=$(date -u +%H:%M:%S)
		t0=$(date +%s)
		out=$(build_out "$base" "$v" rt)
		rc=0
		line=$("$TOP/scripts/blktests/blktests.sh" "$base" "$v" "${tests[@]}") || rc=$?
		[ "$rc" -ne 77 ] || exit 77
		secs=$(($(date +%s) - t0))
		pass=$(result_get "$line" passed) fail=$(result_get "$line" failed) skip=$(result_get "$line" not_run)
		hung=$(tr -d '\r' <"$out/guest.log" | grep -c 'blocked for more than [0-9]* seconds' || true)
		kernel=$(cat "$out/include/config/kernel.release" 2>/dev/null || echo '?')
		[ "$hung" -eq 0 ] || cp "$out/guest.log" "$keep/$base-$v-$session-$r.guest.log"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$session" "$base" "${tests[0]}..${tests[-1]}" \
			"$r" "$v" "$start" "${pass:-?}" "${fail:-?}" "${skip:-?}" "$hung" "$secs" "${kernel%%-*}" >>"$tsv"
		echo "repeat: $base $v round $r/$rounds: ${line:-no result}; hung-task reports: $hung; ${secs}s"
	done
done
"$TOP/scripts/blktests/blktests-repeat-report.py"
awk -F'\t' -v s="$session" -v b="$base" '$1 == s && $2 == b {
		n[$5]++; with[$5] += ($10 > 0); rep[$5] += $10; failed[$5] += ($8 != 0)
	}
	END { for (v in n) printf "repeat: %s %s: %d runs, %d with hung-task reports (%d reports), %d with a failed test\n",
		b, v, n[v], with[v], rep[v], failed[v] }' "$tsv"
