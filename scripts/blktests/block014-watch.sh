#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/blktests/block014.sh, run by scripts/boot/guest.sh --pre: as
# "start" in the background before blktests, as "end" after it.
#
# start: count calls with kprobe events (hits in kprobe_profile; a filter
# that matches nothing keeps them out of the trace buffer):
# blk_mq_run_hw_queue(), the series' locked re-check
# blk_mq_hw_queue_need_run_locked() (absent unpatched) and null_blk's
# ->timeout handler (one call per request that timed out); record every
# dd's exec and exit (sched tracepoints, trace instance "dd"); then poll
# the kernel log, and at the first hung-task report dump the queues'
# debugfs state (flags, each hctx's state, dispatch list, busy list,
# tags, sched_tags, the software queues' lists, the scheduler's lists),
# the stacks of the tasks in D state and the counts, twice, 10 s apart.
#
# end: print the dumps ("B014-DUMP<n>| "), the final counts
# ("B014-KPROBE| ") and the dd events ("B014-DD| ").
set -u
T=/sys/kernel/debug/tracing
W=/tmp/b014

dump() {
	local d h c f p st
	echo "uptime $(cut -d' ' -f1 /proc/uptime)"
	for d in /sys/kernel/debug/block/*; do
		[ -d "$d/hctx0" ] || continue
		echo "-- $d/state"
		cat "$d/state"
		for h in "$d"/hctx*; do
			for f in state flags dispatch busy tags sched_tags dispatch_busy run active; do
				[ -r "$h/$f" ] || continue
				echo "-- $h/$f"
				cat "$h/$f"
			done
			for c in "$h"/cpu*; do
				for f in "$c"/*_rq_list; do
					[ -r "$f" ] || continue
					echo "-- $f"
					cat "$f"
				done
			done
		done
		for f in "$d"/sched/*; do
			[ -f "$f" ] || continue
			echo "-- $f"
			cat "$f"
		done
	done
	for p in /proc/[0-9]*; do
		st=$(sed -n 's/^State:\t\([A-Z]\).*/\1/p' "$p/status" 2>/dev/null)
		[ "$st" = D ] || continue
		echo "-- D ${p#/proc/} $(cat "$p/comm" 2>/dev/null)"
		cat "$p/stack" 2>/dev/null
	done
	echo "-- kprobe_profile"
	cat "$T/kprobe_profile"
}

case ${1:-} in
start)
	mkdir -p "$W"
	echo $$ >"$W/pid"
	for k in 'bq_run blk_mq_run_hw_queue' 'bq_locked blk_mq_hw_queue_need_run_locked' \
		'bq_timeout null_blk:null_timeout_rq'; do
		echo "p:${k% *} ${k#* }" >>"$T/kprobe_events" 2>/dev/null || continue
		echo 'common_pid < 0' >"$T/events/kprobes/${k%% *}/filter"
		echo 1 >"$T/events/kprobes/${k%% *}/enable"
	done
	mkdir -p "$T/instances/dd"
	I=$T/instances/dd/events/sched
	echo 'filename ~ "*/dd"' >"$I/sched_process_exec/filter"
	echo 'comm == "dd"' >"$I/sched_process_exit/filter"
	echo 1 >"$I/sched_process_exec/enable"
	echo 1 >"$I/sched_process_exit/enable"
	until dmesg | grep -q 'blocked for more than'; do
		sleep 1
	done
	dump >"$W/dump1" 2>&1
	sleep 10
	dump >"$W/dump2" 2>&1
	;;
end)
	kill "$(cat "$W/pid")" 2>/dev/null
	for n in 1 2; do
		[ -r "$W/dump$n" ] && sed "s/^/B014-DUMP$n| /" "$W/dump$n"
	done
	sed 's/^/B014-KPROBE| /' "$T/kprobe_profile"
	grep -v '^#' "$T/instances/dd/trace" | sed 's/^/B014-DD| /'
	;;
*)
	echo "usage: ${0##*/} start|end" >&2
	exit 2
	;;
esac
