#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What the series' first patch costs in blk_mq_dispatch_wake(), counted
# in the machine code: block/blk-mq.o of BASE unpatched and with the
# series, compiled with the configuration of BASE's series build for
# PROFILE (rt: x86_64, arm64: cross-compiled), and the function's
# instructions and full barriers (x86: mfence and lock-prefixed
# instructions; arm64: dmb) counted with objdump.  Prints one line per
# variant and appends them to BENCHMARKS-wake.csv.
#
#   scripts/bench/wakecost.sh BASE [PROFILE]
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || usage_error "usage: $PROG BASE [PROFILE]"
base=$1 profile=${2:-rt}
check_base "$base"
set_profile "$profile"
hold "$(build_src "$base" unpatched)"
hold_build "$base" series "$profile"
"$TOP/scripts/kernel/build.sh" "$base" series "$profile" >&2
config=$(build_out "$base" series "$profile")/.config
csv=$TOP/results/BENCHMARKS-wake.csv
csv_open "$csv" "session,base,arch,variant,release,function,insns,barriers"
session=$(date -u +%Y-%m-%dT%H:%MZ)
fn=blk_mq_dispatch_wake
case $ARCH in
x86_64) bar='(mfence|lock )' ;;
arm64) bar='dmb' ;;
*) usage_error "wakecost: x86_64 or arm64 profiles, not $profile" ;;
esac
for v in unpatched series; do
	src=$("$TOP/scripts/kernel/prep.sh" "$base" "$v")
	o=$(build_out "$base" "$v" "wake-$profile")
	mkdir -p "$o"
	cp "$config" "$o/.config"
	mk=(make -C "$src" O="$o" ARCH="$ARCH" CROSS_COMPILE="$CROSS" -j"$(nproc)" HOSTCC="ccache gcc")
	"${mk[@]}" olddefconfig >/dev/null
	"${mk[@]}" block/blk-mq.o >"$o/wake.log" 2>&1 || { tail -n 20 "$o/wake.log" >&2; die "block/blk-mq.o of $base $v does not build"; }
	body=$("${CROSS}objdump" -d --no-show-raw-insn "$o/block/blk-mq.o" |
		awk -v f="<$fn>:" '$2 == f { on = 1; next } on && /^$/ { on = 0 } on && /^ *[0-9a-f]+:/')
	[ -n "$body" ] || die "no $fn in $o/block/blk-mq.o"
	# The function's own instructions: the nop padding after its last
	# jump or ret belongs to no path.
	n=$(grep -Evc '\snop' <<<"$body" || true)
	b=$(grep -Ec "$bar" <<<"$body" || true)
	echo "wake: $base $ARCH $v: $fn $n instructions, $b full barriers"
	echo "$session,$base,$ARCH,$v,$(cut -c1-12 "$src.commit"),$fn,$n,$b" >>"$csv"
done
