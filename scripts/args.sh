#!/bin/bash
# Check the settings a make target was given, before it installs or
# downloads anything: one error line and exit status 2 for the first
# wrong one.  An empty value is the target's default and is not checked.
#
#   scripts/args.sh [base=B] [bases="B..."] [profiles="P..."]
#                   [variants="V..."] [rounds=N] [ksrc=DIR]
#                   [paths="P..."] [device=D] [smp=N]
#                   [bench_device=D]  (after profiles=: make bench's
#                   virtio-scsi disk needs the rtirqsoff kernels)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

for arg in "$@"; do
	name=${arg%%=*} val=${arg#*=}
	[ "$name" != "$arg" ] || usage_error "usage: $PROG NAME=VALUE... (got '$arg')"
	[ -n "$val" ] || continue
	case $name in
	base) check_base "$val" ;;
	bases) for b in $val; do check_base "$b"; done ;;
	profiles)
		for p in $val; do set_profile "$p"; done
		profiles=$val ;;
	variants)
		for v in $val; do
			case $v in
			unpatched | ceiling | fix | series | v8 | v8-fast) ;;
			*) usage_error "unknown variant '$v' (unpatched, ceiling, fix, series, v8, v8-fast)" ;;
			esac
		done ;;
	rounds) [[ $val =~ ^[1-9][0-9]*$ ]] || usage_error "ROUNDS must be a positive number, not '$val'" ;;
	smp) [[ $val =~ ^[1-9][0-9]*$ ]] || usage_error "SMP must be a positive number, not '$val'" ;;
	paths)
		for p in $val; do
			case $p in
			idle | quiesced | completion) ;;
			*) usage_error "unknown path '$p' in COUNT_PATHS (idle, quiesced, completion)" ;;
			esac
		done ;;
	device)
		case $val in
		scsi_debug | virtio-scsi) ;;
		*) usage_error "unknown device '$val' (scsi_debug, virtio-scsi)" ;;
		esac ;;
	bench_device)
		case $val in
		scsi_debug) ;;
		virtio-scsi)
			for p in ${profiles:-rtperf nonrt}; do
				[ "$p" = rtirqsoff ] ||
					usage_error "BENCH_DEVICE=virtio-scsi needs BENCH_PROFILES=rtirqsoff (profile '$p' has no virtio-scsi)"
			done ;;
		*) usage_error "unknown device '$val' in BENCH_DEVICE (scsi_debug, virtio-scsi)" ;;
		esac ;;
	ksrc)
		[ -d "$val" ] || usage_error "KSRC '$val' is not a directory"
		git -C "$val" rev-parse --git-dir >/dev/null 2>&1 ||
			usage_error "KSRC '$val' is not a git tree (KSRC must be a git checkout of a kernel)" ;;
	*) usage_error "unknown setting '$name'" ;;
	esac
done
