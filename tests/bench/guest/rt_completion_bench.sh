#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RT completion benchmark: sequential reads from a scsi_debug disk with
# several submit queues and timer-driven completions, its queue_depth
# lowered so that the SCSI budget stays exhausted and every completion
# reruns all hardware queues (scsi_run_queue_async() ->
# blk_mq_run_hw_queues()).  blk_mq_run_hw_queue() only synchronizes with
# unquiesce on hardware queues that have nothing to do, so the job uses
# fewer fio jobs than hardware queues: scsi_debug caps submit_queues at
# the number of CPUs, boot with more CPUs than jobs.  Reports throughput,
# IOPS, completion latency and how many IRQ, softirq, timer and kworker
# threads were seen in D state.  It has no pass/fail threshold on speed.
#
# With RT_BENCH_DEVICE=virtio-scsi the same job runs on the disk of
# scripts/boot/guest.sh --virtio-scsi, whose completions arrive as per-queue
# MSI-X interrupts.  The last message line gives the completed I/Os, for
# counts per I/O (scripts/bench/count.sh's completion path).
#
# RT_BENCH_SECS (default 10), RT_BENCH_QUEUES (default 8),
# RT_BENCH_JOBS (default 2), RT_BENCH_NDELAY (ns, default 20000),
# RT_BENCH_DEPTH (device queue_depth, default 1), RT_BENCH_DEVICE
# (scsi_debug, the default, or virtio-scsi).

source "$(dirname "$(readlink -f "$0")")/bench_lib.sh"

blk_sd_settings
DEVICE=${RT_BENCH_DEVICE:-scsi_debug}

ktap_print_header
blk_need_root
blk_need_cmd fio
case $DEVICE in
scsi_debug) blk_sd_setup "$QUEUES" "$NDELAY" "$DEPTH" ;;
virtio-scsi) blk_vs_setup "$DEPTH" ;;
*) ktap_exit_fail_msg "RT_BENCH_DEVICE: scsi_debug or virtio-scsi, not '$DEVICE'" ;;
esac
disk=$BLK_SD_DISK
ktap_set_plan 1

cleanup() {
	[ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null
	wait 2>/dev/null
	modprobe -r scsi_debug 2>/dev/null
	rm -rf "$tmp"
}
tmp=$(mktemp -d)
trap cleanup EXIT

blk_log_mark
(
	samples=0 dsum=0 dmax=0
	while :; do
		n=$(blk_count_d_state '(irq/*|(kworker*|(scsi*|(ksoftirqd*|(ktimers*')
		samples=$((samples + 1))
		dsum=$((dsum + n))
		[ "$n" -gt "$dmax" ] && dmax=$n
		echo "$samples $dsum $dmax" >"$tmp/dstate"
		sleep 0.2
	done
) &
sampler=$!

rc=0
blk_sd_fio "$SECS" "$JOBS" "$tmp/fio" "$tmp/fio.err" || rc=$?
kill "$sampler" 2>/dev/null
wait 2>/dev/null
sampler=

line=$(cat "$tmp/fio")
kbs=$(awk -F';' '{ print $7 }' <<<"$line")
iops=$(awk -F';' '{ print $8 }' <<<"$line")
read -r samples dsum dmax <"$tmp/dstate"
hwqs=("/sys/block/$disk/mq/"*)
ktap_print_msg "rt_completion: device=$DEVICE queues=$QUEUES hw_queues=${#hwqs[@]} jobs=$JOBS" \
	"ndelay=${NDELAY}ns queue_depth=$DEPTH secs=$SECS"
ktap_print_msg "rt_completion: MB/s=$((${kbs:-0} / 1024)) IOPS=${iops:-0}" \
	"clat_us p50=$(blk_fio_clat "$line" 50.000000) p99=$(blk_fio_clat "$line" 99.000000)" \
	"p99.9=$(blk_fio_clat "$line" 99.900000)"
ktap_print_msg "rt_completion: D-state samples=$samples sum=$dsum max=$dmax"
ktap_print_msg "rt_completion: ios=$(blk_fio_ios "$tmp/fio")"

blk_bench_result "$rc" "$tmp/fio.err" "rt completion benchmark ran"
ktap_finished
