#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the QEMU accelerator to use for x86_64 guests: "kvm" only when
# ACCEL=kvm, or ACCEL=auto (the default) and KERNEL boots under KVM within
# a few seconds; "tcg" otherwise.  Nested KVM may exist and still hang a
# guest, so the probe boots for real.  The answer is cached for an hour.
#
#   scripts/boot/accel.sh KERNEL
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 1 ] || usage_error "usage: $PROG KERNEL"
case ${ACCEL:-auto} in
tcg | kvm) echo "$ACCEL"; exit 0 ;;
auto) ;;
*) usage_error "ACCEL must be tcg, kvm or auto" ;;
esac
cache=$WORKDIR/accel
if [ -n "$(find "$cache" -mmin -60 2>/dev/null)" ]; then
	cat "$cache"
	exit 0
fi
accel=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	out=$(timeout -k 2 "${KVM_PROBE_SECS:-10}" qemu-system-x86_64 -accel kvm \
		-nodefaults -nographic -no-reboot -m 256 -serial stdio \
		-kernel "$1" -append 'console=ttyS0 kunit.enable=0 panic=-1' \
		2>/dev/null || true)
	grep -q 'Linux version' <<<"$out" && grep -q 'Kernel panic\|Run /' <<<"$out" && accel=kvm
fi
mkdir -p "$WORKDIR"
echo "$accel" | tee "$cache"
