#!/bin/bash
# The harness's own tests: bad input must give one clear error line and
# a non-zero exit, and must leave nothing half-done.
#
#   tests/harness.sh TEST    (tests/harness.sh lists the tests)
set -euo pipefail
# shellcheck source=../scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAILED: $*" >&2
	exit 1
}

# expect_error STATUS PATTERN CMD...: CMD exits with STATUS (or any
# non-zero status for "nonzero") and prints exactly one error line,
# "PROG: error: ..." matching PATTERN, and no traceback.
expect_error() {
	local want=$1 pat=$2 rc=0
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	cat "$tmp/err" >&2
	if [ "$want" = nonzero ]; then
		[ "$rc" -ne 0 ] || fail "'$*' succeeded"
	else
		[ "$rc" -eq "$want" ] || fail "'$*' exited $rc, not $want"
	fi
	# Progress lines ("==> ") and make's own "***" line do not count.
	grep -Ev '^(==> |make(\[[0-9]+\])?: \*\*\*)' "$tmp/err" >"$tmp/said" || true
	[ "$(wc -l <"$tmp/said")" -eq 1 ] || fail "'$*' printed $(wc -l <"$tmp/said") error lines, not 1"
	grep -Eq "error: .*$pat" "$tmp/said" || fail "'$*' said '$(cat "$tmp/said")', not /error: .*$pat/"
	! grep -q Traceback "$tmp/out" "$tmp/err" || fail "'$*' printed a traceback"
}

# A tiny git tree that looks like a kernel but has other contents, so no
# patch of any series applies to it.
fake_kernel() {
	mkdir -p "$1/block" "$1/include/linux"
	printf 'all:\n' >"$1/Makefile"
	printf 'int blk_mq_dummy;\n' >"$1/block/blk-mq.c"
	printf '/* nothing */\n' >"$1/block/blk-core.c"
	printf '/* nothing */\n' >"$1/include/linux/blkdev.h"
	git -C "$1" init -q
	git -C "$1" add -A
	git_fixed -C "$1" commit -q -m fake
}

test_shellcheck() {
	command -v shellcheck >/dev/null || fail "shellcheck not installed"
	shellcheck -x "$TOP"/scripts/*.sh "$TOP"/tests/*.sh "$TOP"/.ci/run
}

test_unknown_base() {
	expect_error 2 "unknown base 'nosuch'" "$TOP/scripts/fetch.sh" nosuch
	expect_error 2 "unknown base 'nosuch'" "$TOP/scripts/tree.sh" nosuch
	expect_error 2 "unknown base 'nosuch'" "$TOP/scripts/run.sh" nosuch rt
	expect_error 2 "unknown base 'nosuch'" make -s -C "$TOP" tree BASE=nosuch
}

test_ksrc_not_git() {
	mkdir -p "$tmp/plain/block"
	touch "$tmp/plain/Makefile"
	expect_error nonzero "is not a git tree" make -s -C "$TOP" apply KSRC="$tmp/plain"
	expect_error nonzero "is not a directory" make -s -C "$TOP" apply KSRC="$tmp/none"
	expect_error 2 "set KSRC" make -s -C "$TOP" apply
	# "make KSRC=dir" builds the user's tree: a plain directory is refused.
	expect_error nonzero "is not a git tree" env KSRC="$tmp/plain" "$TOP/scripts/run.sh" mainline rt
}

test_series_does_not_apply() {
	local b head
	for b in $KNOWN_BASES; do
		rm -rf "$tmp/k"
		fake_kernel "$tmp/k"
		head=$(git -C "$tmp/k" rev-parse HEAD)
		expect_error nonzero "series '$b' does not apply.*nothing was applied" \
			make -s -C "$TOP" apply KSRC="$tmp/k" BASE="$b"
		[ "$(git -C "$tmp/k" rev-parse HEAD)" = "$head" ] || fail "HEAD moved"
		[ ! -d "$(git -C "$tmp/k" rev-parse --git-path rebase-apply)" ] || fail "git am left in progress"
		[ -z "$(git -C "$tmp/k" status --porcelain)" ] || fail "tree left dirty"
	done
}

# The success path: the series goes onto a user's own clone of the base.
test_apply_ksrc() {
	local b n
	for b in $KNOWN_BASES; do
		"$TOP/scripts/fetch.sh" "$b"
		git clone -q --shared --no-checkout "$(src_dir "$b")" "$tmp/u-$b"
		git -C "$tmp/u-$b" checkout -q base
		n=$(series_patches "$b" | wc -l)
		make -s -C "$TOP" apply KSRC="$tmp/u-$b" BASE="$b"
		[ "$(git -C "$tmp/u-$b" rev-list --count base..HEAD)" -eq "$n" ] ||
			fail "$b: not $n commits on top of base"
		rm -rf "$tmp/u-$b"
	done
}

# A pin whose checksum does not match must stop before anything is used.
test_pin_mismatch() {
	cp -r "$TOP/scripts" "$TOP/patches" "$tmp/"
	sed -i 's/^sha256=.*/sha256=0000000000000000000000000000000000000000000000000000000000000000/' \
		"$tmp/patches/mainline/pin"
	# The download is served from a copy of the real one.
	mkdir -p "$tmp/work/debs"
	load_pin mainline
	if [ -r "$WORKDIR/debs/${PIN_PACKAGE}_${PIN_VERSION}_all.deb" ]; then
		ln -s "$WORKDIR/debs/${PIN_PACKAGE}_${PIN_VERSION}_all.deb" "$tmp/work/debs/"
	fi
	expect_error nonzero "sha256 .* pin says 0000" \
		env WORKDIR="$tmp/work" "$tmp/scripts/fetch.sh" mainline
	[ ! -d "$tmp/work/src/mainline" ] || fail "a tree was unpacked from a bad download"
}

test_bad_variant() {
	expect_error 2 "unknown variant 'bogus'" "$TOP/scripts/prep.sh" mainline bogus
	expect_error 2 "unknown profile 'bogus'" "$TOP/scripts/build.sh" mainline series bogus
	expect_error 2 "no mutant" "$TOP/scripts/prep.sh" mainline mutant:nosuch
}

if [ $# -eq 0 ]; then
	declare -F | sed -n 's/^declare -f test_//p'
	exit 0
fi
declare -F "test_$1" >/dev/null || usage_error "no test '$1'"
"test_$1"
echo "ok: $1"
