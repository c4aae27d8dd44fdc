#!/bin/bash
# Every prefix of BASE's series and its test-only patches must build for
# x86_64 PREEMPT_RT, and every prefix that carries the KUnit suite must
# pass it: the series is bisectable.
#
#   tests/bisect.sh BASE
set -euo pipefail
# shellcheck source=../scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 1 ] || usage_error "usage: $PROG BASE"
base=$1
check_base "$base"
mapfile -t patches < <(all_patches "$base")
n=${#patches[@]}
for i in $(seq 1 "$n"); do
	# A patch that touches only selftests, documentation files and
	# MAINTAINERS leaves the kernel of the prefix before it as it was.
	if ! grep -E '^\+\+\+ b/' "${patches[i - 1]}" |
		grep -Evq '^\+\+\+ b/(tools/testing/selftests/|Documentation/|MAINTAINERS$)'; then
		echo "prefix $i of $n: $(basename "${patches[i - 1]}") changes nothing the kernel is built from"
		continue
	fi
	"$TOP/scripts/build.sh" "$base" "prefix:$i" rt
	if [ -r "$(build_src "$base")/block/.kunitconfig" ]; then
		"$TOP/scripts/kunit-boot.sh" "$base" rt
	else
		echo "prefix $i of $n: no suite yet, built only"
	fi
done
echo "$base: all $n prefixes build, those with the suite pass it"
