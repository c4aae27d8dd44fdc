#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build BASE in the state VARIANT (see prep.sh) for PROFILE with the base
# tree's own kunit.py, incrementally and with ccache, in VARIANT's own
# build directory for PROFILE (lib.sh build_out:
# $WORKDIR/build/BASE/v/VARIANT/PROFILE).  Prints one "build:" line.
#
#   scripts/kernel/build.sh BASE VARIANT PROFILE
#
# The file built-variant in the build directory then says "BASE VARIANT
# PROFILE" of the kernel it holds (the throwaway variants, prefix:N and
# mutant:NAME, share one directory per base and profile), and a
# directory that already holds that kernel, from the same commit and
# configuration, is left as it is ("up to date").
#
# PROFILE: rt (x86_64 PREEMPT_RT with lockdep), rtperf (x86_64 PREEMPT_RT
# without lock debugging), nonrt (x86_64, no RT), nonrt-debug (x86_64, no
# RT, with lockdep), rttrace (rt with event tracing and kprobe events),
# uml (User Mode Linux with lockdep), arm64 (PREEMPT_RT with lockdep,
# cross-compiled).
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

case ${1:-} in -*) usage_error "unknown option $1" ;; esac
[ $# -eq 3 ] || usage_error "usage: $PROG BASE VARIANT PROFILE"
base=$1 variant=$2 profile=$3
check_base "$base"
set_profile "$profile"

# Another target that builds into this tree or directory waits until
# this build, and whatever its caller then does with the kernel, is over.
hold_build "$base" "$variant" "$profile"
src=$("$TOP/scripts/kernel/prep.sh" "$base" "$variant")
out=$(build_out "$base" "$variant" "$profile")
mkdir -p "$out"
export CCACHE_DIR=${CCACHE_DIR:-$WORKDIR/ccache}
# Paths relative to the build directory: trees laid out alike share hits.
export CCACHE_BASEDIR=$WORKDIR
ccache -M "${CCACHE_SIZE:-10G}" >/dev/null

args=(--arch="$ARCH" --build_dir="$out" --jobs="$(nproc)"
	--kunitconfig="$TOP/configs/$FRAG.config"
	--make_options="CC=ccache ${CROSS}gcc" --make_options="HOSTCC=ccache gcc")
[ -z "$CROSS" ] || args+=(--cross_compile="$CROSS")
# The x86_64 kernels also boot the selftest guest.
[ "$ARCH" = x86_64 ] && args+=(--kunitconfig="$TOP/configs/guest.config")
# The rt and rttrace kernels also run blktests (scripts/blktests/blktests.sh).
case $profile in rt | rttrace) args+=(--kunitconfig="$TOP/configs/blktests.config") ;; esac
# A base may need more (configs/PROFILE-BASE.config).
[ -r "$TOP/configs/$FRAG-$base.config" ] && args+=(--kunitconfig="$TOP/configs/$FRAG-$base.config")
# The unpatched base and early prefixes carry no test suite (the
# prefixes share the scratch directory with the mutants: only the files
# that depend on the suite's Kconfig symbol are rebuilt when it comes
# and goes).
[ -r "$src/block/.kunitconfig" ] && args+=(--kunitconfig="$src/block/.kunitconfig")

# The build's inputs: the commit the harness's tree holds (prep.sh's
# src.commit: nothing else writes into that tree), the configuration
# fragments and this script.  A directory that holds a kernel of the
# same inputs is not rebuilt: kunit.py takes about 20 s here to find
# nothing to do.  The
# user's own tree (KSRC) may have edits, and is always built.
stamp=
if [ -z "${KSRC:-}" ]; then
	frags=()
	for a in "${args[@]}"; do
		case $a in --kunitconfig=*) frags+=("${a#*=}") ;; esac
	done
	commit=$(cat "$src.commit")
	# The release git would give a checkout of that commit (the tree is
	# not one: prep.sh).
	args+=(--make_options="LOCALVERSION=-g${commit:0:12}")
	stamp="$commit $profile $(cat "${frags[@]}" | sha256sum | cut -c1-16)"
	stamp+=" $(sha256sum <"$0" | cut -c1-16)"
fi
if [ -n "$stamp" ] && [ "$(cat "$out/build.stamp" 2>/dev/null)" = "$stamp" ] && [ -r "$out/$IMAGE" ]; then
	printf '%s %s %s\n' "$base" "$variant" "$profile" >"$out/built-variant"
	release=$(cat "$out/include/config/kernel.release" 2>/dev/null || echo unknown)
	echo "build: $base $variant $profile: $release up to date"
	exit 0
fi

log=$out/build.log
rm -f "$out/built-variant" "$out/build.stamp"
start=$(date +%s)
if ! (cd "$src" && /usr/bin/python3 tools/testing/kunit/kunit.py build "${args[@]}") >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -n 20 >&2 || true
	die "$base/$variant/$profile: build failed, see $log"
fi
secs=$(($(date +%s) - start))
release=$(cat "$out/include/config/kernel.release" 2>/dev/null || echo unknown)
printf '%s\n' "$secs" >"$out/build.secs"
# What this directory now holds, for the checks that read its kernel.
printf '%s %s %s\n' "$base" "$variant" "$profile" >"$out/built-variant"
[ -z "$stamp" ] || echo "$stamp" >"$out/build.stamp"
echo "build: $base $variant $profile: $release in ${secs}s"
