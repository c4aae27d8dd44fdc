#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Series hygiene for BASE.
#
#   tests/series.sh roundtrip BASE   the series applies to the pristine
#                                    base with git am and re-exports to
#                                    the same bytes
#   tests/series.sh checkpatch BASE  the base tree's checkpatch.pl --strict
#                                    gives 0 errors, 0 warnings and 0
#                                    checks on the series and its
#                                    test-only patches, and MAINTAINERS
#                                    covers every file they add
#   tests/series.sh blkioc BASE      patches/blk-ioc/ (a fix posted on its
#                                    own) applies to BASE, checkpatch-clean
#   tests/series.sh frommainline BASE
#                                    the mainline patches that BASE's
#                                    series backports (same subjects)
#                                    apply to BASE with git am -3 and
#                                    give the same tree as the series:
#                                    stable can take mainline's as they are
#   tests/series.sh postedbase BASE  the series applies with git am to
#                                    the mainline git tree POSTED_BASE at
#                                    the pin's posted_base commit (its
#                                    HEAD if the pin names none)
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG roundtrip|checkpatch|frommainline|postedbase|blkioc BASE"
what=$1 base=$2
check_base "$base"
if [ "$what" = postedbase ]; then
	tree=${POSTED_BASE:-}
	[ -n "$tree" ] || usage_error "POSTED_BASE is not set (a mainline git tree)"
	git -C "$tree" rev-parse --git-dir >/dev/null 2>&1 || die "POSTED_BASE '$tree' is not a git tree"
	load_pin "$base"
	rev=$PIN_POSTED_BASE
	[ -n "$rev" ] || rev=HEAD
	commit=$(git -C "$tree" rev-parse -q --verify "$rev^{commit}") ||
		die "POSTED_BASE '$tree' lacks the pin's posted_base commit $PIN_POSTED_BASE; fetch it there"
	tmp=$(mktemp -d)
	trap 'git -C "$tree" worktree remove --force "$tmp/t" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	git -C "$tree" worktree add -q --detach "$tmp/t" "$commit"
	"$TOP/scripts/kernel/apply.sh" "$tmp/t" "$base" >/dev/null
	echo "$base: $(all_patches "$base" | wc -l) patches apply to $(git -C "$tree" describe --always "$commit") ($commit)"
	exit 0
fi
"$TOP/scripts/kernel/fetch.sh" "$base"
src=$(src_dir "$base")

case $what in
roundtrip)
	tmp=$(mktemp -d)
	trap 'git -C "$src" worktree remove --force "$tmp/tree" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	"$TOP/scripts/kernel/tree.sh" --sparse "$base" "$tmp/tree"
	mkdir -p "$tmp/out"
	"$TOP/scripts/kernel/export.sh" "$base" "$tmp/tree" "$tmp/out"
	cp "$TOP/patches/$base/pin" "$TOP/patches/$base/cover-letter.txt" "$tmp/out/"
	diff -ru "$TOP/patches/$base" "$tmp/out"
	echo "$base: $(all_patches "$base" | wc -l) patches apply and re-export byte-identically"
	;;
checkpatch)
	# The base trees carry no upstream history, so checkpatch cannot look
	# commit ids up (UNKNOWN_COMMIT_ID); tests/ids.sh checks every cited
	# id against tests/commit-ids instead.
	# FILE_PATH_CHANGES asks for a MAINTAINERS change whenever a file is
	# added, even where an F: pattern covers it already; instead, every
	# added file must have a maintainer other than THE REST in the
	# base's MAINTAINERS, with the series' own MAINTAINERS changes.
	# A backport keeps mainline's message, whose Reported-by: is followed
	# by Link:, which mainline's checkpatch takes and 6.12's does not yet
	# (BAD_REPORTED_BY_LINK).
	ignore=UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES
	[ "$base" = mainline ] || ignore+=,BAD_REPORTED_BY_LINK
	mapfile -t patches < <(all_patches "$base")
	out=$(cd "$src" && debian_python ./scripts/checkpatch.pl --strict \
		--ignore "$ignore" "${patches[@]}" 2>&1) || true
	echo "$out"
	total=$(grep -c '^total: ' <<<"$out" || true)
	[ "$total" -eq "${#patches[@]}" ] || die "checkpatch did not check every patch"
	! grep '^total: ' <<<"$out" | grep -qv '^total: 0 errors, 0 warnings, 0 checks' ||
		die "checkpatch --strict found problems"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cp "$src/MAINTAINERS" "$tmp/MAINTAINERS"
	for p in "${patches[@]}"; do
		if grep -q '^+++ b/MAINTAINERS$' "$p"; then
			(cd "$tmp" && git apply --include=MAINTAINERS "$p") ||
				die "$(basename "$p")'s MAINTAINERS change does not apply"
		fi
	done
	awk '/^--- \/dev\/null$/ { getline; sub(/^\+\+\+ b\//, ""); print }' "${patches[@]}" >"$tmp/added"
	while read -r f; do
		who=$(cd "$src" && printf -- '--- /dev/null\n+++ b/%s\n@@ -0,0 +1 @@\n+x\n' "$f" |
			./scripts/get_maintainer.pl --no-git --no-git-fallback --mpath "$tmp/MAINTAINERS" 2>/dev/null) || true
		grep -v 'THE REST' <<<"$who" | grep -q '(maintainer:' ||
			die "no MAINTAINERS entry covers $f, which the series adds"
		echo "$f: $(grep -v 'THE REST' <<<"$who" | grep -m1 -o '(maintainer:[^,)]*')"
	done <"$tmp/added"
	;;
blkioc)
	# The ioc_release_fn() fix is its own posting, not part of the
	# series: it applies to the base alone (docs/blk-ioc.md).
	mapfile -t patches < <(find "$TOP/patches/blk-ioc" -name '*.patch' | sort)
	[ "${#patches[@]}" -gt 0 ] || die "no patch in patches/blk-ioc"
	tmp=$(mktemp -d)
	trap 'git -C "$src" worktree remove --force "$tmp/t" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	git -C "$src" worktree add -q --no-checkout --force --detach "$tmp/t" base
	sparse_checkout "$tmp/t" "${patches[@]}"
	git_fixed -C "$tmp/t" am -q "${patches[@]}" || die "patches/blk-ioc does not apply to $base"
	out=$(cd "$src" && debian_python ./scripts/checkpatch.pl --strict \
		--ignore UNKNOWN_COMMIT_ID "${patches[@]}" 2>&1) || true
	grep '^total: ' <<<"$out" | grep -q '^total: 0 errors, 0 warnings, 0 checks' ||
		die "checkpatch --strict: $(grep '^total: ' <<<"$out")"
	echo "$base: patches/blk-ioc (${#patches[@]} patch) applies with git am, checkpatch --strict clean"
	;;
frommainline)
	[ "$base" != mainline ] || usage_error "frommainline: BASE is a backport base"
	tmp=$(mktemp -d)
	trap 'git -C "$src" worktree remove --force "$tmp/b" 2>/dev/null
		git -C "$src" worktree remove --force "$tmp/m" 2>/dev/null; rm -rf "$tmp"' EXIT
	# subject FILE: the patch's subject, unfolded, without its prefix.
	subject() {
		awk '/^Subject: / { s = $0; while ((getline l) > 0 && l ~ /^ /) s = s l; print s; exit }' "$1" |
			sed 's/^Subject: \[[^]]*\] //'
	}
	mine=() theirs=()
	while read -r p; do
		m=''
		for q in $(series_patches mainline); do
			[ "$(subject "$q")" != "$(subject "$p")" ] || m=$q
		done
		[ -n "$m" ] || die "no mainline patch has the subject of $(basename "$p")"
		mine+=("$p") theirs+=("$m")
	done < <(series_patches "$base")
	for t in b m; do
		git -C "$src" worktree add -q --no-checkout --force --detach "$tmp/$t" base
		sparse_checkout "$tmp/$t" "${mine[@]}" "${theirs[@]}"
	done
	git_fixed -C "$tmp/b" am -q "${mine[@]}" || die "$base's series does not apply"
	git_fixed -C "$tmp/m" am -q -3 "${theirs[@]}" ||
		die "mainline's $(printf '%s ' "${theirs[@]##*/}")do not apply to $base with git am -3: stable needs the backport"
	git -C "$tmp/m" diff --quiet HEAD "$(git -C "$tmp/b" rev-parse HEAD)" ||
		die "mainline's patches applied to $base differ from its series: $(git -C "$tmp/m" diff --stat HEAD "$(git -C "$tmp/b" rev-parse HEAD)" | tail -n 1)"
	echo "$base: mainline's ${theirs[*]##*/} apply with git am -3 and give the same tree as patches/$base"
	;;
*) usage_error "usage: $PROG roundtrip|checkpatch|frommainline|postedbase|blkioc BASE" ;;
esac
