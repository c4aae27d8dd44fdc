#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A fresh Debian machine gets everything: in a new minbase root made by
# Debian's debootstrap (cached as a tar under $WORKDIR/fresh), the
# harness's own scripts/lib/deps.sh installs the package groups that "make"
# and "make check" install (read from "make -n"), and then every command
# that tests/commands lists for those groups must be there; then the
# same for the groups of the other targets.  Needs root (chroot) and the
# Debian archive.
#
#   tests/fresh.sh [DROP]
#
# DROP: a package to take out of scripts/lib/deps.sh's lists in the root's
# copy: the check must then fail, naming the commands DROP provides.
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -le 1 ] || usage_error "usage: $PROG [PACKAGE-TO-DROP]"
drop=${1:-}
if [ "$(id -u)" != 0 ]; then
	echo "fresh: needs root (debootstrap and chroot)"
	exit 77
fi
command -v debootstrap >/dev/null || die "debootstrap not installed: make deps"
suite=${FRESH_SUITE:-bookworm}
dir=$WORKDIR/fresh
tarball=$dir/$suite-minbase.tar
root=$dir/root${drop:+-$drop}
mkdir -p "$dir/archives"

# The groups each make target installs, from the Makefile itself.
groups_of() {
	make -n -s -C "$TOP" "$@" 2>/dev/null | sed -n 's|.*scripts/lib/deps.sh ||p' | tr ' ' '\n' | sort -u
}

# One minbase root per suite, made once; its apt sources are those of a
# Debian installation (the release, its updates and its security suite).
if [ ! -r "$tarball" ]; then
	mirror=$(archive_uri "$suite") security=$(archive_uri "$suite-security")
	[ -n "$mirror" ] && [ -n "$security" ] ||
		die "cannot find a Debian archive for $suite in /etc/apt/sources*; set DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR"
	rm -rf "$root"
	log "debootstrap --variant=minbase $suite from $mirror"
	debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
		die "debootstrap failed, see $dir/debootstrap.log"
	printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
		"$mirror" "$suite" "$mirror" "$suite" "$security" "$suite" >"$root/etc/apt/sources.list"
	# A throwaway root: dpkg need not sync every file.
	echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/unsafe-io"
	tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
fi
rm -rf "$root"
mkdir -p "$root"
trap 'rm -rf "$root"' EXIT
tar -C "$root" -xf "$tarball"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mkdir -p "$root/opt/harness"
cp -r "$TOP/scripts" "$root/opt/harness/"
if [ -n "$drop" ]; then
	sed -i -E "s/([( \t])$drop([ \t)])/\1\2/g" "$root/opt/harness/scripts/lib/deps.sh" "$root/opt/harness/scripts/lib/lib.sh"
	! cmp -s "$TOP/scripts/lib/deps.sh" "$root/opt/harness/scripts/lib/deps.sh" ||
		! cmp -s "$TOP/scripts/lib/lib.sh" "$root/opt/harness/scripts/lib/lib.sh" ||
		usage_error "no group of scripts/lib/deps.sh lists '$drop'"
	echo "fresh: $drop taken out of scripts/lib/deps.sh's lists"
fi

# in_root CMD...: CMD in the root, with /proc and the download cache
# mounted in a mount namespace of its own.
in_root() {
	# shellcheck disable=SC2016 # expanded by that sh
	unshare -m --propagation private sh -c '
		r=$1 a=$2
		shift 2
		mount -t proc proc "$r/proc" && mount --bind "$a" "$r/var/cache/apt/archives" &&
			exec chroot "$r" "$@"' sh "$root" "$dir/archives" "$@"
}

missing=0
installed=(essential)
# check_groups TARGET...: install the groups of TARGETs, then look for
# every command of the groups installed so far.
check_groups() {
	local groups g c n=0
	mapfile -t groups < <(groups_of "$@")
	[ "${#groups[@]}" -gt 0 ] || die "make -n $* names no scripts/lib/deps.sh group"
	log "make $*: scripts/lib/deps.sh ${groups[*]}"
	in_root /opt/harness/scripts/lib/deps.sh "${groups[@]}" >"$dir/deps.log" 2>&1 ||
		{ tail -n 5 "$dir/deps.log"; die "scripts/lib/deps.sh ${groups[*]} failed in the new root"; }
	installed+=("${groups[@]}")
	while read -r c g; do
		printf '%s\n' "${installed[@]}" | grep -qx "$g" || continue
		n=$((n + 1))
		# shellcheck disable=SC2016 # expanded in the root
		if ! in_root sh -c 'command -v "$1"' sh "$c" >/dev/null; then
			echo "fresh: $c (group $g) is not there after make $*'s scripts/lib/deps.sh ${groups[*]}"
			missing=$((missing + 1))
		fi
	done < <(sed 's/#.*//' "$TOP/tests/commands" | awk 'NF >= 2 { print $1, $2 }')
	echo "fresh: make $*: $n commands looked for"
}

check_groups all check
[ -n "$drop" ] || check_groups bench blktests deb deb-check kcsan mails
if [ "$missing" -gt 0 ]; then
	echo "fresh: $missing commands missing in a new $suite root"
	exit 1
fi
echo "fresh: every listed command is there in a new $suite root"
