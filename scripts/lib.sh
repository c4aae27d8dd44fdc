# shellcheck shell=bash
# Definitions shared by the harness scripts.  Sourced, never run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORKDIR=${WORKDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/blk-quiesce-rt}
KNOWN_BASES="mainline rt-stable"
# Debian's tools first: checkpatch's spdxcheck needs Debian's python3-ply.
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
PROG=${0##*/}

die() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

# An argument the user got wrong: exit status 2, like a usage error.
usage_error() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 2
}

warn() {
	printf '%s: warning: %s\n' "$PROG" "$*" >&2
}

log() {
	printf '==> %s\n' "$*" >&2
}

# check_base NAME: exit 2 with one line unless NAME is a base we know.
check_base() {
	local b
	for b in $KNOWN_BASES; do
		[ "$1" = "$b" ] && return 0
	done
	usage_error "unknown base '${1}' (known bases: ${KNOWN_BASES// /, })"
}

# load_pin BASE: set PIN_PACKAGE, PIN_VERSION, PIN_SUITE and PIN_SHA256
# from patches/BASE/pin.  The file is parsed, not sourced.
load_pin() {
	local pin=$TOP/patches/$1/pin key val
	[ -r "$pin" ] || die "no pin file $pin"
	PIN_PACKAGE='' PIN_VERSION='' PIN_SUITE='' PIN_SHA256=''
	while IFS='=' read -r key val; do
		case $key in
		package) PIN_PACKAGE=$val ;;
		version) PIN_VERSION=$val ;;
		suite) PIN_SUITE=$val ;;
		sha256) PIN_SHA256=$val ;;
		'' | '#'*) ;;
		*) die "$pin: unknown key '$key'" ;;
		esac
	done <"$pin"
	[ -n "$PIN_PACKAGE" ] && [ -n "$PIN_VERSION" ] && [ -n "$PIN_SUITE" ] &&
		[ -n "$PIN_SHA256" ] || die "$pin: needs package, version, suite and sha256"
}

# Pristine tree of a base: a git repository whose commit tagged "base" is
# the unpacked Debian source.
src_dir() {
	printf '%s/src/%s\n' "$WORKDIR" "$1"
}

# build_src BASE: the source tree that builds use: the user's own tree
# (KSRC), or the build tree prep.sh keeps (PREP_TREE names another one, so
# that "make bench" and "make check" never switch each other's sources).
build_src() {
	printf '%s\n' "${KSRC:-$WORKDIR/build/$1/${PREP_TREE:-src}}"
}

# build_out BASE PROFILE: where that tree is built (BUILD_DIR overrides).
build_out() {
	printf '%s\n' "${BUILD_DIR:-$WORKDIR/build/${KSRC:+ksrc-}$1/$2}"
}

# series_patches BASE: the patch files of BASE's series, in order.
series_patches() {
	local dir=$TOP/patches/$1 p
	[ -r "$dir/series" ] || die "no series file $dir/series"
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		[ -r "$dir/$p" ] || die "$dir/series names $p, which does not exist"
		printf '%s\n' "$dir/$p"
	done <"$dir/series"
}

# Commits made by the harness get a fixed identity and date so that the
# same input always gives the same commit ids.
git_fixed() {
	GIT_AUTHOR_NAME=blk-quiesce-rt GIT_AUTHOR_EMAIL=harness@localhost \
		GIT_COMMITTER_NAME=blk-quiesce-rt GIT_COMMITTER_EMAIL=harness@localhost \
		GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' \
		GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
		git "$@"
}
