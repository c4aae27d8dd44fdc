#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, when any is missing.  As
# root this runs apt-get; otherwise it prints the one command to run.
#
#   scripts/lib/deps.sh [GROUP...]    GROUP: build (default), check, bench, blktests, deb
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

pkgs=(git make gcc libc6-dev flex bison bc libelf-dev libssl-dev python3
	perl xz-utils dpkg ccache qemu-system-x86 debian-archive-keyring
	util-linux cpio kmod)
for group in "${@:-build}"; do
	case $group in
	build) ;;
	# arm64: the cross compiler and QEMU of kunit:BASE:arm64.
	check) pkgs+=(sparse shellcheck python3-ply python3-git python3-sphinx python3-yaml
		fio stress-ng busybox-static rsync b4 debootstrap gcc-aarch64-linux-gnu qemu-system-arm) ;;
	bench) pkgs+=(gnuplot-nox fio stress-ng busybox-static rsync) ;;
	# blktests' build, and the tools scripts/boot/guest.sh copies into its guest;
	# udevadm (unpacked from udev's .deb) links systemd's shared library.
	blktests) pkgs+=(g++ fio busybox-static libsystemd-shared "${BLKTESTS_PKGS[@]}") ;;
	# make deb: the kernel's bindeb-pkg (dpkg-buildpackage, which checks
	# its build dependencies: debhelper, libdw-dev (7.3); rsync for the
	# headers package); openssl makes the module signing key.
	deb) pkgs+=(dpkg-dev debhelper rsync xz-utils libdw-dev openssl) ;;
	*) usage_error "unknown group '$group' (build, check, bench, blktests, deb)" ;;
	esac
done

missing=()
for p in "${pkgs[@]}"; do
	# Groups share packages (fio, busybox-static): list each once.
	case " ${missing[*]} " in *" $p "*) continue ;; esac
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: this harness needs Debian"
if [ "$(id -u)" != 0 ]; then
	die "missing packages; run: sudo apt-get install --no-install-recommends ${missing[*]}"
fi
log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
{ apt-get -qq update && apt-get -qq install -y --no-install-recommends "${missing[@]}"; } >&2 ||
	die "apt-get install ${missing[*]} failed"
