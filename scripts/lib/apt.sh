#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run apt-get or apt-cache against one Debian suite through a private apt
# configuration under $WORKDIR/apt/SUITE, never touching the machine's own
# sources.  The archive addresses are taken from the machine's sources
# (or DEBIAN_MIRROR / DEBIAN_SECURITY_MIRROR).
#
#   scripts/lib/apt.sh SUITE apt-get|apt-cache ARGS...
#
# APT_SOURCES=1 also lists the suite's source packages.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || usage_error "usage: $PROG SUITE apt-get|apt-cache ARGS..."
suite=$1 tool=$2
shift 2
case $tool in apt-get | apt-cache) ;; *) usage_error "unknown tool '$tool'" ;; esac
command -v "$tool" >/dev/null || die "$tool not found: this harness needs a Debian system"

uri=$(archive_uri "$suite")
[ -n "$uri" ] || die "cannot find a Debian archive for '$suite' in /etc/apt/sources*; set DEBIAN_MIRROR (and DEBIAN_SECURITY_MIRROR)"

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || die "$keyring missing: apt-get install debian-archive-keyring"

dir=$WORKDIR/apt/$suite
wd_lock "apt-$suite"
mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
# APT_SOURCES=1 adds the suite's source packages (for apt-get source).
{
	printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$uri" "$suite"
	[ "${APT_SOURCES:-0}" = 0 ] || printf 'deb-src [signed-by=%s] %s %s main\n' "$keyring" "$uri" "$suite"
} >"$dir/sources.list.new"
if ! cmp -s "$dir/sources.list.new" "$dir/sources.list" 2>/dev/null; then
	mv "$dir/sources.list.new" "$dir/sources.list"
	rm -f "$dir/updated"
else
	rm -f "$dir/sources.list.new"
fi

opts=(-o "Dir::Etc::sourcelist=$dir/sources.list"
	-o Dir::Etc::sourceparts=/dev/null
	-o "Dir::State::Lists=$dir/lists"
	-o "Dir::Cache=$dir/cache"
	-o APT::Sandbox::User=root)

# Refresh the suite's index at most once a day.
if [ -z "$(find "$dir/updated" -mmin -1440 2>/dev/null)" ]; then
	apt-get "${opts[@]}" -qq update >&2 || die "apt-get update of '$suite' from $uri failed"
	touch "$dir/updated"
fi
exec "$tool" "${opts[@]}" "$@"
