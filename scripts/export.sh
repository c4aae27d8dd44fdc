#!/bin/bash
# Regenerate patches/BASE from the commits base..HEAD of an editing tree
# made by scripts/tree.sh: one git format-patch file per commit, the
# series file, and the cover letter (scripts/cover.sh).
#
#   scripts/export.sh BASE [DIR] [OUT]
#     DIR defaults to $WORKDIR/trees/BASE, OUT to patches/BASE.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] && [ $# -le 3 ] || usage_error "usage: $PROG BASE [DIR] [OUT]"
base=$1
check_base "$base"
dir=${2:-$WORKDIR/trees/$base}
out=${3:-$TOP/patches/$base}
git -C "$dir" rev-parse -q --verify 'base^{commit}' >/dev/null 2>&1 ||
	die "'$dir' is not a tree made by 'make tree BASE=$base'"
[ -z "$(git -C "$dir" status --porcelain --untracked-files=no)" ] ||
	die "'$dir' has uncommitted changes; commit them first"
[ "$(git -C "$dir" rev-list --count base..HEAD)" -gt 0 ] || die "'$dir' has no commits on top of base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Pin every setting that changes format-patch output, so that the same
# commits always give the same bytes whatever the user's git config says.
git -C "$dir" -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
	-c diff.renames=true -c diff.algorithm=myers -c format.numbered=auto \
	-c format.signature= -c format.coverLetter=false -c format.from=false \
	format-patch -q --zero-commit --no-signature --no-cover-letter \
	-o "$tmp" base..HEAD
mkdir -p "$out"
find "$out" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
	! -name '0000-cover-letter.patch' -delete
{
	echo '# Patches in the order they apply.'
	for p in "$tmp"/*.patch; do
		cp "$p" "$out/"
		basename "$p"
	done
} >"$out/series"
[ -r "$TOP/patches/cover-letter.txt" ] && "$TOP/scripts/cover.sh" "$base" "$dir" "$out"
log "$base: exported $(grep -vc '^#' "$out/series") patches to $out"
