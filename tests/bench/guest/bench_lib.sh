# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the harness's guest benchmarks (installed beside the block
# selftests by scripts/boot/guest.sh): kselftest's KTAP helpers, what every
# benchmark needs (blk_need_root, blk_log_mark, blk_log_splats with the
# harness's splat pattern, scripts/boot/splats.sh's), blk_count_d_state,
# blk_fio_clat and the scsi_debug job of the RT completion benchmark
# (blk_sd_setup, blk_sd_fio, blk_bench_result) and its virtio-scsi disk
# (blk_vs_setup, blk_vs_irqs).

DIR="$(dirname "$(readlink -f "$0")")"
# shellcheck source=/dev/null
source "$DIR/../kselftest/ktap_helpers.sh"

BLK_SPLAT_RE='BUG:|WARNING:|Oops|Kernel panic|general protection fault'
BLK_SPLAT_RE+='|Unable to handle kernel|Invalid wait context'
BLK_SPLAT_RE+='|inconsistent lock state|possible (circular|recursive) locking'
BLK_SPLAT_RE+='|lock held when returning|sleeping function called from invalid context'
BLK_SPLAT_RE+='|trying to register non-static key|turning off the locking correctness validator'
BLK_SPLAT_RE+='|blocked for more than|detected stalls|self-detected stall'

blk_need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		ktap_skip_all "must be run as root"
		exit "$KSFT_SKIP"
	fi
}

# Mark the kernel log, so that only what a benchmark caused is checked.
blk_log_mark() {
	BLK_MARK="blk-bench-$$-$RANDOM"
	echo "$BLK_MARK" >/dev/kmsg
}

# Print the splat lines logged since blk_log_mark.
blk_log_splats() {
	dmesg | sed -n "/$BLK_MARK/,\$p" | grep -E "$BLK_SPLAT_RE"
}

# Count the tasks in uninterruptible sleep whose name matches $1.
blk_count_d_state() {
	local n=0 stat comm

	for stat in /proc/[0-9]*/stat; do
		read -r _ comm state _ <"$stat" 2>/dev/null || continue
		[ "$state" = D ] || continue
		# shellcheck disable=SC2254 # $1 is a pattern
		case $comm in $1) n=$((n + 1)) ;; esac
	done
	echo "$n"
}

# blk_fio_clat TERSE PERCENT: completion latency percentile (usec) from a
# fio --minimal line.
blk_fio_clat() {
	tr ';' '\n' <<<"$1" | sed -n "s/^$2%=//p" | head -n 1
}

# blk_sd_settings: the RT completion job's settings, from RT_BENCH_SECS
# (default 10), RT_BENCH_QUEUES (8), RT_BENCH_JOBS (2), RT_BENCH_NDELAY
# (ns, 20000) and RT_BENCH_DEPTH (device queue_depth, 1).
# shellcheck disable=SC2034 # set for the sourcing script
blk_sd_settings() {
	SECS=${RT_BENCH_SECS:-10}
	QUEUES=${RT_BENCH_QUEUES:-8}
	JOBS=${RT_BENCH_JOBS:-2}
	NDELAY=${RT_BENCH_NDELAY:-20000}
	DEPTH=${RT_BENCH_DEPTH:-1}
}

# blk_disk_ready FIND WHAT DEPTH: wait up to 5 s for the disk that the
# function FIND prints, then set BLK_SD_DISK to it, its device
# queue_depth to DEPTH and its scheduler to none; fails the test, naming
# WHAT, if no such disk appears.
blk_disk_ready() {
	BLK_SD_DISK=
	for _ in $(seq 50); do
		BLK_SD_DISK=$("$1")
		[ -n "$BLK_SD_DISK" ] && [ -b "/dev/$BLK_SD_DISK" ] && break
		sleep 0.1
	done
	if [ -z "$BLK_SD_DISK" ] || [ ! -b "/dev/$BLK_SD_DISK" ]; then
		ktap_exit_fail_msg "no $2 disk appeared"
	fi
	echo "$3" >"/sys/block/$BLK_SD_DISK/device/queue_depth"
	echo none >"/sys/block/$BLK_SD_DISK/queue/scheduler" 2>/dev/null
}

# blk_sd_disk: the name of scsi_debug's disk, if it has one.
blk_sd_disk() {
	local d

	for d in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*/target*/*/block/*; do
		[ -e "$d" ] && echo "${d##*/}"
	done | tail -n 1
}

# blk_sd_setup QUEUES NDELAY DEPTH: load scsi_debug (QUEUES submit
# queues, completions after NDELAY ns), wait for its disk, and set the
# disk's device queue_depth to DEPTH and its scheduler to none.  Sets
# BLK_SD_DISK; fails the test if no disk appears.
blk_sd_setup() {
	blk_need_module scsi_debug dev_size_mb=256 submit_queues="$1" \
		ndelay="$2" max_queue=64 num_tgts=1 max_luns=1
	blk_disk_ready blk_sd_disk scsi_debug "$3"
}

# blk_vs_disk: the name of the disk on a virtio-scsi controller, if any.
blk_vs_disk() {
	local d

	for d in /sys/block/sd*; do
		[ -e "$d" ] || continue
		case $(readlink -f "$d/device") in
		*/virtio*) echo "${d##*/}" ;;
		esac
	done | tail -n 1
}

# blk_vs_setup DEPTH: the disk of the virtio-scsi controller that
# scripts/boot/guest.sh --virtio-scsi attaches (one request virtqueue, one
# MSI-X vector and one hardware queue per vCPU), with its device
# queue_depth set to DEPTH and its scheduler to none.  Sets BLK_SD_DISK
# (the disk blk_sd_fio reads); fails the test if there is no such disk.
blk_vs_setup() {
	blk_disk_ready blk_vs_disk "virtio-scsi (scripts/boot/guest.sh --virtio-scsi)" "$1"
}

# blk_vs_irqs: the interrupts of the virtio request virtqueues so far,
# summed over vectors and CPUs, then the number of vectors.
blk_vs_irqs() {
	awk '/virtio[0-9]+-request/ {
		n++
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++)
			s += $i
	} END { print s + 0, n + 0 }' /proc/interrupts
}

# blk_sd_fio SECS JOBS OUT ERR: sequential 64k reads of the scsi_debug
# disk for SECS seconds by JOBS fio jobs, fio's terse line in OUT and its
# errors in ERR; returns fio's status.
blk_sd_fio() {
	timeout $(($1 + 60)) fio --minimal --group_reporting --direct=1 \
		--ioengine=psync --time_based --runtime="$1" --name=seqread \
		--filename="/dev/$BLK_SD_DISK" --rw=read --bs=64k --numjobs="$2" \
		--offset_increment=16m --size=16m >"$3" 2>"$4"
}

# blk_fio_ios OUT: the I/Os that blk_sd_fio completed, from fio's terse
# line in OUT (field 6, KiB read; 64 KiB per I/O).
blk_fio_ios() {
	local kib

	kib=$(awk -F';' '{ print $6 }' "$1")
	echo $((${kib:-0} / 64))
}

# blk_bench_result RC ERR MSG: the test's result: a failed fio (status
# RC, its errors in ERR), a problem in the kernel log, or a pass with MSG.
blk_bench_result() {
	local splats

	splats=$(blk_log_splats)
	if [ "$1" -ne 0 ]; then
		sed 's/^/# /' "$2" | head -n 20
		ktap_test_fail "fio failed (exit $1)"
	elif [ -n "$splats" ]; then
		# shellcheck disable=SC2001 # one prefix per line
		echo "$splats" | sed 's/^/# /'
		ktap_test_fail "kernel log reports a problem"
	else
		ktap_test_pass "$3"
	fi
}
