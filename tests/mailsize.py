#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that a series' mails are the size blk-mq postings are.

  tests/mailsize.py DIR...      (each a patches/BASE or patches/BASE/tests)

Counts non-blank lines; in mails, tag lines (Fixes:, Signed-off-by:, Cc:,
Link:, Reported-by: ...) do not count.  Limits:

  cover letter   40 lines of text before the shortlog, below its "---" too
  each message   30 lines of text
  KUnit          one patch adds tests under block/tests/, at most 350 lines
  docs page      a new Documentation/block/*.rst, at most 40 lines
  selftests      tools/testing/selftests/block/, at most 150 lines
  (a stable tree's test-only copy, patches/BASE/tests, may add 10 lines
  of API differences to the kunit and selftests limits)
  width          text lines of a mail at most 75 columns (checkpatch's
                 limit for a commit log; tag lines may be longer)

Prints one line per mail and per limit, and exits 1 naming each limit
exceeded."""
import os
import re
import sys

TAG = re.compile(r'^[A-Z][A-Za-z-]*(-by|-to)?: \S|^(Fixes|Link|Cc|Closes|base-commit|prerequisite-patch-id): ')
LIMITS = {'cover': 40, 'message': 30, 'kunit': 350, 'docs': 40, 'selftests': 150}
WIDTH = 75
BACKPORT_SLACK = 15  # a stable tree's test-only copy may differ in API calls
# (6.6: 11 lines for the action wrappers, kthread_stop_put() and the case
# descriptions that v6.6 lacks)


def text_lines(lines):
    return [l for l in lines if l.strip() and not TAG.match(l)]


def split_mail(path):
    """Return (headers, body lines, diff lines) of one format-patch file."""
    lines = open(path).read().split('\n')
    i = lines.index('') if '' in lines else 0
    body = lines[i + 1:]
    end = next((k for k, l in enumerate(body) if l.startswith('diff --git ')), len(body))
    return lines[:i], body[:end], body[end:]


def added_files(diff):
    """{path: [added lines]} of a diff."""
    files, cur = {}, None
    for l in diff:
        if l.startswith('+++ b/'):
            cur = l[6:]
            files.setdefault(cur, [])
        elif l.startswith('+++ '):
            cur = None
        elif cur and l.startswith('+'):
            files[cur].append(l[1:])
    return files


def main(dirs):
    bad = []
    kunit_patches = []
    added = {}
    for d in dirs:
        if not os.path.isdir(d):
            sys.exit('mailsize.py: error: no directory %s' % d)
        for name in sorted(os.listdir(d)):
            if not re.match(r'\d{4}-.*\.patch$', name):
                continue
            path = os.path.join(d, name)
            _, body, diff = split_mail(path)
            if name.startswith('0000-'):
                short = next((k for k, l in enumerate(body) if re.match(r'^\S.* \(\d+\):$', l)), len(body))
                n, kind = len(text_lines(body[:short])), 'cover'
            else:
                msg = body[:body.index('---')] if '---' in body else body
                n, kind = len(text_lines(msg)), 'message'
                files = added_files(diff)
                if any(f.startswith('block/tests/') for f in files):
                    kunit_patches.append(name)
                for f, ls in files.items():
                    added.setdefault(f, []).extend(ls)
            ok = n <= LIMITS[kind]
            print('%s %s: %d lines of text (at most %d)%s' % (kind, os.path.join(os.path.basename(d), name),
                                                             n, LIMITS[kind], '' if ok else ': TOO LONG'))
            if not ok:
                bad.append('%s %s' % (kind, name))
            text = body[:short] if kind == 'cover' else msg
            wide = [k for k, l in enumerate(text) if len(l) > WIDTH and not TAG.match(l)]
            if wide:
                print('%s %s: %d lines wider than %d columns, first: %s'
                      % (kind, name, len(wide), WIDTH, text[wide[0]][:40] + '...'))
                bad.append('%s %s width' % (kind, name))

    def size(pred):
        return sum(len([l for l in ls if l.strip()]) for f, ls in added.items() if pred(f))

    checks = [
        ('kunit', lambda f: f.startswith('block/tests/') and f.endswith('.c')),
        ('docs', lambda f: f.startswith('Documentation/block/') and f.endswith('.rst') and not f.endswith('index.rst')),
        ('selftests', lambda f: f.startswith('tools/testing/selftests/block/')),
    ]
    for kind, pred in checks:
        if not any(pred(f) for f in added):
            continue
        n, limit = size(pred), LIMITS[kind]
        if any(os.path.basename(os.path.normpath(d)) == 'tests' for d in dirs):
            limit += BACKPORT_SLACK
        ok = n <= limit
        print('%s: %d lines (at most %d)%s' % (kind, n, limit, '' if ok else ': TOO LONG'))
        if not ok:
            bad.append(kind)
    if len(kunit_patches) > 1:
        print('kunit: in %d patches (%s), not one' % (len(kunit_patches), ', '.join(kunit_patches)))
        bad.append('kunit patches')
    if bad:
        sys.stderr.write('mailsize.py: error: over the limit: %s\n' % ', '.join(bad))
        return 1
    return 0


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit('usage: mailsize.py DIR...')
    sys.exit(main(sys.argv[1:]))
