#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the kernel of BASE's variant (--variant, default the series) for
# PROFILE (or that of --build-dir) as a QEMU guest
# whose userspace (busybox, bash, fio, stress-ng, kmod and their libraries) comes
# from this machine's Debian packages, run the block kselftests installed
# from the same tree, and check their KTAP results and the whole kernel
# log.  Prints one "selftests:" line; the console is guest.log in the
# build directory.  A guest that does not finish
# before its deadline fails with the end of its log.
#
#   scripts/boot/guest.sh [OPTION...] BASE PROFILE [TEST...]
#
# TEST: a TEST_PROGS name (default: quiesce_churn.sh).  Options (each
# sets the variable in brackets, which the caller's environment may also
# set):
#   --build-dir DIR      the kernel's build directory [BUILD_DIR]
#                        (default: the variant's, lib.sh build_out)
#   --selftests-src DIR  the tree the selftests come from [SELFTESTS_SRC]
#                        (default: the kernel's source tree)
#   --env 'VAR=value..'  settings for the tests [GUEST_ENV]; repeatable
#   --deadline S         the guest's deadline, seconds [GUEST_DEADLINE] (600)
#   --smp N              vCPUs [SMP] (2)
#   --mem MB             memory [GUEST_MEM] (2048)
#   --append ARGS        more kernel parameters [GUEST_APPEND]
#   --virtio-scsi N      attach a virtio-scsi controller with N request
#                        queues (one MSI-X vector each) and one 1 GiB disk
#                        that reads zeroes (QEMU's null-co) [GUEST_VSCSI]
#   --plugin SO,ARGS     a QEMU TCG plugin and its arguments [GUEST_PLUGIN]
#                        (see scripts/bench/count.sh)
#   --blktests DIR       blktests installed in DIR (scripts/blktests/blktests.sh) as
#                        /blktests, with the Debian tools it needs
#                        [GUEST_BLKTESTS]; a TEST "blktests:ARGS" then runs
#                        "./check ARGS" there and prints its report as
#                        "BLKTESTS| " lines
#   --variant V          the variant to boot (default series; with
#                        --build-dir, none); the build directory must
#                        hold BASE's variant V for PROFILE (its
#                        built-variant file, written by build.sh)
#                        [GUEST_VARIANT]
#   --pre FILE           a script the guest runs as "FILE start" in the
#                        background before the tests and as "FILE end"
#                        after them [GUEST_PRE] (scripts/blktests/block014.sh's
#                        watcher)
#   --kernel FILE        boot that kernel image instead [GUEST_KERNEL], with
#   --modules DIR        the modules of the root directory DIR (a
#                        linux-image package unpacked: lib/modules/RELEASE)
#                        [GUEST_MODULES], as make deb-check does
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

while [ $# -gt 0 ]; do
	case $1 in
	--*)
		[ $# -ge 2 ] || usage_error "$1 needs a value"
		case $1 in
		--build-dir) BUILD_DIR=$2 ;;
		--selftests-src) SELFTESTS_SRC=$2 ;;
		--env) GUEST_ENV="${GUEST_ENV:-}${GUEST_ENV:+ }$2" ;;
		--deadline) GUEST_DEADLINE=$2 ;;
		--smp) SMP=$2 ;;
		--mem) GUEST_MEM=$2 ;;
		--append) GUEST_APPEND=$2 ;;
		--plugin) GUEST_PLUGIN=$2 ;;
		--virtio-scsi) GUEST_VSCSI=$2 ;;
		--blktests) GUEST_BLKTESTS=$2 ;;
		--kernel) GUEST_KERNEL=$2 ;;
		--modules) GUEST_MODULES=$2 ;;
		--variant) GUEST_VARIANT=$2 ;;
		--pre) GUEST_PRE=$2 ;;
		*) usage_error "unknown option $1 (see the top of $PROG)" ;;
		esac
		shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || usage_error "usage: $PROG [OPTION...] BASE PROFILE [TEST...]"
base=$1 profile=$2
shift 2
check_base "$base"
set_profile "$profile"
[ "$ARCH" = x86_64 ] || usage_error "guest profiles: rt, rtperf, rtirqsoff, rttrace, nonrt, nonrt-debug"
case ${GUEST_VSCSI:-1} in
'' | *[!0-9]* | 0) usage_error "--virtio-scsi: a number of queues, not '${GUEST_VSCSI:-}'" ;;
esac
tests=("$@")
[ "${#tests[@]}" -gt 0 ] || tests=(quiesce_churn.sh)
if [ -n "${BUILD_DIR:-}" ]; then
	out=$BUILD_DIR
else
	GUEST_VARIANT=${GUEST_VARIANT:-series}
	out=$(build_out "$base" "$GUEST_VARIANT" "$profile")
fi
# The tree the kernel was built from: kbuild's "source" link in its
# build directory, whichever tree that was.
if [ -L "$out/source" ]; then
	src=$(readlink -f "$out/source")
else
	src=$(build_src "$base" "${GUEST_VARIANT:-series}")
fi
# Nothing rebuilds or switches them while this guest runs (lib.sh hold).
hold "$src" "$out"
kernel=${GUEST_KERNEL:-$out/$IMAGE}
[ -r "$kernel" ] || die "no kernel in $out; run scripts/kernel/build.sh first"
if [ -n "${GUEST_VARIANT:-}" ] && [ -z "${GUEST_KERNEL:-}" ]; then
	why=$(built_check "$out" "$base" "$GUEST_VARIANT" "$profile") || die "$why"
fi
[ -z "${GUEST_KERNEL:-}" ] || [ -d "${GUEST_MODULES:-}/lib/modules" ] ||
	usage_error "GUEST_KERNEL needs GUEST_MODULES, a directory with lib/modules"
grep -q '^CONFIG_BLK_DEV_INITRD=y' "$out/.config" || die "$out was built without configs/guest.config"
for c in busybox bash fio stress-ng kmod; do
	command -v "$c" >/dev/null || die "$c not installed: make deps (or apt-get install busybox-static fio stress-ng kmod)"
done

stage=$out/guest

# The harness's benchmarks (tests/bench/guest), not part of the series,
# go beside the block selftests and source kselftest's KTAP helpers; their
# module is built out of tree against the kernel that boots.
install_benchmarks() {
	local dir=$stage/kselftest/block mod=$out/hotpath-mod
	cp "$TOP"/tests/bench/guest/*.sh "$TOP"/tests/bench/guest/*.awk "$dir/"
	[ -z "${GUEST_KERNEL:-}" ] || return 0
	rm -rf "$mod"
	cp -r "$TOP/tests/bench/guest/hotpath" "$mod"
	make -s -C "$out" M="$mod" modules >"$out/guest-hotpath.log" 2>&1 ||
		die "the benchmark module did not build, see $out/guest-hotpath.log"
	mkdir -p "$dir/hotpath_bench"
	cp "$mod/blk_hotpath_bench.ko" "$dir/hotpath_bench/"
	rm -rf "$mod"
}
st_src=${SELFTESTS_SRC:-$src}
# The archive is made again when the kernel or the selftests' files
# change (a stale archive once ran an old copy of a test that had been
# changed in place; the harness's trees are not git checkouts: prep.sh),
key="$(stat -c %Y "$kernel") $(tree_key "$st_src/tools/testing/selftests/block")"
# and so does this script, which lays the archive out, and the harness's
# own guest benchmarks.
key+=" $(sha256sum <"$TOP/scripts/boot/guest.sh" | cut -c1-16)"
key+=" $(tree_key "$TOP/tests/bench/guest")"
[ -z "${GUEST_BLKTESTS:-}" ] || key+=" blktests $(cat "$GUEST_BLKTESTS/.key")"
[ -z "${GUEST_KERNEL:-}" ] || key+=" image $kernel $(stat -c %Y "$kernel")"
if [ ! -r "$out/guest.cpio" ] || [ "$(cat "$out/guest.key" 2>/dev/null)" != "$key" ]; then
	rm -rf "$stage"
	mkdir -p "$stage"/{dev,proc,sys,tmp,kselftest} "$stage"/usr/{bin,sbin,lib,lib64}
	# A merged-/usr layout, as on the host.
	for d in bin sbin lib lib64; do
		ln -s "usr/$d" "$stage/$d"
	done
	export CCACHE_DIR=${CCACHE_DIR:-$WORKDIR/ccache}
	if [ -n "${GUEST_KERNEL:-}" ]; then
		# A package's modules come without modules.dep: its postinst
		# runs depmod.
		cp -a "$GUEST_MODULES/lib/modules" "$stage/usr/lib/"
		for m in "$stage"/usr/lib/modules/*/; do
			depmod -b "$stage" "$(basename "$m")" || die "depmod failed in $m"
		done
	else
		make -s -C "$src" O="$out" INSTALL_MOD_PATH="$stage" modules_install >"$out/guest-modules.log" 2>&1 ||
			die "modules_install failed, see $out/guest-modules.log"
	fi
	# SELFTESTS_SRC: install the selftests of another tree (bench.sh runs
	# the series' benchmarks on kernels without the series).
	# blktests runs on trees without the series, which have no selftests.
	if [ -z "${GUEST_BLKTESTS:-}" ] || [ -d "$st_src/tools/testing/selftests/block" ]; then
		# 6.6's kselftest makefiles want the exported headers.
		if [ -z "${GUEST_KERNEL:-}" ] && [ ! -d "$out/usr/include/linux" ]; then
			make -s -C "$src" O="$out" headers >"$out/guest-headers.log" 2>&1 ||
				die "make headers failed, see $out/guest-headers.log"
		fi
		make -s -C "$st_src/tools/testing/selftests" TARGETS=block KDIR="$out" O="$out" \
			INSTALL_PATH="$stage/kselftest" install >"$out/guest-selftests.log" 2>&1 ||
			die "selftests install failed, see $out/guest-selftests.log"
		# The test module is built inside the source tree: clean it there, so
		# that no build output lands in an editing tree or outlives this KDIR.
		make -s -C "$st_src/tools/testing/selftests" TARGETS=block KDIR="$out" O="$out" \
			clean >>"$out/guest-selftests.log" 2>&1 ||
			die "selftests clean failed, see $out/guest-selftests.log"
		install_benchmarks
	fi

	# Userspace: the host's binaries and every library they link.
	copy_libs() {
		# Scripts and static binaries have no libraries.
		{ ldd "$1" 2>/dev/null || true; } | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }' | while read -r l; do
			[ -e "$l" ] && cp -L --parents "$l" "$stage"
		done
	}
	copy_bin() {
		cp -L --parents "$1" "$stage"
		copy_libs "$1"
	}
	cp /bin/busybox "$stage/usr/bin/busybox"
	for b in bash fio stress-ng kmod; do
		copy_bin "$(command -v "$b")"
	done
	if [ -n "${GUEST_BLKTESTS:-}" ]; then
		cp -a "$GUEST_BLKTESTS" "$stage/blktests"
		# blktests wants the GNU tools, not busybox's; udevadm comes
		# unpacked from Debian's udev package (no udev daemon runs).
		for pkg in "${BLKTESTS_PKGS[@]}"; do
			dpkg -L "$pkg" | grep -E '^(/usr)?/s?bin/[^/]+$' | while read -r b; do
				[ -f "$b" ] && [ -x "$b" ] && copy_bin "$b"
			done
		done
		cp "$GUEST_BLKTESTS/../udev/bin/udevadm" "$stage/usr/bin/"
		copy_libs "$stage/usr/bin/udevadm"
	fi
	cp -L /lib64/ld-linux-x86-64.so.2 "$stage/usr/lib64/"
	# kmod's module tools, as on a distribution: busybox insmod retries a
	# module whose init fails (blk_hotpath_bench.ko's -EAGAIN) and so runs
	# it twice.  busybox --install -s /bin leaves existing names alone.
	for t in insmod rmmod modprobe lsmod; do
		ln -s kmod "$stage/usr/bin/$t"
	done
	cat >"$stage/init" <<-'INIT'
		#!/bin/busybox sh
		/bin/busybox --install -s /bin
		export PATH=/bin:/sbin
		mount -t proc proc /proc
		mount -t sysfs sysfs /sys
		mount -t devtmpfs devtmpfs /dev
		mount -t tmpfs tmpfs /tmp
		mount -t configfs configfs /sys/kernel/config
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
		mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
		mkdir -p /run
		ln -s /proc/self/fd /dev/fd
		echo "GUEST: start"
		cd /kselftest && . /run.sh
		echo "GUEST: end"
		reboot -f
	INIT
	chmod +x "$stage/init"
	(cd "$stage" && find . | cpio -o -H newc --quiet) >"$out/guest.cpio"
	echo "$key" >"$out/guest.key"
fi

# What to run goes in a second, small archive; the kernel unpacks both.
run=$out/guest-run
rm -rf "$run"
mkdir -p "$run"
read -ra envs <<<"${GUEST_ENV:-}"
if [ -n "${GUEST_PRE:-}" ]; then
	[ -r "$GUEST_PRE" ] || usage_error "GUEST_PRE '$GUEST_PRE' cannot be read"
	cp "$GUEST_PRE" "$run/pre.sh"
	chmod +x "$run/pre.sh"
fi
{
	[ "${#envs[@]}" -eq 0 ] || printf 'export %s\n' "${envs[@]}"
	[ -z "${GUEST_PRE:-}" ] || echo '/pre.sh start & sleep 2'
	# Each test prints its own KTAP; its exit status says pass (0),
	# skip (4) or fail.
	for t in "${tests[@]}"; do
		case $t in
		blktests:*)
			# The console stays quiet while blktests runs, so that kernel
			# messages cannot break its report; the whole kernel log
			# follows it for the splat check.  A guest stopped by its
			# deadline leaves no report (it fails the run).
			# shellcheck disable=SC2016 # $(...) and $f are the guest's
			printf '%s\n' 'echo "GUEST: test blktests"' 'dmesg -n 1' \
				"(cd /blktests && ./check -o /tmp/blkres ${t#blktests:} 2>&1; echo \$? >/tmp/rc) | sed 's/^/BLKTESTS| /'" \
				'dmesg | sed "s/^/DMESG| /"' \
				'for f in /tmp/blkres/*/*/*.full; do [ -f "$f" ] && sed "s#^#BLKTESTS-FULL| ${f#/tmp/blkres/}: #" "$f"; done' \
				'echo "GUEST: result blktests $(cat /tmp/rc)"' ;;
		*) printf 'echo "GUEST: test %s"\n./block/%s\necho "GUEST: result %s $?"\n' "$t" "$t" "$t" ;;
		esac
	done
	[ -z "${GUEST_PRE:-}" ] || echo '/pre.sh end'
} >"$run/run.sh"
(cd "$run" && find . | cpio -o -H newc --quiet) >"$out/guest-run.cpio"
cat "$out/guest.cpio" "$out/guest-run.cpio" >"$out/guest-all.cpio"

args=(-nodefaults -nographic -no-reboot -serial stdio -m "${GUEST_MEM:-2048}"
	-smp "${SMP:-2}" -kernel "$kernel" -initrd "$out/guest-all.cpio")
cmdline="console=ttyS0 rdinit=/init panic=-1 kunit.enable=0${GUEST_APPEND:+ $GUEST_APPEND}"
accel=$("$TOP/scripts/boot/accel.sh" "$kernel")
# GUEST_PLUGIN=SO,ARGS loads a TCG plugin (scripts/bench/count.sh), whose log
# goes to $out/plugin.log; plugins need TCG.
if [ -n "${GUEST_PLUGIN:-}" ]; then
	accel=tcg
	rm -f "$out/plugin.log"
	args+=(-plugin "$GUEST_PLUGIN" -d plugin -D "$out/plugin.log")
	# The plugin is given System.map addresses.
	cmdline+=" nokaslr"
fi
if [ -n "${GUEST_VSCSI:-}" ]; then
	grep -q '^CONFIG_SCSI_VIRTIO=[ym]' "$out/.config" ||
		die "$out was built without virtio-scsi (CONFIG_SCSI_VIRTIO, configs/rt-irqsoff.config)"
	args+=(-device "virtio-scsi-pci,id=vs0,num_queues=$GUEST_VSCSI"
		-blockdev "driver=null-co,node-name=vd0,size=1073741824,read-zeroes=on"
		-device "scsi-hd,drive=vd0,bus=vs0.0")
fi
args+=(-accel "$accel" -append "$cmdline")
log=$out/guest.log
deadline=${GUEST_DEADLINE:-600}
start=$(date +%s)
rc=0
timeout -k 5 "$deadline" qemu-system-x86_64 "${args[@]}" </dev/null >"$log" 2>&1 || rc=$?
secs=$(($(date +%s) - start))
# A failed guest's console, kept where the next guest does not overwrite
# it, and the first kernel report in it (later ones are often its echoes):
# the check runner shows only the last lines of a check's output.
keep_console() {
	local keep
	keep=$WORKDIR/logs/guest/$(date -u +%Y%m%dT%H%M%SZ)-$base-${GUEST_VARIANT:-series}-$profile.log
	mkdir -p "${keep%/*}"
	tr -d '\r' <"$log" >"$keep"
	sed -n 's/.*run blktests \([^ ]*\) at .*/last blktests test started: \1/p' "$keep" | tail -n 1 >&2
	"$TOP/scripts/boot/splats.sh" --first "$keep" | sed 's/^/first report: /' >&2
	echo "console kept in $keep" >&2
	# The newest 30 are kept.
	find "${keep%/*}" -name '*.log' -printf '%T@ %p\n' | sort -rn | tail -n +31 |
		cut -d' ' -f2- | xargs -r rm -f
}

if [ "$rc" -eq 124 ] || ! grep -q '^GUEST: end' "$log"; then
	tail -n 8 "$log" >&2
	keep_console
	echo "selftests: $base $profile: guest did not finish within ${deadline}s; FAIL"
	exit 1
fi

# The serial console ends lines with CR LF.
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
pass=$(grep -Ec '^GUEST: result [^ ]+ 0$' "$log" || true)
skip=$(grep -Ec '^GUEST: result [^ ]+ 4$' "$log" || true)
fail=$(grep -Ec '^GUEST: result [^ ]+ ([1-35-9]|[0-9][0-9]+)$' "$log" || true)
splats=$("$TOP/scripts/boot/splats.sh" "$log" | wc -l)
"$TOP/scripts/boot/splats.sh" "$log" | head -n 5 >&2 || true
grep -E '^# (fio|quiesce|rt_completion|hotpath)|^# +(fio|quiesce|rt_completion|hotpath)' "$log" >&2 || true
result=ok
[ "$fail" -eq 0 ] && [ "$splats" -eq 0 ] && [ $((pass + skip)) -eq "${#tests[@]}" ] || result=FAIL
[ "$pass" -gt 0 ] || result=FAIL
[ "$result" = ok ] || keep_console
echo "selftests: $base $profile: $pass passed, $fail failed, $skip skipped; splats: $splats; ${secs}s; $result"
[ "$result" = ok ]
