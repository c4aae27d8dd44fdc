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
#
# HOTPATH_BENCH_DISK=1: the queue of a registered disk, bqhot (scheduler
# HOTPATH_BENCH_ELEVATOR, default none); each thread also reports its
# longest call.  HOTPATH_BENCH_IOMAX=1 then rewrites the disk's io.max in
# a cgroup all along (blkg_conf_prep() takes q->queue_lock each time).
# HOTPATH_BENCH_WINDOW_FN=ADDR: count mode (the module's comment):
# HOTPATH_BENCH_QUEUED requests left in the scheduler,
# HOTPATH_BENCH_HW_QUEUES hardware queues (default one per CPU).

source "$(dirname "$(readlink -f "$0")")/bench_lib.sh"

MS=${HOTPATH_BENCH_MS:-2000}
QUIESCED=${HOTPATH_BENCH_QUIESCED:-0}
DISK=${HOTPATH_BENCH_DISK:-0}
IOMAX=${HOTPATH_BENCH_IOMAX:-0}
WINDOW_FN=${HOTPATH_BENCH_WINDOW_FN:-0}
MOD="$DIR/hotpath_bench/blk_hotpath_bench.ko"
args=(duration_ms="$MS" quiesced="$QUIESCED" disk="$DISK"
	elevator="${HOTPATH_BENCH_ELEVATOR:-none}" window_fn="$WINDOW_FN"
	queued="${HOTPATH_BENCH_QUEUED:-0}" hw_queues="${HOTPATH_BENCH_HW_QUEUES:-0}")

ktap_print_header
blk_need_root
if [ ! -r "$MOD" ]; then
	ktap_skip_all "$MOD was not built"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 1

# The io.max writer: waits for the disk, then sets and clears a limit
# until the disk is gone.
iomax_writer() {
	local cg=/sys/fs/cgroup dev n=0
	grep -q " $cg cgroup2 " /proc/mounts || mount -t cgroup2 none "$cg" || return
	echo +io >"$cg/cgroup.subtree_control" || return
	mkdir -p "$cg/bench"
	until [ -e /sys/block/bqhot/dev ]; do sleep 0.01; done
	dev=$(cat /sys/block/bqhot/dev)
	while [ -e /sys/block/bqhot ]; do
		echo "$dev rbps=1048576" 2>>/tmp/iomax.err >"$cg/bench/io.max" || break
		echo "$dev rbps=max" 2>>/tmp/iomax.err >"$cg/bench/io.max" || break
		n=$((n + 2))
	done
	echo "$n" >/tmp/iomax.writes
}

blk_log_mark
if [ "$IOMAX" = 1 ]; then
	rm -f /tmp/iomax.writes /tmp/iomax.err
	iomax_writer &
	args+=(settle_ms=500)
fi
# The module does its work in its init function and then refuses to load
# (EAGAIN), like test_vmalloc: nothing is left to unload.
err=$(insmod "$MOD" "${args[@]}" 2>&1)
wait
result=$(dmesg | sed -n "/$BLK_MARK/,\$p" | grep 'blk_hotpath_bench: ')
echo "$result" | sed 's/.*blk_hotpath_bench: /hotpath: /' | while read -r l; do
	ktap_print_msg "$l"
done
if [ "$IOMAX" = 1 ]; then
	ktap_print_msg "hotpath: io.max writes: $(cat /tmp/iomax.writes 2>/dev/null || echo none)"
	[ ! -s /tmp/iomax.err ] || ktap_print_msg "hotpath: io.max: $(head -n 1 /tmp/iomax.err)"
fi
want='calls/s per cpu'
[ "$WINDOW_FN" = 0 ] || want='window: '
splats=$(blk_log_splats)
if ! grep -q 'Resource temporarily unavailable' <<<"$err" ||
   ! grep -q "$want" <<<"$result"; then
	ktap_test_fail "the benchmark did not run: $err"
elif [ -n "$splats" ]; then
	# shellcheck disable=SC2001 # one prefix per line
	echo "$splats" | sed 's/^/# /'
	ktap_test_fail "kernel log reports a problem"
else
	ktap_test_pass "hot path microbenchmark ran"
fi
ktap_finished
