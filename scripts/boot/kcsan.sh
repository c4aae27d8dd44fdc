#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Kernel Concurrency Sanitizer on the quiesce/run paths: build BASE
# with the series for x86_64 non-RT with KCSAN (configs/kcsan.config),
# run the KUnit suite and the quiesce-churn selftest on it, and list every
# KCSAN report.  Fails if a report names a function of the quiesce/run
# paths (KCSAN_PATHS), or if the suite or the churn test fails; reports
# elsewhere in the kernel are listed, not counted.
#
#   scripts/boot/kcsan.sh BASE
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 1 ] || usage_error "usage: $PROG BASE"
base=$1
check_base "$base"
paths=${KCSAN_PATHS:-'blk_mq_run_hw_queue|blk_mq_hw_queue_need_run|blk_mq_unquiesce_queue|blk_mq_quiesce_queue|blk_queue_flag_clear|blk_mq_hctx_has_pending|blk_mq_run_hw_queues|blk_mq_sched_dispatch_requests'}

hold_build "$base" series kcsan
"$TOP/scripts/kernel/build.sh" "$base" series kcsan >&2
out=$(build_out "$base" series kcsan)
# Both runs fail on any kernel-log report, KCSAN's included: judge the
# tests themselves here, and the reports below.
# KCSAN slows the suite down many times over: kunit.py's own timeout.
k=$(KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-300} "$TOP/scripts/boot/kunit-boot.sh" "$base" kcsan series 2>/dev/null) || true
echo "$k" >&2
"$TOP/scripts/boot/guest.sh" --variant series --deadline "${GUEST_DEADLINE:-600}" "$base" kcsan quiesce_churn.sh >&2 || true
ok=1
grep -Eq 'Ran [0-9]+ tests: passed: [1-9][0-9]*(; |, skipped)' <<<"$k" || { ok=0; echo "the KUnit suite failed" >&2; }
grep -q '^# fio exit 0: [1-9]' "$out/guest.log" &&
	! grep -Eq '^not ok 1 (I/O did not finish|fio failed|no scheduler switch)' "$out/guest.log" ||
	{ ok=0; echo "the churn test failed" >&2; }

# "BUG: KCSAN: data-race in A / B" (or "in A"), once per report.
reports=$(cat "$out/console.log" "$out/guest.log" | tr -d '\r' |
	sed -n 's/.*BUG: KCSAN: \(.*\)/\1/p' | sort | uniq -c | sort -rn)
total=$(grep -c . <<<"$reports" || true)
ours=$(grep -cE "$paths" <<<"$reports" || true)
[ -z "$reports" ] || while read -r l; do echo "  $l"; done <<<"$reports" >&2
[ "$ours" -eq 0 ] || ok=0
echo "kcsan: $base: $total distinct reports, $ours in the quiesce/run paths; $([ "$ok" = 1 ] && echo ok || echo FAIL)"
[ "$ok" = 1 ]
