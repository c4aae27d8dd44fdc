#!/bin/bash
# "make check": every check, one line each, going on after a failure.
# The last line is "N passed, N failed".  Logs: $WORKDIR/logs/check/.
#
#   tests/check.sh
set -euo pipefail
# shellcheck source=../scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"

BASES=${BASES:-$KNOWN_BASES}
read -ra blktests <<<"${BLKTESTS_CHECK:-block/029 block/030 block/038 block/040}"
logs=$WORKDIR/logs/check
rm -rf "$logs"
mkdir -p "$logs"
passed=0 failed=0 skipped=0
# IMAGE: where the rt profile's kernel image is (fixed:BASE).
set_profile rt
scores=()
t0=$(date +%s)

# check NAME CMD...: run CMD, log its output, count the result.  Exit
# status 77 means skipped, with the reason on the log's last line.  With
# LIST=1 only the name is printed; with ONLY=REGEX only the checks whose
# name matches run.
check() {
	local name=$1 rc=0 start
	shift
	if [ -n "${LIST:-}" ]; then
		echo "$name"
		return 0
	fi
	[[ $name =~ ${ONLY:-.} ]] || return 0
	start=$(date +%s)
	"$@" >"$logs/$name.log" 2>&1 </dev/null || rc=$?
	local took="$(($(date +%s) - start))s"
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		printf 'PASS  %-42s %6s  %s\n' "$name" "$took" "$(tail -n 1 "$logs/$name.log" | cut -c1-90)"
	elif [ "$rc" -eq 77 ]; then
		skipped=$((skipped + 1))
		printf 'SKIP  %-42s %6s  %s\n' "$name" "$took" "$(tail -n 1 "$logs/$name.log")"
	else
		failed=$((failed + 1))
		printf 'FAIL  %-42s %6s\n' "$name" "$took"
		tail -n 25 "$logs/$name.log" | sed 's/^/      /'
	fi
	return 0
}

for t in $("$TOP/tests/harness.sh"); do
	check "harness:$t" "$TOP/tests/harness.sh" "$t"
done
# A new Debian root gets every command the harness calls from
# scripts/deps.sh alone, and the check fails when a package is dropped.
check "fresh:root" "$TOP/tests/fresh.sh"
check "fresh:root:fails-on-drop" env EXPECT='^fresh: gawk \(group blktests\) is not there' \
	"$TOP/tests/expect-fail.sh" "$TOP/tests/fresh.sh" gawk

for base in $BASES; do
	check "series:$base:roundtrip" "$TOP/tests/series.sh" roundtrip "$base"
	check "series:$base:checkpatch" "$TOP/tests/series.sh" checkpatch "$base"
	[ "$base" = mainline ] || check "series:$base:frommainline" "$TOP/tests/series.sh" frommainline "$base"
	check "kunit:$base:rt" "$TOP/scripts/kunit.sh" "$base" rt
	# The suite's behavioural cases (lib.sh kunit_patch) pass on upstream's
	# atomic_t design too, with and without the fast path of patch 2
	# (kunitpy:BASE:fails-unpatched below: they fail on the unpatched
	# base); built apart so
	# that the series' build stays incremental; from the same source tree,
	# so that ccache hits every file they do not change, which is then
	# put back to the series (the selftests install from it).
	other=BUILD_DIR=$(build_out "$base" rt)-other
	check "kunit:$base:v8" env "$other" "$TOP/scripts/kunit.sh" "$base" rt v8+kunit
	check "kunit:$base:v8-fast" env "$other" "$TOP/scripts/kunit.sh" "$base" rt v8-fast+kunit
	# The kunit.py command line that the KUnit patch's message documents
	# (PREEMPT_RT, lockdep), run as written: it passes with the series and
	# fails on the base with only the suite's behavioural cases.
	check "kunitpy:$base" "$TOP/tests/kunitpy.sh" "$base" series
	check "kunitpy:$base:fails-unpatched" env EXPECT='^kunitpy: .*failed: [1-9]' \
		"$TOP/tests/expect-fail.sh" "$TOP/tests/kunitpy.sh" "$base" unpatched+kunit
	[ -n "${LIST:-}" ] || "$TOP/scripts/prep.sh" "$base" series >/dev/null || true
	# The fix read out of the kernel image's machine code (what make
	# deb-check checks in the packaged kernel): there in the series' rt
	# image, and not in the unpatched one kunitpy built just before.
	rt=$(build_out "$base" rt)
	un=$(work_dir "$base")/kunitpy
	check "fixed:$base" "$TOP/scripts/fixed.sh" "$rt/$IMAGE" "$rt/System.map" "$(src_dir "$base")"
	check "fixed:$base:fails-unpatched" env EXPECT='^fixed: no: .* rt_spin_lock' \
		"$TOP/tests/expect-fail.sh" "$TOP/scripts/fixed.sh" "$un/$IMAGE" "$un/System.map" "$(src_dir "$base")"
	# The test's own defaults: concurrent scheduler switches and
	# nr_hw_queues changes on mainline, serialized in the 6.12 backport
	# (see the comment at the top of its quiesce_churn.sh).
	check "selftests:$base:quiesce_churn" env GUEST_DEADLINE=240 \
		"$TOP/scripts/guest.sh" "$base" rt quiesce_churn.sh
	check "selftests:$base:fails-on-failure" env EXPECT=': 0 passed, 1 failed' \
		"$TOP/tests/expect-fail.sh" "$TOP/scripts/guest.sh" "$base" rt no_such_test.sh
	# blktests (skipped without a copy): the nr_hw_queues tests and our
	# block/040 on the series, and proof that a failing test or a dmesg
	# report turns it red (blktests' own meta tests).
	check "blktests:$base" "$TOP/scripts/blktests.sh" "$base" series "${blktests[@]}"
	if [ -x "${BLKTESTS:-$TOP/../shared/blktests}/check" ]; then
		check "blktests:$base:fails-on-failure" env EXPECT='^blktests: .* [1-9][0-9]* failed' \
			"$TOP/tests/expect-fail.sh" "$TOP/scripts/blktests.sh" "$base" series meta/003 meta/009
	fi
	check "count:$base:barrier" "$TOP/tests/count.sh" "$base"
	check "litmus:$base" "$TOP/tests/litmus.sh" "$base"
	n=0 k=0 kl=0
	for m in "$TOP"/tests/mutants/"$base"/*.patch; do
		name=$(basename "$m" .patch)
		n=$((n + 1))
		before=$passed
		check "mutant:$base:$name" "$TOP/tests/mutant.sh" "$base" "$name"
		[ "$passed" -eq "$before" ] && continue
		if grep -q 'killed by litmus' "$logs/mutant:$base:$name.log"; then
			kl=$((kl + 1))
		else
			k=$((k + 1))
		fi
	done
	scores+=("mutation score $base: $((k + kl))/$n killed ($k by the KUnit suite, $kl by litmus tests only)")
	check "bisect:$base" "$TOP/tests/bisect.sh" "$base"
	# A stable backport carries no documentation.
	if all_patches "$base" | xargs grep -q '^+++ b/Documentation/'; then
		check "docs:$base" "$TOP/tests/docs.sh" "$base"
	fi
	check "sparse:$base" "$TOP/tests/sparse.sh" "$base"
	check "sparse:$base:catches-new-warning" env EXPECT='new W=1/sparse warnings' \
		"$TOP/tests/expect-fail.sh" "$TOP/tests/sparse.sh" "$base" mutant:unquiesce-no-irqsave
	check "kunit:$base:uml" "$TOP/scripts/kunit.sh" "$base" uml
done

[ -z "${LIST:-}" ] || exit 0
[ -n "${ONLY:-}" ] || printf '%s\n' "${scores[@]}"
echo "make check took $(($(date +%s) - t0))s"
line="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
