#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the lines of a kernel log that report a kernel problem: BUG:,
# WARNING:, oopses and panics, lockdep reports (and lockdep turning
# itself off, which silences every later one: an uninitialized lock
# prints only an INFO: line), sleeping in atomic context, hung tasks and
# RCU stalls.  Prints nothing for a clean log.
#
#   scripts/boot/splats.sh LOG
#
# The pattern is the guest benchmarks' BLK_SPLAT_RE
# (tests/bench/guest/bench_lib.sh), line for line; harness:splats checks
# they agree.
set -euo pipefail
[ $# -eq 1 ] && [ -r "$1" ] || { echo "usage: ${0##*/} LOG" >&2; exit 2; }
BLK_SPLAT_RE='BUG:|WARNING:|Oops|Kernel panic|general protection fault'
BLK_SPLAT_RE+='|Unable to handle kernel|Invalid wait context'
BLK_SPLAT_RE+='|inconsistent lock state|possible (circular|recursive) locking'
BLK_SPLAT_RE+='|lock held when returning|sleeping function called from invalid context'
BLK_SPLAT_RE+='|trying to register non-static key|turning off the locking correctness validator'
BLK_SPLAT_RE+='|blocked for more than|detected stalls|self-detected stall'
grep -E "$BLK_SPLAT_RE" "$1" || true
