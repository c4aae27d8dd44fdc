#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Count the instructions, and the serializing ones among them, that
# blk_mq_run_hw_queues() executes, callees included.
#
# PATH idle (the default) and quiesced: one call on a queue with one
# hardware queue, from the harness's hot-path module (tests/bench/guest)
# on one vCPU: on the idle path (the queue unquiesced, nothing pending)
# what a completion pays per idle hardware queue it walks, plus the loop
# around it; on the quiesced path what every run of a quiesced queue
# pays.  The number is the most frequent count per call; it does not
# depend on timing.  (The whole blk_mq_run_hw_queues() is counted
# because whether the compiler inlines blk_mq_run_hw_queue() into it
# differs between variants.)
#
# PATH completion: the field path.  The RT completion job
# (rt_completion_bench.sh: sequential reads, the device's queue_depth
# below the fio jobs, so that completions rerun all hardware queues) on
# --smp N vCPUs
# (default 8) and, with --device virtio-scsi (the default), a
# virtio-scsi disk with one request queue and MSI-X vector per vCPU
# (--device scsi_debug: scsi_debug's timer completions), RT_BENCH_JOBS
# fio jobs (2) and device queue_depth RT_BENCH_DEPTH (1).  Every walk of
# the job is counted; the line adds the job's completed I/Os and the
# sums over all walks.  The mode per walk is reported too: a walk that
# sleeps on a lock or is interrupted is counted with what its vCPU ran
# meanwhile, so the sums carry that noise and the mode does not.
#
# The kernel is that of BASE's variant --variant V (default the series)
# for PROFILE, or that of --build-dir DIR; the build directory must hold
# variant V (its built-variant file, see build.sh);
# --selftests-src DIR is the tree the guest's module comes from
# (scripts/boot/guest.sh).  The guest runs under QEMU TCG with the plugin
# scripts/bench/count-plugin.c, which is built here against the qemu-plugin.h
# of the installed QEMU's own Debian source package.  Prints one line:
#
#   count: BASE PROFILE LABEL: fn=FUNCTION insns=I serializing=S share=P% calls=N path=PATH; ok
#
# to which the completion path appends
#
#   ios=N insns_total=I serializing_total=S smp=N device=D jobs=J depth=Q
#
# PATH window:ELEVATOR:QUEUED:HW_QUEUES: blk_mq_hw_queue_need_run_locked(),
# the raw section, as it runs when an unquiesce lands between the
# lockless check and the locked one (the hot-path module's window mode),
# on --smp vCPUs (give --smp: the default is the completion path's 8).
#
#   scripts/bench/count.sh [--build-dir DIR] [--selftests-src DIR] [--variant V]
#                    [--smp N] [--device D] BASE PROFILE LABEL [PATH]
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

gopts=()
smp=8 device=virtio-scsi variant='' dir=''
while [ $# -gt 0 ]; do
	case $1 in
	--build-dir | --selftests-src | --variant)
		[ $# -ge 2 ] || usage_error "$1 needs a value"
		[ "$1" != --build-dir ] || dir=$2
		[ "$1" != --variant ] || variant=$2
		gopts+=("$1" "$2")
		shift 2 ;;
	--smp | --device)
		[ $# -ge 2 ] || usage_error "$1 needs a value"
		if [ "$1" = --smp ]; then smp=$2; else device=$2; fi
		shift 2 ;;
	--*) usage_error "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -ge 3 ] && [ $# -le 4 ] ||
	usage_error "usage: $PROG [--build-dir DIR] [--selftests-src DIR] [--variant V] [--smp N] [--device D] BASE PROFILE LABEL [idle|quiesced|completion]"
base=$1 profile=$2 label=$3 path=${4:-idle}
fn=blk_mq_run_hw_queues
case $path in
idle) quiesced=0 ;;
quiesced) quiesced=1 ;;
completion) ;;
window:*)
	# window:ELEVATOR:QUEUED:HW_QUEUES, on --smp vCPUs: the locked
	# re-check of a queue that the unquiesce cleared between the two
	# checks, with QUEUED requests in ELEVATOR's queue.
	IFS=: read -r _ welv wq whq <<<"$path"
	case $welv in none | mq-deadline | kyber | bfq) ;; *) welv= ;; esac
	[ -n "$welv" ] && [[ $wq =~ ^[0-9]+$ ]] && [[ $whq =~ ^[1-9][0-9]*$ ]] ||
		usage_error "path $path: window:ELEVATOR:QUEUED:HW_QUEUES (none, mq-deadline, kyber, bfq)"
	fn=blk_mq_hw_queue_need_run_locked ;;
*) usage_error "unknown path '$path' (idle, quiesced, completion, window:ELEVATOR:QUEUED:HW_QUEUES)" ;;
esac
case $smp in '' | *[!0-9]* | 0) usage_error "--smp: a number of vCPUs, not '$smp'" ;; esac
case $device in
scsi_debug) vscsi=() ;;
virtio-scsi) vscsi=(--virtio-scsi "$smp") ;;
*) usage_error "--device: scsi_debug or virtio-scsi, not '$device'" ;;
esac
check_base "$base"
set_profile "$profile"
[ "$ARCH" = x86_64 ] || usage_error "count profiles: rt, rtperf, nonrt"
out=${dir:-$(build_out "$base" "${variant:-series}" "$profile")}
[ -r "$out/System.map" ] && [ -r "$out/vmlinux" ] || die "no kernel in $out; build it first"

# The plugin, against the header of the QEMU that will load it.
plugin_so() {
	local ver dir=$WORKDIR/tools/count-plugin so hdr
	ver=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2>/dev/null) ||
		die "qemu-system-x86 is not installed: make deps"
	# Keyed on the QEMU version and the plugin's source, not on mtimes.
	so=$dir/count-plugin-${ver//[:+~]/_}-$(sha256sum <"$TOP/scripts/bench/count-plugin.c" | cut -c1-12).so
	# Called as $(plugin_so): the lock ends with the subshell.
	wd_lock count-plugin
	if [ ! -r "$so" ]; then
		mkdir -p "$dir/src"
		hdr=$dir/src/qemu-plugin.h
		if [ ! -r "$hdr" ] || [ "$(cat "$dir/src/version" 2>/dev/null)" != "$ver" ]; then
			rm -rf "$dir/src" && mkdir -p "$dir/src"
			local suite got=''
			for suite in bookworm bookworm-security; do
				if (cd "$dir/src" && APT_SOURCES=1 "$TOP/scripts/lib/apt.sh" "$suite" \
					apt-get -qq source --download-only "qemu=$ver") >&2 2>&1; then
					got=$suite
					break
				fi
			done
			[ -n "$got" ] || die "cannot download the source of qemu $ver from Debian"
			tar -xJf "$dir"/src/qemu_*.orig.tar.xz -C "$dir/src" --strip-components=3 \
				--wildcards '*/include/qemu/qemu-plugin.h' ||
				die "no qemu-plugin.h in the qemu $ver source"
			echo "$ver" >"$dir/src/version"
		fi
		gcc -O2 -Wall -Werror -shared -fPIC -pthread -I"$dir/src" -o "$so" \
			"$TOP/scripts/bench/count-plugin.c" || die "cannot build the count plugin"
	fi
	printf '%s\n' "$so"
}

addr=$(awk -v s="$fn" '$3 == s { print $1; exit }' "$out/System.map")
[ -n "$addr" ] || die "no $fn in $out/System.map (the window path needs a variant with the fast path: qlock-fast, series)"
so=$(plugin_so)

log=$out/plugin.log
if [ "$path" = completion ]; then
	# One hardware queue per vCPU, fewer fio jobs than hardware queues:
	# the job of make contention.
	jobs=${RT_BENCH_JOBS:-2} depth=${RT_BENCH_DEPTH:-1}
	env="RT_BENCH_SECS=${RT_BENCH_SECS:-8} RT_BENCH_QUEUES=$smp RT_BENCH_JOBS=$jobs"
	env+=" RT_BENCH_DEVICE=$device RT_BENCH_DEPTH=$depth"
	"$TOP/scripts/boot/guest.sh" "${gopts[@]}" --plugin "$so,entry=0x$addr" --smp "$smp" --mem 4096 \
		"${vscsi[@]}" --deadline "${COUNT_DEADLINE:-900}" --env "$env" \
		"$base" "$profile" rt_completion_bench.sh >&2 ||
		die "the counting guest failed, see $out/guest.log"
elif [ -n "${welv:-}" ]; then
	"$TOP/scripts/boot/guest.sh" "${gopts[@]}" --plugin "$so,entry=0x$addr" --append noreplace-smp --smp "$smp" \
		--deadline "${COUNT_DEADLINE:-600}" \
		--env "HOTPATH_BENCH_WINDOW_FN=0x$addr HOTPATH_BENCH_ELEVATOR=$welv HOTPATH_BENCH_QUEUED=$wq HOTPATH_BENCH_HW_QUEUES=$whq" \
		"$base" "$profile" hotpath_bench.sh >&2 ||
		die "the counting guest failed, see $out/guest.log"
else
	# One vCPU, so that every call is the uncontended idle path; a kernel
	# that finds itself alone patches its lock prefixes out (x86 SMP
	# alternatives, still in 6.12), which noreplace-smp prevents.
	"$TOP/scripts/boot/guest.sh" "${gopts[@]}" --plugin "$so,entry=0x$addr" --append noreplace-smp --smp 1 \
		--deadline "${COUNT_DEADLINE:-600}" --env "HOTPATH_BENCH_MS=${COUNT_MS:-300} HOTPATH_BENCH_QUIESCED=$quiesced" \
		"$base" "$profile" hotpath_bench.sh >&2 ||
		die "the counting guest failed, see $out/guest.log"
fi
head=$(grep -m1 '^count: entry=' "$log") || die "no count in $log"
calls=$(result_get "$head" calls)
top=$(grep -m1 '^count: insns=' "$log") || die "no call of $fn was counted"
insns=$(result_get "$top" insns) ser=$(result_get "$top" serializing) n=$(result_get "$top" n)
share=$((100 * n / calls))
kv=("fn=$fn" "insns=$insns" "serializing=$ser" "share=$share%" "calls=$calls" "path=$path")
if [ "$path" = completion ]; then
	ios=$(sed -n 's/^# rt_completion: ios=\([0-9]*\).*/\1/p' "$out/guest.log" | tail -n 1)
	[ -n "$ios" ] && [ "$ios" -gt 0 ] || die "the job completed no I/O, see $out/guest.log"
	ti=$(result_get "$head" total_insns)
	ts=$(result_get "$head" total_serializing)
	[ -n "$ti" ] && [ -n "$ts" ] || die "no totals in $log"
	[ "$calls" -ge 100 ] || die "only $calls walks were counted in $ios I/Os"
	kv+=("ios=$ios" "insns_total=$ti" "serializing_total=$ts" "smp=$smp" "device=$device" "jobs=$jobs" "depth=$depth")
else
	# The window mode makes 2000 calls; the plugin has seen as few as
	# 182 of them, each with the same count (2026-12-06): what is
	# counted is per call, so a hundred are enough.
	min=1000
	[ -z "${welv:-}" ] || { kv+=("smp=$smp"); min=100; }
	[ "$calls" -ge "$min" ] || die "only $calls calls of $fn were counted"
	[ "$share" -ge 50 ] || die "no count per call dominates ($share% of $calls calls); see $log"
fi
result count "$base $profile $label" ok "${kv[@]}"
