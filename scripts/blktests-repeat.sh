#!/bin/bash
# Run a few blktests again and again on BASE's PREEMPT_RT + lockdep
# kernel, ROUNDS times per variant, the variants interleaved in each
# round, and count the hung-task reports ("blocked for more than N
# seconds") in each run's console.  One line per run goes to
# $WORKDIR/blktests/repeat/BASE.tsv (start, round, variant, passed,
# failed, not run, hung-task reports, seconds); the console of a run with
# a report is kept beside it.  Prints one "repeat:" line per run and a
# summary per variant.  A failing test does not stop the rounds.
#
#   scripts/blktests-repeat.sh BASE "VARIANTS" ROUNDS [TEST...]
#
# TEST defaults to block/006 .. block/014, the part of the block group
# that ends in block/014, where 6.12.117's unpatched kernel logged hung
# dd tasks in both full runs of make blktests (BLKTESTS.md).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || usage_error "usage: $PROG BASE \"VARIANTS\" ROUNDS [TEST...]"
base=$1 variants=$2 rounds=$3
shift 3
check_base "$base"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage_error "ROUNDS must be a positive number, not '$rounds'"
[ -n "$variants" ] || usage_error "no variants"
tests=("$@")
[ "${#tests[@]}" -gt 0 ] || tests=(block/006 block/007 block/008 block/009 block/010 block/011 block/012 block/013 block/014)

dir=$WORKDIR/blktests/repeat
mkdir -p "$dir"
tsv=$dir/$base.tsv
[ -s "$tsv" ] || printf 'start\tround\tvariant\tpassed\tfailed\tnot_run\thung_reports\tseconds\n' >"$tsv"
out=$(build_out "$base" rt)
for r in $(seq 1 "$rounds"); do
	for v in $variants; do
		start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
		t0=$(date +%s)
		rc=0
		line=$("$TOP/scripts/blktests.sh" "$base" "$v" "${tests[@]}") || rc=$?
		[ "$rc" -ne 77 ] || exit 77
		secs=$(($(date +%s) - t0))
		read -r pass fail skip < <(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) not run;.*/\1 \2 \3/p' <<<"$line")
		hung=$(tr -d '\r' <"$out/guest.log" | grep -c 'blocked for more than [0-9]* seconds' || true)
		[ "$hung" -eq 0 ] || cp "$out/guest.log" "$dir/$base-$v-$start.guest.log"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$start" "$r" "$v" "${pass:-?}" "${fail:-?}" "${skip:-?}" "$hung" "$secs" >>"$tsv"
		echo "repeat: $base $v round $r/$rounds: ${line:-no result}; hung-task reports: $hung; ${secs}s"
	done
done
for v in $variants; do
	# This invocation's runs of the variant: its last ROUNDS lines.
	awk -F'\t' -v v="$v" '$3 == v { print $7, $5 }' "$tsv" | tail -n "$rounds" |
		awk -v v="$v" -v n="$rounds" '
			{ with += ($1 > 0); reports += $1; failed += ($2 != 0) }
			END { printf "repeat: %s: %d runs, %d with hung-task reports (%d reports), %d with a failed test\n",
				v, n, with, reports, failed }'
done
