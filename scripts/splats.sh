#!/bin/bash
# Print the lines of a kernel log that report a kernel problem: BUG:,
# WARNING:, lockdep reports, sleeping in atomic context, hung tasks,
# RCU stalls, oopses and panics.  Prints nothing for a clean log.
#
#   scripts/splats.sh LOG
set -euo pipefail
[ $# -eq 1 ] && [ -r "$1" ] || { echo "usage: ${0##*/} LOG" >&2; exit 2; }
grep -E 'BUG:|WARNING:|\[ BUG:|Invalid wait context|inconsistent lock state|possible (circular|recursive) locking|lock held when returning|sleeping function called from invalid context|INFO: task .* blocked for more than|rcu_.*detected stalls|self-detected stall|Oops|Kernel panic|general protection fault|Unable to handle kernel' "$1" || true
