#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The block/014 experiment: blktests block/014 alone, ROUNDS times per
# variant, the variants interleaved in each round, each run a fresh
# guest of BASE's rttrace kernel (PREEMPT_RT, lockdep, kprobe events),
# with scripts/blktests/block014-watch.sh counting calls and, at the first
# hung-task report, dumping the queues' state twice.  One row per run
# goes to results/BLOCK014.tsv; a run's dumps, counts and dd times to
# results/block014/SESSION-BASE-VARIANT-ROUND.txt.  Then
# scripts/blktests/block014-report.py rewrites results/BLOCK014.md, and
# blktests-repeat-report.py the sentence on it in results/BLKTESTS.md.
#
#   scripts/blktests/block014.sh BASE "VARIANTS" ROUNDS
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 3 ] || usage_error "usage: $PROG BASE \"VARIANTS\" ROUNDS"
base=$1 variants=$2 rounds=$3
check_base "$base"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage_error "ROUNDS must be a positive number, not '$rounds'"
[ -n "$variants" ] || usage_error "no variants"

tsv=$TOP/results/BLOCK014.tsv
dir=$TOP/results/block014
mkdir -p "$dir"
header=$'session\tbase\tkernel\tround\tvariant\thung_reports\tverdict\tdd\tdd_median_s\tdd_max_s\trun_calls\tlocked_calls\ttimeouts\tblktests\tseconds'
[ -s "$tsv" ] || printf '%s\n' "$header" >"$tsv"
[ "$(head -n 1 "$tsv")" = "$header" ] || die "$tsv: its header is not '${header//$'\t'/ }'"
session=$(date -u +%Y-%m-%dT%H:%MZ)

# The kernels first, so that a build does not sit between two runs.
for v in $variants; do
	"$TOP/scripts/kernel/build.sh" "$base" "$v" rttrace >&2
done
for r in $(seq 1 "$rounds"); do
	for v in $variants; do
		t0=$(date +%s)
		out=$(build_out "$base" "$v" rttrace)
		rc=0
		line=$(BLKTESTS_PROFILE=rttrace GUEST_PRE=$TOP/scripts/blktests/block014-watch.sh \
			"$TOP/scripts/blktests/blktests.sh" "$base" "$v" block/014) || rc=$?
		[ "$rc" -ne 77 ] || exit 77
		secs=$(($(date +%s) - t0))
		log=$out/guest.log
		keep=$dir/$session-$base-$v-$r.txt
		tr -d '\r' <"$log" | grep -E '^B014-|blocked for more than|^BLKTESTS-FULL\|.*Testing ' >"$keep" || true
		row=$("$TOP/scripts/blktests/block014-report.py" --run "$keep")
		kernel=$(cat "$out/include/config/kernel.release" 2>/dev/null || echo '?')
		status=${line##*; }
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$session" "$base" "${kernel%%-*}" "$r" "$v" "$row" \
			"${status:-none}" "$secs" >>"$tsv"
		echo "block014: $base $v round $r/$rounds: $row; ${secs}s"
	done
done
"$TOP/scripts/blktests/block014-report.py" "$tsv" "$TOP/results/BLOCK014.md"
# BLKTESTS.md's repeated-runs section says in one sentence what these
# runs found.
[ ! -s "$TOP/results/BLKTESTS-repeat.tsv" ] || "$TOP/scripts/blktests/blktests-repeat-report.py"
