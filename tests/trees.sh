#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The variants' source trees (scripts/kernel/prep.sh): variants prepared at once
# each end up holding exactly their own commit, the base's pristine
# tree stays untouched (nothing was written through a hard link), files
# the patches do not change are shared with it, and the scratch tree that
# the throwaway variants share switches between them and back exactly.
# The comparison itself is shown to fail on a tree of another commit.
#
#   tests/trees.sh BASE
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

one_base "$@"
"$TOP/scripts/kernel/fetch.sh" "$base"
src=$(src_dir "$base")
mutant=$(find "$TOP/tests/mutants/$base" -name '*.patch' | LC_ALL=C sort | head -n 1)
mutant=mutant:$(basename "$mutant" .patch)

# differs TREE COMMIT: print the files of the union of what the series
# and COMMIT change whose content in TREE is not COMMIT's.
differs() {
	local tree=$1 commit=$2 f
	{
		git -C "$src" diff --no-renames --name-only base "$commit"
		git -C "$src" diff --no-renames --name-only base "$(cat "$(build_src "$base" series).commit")"
	} | sort -u | while read -r f; do
		if git -C "$src" cat-file -e "$commit:$f" 2>/dev/null; then
			[ -f "$tree/$f" ] && cmp -s "$tree/$f" <(git -C "$src" cat-file blob "$commit:$f") || echo "$f"
		else
			[ ! -e "$tree/$f" ] || echo "$f"
		fi
	done
}

# same VARIANT: the tree holds its commit.
same() {
	local tree d
	tree=$(build_src "$base" "$1")
	d=$(differs "$tree" "$(cat "$tree.commit")")
	[ -z "$d" ] || die "$1's tree differs from its commit in: $d"
	echo "$1: the tree holds $(cut -c1-12 "$tree.commit")"
}

# Variants at once: their own trees, no waiting, no mixing (v8 and
# v8+kunit, which differ by the suite's patch, included).
pids=()
for v in series qlock-fast v8 v8+kunit; do
	"$TOP/scripts/kernel/prep.sh" "$base" "$v" >/dev/null &
	pids+=("$!")
done
for p in "${pids[@]}"; do
	wait "$p" || die "preparing a variant failed"
done
for v in series qlock-fast v8 v8+kunit; do
	same "$v"
done
[ "$(cat "$(build_src "$base" v8).commit")" != "$(cat "$(build_src "$base" v8+kunit).commit")" ] ||
	die "v8 and v8+kunit hold the same commit"
# The comparison can fail: qlock-fast's tree is not the series' commit.
series_commit=$(cat "$(build_src "$base" series).commit")
[ -n "$(differs "$(build_src "$base" qlock-fast)" "$series_commit")" ] ||
	die "qlock-fast's tree compares equal to the series' commit: the comparison sees nothing"

# Nothing was written through a link: the pristine tree is the base.
mapfile -t touched < <(git -C "$src" diff --no-renames --name-only base "$series_commit")
git -C "$src" diff --quiet base -- "${touched[@]}" ||
	die "the pristine tree $src was changed: $(git -C "$src" diff --name-only base -- "${touched[@]}" | paste -sd' ')"
# Untouched files are links to the pristine tree, touched ones are not.
tree=$(build_src "$base" series)
[ "$(stat -c %i "$tree/Makefile")" = "$(stat -c %i "$src/Makefile")" ] ||
	die "$tree/Makefile is not a link to $src/Makefile"
[ "$(stat -c %i "$tree/block/blk-mq.c")" != "$(stat -c %i "$src/block/blk-mq.c")" ] ||
	die "$tree/block/blk-mq.c, which the series changes, is a link to the pristine file"

# The scratch tree: a mutant, the first prefix, the mutant again.
hold "$(build_src "$base" "$mutant")"
for v in "$mutant" prefix:1 "$mutant"; do
	"$TOP/scripts/kernel/prep.sh" "$base" "$v" >/dev/null
	same "$v"
done
git -C "$src" diff --quiet base -- "${touched[@]}" || die "the pristine tree $src was changed"
echo "$base: series, qlock-fast, v8, v8+kunit and the scratch tree hold their own commits; the pristine tree is untouched"
