#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The longest interrupts-off section the KUnit suite causes: the series'
# rtirqsoff kernel (PREEMPT_RT, irqsoff tracer, the suite built in) boots
# with the tracer started on the command line, once running the KUnit
# suites (kunit.enable=1) and once not, ROUNDS times each, interleaved
# (tests/bench/guest/kunit_irqsoff.sh reads the tracer after boot).  TCG
# time: no threshold.  Appends to BENCHMARKS-irqsoff.csv (path kunit-boot
# or boot).
#
#   scripts/bench/kunit-irqsoff.sh BASE [ROUNDS]    (default 3)
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || usage_error "usage: $PROG BASE [ROUNDS]"
base=$1 rounds=${2:-3}
check_base "$base"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage_error "ROUNDS must be a positive number, not '$rounds'"
p=rtirqsoff v=series smp=${SMP:-2}
csv=$TOP/results/BENCHMARKS-irqsoff.csv
csv_open "$csv" "session,base,variant,round,release,smp,path,max_us,started,ended"
session=$(date -u +%Y-%m-%dT%H:%MZ)
bench_build_each "$p" "$base" "$v"
out=$(build_out "$base" "$v" "$p")
release=$(cat "$out/include/config/kernel.release")
for r in $(seq 1 "$rounds"); do
	for k in 1 0; do
		path=boot
		[ "$k" = 0 ] || path=kunit-boot
		"$TOP/scripts/boot/guest.sh" --variant "$v" --smp "$smp" --deadline 900 \
			--append "kunit.enable=$k ftrace=irqsoff" "$base" "$p" kunit_irqsoff.sh >/dev/null 2>&1 ||
			warn "$base $path round $r: the guest run failed, see $out/guest.log"
		sed -n 's/^# irqsoff: //p' "$out/guest.log" | while read -r _ max started ended; do
			echo "$session,$base,$v,$r,$release,$smp,$path,${max#max_us=},${started#started=},${ended#ended=}" >>"$csv"
			echo "irqsoff: $base $path round $r: ${max#max_us=} us (${started#started=} .. ${ended#ended=})"
		done
		grep '^# stack ' "$out/guest.log" | head -n 6 || true
	done
done
