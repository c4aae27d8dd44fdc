#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run CMD and succeed only if it fails for the expected reason: proves
# that a check can fail.  With EXPECT=REGEX, CMD's output must also
# match REGEX (grep -E), so that a failure elsewhere (a missing tool, a
# build error) does not count as the check failing.
#
#   [EXPECT=REGEX] tests/expect-fail.sh CMD...
set -uo pipefail
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 0 ]; then
	echo "expected '$*' to fail, but it passed"
	exit 1
fi
if [ -n "${EXPECT:-}" ] && ! grep -Eq -- "$EXPECT" "$out"; then
	echo "'$*' failed (exit $rc), but not with /$EXPECT/: it failed for another reason"
	exit 1
fi
echo "failed as expected (exit $rc${EXPECT:+, output matches /$EXPECT/})"
