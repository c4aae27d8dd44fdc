#!/bin/bash
# Run CMD and succeed only if it fails: proves that a check can fail.
#
#   tests/expect-fail.sh CMD...
set -uo pipefail
"$@"
rc=$?
if [ "$rc" -eq 0 ]; then
	echo "expected '$*' to fail, but it passed"
	exit 1
fi
echo "failed as expected (exit $rc)"
