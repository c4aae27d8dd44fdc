#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of Debian's own PREEMPT_RT kernel configuration for BASE:
# the file the pin names (config_file) from Debian's linux-config package
# of the pinned source version, downloaded once into $WORKDIR/debs and
# checked against the pin's config_sha256.  DEB_CONFIG=FILE uses the
# user's own linux-config .deb (its version must be the pinned one) or a
# plain .config (its header must name the pinned kernel release) instead.
#
#   scripts/deb/debconfig.sh BASE
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

one_base "$@"
[ -n "$PIN_CONFIG_PACKAGE" ] && [ -n "$PIN_CONFIG_FILE" ] && [ -n "$PIN_CONFIG_SHA256" ] ||
	die "patches/$base/pin names no Debian configuration (config_package, config_file, config_sha256)"
release=${PIN_KERNEL#Linux }
dir=$WORKDIR/deb/$base
mkdir -p "$dir"
out=$dir/debian.config

# unpack_config DEB: Debian's configuration from a linux-config package.
unpack_config() {
	dpkg-deb --fsys-tarfile "$1" | tar -xO "./usr/src/$PIN_CONFIG_PACKAGE/$PIN_CONFIG_FILE" |
		xz -dc >"$out.tmp" 2>/dev/null && [ -s "$out.tmp" ] ||
		die "$1 has no usr/src/$PIN_CONFIG_PACKAGE/$PIN_CONFIG_FILE"
	mv "$out.tmp" "$out"
}

if [ -n "${DEB_CONFIG:-}" ]; then
	[ -r "$DEB_CONFIG" ] || usage_error "DEB_CONFIG '$DEB_CONFIG' cannot be read"
	rm -f "$out.stamp"
	if pkg=$(dpkg-deb -f "$DEB_CONFIG" Package 2>/dev/null); then
		ver=$(dpkg-deb -f "$DEB_CONFIG" Version)
		[ "$pkg" = "$PIN_CONFIG_PACKAGE" ] ||
			usage_error "DEB_CONFIG is $pkg, not $PIN_CONFIG_PACKAGE"
		[ "$ver" = "$PIN_VERSION" ] ||
			usage_error "DEB_CONFIG is $pkg $ver, but the $base source is $PIN_VERSION: the configuration must come from the same version"
		unpack_config "$DEB_CONFIG"
	else
		head -n 5 "$DEB_CONFIG" | grep -q "^# Linux/x86 $release Kernel Configuration" ||
			usage_error "DEB_CONFIG is neither $PIN_CONFIG_PACKAGE .deb nor a Linux/x86 $release .config"
		cp "$DEB_CONFIG" "$out"
	fi
	printf '%s\n' "$out"
	exit 0
fi

deb=$WORKDIR/debs/${PIN_CONFIG_PACKAGE}_${PIN_VERSION}_amd64.deb
stamp="$PIN_CONFIG_PACKAGE $PIN_VERSION $PIN_CONFIG_SHA256 $PIN_CONFIG_FILE"
if [ -r "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then
	printf '%s\n' "$out"
	exit 0
fi
mkdir -p "$WORKDIR/debs"
if [ ! -r "$deb" ] || [ "$(sha256sum <"$deb" | cut -d' ' -f1)" != "$PIN_CONFIG_SHA256" ]; then
	log "$base: downloading $PIN_CONFIG_PACKAGE $PIN_VERSION from $PIN_SUITE"
	rm -f "$deb"
	# No fallback to another version: a configuration of another release
	# would build a kernel that is not the one the user runs.
	(cd "$WORKDIR/debs" && "$TOP/scripts/lib/apt.sh" "$PIN_SUITE" apt-get -qq -o APT::Architecture=amd64 \
		download "$PIN_CONFIG_PACKAGE:amd64=$PIN_VERSION") >"$dir/apt.log" 2>&1 ||
		die "$PIN_CONFIG_PACKAGE $PIN_VERSION is not in $PIN_SUITE (apt said: $(grep -m1 '^E:' "$dir/apt.log" || tail -n 1 "$dir/apt.log")): give its .deb with DEB_CONFIG=FILE, or move patches/$base/pin to the version the archive has now"
fi
got=$(sha256sum <"$deb" | cut -d' ' -f1)
[ "$got" = "$PIN_CONFIG_SHA256" ] || die "$deb: sha256 $got, pin says $PIN_CONFIG_SHA256"
unpack_config "$deb"
grep -q '^CONFIG_PREEMPT_RT=y' "$out" || die "$PIN_CONFIG_FILE is not a PREEMPT_RT configuration"
printf '%s\n' "$stamp" >"$out.stamp"
printf '%s\n' "$out"
