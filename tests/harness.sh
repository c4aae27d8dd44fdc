#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The harness's own tests: bad input must give one clear error line and
# a non-zero exit, and must leave nothing half-done.
#
#   tests/harness.sh TEST    (tests/harness.sh lists the tests)
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

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

# have_sources "BASES": those of BASES whose sources this machine has or
# can make (a 6.6 base needs MIRRORS, or a tree fetched before).
have_sources() {
	local b
	for b in $1; do
		mirrors_ready "$b" >/dev/null || [ -r "$(src_dir "$b")/.git/blkq-fetched" ] || continue
		printf '%s\n' "$b"
	done
}

test_shellcheck() {
	command -v shellcheck >/dev/null || fail "shellcheck not installed"
	shellcheck -x "$TOP"/scripts/*/*.sh "$TOP"/tests/*.sh "$TOP"/tests/bench/guest/*.sh "$TOP"/.ci/run
	# The check files are bash sourced by tests/check.sh: their variables
	# are read there, and BASE, INSTANCE, TOP... are set there.
	shellcheck -s bash -e SC2034,SC2154 "$TOP"/tests/checks/*/[0-9]*
}

test_unknown_base() {
	expect_error 2 "unknown base 'nosuch'" "$TOP/scripts/kernel/fetch.sh" nosuch
	expect_error 2 "unknown base 'nosuch'" "$TOP/scripts/kernel/tree.sh" nosuch
	expect_error 2 "unknown base 'nosuch'" "$TOP/scripts/boot/kunit.sh" nosuch rt
	expect_error 2 "unknown base 'nosuch'" make -s -C "$TOP" tree BASE=nosuch
}

test_ksrc_not_git() {
	mkdir -p "$tmp/plain/block"
	touch "$tmp/plain/Makefile"
	expect_error nonzero "is not a git tree" make -s -C "$TOP" apply KSRC="$tmp/plain"
	expect_error nonzero "is not a directory" make -s -C "$TOP" apply KSRC="$tmp/none"
	expect_error 2 "set KSRC" make -s -C "$TOP" apply
	# "make KSRC=dir" builds the user's tree: a plain directory is refused.
	expect_error nonzero "is not a git tree" env KSRC="$tmp/plain" "$TOP/scripts/boot/kunit.sh" mainline rt
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

# series:mainline:postedbase fails on a mainline tree the series does
# not apply to, and on one that lacks the pinned commit.
test_postedbase() {
	rm -rf "$tmp/k"
	fake_kernel "$tmp/k"
	expect_error nonzero "series 'mainline' does not apply" \
		env POSTED_BASE="$tmp/k" "$TOP/tests/series.sh" postedbase mainline
	expect_error 2 "POSTED_BASE is not set" env POSTED_BASE= "$TOP/tests/series.sh" postedbase mainline
	[ -z "$(git -C "$tmp/k" worktree list | sed 1d)" ] || fail "a worktree was left behind"
}

# The success path: the series goes onto a user's own clone of the base.
test_apply_ksrc() {
	local b n ps
	for b in $(have_sources "$KNOWN_BASES"); do
		"$TOP/scripts/kernel/fetch.sh" "$b"
		git clone -q --shared --no-checkout "$(src_dir "$b")" "$tmp/u-$b"
		# Only the files the series touches: a whole checkout takes
		# half a minute and tells nothing more.
		mapfile -t ps < <(all_patches "$b")
		sparse_checkout "$tmp/u-$b" "${ps[@]}"
		git -C "$tmp/u-$b" checkout -q base
		n=$(all_patches "$b" | wc -l)
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
		env WORKDIR="$tmp/work" "$tmp/scripts/kernel/fetch.sh" mainline
	[ ! -d "$tmp/work/src/mainline" ] || fail "a tree was unpacked from a bad download"
}

test_bad_variant() {
	expect_error 2 "unknown variant 'bogus'" "$TOP/scripts/kernel/prep.sh" mainline bogus
	expect_error 2 "unknown profile 'bogus'" "$TOP/scripts/kernel/build.sh" mainline series bogus
	expect_error 2 "no mutant" "$TOP/scripts/kernel/prep.sh" mainline mutant:nosuch
}

# tests/ids.sh passes on the series, and fails on a series that cites a
# stable copy as Fixes:, an id it does not know, or a wrong subject.
test_ids() {
	"$TOP/tests/ids.sh" >/dev/null || fail "tests/ids.sh fails on the committed series"
	local b=mainline p
	# The first patch that fixes 6bda857bcbb8.
	p=$(series_patches "$b" | xargs grep -l '^Fixes: 6bda857bcbb8 ' | sed -n 1p)
	[ -n "$p" ] || fail "no patch of $b has Fixes: 6bda857bcbb8"
	mkdir -p "$tmp/ids"
	cp "$p" "$tmp/ids/"
	sed -i 's/^Fixes: 6bda857bcbb8 /Fixes: 679b1874eba7 /' "$tmp/ids/${p##*/}"
	expect_error 1 "679b1874eba7 is the 6.6.y copy" "$TOP/tests/ids.sh" "$tmp/ids"
	cp "$p" "$tmp/ids/"
	sed -i 's/^Fixes: 6bda857bcbb8 /Fixes: 0123456789ab /' "$tmp/ids/${p##*/}"
	expect_error 1 "0123456789ab is not in tests/commit-ids" "$TOP/tests/ids.sh" "$tmp/ids"
	cp "$p" "$tmp/ids/"
	sed -i 's/^Fixes: 6bda857bcbb8 ("block: fix/Fixes: 6bda857bcbb8 ("block: break/' "$tmp/ids/${p##*/}"
	expect_error 1 'not "block: break' "$TOP/tests/ids.sh" "$tmp/ids"
}

# make sign: your identity replaces the placeholder in From: and
# Signed-off-by:, and without an identity of your own it refuses.
test_sign() {
	local b out
	export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$tmp/gitconfig
	for b in $SERIES_BASES; do
		out=$tmp/send-$b
		: >"$GIT_CONFIG_GLOBAL"
		expect_error 1 "git does not know who you are" "$TOP/scripts/mail/sign.sh" "$b" "$out"
		[ ! -e "$out" ] || fail "sign.sh wrote $out without an identity"
		git config --global user.name "${PLACEHOLDER_ID% <*}"
		git config --global user.email you@example.invalid
		expect_error 1 "is the placeholder" "$TOP/scripts/mail/sign.sh" "$b" "$out"
		git config --global user.name 'Jane Q. Tester'
		git config --global user.email jane@example.com
		unset UPSTREAM_COMMITS
		if grep -q '@UPSTREAM_COMMIT@' "$TOP/patches/$b"/0*.patch; then
			# A stable backport: refused until mainline's ids are given.
			expect_error 2 "set UPSTREAM_COMMITS" "$TOP/scripts/mail/sign.sh" "$b" "$out"
			[ ! -e "$out" ] || fail "sign.sh wrote $out without UPSTREAM_COMMITS"
			export UPSTREAM_COMMITS='0000000000000000000000000000000000000001 0000000000000000000000000000000000000002 0000000000000000000000000000000000000003'
		fi
		"$TOP/scripts/mail/sign.sh" "$b" "$out" >/dev/null 2>&1 || fail "sign.sh failed with an identity"
		if [ -n "${UPSTREAM_COMMITS:-}" ]; then
			grep -qx 'commit 0000000000000000000000000000000000000002 upstream.' "$out"/0002-*.patch ||
				fail "$b: patch 2 does not name its mainline commit"
			! grep -q '@UPSTREAM' "$out"/*.patch || fail "$b: a placeholder is left"
		fi
		[ "$(ls "$out")" = "$(cd "$TOP/patches/$b" && ls -- *.patch)" ] ||
			fail "$b: signed copy does not hold the series and its cover letter"
		! grep -rq 'you@example.invalid' "$out" || fail "$b: placeholder left in $out"
		for p in "$out"/*.patch; do
			grep -qx 'From: Jane Q. Tester <jane@example.com>' "$p" || fail "${p##*/}: no From: of the signer"
			case $p in */0000-*) continue ;; esac
			grep -qx 'Signed-off-by: Jane Q. Tester <jane@example.com>' "$p" ||
				fail "${p##*/}: no Signed-off-by: of the signer"
		done
		# The committed series itself keeps the placeholder.
		grep -qx "From: $PLACEHOLDER_ID" "$(series_patches "$b" | sed -n 1p)" ||
			fail "$b: committed series lost the placeholder"
	done
	expect_error 2 "takes the series of '6.6.y'" "$TOP/scripts/mail/sign.sh" 6.6-rt "$tmp/send-x"
}

# make mails: b4 renders one mail per patch and the cover letter, with
# the prefix and recipients the stable rules and get_maintainer.pl ask for.
test_mails() {
	local b out n tree p
	export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$tmp/gitconfig
	git config --global user.name 'Jane Q. Tester'
	git config --global user.email jane@example.com
	# A stable backport is rendered as it will be sent after the
	# mainline merge, with (made-up) mainline ids.
	export UPSTREAM_COMMITS='0000000000000000000000000000000000000001 0000000000000000000000000000000000000002 0000000000000000000000000000000000000003'
	for b in $(have_sources "$SERIES_BASES"); do
		"$TOP/scripts/mail/mails.sh" "$b" >"$tmp/mails.log" 2>&1 ||
			{ tail -n 5 "$tmp/mails.log" >&2; fail "$b: mails.sh failed"; }
		out=$WORKDIR/mails/$b/out
		n=$(series_patches "$b" | wc -l)
		[ "$(find "$out" -name '*.eml' | wc -l)" -eq $((n + 1)) ] || fail "$b: not $((n + 1)) mails"
		load_pin "$b"
		grep -q "^Subject: \[$PIN_PREFIX 0/$n\]" "$out"/0000-*.eml || fail "$b: cover subject is not [$PIN_PREFIX 0/$n]"
		grep -q '^From: "Jane Q. Tester" <jane@example.com>' "$out"/0001-*.eml || fail "$b: not from the signer"
		grep -q 'axboe@kernel.dk' "$out"/0001-*.eml || fail "$b: the block maintainer is not a recipient"
		[ -z "$PIN_TO" ] || sed -n '/^To:/,/^[A-Z]/p' "$out"/0000-*.eml | grep -q "$PIN_TO" ||
			fail "$b: $PIN_TO is not in To:"
	done
	# A run killed inside git am does not stop the next one: leave an
	# am stopped on a conflict in the scratch tree, then render again.
	b=rt-stable
	tree=$WORKDIR/mails/$b/tree
	git -C "$tree" checkout -q -f --detach base
	# The raw lock's patch needs the fast path's before it.
	p=$(series_patches "$b" | sed -n '$p')
	! git -C "$tree" am -q "$p" >/dev/null 2>&1 || fail "$b: $(basename "$p") alone applies to the base"
	"$TOP/scripts/mail/mails.sh" "$b" >"$tmp/mails.log" 2>&1 ||
		{ tail -n 5 "$tmp/mails.log" >&2; fail "$b: mails.sh failed after an interrupted git am"; }
	# Nor does the lock file of a git command killed there (CI at
	# dd31776 failed on one left by a killed make check).
	touch "$(git -C "$tree" rev-parse --git-path index.lock)"
	"$TOP/scripts/mail/mails.sh" "$b" >"$tmp/mails.log" 2>&1 ||
		{ tail -n 5 "$tmp/mails.log" >&2; fail "$b: mails.sh failed on a stale index.lock"; }
	grep -q 'removing .*index.lock' "$tmp/mails.log" || fail "$b: mails.sh did not say it removed the stale lock"
}

# ktap_progress (tests/mutant.sh): a suite that stopped is told by its
# plan, the cases that reported and the last one, parameters included.
test_ktap_progress() {
	printf '%s\n' 'KTAP version 1' '1..1' '    # Subtest: blk_mq_quiesce' '    1..4' \
		'    ok 1 blk_mq_quiesce_test_nesting' '    not ok 2 blk_mq_quiesce_test_concurrent' \
		'    ok 3 blk_mq_quiesce_test_hardirq' '        # Subtest: blk_mq_quiesce_test_lock' \
		'        ok 1 run of a quiesced queue waits, none' >"$tmp/console"
	[ "$(ktap_progress "$tmp/console")" = "4 3 run_of_a_quiesced_queue_waits__none" ] ||
		fail "stopped suite: $(ktap_progress "$tmp/console")"
	printf '%s\n' '    ok 4 blk_mq_quiesce_test_lock' 'ok 1 blk_mq_quiesce' >>"$tmp/console"
	[ "$(ktap_progress "$tmp/console")" = "4 4 blk_mq_quiesce_test_lock" ] ||
		fail "whole suite: $(ktap_progress "$tmp/console")"
	: >"$tmp/console"
	[ "$(ktap_progress "$tmp/console")" = "0 0 its-start" ] || fail "empty log: $(ktap_progress "$tmp/console")"
}

# One kernel-log splat pattern: scripts/boot/splats.sh and the guest
# benchmarks' bench_lib.sh set BLK_SPLAT_RE with the same lines, and it
# flags each kind of report while a clean log passes; --first prints the
# first report with the lines after it.
test_splats() {
	local want
	want=$(grep '^BLK_SPLAT_RE' "$TOP/scripts/boot/splats.sh")
	[ "$(grep '^BLK_SPLAT_RE' "$TOP/tests/bench/guest/bench_lib.sh")" = "$want" ] ||
		fail "tests/bench/guest/bench_lib.sh: BLK_SPLAT_RE differs from scripts/boot/splats.sh"
	printf '%s\n' '[    1.0] Run /init as init process' 'ok 1 blk_mq_quiesce' >"$tmp/clean"
	[ -z "$("$TOP/scripts/boot/splats.sh" "$tmp/clean")" ] || fail "a clean log has splats"
	for l in 'BUG: kernel NULL pointer dereference, address: 0000000000000008' \
		'WARNING: CPU: 1 PID: 77 at block/blk-mq.c:321 blk_mq_unquiesce_queue+0x5a/0x60' \
		'[ BUG: Invalid wait context ]' 'WARNING: inconsistent lock state' \
		'BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:48' \
		'INFO: task kworker/0:1:33 blocked for more than 120 seconds.' \
		'rcu: INFO: rcu_preempt self-detected stall on CPU' \
		'Oops: general protection fault, probably for non-canonical address' \
		'Kernel panic - not syncing: Fatal exception' \
		'INFO: trying to register non-static key.' \
		'turning off the locking correctness validator.'; do
		printf '%s\n' "$l" >"$tmp/splat"
		[ -n "$("$TOP/scripts/boot/splats.sh" "$tmp/splat")" ] || fail "not flagged: $l"
	done
	# --first: the first report and the lines after it but register
	# dumps, not a later echo.
	printf '%s\r\n' 'ok' 'BUG: kernel NULL pointer dereference, address: 0000000000000008' \
		'RAX: 0000000000000000 RBX: ffff9aca8b156040 RCX: ffffb3b60014fcec' \
		'RIP: 0010:ioc_destroy_icq+0x1e/0x150' 'ok' \
		'BUG: sleeping function called from invalid context at x' >"$tmp/two"
	[ "$("$TOP/scripts/boot/splats.sh" --first 1 "$tmp/two")" = \
		"$(printf '%s\n' 'BUG: kernel NULL pointer dereference, address: 0000000000000008' \
		'RIP: 0010:ioc_destroy_icq+0x1e/0x150')" ] || fail "--first 1: $("$TOP/scripts/boot/splats.sh" --first 1 "$tmp/two")"
	[ -z "$("$TOP/scripts/boot/splats.sh" --first "$tmp/clean")" ] || fail "--first: a clean log has a report"
}

# patches/blktests/ applies to the blktests copy with git am, as its
# CONTRIBUTING.md asks (subject prefix "PATCH blktests", signed off), and
# passes blktests' own "make check" checks (shellcheck and its sanity
# checks) on the files it touches.
test_blktests_patch() {
	local bt=${BLKTESTS:-$TOP/../shared/blktests} p
	if [ ! -x "$bt/check" ]; then
		echo "no blktests in '$bt' (set BLKTESTS)"
		exit 77
	fi
	cp -a "$bt/." "$tmp/bt"
	chmod -R u+w "$tmp/bt"
	git -C "$tmp/bt" init -q
	git -C "$tmp/bt" add -A
	git_fixed -C "$tmp/bt" commit -q -m base
	for p in "$TOP"/patches/blktests/*.patch; do
		grep -q '^Subject: \[PATCH blktests' "$p" || fail "$(basename "$p"): subject prefix is not [PATCH blktests"
		grep -q '^Signed-off-by: ' "$p" || fail "$(basename "$p"): no Signed-off-by"
	done
	git_fixed -C "$tmp/bt" am -q "$TOP"/patches/blktests/*.patch || fail "patches/blktests/ does not apply with git am"
	# blktests' own "make check", its shellcheck run only on the files the
	# patches touch (over the whole tree it takes six minutes here).
	local excl files
	excl=$(sed -n 's/^SHELLCHECK_EXCLUDE := //p' "$tmp/bt/Makefile")
	mapfile -t files < <(sed -n 's#^+++ b/##p' "$TOP"/patches/blktests/*.patch | grep -v '\.out$' | sort -u)
	[ "${#files[@]}" -gt 0 ] || fail "patches/blktests/ touches no script"
	(cd "$tmp/bt" && shellcheck -x -e "${excl:-SC2119}" -f gcc "${files[@]}") >"$tmp/bt.log" 2>&1 ||
		{ cat "$tmp/bt.log" >&2; fail "blktests' shellcheck fails on ${files[*]}"; }
	! (cd "$tmp/bt" && grep -n TODO "${files[@]}") || fail "TODO left in ${files[*]}"
	[ -z "$(cd "$tmp/bt" && find . -name '*.out' -perm /u=x+g=x+o=x)" ] || fail "an .out file is executable"
}

# series:rt-stable:frommainline can fail: on a copy of the repository
# whose backport adds one comment line that mainline's patch lacks, the
# two trees differ and it must say so.
test_frommainline_fails() {
	local copy=$tmp/repo p
	mkdir -p "$copy"
	git -C "$TOP" ls-files -z | (cd "$TOP" && xargs -0 cp --parents -t "$copy")
	p=$(grep -l '^+	raw_spinlock_t		quiesce_sync_lock;$' "$copy"/patches/rt-stable/0*.patch | sed -n 1p)
	[ -n "$p" ] || fail "no patch of patches/rt-stable adds quiesce_sync_lock"
	sed -i 's|^+	raw_spinlock_t		quiesce_sync_lock;$|+	raw_spinlock_t		quiesce_sync_lock; /* changed */|' "$p"
	expect_error 1 "differ from its series" "$copy/tests/series.sh" frommainline rt-stable
}

# litmus:BASE can fail: on a copy of the repository whose tests expect
# the opposite of what herd7 shows, under the LKMM and under an
# architecture's model, each must fail.
test_litmus_fails() {
	local copy=$tmp/repo t
	mkdir -p "$copy"
	git -C "$TOP" ls-files -z | (cd "$TOP" && xargs -0 cp --parents -t "$copy")
	for t in dispatch-wake-no-lock dispatch-wake-no-lock-a64 dispatch-wake-barrier-ppc; do
		sed -i 's/^ \* Result: Sometimes/ * Result: WAS_SOMETIMES/; s/^ \* Result: Never/ * Result: Sometimes/; s/^ \* Result: WAS_SOMETIMES/ * Result: Never/' \
			"$copy/tests/litmus/$t.litmus"
		expect_error 1 "1 of 1 litmus tests disagree" "$copy/tests/litmus.sh" mainline "$t"
	done
}

# series:BASE:sizes can fail: a message of 31 lines of text, a second
# patch adding KUnit tests, and a line of 76 columns each exceed a limit;
# 30 lines and tags beyond them do not.
test_mailsize() {
	local d=$tmp/sizes i
	mkdir -p "$d"
	{
		printf 'From: A <a@b>\nSubject: [PATCH 1/2] x\n\n'
		for i in $(seq 30); do echo "line $i"; done
		printf 'Fixes: 123456789abc ("x")\nSigned-off-by: A <a@b>\n---\n'
		printf 'diff --git a/block/tests/a.c b/block/tests/a.c\n+++ b/block/tests/a.c\n+int a;\n'
	} >"$d/0001-x.patch"
	"$TOP/tests/mailsize.py" "$d" >/dev/null || fail "30 lines of text were refused"
	sed 's/^line 1$/line 1\nline 31/' "$d/0001-x.patch" >"$d/0002-y.patch"
	expect_error 1 "over the limit: message 0002-y.patch, kunit patches" "$TOP/tests/mailsize.py" "$d"
	rm "$d/0002-y.patch"
	sed "s/^line 2\$/line 2 $(printf 'x%.0s' $(seq 75))/" "$d/0001-x.patch" >"$d/0002-y.patch"
	rm "$d/0001-x.patch"
	expect_error 1 "over the limit: message 0002-y.patch width" "$TOP/tests/mailsize.py" "$d"
}

# A misspelt setting on make's command line stops any target, make help
# included, naming the closest; settings.py audit fails on a script that
# reads a setting settings.tsv lacks, and on a listed one nothing reads.
test_settings() {
	local copy=$tmp/repo
	expect_error 2 "unknown setting BENCH_ROUND; did you mean BENCH_ROUNDS" make -s -C "$TOP" help BENCH_ROUND=3
	expect_error 2 "unknown setting CONTENTON_ROUNDS; did you mean CONTENTION_ROUNDS" make -s -C "$TOP" count CONTENTON_ROUNDS=3
	make -s -C "$TOP" help BENCH_ROUNDS=3 >/dev/null || fail "a known setting was refused"
	mkdir -p "$copy"
	git -C "$TOP" ls-files -z | (cd "$TOP" && xargs -0 cp --parents -t "$copy")
	# shellcheck disable=SC2016 # a literal ${...} for the copy
	printf 'x=${%s:-1}\n' NOT_A_SETTING >>"$copy/scripts/bench/mbcost.sh"
	expect_error 1 "1 differences" "$copy/scripts/lib/settings.py" audit
	cp "$TOP/scripts/bench/mbcost.sh" "$copy/scripts/bench/mbcost.sh"
	printf 'UNREAD\t1\tnumber\tuser\tnothing reads it\n' >>"$copy/settings.tsv"
	expect_error 1 "1 differences" "$copy/scripts/lib/settings.py" audit
}

# make deb's bad input: each stops with one error line before building.
test_deb_input() {
	local w=$tmp/work
	expect_error 2 "unknown base 'nosuch'" "$TOP/scripts/deb/deb.sh" nosuch
	expect_error 2 "unknown base 'nosuch'" make -s -C "$TOP" deb BASE=nosuch
	expect_error 2 "LOCALMODCONFIG '$tmp/none' cannot be read" \
		env WORKDIR="$w" LOCALMODCONFIG="$tmp/none" "$TOP/scripts/deb/deb.sh" rt-stable
	expect_error 2 "is not lsmod output" \
		env WORKDIR="$w" LOCALMODCONFIG=/etc/hostname "$TOP/scripts/deb/deb.sh" rt-stable
	# Not enough disk space: said before anything is fetched.
	expect_error 1 "the build needs [0-9]+ GiB more" \
		env WORKDIR="$w" DEB_GIB_FULL=999999 "$TOP/scripts/deb/deb.sh" rt-stable
	[ ! -e "$w/deb/rt-stable/debian.config" ] && [ ! -e "$w/deb/rt-stable/build" ] ||
		fail "make deb went on after the disk check"
	# A configuration of another version, as a package and as a file.
	load_pin rt-stable
	mkdir -p "$tmp/cfg/DEBIAN" "$tmp/cfg/usr/src/linux-config-6.12"
	printf 'Package: linux-config-6.12\nVersion: 6.12.1-1\nArchitecture: amd64\nMaintainer: nobody <nobody@example.invalid>\nDescription: test\n' \
		>"$tmp/cfg/DEBIAN/control"
	printf '#\n# Linux/x86 6.12.1 Kernel Configuration\n#\nCONFIG_PREEMPT_RT=y\n' >"$tmp/config"
	xz -c "$tmp/config" >"$tmp/cfg/usr/src/linux-config-6.12/config.amd64_rt_amd64.xz"
	dpkg-deb --build "$tmp/cfg" "$tmp/cfg.deb" >/dev/null
	expect_error 2 "6.12.1-1, but the rt-stable source is $PIN_VERSION" \
		env WORKDIR="$w" DEB_CONFIG="$tmp/cfg.deb" "$TOP/scripts/deb/debconfig.sh" rt-stable
	expect_error 2 "neither linux-config-6.12 .deb nor a ${PIN_KERNEL/Linux/Linux\/x86} .config" \
		env WORKDIR="$w" DEB_CONFIG="$tmp/config" "$TOP/scripts/deb/debconfig.sh" rt-stable
	# A configuration package that is not in the archive, and one whose
	# checksum is not the pin's (served from a copy of the real one).
	cp -r "$TOP/scripts" "$TOP/patches" "$tmp/"
	sed -i 's/^config_package=.*/config_package=linux-config-0.0/' "$tmp/patches/rt-stable/pin"
	expect_error 1 "linux-config-0.0 $PIN_VERSION is not in $PIN_SUITE" \
		env WORKDIR="$w" "$tmp/scripts/deb/debconfig.sh" rt-stable
	cp "$TOP/patches/rt-stable/pin" "$tmp/patches/rt-stable/pin"
	sed -i 's/^config_sha256=.*/config_sha256=0000000000000000000000000000000000000000000000000000000000000000/' \
		"$tmp/patches/rt-stable/pin"
	"$TOP/scripts/deb/debconfig.sh" rt-stable >/dev/null
	load_pin rt-stable
	mkdir -p "$w/debs"
	cp "$WORKDIR/debs/${PIN_CONFIG_PACKAGE}_${PIN_VERSION}_amd64.deb" "$w/debs/"
	expect_error 1 "sha256 .* pin says 0000" env WORKDIR="$w" "$tmp/scripts/deb/debconfig.sh" rt-stable
	[ ! -e "$w/deb/rt-stable/debian.config" ] || fail "a configuration was taken from a bad download"
	# The image check: no image, or a kernel that is not PREEMPT_RT.
	expect_error 2 "no kernel image" "$TOP/scripts/boot/fixed.sh" "$tmp/none" /dev/null "$TOP"
	printf 'ffffffff81000000 T _stext\n' >"$tmp/System.map"
	expect_error 1 "not a PREEMPT_RT kernel" "$TOP/scripts/boot/fixed.sh" /etc/hostname "$tmp/System.map" "$tmp"
}

# tests/commands lists every command the scripts call (tests/commands.py),
# and the comparison fails on a new unlisted call, on a command taken out
# of the list, and on a listed command that nothing calls.
test_commands() {
	local c=$tmp/c out
	"$TOP/tests/commands.py" || fail "tests/commands.py fails on the harness as committed"
	mkdir -p "$c/tests"
	cp -r "$TOP/scripts" "$TOP/.ci" "$c/"
	cp "$TOP"/tests/*.sh "$TOP/tests/commands" "$TOP/tests/commands.py" "$c/tests/"
	cp -r "$TOP/tests/checks" "$c/tests/"
	# shellcheck disable=SC2016 # a line of shell for the copy
	printf '\tfoo=$(frobnicate --now | sort)\n' >>"$c/scripts/kernel/clean.sh"
	! out=$("$c/tests/commands.py") || fail "a new command in a \$(...) went unnoticed"
	grep -q 'scripts/kernel/clean.sh calls frobnicate' <<<"$out" || fail "said '$out', not frobnicate"
	cp "$TOP/scripts/kernel/clean.sh" "$c/scripts/kernel/clean.sh"
	sed -i '/^objdump /d' "$c/tests/commands"
	! out=$("$c/tests/commands.py") || fail "a command taken out of tests/commands went unnoticed"
	grep -q 'calls objdump, which tests/commands does not list' <<<"$out" || fail "said '$out'"
	cp "$TOP/tests/commands" "$c/tests/commands"
	echo 'nosuchtool build' >>"$c/tests/commands"
	! out=$("$c/tests/commands.py") || fail "a stale entry of tests/commands went unnoticed"
	grep -q 'lists nosuchtool, which no script calls' <<<"$out" || fail "said '$out'"
}

# Every target that make help or README.md names is a rule of the
# Makefile (make -n runs none of their commands).
test_make_targets() {
	local t n=0
	for t in $(make -s -C "$TOP" help | sed -n 's/^make \([a-z0-9-]*\).*/\1/p') \
		$(grep -ohE '`make [a-z][a-z0-9-]*' "$TOP/README.md" | sed 's/`make //' | sort -u); do
		make -n -s -C "$TOP" "$t" BASE=mainline KSRC="$TOP" >/dev/null 2>&1 ||
			fail "'make $t' is documented, but make has no rule for it"
		n=$((n + 1))
	done
	[ "$n" -ge 10 ] || fail "only $n targets found in make help and README.md"
	make -n -s -C "$TOP" no-such-target >/dev/null 2>&1 && fail "make -n accepts any target"
	return 0
}

# A wrong setting stops make with one error line and status 2 before
# anything is installed or downloaded: apt-get and dpkg-query are
# stand-ins that record a call, and WORKDIR is empty.
test_args_first() {
	local stub=$tmp/stub
	mkdir -p "$stub"
	for c in apt-get dpkg-query; do
		# shellcheck disable=SC2016 # expanded by the stand-in
		printf '#!/bin/sh\necho "$0 $*" >>%s/called\nexit 1\n' "$stub" >"$stub/$c"
		chmod +x "$stub/$c"
	done
	run() { expect_error 2 "$@"; [ ! -e "$stub/called" ] || fail "'$*' ran $(cat "$stub/called")"; }
	export PATH=$stub:$PATH WORKDIR=$tmp/w
	run "unknown base 'nosuch'" make -s -C "$TOP" deb BASE=nosuch
	run "unknown base 'nosuch'" make -s -C "$TOP" BASES=nosuch
	run "unknown base 'nosuch'" make -s -C "$TOP" check BASES='mainline nosuch'
	run "unknown profile 'bogus'" make -s -C "$TOP" PROFILES=bogus
	run "unknown variant 'bogus'" make -s -C "$TOP" bench BENCH_VARIANTS=bogus
	run "unknown profile 'bogus'" make -s -C "$TOP" count BENCH_PROFILES=bogus
	run "unknown variant 'bogus'" make -s -C "$TOP" contention CONTENTION_VARIANTS=bogus
	run "unknown device 'nvme'" make -s -C "$TOP" contention CONTENTION_DEVICE=nvme
	run "SMP must be a positive number, not 'x'" make -s -C "$TOP" contention SMP=x
	run "unknown path 'field' in COUNT_PATHS" make -s -C "$TOP" count COUNT_PATHS='idle field'
	run "unknown device 'nvme'" make -s -C "$TOP" count COUNT_DEVICE=nvme
	run "unknown device 'nvme' in BENCH_DEVICE" make -s -C "$TOP" bench BENCH_DEVICE=nvme
	run "BENCH_DEVICE=virtio-scsi needs BENCH_PROFILES=rtirqsoff" make -s -C "$TOP" bench BENCH_DEVICE=virtio-scsi
	run "KSRC '$tmp/none' is not a directory" make -s -C "$TOP" apply KSRC="$tmp/none"
	run "KSRC '$tmp' is not a git tree" make -s -C "$TOP" KSRC="$tmp"
	run "unknown base 'nosuch'" make -s -C "$TOP" tree BASE=nosuch
	run "unknown base 'nosuch'" make -s -C "$TOP" sign BASE=nosuch
	run "unknown base 'nosuch'" make -s -C "$TOP" mails BASE=nosuch
	run "unknown base 'nosuch'" make -s -C "$TOP" blktests BASES=nosuch
	run "unknown variant 'bogus'" make -s -C "$TOP" blktests-repeat REPEAT_VARIANTS='series bogus'
	run "ROUNDS must be a positive number, not '0'" make -s -C "$TOP" blktests-repeat ROUNDS=0
	run "BENCH_ROUNDS must be a positive number, not 'abc'" make -s -C "$TOP" bench BENCH_ROUNDS=abc
	run "unknown test 'nope' in BENCH_TESTS" make -s -C "$TOP" bench BENCH_TESTS='hotpath nope'
	run "IRQSOFF_ROUNDS must be a positive number, not 'z'" make -s -C "$TOP" irqsoff IRQSOFF_ROUNDS=z
	run "BLKTESTS_DEADLINE must be a positive number, not '30m'" make -s -C "$TOP" blktests BLKTESTS_DEADLINE=30m
	run "DEB_JOBS must be a positive number, not 'x'" make -s -C "$TOP" deb DEB_JOBS=x
	run "DEB_GIB_FULL must be a number, not '-1'" make -s -C "$TOP" deb DEB_GIB_FULL=-1
	run "MUTANT_BOOTS must be a positive number, not '0'" make -s -C "$TOP" check MUTANT_BOOTS=0
	run "ACCEL must be tcg, kvm or auto, not 'hvf'" make -s -C "$TOP" ACCEL=hvf
	[ ! -e "$tmp/w" ] || fail "WORKDIR was written: $(ls "$tmp/w")"
}

# The make check runner over check files: a pass, a failure, a skip with
# its reason, one check per instance, ONLY and LIST, and the closing line
# with a non-zero exit on a failure (a copy of the runner and lib.sh with
# made-up checks; WORKDIR is a scratch directory).
test_check_runner() {
	local c=$tmp/r out rc=0
	# Not the settings of the make check that runs this test.
	unset ONLY LIST CHECK_JOBS BASES
	mkdir -p "$c/scripts/lib" "$c/tests/checks/demo"
	cp "$TOP/scripts/lib/lib.sh" "$c/scripts/lib/"
	cp "$TOP/tests/check.sh" "$c/tests/"
	cat >"$c/tests/checks/demo/001" <<'CHECK'
DESCRIPTION="passes"
SCOPE=once
NAME=ok
run() { echo "fine"; }
CHECK
	cat >"$c/tests/checks/demo/002" <<'CHECK'
DESCRIPTION="fails on mainline"
NAME=bad
run() { echo "was $BASE"; [ "$BASE" != mainline ]; }
CHECK
	cat >"$c/tests/checks/demo/003" <<'CHECK'
DESCRIPTION="skips"
NAME=skip
requires() { echo "no such thing"; return 1; }
run() { echo "ran although it should have skipped"; }
CHECK
	cat >"$c/tests/checks/demo/004" <<'CHECK'
DESCRIPTION="one per instance"
SCOPE=once
instances() { printf '%s\n' one two; }
run() { [ "$INSTANCE" = one ] || [ "$INSTANCE" = two ]; }
CHECK
	export WORKDIR=$tmp/w
	out=$(LIST=1 "$c/tests/check.sh") || fail "LIST=1 failed: $out"
	[ "$(wc -l <<<"$out")" -eq 7 ] || fail "LIST=1 gave: $out"
	grep -q '^demo:mainline:skip  *skips$' <<<"$out" || fail "LIST=1 gave: $out"
	out=$("$c/tests/check.sh") || rc=$?
	[ "$rc" -ne 0 ] || fail "a failing check left make check green: $out"
	[ "$(tail -n 1 <<<"$out")" = "4 passed, 1 failed, 2 skipped" ] || fail "closing line: $out"
	grep -q '^SKIP  demo:rt-stable:skip .*no such thing$' <<<"$out" || fail "no skip reason: $out"
	grep -q '^PASS  demo:one ' <<<"$out" && grep -q '^PASS  demo:two ' <<<"$out" || fail "instances: $out"
	# The bases one after the other: the same results.
	out=$(CHECK_JOBS=1 "$c/tests/check.sh") || true
	[ "$(tail -n 1 <<<"$out")" = "4 passed, 1 failed, 2 skipped" ] || fail "CHECK_JOBS=1: $out"
	expect_error 2 "CHECK_JOBS must be a positive number" env CHECK_JOBS=x "$c/tests/check.sh"
	out=$(ONLY='^demo:(ok|rt-stable:bad)$' "$c/tests/check.sh") || fail "ONLY ran a failing check: $out"
	[ "$(tail -n 1 <<<"$out")" = "2 passed, 0 failed" ] || fail "ONLY: $out"
	# A wrong ONLY fails instead of passing with no check run.
	expect_error 2 "is not a regular expression" env ONLY='(' "$c/tests/check.sh"
	touch "$WORKDIR/logs/check/kept"
	expect_error 2 "matches no check" env ONLY='^nosuch' "$c/tests/check.sh"
	[ -e "$WORKDIR/logs/check/kept" ] || fail "an ONLY that matches nothing moved the last run's logs aside"
	expect_error 2 "matches no check" env LIST=1 ONLY='^nosuch' "$c/tests/check.sh"
	out=$(LIST=1 ONLY='^demo:(ok|rt-stable:bad)$' "$c/tests/check.sh") || fail "LIST=1 ONLY= failed: $out"
	[ "$(wc -l <<<"$out")" -eq 2 ] || fail "LIST=1 with ONLY listed: $out"
	# Through make, whose own expansion must leave ONLY's "$" alone
	# ("$|" is one of make's automatic variables).
	out=$(cd "$TOP" && make -s check LIST=1 ONLY='^litmus:mainline$|^litmus:rt-stable$') ||
		fail "make check LIST=1 ONLY= failed: $out"
	[ "$(wc -l <<<"$out")" -eq 2 ] || fail "make check LIST=1 ONLY='^litmus:mainline\$|^litmus:rt-stable\$' listed: $out"
}

# README.md's Layout names every file of the repository (those in
# directories of many alike files by their directory: patches, check
# files, mutants, litmus tests, comparators).
# docs/layout.md names every file; README.md names every top-level
# directory and file, and stays at most 150 lines.
test_readme_layout() {
	local f missing=() tops=()
	local layout
	layout=$(cat "$TOP/docs/layout.md")
	while read -r f; do
		case $f in
		patches/* | tests/checks/* | tests/mutants/*/* | tests/litmus/*.litmus | tests/bench/*.patch | results/block014/*) continue ;;
		esac
		grep -qF "$(basename "$f")" <<<"$layout" || missing+=("$f")
	done < <(git -C "$TOP" ls-files)
	[ "${#missing[@]}" -eq 0 ] || fail "docs/layout.md does not name: ${missing[*]}"
	while read -r f; do
		grep -qF "$f" "$TOP/README.md" || tops+=("$f")
	done < <(git -C "$TOP" ls-files | cut -d/ -f1 | sort -u)
	[ "${#tops[@]}" -eq 0 ] || fail "README.md does not name: ${tops[*]}"
	[ "$(wc -l <"$TOP/README.md")" -le 150 ] || fail "README.md has $(wc -l <"$TOP/README.md") lines, more than 150"
	readme_sizes
}

# The README's sizes of the mainline posting are those tests/mailsize.py
# counts (fc86ae6 cut the cover letter to 38 lines; the README said 40).
readme_sizes() {
	local m cover msgs kunit docs self want
	m=$("$TOP/tests/mailsize.py" "$TOP/patches/mainline") || fail "mailsize.py failed on patches/mainline"
	cover=$(sed -n 's/^cover .*: \([0-9]*\) lines of text.*/\1/p' <<<"$m")
	msgs=$(sed -n 's/^message .*: \([0-9]*\) lines of text.*/\1/p' <<<"$m" | sort -n | sed -n '1p;$p' | paste -sd-)
	kunit=$(sed -n 's/^kunit: \([0-9]*\) lines.*/\1/p' <<<"$m")
	docs=$(sed -n 's/^docs: \([0-9]*\) lines.*/\1/p' <<<"$m")
	self=$(sed -n 's/^selftests: \([0-9]*\) lines.*/\1/p' <<<"$m")
	want="letter of $cover lines of text, commit messages of $msgs, a KUnit patch of $kunit lines, a docs page of $docs, a kselftest of $self;"
	tr '\n' ' ' <"$TOP/README.md" | tr -s ' ' | grep -qF "$want" ||
		fail "README.md does not say the posting's sizes as mailsize.py counts them: $want"
}

# guest.sh and build.sh take options; a wrong one, or a build directory
# that holds another variant than --variant asks for, stops them with one
# error line before anything is built or booted.
test_guest_options() {
	local d=$tmp/g/build/mainline/v/series/rt
	mkdir -p "$d/arch/x86/boot"
	: >"$d/arch/x86/boot/bzImage"
	echo "mainline v8 rt" >"$d/built-variant"
	export WORKDIR=$tmp/g
	expect_error 2 "unknown option --bogus" "$TOP/scripts/boot/guest.sh" --bogus 1 mainline rt
	expect_error 2 "--smp needs a value" "$TOP/scripts/boot/guest.sh" --smp
	expect_error 1 "holds mainline v8 rt, not mainline series rt" \
		"$TOP/scripts/boot/guest.sh" --variant series mainline rt
	expect_error 1 "holds mainline v8 rt, not mainline series rt" \
		"$TOP/scripts/boot/guest.sh" --build-dir "$d" --variant series mainline rtperf
	expect_error 2 "unknown option --bogus" "$TOP/scripts/kernel/build.sh" --bogus mainline series rt
	expect_error 2 "unknown option --tree" "$TOP/scripts/kernel/build.sh" --tree x mainline series rt
}

# lib.sh result and result_get: the one closing-line format that callers
# read figures back from, and its reader (which must not take a key for
# the tail of a longer one).
test_result_line() {
	local line
	line=$(result count "mainline rt series" ok fn=blk_mq_run_hw_queues total_insns=900 insns=131 share=99%)
	[ "$line" = "count: mainline rt series: fn=blk_mq_run_hw_queues total_insns=900 insns=131 share=99%; ok" ] ||
		fail "result printed: $line"
	[ "$(result_get "$line" insns)" = 131 ] || fail "insns: '$(result_get "$line" insns)'"
	[ "$(result_get "$line" share)" = 99% ] || fail "share: '$(result_get "$line" share)'"
	[ "$(result_get "$line" fn)" = blk_mq_run_hw_queues ] || fail "fn: '$(result_get "$line" fn)'"
	[ -z "$(result_get "$line" calls)" ] || fail "a missing key gave '$(result_get "$line" calls)'"
	line=$(result blktests "mainline series block/001" FAIL passed=0 failed=1)
	[ "$(result_get "$line" failed)" = 1 ] || fail "failed: '$(result_get "$line" failed)' in $line"
	[ "${line##*; }" = FAIL ] || fail "status: $line"
}

# lib.sh hold: a second holder of a path waits until the first is done
# and says so; a child of the holder does not wait for its parent.
test_hold() {
	local t0 secs
	export WORKDIR=$tmp/h
	(hold "$tmp/tree" && touch "$tmp/held" && sleep 3) &
	# (Under load the first holder can take a while to get there.)
	for _ in $(seq 300); do
		[ ! -e "$tmp/held" ] || break
		sleep 0.1
	done
	[ -e "$tmp/held" ] || fail "the first holder did not get the lock within 30 s"
	t0=$(date +%s)
	(hold "$tmp/tree") 2>"$tmp/wait"
	secs=$(($(date +%s) - t0))
	wait
	[ "$secs" -ge 1 ] || fail "the second holder did not wait (${secs}s)"
	grep -q "waiting for $tmp/tree" "$tmp/wait" || fail "no waiting line: $(cat "$tmp/wait")"
	# (timeout stops the child's whole process group, flock included.)
	# shellcheck disable=SC2016 # expanded by the child
	(hold "$tmp/tree" && timeout 10 bash -c '. "$1/scripts/lib/lib.sh" && hold "$2"' sh "$TOP" "$tmp/tree") ||
		fail "a child of the holder waited for it"
}

# contention_report.awk: a stack goes to the event of its own CPU even
# when another CPU's event or stack comes between them in the merged
# trace, the site is the first frame that is not lock code, and a
# contention_end closes its own task's wait.
test_contention_parser() {
	local out
	cat >"$tmp/trace" <<'TRACE'
     kworker/1:1-50      [001] d..1.   100.000100: contention_begin: 0xffff1 (flags=RT)
          <idle>-0       [000] d..1.   100.000200: contention_begin: 0xffff2 (flags=SPIN)
     kworker/1:1-50      [001] d..1.   100.000300: <stack trace>
 => rt_spin_lock+0x10/0x20
 => blk_mq_run_hw_queue+0x30/0x40
          <idle>-0       [000] d..1.   100.000400: <stack trace>
 => _raw_spin_lock_irqsave+0x10/0x20
 => __blk_mq_sched_dispatch_requests+0x30/0x40
     kworker/1:1-50      [001] d..1.   100.000600: contention_end: 0xffff1 (ret=0)
          <idle>-0       [000] d..1.   100.001200: contention_end: 0xffff2 (ret=0)
TRACE
	out=$(awk -v phase=p -v ios=1000 -v stacks=blk_mq_run_hw_queue \
		-f "$TOP/tests/bench/guest/contention_report.awk" "$tmp/trace")
	grep -q 'site=blk_mq_run_hw_queue flags=RT events=1 wait_us=500 ' <<<"$out" ||
		fail "the RT event is not blk_mq_run_hw_queue's with 500 us: $out"
	grep -q 'site=__blk_mq_sched_dispatch_requests flags=SPIN events=1 wait_us=1000 ' <<<"$out" ||
		fail "the SPIN event is not the dispatch's with 1000 us: $out"
	grep -q 'site=?' <<<"$out" && fail "an event lost its stack: $out"
	grep -q '^contention-stack: phase=p site=blk_mq_run_hw_queue n=1 flags=RT: rt_spin_lock blk_mq_run_hw_queue$' <<<"$out" ||
		fail "no stack line for blk_mq_run_hw_queue: $out"
}

# block014-report.py: a request queued in both dumps with nothing in
# flight and no run between them is "stranded" (busy tags do not count:
# with none a queued request holds one), one with a request in flight or
# a run between the dumps "slow"; dd times come from
# the exec/exit pairs by pid, in scheduler passes; Fisher's exact test of
# 8/15 against 4/15 runs with reports is 0.26.
test_block014_report() {
	local d=$tmp/b014 out v r
	mkdir -p "$d/block014"
	cat >"$d/run" <<'RUN'
DMESG| [  100.1] INFO: task dd:735 blocked for more than 61 seconds.
BLKTESTS-FULL| block/014.full: Testing none
B014-DUMP1| -- /sys/kernel/debug/block/faultb0/hctx0/dispatch
B014-DUMP1| ffff888003f4e000 {.op=READ, .state=idle, .tag=-1}
B014-DUMP1| -- /sys/kernel/debug/block/faultb0/hctx0/busy
B014-DUMP1| -- /sys/kernel/debug/block/faultb0/hctx0/tags
B014-DUMP1| busy=64
B014-DUMP1| -- /sys/kernel/debug/block/faultb0/hctx0/run
B014-DUMP1| 517
B014-DUMP2| -- /sys/kernel/debug/block/faultb0/hctx0/dispatch
B014-DUMP2| ffff888003f4e000 {.op=READ, .state=idle, .tag=-1}
B014-DUMP2| -- /sys/kernel/debug/block/faultb0/hctx0/busy
B014-DUMP2| -- /sys/kernel/debug/block/faultb0/hctx0/tags
B014-DUMP2| busy=64
B014-DUMP2| -- /sys/kernel/debug/block/faultb0/hctx0/run
B014-DUMP2| 517
B014-KPROBE|   bq_run      1234    0
B014-KPROBE|   bq_timeout  200     0
B014-DD|  dd-101  [001] .....  10.000000: sched_process_exec: filename=/usr/bin/dd pid=101 old_pid=101
B014-DD|  dd-102  [000] .....  10.100000: sched_process_exec: filename=/usr/bin/dd pid=102 old_pid=102
B014-DD|  dd-102  [000] .....  80.100000: sched_process_exit: comm=dd pid=102 prio=120
B014-DD|  dd-101  [001] .....  15.500000: sched_process_exit: comm=dd pid=101 prio=120
RUN
	out=$("$TOP/scripts/blktests/block014-report.py" --run "$d/run")
	[ "$out" = "$(printf '1\tstranded\t2\t37.75\t70.00\t1234\t-\t200')" ] || fail "stranded run: $out"
	grep -q '^B014-ELAPSED| none 102 70.000$' "$d/run" || fail "no elapsed line for dd 102"
	cp "$d/run" "$d/run2"
	sed -i 's/^\(B014-DUMP2| -- .*hctx0\/busy\)$/\1\nB014-DUMP2| ffff888003f4f000 {.op=READ, .state=in_flight, .tag=3}/' "$d/run"
	out=$("$TOP/scripts/blktests/block014-report.py" --run "$d/run")
	[ "$(cut -f2 <<<"$out")" = slow ] || fail "a request in flight is not slow: $out"
	sed -i 's/^B014-DUMP2| 517$/B014-DUMP2| 518/' "$d/run2"
	out=$("$TOP/scripts/blktests/block014-report.py" --run "$d/run2")
	[ "$(cut -f2 <<<"$out")" = slow ] || fail "a queue run between the dumps is not slow: $out"
	printf 'session\tbase\tkernel\tround\tvariant\thung_reports\tverdict\tdd\tdd_median_s\tdd_max_s\trun_calls\tlocked_calls\ttimeouts\tblktests\tseconds\n' >"$d/B.tsv"
	for r in $(seq 15); do
		for v in unpatched series; do
			h=0
			{ [ "$v" = unpatched ] && [ "$r" -le 4 ]; } || { [ "$v" = series ] && [ "$r" -le 8 ]; } && h=1
			printf 'S\trt-stable\t6.12.118\t%s\t%s\t%s\tslow\t0\t-\t-\t9\t-\t1\tok\t60\n' "$r" "$v" "$h" >>"$d/B.tsv"
		done
	done
	"$TOP/scripts/blktests/block014-report.py" "$d/B.tsv" "$d/B.md"
	grep -q '^| series | 15 | 8 | 8 | 0 | 0.26 |' "$d/B.md" || fail "no series row with p 0.26: $(cat "$d/B.md")"
	grep -q '^| unpatched | 15 | 4 | 4 | 0 | - |' "$d/B.md" || fail "no unpatched row"
	sed -i '1s/verdict/verdikt/' "$d/B.tsv"
	expect_error 1 "lacks the columns verdict" "$TOP/scripts/blktests/block014-report.py" "$d/B.tsv" "$d/B.md"
}

# bench-report.py: a session with another vCPU count adds its own rows
# instead of replacing those of the same base and profile, and a session
# of one benchmark leaves the other benchmarks' tables in place; --summary
# prints the table's figures.
test_bench_report_groups() {
	local top=$tmp/top s r v mb
	mkdir -p "$top/results"
	cp -r "$TOP/scripts" "$top/"
	{
		echo "session,base,profile,variant,round,release,smp,accel,mbps,iops,clat_p50_us,clat_p99_us,clat_p999_us,dstate_samples,dstate_sum,dstate_max,hotpath_calls_per_cpu,rt_smp,rt_queues,rt_jobs,rt_depth,quiesced_calls_per_cpu,rt_device"
		for r in 1 2 3; do
			for v in unpatched series; do
				echo "2026-01-01T00:00Z,mainline,rtperf,$v,$r,7.3.4-x,2,tcg,,,,,,,,,$((1000 + r)),8,8,2,1,,"
				for s in "2026-01-02T00:00Z 8" "2026-01-03T00:00Z 16"; do
					mb=$((${s#* } * 10 + r))
					echo "${s% *},mainline,rtirqsoff,$v,$r,7.3.4-x,2,tcg,$mb,,,,,,,,,${s#* },${s#* },4,2,,virtio-scsi"
				done
			done
		done
	} >"$top/results/BENCHMARKS.csv"
	BENCH_REPORT_KEEP='' "$top/scripts/bench/bench-report.py" >"$tmp/report.log" 2>&1 ||
		{ tail -n 5 "$tmp/report.log" >&2; fail "bench-report.py failed on a synthetic CSV"; }
	for s in 8 16; do
		grep -q "^| mainline | rtirqsoff+virtio-scsi | $s | series | " "$top/results/BENCHMARKS.md" ||
			fail "no $s-vCPU MB/s rows beside the other vCPU count's"
	done
	grep -q '^| mainline | rtperf | 2 | series | 7.3.4-x | 1002 | ' "$top/results/BENCHMARKS.md" ||
		fail "the hot-path table is gone after a newer MB/s-only session"
	# The cover letter's figures are the table's, and columns go by name.
	"$top/scripts/bench/bench-report.py" --summary mainline >"$tmp/summary"
	grep -Fqx \
		"$(printf 'timed\tRT completion benchmark: MB/s\tmainline\trtirqsoff+virtio-scsi\tseries\t82\t1.00x [1.00-1.00]\t-\t1.00x [1.00-1.00]\t-\t-\t8')" "$tmp/summary" ||
		fail "no summary line of the 8-vCPU MB/s series row"
	sed -i '1s/hotpath_calls_per_cpu/hotpath_calls/' "$top/results/BENCHMARKS.csv"
	expect_error 1 "lacks the columns hotpath_calls_per_cpu" "$top/scripts/bench/bench-report.py"
}

# make blktests BASES=b rewrites b's section of BLKTESTS.md and keeps
# every other base's, also when the work directory has no run of it; a
# test that passes unpatched and fails with the series is flagged.
test_blktests_report() {
	local top=$tmp/top wd=$tmp/wd v
	mkdir -p "$top/results" "$wd/blktests/table"
	cp -r "$TOP/scripts" "$TOP/settings.tsv" "$top/"
	printf '%s\n' '# blktests' '' '## mainline' '' 'Run on old:' '' \
		'| block/001 | passed | passed |' '' '## rt-stable' '' 'Run on old:' \
		>"$top/results/BLKTESTS.md"
	printf 'Run on new:\n' >"$wd/blktests/table/rt-stable.summary"
	printf 'test\tstatus\treason\nblock/001\tpassed\t\nblock/002\tpassed\t\nblock/003\tnot run\tno disk\n' \
		>"$wd/blktests/table/rt-stable-unpatched.tsv"
	# (the series' copy as written before blktests.tsv had a header line)
	printf 'block/001\tpassed\nblock/002\tfailed\n' >"$wd/blktests/table/rt-stable-series.tsv"
	WORKDIR=$wd "$top/scripts/blktests/blktests-report.py" >"$tmp/report.log" 2>&1 ||
		{ tail -n 5 "$tmp/report.log" >&2; fail "blktests-report.py failed"; }
	v=$(sed -n '/^## mainline$/,/^## /p' "$top/results/BLKTESTS.md")
	[ "$v" = "$(printf '%s\n' '## mainline' '' 'Run on old:' '' '| block/001 | passed | passed |' '' '## rt-stable')" ] ||
		fail "a base without a run in the work directory lost its section: '$v'"
	grep -q '^Run on new:$' "$top/results/BLKTESTS.md" && ! grep -q '^Run on old:$' <(sed -n '/^## rt-stable$/,$p' "$top/results/BLKTESTS.md") ||
		fail "the base that ran did not get its new section"
	grep -q '^| block/002 | passed | failed \*\*REGRESSION\*\* |$' "$top/results/BLKTESTS.md" ||
		fail "passed unpatched, failed with the series, and not flagged"
	grep -q '^| block/003 | not run: no disk | (not in this run) |$' "$top/results/BLKTESTS.md" ||
		fail "a test not run lost its reason, or a test missing from one run is not said"
	sed -i '1s/status/state/' "$wd/blktests/table/rt-stable-unpatched.tsv"
	WORKDIR=$wd expect_error 1 "lacks the columns status" "$top/scripts/blktests/blktests-report.py"
}

# make blktests-repeat's report shows every session per variant, with
# its kernel, not only the newest, and pools the sessions of one kernel
# with Fisher's exact test; a file with another header is refused
# before any run.
test_blktests_repeat_report() {
	local top=$tmp/top h r v
	mkdir -p "$top/results"
	cp -r "$TOP/scripts" "$TOP/patches" "$top/"
	h=$'session\tbase\ttests\tround\tvariant\tstart\tpassed\tfailed\tnot_run\thung_reports\tseconds\tkernel'
	{
		echo "$h"
		for r in 1 2 3; do
			for v in unpatched series; do
				printf '2026-01-01T00:00Z\trt-stable\tblock/006..block/014\t%s\t%s\t00:0%s:00\t4\t0\t1\t%s\t%s\t6.12.1\n' \
					"$r" "$v" "$r" "$([ "$v$r" = unpatched2 ] && echo 5 || echo 0)" "$((100 * r))"
				printf '2026-01-02T00:00Z\trt-stable\tblock/006..block/014\t%s\t%s\t00:0%s:00\t4\t0\t1\t%s\t%s\t6.12.2\n' \
					"$r" "$v" "$r" "$([ "$v" = unpatched ] && echo 2 || echo 0)" "$((10 * r))"
			done
		done
	} >"$top/results/BLKTESTS-repeat.tsv"
	"$top/scripts/blktests/blktests-repeat-report.py" >"$tmp/report.log" 2>&1 ||
		{ tail -n 5 "$tmp/report.log" >&2; fail "blktests-repeat-report.py failed"; }
	grep -q '^| rt-stable | 6.12.1 | 2026-01-01T00:00Z | block/006..block/014 | unpatched | 3 | 1 | 5 | 0 | 200 \[100-300\] |$' "$top/results/BLKTESTS.md" ||
		fail "an older session's counts are not in the report"
	grep -q '^| rt-stable | 6.12.2 | 2026-01-02T00:00Z | block/006..block/014 | series | 3 | 0 | 0 | 0 | 20 \[10-30\] |$' "$top/results/BLKTESTS.md" ||
		fail "the newest session's counts are not in the report"
	# 3 of 3 against 0 of 3: p = 2 / C(6, 3) = 0.10.
	grep -q '^| rt-stable | 6.12.2 | block/006..block/014 | unpatched | 3/3 | series | 0/3 | 0.10 |$' "$top/results/BLKTESTS.md" ||
		fail "no pooled row with Fisher's p = 0.10 for 3/3 against 0/3"
	grep -q '^| rt-stable | 6.12.1 | block/006..block/014 | unpatched | 1/3 | series | 0/3 | 1.00 |$' "$top/results/BLKTESTS.md" ||
		fail "the sessions of another kernel are pooled with these"
	grep -q '^### rt-stable, session 2026-01-02T00:00Z$' "$top/results/BLKTESTS.md" ||
		fail "the newest session's runs are not listed"
	grep -q '^Whether a request is ever stranded there is not measured yet:$' "$top/results/BLKTESTS.md" ||
		fail "without BLOCK014.tsv the report does not say block/014 is not measured"
	# block/014's sentence comes from BLOCK014.tsv (make hungtask): a
	# stranded request is named, not called timing.
	h=$'base\tkernel\tround\tvariant\thung_reports\tverdict'
	printf '%s\n' "$h" $'rt-stable\t6.12.2\t1\tunpatched\t3\tslow' $'rt-stable\t6.12.2\t1\tseries\t0\t-' \
		$'rt-stable\t6.12.2\t2\tunpatched\t0\t-' $'rt-stable\t6.12.2\t2\tseries\t2\tslow' >"$top/results/BLOCK014.tsv"
	"$top/scripts/blktests/blktests-repeat-report.py" 2>/dev/null || fail "blktests-repeat-report.py failed with BLOCK014.tsv"
	grep -q 'rt-stable 6.12.2, runs with hung-task reports: unpatched 1/2, series 1/2; in none was a request stranded' \
		"$top/results/BLKTESTS.md" || fail "block/014's runs without a stranded request are not summed up"
	sed -i '$s/slow$/stranded/' "$top/results/BLOCK014.tsv"
	"$top/scripts/blktests/blktests-repeat-report.py" 2>/dev/null || fail "blktests-repeat-report.py failed with BLOCK014.tsv"
	grep -q 'a request stranded (or possibly, one dump) in 1 series runs' "$top/results/BLKTESTS.md" ||
		fail "a stranded block/014 run is not reported"
	! grep -q 'in none was a request stranded' "$top/results/BLKTESTS.md" || fail "a stranded run is called timing"
	cut -f 1-5 "$top/results/BLOCK014.tsv" >"$tmp/b014.tsv"
	cp "$tmp/b014.tsv" "$top/results/BLOCK014.tsv"
	expect_error 1 "lacks the columns verdict" "$top/scripts/blktests/blktests-repeat-report.py"
	rm "$top/results/BLOCK014.tsv"
	cut -f 1-11 "$top/results/BLKTESTS-repeat.tsv" >"$tmp/old.tsv"
	cp "$tmp/old.tsv" "$top/results/BLKTESTS-repeat.tsv"
	# The report reads its columns by name.
	expect_error 1 "lacks the columns kernel" "$top/scripts/blktests/blktests-repeat-report.py"
	r=0
	WORKDIR=$tmp/wd "$top/scripts/blktests/blktests-repeat.sh" rt-stable series 1 >"$tmp/repeat.log" 2>&1 || r=$?
	[ "$r" -ne 0 ] && grep -q 'its header is not' "$tmp/repeat.log" ||
		fail "a BLKTESTS-repeat.tsv without the kernel column was not refused (exit $r: $(tail -n 1 "$tmp/repeat.log"))"
}

# make clean succeeds on a work directory where no base was fetched yet.
test_clean_unfetched() {
	mkdir -p "$tmp/wd/build/x"
	WORKDIR=$tmp/wd make -s -C "$TOP" clean >"$tmp/clean.log" 2>&1 ||
		{ tail -n 5 "$tmp/clean.log" >&2; fail "make clean failed on a work directory without sources"; }
	[ ! -e "$tmp/wd/build" ] || fail "make clean left the build directories"
}

if [ $# -eq 0 ]; then
	declare -F | sed -n 's/^declare -f test_//p'
	exit 0
fi
declare -F "test_$1" >/dev/null || usage_error "no test '$1'"
"test_$1"
echo "ok: $1"
