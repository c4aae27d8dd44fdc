#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run tests/trees.sh for BASE with a prep.sh that writes the files a
# variant changes through the hard links (its "rm -f" before each write
# removed), in a scratch work directory whose pristine tree holds only
# the files the patches touch (copied from BASE's), so that nothing the
# harness shares is written through.  trees.sh must pass there with the
# harness as it is, and fail with the mutation, a tree not holding its
# commit or the pristine tree changed: trees:BASE:fails-on-write-through.
#
#   tests/trees-broken.sh BASE
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

one_base "$@"
"$TOP/scripts/kernel/fetch.sh" "$base"
real=$(src_dir "$base")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The harness, with the mutation.
mkdir -p "$tmp/top"
git -C "$TOP" ls-files -z | (cd "$TOP" && xargs -0 cp --parents -t "$tmp/top")
# shellcheck disable=SC2016 # a sed pattern, not an expansion
sed -i 's|^\t\t\trm -f "\$tree/\$f"$|\t\t\t:|' "$tmp/top/scripts/kernel/prep.sh"
! cmp -s "$TOP/scripts/kernel/prep.sh" "$tmp/top/scripts/kernel/prep.sh" ||
	die "the mutation did not apply to scripts/kernel/prep.sh"

# A small base: the top Makefile and every file a patch of BASE touches.
work=$tmp/work
src=$work/src/$base
mkdir -p "$src"
mapfile -t files < <({
	echo Makefile
	cat "$TOP"/patches/"$base"/*.patch "$TOP"/patches/"$base"/tests/*.patch \
		"$TOP"/tests/bench/"$base"-*.patch "$TOP"/tests/mutants/"$base"/*.patch 2>/dev/null |
		sed -n 's|^+++ b/\(.*\)$|\1|p; s|^--- a/\(.*\)$|\1|p'
} | sort -u)
for f in "${files[@]}"; do
	[ ! -f "$real/$f" ] || (cd "$real" && cp --parents "$f" "$src/")
done
git -C "$src" init -q
git -C "$src" add -A
git_fixed -C "$src" commit -q -m "$base, the files the patches touch"
git -C "$src" tag base
cp "$real/.git/blkq-fetched" "$src/.git/"

# The harness as it is passes there (so the small base is not what
# fails below), then the mutated one, on new trees, must not.
WORKDIR=$work "$TOP/tests/trees.sh" "$base" >"$tmp/intact.log" 2>&1 ||
	{ cat "$tmp/intact.log"; die "trees.sh fails on the small base with the harness as it is"; }
echo "intact: $(tail -n 1 "$tmp/intact.log")"
rm -rf "$work/build"
WORKDIR=$work "$tmp/top/tests/trees.sh" "$base"
