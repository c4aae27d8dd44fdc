#!/bin/bash
# Turn the rows of sessions of BENCHMARKS.csv into BENCHMARKS.md (medians
# with min-max, and per-round ratios against unpatched and ceiling) and
# BENCHMARKS.png (gnuplot, the first session).
#
#   scripts/bench-report.sh [SESSION...]    (default: the newest session)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

csv=$TOP/BENCHMARKS.csv
[ -r "$csv" ] || die "no $csv: run make bench"
sessions=("$@")
[ $# -gt 0 ] || sessions=("$(tail -n 1 "$csv" | cut -d, -f1)")
session=${sessions[0]}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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

# column NAME: the CSV column number of NAME.
column() { head -n 1 "$csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
# Sessions before the rt_* columns existed: an empty field.
rtc=$(column rt_smp || true)
rtc=${rtc:-999}

variants="unpatched ceiling fix series"
{
	echo "# Benchmarks"
	echo
	echo "Made by \`make bench\` (scripts/bench.sh), sessions ${sessions[*]}, on this machine:"
	echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)."
	echo "Guests: QEMU $(qemu-system-x86_64 --version | head -n 1 | awk '{ print $4 }'), accelerator"
	echo "$(cut -d, -f8 "$tmp/rows" | sort -u | paste -sd/), vCPUs as below."
	echo "Variants: \`unpatched\` (the base), \`ceiling\` (679b1874eba7's locked re-check"
	echo "removed: the pre-regression hot path, incorrect), \`fix\` (patch 1 only),"
	echo "\`series\` (every patch).  The variants of a session run interleaved, A B C D"
	echo "per round.  Ratios are per round (paired), as median [min-max]."
	echo
	# The completion job of the newest session (older rows lack it:
	# 2 vCPUs, 8 jobs, queue_depth 2).
	read -r rs rq rj rd < <(awk -F, -v s="$session" -v a="$rtc" \
		'$1 == s && $a != "" { print $a, $(a + 1), $(a + 2), $(a + 3); exit }' "$tmp/rows") || true
	echo "Jobs: RT completion = scsi_debug with ${rq:-8} submit queues (one per vCPU at"
	echo "most) on ${rs:-2} vCPUs, fio sequential 64k reads, psync, ${rj:-8} jobs, device"
	echo "queue_depth ${rd:-2}, timer completions: every completion reruns all hardware"
	echo "queues, most of them idle."
	echo "Hot path = blk_hotpath_bench.ko on $(cut -d, -f7 "$tmp/rows" | sort -u | paste -sd/) vCPUs, one SCHED_FIFO thread"
	echo "per vCPU calling blk_mq_run_hw_queues() on an idle queue."
	echo
	echo "How to read it: the regression shows where \`unpatched\` is far below"
	echo "\`ceiling\` (its \`vs ceiling\` ratio well under 1.00x).  Where the two are"
	echo "equal, that job shape does not make completions contend on this machine"
	echo "(more vCPUs than cores with SMP=N, more submit queues or a lower queue"
	echo "depth are the knobs), and it says nothing for or against the fix."
	for metric in mbps hotpath_calls_per_cpu; do
		c=$(column "$metric")
		# The vCPU count of each benchmark's own guest.
		awk -F, -v OFS=, -v m="$metric" -v a="$rtc" \
			'm == "mbps" && $a != "" { $7 = $a } { print }' "$tmp/rows" >"$tmp/rows-$metric"
		case $metric in
		mbps) title="RT completion benchmark: MB/s" ;;
		*) title="Hot-path microbenchmark: calls/s per CPU" ;;
		esac
		echo
		echo "## $title"
		echo
		echo "| base | profile | vCPUs | variant | kernel | median | min-max | n | vs unpatched | vs ceiling | session |"
		echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
		while IFS=, read -r ses base prof smp; do
			for v in $variants; do
				# shellcheck disable=SC2016 # awk code
				sel='$1 == s && $2 == b && $3 == p'
				awk -F, -v s="$ses" -v b="$base" -v p="$prof" -v v="$v" -v c="$c" \
					"$sel"' && $4 == v && $c != "" { print $c }' "$tmp/rows-$metric" >"$tmp/x"
				read -r med lo hi n < <(stats "$tmp/x")
				# A variant this session did not run.
				[ "$n" -gt 0 ] || continue
				rel=$(awk -F, -v s="$ses" -v b="$base" -v p="$prof" -v v="$v" "$sel"' && $4 == v { print $6; exit }' "$tmp/rows-$metric")
				ratio=()
				for ref in unpatched ceiling; do
					# per-round ratios v/ref
					awk -F, -v s="$ses" -v b="$base" -v p="$prof" -v v="$v" -v r="$ref" -v c="$c" "$sel"' && $c != "" {
							if ($4 == v) x[$5] = $c; if ($4 == r) y[$5] = $c }
						END { for (k in x) if (k in y && y[k] > 0) print x[k] / y[k] }' "$tmp/rows-$metric" >"$tmp/r"
					read -r rm rl rh rn < <(stats "$tmp/r")
					if [ "$rn" -gt 0 ]; then
						ratio+=("$(printf '%.2fx [%.2f-%.2f]' "$rm" "$rl" "$rh")")
					else
						ratio+=("-")
					fi
				done
				echo "| $base | $prof | $smp | $v | $rel | $med | $lo-$hi | $n | ${ratio[0]} | ${ratio[1]} | $ses |"
				if [ "$ses" = "$session" ]; then
					echo "$base-$prof $v $med $lo $hi" >>"$tmp/plot-$metric"
				fi
			done
		done < <(cut -d, -f1,2,3,7 "$tmp/rows-$metric" | sort -u)
	done
	echo
	echo "![medians with min-max](BENCHMARKS.png)"
	echo
	echo "Raw rows: BENCHMARKS.csv (all sessions; this table has ${sessions[*]})."
} >"$TOP/BENCHMARKS.md.new"

# One panel per benchmark that has numbers in the first session.
panels=()
[ -s "$tmp/plot-mbps" ] && panels+=("mbps|RT completion: MB/s")
[ -s "$tmp/plot-hotpath_calls_per_cpu" ] && panels+=("hotpath_calls_per_cpu|hot path: calls/s per CPU")
if ! command -v gnuplot >/dev/null; then
	warn "gnuplot not installed: no BENCHMARKS.png"
elif [ "${#panels[@]}" -eq 0 ]; then
	warn "no numbers in session $session: no BENCHMARKS.png"
else
	{
		echo "set terminal pngcairo size $((550 * ${#panels[@]})),450 noenhanced"
		echo "set output \"$TOP/BENCHMARKS.png\""
		echo "set multiplot layout 1,${#panels[@]} title \"make bench, session $session (median, min-max)\""
		echo "set style data histogram"
		echo "set style histogram errorbars gap 1 lw 1"
		echo "set style fill solid 0.6 border -1"
		echo "set xtics rotate by -30"
		echo "set yrange [0:*]"
		echo "set key off"
		for panel in "${panels[@]}"; do
			echo "set title \"${panel#*|}\""
			echo "plot \"$tmp/plot-${panel%%|*}\" using 3:4:5:xtic(sprintf(\"%s %s\", stringcolumn(1), stringcolumn(2)))"
		done
		echo "unset multiplot"
	} | gnuplot
fi
mv "$TOP/BENCHMARKS.md.new" "$TOP/BENCHMARKS.md"
log "wrote BENCHMARKS.md and BENCHMARKS.png for ${sessions[*]}"
