#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lock contention on the run path, recorded by the kernel's own
# lock:contention_begin/contention_end tracepoints.  PREEMPT_RT's
# spinlock_t fires them in its rtmutex slow path (flags RT); raw
# spinlocks in the qspinlock slow path (flags SPIN).  CONFIG_LOCK_STAT
# cannot be used for this comparison: on PREEMPT_RT, spinlock_t's slow
# path (kernel/locking/spinlock_rt.c) calls no lock_contended(), so
# LOCK_STAT would see the raw lock's contention and not queue_lock's.
#
# Each contention_begin carries its kernel stack (a stacktrace trigger),
# which names the site: the innermost frame outside the locking code,
# the function that took the lock.  Wait time is contention_end's
# timestamp minus contention_begin's, per task.
#
# Two phases: "hotpath", blk_hotpath_bench.ko on an idle queue (one
# SCHED_FIFO thread per CPU, CONTENTION_HOTPATH_MS), which shows what the
# instrument records; and the completion job of rt_completion_bench.sh
# (RT_BENCH_* settings), reported per 1000 completed I/Os: phase
# "completion" on scsi_debug (timer completions), or with
# RT_BENCH_DEVICE=virtio-scsi phase "completion-virtio-scsi" on the disk
# of scripts/boot/guest.sh --virtio-scsi (completions in the threaded
# handlers of per-queue MSI-X interrupts).  Then the same job once more,
# untraced, with kprobes on blk_mq_run_hw_queues() and
# blk_mq_run_hw_queue(): how many walks over all hardware queues (and
# from where) and how many single-queue runs each completed I/O causes,
# and on virtio-scsi how many request interrupts it took.  The kprobes
# slow those calls down, so the counts come from a run of their own.
# No threshold: one "# contention:" line per phase and site, one
# "# walks:" line.  CONTENTION_STACKS=SITE also prints, per phase, each
# distinct stack of the events attributed to SITE ("# contention-stack:"
# lines, innermost frame first), to check what the site names.

source "$(dirname "$(readlink -f "$0")")/bench_lib.sh"

blk_sd_settings
DEVICE=${RT_BENCH_DEVICE:-scsi_debug}
HMS=${CONTENTION_HOTPATH_MS:-200}
STACKS=${CONTENTION_STACKS:-}
MOD="$DIR/hotpath_bench/blk_hotpath_bench.ko"
T=/sys/kernel/tracing
EV=$T/events/lock

ktap_print_header
blk_need_root
blk_need_cmd fio
[ -d "$EV" ] || mount -t tracefs nodev "$T" 2>/dev/null
if [ ! -d "$EV/contention_begin" ]; then
	ktap_skip_all "no lock:contention_begin tracepoint in this kernel"
	exit "$KSFT_SKIP"
fi
case $DEVICE in
scsi_debug | virtio-scsi) ;;
*) ktap_exit_fail_msg "RT_BENCH_DEVICE: scsi_debug or virtio-scsi, not '$DEVICE'" ;;
esac
if [ ! -r "$MOD" ]; then
	ktap_skip_all "$MOD was not built"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 3

tmp=$(mktemp -d)
reader=
cleanup() {
	echo 0 >"$T/tracing_on"
	[ -n "$reader" ] && kill "$reader" 2>/dev/null
	wait 2>/dev/null
	echo 0 >"$EV/enable"
	echo '!stacktrace' >"$EV/contention_begin/trigger" 2>/dev/null
	[ -d "$T/events/blkq" ] && echo 0 >"$T/events/blkq/enable"
	[ -e "$T/kprobe_events" ] && echo >"$T/kprobe_events"
	modprobe -r scsi_debug 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# trace_start: empty the buffer and stream the events to $tmp/trace.
trace_start() {
	echo 0 >"$T/tracing_on"
	: >"$T/trace"
	cat "$T/trace_pipe" >"$tmp/trace" &
	reader=$!
	echo 1 >"$T/tracing_on"
}

# trace_stop: stop tracing and the reader, once it has drained the buffer.
trace_stop() {
	echo 0 >"$T/tracing_on"
	sleep 1
	kill "$reader" 2>/dev/null
	wait "$reader" 2>/dev/null
	reader=
}

# report PHASE IOS: one line per (site, flags) of $tmp/trace, events and
# wait time, per 1000 I/Os when IOS > 0 (contention_report.awk).
report() {
	awk -v phase="$1" -v ios="$2" -v stacks="$STACKS" -f "$DIR/contention_report.awk" "$tmp/trace" |
		sort -t= -k5 -n -r | while read -r l; do ktap_print_msg "$l"; done
}

blk_log_mark
echo 16384 >"$T/buffer_size_kb"
echo 0 >"$T/tracing_on"
echo 'stacktrace' >"$EV/contention_begin/trigger"
echo 1 >"$EV/contention_begin/enable"
echo 1 >"$EV/contention_end/enable"

# Phase 1: the idle-queue hot path.
trace_start
err=$(insmod "$MOD" duration_ms="$HMS" quiesced=0 2>&1)
trace_stop
report hotpath 0
if grep -q 'Resource temporarily unavailable' <<<"$err"; then
	ktap_test_pass "hotpath phase traced"
else
	ktap_test_fail "hotpath: the benchmark did not run: $err"
fi

# Phase 2: the RT completion job.
if [ "$DEVICE" = virtio-scsi ]; then
	blk_vs_setup "$DEPTH"
	phase=completion-virtio-scsi
	what="virtio-scsi, MSI-X"
else
	blk_sd_setup "$QUEUES" "$NDELAY" "$DEPTH"
	phase=completion
	what="scsi_debug, ndelay=${NDELAY}ns"
fi
disk=$BLK_SD_DISK
hwqs=("/sys/block/$disk/mq/"*)
ktap_print_msg "contention: job device=$DEVICE hw_queues=${#hwqs[@]} jobs=$JOBS" \
	"queue_depth=$DEPTH secs=$SECS ($what)"
rc=0
trace_start
blk_sd_fio "$SECS" "$JOBS" "$tmp/fio" "$tmp/fio.err" || rc=$?
trace_stop
report "$phase" "$(blk_fio_ios "$tmp/fio")"
lost=$(grep -c 'LOST.*EVENTS' "$tmp/trace" || true)
[ "$lost" -eq 0 ] || ktap_print_msg "contention: trace buffer lost events $lost times"
blk_bench_result "$rc" "$tmp/fio.err" "$phase phase traced"

# Phase 3: the same job with kprobes counting the runs, tracing the walks
# (with their caller and async argument) and dropping the runs' events.
echo 0 >"$EV/contention_begin/enable"
echo 0 >"$EV/contention_end/enable"
rc=0
# shellcheck disable=SC2016 # $stack is the kprobe's fetch argument
if [ ! -e "$T/kprobe_events" ]; then
	ktap_test_skip "no kprobe events in this kernel: walks not counted"
elif echo 'p:blkq/walks blk_mq_run_hw_queues caller=+0($stack):symbol async=%si:u8' >>"$T/kprobe_events" &&
	echo 'p:blkq/runs blk_mq_run_hw_queue async=%si:u8' >>"$T/kprobe_events" &&
	echo 'common_pid < 0' >"$T/events/blkq/runs/filter" &&
	echo 1 >"$T/events/blkq/enable"; then
	read -r irq0 vectors < <(blk_vs_irqs)
	trace_start
	blk_sd_fio "$SECS" "$JOBS" "$tmp/fio" "$tmp/fio.err" || rc=$?
	trace_stop
	echo 0 >"$T/events/blkq/enable"
	read -r irq1 _ < <(blk_vs_irqs)
	ios=$(blk_fio_ios "$tmp/fio")
	hits() { awk -v e="$1" '$1 == e { print $2 }' "$T/kprobe_profile"; }
	walks=$(hits walks) runs=$(hits runs)
	async=$(grep -c ' walks: .*async=1' "$tmp/trace" || true)
	ktap_print_msg "walks: phase=$phase hw_queues=${#hwqs[@]} queue_depth=$DEPTH" \
		"jobs=$JOBS ios=$ios walks=$walks async=$async runs=$runs" \
		"irqs=$((irq1 - irq0)) vectors=$vectors"
	# Who walked: the callers of blk_mq_run_hw_queues().
	sed -n 's/.* walks: .*caller=\([^+ ]*\).*/\1/p' "$tmp/trace" | sort | uniq -c |
		sort -rn | while read -r n f; do ktap_print_msg "walks: caller $f $n"; done
	blk_bench_result "$rc" "$tmp/fio.err" "walks counted"
else
	ktap_test_fail "kprobes on blk_mq_run_hw_queues/blk_mq_run_hw_queue refused"
fi
ktap_finished
