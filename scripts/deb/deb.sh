#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make deb": Debian packages (linux-image, linux-headers) of BASE with the
# series applied (not its test-only patches), built by the kernel's own
# bindeb-pkg from Debian's own PREEMPT_RT configuration of the pinned
# version (scripts/deb/debconfig.sh) plus configs/deb.config, with the local
# version "-rt-blkq".  LOCALMODCONFIG=FILE (lsmod output) or
# LOCALMODCONFIG=host trims it to those modules.  Builds in
# $WORKDIR/deb/BASE/build; an interrupted build goes on where it stopped
# when run again.  Prints progress with the estimated time left, and at
# the end where the packages are and how to install them.
#
#   scripts/deb/deb.sh BASE
#
# DEB_DIR (default $WORKDIR/deb/BASE): where to build.  DEB_JOBS (default:
# nproc), DEB_REVISION (default 1: the Debian revision
# suffix "+blkqN" of the packages' version).
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

one_base "$@"
dir=${DEB_DIR:-$WORKDIR/deb/$base}
out=$dir/build
mkdir -p "$dir"

# One build per base at a time.
exec 8>"$dir/lock"
flock -n 8 || die "another make deb BASE=$base is running (lock $dir/lock)"

# The module list for localmodconfig.
lsmod=
case ${LOCALMODCONFIG:-} in
'') ;;
host)
	lsmod=$dir/lsmod.host
	command -v lsmod >/dev/null || die "lsmod not found (apt-get install kmod)"
	lsmod >"$lsmod" ;;
*)
	[ -r "$LOCALMODCONFIG" ] || usage_error "LOCALMODCONFIG '$LOCALMODCONFIG' cannot be read (give lsmod output, or host)"
	head -n 1 "$LOCALMODCONFIG" | grep -q '^Module  *Size  *Used by' ||
		usage_error "LOCALMODCONFIG '$LOCALMODCONFIG' is not lsmod output (first line 'Module Size Used by')"
	lsmod=$dir/lsmod
	cp "$LOCALMODCONFIG" "$lsmod" ;;
esac

# Free disk space wanted before starting, less what an interrupted build
# already holds: the build directory of 6.12.117 trimmed to tests/deb/lsmod
# took 1.3 GiB; the full configuration compiles 5.8 times the files, so
# about 8 GiB, plus the source worktree (1.6 GiB) and ccache's growth.
need=${DEB_GIB_FULL:-16}
[ -z "$lsmod" ] || need=${DEB_GIB_SMALL:-3}
have_k=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
used_k=$(du -sk "$out" 2>/dev/null | cut -f1 || echo 0)
need_k=$((need * 1024 * 1024 - ${used_k:-0}))
if [ "$have_k" -lt "$need_k" ]; then
	die "$dir has $((have_k / 1024 / 1024)) GiB free, the build needs $(((need_k + 1048575) / 1024 / 1024)) GiB more: free space or set WORKDIR to a larger disk"
fi

config=$("$TOP/scripts/deb/debconfig.sh" "$base")
# The release tree (the series without its test-only patches), held
# while it builds (lib.sh hold).
hold "$(build_src "$base" release)"
src=$("$TOP/scripts/kernel/prep.sh" "$base" release)
release=${PIN_KERNEL#Linux }-rt-blkq
pkgver=$PIN_VERSION+blkq${DEB_REVISION:-1}
export CCACHE_DIR=${CCACHE_DIR:-$WORKDIR/ccache}
export CCACHE_BASEDIR=$WORKDIR
mk=(make -C "$src" O="$out" -j"${DEB_JOBS:-$(nproc)}" "CC=ccache gcc" "HOSTCC=ccache gcc"
	LOCALVERSION= KDEB_PKGVERSION="$pkgver" KBUILD_BUILD_VERSION="${DEB_REVISION:-1}")

# The configuration is made again only when what it is made from changes,
# so that a build run again goes on incrementally.
key=$(cat "$config" "$TOP/configs/deb.config" /dev/null ${lsmod:+"$lsmod"} | sha256sum | cut -c1-16)
if [ "$(cat "$out/.blkq-config" 2>/dev/null)" != "$key" ] || [ ! -r "$out/.config" ]; then
	log "$base: configuring from $(basename "$config") (Debian $PIN_CONFIG_PACKAGE $PIN_VERSION)${lsmod:+, trimmed to $(($(wc -l <"$lsmod") - 1)) modules}"
	mkdir -p "$out"
	cp "$config" "$out/.config"
	sed -i 's/^CONFIG_LOCALVERSION=.*/CONFIG_LOCALVERSION="-rt-blkq"/' "$out/.config"
	(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" .config "$TOP/configs/deb.config") \
		>"$dir/config.log" 2>&1 || die "merging configs/deb.config failed, see $dir/config.log"
	"${mk[@]}" olddefconfig >>"$dir/config.log" 2>&1 || die "olddefconfig failed, see $dir/config.log"
	if [ -n "$lsmod" ]; then
		# localmodconfig asks about new symbols on stdin: take the defaults.
		"${mk[@]}" LSMOD="$lsmod" localmodconfig < <(yes '') >>"$dir/config.log" 2>&1 ||
			die "localmodconfig failed, see $dir/config.log"
	fi
	grep -q '^CONFIG_PREEMPT_RT=y' "$out/.config" || die "the configuration lost CONFIG_PREEMPT_RT, see $dir/config.log"
	echo "$key" >"$out/.blkq-config"
fi
got=$("${mk[@]}" -s kernelrelease 2>/dev/null) || die "cannot read the kernel release from $out"
[ "$got" = "$release" ] || die "the build would be $got, not $release"

# Progress: the C files compiled so far against the number make would
# compile (a dry run once the headers are generated), which on a build
# run again is what is left of it.
log "$base: counting what there is to build"
"${mk[@]}" -s prepare >"$dir/prepare.log" 2>&1 || die "make prepare failed, see $dir/prepare.log"
todo=$("${mk[@]}" -n -k vmlinux modules 2>/dev/null | grep -c "echo '  CC " || true)
if [ -e "$out/.blkq-building" ]; then
	log "$base: going on from an interrupted build, $todo files left to compile"
else
	log "$base: $todo files to compile"
fi
touch "$out/.blkq-building"

pkglog=$dir/build.log
log "$base: building $release ($pkgver) in $out, log $pkglog"
rm -f "$dir"/*.deb "$dir"/*.changes "$dir"/*.buildinfo
start=$(date +%s)
# progress: copy make's output to the log and print a progress line at
# most every DEB_PROGRESS seconds.
progress() {
	local n=0 last=$SECONDS el line
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in "  CC "*) n=$((n + 1)) ;; esac
		[ $((SECONDS - last)) -ge "${DEB_PROGRESS:-60}" ] || continue
		last=$SECONDS
		el=$(($(date +%s) - start))
		if [ "$n" -gt 0 ] && [ "$n" -le "$todo" ]; then
			log "$base: $n/$todo files compiled, $((el / 60)) min so far, about $(((el * (todo - n) / n + 59) / 60)) min left to compile, then linking and packaging"
		else
			log "$base: $n files compiled, $((el / 60)) min so far, linking and packaging"
		fi
	done >"$pkglog"
}
rc=0
"${mk[@]}" bindeb-pkg 2>&1 | progress || rc=$?
secs=$(($(date +%s) - start))
if [ "$rc" -ne 0 ]; then
	grep -E 'error|Error' "$pkglog" | head -n 10 >&2 || true
	die "bindeb-pkg failed after ${secs}s, see $pkglog; run again to go on"
fi
rm -f "$out/.blkq-building"
echo "$secs" >"$dir/build.secs"

shopt -s nullglob
debs=("$dir"/linux-image-"$release"_*.deb "$dir"/linux-headers-"$release"_*.deb)
shopt -u nullglob
[ "${#debs[@]}" -eq 2 ] || die "bindeb-pkg made no linux-image/linux-headers packages for $release in $dir"
printf '%s\n' "${debs[@]}" >"$dir/packages"
echo "deb: $base: $release ($pkgver) in ${secs}s:"
printf '    %s\n' "${debs[@]}"
echo "Install: sudo apt install ${debs[*]}"
echo "Go back: boot Debian's kernel from the boot menu, then sudo apt remove linux-image-$release linux-headers-$release"
