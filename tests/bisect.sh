#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every prefix of BASE's series and its test-only patches must build for
# x86_64 PREEMPT_RT, with no new W=1 or sparse warning in the files it
# touches (tests/sparse.sh), and every prefix that carries the KUnit suite
# must pass it: the series is bisectable.  The prefixes whose kernel is the
# whole series' are left to kunit:BASE:rt, which builds and tests it.
#
#   tests/bisect.sh BASE
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -eq 1 ] || usage_error "usage: $PROG BASE"
base=$1
check_base "$base"
mapfile -t patches < <(all_patches "$base")
n=${#patches[@]}
# The prefixes share the scratch tree and build directory with the
# mutants (lib.sh var_slot): one turn for all of them.
hold_build "$base" prefix:1 rt
# neutral PATCH: it touches only selftests, documentation files and
# MAINTAINERS, and so leaves the kernel of the prefix before it as it was.
neutral() {
	! grep -E '^\+\+\+ b/' "$1" |
		grep -Evq '^\+\+\+ b/(tools/testing/selftests/|Documentation/|MAINTAINERS$)'
}
# The prefixes from $last on all build the kernel of the whole series,
# which kunit:BASE:rt builds and tests (make check runs it before this).
last=$n
while [ "$last" -gt 1 ] && neutral "${patches[last - 1]}"; do
	last=$((last - 1))
done
for i in $(seq 1 "$n"); do
	if [ "$i" -ge "$last" ]; then
		echo "prefix $i of $n: $(basename "${patches[i - 1]}") gives the kernel of the whole series: kunit:$base:rt builds and tests it"
		continue
	fi
	if neutral "${patches[i - 1]}"; then
		echo "prefix $i of $n: $(basename "${patches[i - 1]}") changes nothing the kernel is built from"
		continue
	fi
	"$TOP/scripts/kernel/build.sh" "$base" "prefix:$i" rt
	# W=1 and sparse on the files this prefix touches.
	"$TOP/tests/sparse.sh" "$base" "prefix:$i" | tail -n 1
	if [ -r "$(build_src "$base" "prefix:$i")/block/.kunitconfig" ]; then
		"$TOP/scripts/boot/kunit-boot.sh" "$base" rt "prefix:$i"
	else
		echo "prefix $i of $n: no suite yet, built only"
	fi
done
echo "$base: all $n prefixes build, those with the suite pass it (prefixes $last-$n: the series' kernel, see kunit:$base:rt)"
