#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build Documentation/block of BASE with the kernel's own Sphinx setup,
# with the series and without, and fail on any warning the series adds
# (matched on file and message, as line numbers move).  Also requires the
# series' page to be built.
#
#   tests/docs.sh BASE
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -eq 1 ] || usage_error "usage: $PROG BASE"
base=$1
check_base "$base"
/usr/bin/python3 -c 'import sphinx, yaml' 2>/dev/null ||
	die "Sphinx missing: apt-get install python3-sphinx python3-yaml"
hold "$(build_src "$base" series)"
src=$("$TOP/scripts/kernel/prep.sh" "$base" series)
out=$(work_dir "$base")

# docs TREE OUT: warnings of a Documentation/block build, without line numbers.
docs() {
	rm -rf "$2"
	mkdir -p "$2"
	debian_python make -C "$1" O="$2" SPHINXDIRS=block htmldocs >"$2/docs.log" 2>&1 ||
		{ tail -n 30 "$2/docs.log" >&2; die "htmldocs of $1 failed"; }
	grep -E 'WARNING|ERROR|warning:' "$2/docs.log" |
		sed -e "s#$1/##g" -e 's#:[0-9]\+:#:#g' | sort -u || true
}

known=$out/docs-base.warnings
if [ ! -r "$known" ]; then
	docs "$(src_dir "$base")" "$out/docs-base" >"$known.tmp"
	mv "$known.tmp" "$known"
fi
docs "$src" "$out/docs" >"$out/docs.warnings"
page=$(find "$out/docs" -name 'blk-mq-quiesce.html' | head -n 1)
[ -n "$page" ] || die "Documentation/block/blk-mq-quiesce.rst was not built"
api=$(dirname "$page")/blk-mq.html
grep -q 'c.blk_mq_unquiesce_queue' "$api" || die "kernel-doc of blk_mq_unquiesce_queue() missing from $api"
new=$(comm -23 "$out/docs.warnings" "$known")
echo "warnings the base already has: $(wc -l <"$known")"
if [ -n "$new" ]; then
	echo "$new"
	die "the series adds documentation warnings"
fi
echo "$base: Documentation/block builds with no new warning, $(basename "$page") included"
