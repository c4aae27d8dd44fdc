#!/bin/bash
# A mutation patch (tests/mutants/BASE/NAME.patch, on top of the series)
# breaks the fix one way; the KUnit suite on x86_64 PREEMPT_RT must then
# fail.  Succeeds when the mutant is killed: it builds, and the suite
# fails or the kernel log has a splat.
#
#   tests/mutant.sh BASE NAME
set -euo pipefail
# shellcheck source=../scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG BASE NAME"
base=$1 name=$2
"$TOP/scripts/build.sh" "$base" "mutant:$name" rt
if "$TOP/scripts/boot.sh" "$base" rt; then
	die "mutant $name survived: the suite passed with the fix broken"
fi
echo "mutant $name killed"
