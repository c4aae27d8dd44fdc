#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The longest interrupts-off section while blk_hotpath_bench.ko runs its
# queue, idle and then quiesced, one SCHED_FIFO thread per CPU, measured
# by the kernel's irqsoff tracer (CONFIG_IRQSOFF_TRACER): its
# tracing_max_latency in microseconds, and where that section started
# and ended.  For each path the tracer's maximum is reset before the
# module is inserted and read after it returns.  No threshold.

source "$(dirname "$(readlink -f "$0")")/bench_lib.sh"

MS=${HOTPATH_BENCH_MS:-2000}
MOD="$DIR/hotpath_bench/blk_hotpath_bench.ko"
T=/sys/kernel/tracing

ktap_print_header
blk_need_root
[ -r "$T/available_tracers" ] || mount -t tracefs nodev "$T" 2>/dev/null
if ! grep -qw irqsoff "$T/available_tracers" 2>/dev/null; then
	ktap_skip_all "no irqsoff tracer in this kernel"
	exit "$KSFT_SKIP"
fi
if [ ! -r "$MOD" ]; then
	ktap_skip_all "$MOD was not built"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 2

blk_log_mark
echo irqsoff >"$T/current_tracer"
for q in 0 1; do
	path=idle
	[ "$q" = 0 ] || path=quiesced
	echo 0 >"$T/tracing_max_latency"
	echo 1 >"$T/tracing_on"
	err=$(insmod "$MOD" duration_ms="$MS" quiesced="$q" 2>&1)
	echo 0 >"$T/tracing_on"
	max=$(cat "$T/tracing_max_latency")
	started=$(sed -n 's/^#* *=> started at: *//p' "$T/trace" | head -n 1)
	ended=$(sed -n 's/^#* *=> ended at: *//p' "$T/trace" | head -n 1)
	ktap_print_msg "irqsoff: path=$path max_us=$max started=${started:-?} ended=${ended:-?}"
	grep -E '^ +=> ' "$T/trace" | head -n 8 | sed 's/^ */# stack /'
	if grep -q 'Resource temporarily unavailable' <<<"$err"; then
		ktap_test_pass "$path path traced"
	else
		ktap_test_fail "$path: the benchmark did not run: $err"
	fi
done
echo nop >"$T/current_tracer"
splats=$(blk_log_splats)
if [ -n "$splats" ]; then
	# shellcheck disable=SC2001 # one prefix per line
	echo "$splats" | sed 's/^/# /'
	ktap_exit_fail_msg "kernel log reports a problem"
fi
ktap_finished
