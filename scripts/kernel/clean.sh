#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Remove what the harness made under $WORKDIR: "build" removes build
# directories and scratch trees (ccache, downloads and pristine trees
# stay); "all" removes $WORKDIR entirely, editing trees included.
#
#   scripts/kernel/clean.sh build|all
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 1 ] || usage_error "usage: $PROG build|all"
case $1 in
build)
	rm -rf "$WORKDIR/build"
	for b in $KNOWN_BASES; do
		src=$(src_dir "$b")
		[ ! -d "$src/.git" ] || git -C "$src" worktree prune
	done
	;;
all)
	case $WORKDIR in
	/ | "$HOME" | '') die "refusing to remove '$WORKDIR'" ;;
	esac
	rm -rf "$WORKDIR"
	;;
*) usage_error "usage: $PROG build|all" ;;
esac
