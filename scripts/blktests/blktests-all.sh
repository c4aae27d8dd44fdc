#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make blktests": blktests' block group (scripts/blktests/blktests.sh) on the
# unpatched base and on the series, for each base, and the table in
# BLKTESTS.md (blktests-report.py), where a base not run keeps its
# section, so bases can be run one at a time.  Fails if a test passes
# unpatched and fails with the series.  Builds in each variant's rt
# directory (lib.sh build_out), which make check and make bench share.
#
#   scripts/blktests/blktests-all.sh "BASES" [TEST...]    (default TEST: block)
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 1 ] || usage_error "usage: $PROG \"BASES\" [TEST...]"
bases=$1
shift
for base in $bases; do
	check_base "$base"
done
# The table's copies of each run's results (blktests.sh writes them into
# the build directory, which the next build reuses).
table=$WORKDIR/blktests/table
mkdir -p "$table"
md=$TOP/results/BLKTESTS.md
for base in $bases; do
	# Each run and the copies of its results are one turn of that
	# variant's tree and rt build directory (lib.sh hold): make check or
	# make use them too.
	(
		t0=$(date +%s)
		lines=()
		for v in unpatched series; do
			out=$(build_out "$base" "$v" rt)
			hold_build "$base" "$v" rt
			rm -f "$out/blktests.tsv" "$table/$base-$v.tsv" "$table/$base-$v.splats"
			rc=0
			line=$("$TOP/scripts/blktests/blktests.sh" "$base" "$v" "$@") || rc=$?
			[ "$rc" -ne 77 ] || exit 77
			lines+=("${line:-blktests: $base $v: no result}")
			echo "${lines[-1]}"
			cp "$out/blktests.tsv" "$table/$base-$v.tsv" 2>/dev/null || : >"$table/$base-$v.tsv"
			# Each report with the blktests test that was running (the last
			# "run blktests" line before it); the whole console is kept.
			cp "$out/guest.log" "$table/$base-$v.guest.log" 2>/dev/null || true
			"$TOP/scripts/boot/splats.sh" "$out/guest.log" >"$table/splats.tmp"
			if [ -s "$table/splats.tmp" ]; then
				awk 'NR == FNR { s[$0] = 1; next }
					match($0, /run blktests [^ ]+/) { t = substr($0, RSTART + 13, RLENGTH - 13) }
					$0 in s { print (t == "" ? "(before any test)" : t) ": " $0 }' \
					"$table/splats.tmp" "$out/guest.log" | sed -n 1,10p >"$table/$base-$v.splats"
			fi
			rm -f "$table/splats.tmp"
		done
		{
			echo "Run on $(date -u +%Y-%m-%dT%H:%MZ) in $(($(date +%s) - t0)) s:"
			echo
			printf '    %s\n' "${lines[@]}"
		} >"$table/$base.summary"
	) || exit
done

"$TOP/scripts/blktests/blktests-report.py"
# The repeated runs of make blktests-repeat keep their section.
[ ! -s "$TOP/results/BLKTESTS-repeat.tsv" ] || "$TOP/scripts/blktests/blktests-repeat-report.py"
regressions=$(grep -c 'REGRESSION' "$md" || true)
log "wrote $md"
[ "$regressions" -eq 0 ] || die "$regressions tests pass unpatched and fail with the series, see $md"
