#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make deb-check": prove make deb's packages.  Builds them trimmed to the
# modules in tests/deb/lsmod (null_blk, scsi_debug, ...) in
# $WORKDIR/deb/BASE-check (interrupted once and run again), then checks
# that apt would install them here (apt-get -s), the packages' metadata and
# contents (dpkg-deb -I/-c), the PREEMPT_RT configuration they carry, the
# fix in the kernel image's machine code (scripts/boot/fixed.sh) and in the
# headers, and boots the packaged kernel with its packaged modules in the
# QEMU guest to run the churn selftest.  Prints one "deb-check:" line.
#
#   scripts/deb/deb-check.sh BASE
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

one_base "$@"
release=${PIN_KERNEL#Linux }-rt-blkq
dir=$WORKDIR/deb/$base-check
export DEB_DIR=$dir LOCALMODCONFIG=$TOP/tests/deb/lsmod

# Interrupt the build once it has compiled DEB_CHECK_STOP files (a
# signal to its whole process group, as Ctrl-C sends), then run it again:
# it must go on from there.  blk-mq.c, the file the fix changes, is
# touched first, so that even a finished build has something to do.
stop=${DEB_CHECK_STOP:-1}
touch "$(build_src "$base" release)/block/blk-mq.c" 2>/dev/null || true
rm -f "$dir/build.log"
setsid "$TOP/scripts/deb/deb.sh" "$base" >&2 &
pid=$!
killed=0
while kill -0 "$pid" 2>/dev/null; do
	n=$(grep -c '^  CC ' "$dir/build.log" 2>/dev/null || true)
	if [ "${n:-0}" -ge "$stop" ]; then
		kill -TERM -- "-$pid" 2>/dev/null || true
		killed=1
		break
	fi
	sleep 2
done
first=0
wait "$pid" || first=$?
# deb.sh's lock stays held while any process of its group (a compiler
# that inherited the lock's descriptor) is still going away.
for _ in $(seq 60); do
	kill -0 -- "-$pid" 2>/dev/null || break
	sleep 1
done
! kill -0 -- "-$pid" 2>/dev/null || die "the interrupted make deb's processes (group $pid) did not exit within 60 s"
resume="not exercised (the build finished first)"
[ "$first" -eq 0 ] || [ "$killed" -eq 1 ] || die "make deb failed, see $dir/build.log"
if [ "$first" -ne 0 ]; then
	"$TOP/scripts/deb/deb.sh" "$base" 2>&1 | tee "$dir/resume.log" >&2
	[ "${PIPESTATUS[0]}" -eq 0 ] || die "make deb failed when run again after an interrupt, see $dir/resume.log"
	grep -q 'going on from an interrupted build' "$dir/resume.log" ||
		die "make deb run again after an interrupt did not go on from it, see $dir/resume.log"
	resume="ok (stopped once $stop file(s) had started compiling, then went on)"
fi

mapfile -t debs <"$dir/packages"
image=${debs[0]} headers=${debs[1]}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=()

# field DEB NAME: a control field of DEB.
field() {
	dpkg-deb -f "$1" "$2"
}
[ "$(field "$image" Package)" = "linux-image-$release" ] || bad+=("image package is $(field "$image" Package)")
[ "$(field "$headers" Package)" = "linux-headers-$release" ] || bad+=("headers package is $(field "$headers" Package)")
[ "$(field "$image" Architecture)" = amd64 ] || bad+=("image architecture $(field "$image" Architecture)")
case $(field "$image" Version) in
"$PIN_VERSION+blkq"*) ;;
*) bad+=("image version $(field "$image" Version) is not $PIN_VERSION+blkqN") ;;
esac

# Installable here: apt resolves both packages (simulated, nothing changes).
if ! apt-get -s install "$image" "$headers" >"$tmp/apt" 2>&1 ||
	[ "$(grep -c "^Inst linux-\(image\|headers\)-$release " "$tmp/apt")" -ne 2 ]; then
	bad+=("apt-get -s install of the two packages fails: $(grep -m1 '^E:' "$tmp/apt" || tail -n 1 "$tmp/apt")")
fi
dpkg-deb -c "$image" | awk '{ print $6 }' >"$tmp/list"
for f in "boot/vmlinuz-$release" "boot/config-$release" "boot/System.map-$release"; do
	grep -qx "\./$f" "$tmp/list" || bad+=("image package has no /$f")
done
for m in null_blk scsi_debug; do
	grep -Eq "^\./(usr/)?lib/modules/$release/kernel/.*/$m\.ko(\.xz|\.zst|\.gz)?$" "$tmp/list" ||
		bad+=("image package has no $m module")
done
dpkg-deb -x "$image" "$tmp/root"
cfg=$tmp/root/boot/config-$release
grep -qx 'CONFIG_PREEMPT_RT=y' "$cfg" 2>/dev/null || bad+=("/boot/config-$release has no CONFIG_PREEMPT_RT=y")
grep -qx 'CONFIG_LOCALVERSION="-rt-blkq"' "$cfg" 2>/dev/null || bad+=("/boot/config-$release: local version is not -rt-blkq")

# The fix in the headers (struct request_queue's lock) and in the image.
dpkg-deb --fsys-tarfile "$headers" |
	tar -xO "./usr/src/linux-headers-$release/include/linux/blkdev.h" 2>/dev/null >"$tmp/blkdev.h" || true
grep -q 'raw_spinlock_t[[:space:]]*quiesce_sync_lock;' "$tmp/blkdev.h" ||
	bad+=("headers package: include/linux/blkdev.h has no quiesce_sync_lock")
src=$(build_src "$base" release)
[ -x "$src/scripts/extract-vmlinux" ] || src=$(src_dir "$base")
fixed=$("$TOP/scripts/boot/fixed.sh" "$tmp/root/boot/vmlinuz-$release" "$tmp/root/boot/System.map-$release" "$src") ||
	bad+=("image: $fixed")
echo "$fixed" >&2

# Boot it: the packaged kernel and modules, the selftests of the series'
# tree (test-only patches included), built against the package's build.
st=$("$TOP/scripts/kernel/prep.sh" "$base" series)
boot=ok
"$TOP/scripts/boot/guest.sh" --build-dir "$dir/build" --selftests-src "$st" \
	--kernel "$tmp/root/boot/vmlinuz-$release" --modules "$tmp/root" \
	"$base" rt quiesce_churn.sh >&2 || boot=FAIL
[ "$boot" = ok ] || bad+=("the packaged kernel failed the churn selftest in the guest, see $dir/build/guest.log")

[ "${#bad[@]}" -eq 0 ] || printf 'deb-check: %s\n' "${bad[@]}" >&2
result=ok
[ "${#bad[@]}" -eq 0 ] || result=FAIL
echo "deb-check: $base: $(basename "$image"), $(basename "$headers"): $((${#bad[@]})) problems; resume: $resume; churn in the guest: $boot; $result"
[ "$result" = ok ]
