#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The 6.6 runs: the KUnit suite with and without the 6.6.y backport on
# 6.6.87 (!PREEMPT_RT, lockdep) and on v6.6-rt14 with 6.6.64's blk-mq
# (PREEMPT_RT, lockdep), and the churn selftest with the backport on
# both.  Writes results/SIX.md: one row per run with its summary line and
# the cases that failed.  Needs MIRRORS (docs/6.6.md).
#
#   scripts/boot/six.sh
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 0 ] || usage_error "usage: $PROG"
for b in 6.6.y 6.6-rt; do
	why=$(mirrors_ready "$b") || usage_error "$why"
done

md=$TOP/results/SIX.md
rows=()
# row BASE PROFILE VARIANT WHAT LINE: one table row.
row() {
	local failed splats console
	console=$(build_out "$1" "$3" "$2")/console.log
	# The cases (indented), not the suite.
	failed=$(grep -Eo '^ +not ok [0-9]+ [a-z_0-9]+' "$console" 2>/dev/null |
		awk '{print $4}' | sort -u | paste -sd' ' || true)
	splats=$("$TOP/scripts/boot/splats.sh" "$console" | sed 's/ at .*//' | sort -u | paste -sd';' || true)
	rows+=("| $1 | $2 | $3 | $4 | ${5#summary: } | ${failed:--} | ${splats:--} |")
	echo "$5"
}

for r in '6.6.y nonrt-debug' '6.6-rt rt'; do
	read -r b p <<<"$r"
	for v in series unpatched+kunit; do
		line=$("$TOP/scripts/boot/kunit.sh" "$b" "$p" "$v" 2>/dev/null | tail -n 1) || true
		row "$b" "$p" "$v" KUnit "$line"
	done
	line=$("$TOP/scripts/boot/guest.sh" --variant series --deadline 300 "$b" "$p" quiesce_churn.sh 2>/dev/null |
		tail -n 1) || true
	rows+=("| $b | $p | series | churn selftest | ${line} | - | - |")
	echo "$line"
done

{
	echo '<!-- SPDX-License-Identifier: GPL-2.0 -->'
	echo '# The 6.6 kernels'
	echo
	echo "Written by \`make six MIRRORS=dir\` (scripts/boot/six.sh) on $(date -u +%Y-%m-%d);"
	echo 'the trees and how they were checked: docs/6.6.md.  6.6.y is 6.6.87'
	echo 'without PREEMPT_RT (profile nonrt-debug: lockdep,'
	echo 'PROVE_RAW_LOCK_NESTING); 6.6-rt is v6.6 + patch-6.6-rt14 with'
	echo "6.6.64's block/blk-mq.[ch] (679b1874eba7 included), PREEMPT_RT with"
	echo 'lockdep (profile rt).  Variant series: the patches of'
	echo 'patches/6.6.y and its test-only patches; unpatched+kunit: the'
	echo 'test-only patches alone.  Guests under QEMU TCG.  Kernel log: the'
	echo 'reports scripts/boot/splats.sh finds in the boot (the churn test checks its own).'
	echo
	echo '| base | profile | variant | run | result | cases failed | kernel log |'
	echo '| --- | --- | --- | --- | --- | --- | --- |'
	printf '%s\n' "${rows[@]}"
} >"$md"
log "wrote $md"
