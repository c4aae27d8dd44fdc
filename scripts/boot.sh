#!/bin/bash
# Boot the kernel last built by build.sh for BASE/PROFILE, run the KUnit
# tests built into it, and check the whole kernel log.  Writes the
# console to $WORKDIR/build/BASE/PROFILE/console.log and prints one
# "tests:" line.  Fails if a test fails, if no test ran, or if the log
# has a splat (BUG:, WARNING:, a lockdep report, sleeping in atomic).
#
#   scripts/boot.sh BASE PROFILE
#
# ACCEL=tcg|kvm|auto (auto: KVM only if a quick probe boots), SMP=2.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || usage_error "usage: $PROG BASE PROFILE"
base=$1 profile=$2
check_base "$base"
case $profile in
rt | rtperf | nonrt) arch=x86_64 image=arch/x86/boot/bzImage ;;
uml) arch=um image=vmlinux ;;
*) usage_error "unknown profile '$profile' (rt, rtperf, nonrt, uml)" ;;
esac
out=$(build_out "$base" "$profile")
src=$(build_src "$base")
[ -r "$out/$image" ] || die "no kernel in $out; run scripts/build.sh first"
# Debian's python3 (make deps), whatever python3 the user's PATH has first.
kunit=(/usr/bin/python3 "$src/tools/testing/kunit/kunit.py")

args=(exec --arch="$arch" --build_dir="$out" --raw_output=all
	--timeout="${KUNIT_TIMEOUT:-300}")
wrap=()
if [ "$arch" = x86_64 ]; then
	accel=$("$TOP/scripts/accel.sh" "$out/$image")
	args+=(--qemu_args="-smp ${SMP:-2}")
	if [ "$accel" = tcg ] && [ -e /dev/kvm ]; then
		# kunit.py asks QEMU for KVM first; where KVM hangs, hide it.
		wrap=(unshare -m sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' sh)
		[ "$(id -u)" = 0 ] || wrap=(unshare -Urm sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' sh)
	fi
else
	# UML starts one CPU unless told otherwise, and SMP needs its seccomp
	# mode (no userspace runs here).
	grep -q '^CONFIG_SMP=y' "$out/.config" && args+=(--kernel_args="ncpus=${SMP:-2}" --kernel_args=seccomp=on)
fi

console=$out/console.log
start=$(date +%s)
(cd "$src" && "${wrap[@]}" "${kunit[@]}" "${args[@]}") >"$console" 2>&1 || true
secs=$(($(date +%s) - start))

# The kernel log, less kunit.py's own lines, is what we check.
parsed=$out/parsed.log
status=0
"${kunit[@]}" parse "$console" >"$parsed" 2>&1 || status=$?
summary=$(grep -o 'Ran [0-9]* tests:.*' "$parsed" | tail -n 1 || true)
splats=$("$TOP/scripts/splats.sh" "$console" | wc -l)
"$TOP/scripts/splats.sh" "$console" | head -n 5 >&2 || true

result=ok
if [ -z "$summary" ] || ! grep -q 'passed: [1-9]' <<<"$summary"; then
	result=FAIL
	summary=${summary:-no test ran}
	tail -n 20 "$console" >&2
elif [ "$status" -ne 0 ] || grep -q 'failed: [1-9]\|crashed: [1-9]' <<<"$summary"; then
	result=FAIL
	grep -E 'not ok|FAILED|Expected|ASSERT|EXPECT' "$parsed" | head -n 20 >&2 || true
fi
[ "$splats" -eq 0 ] || result=FAIL
echo "tests: $base $profile: $summary; splats: $splats; ${secs}s; $result"
[ "$result" = ok ]
