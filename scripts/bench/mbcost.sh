#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Measure what one smp_mb() costs on this machine's own CPU (not under
# QEMU): build scripts/bench/mbcost.c and run it RUNS times (default 5),
# appending one row per run to BENCHMARKS-cpu.csv.
#
#   scripts/bench/mbcost.sh
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 0 ] || usage_error "usage: $PROG"
[ "$(uname -m)" = x86_64 ] || die "the barrier loop is x86-64 assembly; this is $(uname -m)"
bin=$WORKDIR/tools/mbcost
mkdir -p "${bin%/*}"
gcc -O2 -Wall -Werror -o "$bin" "$TOP/scripts/bench/mbcost.c" || die "cannot build scripts/bench/mbcost.c"
csv=$TOP/results/BENCHMARKS-cpu.csv
header="date,cpu,cycles,ns,after_store_cycles,after_store_ns,tsc_mhz"
[ -r "$csv" ] || echo "$header" >"$csv"
[ "$(head -n 1 "$csv")" = "$header" ] || die "$csv has another header than $header"
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1 | tr -d ,)
date=$(date -u +%Y-%m-%dT%H:%MZ)
for _ in $(seq "${RUNS:-5}"); do
	line=$("$bin")
	echo "$line"
	get() { grep -o " $1=[0-9.]*" <<<" ${line#smp_mb: }" | cut -d= -f2; }
	echo "$date,$cpu,$(get cycles),$(get ns),$(get after_store_cycles),$(get after_store_ns),$(get tsc_mhz)" >>"$csv"
done
