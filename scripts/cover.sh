#!/bin/bash
# Write the cover letter of BASE's series, 0000-cover-letter.patch in OUT,
# from git format-patch --cover-letter of the editing tree DIR, the text
# in patches/cover-letter.txt, the BENCHMARKS.md rows of BASE and the
# recipients from the base tree's scripts/get_maintainer.pl.
#
#   scripts/cover.sh BASE DIR OUT
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 3 ] || usage_error "usage: $PROG BASE DIR OUT"
base=$1 dir=$2 out=$3
check_base "$base"
load_pin "$base"
text=$TOP/patches/cover-letter.txt
[ -r "$text" ] || die "no $text"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

git_fixed -C "$dir" -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
	-c diff.renames=true -c format.signature= -c format.from=false \
	format-patch -q --zero-commit --no-signature --cover-letter -o "$tmp" base..HEAD
cover=$tmp/0000-cover-letter.patch

subject=$(head -n 1 "$text")
sed -n '3,$p' "$text" >"$tmp/body"
# The benchmark rows of this base, if there are any.
if [ -r "$TOP/BENCHMARKS.md" ] && grep -q "^| $base |" "$TOP/BENCHMARKS.md"; then
	{
		echo "make bench (medians, then per-round ratios against unpatched and"
		echo "against ceiling as median [min-max]; see BENCHMARKS.md in the"
		echo "harness for the machine and job parameters):"
		# One group per table and session (column 12).
		awk -v b="$base" '/^## /{ t = substr($0, 4) }
			$0 ~ "^\\| " b " \\|" {
				n = split($0, f, "|"); for (i = 1; i <= n; i++) gsub(/^ +| +$/, "", f[i])
				if (t != lt) { print ""; print t; lt = t; ls = "" }
				if (f[12] != ls) { print " session " f[12] ":"; ls = f[12] }
				printf "  %-6s %s vCPUs %-9s %9s  n=%-2s %-22s %s\n", f[3], f[4], f[5], f[7], f[9], f[10], f[11] }' \
			"$TOP/BENCHMARKS.md" | sed 's/ *$//'
	} >"$tmp/bench"
else
	echo "make bench has not been run for this base." >"$tmp/bench"
fi
patches=()
for p in "$tmp"/0*.patch; do
	[ "$p" = "$cover" ] || patches+=("$p")
done
(cd "$(src_dir "$base")" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
	--no-rolestats --nofixes "${patches[@]}") >"$tmp/rcpt.gm"
# git send-email adds the patches' Cc: trailers; list them too (stable@
# gets the fix only, not the cover letter).
sed -n 's/^Cc: //p' "${patches[@]}" | grep -v 'stable@vger.kernel.org' |
	cat "$tmp/rcpt.gm" - | awk '!seen[$0]++' | sed 's/^/  /' >"$tmp/rcpt"

# From and Date of the newest patch, so that the letter is reproducible.
from=$(git -C "$dir" log -1 --format='%an <%ae>')
date=$(git -C "$dir" log -1 --format='%aD')
awk -v subj="$subject" -v base="$PIN_PACKAGE $PIN_VERSION (Debian)" \
	-v from="$from" -v date="$date" \
	-v bodyf="$tmp/body" -v benchf="$tmp/bench" -v rcptf="$tmp/rcpt" '
	function cat(f,   l) { while ((getline l < f) > 0) print l; close(f) }
	/^From: / && !hdr_from { print "From: " from; hdr_from = 1; next }
	/^Date: / && !hdr_date { print "Date: " date; hdr_date = 1; next }
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj); print; next }
	/\*\*\* BLURB HERE \*\*\*/ {
		while ((getline l < bodyf) > 0) {
			if (l == "@BENCH@") cat(benchf)
			else if (l == "@RECIPIENTS@") cat(rcptf)
			else { gsub(/@BASE@/, base, l); print l }
		}
		next
	}
	{ print }' "$cover" >"$out/0000-cover-letter.patch"
