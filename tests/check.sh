#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make check": run the checks of tests/checks/GROUP/NNN, one line each,
# going on after a failure.  The last line is "N passed, N failed" (and
# ", M skipped").  Logs: $WORKDIR/logs/check/NAME.log (the run before's
# in $WORKDIR/logs/check.previous/).
#
#   tests/check.sh
#
# ONLY=REGEX runs the checks whose name matches; LIST=1 prints each
# check's name and description instead of running it (with ONLY, those
# that match).  BASES picks the
# bases of the per-base checks.  CHECK_JOBS (default 2) is how many bases
# run their checks at once, beside the "once" checks: each base has its
# own trees and build directories, and the work directory's shared parts
# (sources, tools, apt, blktests, the counting plugin) are locked (lib.sh
# wd_lock).  The lines then interleave; 1 runs the "once" checks, then
# each base in turn.
#
# A check file is a piece of bash that sets
#   DESCRIPTION  one line: what the check shows
#   SCOPE        "base" (the default: once per base) or "once"
#   NAME         the last part of the check's name (optional)
# and defines run() (exit status 0 passes, 77 skips with the reason on its
# last line, anything else fails), and optionally requires() (prints a
# reason and returns non-zero to skip) and instances() (prints several
# names: one check each, with INSTANCE set).  The check's name is
# GROUP[:BASE][:NAME or INSTANCE].  Files run in the order of NNN, the
# "once" checks in one lane and each base's in another.  run() and requires()
# see BASE, INSTANCE, TOP, WORKDIR, lib.sh's functions and built().
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

BASES=${BASES:-$DEFAULT_BASES}
# A wrong ONLY is an error, not a run of no checks that passes.
if [ -n "${ONLY:-}" ]; then
	re_rc=0
	[[ '' =~ $ONLY ]] || re_rc=$?
	[ "$re_rc" -ne 2 ] || usage_error "ONLY='$ONLY' is not a regular expression"
	# One that matches no check: the listing says so (and exits 2) before
	# this run moves the last run's logs aside.
	[ -n "${LIST:-}" ] || LIST=1 "$0" >/dev/null
fi
logs=$WORKDIR/logs/check
declare -A result=()
# IMAGE: where the rt profile's kernel image is (fixed:BASE).
set_profile rt
t0=$(date +%s)
listed=0

# built DIR WHAT CHECK: succeed if build directory DIR holds the kernel
# WHAT ("BASE VARIANT PROFILE", its built-variant file); otherwise print
# that CHECK builds it and fail (a requires() step).
built() {
	[ "$(cat "$1/built-variant" 2>/dev/null)" = "$2" ] && return 0
	echo "$1 does not hold '$2' (now: '$(cat "$1/built-variant" 2>/dev/null || echo nothing)'); $3 builds it"
	return 1
}

# The check files by number.
mapfile -t files < <(for f in "$TOP"/tests/checks/*/[0-9][0-9][0-9]; do
	printf '%s %s\n' "${f##*/}" "$f"
done | sort -n | cut -d' ' -f2-)
[ "${#files[@]}" -gt 0 ] || die "no check files in $TOP/tests/checks"

# meta FILE: the check's scope and description, in a subshell that only
# reads the file.
meta() {
	(
		SCOPE=base DESCRIPTION=
		# shellcheck source=/dev/null
		. "$1"
		[ -n "$DESCRIPTION" ] || die "$1 has no DESCRIPTION"
		declare -F run >/dev/null || die "$1 defines no run()"
		printf '%s\t%s\n' "$SCOPE" "$DESCRIPTION"
	)
}

# names FILE BASE: the names of the checks of FILE for BASE (empty for a
# "once" check), one per line, with the instance after a tab.
names() {
	(
		NAME='' BASE=$2
		# shellcheck source=/dev/null
		. "$1"
		local group name i
		group=$(basename "$(dirname "$1")")
		name=$group${BASE:+:$BASE}
		if declare -F instances >/dev/null; then
			instances | while read -r i; do printf '%s:%s\t%s\n' "$name" "$i" "$i"; done
		else
			printf '%s%s\t\n' "$name" "${NAME:+:$NAME}"
		fi
	)
}

# one FILE BASE NAME INSTANCE: run one check, print its line and record
# its result in $logs/.results (a line is one write: bases running at
# once do not cut into each other's lines).
one() {
	local file=$1 name=$3 rc=0 start took reason res msg
	start=$(date +%s)
	(
		# shellcheck disable=SC2034 # for the check file
		BASE=$2 INSTANCE=$4
		# shellcheck source=/dev/null
		. "$file"
		if declare -F requires >/dev/null; then
			reason=$(requires 2>&1) || { echo "$reason"; exit 77; }
		fi
		run
	) >"$logs/$name.log" 2>&1 </dev/null || rc=$?
	took="$(($(date +%s) - start))s"
	if [ "$rc" -eq 0 ]; then
		res=pass
		msg=$(printf 'PASS  %-42s %6s  %s' "$name" "$took" "$(tail -n 1 "$logs/$name.log" | cut -c1-90)")
	elif [ "$rc" -eq 77 ]; then
		res=skip
		msg=$(printf 'SKIP  %-42s %6s  %s' "$name" "$took" "$(tail -n 1 "$logs/$name.log")")
	else
		res=fail
		msg=$(printf 'FAIL  %-42s %6s\n' "$name" "$took"; tail -n 25 "$logs/$name.log" | cut -c1-150 | sed 's/^/      /')
	fi
	printf '%s %s\n' "$name" "$res" >>"$logs/.results"
	printf '%s\n' "$msg"
}

# each SCOPE BASE: list or run the checks of SCOPE for BASE.
each() {
	local f m scope desc name inst
	for f in "${files[@]}"; do
		m=$(meta "$f") || exit 2
		IFS=$'\t' read -r scope desc <<<"$m"
		[ "$scope" = "$1" ] || continue
		while IFS=$'\t' read -r name inst; do
			[[ $name =~ ${ONLY:-.} ]] || continue
			if [ -n "${LIST:-}" ]; then
				printf '%-44s %s\n' "$name" "$desc"
				listed=$((listed + 1))
			else
				one "$f" "$2" "$name" "$inst"
			fi
		done < <(names "$f" "$2")
	done
}

# The run before keeps its logs in $logs.previous.
if [ -z "${LIST:-}" ]; then
	rm -rf "$logs.previous"
	[ ! -d "$logs" ] || mv "$logs" "$logs.previous"
	mkdir -p "$logs"
fi
for base in $BASES; do
	check_base "$base"
done
jobs=${CHECK_JOBS:-2}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || usage_error "CHECK_JOBS must be a positive number, not '$jobs'"
[ -z "${LIST:-}" ] || jobs=1
if [ "$jobs" -eq 1 ]; then
	each once ""
else
	# The "once" checks (downloads, a debootstrap, the harness's own
	# tests: little CPU) run beside the bases' first builds; what they
	# share with the bases is locked (fetch.sh, apt.sh).
	each once "" &
	once=$!
fi
running=0
for base in $BASES; do
	if [ "$jobs" -eq 1 ]; then
		each base "$base"
		continue
	fi
	# A free base lane: the "once" lane ending does not make one.
	while [ "$running" -ge "$jobs" ]; do
		done_pid=
		wait -n -p done_pid || true
		[ "$done_pid" = "$once" ] || running=$((running - 1))
	done
	each base "$base" &
	running=$((running + 1))
done
wait
if [ -n "${LIST:-}" ]; then
	[ -z "${ONLY:-}" ] || [ "$listed" -gt 0 ] ||
		usage_error "ONLY='$ONLY' matches no check (make check LIST=1 lists them)"
	exit 0
fi

passed=0 failed=0 skipped=0
while read -r name res; do
	result[$name]=$res
	case $res in
	pass) passed=$((passed + 1)) ;;
	skip) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
done < <(cat "$logs/.results" 2>/dev/null)

# The mutation score of each base: which mutants were killed, and how.
for base in $BASES; do
	n=0 k=0 kl=0 late=0
	for name in "${!result[@]}"; do
		[[ $name == mutant:$base:* ]] || continue
		n=$((n + 1))
		[ "${result[$name]}" = pass ] || continue
		# tests/mutant.sh's result line.
		last=$(tail -n 1 "$logs/$name.log")
		if [ "$(result_get "$last" killed_by)" = litmus ]; then
			kl=$((kl + 1))
		else
			k=$((k + 1))
			[ "$(result_get "$last" boot)" = 1 ] || late=$((late + 1))
		fi
	done
	by="$k by the KUnit suite"
	[ "$late" -eq 0 ] || by+=" ($late of them not on the first boot)"
	[ "$n" -eq 0 ] || echo "mutation score $base: $((k + kl))/$n killed ($by, $kl by litmus tests only)"
done
echo "make check took $(($(date +%s) - t0))s"
line="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
