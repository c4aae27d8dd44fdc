#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Render the exact mails of BASE's series with the kernel community's own
# tool, b4: a scratch branch of the pristine base with the signed series
# (scripts/mail/sign.sh, so your git identity is needed) enrolled with "b4
# prep", the cover letter's text, recipients from "b4 prep --auto-to-cc"
# (get_maintainer.pl and the patches' trailers), and "b4 send -o" into
# $WORKDIR/mails/BASE: nothing is sent.  To send, "b4 send" from that
# branch (configure b4's sending first), or git send-email the files of
# make sign.
#
#   scripts/mail/mails.sh BASE
set -euo pipefail
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 1 ] || usage_error "usage: $PROG BASE"
base=$1
check_base "$base"
own_series "$base"
command -v b4 >/dev/null || die "b4 not installed: apt-get install b4"
load_pin "$base"
"$TOP/scripts/kernel/fetch.sh" "$base"
src=$(src_dir "$base")
# Two make mails of one base would share its scratch branch and output.
wd_lock "mails-$base"
signed=$WORKDIR/mails/$base/signed
"$TOP/scripts/mail/sign.sh" "$base" "$signed" >&2
dir=$WORKDIR/mails/$base
tree=$dir/tree out=$dir/out
rm -rf "$out"
mkdir -p "$dir"
if [ -d "$tree" ]; then
	# A run killed inside git am leaves its state, and the next git am
	# would refuse ("previous rebase directory ... still exists").
	scratch_unlock "$tree" "refs/heads/b4-$base"
	git -C "$tree" am --abort >/dev/null 2>&1 || true
	git -C "$tree" checkout -q -f --detach base
else
	git -C "$src" worktree prune
	git -C "$src" worktree add -q --force --detach "$tree" base
fi
git -C "$tree" checkout -q -B "b4-$base"
patches=()
for p in "$signed"/0*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] || patches+=("$p")
done
git -C "$tree" am -q "${patches[@]}" || {
	git -C "$tree" am --abort || true
	die "the signed series does not apply to the pristine $base"
}

# The cover letter: its subject without the prefix, and the text between
# the headers and the shortlog ("Name (N):").
cover=$signed/0000-cover-letter.patch
{
	sed -n 's/^Subject: \[[^]]*\] //p' "$cover"
	echo
	awk 'body && /^[^ ].* \([0-9]+\):$/ { exit } body { print } /^$/ && !body { body = 1 }' "$cover"
	# b4 keeps the cover letter's To: trailers (stable@ for a backport).
	[ -z "$PIN_TO" ] || printf '\nTo: %s\n' "$PIN_TO"
} >"$dir/cover.txt"
printf '#!/bin/sh\ncp "%s" "$%s"\n' "$dir/cover.txt" 1 >"$dir/editor"
chmod +x "$dir/editor"

# b4 reads git config: a dummy SMTP server makes it render without
# sending or signing.  All of it stays in this scratch branch.
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=sendemail.smtpserver GIT_CONFIG_VALUE_0=/bin/false
(
	cd "$tree"
	b4 prep -e base
	[ "$PIN_PREFIX" = PATCH ] || b4 prep --set-prefixes "${PIN_PREFIX#PATCH }"
	EDITOR=$dir/editor b4 prep --edit-cover
	b4 prep --auto-to-cc
	b4 send --no-sign -o "$out"
) >"$dir/b4.log" 2>&1 || { tail -n 20 "$dir/b4.log" >&2; die "b4 failed, see $dir/b4.log"; }
n=$(find "$out" -name '*.eml' | wc -l)
[ "$n" -eq $((${#patches[@]} + 1)) ] || die "b4 wrote $n mails for ${#patches[@]} patches and a cover letter"
log "$base: $n mails in $out (b4 send -o; nothing was sent)"
