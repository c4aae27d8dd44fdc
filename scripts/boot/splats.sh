#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the lines of a kernel log that report a kernel problem: BUG:,
# WARNING:, oopses and panics, lockdep reports (and lockdep turning
# itself off, which silences every later one: an uninitialized lock
# prints only an INFO: line), sleeping in atomic context, hung tasks and
# RCU stalls.  Prints nothing for a clean log.  With --first, print the
# first such report instead, with LINES (default 14) of the lines after
# it, register dumps left out: later reports are often its echoes.
#
#   scripts/boot/splats.sh [--first [LINES]] LOG
#
# The pattern is the guest benchmarks' BLK_SPLAT_RE
# (tests/bench/guest/bench_lib.sh), line for line; harness:splats checks
# they agree.
set -euo pipefail
first=
if [ "${1:-}" = --first ]; then
	first=14
	shift
	case ${1:-} in [0-9]*) first=$1; shift ;; esac
fi
[ $# -eq 1 ] && [ -r "$1" ] || { echo "usage: ${0##*/} [--first [LINES]] LOG" >&2; exit 2; }
BLK_SPLAT_RE='BUG:|WARNING:|Oops|Kernel panic|general protection fault'
BLK_SPLAT_RE+='|Unable to handle kernel|Invalid wait context'
BLK_SPLAT_RE+='|inconsistent lock state|possible (circular|recursive) locking'
BLK_SPLAT_RE+='|lock held when returning|sleeping function called from invalid context'
BLK_SPLAT_RE+='|trying to register non-static key|turning off the locking correctness validator'
BLK_SPLAT_RE+='|blocked for more than|detected stalls|self-detected stall'
if [ -n "$first" ]; then
	# The report line, then the next LINES lines of the 60 after it that
	# are not register, code or page-table dumps: where it ran (CPU:,
	# Workqueue:, RIP:) and its call trace.
	tr -d '\r' <"$1" | grep -E -m 1 -A 60 "$BLK_SPLAT_RE" |
		awk -v n="$first" 'NR == 1 { print; next }
			/^((RSP|RAX|RDX|RBP|R[0-9][0-9]|CR2|FS|CS|DR[0-9]|PKRU): |RIP: 0000:|Code: |PGD |#PF: |Hardware name: )/ { next }
			++k <= n' || true
else
	grep -E "$BLK_SPLAT_RE" "$1" || true
fi
