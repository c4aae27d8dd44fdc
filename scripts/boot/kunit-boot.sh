#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the kernel that build.sh built for BASE's VARIANT (default: the
# series) and PROFILE, run the KUnit tests built into it, and check the
# whole kernel log.  Refuses a build directory that holds another
# variant (lib.sh built_check).  Writes the console to console.log in
# that directory and prints one "tests:" line.  Fails if a test fails,
# if no test ran, or if the log has a splat (BUG:, WARNING:, a lockdep
# report, sleeping in atomic).
#
#   scripts/boot/kunit-boot.sh BASE PROFILE [VARIANT]
#
# ACCEL=tcg|kvm|auto (auto: KVM only if a quick probe boots), SMP=2,
# KUNIT_TIMEOUT=120 (seconds; the suite takes 5-25 s here even beside
# other builds, while a broken fix can leave a test hung until the
# timeout: mutant depth-unlocked once held make check for 300 s so).
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 2 ] && [ $# -le 3 ] || usage_error "usage: $PROG BASE PROFILE [VARIANT]"
base=$1 profile=$2 variant=${3:-series}
check_base "$base"
set_profile "$profile"
hold_build "$base" "$variant" "$profile"
out=$(build_out "$base" "$variant" "$profile")
src=$(build_src "$base" "$variant")
[ -r "$out/$IMAGE" ] || die "no kernel in $out; run scripts/kernel/build.sh $base $variant $profile first"
why=$(built_check "$out" "$base" "$variant" "$profile") || die "$why"
# Debian's python3 (make deps), whatever python3 the user's PATH has first.
kunit=(/usr/bin/python3 "$src/tools/testing/kunit/kunit.py")

args=(exec --arch="$ARCH" --build_dir="$out" --raw_output=all
	--timeout="${KUNIT_TIMEOUT:-120}")
wrap=()
if [ "$ARCH" = x86_64 ]; then
	accel=$("$TOP/scripts/boot/accel.sh" "$out/$IMAGE")
	args+=(--qemu_args="-smp ${SMP:-2}")
	if [ "$accel" = tcg ] && [ -e /dev/kvm ]; then
		hide_kvm
		wrap=("${NO_KVM[@]}")
	fi
elif [ "$ARCH" = arm64 ]; then
	# TCG (kunit.py's qemu_configs/arm64.py: virt, -cpu max) on this
	# host; QEMU must not try the host's KVM for another architecture.
	args+=(--qemu_args="-smp ${SMP:-2}")
	if [ -e /dev/kvm ]; then
		hide_kvm
		wrap=("${NO_KVM[@]}")
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

# kunit.py's own parser reads the KTAP; its JSON is what we count.
parsed=$out/parsed.log
json=$out/results.json
rm -f "$json"
status=0
"${kunit[@]}" parse --json="$json" "$console" >"$parsed" 2>&1 || status=$?
# Leaf test cases (a parameterised case's parameters, not the case) by
# status: PASS, FAIL, SKIP, and anything else (a crash, no result).
read -r total pass fail skip other < <(/usr/bin/python3 - "$json" <<'PY'
import json, sys
n = {"PASS": 0, "FAIL": 0, "SKIP": 0, "OTHER": 0}
def walk(group):
    for case in group.get("test_cases", []):
        s = case.get("status")
        n[s if s in n else "OTHER"] += 1
    for sub in group.get("sub_groups", []):
        walk(sub)
try:
    walk(json.load(open(sys.argv[1])))
except (OSError, ValueError):
    pass
print(sum(n.values()), n["PASS"], n["FAIL"], n["SKIP"], n["OTHER"])
PY
)
summary="Ran $total tests: passed: $pass"
[ "$fail" -eq 0 ] || summary+=", failed: $fail"
[ "$skip" -eq 0 ] || summary+=", skipped: $skip"
[ "$other" -eq 0 ] || summary+=", crashed or no result: $other"
splats=$("$TOP/scripts/boot/splats.sh" "$console" | wc -l)
"$TOP/scripts/boot/splats.sh" "$console" | head -n 5 >&2 || true

result=ok
if [ "$pass" -eq 0 ]; then
	result=FAIL
	[ "$total" -gt 0 ] || summary="no test ran"
	tail -n 20 "$console" >&2
elif [ "$status" -ne 0 ] || [ "$fail" -ne 0 ] || [ "$other" -ne 0 ]; then
	result=FAIL
	grep -E 'not ok|FAILED|Expected|ASSERT|EXPECT' "$parsed" | head -n 20 >&2 || true
fi
[ "$splats" -eq 0 ] || result=FAIL
echo "tests: $base $profile: $summary; splats: $splats; ${secs}s; $result"
[ "$result" = ok ]
