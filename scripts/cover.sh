#!/bin/bash
# Write the cover letter of BASE's series, 0000-cover-letter.patch in OUT:
# git format-patch --cover-letter of RANGE in the editing tree DIR (its
# shortlog and diffstat, the To:/Cc: headers in RECIPIENTS, one
# format-patch option a line), with the text of
# patches/BASE/cover-letter.txt in place of the blurb.  In that text
# @BASE@ becomes the base release and its Debian package, and @BENCH@
# (below the "---") the BENCHMARKS.md rows of BASE.
#
#   scripts/cover.sh BASE DIR OUT RANGE RECIPIENTS
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

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
# The benchmark rows of this base, if there are any.
if [ -r "$TOP/BENCHMARKS.md" ] && grep -q "^| $base |" "$TOP/BENCHMARKS.md"; then
	# One group per table; the tables' own header says which kind.
	awk -v b="$base" '/^##+ / { t = $0; sub(/^#+ /, "", t) }
		/^\| base \|/ {
			kind = /\| instructions \|/ ? "count" : /\| median us \|/ ? "irqsoff" : /\| vs unpatched \|/ ? "timed" : ""
		}
		$0 ~ "^\\| " b " \\|" && kind != "" {
			n = split($0, f, "|"); for (i = 1; i <= n; i++) gsub(/^ +| +$/, "", f[i])
			if (t != lt) { print ""; print t ":"; lt = t }
			if (kind == "count")
				printf "  %-6s %-9s %4s instructions, %s serializing (%s vs ceiling)\n", f[3], f[4], f[6], f[7], f[8]
			else if (kind == "irqsoff")
				printf "  %-9s %-8s %6s us [%s], n=%s  %s\n", f[3], f[4], f[6], f[7], f[8], f[9]
			else
				printf "  %-6s %-9s %8s  unpatched %s ceiling %s v8 %s\n", f[3], f[5], f[7], f[10], f[11], f[12]
		}' "$TOP/BENCHMARKS.md" | sed 's/ *$//' >"$tmp/bench"
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
