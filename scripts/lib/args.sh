#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check the settings a make target was given, before it installs or
# downloads anything: one error line and exit status 2 for the first
# wrong one.  An empty value is the target's default and is not checked.
#
#   scripts/lib/args.sh [base=B] [bases="B..."] [profiles="P..."]
#                   [variants="V..."] [rounds=N] [ksrc=DIR]
#                   [paths="P..."] [device=D]
#                   [bench_device=D]  (after profiles=: make bench's
#                   virtio-scsi disk needs the rtirqsoff kernels)
#
# Then the settings that any target may be given in the environment or
# on make's command line: the numbers (rounds, vCPUs, deadlines, jobs;
# ROUNDS comes as rounds=, with make blktests-repeat's default), BENCH_TESTS
# and ACCEL.  A typo there would otherwise surface in the
# middle of a build or a benchmark session (make -jx, sleep x).
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
			unpatched | ceiling | qlock-fast | raw-always | series | v8 | v8-fast) ;;
			fix) usage_error "variant 'fix' is now 'raw-always'; the series without its raw lock is 'qlock-fast'" ;;
			*) usage_error "unknown variant '$v' (unpatched, ceiling, qlock-fast, raw-always, series, v8, v8-fast)" ;;
			esac
		done ;;
	rounds) [[ $val =~ ^[1-9][0-9]*$ ]] || usage_error "ROUNDS must be a positive number, not '$val'" ;;
	paths)
		for p in $val; do
			case $p in
			idle | quiesced | completion) ;;
			window:*:*:*) ;;
			*) usage_error "unknown path '$p' in COUNT_PATHS (idle, quiesced, completion, window:ELEVATOR:QUEUED:HW_QUEUES)" ;;
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

for name in BENCH_ROUNDS IRQSOFF_ROUNDS CONTENTION_ROUNDS HOLDERS_ROUNDS MUTANT_BOOTS \
	CHECK_JOBS SMP RT_BENCH_SMP RT_BENCH_QUEUES RT_BENCH_JOBS RT_BENCH_DEPTH \
	RT_BENCH_SECS HOTPATH_BENCH_MS CONTENTION_HOTPATH_MS BLKTESTS_SMP \
	BLKTESTS_TIMEOUT BLKTESTS_DEADLINE GUEST_DEADLINE KUNIT_TIMEOUT DEB_JOBS \
	DEB_REVISION DEB_PROGRESS; do
	val=${!name:-}
	[ -z "$val" ] || [[ $val =~ ^[1-9][0-9]*$ ]] ||
		usage_error "$name must be a positive number, not '$val'"
done
for name in RT_BENCH_NDELAY DEB_GIB_SMALL DEB_GIB_FULL; do
	val=${!name:-}
	[ -z "$val" ] || [[ $val =~ ^[0-9]+$ ]] ||
		usage_error "$name must be a number, not '$val'"
done
for t in ${BENCH_TESTS:-}; do
	case $t in
	completion | hotpath | quiesced) ;;
	*) usage_error "unknown test '$t' in BENCH_TESTS (completion, hotpath, quiesced)" ;;
	esac
done
case ${ACCEL:-auto} in
tcg | kvm | auto) ;;
*) usage_error "ACCEL must be tcg, kvm or auto, not '$ACCEL'" ;;
esac
