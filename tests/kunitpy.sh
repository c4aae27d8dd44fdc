#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the kunit.py command line that the KUnit patch's commit message
# documents (PREEMPT_RT with lockdep), as written, in BASE's tree put in
# the state VARIANT (series: it must pass; unpatched+kunit: it must fail).
# Only --build_dir is added, so that the build stays outside the source
# tree, and ccache comes in through PATH (/usr/lib/ccache), not through an
# option.  Prints kunit.py's own closing line.
#
#   tests/kunitpy.sh BASE VARIANT
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG BASE VARIANT"
base=$1 variant=$2
check_base "$base"
patch=$(kunit_patch "$base")
[ -n "$patch" ] || die "$base: no patch adds the KUnit suite"
# The command: the message's line that starts it and its continuations.
mapfile -d '' argv < <(/usr/bin/python3 - "$patch" <<'PY'
import shlex, sys
lines = open(sys.argv[1]).read().split('\n---\n', 1)[0].split('\n')
cmd = None
for l in lines:
    if cmd is None:
        if l.strip().startswith('./tools/testing/kunit/kunit.py run'):
            cmd = l.strip()
    elif cmd.endswith('\\'):
        cmd = cmd[:-1] + ' ' + l.strip()
    else:
        break
if cmd is None:
    sys.exit('no kunit.py command line in ' + sys.argv[1])
sys.stdout.write('\0'.join(shlex.split(cmd)) + '\0')
PY
)
[ "${#argv[@]}" -gt 2 ] || die "no kunit.py command line in $patch"
echo "as written: ${argv[*]}"
out=$(build_out "$base" "$variant" kunitpy)
hold "$(build_src "$base" "$variant")" "$out"
src=$("$TOP/scripts/kernel/prep.sh" "$base" "$variant")
mkdir -p "$out"
export CCACHE_DIR=${CCACHE_DIR:-$WORKDIR/ccache} CCACHE_BASEDIR=$WORKDIR
wrap=()
if [ -e /dev/kvm ] && [ "${ACCEL:-tcg}" = tcg ]; then
	hide_kvm
	wrap=("${NO_KVM[@]}")
fi
log=$out/kunitpy.log
rc=0
rm -f "$out/built-variant"
(cd "$src" && PATH=/usr/lib/ccache:$PATH "${wrap[@]}" "${argv[@]}" --build_dir="$out") >"$log" 2>&1 || rc=$?
# What the directory holds (fixed:BASE:fails-unpatched reads its image).
[ ! -r "$out/System.map" ] || printf '%s %s kunitpy\n' "$base" "$variant" >"$out/built-variant"
grep -E 'Testing complete|Elapsed time|not ok|Invalid wait|BUG:' "$log" | tail -n 8 || true
echo "kunitpy: $base $variant: exit $rc, $(grep -E 'Testing complete\.' "$log" | tail -n 1 | sed 's/^\[[0-9:]*\] //')"
exit "$rc"
