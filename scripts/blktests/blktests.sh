#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run blktests, the block layer's regression suite, in the QEMU guest on
# the x86_64 PREEMPT_RT + lockdep kernel of BASE in the state VARIANT
# (see prep.sh).  blktests comes from BLKTESTS (default: ../shared/blktests
# next to this repository), with patches/blktests/ applied on a copy in
# the work directory; the guest gets blktests' tools from Debian packages.
# Writes one line per test to blktests.tsv in the kernel's build
# directory, beside its guest.log (test, status, blktests' reason), and
# prints one result line (lib.sh result: "blktests: BASE VARIANT TEST...:
# passed=P failed=F not_run=N splats=S; ok").  Fails
# if a test failed, none ran, or the kernel log has a splat.
# BLKTESTS_PROFILE (default rt) picks another kernel of the guest's
# profiles built with blktests.config (rttrace, for scripts/blktests/block014.sh).
#
#   scripts/blktests/blktests.sh BASE VARIANT [TEST...]    (default TEST: block)
#
# Without a blktests copy it stops with exit status 77 and says so.
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 2 ] || usage_error "usage: $PROG BASE VARIANT [TEST...]"
base=$1 variant=$2
shift 2
check_base "$base"
tests=("$@")
[ "${#tests[@]}" -gt 0 ] || tests=(block)
# Under TCG block/015 reads 2 GiB per scheduler through requeue
# injection: it did not finish in 9 minutes.  BLKTESTS_EXCLUDE="" runs it.
for x in ${BLKTESTS_EXCLUDE-block/015}; do
	tests+=(-x "$x")
done

bt=${BLKTESTS:-$TOP/../shared/blktests}
if [ ! -x "$bt/check" ] || [ ! -d "$bt/tests/block" ]; then
	echo "$PROG: error: no blktests in '$bt': set BLKTESTS=/path/to/blktests (git clone https://github.com/osandov/blktests)" >&2
	exit 77
fi
bt=$(cd "$bt" && pwd)

# blktests with our patches, built and installed once per content.
dir=$WORKDIR/blktests
shopt -s nullglob
patches=("$TOP"/patches/blktests/*.patch)
shopt -u nullglob
key=$( (cd "$bt" && find . -type f ! -path './.git/*' -print0 | sort -z | xargs -0 sha256sum;
	cat /dev/null "${patches[@]}") | sha256sum | cut -c1-16)
inst=$dir/install/blktests
# One build at a time (make check runs the bases at once), then the
# install is only read.
mkdir -p "$dir"
exec 8>"$dir/build.lock"
flock 8
if [ "$(cat "$inst/.key" 2>/dev/null)" != "$key" ]; then
	log "blktests: building $bt with patches/blktests/"
	rm -rf "$dir/src" "$inst"
	mkdir -p "$dir/src" "$inst"
	cp -a "$bt/." "$dir/src/"
	chmod -R u+w "$dir/src"
	git -C "$dir/src" init -q
	git -C "$dir/src" add -A
	git_fixed -C "$dir/src" commit -q -m "blktests from $bt"
	if [ "${#patches[@]}" -gt 0 ]; then
		git_fixed -C "$dir/src" am -q "${patches[@]}" ||
			die "patches/blktests/ does not apply to $bt"
	fi
	make -C "$dir/src" >"$dir/build.log" 2>&1 || die "blktests does not build, see $dir/build.log"
	make -C "$dir/src" install prefix=/ DESTDIR="$dir/install" >>"$dir/build.log" 2>&1 ||
		die "blktests install failed, see $dir/build.log"
	printf 'TIMEOUT=%s\n' "${BLKTESTS_TIMEOUT:-10}" >"$inst/config"
	echo "$key" >"$inst/.key"
fi

# udevadm from Debian's udev package, of the host's systemd version (the
# guest runs no udev daemon; blktests calls "udevadm settle").
if [ ! -x "$dir/install/udev/bin/udevadm" ]; then
	ver=$(dpkg-query -W -f='${Version}' libsystemd-shared 2>/dev/null) || die "libsystemd-shared is not installed: make deps"
	mkdir -p "$dir/debs"
	rm -f "$dir"/debs/udev_*.deb
	(cd "$dir/debs" && apt-get -qq -o APT::Sandbox::User=root download "udev=$ver") >&2 || die "cannot download udev $ver"
	dpkg-deb -x "$dir"/debs/udev_*.deb "$dir/install/udev" || die "cannot unpack udev"
fi
exec 8>&-

# The build, the guest and the results are one turn (lib.sh hold): the
# caller holds them longer to read the results.
profile=${BLKTESTS_PROFILE:-rt}
hold_build "$base" "$variant" "$profile"
"$TOP/scripts/kernel/build.sh" "$base" "$variant" "$profile" >&2
out=$(build_out "$base" "$variant" "$profile")
rc=0
"$TOP/scripts/boot/guest.sh" --blktests "$inst" --deadline "${BLKTESTS_DEADLINE:-1800}" --smp "${BLKTESTS_SMP:-4}" \
	--variant "$variant" "$base" "$profile" "blktests:${tests[*]}" >&2 || rc=$?
log=$out/guest.log

# blktests' report: "TEST (DESCRIPTION) [STATUS]", then indented lines
# (why it was not run, or how it failed); blktests.tsv: test, status,
# reason, with a header line.
tsv=$out/blktests.tsv
# (A guest stopped by its deadline leaves the console's CR LF endings.)
# Such a guest leaves no report lines at all: check's output reaches the
# console only when check ends, so blktests.sh fails on the guest's exit
# status, not on a test marked unfinished.
tr -d '\r' <"$log" | sed -n 's/^BLKTESTS| //p' | awk '
	BEGIN { print "test\tstatus\treason" }
	function flush() { if (t != "") printf "%s\t%s\t%s\n", t, s, r; t = "" }
	/ \[(passed|failed|not run)\]$/ {
		flush(); t = $1; s = $0; sub(/.*\[/, "", s); sub(/\]$/, "", s); r = ""; next
	}
	t != "" && /^    runtime / { next }
	t != "" && /^    / { x = $0; sub(/^ +/, "", x); r = (r == "" ? x : r "; " x) }
	END { flush() }' >"$tsv"
pass=$(awk -F'\t' '$2 == "passed"' "$tsv" | wc -l)
fail=$(awk -F'\t' '$2 == "failed"' "$tsv" | wc -l)
skip=$(awk -F'\t' '$2 == "not run"' "$tsv" | wc -l)
splats=$("$TOP/scripts/boot/splats.sh" "$log" | wc -l)
awk -F'\t' '$2 == "failed" { print "failed: " $1 ": " $3 }' "$tsv" | head -n 20 >&2
result=ok
[ "$fail" -eq 0 ] && [ "$splats" -eq 0 ] && [ $((pass + skip)) -gt 0 ] || result=FAIL
[ "$rc" -eq 0 ] || [ "$fail" -gt 0 ] || [ "$splats" -gt 0 ] || result=FAIL
result blktests "$base $variant ${tests[*]}" "$result" "passed=$pass" "failed=$fail" "not_run=$skip" "splats=$splats"
[ "$result" = ok ]
