#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Apply BASE's series and its test-only patches (see lib.sh all_patches),
# then any further PATCH files, to the git tree DIR with "git am -3".  If
# anything does not apply, the am is aborted so the tree is left as it
# was, and one line says which patch failed.  PATCHES_ONLY=1 applies only
# the PATCH files.
#
#   scripts/kernel/apply.sh DIR BASE [PATCH...]
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 2 ] || usage_error "usage: $PROG DIR BASE [PATCH...]"
dir=$1 base=$2
shift 2
check_base "$base"
[ -d "$dir" ] || die "'$dir' is not a directory"
top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null) ||
	die "'$dir' is not a git tree (KSRC must be a git checkout of a kernel)"
[ -r "$top/Makefile" ] && [ -d "$top/block" ] || die "'$dir' is not a kernel tree"
if [ -d "$(git -C "$top" rev-parse --git-path rebase-apply)" ]; then
	die "'$top' has a git am or rebase in progress; finish or abort it first"
fi
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	die "'$top' has uncommitted changes; commit or stash them first"

patches=()
[ "${PATCHES_ONLY:-0}" = 1 ] || mapfile -t patches < <(all_patches "$base")
patches+=("$@")
[ "${#patches[@]}" -gt 0 ] || exit 0

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Commit as the user where git knows who that is, else as the harness.
am=(git_fixed)
git -C "$top" config user.email >/dev/null && am=(git)
if ! "${am[@]}" -C "$top" am -q -3 --keep-cr "${patches[@]}" >"$log" 2>&1; then
	failed=$(sed -n 's/^Patch failed at [0-9]* //p' "$log" | head -n 1)
	git -C "$top" am --abort >/dev/null 2>&1 || true
	die "series '$base' does not apply to $top${failed:+ (failed at: $failed)}; nothing was applied"
fi
