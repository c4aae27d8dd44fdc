#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job for one base: fetch it, apply VARIANT (default: the
# series), build PROFILE with kunit.py, boot it and run its KUnit tests.
# Prints one summary line and exits non-zero on any failure.
#
#   scripts/boot/kunit.sh BASE PROFILE [VARIANT]
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 2 ] && [ $# -le 3 ] || usage_error "usage: $PROG BASE PROFILE [VARIANT]"
base=$1 profile=$2 variant=${3:-series}
check_base "$base"
if [ -n "${KSRC:-}" ]; then
	npatch="KSRC $KSRC: $(git -C "$KSRC" log -1 --format=%h 2>/dev/null || echo '?'), 0 extra"
else
	"$TOP/scripts/kernel/fetch.sh" "$base"
	case $variant in
	series) npatch=$(all_patches "$base" | wc -l) ;;
	*) npatch="$variant" ;;
	esac
fi
# The build and the boot of its kernel are one turn (lib.sh hold).
hold_build "$base" "$variant" "$profile"
out=$(build_out "$base" "$variant" "$profile")
b=$("$TOP/scripts/kernel/build.sh" "$base" "$variant" "$profile") || {
	echo "summary: $base $profile $variant: build FAILED"
	exit 1
}
echo "$b" >&2
status=0
t=$("$TOP/scripts/boot/kunit-boot.sh" "$base" "$profile" "$variant") || status=$?
echo "$t" >&2
release=$(cat "$out/include/config/kernel.release")
tests=${t#*: *: }
built="built in $(cat "$out/build.secs")s"
case $b in *' up to date') built="already built" ;; esac
echo "summary: $base $profile: ${npatch} patches applied, $built, $release, $tests"
exit "$status"
