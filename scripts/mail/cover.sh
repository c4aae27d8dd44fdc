#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the cover letter of BASE's series, 0000-cover-letter.patch in OUT:
# git format-patch --cover-letter of RANGE in the editing tree DIR (its
# shortlog and diffstat, the To:/Cc: headers in RECIPIENTS, one
# format-patch option a line), with the text of
# patches/BASE/cover-letter.txt in place of the blurb.  In that text
# @BASE@ becomes the base release and its Debian package, and @BENCH@
# (below the "---") the figures of BASE that BENCHMARKS.md shows, from the
# CSVs (scripts/bench/bench-report.py --summary).
#
#   scripts/mail/cover.sh BASE DIR OUT RANGE RECIPIENTS
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 5 ] || usage_error "usage: $PROG BASE DIR OUT RANGE RECIPIENTS"
base=$1 dir=$2 out=$3 range=$4 rcpt=$5
check_base "$base"
load_pin "$base"
text=$TOP/patches/$base/cover-letter.txt
[ -r "$text" ] || die "no $text"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t args <"$rcpt"
format_patch "$dir" --cover-letter --subject-prefix="$PIN_PREFIX" "${args[@]}" \
	-o "$tmp" "$range"
cover=$tmp/0000-cover-letter.patch

subject=$(head -n 1 "$text")
sed -n '3,$p' "$text" >"$tmp/body"
# The benchmark figures of this base, computed from the CSVs by
# bench-report.py the way BENCHMARKS.md shows them; one group per table.
"$TOP/scripts/bench/bench-report.py" --summary "$base" >"$tmp/summary" 2>/dev/null || : >"$tmp/summary"
if [ -s "$tmp/summary" ]; then
	awk -F'\t' '
		# A contention group (variant, phase, vCPUs) without a run-path
		# site gets one line that says so.
		function flush() {
			if (ck != "" && !ckrun)
				printf "  %-9s %-22s %2s vCPUs  no contention at a run-path site\n", cv, cp, cs
			ck = ""
		}
		$1 == "contention" && $4 "\t" $5 "\t" $6 != ck { flush(); ck = $4 "\t" $5 "\t" $6; cv = $4; cp = $5; cs = $6; ckrun = 0 }
		$1 != "contention" { flush() }
		$2 != lt { print ""; print $2 ":"; lt = $2; tg = "" }
		$1 == "count" { printf "  %-6s %-9s %4s instructions, %s serializing (%s vs ceiling)\n", $4, $5, $6, $7, $8 }
		$1 == "irqsoff" { printf "  %-9s %-8s %6s us [%s], n=%s  %s\n", $4, $5, $6, $7, $8, $9 }
		$1 == "contention" && !cn { print "  (the run path'"'"'s sites only; BENCHMARKS.md has every blk-mq site)"; cn = 1 }
		$1 == "contention" && $7 ~ /^(blk_mq_run_hw_queues?|blk_mq_hw_queue_need_run_locked)$/ {
			ckrun = 1
			printf "  %-9s %-22s %2s vCPUs  %-20s %-4s %s events%s\n", $4, $5, $6, $7, $8, $9,
				$10 == "-" ? "" : ", " $10 " per 1000 I/Os" }
		$1 == "walks" { printf "  %-9s %-22s %s vCPUs  %s walks per I/O\n", $4, $5, $6, $7 }
		$1 == "counted" { printf "  %-9s %2s vCPUs  %5s instructions, %5s serializing; %s\n", $4, $5, $8, $9, $10 }
		$1 == "timed" && $4 ", " $12 != tg { tg = $4 ", " $12; printf "  %s, %s vCPUs:\n", $4, $12 }
		$1 == "timed" { printf "    %-9s %8s  vs unpatched %s, series %s,\n%25s v8 %s, v8-fast %s\n", $5, $6, $7, $9, "", $10, $11 }
		END { flush() }' \
		"$tmp/summary" | sed 's/ *$//' >"$tmp/bench"
else
	echo "make bench has not been run for this base." >"$tmp/bench"
fi

# From and Date of the newest patch, so that the letter is reproducible.
end=${range#*..}
from=$(git -C "$dir" log -1 --format='%an <%ae>' "$end")
date=$(git -C "$dir" log -1 --format='%aD' "$end")
awk -v subj="$subject" -v base="$PIN_KERNEL (Debian $PIN_PACKAGE $PIN_VERSION)" \
	-v from="$from" -v date="$date" -v bodyf="$tmp/body" -v benchf="$tmp/bench" '
	function cat(f,   l) { while ((getline l < f) > 0) print l; close(f) }
	/^From: / && !hdr_from { print "From: " from; hdr_from = 1; next }
	/^Date: / && !hdr_date { print "Date: " date; hdr_date = 1; next }
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj); print; next }
	/\*\*\* BLURB HERE \*\*\*/ {
		while ((getline l < bodyf) > 0) {
			if (l == "@BENCH@") cat(benchf)
			else { gsub(/@BASE@/, base, l); print l }
		}
		next
	}
	{ print }' "$cover" >"$out/0000-cover-letter.patch"
