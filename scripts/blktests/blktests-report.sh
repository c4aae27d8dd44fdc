#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write BLKTESTS.md's per-base sections (make blktests) from the copies
# of each run's results in $WORKDIR/blktests/table.  A base that has no
# run there keeps its section of the BLKTESTS.md in the repository, so
# running one base, or a new work directory, loses no other base's
# results.  The "Repeated runs" section is blktests-repeat-report.py's.
#
#   scripts/blktests/blktests-report.sh
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 0 ] || usage_error "usage: $PROG"
table=$WORKDIR/blktests/table md=$TOP/results/BLKTESTS.md
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# old_section BASE: BASE's section of the current BLKTESTS.md, from its
# "## BASE" line up to the next "## " heading, without trailing blank
# lines.
old_section() {
	[ -r "$md" ] || return 0
	awk -v h="## $1" '
		$0 == h { on = 1; print; next }
		on && /^## / { exit }
		on && /^$/ { b++; next }
		on { while (b) { print ""; b-- } print }' "$md"
}

# new_section BASE: BASE's section from the table.
new_section() {
	local base=$1 u s t a b flag v
	echo "## $base"
	echo
	cat "$table/$base.summary"
	echo
	echo "| test | unpatched | series |"
	echo "| --- | --- | --- |"
	u=$table/$base-unpatched.tsv s=$table/$base-series.tsv
	touch "$u" "$s"
	cut -f1 "$u" "$s" | sort -u | while read -r t; do
		a=$(awk -F'\t' -v t="$t" '$1 == t { print $2 ($2 == "not run" ? ": " $3 : "") }' "$u")
		b=$(awk -F'\t' -v t="$t" '$1 == t { print $2 ($2 == "not run" ? ": " $3 : "") }' "$s")
		flag=
		[ "$a" = passed ] && [ "${b%%:*}" = failed ] && flag=" **REGRESSION**"
		echo "| $t | ${a:-(not in this run)} | ${b:-(not in this run)}$flag |"
	done
	for v in unpatched series; do
		[ -s "$table/$base-$v.splats" ] || continue
		echo
		echo "Kernel log, $v (console: \$WORKDIR/blktests/table/$base-$v.guest.log):"
		echo
		sed 's/^/    /' "$table/$base-$v.splats"
	done
}

{
	echo "# blktests, unpatched and with the series"
	echo
	echo "Written by \`make blktests\`: blktests" \
		"$(sed -n 's/^commit: //p' "${BLKTESTS:-$TOP/../shared/blktests}/PIN" 2>/dev/null | cut -c1-12)"
	echo "with \`patches/blktests/\`, in the QEMU guest (TCG, 4 vCPUs) on the"
	echo "x86_64 PREEMPT_RT + lockdep kernel of each base, TIMEOUT=${BLKTESTS_TIMEOUT:-10}."
	echo "Tests that need a real disk (TEST_DEVS) are not run by design."
	for base in $KNOWN_BASES; do
		if [ -r "$table/$base.summary" ]; then
			new_section "$base" >"$tmp"
		else
			old_section "$base" >"$tmp"
		fi
		[ -s "$tmp" ] || continue
		echo
		cat "$tmp"
	done
} >"$md.new"
mv "$md.new" "$md"
