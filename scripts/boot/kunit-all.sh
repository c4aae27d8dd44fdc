#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make": run scripts/boot/kunit.sh for every base and profile, keep going after
# a failure, and print a summary at the end.  Exits non-zero if any run
# failed.
#
#   scripts/boot/kunit-all.sh "BASES" "PROFILES"
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG \"BASES\" \"PROFILES\""
failed=0
lines=()
for base in $1; do
	check_base "$base"
	for profile in $2; do
		log "$base: $profile"
		if line=$("$TOP/scripts/boot/kunit.sh" "$base" "$profile"); then
			lines+=("$line")
		else
			lines+=("${line:-summary: $base $profile: FAILED}")
			failed=$((failed + 1))
		fi
	done
done
echo
printf '%s\n' "${lines[@]}"
[ "$failed" -eq 0 ] || die "$failed of ${#lines[@]} runs failed"
