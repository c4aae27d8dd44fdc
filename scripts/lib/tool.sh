#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Provide a Debian tool newer than this release has (sparse, herd7) from
# a newer suite, unpacked with the libc it was built for under
# $WORKDIR/tools and run through that libc's own dynamic loader, so the
# machine's packages stay untouched.  Prints the path of a wrapper that
# runs the tool.
#
#   scripts/lib/tool.sh sparse|herd7
#
# TOOL_SUITE picks the suite (default: forky).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || usage_error "usage: $PROG sparse|herd7"
# shellcheck disable=SC2016 # $d is expanded by the wrapper, not here
case $1 in
sparse) pkgs=(sparse libc6 libgmp10) bin=usr/bin/sparse env='' ;;
herd7) pkgs=(herdtools7 libc6 libgmp10) bin=usr/bin/herd7 env='HERDLIB=$d/usr/share/herdtools7/herd' ;;
*) usage_error "unknown tool '$1' (sparse, herd7)" ;;
esac
suite=${TOOL_SUITE:-forky}
dir=$WORKDIR/tools/$suite
wd_lock tools
wrapper=$WORKDIR/tools/bin/$1

if [ ! -x "$wrapper" ] || [ ! -x "$dir/$bin" ]; then
	mkdir -p "$dir/debs" "$WORKDIR/tools/bin"
	(cd "$dir/debs" && "$TOP/scripts/lib/apt.sh" "$suite" apt-get -qq download "${pkgs[@]}") >&2 ||
		die "cannot download ${pkgs[*]} from $suite"
	for p in "${pkgs[@]}"; do
		for deb in "$dir/debs/${p}"_*.deb; do
			dpkg-deb -x "$deb" "$dir" || die "cannot unpack $deb"
		done
	done
	lib=$dir/usr/lib/x86_64-linux-gnu
	[ -x "$lib/ld-linux-x86-64.so.2" ] || die "no dynamic loader in $suite's libc6"
	cat >"$wrapper" <<-WRAP
		#!/bin/sh
		# $1 from Debian $suite with its own libc; made by scripts/tool.sh.
		d="$dir"
		${env:+export $env}
		exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$dir/$bin" "\$@"
	WRAP
	chmod +x "$wrapper"
fi
"$wrapper" -version >/dev/null 2>&1 || "$wrapper" --version >/dev/null 2>&1 ||
	die "$wrapper does not run"
printf '%s\n' "$wrapper"
