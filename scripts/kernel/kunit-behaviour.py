#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the KUnit patch with its white-box lock cases left out: the
suite's behavioural cases, which use only the block layer's interfaces and
so build on other designs of the fix (prep.sh's VARIANT+kunit).

  scripts/kernel/kunit-behaviour.py PATCH > OUT

The white-box section of block/tests/blk_mq_quiesce_kunit.c starts with
the comment whose second line begins " * White-box:" and ends before the
next comment that starts a line at the top level after it; its case is the
KUNIT_CASE_PARAM line naming blk_mq_quiesce_test_lock."""
import re
import sys

PATH = 'block/tests/blk_mq_quiesce_kunit.c'


def fail(msg):
    sys.stderr.write('kunit-behaviour.py: error: %s\n' % msg)
    sys.exit(1)


if len(sys.argv) != 2:
    fail('usage: kunit-behaviour.py PATCH')
try:
    lines = open(sys.argv[1]).read().split('\n')
except OSError as e:
    fail('cannot read %s: %s' % (sys.argv[1], e.strerror))
try:
    start = lines.index('+++ b/' + PATH)
except ValueError:
    fail('%s does not add %s' % (sys.argv[1], PATH))
hunk = start + 1
m = re.match(r'^@@ -0,0 \+1,(\d+) @@', lines[hunk])
if not m:
    fail('%s: %s is not added by one hunk' % (sys.argv[1], PATH))
body = list(range(hunk + 1, hunk + 1 + int(m.group(1))))
drop = set()
begin = next((i for i in body if lines[i] == '+/*' and
              lines[i + 1].startswith('+ * White-box:')), None)
if begin is None:
    fail('no white-box section in %s' % PATH)
end = next((i for i in body if i > begin + 1 and lines[i].startswith('+/*')), None)
if end is None:
    fail('the white-box section of %s does not end' % PATH)
drop.update(range(begin, end))
case = [i for i in body if 'KUNIT_CASE_PARAM(blk_mq_quiesce_test_lock' in lines[i]]
if len(case) != 1:
    fail('no single case line for blk_mq_quiesce_test_lock in %s' % PATH)
drop.update(case)
kept = [i for i in body if i not in drop]
lines[hunk] = '@@ -0,0 +1,%d @@%s' % (len(kept), lines[hunk][m.end():])
out = lines[:hunk + 1] + [lines[i] for i in kept] + lines[hunk + 1 + len(body):]
sys.stdout.write('\n'.join(out))
