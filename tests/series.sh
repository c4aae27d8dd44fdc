#!/bin/bash
# Series hygiene for BASE.
#
#   tests/series.sh roundtrip BASE   the series applies to the pristine
#                                    base with git am and re-exports to
#                                    the same bytes
#   tests/series.sh checkpatch BASE  the base tree's checkpatch.pl --strict
#                                    gives 0 errors, 0 warnings and 0
#                                    checks on the series and its
#                                    test-only patches
set -euo pipefail
# shellcheck source=../scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG roundtrip|checkpatch BASE"
what=$1 base=$2
check_base "$base"
"$TOP/scripts/fetch.sh" "$base"
src=$(src_dir "$base")

case $what in
roundtrip)
	tmp=$(mktemp -d)
	trap 'git -C "$src" worktree remove --force "$tmp/tree" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	"$TOP/scripts/tree.sh" "$base" "$tmp/tree"
	mkdir -p "$tmp/out"
	"$TOP/scripts/export.sh" "$base" "$tmp/tree" "$tmp/out"
	cp "$TOP/patches/$base/pin" "$TOP/patches/$base/cover-letter.txt" "$tmp/out/"
	diff -ru "$TOP/patches/$base" "$tmp/out"
	echo "$base: $(all_patches "$base" | wc -l) patches apply and re-export byte-identically"
	;;
checkpatch)
	# The base trees carry no upstream history, so checkpatch cannot look
	# commit ids up (UNKNOWN_COMMIT_ID); tests/ids.sh checks every cited
	# id against tests/commit-ids instead.
	mapfile -t patches < <(all_patches "$base")
	out=$(cd "$src" && debian_python ./scripts/checkpatch.pl --strict --ignore UNKNOWN_COMMIT_ID \
		"${patches[@]}" 2>&1) || true
	echo "$out"
	total=$(grep -c '^total: ' <<<"$out" || true)
	[ "$total" -eq "${#patches[@]}" ] || die "checkpatch did not check every patch"
	! grep '^total: ' <<<"$out" | grep -qv '^total: 0 errors, 0 warnings, 0 checks' ||
		die "checkpatch --strict found problems"
	;;
*) usage_error "usage: $PROG roundtrip|checkpatch BASE" ;;
esac
