# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Definitions shared by the harness scripts.  Sourced, never run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORKDIR=${WORKDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/blk-quiesce-rt}
KNOWN_BASES="mainline rt-stable 6.6.y 6.6-rt"
# The bases make and make check take by default; the 6.6 ones come from
# fetched public trees (MIRRORS) and have their own checks (tests/checks/six).
# shellcheck disable=SC2034 # for the scripts that source this
DEFAULT_BASES="mainline rt-stable"
# The bases with a series of their own, to sign and send.
# shellcheck disable=SC2034 # for the scripts that source this
SERIES_BASES="mainline rt-stable 6.6.y"
# debian_python CMD...: run CMD with Debian's python3 first in PATH, for
# the kernel tools that import Debian's python3 packages (checkpatch's
# spdxcheck needs python3-ply, htmldocs python3-sphinx); the user's PATH
# stays as it is everywhere else.
debian_python() {
	PATH=/usr/bin:/bin:$PATH "$@"
}
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

# load_pin BASE: set PIN_PACKAGE, PIN_VERSION, PIN_SUITE, PIN_SHA256,
# PIN_KERNEL (the upstream release, "Linux 7.3.4"), PIN_PREFIX (the
# series' subject prefix, default "PATCH") and PIN_TO (who the series is
# sent to, default: the maintainers), PIN_CONFIG_PACKAGE, PIN_CONFIG_FILE and
# PIN_CONFIG_SHA256 (Debian's kernel configuration of the same version,
# for make deb), PIN_POSTED_BASE (the mainline commit the series is
# posted on, if any), PIN_SERIES (the patches/ directory whose series the
# base takes, default its own) and, for source=git (scripts/kernel/fetch-git.sh),
# PIN_SOURCE, PIN_REPO, PIN_MISSING_OK, PIN_RESTORE and the arrays
# PIN_APPLY and PIN_DIFF from patches/BASE/pin.  The file is
# parsed, not sourced.
# shellcheck disable=SC2034 # the PIN_* variables are for the caller
load_pin() {
	local pin=$TOP/patches/$1/pin key val
	[ -r "$pin" ] || die "no pin file $pin"
	PIN_PACKAGE='' PIN_VERSION='' PIN_SUITE='' PIN_SHA256='' PIN_KERNEL='' PIN_PREFIX=PATCH PIN_TO=''
	PIN_CONFIG_PACKAGE='' PIN_CONFIG_FILE='' PIN_CONFIG_SHA256='' PIN_POSTED_BASE=''
	PIN_SOURCE=debian PIN_REPO='' PIN_MISSING_OK='' PIN_RESTORE='' PIN_APPLY=() PIN_DIFF=()
	PIN_SERIES=$1
	while IFS='=' read -r key val; do
		case $key in
		package) PIN_PACKAGE=$val ;;
		version) PIN_VERSION=$val ;;
		suite) PIN_SUITE=$val ;;
		sha256) PIN_SHA256=$val ;;
		kernel) PIN_KERNEL=$val ;;
		prefix) PIN_PREFIX=$val ;;
		to) PIN_TO=$val ;;
		config_package) PIN_CONFIG_PACKAGE=$val ;;
		config_file) PIN_CONFIG_FILE=$val ;;
		config_sha256) PIN_CONFIG_SHA256=$val ;;
		posted_base) PIN_POSTED_BASE=$val ;;
		source) PIN_SOURCE=$val ;;
		repo) PIN_REPO=$val ;;
		missing_ok) PIN_MISSING_OK=$val ;;
		restore) PIN_RESTORE=$val ;;
		apply) PIN_APPLY+=("$val") ;;
		diff) PIN_DIFF+=("$val") ;;
		series) PIN_SERIES=$val ;;
		'' | '#'*) ;;
		*) die "$pin: unknown key '$key'" ;;
		esac
	done <"$pin"
	case $PIN_SOURCE in
	debian)
		[ -n "$PIN_PACKAGE" ] && [ -n "$PIN_VERSION" ] && [ -n "$PIN_SUITE" ] &&
			[ -n "$PIN_SHA256" ] || die "$pin: needs package, version, suite and sha256" ;;
	git) [[ $PIN_REPO =~ ^[^\ ]+/[^\ ]+\ [0-9a-f]{40}$ ]] || die "$pin: source=git needs repo=OWNER/NAME COMMIT" ;;
	*) die "$pin: unknown source '$PIN_SOURCE' (debian, git)" ;;
	esac
}

# mirrors_ready BASE: succeed if BASE's sources can be had: a Debian pin,
# or a source=git pin whose repositories are all in MIRRORS; otherwise
# print why not and fail (a check's requires()).
mirrors_ready() {
	local r repos
	load_pin "$1"
	[ "$PIN_SOURCE" = git ] || return 0
	[ -n "${MIRRORS:-}" ] || { echo "MIRRORS is not set: base $1 is built from fetched public trees (docs/6.6.md)"; return 1; }
	repos="${PIN_REPO%% *} $(for r in "${PIN_APPLY[@]}"; do echo "${r%% *}"; done)"
	for r in $repos; do
		[ -d "$MIRRORS/${r/\//+}/repo" ] || { echo "MIRRORS: no fetched repository $r in $MIRRORS (docs/6.6.md)"; return 1; }
	done
}

# one_base ARGS...: for the scripts whose one argument is a base: sets
# base and loads its pin, or stops with a usage error.
one_base() {
	[ $# -eq 1 ] || usage_error "usage: $PROG BASE"
	base=$1
	check_base "$base"
	load_pin "$base"
}

# Pristine tree of a base: a git repository whose commit tagged "base" is
# the unpacked Debian source.
src_dir() {
	printf '%s/src/%s\n' "$WORKDIR" "$1"
}

# The Debian packages whose tools the blktests guest carries (GNU tools
# where busybox's differ; scripts/boot/guest.sh), and which the host needs.
# shellcheck disable=SC2034 # used by the scripts that source this
BLKTESTS_PKGS=(coreutils gawk util-linux bsdextrautils grep sed findutils diffutils procps)

# work_dir BASE: the work directory of BASE's builds (prep.sh's scratch
# tree and lock, build directories, sparse and docs output).
work_dir() {
	printf '%s\n' "$WORKDIR/build/$1"
}

# set_profile PROFILE: ARCH, FRAG (configs/FRAG.config), IMAGE (the
# kernel image in the build directory) and CROSS (the cross compiler's
# prefix, Debian's gcc-aarch64-linux-gnu for arm64) of a build profile.
# shellcheck disable=SC2034 # set for the caller
set_profile() {
	case $1 in
	rt) ARCH=x86_64 FRAG=rt-debug ;;
	rtperf) ARCH=x86_64 FRAG=rt-perf ;;
	rtirqsoff) ARCH=x86_64 FRAG=rt-irqsoff ;;
	rttrace) ARCH=x86_64 FRAG=rt-trace ;;
	nonrt) ARCH=x86_64 FRAG=nonrt ;;
	nonrt-debug) ARCH=x86_64 FRAG=nonrt-debug ;;
	kcsan) ARCH=x86_64 FRAG=kcsan ;;
	uml) ARCH=um FRAG=uml ;;
	arm64) ARCH=arm64 FRAG=rt-debug ;;
	*) usage_error "unknown profile '$1' (rt, rtperf, rtirqsoff, rttrace, nonrt, nonrt-debug, kcsan, uml, arm64)" ;;
	esac
	case $ARCH in
	x86_64) IMAGE=arch/x86/boot/bzImage CROSS= ;;
	# kunit.py's qemu_configs/arm64.py boots this image.
	arm64) IMAGE=arch/arm64/boot/Image.gz CROSS=aarch64-linux-gnu- ;;
	*) IMAGE=vmlinux CROSS= ;;
	esac
}

# var_slot VARIANT: the name of VARIANT's tree and build directories.
# Every variant has its own, except the throwaway ones: the series'
# prefixes (prefix:N), the mutants (mutant:NAME) and the ioc-window
# kernels of a base share one, "scratch", which each of their checks
# builds its own kernel into.
var_slot() {
	case $1 in
	prefix:* | mutant:* | ioc-window | ioc-window+fix) echo scratch ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# var_dir BASE VARIANT: where VARIANT of BASE has its source tree (src,
# see prep.sh), the commit that tree holds (src.commit) and its build
# directories (one per profile); the user's own tree (KSRC) has one
# directory of builds.  All are laid out alike, so ccache shares objects
# between them.
var_dir() {
	if [ -n "${KSRC:-}" ]; then
		printf '%s\n' "$(work_dir "ksrc-$1")"
	else
		printf '%s/v/%s\n' "$(work_dir "$1")" "$(var_slot "$2")"
	fi
}

# build_src BASE VARIANT: the source tree of VARIANT (prep.sh puts it in
# that state), or the user's own (KSRC).
build_src() {
	if [ -n "${KSRC:-}" ]; then
		printf '%s\n' "$KSRC"
	else
		printf '%s/src\n' "$(var_dir "$1" "$2")"
	fi
}

# build_out BASE VARIANT PROFILE: where VARIANT is built for PROFILE.
build_out() {
	printf '%s/%s\n' "$(var_dir "$1" "$2")" "$3"
}

# tree_key DIR: a short hash of the names and contents of DIR's files
# (none if DIR does not exist).
tree_key() {
	[ -d "$1" ] || { echo none; return 0; }
	(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum | sha256sum | cut -c1-16)
}

# list_patches DIR: the patch files DIR/series names, in order.
list_patches() {
	local dir=$1 p
	[ -r "$dir/series" ] || die "no series file $dir/series"
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		[ -r "$dir/$p" ] || die "$dir/series names $p, which does not exist"
		printf '%s\n' "$dir/$p"
	done <"$dir/series"
}

# hide_kvm: set the array NO_KVM to a command prefix that runs its command
# with /dev/kvm hidden (a private mount namespace): kunit.py asks QEMU for
# KVM first, and where KVM hangs, as here, TCG must be picked.
# shellcheck disable=SC2034 # NO_KVM is for the caller
hide_kvm() {
	NO_KVM=(unshare -m sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' sh)
	[ "$(id -u)" = 0 ] || NO_KVM=(unshare -Urm sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' sh)
}

# result KIND WHAT STATUS KEY=VALUE...: print the closing line of a
# script whose caller reads figures back from it:
#   KIND: WHAT: KEY=VALUE ...; STATUS
# (values without spaces or ";"; STATUS ok or FAIL).
result() {
	local kind=$1 what=$2 status=$3
	shift 3
	printf '%s: %s: %s; %s\n' "$kind" "$what" "$*" "$status"
}

# result_get LINE KEY: the value of KEY in LINE, a result line or any
# line of KEY=VALUE words (the counting plugin's); empty if it has none.
result_get() {
	awk -v k="$2=" '{
		gsub(/;/, " ")
		for (i = 1; i <= NF; i++)
			if (index($i, k) == 1) { print substr($i, length(k) + 1); exit }
	}' <<<"$1"
}

# csv_open FILE HEADER: create FILE with HEADER, or check that its first
# line is HEADER (make count and make irqsoff append to their CSVs).
csv_open() {
	[ -r "$1" ] || echo "$2" >"$1"
	[ "$(head -n 1 "$1")" = "$2" ] || die "$1 has another header than $2"
}

# bench_prep BASE: fetch BASE and prepare the series' tree, whose
# selftests every bench guest runs (--selftests-src "$(build_src BASE series)").
bench_prep() {
	"$TOP/scripts/kernel/fetch.sh" "$1"
	"$TOP/scripts/kernel/prep.sh" "$1" series >/dev/null
}

# bench_build_each PROFILE "BASES" "VARIANTS": prepare each base and build
# each variant for PROFILE.
bench_build_each() {
	local base v
	for base in $2; do
		check_base "$base"
		bench_prep "$base"
		for v in $3; do
			log "build $base $v $1"
			"$TOP/scripts/kernel/build.sh" "$base" "$v" "$1" >&2
		done
	done
}

# series_patches BASE: the patches of BASE's series, the ones to send.
series_patches() {
	list_patches "$TOP/patches/$(series_of "$1")"
}

# ktap_progress CONSOLE: "PLAN RAN LAST" of the KUnit suite in a kernel
# log: its plan of cases, how many reported, and the last case or
# parameter that reported ("its-start" if none), blanks and commas as _.
ktap_progress() {
	awk '
		/^    1\.\.[0-9]+$/ && !plan { plan = substr($1, 4) }
		/^    (    )?(not )?ok [0-9]+ / { l = $0; sub(/^ *(not )?ok [0-9]+ /, "", l); gsub(/[ ,]/, "_", l); last = l }
		/^    (not )?ok [0-9]+ / { ran++ }
		END { print plan + 0, ran + 0, (last == "" ? "its-start" : last) }' "$1"
}

# own_series BASE: stop with a usage error unless BASE has a series of its
# own to sign and send (6.6-rt is a test base that takes 6.6.y's).
own_series() {
	local s
	s=$(series_of "$1")
	[ "$s" = "$1" ] || usage_error "base '$1' takes the series of '$s' (a test base): use BASE=$s"
}

# series_of BASE: the patches/ directory whose series BASE takes (the pin's
# series=, e.g. 6.6-rt takes 6.6.y's).
series_of() {
	local s
	s=$(sed -n 's/^series=//p' "$TOP/patches/$1/pin" 2>/dev/null)
	printf '%s\n' "${s:-$1}"
}

# testonly_patches BASE: test-only patches that the harness applies on top of
# the series (patches/BASE/tests: the stable backport carries no tests).
testonly_patches() {
	local d
	d=$TOP/patches/$(series_of "$1")/tests
	[ ! -d "$d" ] || list_patches "$d"
}

# all_patches BASE: the series, then its test-only patches: what is tested.
all_patches() {
	series_patches "$1"
	testonly_patches "$1"
}

# kunit_patch BASE: the patch that adds the KUnit suite (prep.sh's
# VARIANT+kunit takes its behavioural cases, scripts/kernel/kunit-behaviour.py).
kunit_patch() {
	# (sed -n 1p, not head -n 1: head's early exit can leave a writer
	# SIGPIPE, which pipefail turns into a failure.)
	all_patches "$1" | xargs grep -l '^+++ b/block/tests/blk_mq_quiesce_kunit\.c$' | sed -n 1p
}

# take_lock FILE WHAT: wait for and hold an exclusive lock on FILE until
# this shell (or the subshell it runs in) exits; if another target holds
# it, say that this one waits for WHAT.
take_lock() {
	local fd
	mkdir -p "$WORKDIR/locks"
	exec {fd}>"$1"
	flock -n "$fd" && return 0
	log "waiting for $2: another target is using it"
	flock "$fd"
}

# wd_lock NAME: hold $WORKDIR/locks/NAME.lock (take_lock): for the parts
# of the work directory that bases checked at once, or two targets, share
# (downloaded tools, private apt state, built helpers).
wd_lock() {
	take_lock "$WORKDIR/locks/$1.lock" "$1"
}

# hold PATH...: wait for and hold the lock of each PATH (a source tree
# or a build directory) until this shell exits.  Whatever switches a tree
# (prep.sh), builds into a directory (build.sh) or boots its kernel holds
# them, so two targets on one variant (or on two throwaway variants of
# one base, which share the scratch tree: var_slot) take turns instead
# of switching it under each other.  A lock that a caller already holds
# (HELD, which children inherit with the lock) is not taken twice.  Take
# a tree before a build directory, and trees in one order: the unpatched
# base's, the series', then any other (so that no two targets each hold
# what the other waits for).
hold() {
	local p
	for p in "$@"; do
		p=$(realpath -m "$p")
		case ":${HELD:-}:" in *":$p:"*) continue ;; esac
		take_lock "$WORKDIR/locks/path-$(printf '%s' "$p" | sha256sum | cut -c1-16).lock" "$p"
		export HELD=${HELD:+$HELD:}$p
	done
}

# built_check DIR BASE VARIANT PROFILE: succeed if the build directory
# DIR holds that kernel (its built-variant file, which build.sh writes);
# otherwise print why and fail.
built_check() {
	local held
	held=$(cat "$1/built-variant" 2>/dev/null || echo "an unknown kernel")
	[ "$held" != "$2 $3 $4" ] || return 0
	echo "$1 holds $held, not $2 $3 $4: run scripts/kernel/build.sh $2 $3 $4 first"
	return 1
}

# hold_build BASE VARIANT PROFILE: hold VARIANT's tree and its build
# directory for PROFILE.
hold_build() {
	hold "$(build_src "$1" "$2")" "$(build_out "$1" "$2" "$3")"
}

# scratch_unlock DIR [REF]: remove the lock files a git command killed
# in the harness's own scratch worktree DIR left (its index and HEAD, and
# the branch REF's in the shared repository), which make every later git
# command there refuse.  Only for a worktree no one else uses, called
# while holding the harness lock that guards it: any lock file there is
# then stale.  Never for the user's trees.
scratch_unlock() {
	local dir=$1 ref=${2:-} f
	for f in index.lock HEAD.lock ${ref:+$ref.lock}; do
		f=$(git -C "$dir" rev-parse --git-path "$f")
		case $f in /*) ;; *) f=$dir/$f ;; esac
		[ ! -e "$f" ] || { warn "removing $f, left by a git command that was killed"; rm -f "$f"; }
	done
}

# sparse_checkout DIR PATCH...: limit the git tree DIR (a worktree made
# with --no-checkout, or a clone with -n) to the top Makefile and the
# files PATCHes touch, and check them out.  git am works there as in a
# full tree; checking out a whole kernel takes half a minute here, this a
# second.  For the harness's own scratch trees, not for the user's.
sparse_checkout() {
	local dir=$1
	shift
	{
		echo /Makefile
		sed -n 's|^diff --git a/\([^ ]*\) b/\([^ ]*\)$|/\1\n/\2|p' "$@"
	} | sort -u | git -C "$dir" sparse-checkout set --no-cone --stdin
	git -C "$dir" reset -q --hard
}

# format_patch DIR ARGS...: git format-patch in DIR with every setting
# that changes its output pinned, so that the same commits always give
# the same bytes whatever the user's git config says.
format_patch() {
	local dir=$1
	shift
	git_fixed -C "$dir" -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c diff.renames=true -c diff.algorithm=myers -c format.numbered=auto \
		-c format.signature= -c format.coverLetter=false -c format.from=false \
		-c format.thread= \
		-c format.suffix=.patch \
		format-patch -q --zero-commit --no-signature --no-to --no-cc --no-add-header "$@"
}

# The identity the committed patches carry: nobody real.  scripts/mail/sign.sh
# replaces it with the user's own.
# shellcheck disable=SC2034 # used by the scripts that source this file
PLACEHOLDER_ID='Your Name <you@example.invalid>'

# Commits made by the harness get a fixed identity and date so that the
# same input always gives the same commit ids.
git_fixed() {
	GIT_AUTHOR_NAME=blk-quiesce-rt GIT_AUTHOR_EMAIL=harness@localhost \
		GIT_COMMITTER_NAME=blk-quiesce-rt GIT_COMMITTER_EMAIL=harness@localhost \
		GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' \
		GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
		git "$@"
}

# archive_uri SUITE: the Debian archive that serves SUITE, from
# DEBIAN_MIRROR (DEBIAN_SECURITY_MIRROR for a -security suite) or else
# the first matching entry of the machine's own apt sources; empty if
# none does.
archive_uri() {
	local pat mirror f
	case $1 in
	*-security) pat='^[a-z]+-security$' mirror=${DEBIAN_SECURITY_MIRROR:-} ;;
	*) pat='^[a-z]+(-updates|-backports)?$' mirror=${DEBIAN_MIRROR:-} ;;
	esac
	if [ -n "$mirror" ]; then
		echo "$mirror"
		return
	fi
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk -v pat="$pat" '
			/^deb[ \t]/ {
				i = 2
				if ($i ~ /^\[/) while ($i !~ /\]$/) i++
				if ($i ~ /^\[/ || $i ~ /\]$/) i++
				if ($(i + 1) ~ pat) { print $i; exit }
			}
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (j = 2; j <= NF; j++) if ($j ~ pat) { print uri; exit } }
			/^$/ { uri = "" }
		' "$f"
	done | sed -n 1p
}
