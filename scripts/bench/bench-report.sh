#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Turn sessions of BENCHMARKS.csv (make bench) and the newest counts of
# BENCHMARKS-count.csv (make count) into BENCHMARKS.md (medians with
# min-max, per-round ratios against unpatched, ceiling, series, v8 and
# v8-fast, and the
# counted hot path) and BENCHMARKS.png (gnuplot, the timed sessions).
#
#   scripts/bench/bench-report.sh [SESSION...]
#   scripts/bench/bench-report.sh --summary BASE
#     the same figures of BASE, computed from the CSVs the same way, as
#     "KIND<TAB>TITLE<TAB>FIELD..." lines on stdout for the cover letter
#     (scripts/mail/cover.sh); BENCHMARKS.md and BENCHMARKS.png are not written
#     default: for each timed benchmark, base, profile and vCPU count,
#     the newest session of BENCHMARKS.csv that ran it
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

csv=$TOP/results/BENCHMARKS.csv
ccsv=$TOP/results/BENCHMARKS-count.csv
[ -r "$csv" ] || [ -r "$ccsv" ] || die "no $csv or $ccsv: run make bench or make count"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
summary=''
if [ "${1:-}" = --summary ]; then
	[ $# -eq 2 ] || usage_error "usage: $PROG --summary BASE"
	check_base "$2"
	summary=$2
	shift 2
fi
sessions=("$@")
: >"$tmp/rows"
if [ $# -eq 0 ] && [ -r "$csv" ]; then
	tail -n +2 "$csv" >"$tmp/rows"
fi
for s in "${sessions[@]}"; do
	grep "^$s," "$csv" >>"$tmp/rows" || die "no session $s in $csv"
done

# stats FILE: "median min max n" of the numbers in FILE.
stats() {
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - - 0"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%s %s %s %d\n", fmt(m), fmt(v[1]), fmt(v[NR]), NR }
		function fmt(x) { return x >= 100 ? sprintf("%.0f", x) : sprintf("%.3g", x) }'
}

# csv_col NAME: the BENCHMARKS.csv column number of NAME.
csv_col() { head -n 1 "$csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }

variants="unpatched ceiling qlock-fast raw-always series v8 v8-fast"
# The references of the per-round ratios; the plot labels the series'
# bars with the first and the fourth.
refs="unpatched ceiling series v8 v8-fast"
{
	echo "# Benchmarks"
	echo
	echo "Made by \`make bench\` (timed, scripts/bench/bench.sh) and \`make count\` (counted,"
	echo "scripts/bench/count-all.sh) on this machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo),"
	echo "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1); guests under QEMU $(qemu-system-x86_64 --version | head -n 1 | awk '{ print $4 }') TCG."
	echo
	echo "Variants: \`unpatched\` (the base), \`ceiling\` (the locked re-check of"
	echo "6bda857bcbb8 removed: the pre-regression hot path, incorrect), \`qlock-fast\`"
	echo "(the series without its raw lock: barrier and fast path, the re-check under"
	echo "queue_lock), \`raw-always\` (the raw lock on every idle run, no fast path: the"
	echo "series' patch 1 before 2026-12-06, rows named \`fix\` until then),"
	echo "\`series\` (the series), \`v8\` (upstream's atomic_t quiesce_depth design,"
	echo "v8 of that series, as tests/bench/BASE-v8.patch writes it from its description),"
	echo "\`v8-fast\` (v8 deciding on its first read of the depth, the fast path of patch 2,"
	echo "tests/bench/BASE-v8-fast.patch)."
	echo "Profiles: \`rtperf\` (PREEMPT_RT, no lock debugging), \`nonrt\` (CONFIG_PREEMPT, not RT)."
	if [ -s "$ccsv" ]; then
		# The newest row of each base, profile, variant and path (rows
		# from before the quiesced path was counted have no path: idle).
		awk -F, 'NR > 1 { p = $11 == "" ? "idle" : $11; k = $2 "," $3 "," $4 "," p; row[k] = $0 "," p }
			END { for (k in row) print row[k] }' "$ccsv" | cut -d, -f1-10,12 |
			sort -t, -k2,2 -k3,3r >"$tmp/counts"
		for path in idle quiesced; do
			grep -q ",$path\$" "$tmp/counts" || continue
			echo
			if [ "$path" = idle ]; then
				title="Counted: one call of the unquiesced idle-queue hot path"
				echo "## $title"
				what="runs an idle queue"
			else
				title="Counted: one call on a quiesced queue"
				echo "## $title"
				what="runs a quiesced queue (HOTPATH_BENCH_QUIESCED=1)"
			fi
			echo
			echo "Instructions executed per call of the function, callees included, and the"
			echo "serializing ones among them (lock-prefixed read-modify-writes, xchg with"
			echo "memory, mfence/lfence/sfence), counted by a QEMU TCG plugin"
			echo "(scripts/bench/count-plugin.c) while blk_hotpath_bench.ko $what with"
			echo "one hardware queue on one vCPU; the most frequent count and its share of"
			echo "the calls.  The same kernel gives the same numbers: no rounds, no spread."
			echo "Command: \`make count\` (scripts/bench/count-all.sh; scripts/bench/count.sh BASE PROFILE VARIANT $path)."
			echo
			echo "| base | profile | variant | function | instructions | serializing | vs ceiling | share | kernel | counted |"
			echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
			while IFS=, read -r base prof; do
				for v in $variants; do
					IFS=, read -r ses _ _ _ rel fn insns ser share _ < <(awk -F, -v b="$base" -v p="$prof" -v v="$v" -v q="$path" \
						'$2 == b && $3 == p && $4 == v && $11 == q' "$tmp/counts") || continue
					ceil=$(awk -F, -v b="$base" -v p="$prof" -v q="$path" '$2 == b && $3 == p && $4 == "ceiling" && $11 == q { print $7 }' "$tmp/counts")
					d=-
					[ -z "$ceil" ] || d=$(printf '%+d' $((insns - ceil)))
					echo "| $base | $prof | $v | $fn | $insns | $ser | $d | $share% | $rel | $ses |"
					printf 'count\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$title" "$base" "$prof" "$v" "$insns" "$ser" "$d" >>"$tmp/summary"
				done
			done < <(grep ",$path\$" "$tmp/counts" | cut -d, -f2,3 | sort -u -t, -k1,1 -k2,2r)
		done
	fi
	icsv=$TOP/results/BENCHMARKS-irqsoff.csv
	if [ -s "$icsv" ] && [ "$(wc -l <"$icsv")" -gt 1 ]; then
		echo
		ititle="Measured: the longest interrupts-off section on PREEMPT_RT"
		echo "## $ititle"
		echo
		echo "The kernel's irqsoff tracer (tracing_max_latency, reset before each run) while"
		echo "blk_hotpath_bench.ko runs one queue from one SCHED_FIFO thread per vCPU for"
		echo "1 s, idle and then quiesced, in a PREEMPT_RT kernel without lock debugging"
		echo "plus CONFIG_IRQSOFF_TRACER (configs/rt-irqsoff.config).  The maximum is over"
		echo "the whole guest, whatever disabled interrupts; the section's start and end"
		echo "say whose it was.  Under QEMU TCG: microseconds of an emulated CPU, and a"
		echo "vCPU the host deschedules inside a section stretches it.  Command: \`make"
		echo "irqsoff\` (scripts/bench/irqsoff.sh).  Sessions before 2026-12-02T10:00Z ran"
		echo "kernels without the PCI, virtio-scsi and kprobe-event options that"
		echo "configs/rt-irqsoff.config has had since then for \`make contention\`."
		echo
		echo "| base | variant | path | vCPUs | median us | min-max | n | longest section (most frequent start .. end) | session |"
		echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
		for base in $(tail -n +2 "$icsv" | cut -d, -f2 | sort -u); do
			ses=$(awk -F, -v b="$base" '$2 == b { s = $1 } END { print s }' "$icsv")
			for path in idle quiesced; do
				for v in $variants; do
					awk -F, -v s="$ses" -v b="$base" -v v="$v" -v q="$path" \
						'$1 == s && $2 == b && $3 == v && $7 == q && $8 != "" { print $8 }' "$icsv" >"$tmp/x"
					read -r med lo hi n < <(stats "$tmp/x")
					[ "$n" -gt 0 ] || continue
					smp=$(awk -F, -v s="$ses" -v b="$base" -v v="$v" '$1 == s && $2 == b && $3 == v { print $6; exit }' "$icsv")
					where=$(awk -F, -v s="$ses" -v b="$base" -v v="$v" -v q="$path" \
						'$1 == s && $2 == b && $3 == v && $7 == q { print $9 " .. " $10 }' "$icsv" |
						sort | uniq -c | sort -rn | head -n 1 | sed 's/^ *[0-9]* //')
					echo "| $base | $v | $path | $smp | $med | $lo-$hi | $n | $where | $ses |"
					printf 'irqsoff\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$ititle" "$base" "$v" "$path" "$med" "$lo-$hi" "$n" "$where" >>"$tmp/summary"
				done
			done
		done
	fi
	ncsv=$TOP/results/BENCHMARKS-contention.csv
	if [ -s "$ncsv" ] && [ "$(wc -l <"$ncsv")" -gt 1 ]; then
		echo
		ntitle="Measured: lock contention on the run path, PREEMPT_RT"
		echo "## $ntitle"
		echo
		echo "The kernel's lock:contention_begin/contention_end tracepoints, which"
		echo "PREEMPT_RT's spinlock_t fires in its rtmutex slow path (flags RT) and"
		echo "raw spinlocks in the qspinlock slow path (SPIN); CONFIG_LOCK_STAT"
		echo "cannot compare the two on PREEMPT_RT (spinlock_t's slow path calls no"
		echo "lock_contended()).  The site is the function that took the lock (the"
		echo "innermost frame of the event's stack outside the locking code):"
		echo "blk_mq_run_hw_queue is the locked re-check (queue_lock unpatched,"
		echo "quiesce_sync_lock with patch 1 alone), blk_mq_hw_queue_need_run_locked"
		echo "the series' out-of-line re-check; every other site is summed as"
		echo "\"other\".  Phase hotpath: blk_hotpath_bench.ko on an idle queue, one"
		echo "SCHED_FIFO thread per vCPU, for CONTENTION_HOTPATH_MS; completion: the"
		echo "RT completion job (scsi_debug, one hardware queue per vCPU, timer"
		echo "completions, device queue_depth 1 and 2 fio jobs unless the walks table"
		echo "below gives the session another shape), per 1000 completed I/Os;"
		echo "completion-virtio-scsi: the same job on a virtio-scsi disk"
		echo "(\`CONTENTION_DEVICE=virtio-scsi\`: one request queue, MSI-X vector and"
		echo "hardware queue per vCPU, completions in the interrupts' threaded"
		echo "handlers)."
		echo "PREEMPT_RT without lock debugging, tracing on (the rtirqsoff kernels,"
		echo "their tracer off).  Under QEMU TCG with more vCPUs than host cores: a"
		echo "lock holder the host deschedules makes waits long, so the event counts"
		echo "say more than the wait times.  Sessions before 2026-12-02T10:00Z ran kernels"
		echo "without configs/rt-irqsoff.config's PCI, virtio-scsi and kprobe-event"
		echo "options.  Sessions before 2026-12-02T19:00Z (see the session column)"
		echo "gave each event the stack entry that followed it in the"
		echo "merged trace, which another CPU's entry can precede: 2-7 % of the"
		echo "completion phases' events got no stack (site ?) and as many another"
		echo "event's, so a site's count there can be off by that much.  The parser"
		echo "now takes the stack from the event's own CPU (contention_bench.sh)."
		echo "Per base, vCPU count and device, the newest"
		echo "session.  Medians over rounds [min-max]; a round"
		echo "without the site counts 0.  Command: \`make contention\`"
		echo "(scripts/bench/contention.sh)."
		echo
		echo "| base | variant | phase | vCPUs | site | flags | events | wait us | events per 1000 I/Os | wait us per 1000 I/Os | n | session |"
		echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
		# The newest session of each base, vCPU count (hardware queues) and
		# device (a session with a virtio-scsi phase is a virtio-scsi one):
		# "base,vCPUs,session" in the order of the table.
		mapfile -t groups < <(awk -F, 'NR > 1 {
				k = $2 "," $6 "," $1
				if ($7 ~ /virtio/) d[k] = "virtio-scsi"; else if (!(k in d)) d[k] = "scsi_debug"
			} END { for (k in d) print k "," d[k] }' "$ncsv" |
			sort -t, -k1,1 -k4,4 -k2,2n -k3,3 |
			awk -F, '{ k = $1 "," $2 "," $4; if (!(k in s)) o[++n] = k; s[k] = $3 }
				END { for (i = 1; i <= n; i++) { split(o[i], a, ","); print a[1] "," a[2] "," s[o[i]] } }')
		for bs in "${groups[@]}"; do
			base=${bs%%,*}
			ses=${bs##*,}
			bs=${bs%,*}
			# One line per round and (variant, phase, site, flags), the sites
			# outside blk-mq summed as "other"; then every round of the
			# variant, 0 where the site did not appear.
			awk -F, -v s="$ses" -v b="$base" -v m="${bs#*,}" 'BEGIN { OFS = "\t" }
				$1 == s && $2 == b && $6 == m {
					site = $8 ~ /^_*blk_mq_/ ? $8 : "other"
					k = $3 OFS $7 OFS site OFS $9
					ev[k OFS $4] += $10; wt[k OFS $4] += $11; keys[k] = 1
					ios[$3 OFS $7 OFS $4] = $12; rounds[$3 OFS $4] = 1; smp[$3] = $6
				}
				END {
					for (k in keys) {
						split(k, a, OFS)
						for (vr in rounds) {
							split(vr, c, OFS)
							if (c[1] != a[1])
								continue
							i = ios[a[1] OFS a[2] OFS c[2]]
							print k, c[2], ev[k OFS c[2]] + 0, wt[k OFS c[2]] + 0, i + 0, smp[a[1]]
						}
					}
				}' "$ncsv" >"$tmp/cont"
			# One table row and one summary line per (variant, phase, site,
			# flags), medians over the rounds as stats() gives them, in one
			# pass; a variant whose phase had no blk-mq site gets a zero row.
			awk -F'\t' -v vars="$variants" -v base="$base" -v ses="$ses" -v title="$ntitle" '
				function fmt(x) { return x >= 100 ? sprintf("%.0f", x) : sprintf("%.3g", x) }
				function st(list,   a, n, i, j, t) {
					n = split(substr(list, 2), a, " ")
					for (i = 2; i <= n; i++)
						for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
							t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
						}
					m = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
					N = n
					return fmt(m) " [" fmt(a[1]) "-" fmt(a[n]) "]"
				}
				BEGIN { nv = split(vars, vn, " "); for (i = 1; i <= nv; i++) vi[vn[i]] = i }
				{
					k = $1 "\t" $2 "\t" $3 "\t" $4
					r = $8 > 0 ? 1000 / $8 : 0
					ev[k] = ev[k] " " $6; wt[k] = wt[k] " " $7
					e1[k] = e1[k] " " $6 * r; w1[k] = w1[k] " " $7 * r
					smp[$1] = $9; seen[$1 "\t" $2] = 1; rd[$1 "\t" $2 "\t" $5] = 1
					if ($3 != "other") blk[$1 "\t" $2] = 1
				}
				END {
					for (vp in seen) {
						split(vp, a, "\t")
						if (vp in blk) continue
						n = 0
						for (x in rd) if (index(x, vp "\t") == 1) n++
						z = a[2] ~ /^completion/ ? "0 [0-0]" : "-"
						printf "%d\t%d\t0\t\t\t| %s | %s | %s | %s | no blk_mq_* site | - | 0 [0-0] | 0 [0-0] | %s | %s | %d | %s |\tcontention\t%s\t%s\t%s\t%s\t%s\tno blk_mq_* site\t-\t0\t%s\n",
							vi[a[1]], (a[2] != "hotpath") + (a[2] ~ /virtio/), base, a[1], a[2], smp[a[1]], z, z, n, ses,
							title, base, a[1], a[2], smp[a[1]], z
					}
					for (k in ev) {
						split(k, a, "\t")
						e = st(ev[k]); emed = m; n = N
						w = st(wt[k])
						pe = "-"; pw = "-"
						if (a[2] ~ /^completion/) { pe = st(e1[k]); pw = st(w1[k]) }
						printf "%d\t%d\t1\t%s\t%s\t| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |\tcontention\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
							vi[a[1]], (a[2] != "hotpath") + (a[2] ~ /virtio/), a[3], a[4],
							base, a[1], a[2], smp[a[1]], a[3], a[4], e, w, pe, pw, n, ses,
							title, base, a[1], a[2], smp[a[1]], a[3], a[4], fmt(emed), pe
					}
				}' "$tmp/cont" | sort -t"$(printf '\t')" -k1,1n -k2,2n -k3,3n -k4,4 -k5,5 >"$tmp/crows"
			cut -f6 "$tmp/crows"
			cut -f7- "$tmp/crows" >>"$tmp/summary"
		done
	fi
	wcsv=$TOP/results/BENCHMARKS-walks.csv
	if [ -s "$wcsv" ] && [ "$(wc -l <"$wcsv")" -gt 1 ]; then
		echo
		echo "### Hardware-queue walks and runs per completed I/O"
		echo
		echo "The completion job of the table above once more, untraced, with kprobe"
		echo "events on blk_mq_run_hw_queues() (a walk over every hardware queue,"
		echo "scsi_run_queue_async()'s rerun when the device's budget ran out) and"
		echo "blk_mq_run_hw_queue() (one queue), counted by kprobe_profile; per"
		echo "completed I/O (fio's KiB / 64).  async: the share of walks that asked"
		echo "for an asynchronous run (each idle hardware queue then takes the locked"
		echo "re-check).  Runs: calls of the out-of-line blk_mq_run_hw_queue() only;"
		echo "where the compiler inlines it into blk_mq_run_hw_queues() (count.sh"
		echo "found that this differs between variants) a walk's runs are not"
		echo "among them, so compare walks, not runs, across variants."
		echo "Interrupts: the virtio request interrupts (summed over"
		echo "vectors and CPUs, /proc/interrupts) per I/O.  The kprobes slow the"
		echo "calls they count, so these runs are not timed.  Per base, vCPU count and"
		echo "phase, the newest session; medians over rounds [min-max].  Command:"
		echo "\`make contention\` (scripts/bench/contention.sh)."
		echo
		echo "| base | variant | phase | vCPUs | hw queues | queue_depth | fio jobs | walks per I/O | async | runs per I/O | interrupts per I/O | vectors | n | session |"
		echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
		for k in $(tail -n +2 "$wcsv" | awk -F, '{ print $2 "," $7 "," $6 "," $1 }' | sort -t, -k1,1 -k2,2 -k3,3n -k4,4 |
			awk -F, '{ k = $1 "," $2 "," $3; if (!(k in s)) o[++n] = k; s[k] = $4 }
				END { for (i = 1; i <= n; i++) print o[i] "," s[o[i]] }'); do
			IFS=, read -r base phase smp ses <<<"$k"
			for v in $variants; do
				awk -F, -v s="$ses" -v b="$base" -v p="$phase" -v m="$smp" -v v="$v" '
					$1 == s && $2 == b && $7 == p && $6 == m && $3 == v && $11 > 0' "$wcsv" >"$tmp/w"
				[ -s "$tmp/w" ] || continue
				for c in walks runs irqs; do
					n=$(head -n 1 "$wcsv" | tr ',' '\n' | grep -nx "$c" | cut -d: -f1)
					awk -F, -v c="$n" '{ print $c / $11 }' "$tmp/w" >"$tmp/w.$c"
				done
				awk -F, '{ print ($12 > 0 ? $13 / $12 : 0) }' "$tmp/w" >"$tmp/w.async"
				read -r wm wl wh wn < <(stats "$tmp/w.walks")
				read -r am al ah _ < <(stats "$tmp/w.async")
				read -r rm rl rh _ < <(stats "$tmp/w.runs")
				read -r im il ih _ < <(stats "$tmp/w.irqs")
				# One session runs one job shape: its first round's.
				IFS=, read -r hwq depth jobs vec < <(awk -F, 'NR == 1 { print $8 "," $9 "," $10 "," $16 }' "$tmp/w")
				echo "| $base | $v | $phase | $smp | $hwq | $depth | $jobs | $wm [$wl-$wh] | $am [$al-$ah] | $rm [$rl-$rh] | $im [$il-$ih] | $vec | $wn | $ses |"
				printf 'walks\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "Hardware-queue walks per completed I/O" "$base" "$v" "$phase" "$smp" "$wm [$wl-$wh]" "$rm [$rl-$rh]" >>"$tmp/summary"
			done
		done
	fi
	cccsv=$TOP/results/BENCHMARKS-count-completion.csv
	if [ -s "$cccsv" ] && [ "$(wc -l <"$cccsv")" -gt 1 ]; then
		echo
		echo "### Counted per completed I/O: the field path"
		echo
		echo "The RT completion job (rt_completion_bench.sh: sequential 64 KiB reads,"
		echo "device queue_depth below the fio jobs, one hardware queue per vCPU) under"
		echo "the TCG plugin, which counts every call of blk_mq_run_hw_queues(),"
		echo "callees included: the walks per completed I/O, and the instructions and"
		echo "serializing instructions of all walks divided by the walks (mean per"
		echo "walk) and by the job's completed I/Os.  The sums hold everything a walk"
		echo "does, queueing the run of each hardware queue that has work included;"
		echo "a walk that sleeps on a lock or takes an interrupt is also counted with"
		echo "what its vCPU ran meanwhile.  The mode is the most frequent count per"
		echo "walk (instructions/serializing), with its share of the walks.  How"
		echo "often the job walks depends on timing, and the plugin's own cost"
		echo "changes that timing: compare variants by the counts per walk (the mode"
		echo "exactly, the mean roughly: how many hardware queues a walk finds busy"
		echo "also depends on timing), not by the figures per I/O; the walks table"
		echo "above counts the walks per I/O without the plugin, in rounds.  The"
		echo "kernels are make contention's (profile rtirqsoff, PREEMPT_RT, tracer"
		echo "off).  One run per variant.  Per base, vCPU count and device, the"
		echo "newest session.  Command: \`SMP=N BENCH_PROFILES=rtirqsoff"
		echo "COUNT_PATHS=completion RT_BENCH_JOBS=J RT_BENCH_DEPTH=Q make count\`"
		echo "(scripts/bench/count.sh's completion path)."
		echo
		echo "| base | variant | vCPUs | device | fio jobs | queue_depth | I/Os | walks per I/O | instructions per walk | serializing per walk | instructions per I/O | serializing per I/O | mode per walk | mode's share | session |"
		echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
		for k in $(tail -n +2 "$cccsv" | awk -F, '{ print $2 "," $7 "," $8 "," $1 }' | sort -t, -k1,1 -k2,2n -k3,3 -k4,4 |
			awk -F, '{ k = $1 "," $2 "," $3; if (!(k in s)) o[++n] = k; s[k] = $4 }
				END { for (i = 1; i <= n; i++) print o[i] "," s[o[i]] }'); do
			IFS=, read -r base smp dev ses <<<"$k"
			for v in $variants; do
				awk -F, -v s="$ses" -v b="$base" -v m="$smp" -v d="$dev" -v v="$v" '
					$1 == s && $2 == b && $7 == m && $8 == d && $4 == v && $11 > 0 {
						w = $12 > 0 ? $12 : 1
						printf "| %s | %s | %s | %s | %s | %s | %d | %.2f | %.0f | %.2f | %.0f | %.2f | %d/%d | %d%% | %s |\n",
							b, v, m, d, $9, $10, $11, $12 / $11, $13 / w, $14 / w, $13 / $11, $14 / $11, $15, $16, $17, s
						printf "counted\t%s\t%s\t%s\t%s\t%s\t%.2f\t%.0f\t%.2f\t%d/%d\n",
							"Counted per walk of the completion job (mean; most frequent walk)", b, v, m, d, $12 / $11, $13 / w, $14 / w, $15, $16 >> summary
					}' summary="$tmp/summary" "$cccsv"
			done
		done
	fi
	cpucsv=$TOP/results/BENCHMARKS-cpu.csv
	if [ -s "$cpucsv" ] && [ "$(wc -l <"$cpucsv")" -gt 1 ]; then
		d=$(tail -n 1 "$cpucsv" | cut -d, -f1)
		grep "^$d," "$cpucsv" | cut -d, -f4 >"$tmp/mb"
		grep "^$d," "$cpucsv" | cut -d, -f6 >"$tmp/mbs"
		read -r mb mblo mbhi mbn < <(stats "$tmp/mb")
		read -r mbs _ _ _ < <(stats "$tmp/mbs")
		echo
		echo "### One smp_mb() on this machine's own CPU"
		echo
		echo "scripts/bench/mbcost.sh ($d, $mbn runs, $(grep "^$d," "$cpucsv" | head -n 1 | cut -d, -f2)):"
		echo "\`lock; addl \$0,-4(%rsp)\` costs $mb ns [$mblo-$mbhi] in a tight loop, $mbs ns right"
		echo "after a store to another cache line (the fastest of 15 tries in each run)."
		echo "Every call that finds an idle hardware queue pays it once more under v8"
		echo "than under the series (the serializing column above), so a completion"
		echo "that walks 120 idle hardware queues (the SAS39xx of the v8 posting) pays"
		echo "about $(awk -v m="$mb" 'BEGIN { printf "%.0f", 120 * m }') ns more, lower bound: a barrier with more stores"
		echo "pending or a contended cache line costs more.  That difference is patch"
		echo "2's fast path, not the lock: v8-fast, v8 with the same fast path, executes"
		echo "no barrier there (its row above)."
	fi
	if [ -s "$tmp/rows" ]; then
		rtc=$(csv_col rt_smp || true)
		rtc=${rtc:-999}
		rdc=$(csv_col rt_device || true)
		rdc=${rdc:-999}
		read -r rs rq rj rd < <(awk -F, -v a="$rtc" -v d="$rdc" '$a != "" && $d != "virtio-scsi" { print $a, $(a + 1), $(a + 2), $(a + 3); exit }' "$tmp/rows") || true
		read -r vs _ vj vd < <(awk -F, -v a="$rtc" -v d="$rdc" '$a != "" && $d == "virtio-scsi" && $9 != "" { print $a, $(a + 1), $(a + 2), $(a + 3) }' "$tmp/rows" | tail -n 1) || true
		echo
		echo "## Timed"
		echo
		echo "Sessions @SESSIONS@.  The variants of a session run interleaved, one"
		echo "guest each per round; ratios are per round (paired), as median [min-max]."
		echo "RT completion: scsi_debug with ${rq:-8} submit queues on ${rs:-8} vCPUs, fio"
		echo "sequential 64k reads, ${rj:-2} jobs, device queue_depth ${rd:-1}, timer completions:"
		echo "every completion reruns all hardware queues, most of them idle."
		if [ -n "${vs:-}" ]; then
			echo "Profiles marked +virtio-scsi (\`BENCH_DEVICE=virtio-scsi\`): the same job on a QEMU"
			echo "virtio-scsi disk with one request queue, MSI-X vector and hardware queue per"
			echo "vCPU (the vCPUs column), completions in the vectors' threaded"
			echo "handlers, ${vj} fio jobs, device queue_depth ${vd}, on make contention's"
			echo "rtirqsoff kernels (the irqsoff tracer built in and off, alike in every variant)."
		fi
		echo "Hot path: blk_hotpath_bench.ko on $(cut -d, -f7 "$tmp/rows" | sort -u | paste -sd/) vCPUs, one SCHED_FIFO thread per vCPU"
		echo "calling blk_mq_run_hw_queues() on an idle queue with one hardware queue per vCPU."
		echo "Quiesced path: the same module and threads on one quiesced queue"
		echo "(HOTPATH_BENCH_QUIESCED=1): every call takes whatever the quiesced path takes,"
		echo "all vCPUs on the same queue.  Each table shows, per base, profile and vCPU"
		echo "count, the newest session that ran its benchmark."
		echo "TCG emulates a full barrier at a cost unlike a real CPU's: see the counted"
		echo "table and README.md for what one smp_mb() costs on this host's CPU."
		for metric in mbps hotpath_calls_per_cpu quiesced_calls_per_cpu; do
			c=$(csv_col "$metric" || true)
			[ -n "$c" ] && awk -F, -v c="$c" '$c != "" { f = 1 } END { exit !f }' "$tmp/rows" || continue
			# The newest session that ran this benchmark, per base,
			# profile and vCPU count (the completion job's own; rows
			# from before the job's shape was recorded, all superseded
			# by newer sessions, are left out).
			awk -F, -v OFS=, -v m="$metric" -v a="$rtc" -v c="$c" -v d="$rdc" '
				$c == "" { next }
				m == "mbps" && $a == "" { next }
				m == "mbps" { $7 = $a }
				m == "mbps" && $d == "virtio-scsi" { $3 = $3 "+virtio-scsi" }
				{ k = $2 "," $3 "," $7
				  row[NR] = $0; key[NR] = k; ses[NR] = $1
				  if ($1 > new[k]) new[k] = $1 }
				END { for (i = 1; i <= NR; i++) if (i in row && ses[i] == new[key[i]]) print row[i] }' \
				"$tmp/rows" >"$tmp/rows-$metric"
			cut -d, -f1 "$tmp/rows-$metric" >>"$tmp/used"
			case $metric in
			mbps) title="RT completion benchmark: MB/s" unit=1 ;;
			quiesced_calls_per_cpu) title="Quiesced-path contention microbenchmark: calls/s per CPU (every vCPU runs the same quiesced queue)" unit=1000000 ;;
			*) title="Hot-path microbenchmark: calls/s per CPU" unit=1000000 ;;
			esac
			echo
			echo "### $title"
			echo
			echo "| base | profile | vCPUs | variant | kernel | median | min-max | n | vs unpatched | vs ceiling | vs series | vs v8 | vs v8-fast | session |"
			echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
			while IFS=, read -r ses base prof smp; do
				for v in $variants; do
					# shellcheck disable=SC2016 # awk code
					sel='$1 == s && $2 == b && $3 == p && $7 == n'
					awk -F, -v s="$ses" -v b="$base" -v p="$prof" -v n="$smp" -v v="$v" -v c="$c" \
						"$sel"' && $4 == v && $c != "" { print $c }' "$tmp/rows-$metric" >"$tmp/x"
					read -r med lo hi n < <(stats "$tmp/x")
					[ "$n" -gt 0 ] || continue
					rel=$(awk -F, -v s="$ses" -v b="$base" -v p="$prof" -v n="$smp" -v v="$v" "$sel"' && $4 == v { print $6; exit }' "$tmp/rows-$metric")
					# Per reference: the per-round ratios' median [min-max]
					# as stats gives them (one awk for all references:
					# forks are what this script spends its time on),
					# then to two places by printf, as before.
					ratio=() plot=()
					while read -r rm rl rh; do
						if [ "$rm" = - ]; then
							ratio+=("-") plot+=("-")
						else
							printf -v r '%.2fx [%.2f-%.2f]' "$rm" "$rl" "$rh"
							printf -v pl '%.2f' "$rm"
							ratio+=("$r") plot+=("$pl")
						fi
					done < <(awk -F, -v s="$ses" -v b="$base" -v p="$prof" -v n="$smp" -v v="$v" -v refs="$refs" -v c="$c" "$sel"' && $c != "" {
							if ($4 == v) x[$5] = $c; y[$4, $5] = $c }
						function fmt(x) { return x >= 100 ? sprintf("%.0f", x) : sprintf("%.3g", x) }
						END {
							nr = split(refs, R, " ")
							for (i = 1; i <= nr; i++) {
								n = 0
								for (k in x) if ((R[i], k) in y && y[R[i], k] > 0) {
									q = sprintf("%.6g", x[k] / y[R[i], k]) + 0
									for (j = n; j > 0 && r[j] > q; j--) r[j + 1] = r[j]
									r[j + 1] = q; n++
								}
								if (n == 0) { print "- - -"; continue }
								m = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
								print fmt(m), fmt(r[1]), fmt(r[n])
							}
						}' "$tmp/rows-$metric")
					echo "| $base | $prof | $smp | $v | $rel | $med | $lo-$hi | $n | ${ratio[0]} | ${ratio[1]} | ${ratio[2]} | ${ratio[3]} | ${ratio[4]} | $ses |"
					printf 'timed\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$title" "$base" "$prof" "$v" "$med" "${ratio[@]}" "$smp" >>"$tmp/summary"
					awk -v g="$base $prof, $smp vCPUs" -v v="$v" -v m="$med" -v l="$lo" -v h="$hi" -v u="$unit" \
						-v ru="${plot[0]}" -v r8="${plot[3]}" \
						'BEGIN { print g "|" v "|" m / u "|" l / u "|" h / u "|" ru "|" r8 }' >>"$tmp/plot-$metric"
				done
			done < <(cut -d, -f1,2,3,7 "$tmp/rows-$metric" | sort -u -t, -k2,2 -k3,3r -k4,4n)
		done
		echo
		echo "![medians with min-max; on the series bars its ratio to unpatched and to v8](BENCHMARKS.png)"
	fi
	echo
	echo "Raw rows: BENCHMARKS.csv (timed, every session), BENCHMARKS-count.csv"
	echo "(counted) and BENCHMARKS-cpu.csv (the barrier on the host CPU)."
} >"$tmp/md"
if [ -n "$summary" ]; then
	awk -F'\t' -v b="$summary" '$3 == b' "$tmp/summary" 2>/dev/null || true
	exit 0
fi
mv "$tmp/md" "$TOP/results/BENCHMARKS.md.new"

# One panel per timed benchmark: groups (base, profile), one bar colour
# per variant, a log axis (unpatched PREEMPT_RT is far below the rest).
panels=()
[ -s "$tmp/plot-mbps" ] && panels+=("mbps|RT completion: MB/s")
[ -s "$tmp/plot-hotpath_calls_per_cpu" ] && panels+=("hotpath_calls_per_cpu|hot path: million calls/s per CPU")
png=' and BENCHMARKS.png'
if ! command -v gnuplot >/dev/null; then
	warn "gnuplot not installed (scripts/lib/deps.sh bench, which make bench runs): BENCHMARKS.png left as it was"
	png=''
elif [ "${#panels[@]}" -gt 0 ]; then
	for panel in "${panels[@]}"; do
		f=$tmp/plot-${panel%%|*}
		# One row per group, columns median/min/max per variant, and
		# the labels of the series bars.
		present=''
		for v in $variants; do
			! grep -q "^[^|]*|$v|" "$f" || present+=" $v"
		done
		echo "$present" >"$f.vars"
		awk -F'|' -v vs="$present" -v out="$f" '
			BEGIN { nv = split(vs, V, " ") }
			!($1 in gi) { gi[$1] = ++ng; G[ng] = $1 }
			{ m[$1, $2] = $3; l[$1, $2] = $4; h[$1, $2] = $5
			  if ($2 == "series") { lu[$1] = $6 "x unp"; l8[$1] = $7 "x v8" } }
			END {
				for (g = 1; g <= ng; g++) {
					line = "\"" G[g] "\""
					for (i = 1; i <= nv; i++) {
						k = G[g] SUBSEP V[i]
						line = line " " (k in m ? m[k] " " l[k] " " h[k] : "NaN NaN NaN")
					}
					print line > (out ".dat")
					if (G[g] in lu) {
						for (i = 1; i <= nv; i++) if (V[i] == "series") s = i
						x = g - 1 + (s - (nv + 1) / 2) / (nv + 1.5)
						printf "%f %s \"%s, %s\"\n", x, h[G[g], "series"] * 1.12, lu[G[g]], l8[G[g]] > (out ".lab")
					}
				}
			}' "$f"
	done
	{
		echo "set terminal pngcairo size $((620 * ${#panels[@]})),560 noenhanced font ',10'"
		echo "set output \"$TOP/results/BENCHMARKS.png\""
		echo "set multiplot layout 1,${#panels[@]} title \"make bench: median and min-max per variant, grouped by base and profile\""
		echo "set style data histogram"
		echo "set style histogram errorbars gap 1.5 lw 1"
		echo "set style fill solid 0.8 border -1"
		echo "set logscale y"
		echo "set grid ytics"
		echo "set key outside bottom center horizontal"
		echo "set xtics nomirror"
		for panel in "${panels[@]}"; do
			f=$tmp/plot-${panel%%|*}
			echo "set title \"${panel#*|} (log scale)\""
			# Room above the bars for the labels.
			awk -F'|' '{ if (!lo || $4 < lo) lo = $4; if ($5 > hi) hi = $5 }
				END { printf "set yrange [%g:%g]\n", lo / 1.5, hi * 6 }' "$f"
			printf 'plot'
			i=0
			read -ra vs <"$f.vars"
			for v in "${vs[@]}"; do
				i=$((i + 1))
				col=$((2 + 3 * (i - 1)))
				[ "$i" -eq 1 ] && xt=':xtic(1)' || xt=''
				case $v in
				unpatched) rgb='#7b3294' ;; ceiling) rgb='#1b9e77' ;; qlock-fast) rgb='#80b1d3' ;; raw-always) rgb='#b2abd2' ;;
				series) rgb='#e66101' ;; *) rgb='#fdb863' ;;
				esac
				printf ' "%s" using %d:%d:%d%s title "%s" lc rgb "%s",' "$f.dat" "$col" "$((col + 1))" "$((col + 2))" "$xt" "$v" "$rgb"
			done
			if [ -s "$f.lab" ]; then
				printf ' "%s" using 1:2:3 with labels font ",8" rotate by 90 left notitle\n' "$f.lab"
			else
				echo ' 1/0 notitle'
			fi
		done
		echo "unset multiplot"
	} >"$tmp/plot.gp"
	[ -z "${BENCH_REPORT_KEEP:-}" ] || cp -r "$tmp" "$BENCH_REPORT_KEEP"
	gnuplot "$tmp/plot.gp" || { warn "gnuplot failed: no new BENCHMARKS.png"; png=''; }
else
	png=''
fi
used=$(sort -u "$tmp/used" 2>/dev/null | paste -sd' ' | sed 's/ /, /g')
sed -i "s/@SESSIONS@/${used:-none}/" "$TOP/results/BENCHMARKS.md.new"
mv "$TOP/results/BENCHMARKS.md.new" "$TOP/results/BENCHMARKS.md"
log "wrote BENCHMARKS.md$png"
