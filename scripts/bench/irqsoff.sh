#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make irqsoff": the longest interrupts-off section on PREEMPT_RT while
# the hot-path module runs an idle and then a quiesced queue from one
# SCHED_FIFO thread per vCPU (tests/bench/guest/irqsoff_bench.sh), per
# variant, measured by the kernel's irqsoff tracer in a PREEMPT_RT kernel
# built for it (profile rtirqsoff, configs/rt-irqsoff.config).  Rounds
# interleave the variants.  Appends to BENCHMARKS-irqsoff.csv and
# rewrites BENCHMARKS.md (scripts/bench/bench-report.py).
#
# BENCH_BASES (default mainline), IRQSOFF_VARIANTS (default "unpatched
# qlock-fast series v8"), IRQSOFF_ROUNDS (default 3), SMP (vCPUs, default 2),
# HOTPATH_BENCH_MS (per path, default 1000).
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

bases=${BENCH_BASES:-mainline}
variants=${IRQSOFF_VARIANTS:-unpatched qlock-fast series v8}
rounds=${IRQSOFF_ROUNDS:-3}
smp=${SMP:-2}
p=rtirqsoff
csv=$TOP/results/BENCHMARKS-irqsoff.csv
header="session,base,variant,round,release,smp,path,max_us,started,ended"
csv_open "$csv" "$header"
session=$(date -u +%Y-%m-%dT%H:%MZ)
bench_build_each "$p" "$bases" "$variants"
for r in $(seq 1 "$rounds"); do
	for base in $bases; do
		for v in $variants; do
			out=$(build_out "$base" "$v" "$p")
			g=$out/guest.log
			"$TOP/scripts/boot/guest.sh" --variant "$v" --selftests-src "$(build_src "$base" series)" \
				--smp "$smp" --env "HOTPATH_BENCH_MS=${HOTPATH_BENCH_MS:-1000}" \
				"$base" "$p" irqsoff_bench.sh >/dev/null 2>&1 ||
				warn "$base $v round $r: the guest run failed, see $g"
			release=$(cat "$out/include/config/kernel.release")
			sed -n 's/^# irqsoff: //p' "$g" | while read -r path max started ended; do
				echo "$session,$base,$v,$r,$release,$smp,${path#path=},${max#max_us=},${started#started=},${ended#ended=}" >>"$csv"
				echo "irqsoff: $base $v round $r ${path#path=}: ${max#max_us=} us (${started#started=} .. ${ended#ended=})"
			done
		done
	done
done
"$TOP/scripts/bench/bench-report.py"
