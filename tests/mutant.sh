#!/bin/bash
# A mutation patch (tests/mutants/BASE/NAME.patch, on top of the series)
# breaks the fix one way; the KUnit suite on x86_64 PREEMPT_RT must then
# fail.  Succeeds when the mutant is killed: it builds, and the suite
# fails or the kernel log has a splat.  A mutant whose window no test can
# hit on purpose names a litmus test ("Killed-by-litmus: NAME"); if the
# suite passes, that test must show with herd7 that the shape strands a
# request ("Sometimes").
#
#   tests/mutant.sh BASE NAME
set -euo pipefail
# shellcheck source=../scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG BASE NAME"
base=$1 name=$2
"$TOP/scripts/build.sh" "$base" "mutant:$name" rt
if "$TOP/scripts/kunit-boot.sh" "$base" rt; then
	litmus=$(sed -n 's/^Killed-by-litmus: //p' "$TOP/tests/mutants/$base/$name.patch")
	[ -n "$litmus" ] || die "mutant $name survived: the suite passed with the fix broken"
	"$TOP/tests/litmus.sh" "$base" "$litmus"
	echo "mutant $name survived KUnit, killed by litmus $litmus"
	exit 0
fi
echo "mutant $name killed by KUnit"
