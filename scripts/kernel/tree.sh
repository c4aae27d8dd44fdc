#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make an editing tree for BASE: a git worktree of the pristine base with
# the series applied as commits on branch "series-NAME", NAME being the
# tree's directory name.  Where BASE has test-only patches (patches/BASE/
# tests), they come after the series, and branch "series-NAME-send" marks
# the last patch of the series; "git rebase" keeps it up to date
# (rebase.updateRefs).  Edit and commit there, then run scripts/kernel/export.sh
# BASE to regenerate patches/BASE.
#
#   scripts/kernel/tree.sh [--sparse] BASE [DIR]
#
# DIR defaults to $WORKDIR/trees/BASE.  --sparse checks out only the files
# the patches touch (lib.sh sparse_checkout): enough to apply and export,
# not to build; for the harness's own round trip.
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

sparse=0
[ "${1:-}" != --sparse ] || { sparse=1; shift; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage_error "usage: $PROG [--sparse] BASE [DIR]"
base=$1
check_base "$base"
dir=${2:-$WORKDIR/trees/$base}
"$TOP/scripts/kernel/fetch.sh" "$base"
src=$(src_dir "$base")

if [ -e "$dir" ]; then
	[ "${FORCE:-0}" = 1 ] || die "$dir exists; export it first, or FORCE=1 to make it anew"
	git -C "$src" worktree remove --force "$dir" 2>/dev/null || rm -rf "$dir"
fi
git -C "$src" worktree prune
mapfile -t series < <(series_patches "$base")
mapfile -t tests < <(testonly_patches "$base")
if [ "$sparse" = 1 ]; then
	git -C "$src" worktree add -q --no-checkout --force --detach "$dir" base
	sparse_checkout "$dir" "${series[@]}" "${tests[@]}"
else
	git -C "$src" worktree add -q --force --detach "$dir" base
fi
branch=series-$(basename "$dir")
git -C "$dir" checkout -q -B "$branch"
# Written only when unset: b4 (make mails) writes this config file too,
# and a second writer fails on its lock instead of waiting.
[ "$(git -C "$src" config --get rebase.updateRefs || true)" = true ] ||
	git -C "$src" config rebase.updateRefs true
PATCHES_ONLY=1 "$TOP/scripts/kernel/apply.sh" "$dir" "$base" "${series[@]}"
git -C "$dir" branch -f "$branch-send" HEAD
[ "${#tests[@]}" -eq 0 ] || PATCHES_ONLY=1 "$TOP/scripts/kernel/apply.sh" "$dir" "$base" "${tests[@]}"
log "$base: editing tree at $dir ($(git -C "$dir" rev-list --count base..HEAD) patches)"
