#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the pristine tree of a base whose pin says source=git (the 6.6
# bases: no Debian package ships 6.6) from public repositories fetched
# beforehand into MIRRORS, as the tool library's fetch lays them out
# (MIRRORS/OWNER+NAME/repo, a git directory).  The pin names them by
# commit and blob; nothing is downloaded here.
#
#   repo=OWNER/NAME COMMIT     the tree of that commit
#   missing_ok=PATH-PREFIX     blobs absent from the mirror (its largest
#                              files) may be left out under this prefix
#   restore=COMMIT PATH...     those paths as that commit of repo has them
#   apply=OWNER/NAME BLOB SHA256 NAME
#                              a patch held as a blob of that repository,
#                              checked and applied (git apply), one commit
#   diff=FROM TO PATH...       repo's changes FROM..TO to PATHs, applied
#                              (git apply), one commit
#
# The result is $WORKDIR/src/BASE, a git repository whose commit tagged
# "base" holds it.
#
#   scripts/kernel/fetch-git.sh BASE
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

one_base "$@"
[ "$PIN_SOURCE" = git ] || die "$base: its pin is not source=git"
wd_lock "fetch-$base"

src=$(src_dir "$base")
# The pin's settings, not its comments, say which tree this is.
stamp=$(grep -v '^#' "$TOP/patches/$base/pin" | sha256sum | cut -c1-16)
if [ -r "$src/.git/blkq-fetched" ] && [ "$(cat "$src/.git/blkq-fetched")" = "$stamp" ] &&
	git -C "$src" rev-parse -q --verify 'base^{commit}' >/dev/null; then
	exit 0
fi

# mirror OWNER/NAME: the git directory of a fetched repository.
mirror() {
	local d=${MIRRORS:-}/${1/\//+}/repo
	[ -n "${MIRRORS:-}" ] ||
		die "MIRRORS is not set: base $base is built from fetched public trees ($1); see docs/6.6.md"
	git -C "$d" rev-parse --git-dir >/dev/null 2>&1 ||
		die "MIRRORS: no fetched repository $1 in $MIRRORS (expected $d); see docs/6.6.md"
	printf '%s\n' "$d"
}

read -r repo commit <<<"$PIN_REPO"
m=$(mirror "$repo")
git -C "$m" cat-file -e "$commit^{commit}" 2>/dev/null || die "$repo has no commit $commit"

log "$base: exporting $repo $(git -C "$m" log -1 --format='%h %s' "$commit")"
rm -rf "$src" "$src.tmp"
mkdir -p "$src.tmp"
idx=$(mktemp)
trap 'rm -f "$idx"' EXIT
GIT_INDEX_FILE=$idx git --git-dir="$m" --work-tree="$src.tmp" read-tree "$commit"
# Blobs the mirror lacks: only under missing_ok, and left out.
lacking=$(GIT_INDEX_FILE=$idx git --git-dir="$m" --work-tree="$src.tmp" ls-files -s |
	awk '{print $2, $4}' | git -C "$m" cat-file --batch-check='%(objectname) %(objecttype) %(rest)' |
	awk '$2 == "missing" {print $1}' || true)
if [ -n "$lacking" ]; then
	ok=$PIN_MISSING_OK
	[ -n "$ok" ] || ok=//
	bad=$(GIT_INDEX_FILE=$idx git --git-dir="$m" --work-tree="$src.tmp" ls-files -s | awk -v l="$lacking" '
		BEGIN { n = split(l, a, "\n"); for (i = 1; i <= n; i++) miss[a[i]] = 1 }
		$2 in miss { print $4 }' | grep -v "^$ok" || true)
	[ -z "$bad" ] || die "$repo lacks blobs outside missing_ok: $(head -n 1 <<<"$bad")"
	GIT_INDEX_FILE=$idx git --git-dir="$m" --work-tree="$src.tmp" ls-files -s | awk -v l="$lacking" '
		BEGIN { n = split(l, a, "\n"); for (i = 1; i <= n; i++) miss[a[i]] = 1 }
		$2 in miss { print $4 }' | GIT_INDEX_FILE=$idx git --git-dir="$m" --work-tree="$src.tmp" update-index --force-remove --stdin
	warn "$base: left out $(wc -l <<<"$lacking") files the mirror lacks (under $PIN_MISSING_OK)"
fi
GIT_INDEX_FILE=$idx git --git-dir="$m" --work-tree="$src.tmp" checkout-index -a -f
if [ -n "$PIN_RESTORE" ]; then
	read -r rc paths <<<"$PIN_RESTORE"
	for p in $paths; do
		git -C "$m" cat-file -e "$rc:$p" || die "$repo: $rc has no $p"
		git -C "$m" show "$rc:$p" >"$src.tmp/$p"
	done
fi
[ -r "$src.tmp/Makefile" ] && [ -d "$src.tmp/block" ] || die "$repo $commit holds no kernel tree"

(
	cd "$src.tmp"
	git init -q
	git config gc.auto 0
	git config core.autocrlf false
	git add -A -f
	msg="$repo $commit"
	[ -z "$PIN_RESTORE" ] || msg+=" ($(cut -d' ' -f2- <<<"$PIN_RESTORE") from ${PIN_RESTORE%% *})"
	git_fixed commit -q -m "$msg"
) || die "cannot make a git repository of $base"

for a in "${PIN_APPLY[@]}"; do
	read -r arepo blob sum name <<<"$a"
	am=$(mirror "$arepo")
	p=$src.tmp/.git/$name
	git -C "$am" cat-file blob "$blob" >"$p" 2>/dev/null || die "$arepo has no blob $blob ($name)"
	[ "$(sha256sum <"$p" | cut -d' ' -f1)" = "$sum" ] || die "$name: sha256 differs from the pin"
	git -C "$src.tmp" apply --whitespace=nowarn "$p" || die "$name does not apply to $base"
	git -C "$src.tmp" add -A -f
	git_fixed -C "$src.tmp" commit -q -m "$name ($arepo blob $blob)"
done
for d in "${PIN_DIFF[@]}"; do
	read -r from to paths <<<"$d"
	p=$src.tmp/.git/prereq.diff
	# shellcheck disable=SC2086 # paths: a list
	git -C "$m" diff "$from" "$to" -- $paths >"$p"
	[ -s "$p" ] || die "$repo $from..$to changes none of $paths"
	git -C "$src.tmp" apply "$p" || die "$repo $from..$to does not apply to $base"
	git -C "$src.tmp" add -A -f
	git_fixed -C "$src.tmp" commit -q -m "$paths as $repo $(git -C "$m" log -1 --format=%s "$to") changes them

$repo $from..$to"
done
git -C "$src.tmp" tag base
printf '%s\n' "$stamp" >"$src.tmp/.git/blkq-fetched"
mv "$src.tmp" "$src"
log "$base: $(git -C "$src" log -1 --format='%h %s' base)"
