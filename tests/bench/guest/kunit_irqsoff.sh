#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The longest interrupts-off section since boot, as the irqsoff tracer
# started by the kernel command line (ftrace=irqsoff, scripts/boot/guest.sh
# --append) recorded it: with kunit.enable=1 the KUnit suites built into
# the kernel ran during boot, and the section is theirs if its stack
# says so.  Prints its length in microseconds, where it started and
# ended, and the stack.  No threshold.

source "$(dirname "$(readlink -f "$0")")/bench_lib.sh"

T=/sys/kernel/tracing

ktap_print_header
blk_need_root
[ -r "$T/tracing_max_latency" ] || mount -t tracefs nodev "$T" 2>/dev/null
if [ "$(cat "$T/current_tracer" 2>/dev/null)" != irqsoff ]; then
	ktap_skip_all "the irqsoff tracer was not started at boot (ftrace=irqsoff)"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 1
echo 0 >"$T/tracing_on"
max=$(cat "$T/tracing_max_latency")
started=$(sed -n 's/^#* *=> started at: *//p' "$T/trace" | head -n 1)
ended=$(sed -n 's/^#* *=> ended at: *//p' "$T/trace" | head -n 1)
kunit=$(grep -c 'blk_mq_quiesce' /proc/kallsyms 2>/dev/null || echo 0)
ktap_print_msg "irqsoff: path=boot max_us=$max started=${started:-?} ended=${ended:-?}"
grep -E '^ +=> ' "$T/trace" | head -n 12 | sed 's/^ */# stack /'
ktap_print_msg "kunit symbols: $kunit"
ktap_test_pass "boot traced"
ktap_finished
