#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Regenerate patches/BASE from the commits base..HEAD of an editing tree
# made by scripts/kernel/tree.sh: one git format-patch file per commit, the
# series file, and the cover letter (scripts/mail/cover.sh).  Commits after the
# branch "BRANCH-send", where it exists, are the test-only patches and go
# to patches/BASE/tests.
#
# The series and its cover letter carry To: and Cc: headers for git
# send-email: the maintainers from the base tree's get_maintainer.pl (or
# the pin's "to", e.g. stable@vger.kernel.org for a backport) in To:, and
# in Cc: the lists and reviewers it names and everyone in the patches'
# own Cc: trailers.
#
#   scripts/kernel/export.sh BASE [DIR] [OUT]
#     DIR defaults to $WORKDIR/trees/BASE, OUT to patches/BASE.
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 1 ] && [ $# -le 3 ] || usage_error "usage: $PROG BASE [DIR] [OUT]"
base=$1
check_base "$base"
dir=${2:-$WORKDIR/trees/$base}
out=${3:-$TOP/patches/$base}
git -C "$dir" rev-parse -q --verify 'base^{commit}' >/dev/null 2>&1 ||
	die "'$dir' is not a tree made by 'make tree BASE=$base'"
[ -z "$(git -C "$dir" status --porcelain --untracked-files=no)" ] ||
	die "'$dir' has uncommitted changes; commit them first"
load_pin "$base"
send=HEAD
branch=$(git -C "$dir" symbolic-ref -q --short HEAD || true)
if [ -n "$branch" ] && git -C "$dir" rev-parse -q --verify "refs/heads/$branch-send" >/dev/null; then
	send=$branch-send
	git -C "$dir" merge-base --is-ancestor "$send" HEAD &&
		git -C "$dir" merge-base --is-ancestor base "$send" ||
		die "branch $send in '$dir' is not between base and HEAD; point it at the last patch of the series (git branch -f $send COMMIT)"
fi
[ "$(git -C "$dir" rev-list --count "base..$send")" -gt 0 ] || die "'$dir' has no series commits on top of base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Recipients, from the series as it is now.
mkdir -p "$tmp/plain"
format_patch "$dir" -o "$tmp/plain" "base..$send"
(cd "$(src_dir "$base")" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
	--nofixes "$tmp"/plain/*.patch) >"$tmp/gm" || die "get_maintainer.pl failed"
to=() cc=()
[ -z "$PIN_TO" ] || to+=("$PIN_TO")
while IFS= read -r line; do
	[ -n "$line" ] || continue
	who=${line%% (*}
	if [ -z "$PIN_TO" ] && [[ $line == *"(maintainer:"* ]]; then
		to+=("$who")
	else
		cc+=("$who")
	fi
done <"$tmp/gm"
# The patches' own Cc: trailers; stable@ only through the trailers of the
# patches that carry it, unless it is the pin's "to".
mapfile -t -O "${#cc[@]}" cc < <(sed -n 's/^Cc: //p' "$tmp"/plain/*.patch | grep -v '^stable@vger.kernel.org$')
args=(--no-to --no-cc)
for r in "${to[@]}"; do args+=(--to="$r"); done
declare -A seen=()
for r in "${to[@]}"; do seen[$r]=1; done
for r in "${cc[@]}"; do
	[ -n "$r" ] || continue
	[ -n "${seen[$r]:-}" ] || args+=(--cc="$r")
	seen[$r]=1
done
printf '%s\n' "${args[@]}" >"$tmp/recipients"

# export_range RANGE PREFIX OUTDIR [FORMAT-PATCH-ARGS...]: RANGE into
# OUTDIR with its series file.
export_range() {
	local range=$1 prefix=$2 dest=$3 p
	shift 3
	rm -rf "$tmp/fp" && mkdir -p "$tmp/fp" "$dest"
	format_patch "$dir" --no-cover-letter --subject-prefix="$prefix" "$@" -o "$tmp/fp" "$range"
	find "$dest" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-cover-letter.patch' -delete
	{
		echo '# Patches in the order they apply.'
		for p in "$tmp"/fp/*.patch; do
			cp "$p" "$dest/"
			basename "$p"
		done
	} >"$dest/series"
}
export_range "base..$send" "$PIN_PREFIX" "$out" "${args[@]}"
if [ "$send" != HEAD ] && [ "$(git -C "$dir" rev-list --count "$send..HEAD")" -gt 0 ]; then
	# Never sent: no recipients.
	export_range "$send..HEAD" "PATCH test-only" "$out/tests"
else
	rm -rf "$out/tests"
fi
if [ -r "$TOP/patches/$base/cover-letter.txt" ]; then
	"$TOP/scripts/mail/cover.sh" "$base" "$dir" "$out" "base..$send" "$tmp/recipients"
fi
msg="$base: exported $(grep -vc '^#' "$out/series") patches to $out"
[ ! -d "$out/tests" ] || msg+=", $(grep -vc '^#' "$out/tests/series") test-only patches to $out/tests"
log "$msg"
