#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make contention": lock contention on the run path, per variant, from
# the kernel's lock:contention_begin/contention_end tracepoints
# (tests/bench/guest/contention_bench.sh): the idle-queue hot path, then
# the RT completion job (one hardware queue per vCPU, device queue_depth
# 1) on scsi_debug or, with CONTENTION_DEVICE=virtio-scsi, on a
# virtio-scsi disk whose completions arrive as per-queue MSI-X
# interrupts, events and wait time per site and per 1000 completed I/Os;
# then the job once more with kprobes counting the hardware-queue walks
# and runs per I/O.  PREEMPT_RT kernels without lock debugging and with
# tracing, the ones make irqsoff builds (profile rtirqsoff; its tracer
# stays off here).  Rounds interleave the variants.  Appends to
# BENCHMARKS-contention.csv and BENCHMARKS-walks.csv and rewrites
# BENCHMARKS.md (scripts/bench/bench-report.py).
#
# BENCH_BASES (default mainline), CONTENTION_VARIANTS (default
# "unpatched qlock-fast series"), CONTENTION_ROUNDS (default 3), SMP (vCPUs and
# hardware queues, default 8), CONTENTION_DEVICE (scsi_debug, the
# default, or virtio-scsi), RT_BENCH_SECS (default 8), RT_BENCH_JOBS
# (default 2), RT_BENCH_DEPTH (the device's queue_depth, default 1:
# keep it below RT_BENCH_JOBS, so that completions rerun the hardware
# queues), CONTENTION_HOTPATH_MS (default 200).
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

bases=${BENCH_BASES:-mainline}
variants=${CONTENTION_VARIANTS:-unpatched qlock-fast series}
rounds=${CONTENTION_ROUNDS:-3}
smp=${SMP:-8}
p=rtirqsoff
device=${CONTENTION_DEVICE:-scsi_debug}
case $rounds$smp in *[!0-9]*) usage_error "CONTENTION_ROUNDS and SMP are numbers" ;; esac
case $device in
scsi_debug) vscsi=() ;;
virtio-scsi) vscsi=(--virtio-scsi "$smp") ;;
*) usage_error "CONTENTION_DEVICE: scsi_debug or virtio-scsi, not '$device'" ;;
esac
for base in $bases; do
	check_base "$base"
done
csv=$TOP/results/BENCHMARKS-contention.csv
header="session,base,variant,round,release,smp,phase,site,flags,events,wait_us,ios"
csv_open "$csv" "$header"
wcsv=$TOP/results/BENCHMARKS-walks.csv
whead="session,base,variant,round,release,smp,phase,hw_queues,queue_depth,jobs,ios,walks,async,runs,irqs,vectors"
csv_open "$wcsv" "$whead"
session=$(date -u +%Y-%m-%dT%H:%MZ)
bench_build_each "$p" "$bases" "$variants"
env="RT_BENCH_SECS=${RT_BENCH_SECS:-8} RT_BENCH_QUEUES=$smp RT_BENCH_JOBS=${RT_BENCH_JOBS:-2}"
env+=" RT_BENCH_DEPTH=${RT_BENCH_DEPTH:-1}"
env+=" CONTENTION_HOTPATH_MS=${CONTENTION_HOTPATH_MS:-200} RT_BENCH_DEVICE=$device"
# Each distinct stack of the events at one site, in the guest log.
[ -z "${CONTENTION_STACKS:-}" ] || env+=" CONTENTION_STACKS=$CONTENTION_STACKS"
for r in $(seq 1 "$rounds"); do
	for base in $bases; do
		for v in $variants; do
			out=$(build_out "$base" "$v" "$p")
			g=$out/guest.log
			"$TOP/scripts/boot/guest.sh" --variant "$v" \
				--selftests-src "$(build_src "$base" series)" --smp "$smp" --mem 4096 "${vscsi[@]}" \
				--env "$env" "$base" "$p" contention_bench.sh >/dev/null 2>&1 ||
				warn "$base $v round $r: the guest run failed, see $g"
			release=$(cat "$out/include/config/kernel.release")
			sed -n 's/^# contention: phase=//p' "$g" | while read -r phase site flags events wait ios _; do
				flags=${flags//|/+}
				echo "$session,$base,$v,$r,$release,$smp,$phase,${site#site=},${flags#flags=},${events#events=},${wait#wait_us=},${ios#ios=}" >>"$csv"
				echo "contention: $base $v round $r $phase ${site#site=} ${flags#flags=}: ${events#events=} events, ${wait#wait_us=} us waited, ${ios#ios=} I/Os"
			done
			# "# walks: phase=P hw_queues=N ... vectors=V": the values in
			# the order of the CSV's columns.
			sed -n 's/^# walks: phase=//p' "$g" | while read -r phase rest; do
				vals=$(sed 's/[a-z_]*=//g; s/ /,/g' <<<"$rest")
				echo "$session,$base,$v,$r,$release,$smp,$phase,$vals" >>"$wcsv"
				echo "walks: $base $v round $r $phase $rest"
			done
			sed -n 's/^# walks: caller /walks: caller /p' "$g"
		done
	done
done
"$TOP/scripts/bench/bench-report.py"
