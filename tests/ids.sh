#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every commit id cited in the patches under DIR (default patches/) must
# be in tests/commit-ids; a Fixes: tag or "commit ID upstream" must name
# a mainline commit, and a ("subject") after an id must be that commit's
# subject.  Index lines, the "From <sha>" lines of format-patch and
# lines with a URL (message ids in lore links) are not citations.
#
#   tests/ids.sh [DIR]
set -euo pipefail
# shellcheck source=../scripts/lib/lib.sh
. "$(dirname "$0")/../scripts/lib/lib.sh"

[ $# -le 1 ] || usage_error "usage: $PROG [DIR]"
dir=${1:-$TOP/patches}
[ -d "$dir" ] || usage_error "no directory $dir"
table=$TOP/tests/commit-ids

# lookup ID: "tree<TAB>subject" of the table entry that ID abbreviates
# or extends (ids are cited with 12 or more hex digits).
lookup() {
	awk -F'\t' -v id="$1" '!/^#/ && NF == 3 {
		n = length($1) < length(id) ? length($1) : length(id)
		if (substr($1, 1, n) == substr(id, 1, n)) { print $2 "\t" $3; exit }
	}' "$table"
}

n=0 why=()
while IFS= read -r f; do
	# Citations: hex words of 12 to 40 digits outside index, From and
	# Message-ID/Link lines, with the line's text for the checks below.
	while IFS=: read -r lineno id; do
		n=$((n + 1))
		line=$(sed -n "${lineno}p" "$f")
		where="${f#"$dir"/}:$lineno"
		entry=$(lookup "$id")
		if [ -z "$entry" ]; then
			why+=("$where: commit id $id is not in tests/commit-ids")
			continue
		fi
		tree=${entry%%$'\t'*} subject=${entry#*$'\t'}
		if [ "$tree" != mainline ] && grep -Eiq "^fixes: *$id|commit $id upstream" <<<"$line"; then
			why+=("$where: $id is the $tree copy; cite the mainline commit here")
		fi
		cited=$(grep -o "$id (\"[^\"]*\")" <<<"$line" | sed 's/^[^"]*"//; s/")$//' || true)
		if [ -n "$cited" ] && [ "$cited" != "$subject" ]; then
			why+=("$where: $id is \"$subject\", not \"$cited\"")
		fi
	done < <(grep -nEv '^(index |From [0-9a-f]{40} |Message-I[dD]: )|://' "$f" |
		grep -oE '^[0-9]+:|\b[0-9a-f]{12,40}\b' |
		awk '/:$/ { l = $0; next } { print l $0 }')
done < <(find "$dir" -name '*.patch' -o -name '*.txt' | sort)
[ "${#why[@]}" -eq 0 ] || die "${#why[@]} bad commit citations: $(printf '%s; ' "${why[@]}")"
echo "$n commit id citations, all in tests/commit-ids"
