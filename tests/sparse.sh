#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build block/ of BASE with the series applied, with W=1 and C=1
# (sparse), and fail on any warning in a file the series touches that the
# unpatched base does not have too (matched on file and message, as line
# numbers move).  Uses the configuration of the series' rt build (built
# here if it is not up to date) in build directories of its own.
#
# PROFILE (default rt) is the build whose configuration is used: arm64
# cross-compiles with Debian's gcc-aarch64-linux-gnu.
#
#   tests/sparse.sh BASE [VARIANT [PROFILE]]    (VARIANT as for scripts/kernel/prep.sh)
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -ge 1 ] && [ $# -le 3 ] || usage_error "usage: $PROG BASE [VARIANT [PROFILE]]"
base=$1 variant=${2:-series} profile=${3:-rt}
check_base "$base"
set_profile "$profile"
sp=sparse
[ "$profile" = rt ] || sp=sparse-$profile
known=$(work_dir "$base")/$sp-base.warnings
# Trees are held in one order everywhere (lib.sh hold): the unpatched
# base's (for its warnings, worked out once), the series', then others.
[ -r "$known" ] || hold "$(build_src "$base" unpatched)"
hold_build "$base" series "$profile"
"$TOP/scripts/kernel/build.sh" "$base" series "$profile" >&2
rt=$(build_out "$base" series "$profile")
config=$rt/.config
export CCACHE_DIR=${CCACHE_DIR:-$WORKDIR/ccache}

hold "$(build_src "$base" "$variant")"
src=$("$TOP/scripts/kernel/prep.sh" "$base" "$variant")
# Newer trees need a newer sparse than Debian 12 has (__typeof_unqual__).
check=sparse
if [ "$(sh "$src/scripts/checker-valid.sh" sparse -m64 2>/dev/null)" != 1 ]; then
	check=$("$TOP/scripts/lib/tool.sh" sparse)
fi
echo "sparse: $check ($("$check" --version))"

# check_block TREE OUT [FILE...]: W=1 C=1 build of TREE's block/ in OUT;
# prints the warnings of the files compiled as "file: message", without
# line numbers.  Without FILEs all of block/ is compiled anew.  With
# them (the files the series touches) only the objects whose warnings
# can name a FILE are: each .c FILE's, and for each other FILE one
# object that includes it (a header's warnings are the same in every
# file that includes it, and a warning in a file the series does not
# touch does not count), as kbuild's .cmd files of the rt build
# directory (same configuration) say.  That is a few objects where all
# of block/ takes a minute and a half here.  A touched kernel .c without
# an object there (the series does not build that file) means all of
# block/ again.  Files under tools/ and Documentation/ are not kernel
# objects.
check_block() {
	local tree=$1 o=$2 f c re obj targets=()
	shift 2
	local mk=(make -C "$tree" O="$o" ARCH="$ARCH" CROSS_COMPILE="$CROSS" -j"$(nproc)" HOSTCC="ccache gcc")
	mkdir -p "$o"
	cp "$config" "$o/.config"
	"${mk[@]}" olddefconfig >/dev/null
	for f in "$@"; do
		case $f in
		tools/* | Documentation/*) continue ;;
		*.c)
			obj=${f%.c}.o
			[ -e "$rt/$obj" ] || { targets=(); break; } ;;
		*)
			re=${f//./\\.}
			c=$(grep -rlE --include='.*.o.cmd' "/$re( |\$)" "$rt/block" | head -n 1) || true
			[ -n "$c" ] || continue
			obj=${c#"$rt/"}
			obj=$(dirname "$obj")/$(basename "$obj" .cmd | cut -c2-) ;;
		esac
		targets+=("$obj")
	done
	# W=1 and sparse only speak when a file is compiled.
	if [ "${#targets[@]}" -eq 0 ]; then
		rm -rf "$o/block"
		targets=(block/)
	else
		mapfile -t targets < <(printf '%s\n' "${targets[@]}" | sort -u)
		for obj in "${targets[@]}"; do rm -f "$o/$obj"; done
	fi
	"${mk[@]}" W=1 C=1 CHECK="$check" "${targets[@]}" >"$o/block.log" 2>&1 ||
		{ tail -n 30 "$o/block.log" >&2; die "${targets[*]} of $tree does not build"; }
	! grep 'specified, but' "$o/block.log" >&2 || die "the kernel did not accept $check"
	[ "$(grep -c '^ *CHECK ' "$o/block.log")" -gt 0 ] || die "sparse checked no file"
	sed -n "s#^$tree/##; s#^\\([^ :]*\\):[0-9]*:[0-9:]* \\(warning\\|error\\): #\\1: \\2: #p" \
		"$o/block.log" | sort -u
}

# The unpatched base never changes: its warnings are worked out once,
# in its own tree.
if [ ! -r "$known" ]; then
	un=$("$TOP/scripts/kernel/prep.sh" "$base" unpatched)
	check_block "$un" "$(build_out "$base" unpatched "$sp")" >"$known.tmp"
	mv "$known.tmp" "$known"
fi
out=$(build_out "$base" "$variant" "$sp")
mapfile -t touched < <(git -C "$(src_dir "$base")" diff --name-only base "$(cat "$src.commit")")
check_block "$src" "$out" "${touched[@]}" >"$out.warnings"

echo "files the series touches: ${touched[*]}"
echo "sparse checked $(grep -c '^ *CHECK ' "$out/block.log") files under W=1: $(sed -n "s#^ *CHECK *\\($src/\\)\\{0,1\\}##p" "$out/block.log" | paste -sd' ')"
pat=$(printf '%s\n' "${touched[@]}" | sed 's/[.]/[.]/g' | paste -sd'|')
new=$(comm -23 "$out.warnings" "$known" | grep -E "^($pat): " || true)
old=$(grep -Ec "^($pat): " "$known" || true)
echo "warnings the base already has in those files: $old"
if [ -n "$new" ]; then
	echo "$new"
	die "new W=1/sparse warnings in files the series touches"
fi
echo "$base $ARCH: no new W=1 or sparse warning in files the series touches"
