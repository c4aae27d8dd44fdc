#!/bin/bash
# Make an editing tree for BASE: a git worktree of the pristine base with
# the series applied as commits on branch "series".  Edit and commit
# there, then run scripts/export.sh BASE to regenerate patches/BASE.
#
#   scripts/tree.sh BASE [DIR]     (DIR defaults to $WORKDIR/trees/BASE)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || usage_error "usage: $PROG BASE [DIR]"
base=$1
check_base "$base"
dir=${2:-$WORKDIR/trees/$base}
"$TOP/scripts/fetch.sh" "$base"
src=$(src_dir "$base")

if [ -e "$dir" ]; then
	[ "${FORCE:-0}" = 1 ] || die "$dir exists; export it first, or FORCE=1 to make it anew"
	git -C "$src" worktree remove --force "$dir" 2>/dev/null || rm -rf "$dir"
fi
git -C "$src" worktree prune
git -C "$src" worktree add -q --force --detach "$dir" base
git -C "$dir" checkout -q -B "series-$(basename "$dir")"
"$TOP/scripts/apply.sh" "$dir" "$base"
log "$base: editing tree at $dir ($(git -C "$dir" rev-list --count base..HEAD) patches)"
