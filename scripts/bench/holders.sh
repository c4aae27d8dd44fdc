#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make holders": does a run of a quiesced queue wait behind the other,
# in-tree holders of q->queue_lock?  In a PREEMPT_RT guest (profile
# rtirqsoff, which has blk-cgroup and blk-throttle) the hot-path module
# quiesces the queue of a registered disk and runs its hardware queues
# from one SCHED_FIFO thread per vCPU but the first, recording each
# thread's longest call, while user space on the first vCPU rewrites the
# disk's io.max in a cgroup (blkg_conf_prep() takes queue_lock each time)
# or, as the reference, does not.  Variants and rounds interleave.
# Appends to BENCHMARKS-holders.csv.
#
# BENCH_BASES (default mainline), HOLDERS_VARIANTS (default "qlock-fast
# series"), HOLDERS_ROUNDS (default 5), SMP (vCPUs, default 3),
# HOTPATH_BENCH_MS (default 2000).
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

bases=${BENCH_BASES:-mainline}
variants=${HOLDERS_VARIANTS:-qlock-fast series}
rounds=${HOLDERS_ROUNDS:-5}
smp=${SMP:-3}
p=rtirqsoff
csv=$TOP/results/BENCHMARKS-holders.csv
csv_open "$csv" "session,base,variant,round,release,smp,iomax,calls_per_cpu,longest_ns,iomax_writes"
session=$(date -u +%Y-%m-%dT%H:%MZ)
bench_build_each "$p" "$bases" "$variants"
for r in $(seq 1 "$rounds"); do
	for base in $bases; do
		for v in $variants; do
			for iomax in 0 1; do
				out=$(build_out "$base" "$v" "$p")
				g=$out/guest.log
				"$TOP/scripts/boot/guest.sh" --variant "$v" --selftests-src "$(build_src "$base" series)" \
					--smp "$smp" --env "HOTPATH_BENCH_MS=${HOTPATH_BENCH_MS:-2000} HOTPATH_BENCH_DISK=1 HOTPATH_BENCH_QUIESCED=1 HOTPATH_BENCH_IOMAX=$iomax" \
					"$base" "$p" hotpath_bench.sh >/dev/null 2>&1 ||
					warn "$base $v round $r io.max $iomax: the guest run failed, see $g"
				calls=$(sed -n 's/.*quiesced queue.*: \([0-9]*\) calls\/s per cpu.*/\1/p' "$g" | head -n 1)
				longest=$(sed -n 's/.*longest call: \([0-9]*\) ns.*/\1/p' "$g" | head -n 1)
				writes=$(sed -n 's/.*io.max writes: \([0-9]*\).*/\1/p' "$g" | head -n 1)
				release=$(cat "$out/include/config/kernel.release")
				echo "$session,$base,$v,$r,$release,$smp,$iomax,${calls:-},${longest:-},${writes:-}" >>"$csv"
				echo "holders: $base $v round $r io.max $iomax: ${calls:-?} calls/s per cpu, longest ${longest:-?} ns, ${writes:-0} io.max writes"
			done
		done
	done
done
