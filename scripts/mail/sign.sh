#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make a send-ready copy of BASE's series: the cover letter and the
# patches of patches/BASE (not the test-only ones) in OUT (default
# $WORKDIR/send/BASE), with the placeholder identity of the committed
# patches replaced by yours, from git config user.name and user.email, in
# From: and Signed-off-by:.  Refuses when git does not know who you are,
# when that is the placeholder, and when a placeholder would remain.
# Send the result with "git send-email OUT/*.patch": the To: and Cc:
# headers are in the files.  A stable backport needs UPSTREAM_COMMITS,
# the mainline commit ids of its patches, for their "commit ID
# upstream." lines: without it, it refuses.
#
#   scripts/mail/sign.sh BASE [OUT]
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || usage_error "usage: $PROG BASE [OUT]"
base=$1
check_base "$base"
own_series "$base"
out=${2:-$WORKDIR/send/$base}
name=$(git -C "$TOP" config user.name || true)
email=$(git -C "$TOP" config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	die "git does not know who you are: git config --global user.name 'Your Real Name'; git config --global user.email you@example.com"
id="$name <$email>"
[ "$id" != "$PLACEHOLDER_ID" ] && [[ $email != *@example.invalid ]] ||
	die "your git identity is the placeholder '$id'; set your own with git config user.name and user.email"

mapfile -t patches < <(series_patches "$base")
cover=$TOP/patches/$base/0000-cover-letter.patch
[ -r "$cover" ] && patches=("$cover" "${patches[@]}")
# A From: header must be 7-bit: encode a name that is not (RFC 2047).
from=$id
if LC_ALL=C grep -q '[^ -~]' <<<"$name"; then
	from="$(perl -MEncode -e 'print encode("MIME-Q", decode("UTF-8", $ARGV[0]))' "$name") <$email>"
fi

# A stable backport names the mainline commit of each patch
# ("commit @UPSTREAM_COMMIT@ upstream."): known only once mainline has
# merged it, so it is given here, one id per such patch, in order.
mapfile -t need < <(grep -l '@UPSTREAM_COMMIT@' "${patches[@]}" | grep -v '/0000-cover-letter.patch$' || true)
read -ra ups <<<"${UPSTREAM_COMMITS:-}"
if [ "${#need[@]}" -gt 0 ]; then
	[ "${#ups[@]}" -eq "${#need[@]}" ] ||
		usage_error "$base is a stable backport: set UPSTREAM_COMMITS to the ${#need[@]} mainline commit ids it backports, in order (the stable rules take it only after mainline has them)"
	for u in "${ups[@]}"; do
		[[ $u =~ ^[0-9a-f]{40}$ ]] || usage_error "UPSTREAM_COMMITS: '$u' is not a full 40-digit commit id"
	done
fi

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
i=0
for p in "${patches[@]}"; do
	up=''
	if printf '%s\n' "${need[@]}" | grep -qx -- "$p"; then
		up=${ups[i]}
		i=$((i + 1))
	fi
	FROM=$from ID=$id PH=$PLACEHOLDER_ID UP=$up UPS="${ups[*]}" awk '
		$0 == "From: " ENVIRON["PH"] { print "From: " ENVIRON["FROM"]; next }
		$0 == "Signed-off-by: " ENVIRON["PH"] { print "Signed-off-by: " ENVIRON["ID"]; next }
		ENVIRON["UP"] != "" { gsub(/@UPSTREAM_COMMIT@/, ENVIRON["UP"]) }
		ENVIRON["UPS"] != "" { gsub(/@UPSTREAM_COMMITS@/, ENVIRON["UPS"]) }
		{ print }' "$p" >"$out.tmp/${p##*/}"
done
if left=$(grep -l '@UPSTREAM_COMMITS\?@' "$out.tmp"/*.patch); then
	rm -rf "$out.tmp"
	die "an @UPSTREAM_COMMIT@ placeholder is left in $(echo "$left" | xargs -n1 basename | tr '\n' ' ')"
fi
if left=$(grep -l -F "${PLACEHOLDER_ID#* }" "$out.tmp"/*.patch); then
	rm -rf "$out.tmp"
	die "the placeholder identity is still in $(echo "$left" | xargs -n1 basename | tr '\n' ' ')(not as a whole From: or Signed-off-by: line); fix the series first"
fi
rm -rf "$out"
mv "$out.tmp" "$out"
log "$base: ${#patches[@]} mails signed by $id in $out"
echo "send with: git send-email $out/*.patch"
