#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Put the source tree of BASE's VARIANT (lib.sh build_src: each variant
# has its own) in the state of VARIANT and print its path.  The patches
# are applied with git am in a scratch worktree, once per set of patches
# (a commit tagged after their contents).  The tree is not a git
# checkout: it is made of hard links to the files of BASE's pristine
# tree ($WORKDIR/src/BASE, which nothing writes to; a kernel build with
# O= writes nothing into its source tree) and real copies of the files
# the commit changes, so that it costs seconds and little disk where a
# checkout costs half a minute and 1.8 GB.  A file is only ever replaced
# (removed, then written anew), never written through a link; only the
# files that differ from the tree's previous state are, so kernel builds
# stay incremental.  The commit the tree holds is in its src.commit.
#
#   scripts/kernel/prep.sh BASE VARIANT
#
# VARIANT: series (base + series + its test-only patches, the default:
# see lib.sh all_patches), unpatched (base only),
# release (base + the series only, without its test-only patches: what
# make deb packages), qlock-fast (base + the series' patches before the
# one that adds quiesce_sync_lock: the barrier and the fast path, the
# re-check still under queue_lock), raw-always (base +
# tests/bench/BASE-raw-always.patch: the raw lock on every idle run, no
# fast path, as Ionut's v2), ceiling (base + tests/bench/BASE-ceiling.patch:
# the re-check of 6bda857bcbb8 removed), v8 (base + tests/bench/BASE-v8.patch:
# upstream's atomic_t design), v8-fast (v8 + tests/bench/BASE-v8-fast.patch:
# v8 deciding on its first read, as the series' fast path), extra-mb (series + tests/bench/BASE-extra-mb.patch:
# one more smp_mb() on the idle path, for the instruction counter's test),
# mutant:NAME (series + tests/mutants/BASE/NAME.patch),
# ioc-window (series + tests/blk-ioc/BASE-window.patch: delays that widen
# ioc_release_fn()'s race with an exiting elevator, docs/blk-ioc.md),
# ioc-window+fix (the same with patches/blk-ioc/ under it),
# prefix:N (base + the first N of the series and its test-only patches);
# VARIANT+kunit: VARIANT (unpatched, ceiling, qlock-fast, v8 or v8-fast) and the KUnit
# suite's behavioural cases (the KUnit patch without its white-box lock
# cases, scripts/kernel/kunit-behaviour.py).
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG BASE VARIANT"
base=$1 variant=$2
# The tree is named after VARIANT as given (v8+kunit has its own).
name=$2
check_base "$base"
# The user's own tree (KSRC) is used as it is: "make apply" patches it.
if [ -n "${KSRC:-}" ]; then
	[ "$variant" = series ] || usage_error "with KSRC only the tree as it is can be built"
	git -C "$KSRC" rev-parse --git-dir >/dev/null 2>&1 ||
		die "KSRC '$KSRC' is not a git tree (KSRC must be a git checkout of a kernel)"
	[ -r "$KSRC/Makefile" ] && [ -d "$KSRC/block" ] || die "KSRC '$KSRC' is not a kernel tree"
	printf '%s\n' "$KSRC"
	exit 0
fi
"$TOP/scripts/kernel/fetch.sh" "$base"
src=$(src_dir "$base")

mapfile -t series < <(all_patches "$base")
extra=()
case $variant in
unpatched+kunit | ceiling+kunit | qlock-fast+kunit | v8+kunit | v8-fast+kunit)
	variant=${variant%+kunit}
	k=$(kunit_patch "$base")
	[ -n "$k" ] || die "$base: no patch adds block/tests/blk_mq_quiesce_kunit.c"
	mkdir -p "$(work_dir "$base")"
	extra=("$(work_dir "$base")/kunit-behaviour.$name.patch")
	"$TOP/scripts/kernel/kunit-behaviour.py" "$k" >"${extra[0]}" ;;
esac
case $variant in
series) patches=("${series[@]}") ;;
release) mapfile -t patches < <(series_patches "$base") ;;
unpatched) patches=() ;;
qlock-fast)
	patches=()
	for p in "${series[@]}"; do
		! grep -q '^+.*raw_spinlock_t[[:space:]]*quiesce_sync_lock;' "$p" || break
		patches+=("$p")
	done
	[ "${#patches[@]}" -lt "${#series[@]}" ] || die "$base: no patch of the series adds quiesce_sync_lock" ;;
prefix:*)
	n=${variant#prefix:}
	[[ $n =~ ^[0-9]+$ ]] && [ "$n" -le "${#series[@]}" ] ||
		usage_error "prefix:$n: the series has ${#series[@]} patches"
	patches=("${series[@]:0:n}") ;;
ceiling | v8 | raw-always) patches=("$TOP/tests/bench/$base-$variant.patch") ;;
v8-fast) patches=("$TOP/tests/bench/$base-v8.patch" "$TOP/tests/bench/$base-v8-fast.patch") ;;
extra-mb) patches=("${series[@]}" "$TOP/tests/bench/$base-extra-mb.patch") ;;
ioc-window | ioc-window+fix)
	w=$TOP/tests/blk-ioc/$base-window.patch
	[ -r "$w" ] || usage_error "no $w: the ioc_release_fn() window is widened for mainline only"
	patches=("${series[@]}")
	[ "$variant" = ioc-window ] || mapfile -t -O "${#patches[@]}" patches < <(find "$TOP/patches/blk-ioc" -name '*.patch' | sort)
	patches+=("$w") ;;
mutant:*)
	m=$TOP/tests/mutants/$base/${variant#mutant:}.patch
	[ -r "$m" ] || usage_error "no mutant $m"
	patches=("${series[@]}" "$m") ;;
fix) usage_error "variant 'fix' is now 'raw-always' (the raw lock on every idle run); the series' own prefix without the raw lock is 'qlock-fast'" ;;
*) usage_error "unknown variant '$variant' (series, release, unpatched, qlock-fast, raw-always, ceiling, v8, v8-fast, extra-mb, prefix:N, mutant:NAME, ioc-window, ioc-window+fix; unpatched, ceiling, qlock-fast, v8 and v8-fast take +kunit)" ;;
esac
patches+=("${extra[@]}")

# The tree, until this script's caller is done with it (lib.sh hold).
hold "$(build_src "$base" "$name")"
# make check and make bench may prepare trees of one base at once: they
# share its repository and the scratch worktree, so take turns.
mkdir -p "$(work_dir "$base")"
exec 9>"$(work_dir "$base")/prep.lock"
flock 9

# The commit for a set of patches is cached under a tag named after the
# hash of their contents.
key=$(cat /dev/null "${patches[@]}" | sha256sum | cut -c1-16)
tag=blkq/$key
if ! commit=$(git -C "$src" rev-parse -q --verify "refs/tags/$tag^{commit}"); then
	am=$(work_dir "$base")/am
	if [ ! -d "$am" ]; then
		git -C "$src" worktree prune
		git -C "$src" worktree add -q --force --detach "$am" base
	fi
	scratch_unlock "$am"
	git -C "$am" am --abort >/dev/null 2>&1 || true
	git -C "$am" checkout -q -f --detach base
	if [ "${#patches[@]}" -gt 0 ]; then
		git_fixed -C "$am" am -q -3 "${patches[@]}" >/dev/null 2>&1 || {
			git -C "$am" am --abort >/dev/null 2>&1 || true
			die "$base: variant '$variant' does not apply"
		}
	fi
	commit=$(git -C "$am" rev-parse HEAD)
	git -C "$src" tag -f "$tag" "$commit" >/dev/null
fi

tree=$(build_src "$base" "$name")
state=$tree.commit
have=$(cat "$state" 2>/dev/null || true)
# A tree whose switch was interrupted is made anew.
if [ -z "$have" ] || [ ! -d "$tree" ]; then
	rm -rf "$tree"
	mkdir -p "$tree"
	find "$src" -mindepth 1 -maxdepth 1 ! -name .git -exec cp -al -t "$tree" {} + ||
		die "cannot link $src into $tree (they must be on one file system)"
	# Only what the base commit holds (Debian's tree has a few hundred
	# dot-files more, .kunitconfig files among them).
	git -C "$src" ls-files -z --others | (cd "$tree" && xargs -0 -r rm -f --)
	have=$(git -C "$src" rev-parse 'base^{commit}')
fi
if [ "$have" != "$commit" ]; then
	rm -f "$state"
	git -C "$src" diff --no-renames --name-only -z "$have" "$commit" |
		while IFS= read -r -d '' f; do
			rm -f "$tree/$f"
			# Gone in the new state, or replaced by a new file.
			entry=$(git -C "$src" ls-tree "$commit" -- "$f")
			[ -n "$entry" ] || continue
			mkdir -p "$(dirname "$tree/$f")"
			case $entry in
			120000*) ln -s "$(git -C "$src" cat-file blob "$commit:$f")" "$tree/$f" ;;
			100755*) git -C "$src" cat-file blob "$commit:$f" >"$tree/$f" && chmod +x "$tree/$f" ;;
			*) git -C "$src" cat-file blob "$commit:$f" >"$tree/$f" ;;
			esac
		done
fi
echo "$commit" >"$state"
printf '%s\n' "$tree"
