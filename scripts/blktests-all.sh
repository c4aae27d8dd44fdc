#!/bin/bash
# "make blktests": blktests' block group (scripts/blktests.sh) on the
# unpatched base and on the series, for each base, and the table of both
# in BLKTESTS.md.  Fails if a test passes unpatched and fails with the
# series.  Builds in make check's rt directories: the series' build is
# shared, and only the files the series touches are rebuilt after it.
#
#   scripts/blktests-all.sh "BASES" [TEST...]    (default TEST: block)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || usage_error "usage: $PROG \"BASES\" [TEST...]"
bases=$1
shift
results=$WORKDIR/blktests/results
md=$TOP/BLKTESTS.md
t0=$(date +%s)
lines=()
for base in $bases; do
	check_base "$base"
	for v in unpatched series; do
		rm -f "$results/$base-$v.tsv"
		out=$(build_out "$base" rt)
		rc=0
		line=$("$TOP/scripts/blktests.sh" "$base" "$v" "$@") || rc=$?
		[ "$rc" -ne 77 ] || exit 77
		lines+=("${line:-blktests: $base $v: no result}")
		echo "${lines[-1]}"
		rm -f "$results/$base-$v.splats"
		splat=$("$TOP/scripts/splats.sh" "$out/guest.log" | head -n 5)
		[ -z "$splat" ] || printf '%s\n' "$splat" >"$results/$base-$v.splats"
	done
done

{
	echo "# blktests, unpatched and with the series"
	echo
	echo "Written by \`make blktests\` on $(date -u +%Y-%m-%dT%H:%MZ) in $(($(date +%s) - t0)) s:"
	echo "blktests $(sed -n 's/^commit: //p' "${BLKTESTS:-$TOP/../shared/blktests}/PIN" 2>/dev/null | cut -c1-12)"
	echo "with \`patches/blktests/\`, in the QEMU guest (TCG, 4 vCPUs) on the"
	echo "x86_64 PREEMPT_RT + lockdep kernel of each base, TIMEOUT=${BLKTESTS_TIMEOUT:-10}."
	echo "Tests that need a real disk (TEST_DEVS) are not run by design."
	echo
	printf '    %s\n' "${lines[@]}"
	for base in $bases; do
		echo
		echo "## $base"
		echo
		echo "| test | unpatched | series |"
		echo "| --- | --- | --- |"
		u=$results/$base-unpatched.tsv s=$results/$base-series.tsv
		touch "$u" "$s"
		cut -f1 "$u" "$s" | sort -u | while read -r t; do
			a=$(awk -F'\t' -v t="$t" '$1 == t { print $2 ($2 == "not run" ? ": " $3 : "") }' "$u")
			b=$(awk -F'\t' -v t="$t" '$1 == t { print $2 ($2 == "not run" ? ": " $3 : "") }' "$s")
			flag=
			[ "$a" = passed ] && [ "${b%%:*}" = failed ] && flag=" **REGRESSION**"
			echo "| $t | ${a:-(not in this run)} | ${b:-(not in this run)}$flag |"
		done
		for v in unpatched series; do
			[ -s "$results/$base-$v.splats" ] || continue
			echo
			echo "Kernel log, $v:"
			echo
			sed 's/^/    /' "$results/$base-$v.splats"
		done
	done
} >"$md"
regressions=$(grep -c 'REGRESSION' "$md" || true)
log "wrote $md"
[ "$regressions" -eq 0 ] || die "$regressions tests pass unpatched and fail with the series, see $md"
