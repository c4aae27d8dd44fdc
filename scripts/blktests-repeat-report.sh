#!/bin/bash
# Rewrite the "Repeated runs" section at the end of BLKTESTS.md from
# BLKTESTS-repeat.tsv (make blktests-repeat): every session per variant,
# then for each base its newest session run by run.  make blktests keeps
# the section.
#
#   scripts/blktests-repeat-report.sh
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || usage_error "usage: $PROG"
tsv=$TOP/BLKTESTS-repeat.tsv md=$TOP/BLKTESTS.md
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
	echo "| base | kernel | session | tests | variant | runs | runs with hung-task reports | reports | runs with a failed test | seconds, median [min-max] |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	# One row per base, session and variant, in the order of the file.
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
