#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The instruction counter counts: BASE's series, and the series with one
# smp_mb() more on the unquiesced idle path (tests/bench/BASE-extra-mb.patch),
# built for PROFILE (default rt) and counted with scripts/bench/count.sh, must
# differ by exactly one serializing instruction per call, and the barrier
# must add at least one instruction.
#
#   tests/count-extra-mb.sh BASE [PROFILE]
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || usage_error "usage: $PROG BASE [PROFILE]"
base=$1 profile=${2:-rt}
check_base "$base"
declare -A insns ser
for v in series extra-mb; do
	hold_build "$base" "$v" "$profile"
	"$TOP/scripts/kernel/build.sh" "$base" "$v" "$profile"
	line=$("$TOP/scripts/bench/count.sh" --variant "$v" "$base" "$profile" "$v")
	echo "$line"
	insns[$v]=$(result_get "$line" insns)
	ser[$v]=$(result_get "$line" serializing)
done
[ "${ser[extra-mb]}" -eq $((ser[series] + 1)) ] ||
	die "one smp_mb() more gave ${ser[extra-mb]} serializing instructions per call, not ${ser[series]} + 1"
[ "${insns[extra-mb]}" -gt "${insns[series]}" ] ||
	die "one smp_mb() more gave ${insns[extra-mb]} instructions per call, not more than ${insns[series]}"
d=$((insns[extra-mb] - insns[series]))
s=s
[ "$d" -ne 1 ] || s=
echo "$base $profile: the barrier adds $d instruction$s and 1 serializing instruction per call"
