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
# RT_BENCH_SECS (default 10), RT_BENCH_QUEUES (default 8),
# RT_BENCH_JOBS (default 2), RT_BENCH_NDELAY (ns, default 20000),
# RT_BENCH_DEPTH (device queue_depth, default 1).

source "$(dirname "$(readlink -f "$0")")/bench_lib.sh"

SECS=${RT_BENCH_SECS:-10}
QUEUES=${RT_BENCH_QUEUES:-8}
JOBS=${RT_BENCH_JOBS:-2}
NDELAY=${RT_BENCH_NDELAY:-20000}
DEPTH=${RT_BENCH_DEPTH:-1}

ktap_print_header
blk_need_root
blk_need_cmd fio
blk_need_module scsi_debug dev_size_mb=256 submit_queues="$QUEUES" \
	ndelay="$NDELAY" max_queue=64 num_tgts=1 max_luns=1
ktap_set_plan 1

cleanup() {
	[ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null
	wait 2>/dev/null
	modprobe -r scsi_debug 2>/dev/null
	rm -rf "$tmp"
}
tmp=$(mktemp -d)
trap cleanup EXIT

disk=
for _ in $(seq 50); do
	for d in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*/target*/*/block/*; do
		[ -e "$d" ] && disk=$(basename "$d")
	done
	[ -n "$disk" ] && [ -b "/dev/$disk" ] && break
	sleep 0.1
done
if [ -z "$disk" ] || [ ! -b "/dev/$disk" ]; then
	ktap_exit_fail_msg "no scsi_debug disk appeared"
fi
echo "$DEPTH" >"/sys/block/$disk/device/queue_depth"
echo none >"/sys/block/$disk/queue/scheduler" 2>/dev/null

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
timeout $((SECS + 60)) fio --minimal --group_reporting --direct=1 \
	--ioengine=psync --time_based --runtime="$SECS" --name=seqread \
	--filename="/dev/$disk" --rw=read --bs=64k --numjobs="$JOBS" \
	--offset_increment=16m --size=16m >"$tmp/fio" 2>"$tmp/fio.err" || rc=$?
kill "$sampler" 2>/dev/null
wait 2>/dev/null
sampler=

line=$(cat "$tmp/fio")
kbs=$(awk -F';' '{ print $7 }' <<<"$line")
iops=$(awk -F';' '{ print $8 }' <<<"$line")
read -r samples dsum dmax <"$tmp/dstate"
hwqs=("/sys/block/$disk/mq/"*)
ktap_print_msg "rt_completion: queues=$QUEUES hw_queues=${#hwqs[@]} jobs=$JOBS" \
	"ndelay=${NDELAY}ns queue_depth=$DEPTH secs=$SECS"
ktap_print_msg "rt_completion: MB/s=$((${kbs:-0} / 1024)) IOPS=${iops:-0}" \
	"clat_us p50=$(blk_fio_clat "$line" 50.000000) p99=$(blk_fio_clat "$line" 99.000000)" \
	"p99.9=$(blk_fio_clat "$line" 99.900000)"
ktap_print_msg "rt_completion: D-state samples=$samples sum=$dsum max=$dmax"

splats=$(blk_log_splats)
if [ "$rc" -ne 0 ]; then
	sed 's/^/# /' "$tmp/fio.err" | head -n 20
	ktap_test_fail "fio failed (exit $rc)"
elif [ -n "$splats" ]; then
	# shellcheck disable=SC2001 # one prefix per line
	echo "$splats" | sed 's/^/# /'
	ktap_test_fail "kernel log reports a problem"
else
	ktap_test_pass "rt completion benchmark ran"
fi
ktap_finished
