#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A mutation patch (tests/mutants/BASE/NAME.patch, on top of the series)
# breaks the fix one way; the KUnit suite on x86_64 PREEMPT_RT must then
# fail.  Succeeds when the mutant is killed: it builds, and in one of up
# to MUTANT_BOOTS (default 3) boots the suite fails or the kernel log has
# a splat.  The suite's concurrent cases race on purpose, so a boot is a
# trial, not a proof: a mutant that loses a depth update (depth-unlocked)
# once passed 3 boots of the concurrent nesting case beside the other
# base's builds (tests/mutants/README.md); the concurrent depth case,
# added for it, caught it on each of 16 boots, busy host or not.  A
# mutant whose window no test can hit on purpose names a litmus test
# ("Killed-by-litmus: NAME"); if the suite passes, that test must show
# with herd7 that the shape strands a request ("Sometimes").
#
#   tests/mutant.sh BASE NAME
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG BASE NAME"
base=$1 name=$2
boots=${MUTANT_BOOTS:-3}
[[ $boots =~ ^[1-9][0-9]*$ ]] || usage_error "MUTANT_BOOTS must be a positive number, not '$boots'"
hold_build "$base" "mutant:$name" rt
"$TOP/scripts/kernel/build.sh" "$base" "mutant:$name" rt
console=$(build_out "$base" "mutant:$name" rt)/console.log
for i in $(seq 1 "$boots"); do
	if ! "$TOP/scripts/boot/kunit-boot.sh" "$base" rt "mutant:$name"; then
		# What caught it, all that applies: the cases that failed, a
		# suite that stopped before its plan (a hang or a crash, named
		# by the last case or parameter that reported), a splat in the
		# kernel log.
		what=()
		cases=$(sed -n 's/^ *not ok [0-9]* \(blk_mq_quiesce_test_[a-z_]*\).*/\1/p' "$console" | paste -sd,)
		[ -z "$cases" ] || what+=("failed=$cases")
		read -r plan ran last < <(ktap_progress "$console")
		[ "$ran" -ge "$plan" ] && [ "$plan" -gt 0 ] ||
			what+=("stopped=after:$last,$ran-of-$plan-cases")
		[ -z "$("$TOP/scripts/boot/splats.sh" "$console")" ] ||
			what+=("splat=$("$TOP/scripts/boot/splats.sh" "$console" | head -n 1 | tr -cs 'A-Za-z0-9:_' '_' | cut -c1-60)")
		[ "${#what[@]}" -gt 0 ] || what=("no-result-in-the-console")
		result mutant "$base $name" ok killed_by=kunit "boot=$i" "boots=$boots" "${what[@]}"
		exit 0
	fi
done
litmus=$(sed -n 's/^Killed-by-litmus: //p' "$TOP/tests/mutants/$base/$name.patch")
[ -n "$litmus" ] || die "mutant $name survived: the suite passed $boots boots with the fix broken"
"$TOP/tests/litmus.sh" "$base" "$litmus"
# The suite passed all its boots; the litmus test shows the shape fails.
result mutant "$base $name" ok killed_by=litmus "boots=$boots" "litmus=$litmus"
