#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rewrite the "Repeated runs" section at the end of BLKTESTS.md from
# BLKTESTS-repeat.tsv (make blktests-repeat): every session per variant,
# then for each base its newest session run by run.  make blktests keeps
# the section.
#
#   scripts/blktests/blktests-repeat-report.sh
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 0 ] || usage_error "usage: $PROG"
tsv=$TOP/results/BLKTESTS-repeat.tsv md=$TOP/results/BLKTESTS.md
[ -s "$tsv" ] || die "no $tsv: run make blktests-repeat"
marker='## Repeated runs (make blktests-repeat)'
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
	# What make blktests wrote, without trailing blank lines.
	if [ -r "$md" ]; then
		awk -v m="$marker" '$0 == m { exit } /^$/ { b++; next } { while (b) { print ""; b-- } print }' "$md"
		echo
	fi
	echo "$marker"
	echo
	echo "Written by \`make blktests-repeat\` from \`BLKTESTS-repeat.tsv\`: a"
	echo "few blktests run again and again on the PREEMPT_RT + lockdep kernel,"
	echo "the variants interleaved in each round, each run in its own guest"
	echo "(TCG, 4 vCPUs), counting the hung-task reports (\"task ... blocked"
	echo "for more than N seconds\") in its console.  Every session first,"
	echo "then the newest session per base run by run."
	echo
	echo "Every report so far came from block/014, which makes null_blk time"
	echo "out half its requests; null_blk's request timeout is 5 s (set->timeout"
	echo "in drivers/block/null_blk/main.c), not 30 s.  Whether a request is"
	echo "ever stranded there: block/014 alone, instrumented, in BLOCK014.md"
	echo "(make block014)."
	echo
	echo "| base | kernel | session | tests | variant | runs | runs with hung-task reports | reports | runs with a failed test | seconds, median [min-max] |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	# One row per base, session (oldest first) and variant; each
	# group's seconds sorted for the median.
	awk -F'\t' -v OFS='\t' 'NR > 1 { print NR, $2, $12, $1, $3, $5, $10, $8, $11 }' "$tsv" |
		sort -t$'\t' -k2,2 -k4,4 -k6,6 -k9,9n -k1,1n |
		awk -F'\t' '
			function flush() {
				if (k == "") return
				printf "| %s | %d | %d | %d | %d | %d [%d-%d] |\n", k, n, w, r, f, t[int((n + 1) / 2)], t[1], t[n]
			}
			{ key = $2 " | " $3 " | " $4 " | " $5 " | " $6 }
			key != k { flush(); k = key; n = w = r = f = 0 }
			{ n++; w += ($7 > 0); r += $7; f += ($8 != 0); t[n] = $9 }
			END { flush() }'
	echo
	echo "Pooled over the sessions of one base, kernel and test range, for each"
	echo "two variants: runs with hung-task reports, and the two-sided Fisher"
	echo "exact test of the two proportions (p: the chance of a split at least"
	echo "this uneven if both variants had the same rate)."
	echo
	echo "| base | kernel | tests | variant A | with reports | variant B | with reports | Fisher p |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	awk -F'\t' '
		# log of n choose k
		function lc(n, k,   i, r) { r = 0; for (i = 1; i <= k; i++) r += log(n - k + i) - log(i); return r }
		function fisher(a, b, c, d,   n, r1, c1, p0, x, px, sum) {
			n = a + b + c + d; r1 = a + b; c1 = a + c
			p0 = exp(lc(r1, a) + lc(n - r1, c1 - a) - lc(n, c1)); sum = 0
			for (x = (c1 > n - r1 ? c1 - (n - r1) : 0); x <= (r1 < c1 ? r1 : c1); x++) {
				px = exp(lc(r1, x) + lc(n - r1, c1 - x) - lc(n, c1))
				if (px <= p0 * (1 + 1e-7)) sum += px
			}
			return sum > 1 ? 1 : sum
		}
		NR > 1 {
			g = $2 " | " $12 " | " $3
			if (!(g in seen)) { seen[g] = 1; order[++ng] = g }
			if (!((g, $5) in n)) vs[g] = vs[g] " " $5
			n[g, $5]++; w[g, $5] += ($10 > 0)
		}
		END {
			for (i = 1; i <= ng; i++) {
				g = order[i]; k = split(substr(vs[g], 2), v, " ")
				for (x = 1; x < k; x++)
					for (y = x + 1; y <= k; y++)
						printf "| %s | %s | %d/%d | %s | %d/%d | %.2f |\n", g, v[x], w[g, v[x]], n[g, v[x]],
							v[y], w[g, v[y]], n[g, v[y]],
							fisher(w[g, v[x]], n[g, v[x]] - w[g, v[x]], w[g, v[y]], n[g, v[y]] - w[g, v[y]])
			}
		}' "$tsv"
	awk -F'\t' 'NR > 1 { last[$2] = $1 } END { for (b in last) print b "\t" last[b] }' "$tsv" | sort |
		while IFS=$'\t' read -r base session; do
			echo
			echo "### $base, session $session"
			echo
			echo "| round | variant | start (UTC) | passed | failed | not run | hung-task reports | seconds |"
			echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
			awk -F'\t' -v s="$session" -v b="$base" '$1 == s && $2 == b {
				printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $4, $5, $6, $7, $8, $9, $10, $11 }' "$tsv"
			echo
			awk -F'\t' -v s="$session" -v b="$base" '$1 == s && $2 == b { print "Tests: " $3 "."; exit }' "$tsv"
		done
} >"$tmp"
cp "$tmp" "$md"
log "wrote the repeated runs into $md"
