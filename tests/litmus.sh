#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every tests/litmus/*.litmus with herd7 and check each observation
# against the test's "Result:" line (Never for the correct protocols,
# Sometimes for the broken shapes).  A C test runs under BASE's own
# Linux-kernel memory model (tools/memory-model); an AArch64, PPC or X86
# test, the kernel's own instructions for a path that leans on an
# implementation detail, under herd7's model of that architecture.
# Prints herd7's observation lines.
#
#   tests/litmus.sh BASE [NAME...]    (default: every test)
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -ge 1 ] || usage_error "usage: $PROG BASE [NAME...]"
base=$1
shift
check_base "$base"
tests=("$@")
[ $# -gt 0 ] || mapfile -t tests < <(cd "$TOP/tests/litmus" && ls -- *.litmus)
"$TOP/scripts/kernel/fetch.sh" "$base"
herd=$(command -v herd7 || "$TOP/scripts/lib/tool.sh" herd7)
model=$(src_dir "$base")/tools/memory-model
[ -r "$model/linux-kernel.cfg" ] || die "$base has no tools/memory-model"

bad=0 n=0
for t in "${tests[@]}"; do
	t=$TOP/tests/litmus/${t%.litmus}.litmus
	[ -r "$t" ] || usage_error "no litmus test $t"
	n=$((n + 1))
	want=$(sed -n 's/^ \* Result: \([A-Za-z]*\).*/\1/p' "$t")
	[ -n "$want" ] || die "$t has no Result: line"
	case $(sed -n '1s/ .*//p' "$t") in
	C) obs=$(cd "$model" && "$herd" -conf linux-kernel.cfg "$t" 2>&1 | grep '^Observation ') ;;
	AArch64 | PPC | X86) obs=$("$herd" "$t" 2>&1 | grep '^Observation ') ;;
	*) die "$t: unknown architecture '$(sed -n '1s/ .*//p' "$t")' (C, AArch64, PPC, X86)" ;;
	esac || die "herd7 failed on $t"
	echo "$obs"
	got=$(awk '{ print $3 }' <<<"$obs")
	if [ "$got" != "$want" ]; then
		echo "  expected $want"
		bad=$((bad + 1))
	fi
done
[ "$bad" -eq 0 ] || die "$bad of $n litmus tests disagree with their Result: line"
echo "$base: $n litmus tests as expected"
