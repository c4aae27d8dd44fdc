#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The harness's settings, from settings.tsv.

  scripts/lib/settings.py names NAME...   the names given on make's command
                                      line: exit 2 with one error line for
                                      one that is not a user setting,
                                      naming the closest one
  scripts/lib/settings.py list            print the table (make settings)
  scripts/lib/settings.py audit           compare the table with what the
                                      Makefile and the scripts read: exit 1
                                      naming each difference
"""
import difflib
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Make's own variables and those every make run has.
MAKE_OWN = {'MAKEFLAGS', 'MFLAGS', 'MAKECMDGOALS', 'SHELL', 'MAKELEVEL',
            'MAKEFILE_LIST', 'CURDIR', 'MAKEOVERRIDES', '-*-command-variables-*-'}


def known_bases():
    """KNOWN_BASES of scripts/lib/lib.sh, the one list of bases."""
    lib = open(os.path.join(TOP, 'scripts', 'lib', 'lib.sh')).read()
    m = re.search(r'^KNOWN_BASES="([^"]*)"', lib, re.M)
    return m.group(1).split()


def table():
    rows = {}
    with open(os.path.join(TOP, 'settings.tsv')) as f:
        lines = [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]
    head = lines[0].split('\t')
    for l in lines[1:]:
        cols = l.split('\t')
        if len(cols) != len(head):
            die('settings.tsv: %d columns, not %d: %s' % (len(cols), len(head), l))
        rows[cols[0]] = dict(zip(head, cols))
    return rows


def die(msg, status=2):
    sys.stderr.write('settings.py: error: %s\n' % msg)
    sys.exit(status)


def names(given):
    rows = table()
    user = [n for n, r in rows.items() if r['scope'] == 'user']
    for n in given:
        if n in MAKE_OWN:
            continue
        if n in rows and rows[n]['scope'] == 'user':
            continue
        if n in rows:
            die("%s is set by the harness itself, not on make's command line" % n)
        close = difflib.get_close_matches(n, user, n=1, cutoff=0.5)
        die("unknown setting %s%s (make settings lists them)" %
            (n, '; did you mean %s?' % close[0] if close else ''))


def show():
    rows = table()
    w = max(len(n) for n in rows)
    for scope in ('user', 'internal'):
        print('%s settings:' % scope)
        for n, r in rows.items():
            if r['scope'] == scope:
                print('  %-*s  %-22s %s' % (w, n, r['default'] or '-', r['meaning']))


READS = re.compile(r'\$\{([A-Z][A-Z0-9_]*)(?::?[-?+])')
MAKE_READS = re.compile(r'\$\(([A-Z][A-Z0-9_]*)\)')
PY_READS = re.compile(r"(?:os\.environ(?:\.get\(|\[)|setting\()'([A-Z][A-Z0-9_]*)'")


def audit():
    rows = table()
    files = (glob.glob(os.path.join(TOP, 'scripts', '*', '*.sh')) +
             glob.glob(os.path.join(TOP, 'tests', '*.sh')) +
             glob.glob(os.path.join(TOP, 'tests', 'checks', '*', '[0-9]*')) +
             glob.glob(os.path.join(TOP, 'tests', 'bench', 'guest', '*.sh')))
    read = {}
    for f in files:
        for n in READS.findall(open(f).read()):
            read.setdefault(n, set()).add(os.path.relpath(f, TOP))
    for f in glob.glob(os.path.join(TOP, 'scripts', '*', '*.py')) + \
            glob.glob(os.path.join(TOP, 'tests', '*.py')):
        for n in PY_READS.findall(open(f).read()):
            read.setdefault(n, set()).add(os.path.relpath(f, TOP))
    for n in MAKE_READS.findall(open(os.path.join(TOP, 'Makefile')).read()):
        read.setdefault(n, set()).add('Makefile')
    # The guest benchmarks' own knobs are set through GUEST_ENV by the
    # scripts that run them; make's S and ARGS are the Makefile's own.
    ignore = re.compile(r'^(HOTPATH_BENCH_(?!MS$)|QUIESCE_CHURN_|KSFT_|DEPS_|S$|ARGS$|DIR$|BLK_|NAME$|CLI_VARS$|SETTINGS_ERR$)')
    bad = []
    for n in sorted(read):
        if n not in rows and not ignore.match(n):
            bad.append('%s is read by %s but not in settings.tsv' % (n, ', '.join(sorted(read[n]))))
    for n in rows:
        if n not in read:
            bad.append('%s is in settings.tsv but nothing reads it' % n)
    for b in bad:
        print(b)
    if bad:
        die('%d differences between settings.tsv and the scripts' % len(bad), 1)
    print('%d settings, each read by the harness, and nothing read that is not one' % len(rows))


def main():
    if len(sys.argv) < 2:
        die('usage: settings.py names NAME... | list | audit')
    cmd = sys.argv[1]
    if cmd == 'names':
        names(sys.argv[2:])
    elif cmd == 'list':
        show()
    elif cmd == 'audit':
        audit()
    else:
        die('unknown command %s (names, list, audit)' % cmd)


if __name__ == '__main__':
    main()
