#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch BASE's pinned Debian linux-source package, check it and unpack it
# once into $WORKDIR/src/BASE as a git repository with one commit, tagged
# "base".  Does nothing when that tree is already there for the pin.  A
# pin with source=git is made by scripts/kernel/fetch-git.sh instead.
#
#   scripts/kernel/fetch.sh BASE
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

one_base "$@"
[ "$PIN_SOURCE" = debian ] || exec "$TOP/scripts/kernel/fetch-git.sh" "$base"
# Two targets, or make check's bases and its harness checks, may fetch
# the same base at once: one unpacks, the other waits and finds it done.
wd_lock "fetch-$base"

src=$(src_dir "$base")
stamp="$PIN_PACKAGE $PIN_VERSION $PIN_SHA256"
if [ -r "$src/.git/blkq-fetched" ] && [ "$(cat "$src/.git/blkq-fetched")" = "$stamp" ] &&
	git -C "$src" rev-parse -q --verify 'base^{commit}' >/dev/null; then
	exit 0
fi

debs=$WORKDIR/debs
mkdir -p "$debs"
deb=$debs/${PIN_PACKAGE}_${PIN_VERSION}_all.deb
want=$PIN_SHA256
if [ ! -r "$deb" ] || [ "$(sha256sum <"$deb" | cut -d' ' -f1)" != "$want" ]; then
	log "$base: downloading $PIN_PACKAGE $PIN_VERSION from $PIN_SUITE"
	rm -f "$deb"
	if ! (cd "$debs" && "$TOP/scripts/lib/apt.sh" "$PIN_SUITE" apt-get -qq download \
		"$PIN_PACKAGE=$PIN_VERSION") >&2; then
		# The archive only keeps the newest few versions of a package.
		newest=$("$TOP/scripts/lib/apt.sh" "$PIN_SUITE" apt-cache show "$PIN_PACKAGE" 2>/dev/null |
			sed -n 's/^Version: //p' | sort -V | tail -n 1)
		[ -n "$newest" ] || die "$PIN_PACKAGE is not in $PIN_SUITE any more"
		warn "***********************************************************"
		warn "$PIN_PACKAGE $PIN_VERSION has left $PIN_SUITE;"
		warn "falling back to $PIN_PACKAGE $newest, which the series was NOT"
		warn "made on.  Update patches/$base/pin once it is checked."
		warn "***********************************************************"
		(cd "$debs" && "$TOP/scripts/lib/apt.sh" "$PIN_SUITE" apt-get -qq download \
			"$PIN_PACKAGE=$newest") >&2 || die "download of $PIN_PACKAGE $newest failed"
		deb=$debs/${PIN_PACKAGE}_${newest}_all.deb
		# apt checked the file against the signed index; there is no pin.
		want=$(sha256sum <"$deb" | cut -d' ' -f1)
		stamp="$PIN_PACKAGE $newest $want"
	fi
fi
got=$(sha256sum <"$deb" | cut -d' ' -f1)
[ "$got" = "$want" ] || die "$deb: sha256 $got, pin says $want"

log "$base: unpacking $(basename "$deb")"
rm -rf "$src" "$src.tmp"
mkdir -p "$src.tmp"
dpkg-deb --fsys-tarfile "$deb" |
	tar -xO "./usr/src/$PIN_PACKAGE.tar.xz" |
	xz -dc -T0 |
	tar -x -C "$src.tmp" --strip-components=1 ||
	die "cannot unpack $deb"
[ -r "$src.tmp/Makefile" ] && [ -d "$src.tmp/block" ] || die "$deb holds no kernel tree"

log "$base: making the base commit"
(
	cd "$src.tmp"
	# Debian appends "/*" to .gitignore, which would hide every new file
	# of a series from git; the base commit drops those packaging lines.
	n=$(grep -n '^# Debian packaging' .gitignore | cut -d: -f1 || true)
	if [ -n "$n" ]; then
		head -n "$((n - 3))" .gitignore >.gitignore.new
		mv .gitignore.new .gitignore
	fi
	git init -q
	git config gc.auto 0
	git config core.autocrlf false
	git add -A
	git_fixed commit -q -m "$PIN_PACKAGE $PIN_VERSION (Debian)"
	git tag base
) || die "cannot make a git repository of $base"
printf '%s\n' "$stamp" >"$src.tmp/.git/blkq-fetched"
mv "$src.tmp" "$src"
log "$base: $(git -C "$src" log -1 --format='%h %s' base)"
