#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make bench": build the variants unpatched, ceiling (the locked re-check
# of 6bda857bcbb8 removed: the fastest possible, and wrong), qlock-fast
# (the series without its raw lock: the fast path on queue_lock), series,
# v8 (upstream's atomic_t design, tests/bench/BASE-v8.patch)
# and v8-fast (v8 deciding on its first read, tests/bench/BASE-v8-fast.patch)
# for a PREEMPT_RT and a non-RT configuration, then run the
# RT completion benchmark, the hot-path microbenchmark and, with
# BENCH_TESTS including "quiesced", the same microbenchmark on a quiesced
# queue (every thread runs its hardware queues, so all contend on
# whatever the quiesced path takes) in QEMU guests,
# interleaved (A B C D A B C D ...) for BENCH_ROUNDS rounds.  Appends raw
# results to BENCHMARKS.csv and rewrites BENCHMARKS.md and BENCHMARKS.png
# (scripts/bench/bench-report.py).
#
# Each run boots two guests: the completion benchmark with RT_BENCH_SMP
# vCPUs (default 8: scsi_debug has one hardware queue per CPU, and the
# re-check only runs on idle ones, so the job needs more CPUs than its 2
# fio jobs), the hot-path microbenchmark with SMP vCPUs (default 2).
#
# BENCH_BASES (default mainline), BENCH_PROFILES (default "rtperf nonrt"),
# BENCH_VARIANTS (default all six), BENCH_TESTS (default "completion
# hotpath"; "quiesced" adds the quiesced run), BENCH_ROUNDS (default 5),
# SMP, RT_BENCH_SMP, BENCH_DEVICE (scsi_debug, the default, or
# virtio-scsi: the completion benchmark on the virtio-scsi disk of
# scripts/boot/guest.sh --virtio-scsi, one request queue and MSI-X vector per
# vCPU, as make contention runs it; its kernels need the PCI and
# virtio-scsi options of configs/rt-irqsoff.config, so BENCH_PROFILES=
# rtirqsoff), and the benchmarks' own RT_BENCH_* / HOTPATH_BENCH_MS
# settings (tests/bench/guest).
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

bases=${BENCH_BASES:-mainline}
profiles=${BENCH_PROFILES:-rtperf nonrt}
rounds=${BENCH_ROUNDS:-5}
variants=${BENCH_VARIANTS:-unpatched ceiling qlock-fast series v8 v8-fast}
tests=" ${BENCH_TESTS:-completion hotpath} "
csv=$TOP/results/BENCHMARKS.csv
smp=${SMP:-2}
rt_smp=${RT_BENCH_SMP:-8}
rt_queues=${RT_BENCH_QUEUES:-8} rt_jobs=${RT_BENCH_JOBS:-2} rt_depth=${RT_BENCH_DEPTH:-1}
rt_device=${BENCH_DEVICE:-scsi_debug}
case $rt_device in
scsi_debug) vscsi=() ;;
# One request queue (and hardware queue) per vCPU, as make contention.
virtio-scsi) vscsi=(--virtio-scsi "$rt_smp") rt_queues=$rt_smp ;;
*) usage_error "BENCH_DEVICE: scsi_debug or virtio-scsi, not '$rt_device'" ;;
esac
rt_env="RT_BENCH_SECS=${RT_BENCH_SECS:-10} RT_BENCH_QUEUES=$rt_queues RT_BENCH_JOBS=$rt_jobs"
rt_env+=" RT_BENCH_DEPTH=$rt_depth RT_BENCH_NDELAY=${RT_BENCH_NDELAY:-20000} RT_BENCH_DEVICE=$rt_device"
hot_env="HOTPATH_BENCH_MS=${HOTPATH_BENCH_MS:-2000}"

for base in $bases; do
	check_base "$base"
	bench_prep "$base"
	for v in $variants; do
		for p in $profiles; do
			log "build $base $v $p"
			"$TOP/scripts/kernel/build.sh" "$base" "$v" "$p"
		done
	done
done

session=$(date -u +%Y-%m-%dT%H:%MZ)
header="session,base,profile,variant,round,release,smp,accel,mbps,iops,clat_p50_us,clat_p99_us,clat_p999_us,dstate_samples,dstate_sum,dstate_max,hotpath_calls_per_cpu,rt_smp,rt_queues,rt_jobs,rt_depth,quiesced_calls_per_cpu,rt_device"
if [ ! -r "$csv" ]; then
	echo "$header" >"$csv"
elif [ "$(head -n 1 "$csv")" != "$header" ]; then
	# Older sessions lack the trailing columns; they stay empty there.
	sed -i "1s/.*/$header/" "$csv"
fi
total=0
for base in $bases; do for p in $profiles; do for v in $variants; do total=$((total + rounds)); done; done; done
n=0
t0=$(date +%s)
for r in $(seq 1 "$rounds"); do
	for base in $bases; do
		for p in $profiles; do
			for v in $variants; do
				n=$((n + 1))
				out=$(build_out "$base" "$v" "$p")
				ok=1
				g=$out/guest.log
				gopts=(--variant "$v" --selftests-src "$(build_src "$base" series)")
				num() { grep -o "$1=[0-9.]*" "$g" | head -n 1 | cut -d= -f2; }
				mbps='' iops='' p50='' p99='' p999='' ds='' dsum='' dmax='' hot='' qhot=''
				if [[ $tests == *" completion "* ]]; then
					"$TOP/scripts/boot/guest.sh" "${gopts[@]}" --smp "$rt_smp" "${vscsi[@]}" --env "$rt_env" \
						"$base" "$p" rt_completion_bench.sh >/dev/null 2>&1 || ok=0
					mbps=$(num MB/s) iops=$(num IOPS) p50=$(num p50) p99=$(num p99) p999=$(num p99.9)
					ds=$(num samples) dsum=$(num sum) dmax=$(num max)
				fi
				if [[ $tests == *" hotpath "* ]]; then
					"$TOP/scripts/boot/guest.sh" "${gopts[@]}" --smp "$smp" --env "$hot_env" \
						"$base" "$p" hotpath_bench.sh >/dev/null 2>&1 || ok=0
					hot=$(sed -n 's/.*: \([0-9]*\) calls\/s per cpu.*/\1/p' "$g" | head -n 1)
				fi
				if [[ $tests == *" quiesced "* ]]; then
					"$TOP/scripts/boot/guest.sh" "${gopts[@]}" --smp "$smp" --env "$hot_env HOTPATH_BENCH_QUIESCED=1" \
						"$base" "$p" hotpath_bench.sh >/dev/null 2>&1 || ok=0
					qhot=$(sed -n 's/.*quiesced queue.*: \([0-9]*\) calls\/s per cpu.*/\1/p' "$g" | head -n 1)
				fi
				release=$(cat "$out/include/config/kernel.release")
				[ "$ok" = 1 ] || warn "$base $p $v round $r: a guest run failed, see $g"
				echo "$session,$base,$p,$v,$r,$release,$smp,$(cat "$WORKDIR/accel" 2>/dev/null || echo tcg),${mbps:-},${iops:-},${p50:-},${p99:-},${p999:-},${ds:-},${dsum:-},${dmax:-},${hot:-},$rt_smp,$rt_queues,$rt_jobs,$rt_depth,${qhot:-},$rt_device" >>"$csv"
				el=$(($(date +%s) - t0))
				left=$((el * (total - n) / n))
				printf '[%d/%d] %s %s %-9s round %d: %s MB/s, %s calls/s/cpu idle, %s quiesced; about %dm%02ds left\n' \
					"$n" "$total" "$base" "$p" "$v" "$r" "${mbps:-?}" "${hot:-?}" "${qhot:-?}" \
					$((left / 60)) $((left % 60))
			done
		done
	done
done
# Every table: the newest session per base, profile and vCPU count, so
# that a session of some bases, profiles or benchmarks replaces only
# those groups (the tables are made from the CSVs).
"$TOP/scripts/bench/bench-report.py"
