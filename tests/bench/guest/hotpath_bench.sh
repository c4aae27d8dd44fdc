#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hot-path microbenchmark: insert blk_hotpath_bench.ko, whose SCHED_FIFO
# threads (one per CPU) call blk_mq_run_hw_queues() on one queue with a
# hardware queue per CPU for HOTPATH_BENCH_MS (default 2000), and report
# the calls per second per CPU.  The queue is idle, or, with
# HOTPATH_BENCH_QUIESCED=1, quiesced (every call then takes whatever the
# quiesced path takes, on one queue shared by all threads).  No pass/fail
# threshold on speed.

source "$(dirname "$(readlink -f "$0")")/bench_lib.sh"

MS=${HOTPATH_BENCH_MS:-2000}
QUIESCED=${HOTPATH_BENCH_QUIESCED:-0}
MOD="$DIR/hotpath_bench/blk_hotpath_bench.ko"

ktap_print_header
blk_need_root
if [ ! -r "$MOD" ]; then
	ktap_skip_all "$MOD was not built"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 1

blk_log_mark
# The module does its work in its init function and then refuses to load
# (EAGAIN), like test_vmalloc: nothing is left to unload.
err=$(insmod "$MOD" duration_ms="$MS" quiesced="$QUIESCED" 2>&1)
result=$(dmesg | sed -n "/$BLK_MARK/,\$p" | grep 'blk_hotpath_bench: ')
echo "$result" | sed 's/.*blk_hotpath_bench: /hotpath: /' | while read -r l; do
	ktap_print_msg "$l"
done
splats=$(blk_log_splats)
if ! grep -q 'Resource temporarily unavailable' <<<"$err" ||
   ! grep -q 'calls/s per cpu' <<<"$result"; then
	ktap_test_fail "the benchmark did not run: $err"
elif [ -n "$splats" ]; then
	# shellcheck disable=SC2001 # one prefix per line
	echo "$splats" | sed 's/^/# /'
	ktap_test_fail "kernel log reports a problem"
else
	ktap_test_pass "hot path microbenchmark ran"
fi
ktap_finished
