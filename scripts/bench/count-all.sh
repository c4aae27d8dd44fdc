#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make count": for every base, profile and variant of make bench (same
# variables, same build directories), build the variant if needed and
# count its idle path and its quiesced path (COUNT_PATHS, default "idle
# quiesced") with scripts/count.sh.  Appends the rows
# to BENCHMARKS-count.csv, measures one smp_mb() on this machine's CPU
# (scripts/bench/mbcost.sh), and rewrites BENCHMARKS.md and BENCHMARKS.png
# (scripts/bench/bench-report.py).  No timing: the same kernel always gives
# the same counts, so one run per kernel is enough.  The completion
# path (COUNT_PATHS=completion, on SMP vCPUs, default 8, and
# COUNT_DEVICE, default virtio-scsi: see scripts/bench/count.sh) counts every
# walk of the RT completion job and goes to
# BENCHMARKS-count-completion.csv; its walks depend on timing.
#
# BENCH_BASES (default mainline), BENCH_PROFILES (default "rtperf nonrt"),
# BENCH_VARIANTS (default "unpatched ceiling qlock-fast series v8 v8-fast").
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

bases=${BENCH_BASES:-mainline}
profiles=${BENCH_PROFILES:-rtperf nonrt}
variants=${BENCH_VARIANTS:-unpatched ceiling qlock-fast series v8 v8-fast}
csv=$TOP/results/BENCHMARKS-count.csv
header="session,base,profile,variant,release,function,insns,serializing,share,calls,path"
csv_open "$csv" "$header"
ccsv=$TOP/results/BENCHMARKS-count-completion.csv
chead="session,base,profile,variant,release,function,smp,device,jobs,queue_depth,ios,walks,insns_total,serializing_total,insns_mode,serializing_mode,share"
csv_open "$ccsv" "$chead"
session=$(date -u +%Y-%m-%dT%H:%MZ)
for base in $bases; do
	check_base "$base"
	bench_prep "$base"
	for p in $profiles; do
		for v in $variants; do
			log "count $base $p $v"
			"$TOP/scripts/kernel/build.sh" "$base" "$v" "$p" >&2
			out=$(build_out "$base" "$v" "$p")
			release=$(cat "$out/include/config/kernel.release")
			for path in ${COUNT_PATHS:-idle quiesced}; do
				line=$("$TOP/scripts/bench/count.sh" --variant "$v" \
					--selftests-src "$(build_src "$base" series)" \
					--smp "${SMP:-8}" --device "${COUNT_DEVICE:-virtio-scsi}" "$base" "$p" "$v" "$path")
				echo "$line"
				fn=$(result_get "$line" fn)
				get() { result_get "$line" "$1" | tr -d %; }
				if [ "$path" = completion ]; then
					echo "$session,$base,$p,$v,$release,$fn,$(get smp),$(get device),$(get jobs),$(get depth),$(get ios),$(get calls),$(get insns_total),$(get serializing_total),$(get insns),$(get serializing),$(get share)" >>"$ccsv"
				else
					echo "$session,$base,$p,$v,$release,$fn,$(get insns),$(get serializing),$(get share),$(get calls),$path" >>"$csv"
				fi
			done
		done
	done
done
"$TOP/scripts/bench/mbcost.sh"
"$TOP/scripts/bench/bench-report.py"
