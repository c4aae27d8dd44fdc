#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write BLKTESTS.md's per-base sections (make blktests) from the copies
of each run's results in $WORKDIR/blktests/table.  A base that has no
run there keeps its section of the BLKTESTS.md in the repository, so
running one base, or a new work directory, loses no other base's
results.  The "Repeated runs" section is blktests-repeat-report.py's.

  scripts/blktests/blktests-report.py"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import settings  # noqa: E402

PROG = 'blktests-report.py'
TOP = settings.TOP
KNOWN_BASES = settings.known_bases()
COLUMNS = ['test', 'status', 'reason']


def die(msg, status=1):
    sys.stderr.write('%s: error: %s\n' % (PROG, msg))
    sys.exit(status)


def setting(name):
    v = os.environ.get(name, '')
    return v if v else settings.table()[name]['default']


def results(path):
    """{test: (status, reason)} of a run's blktests.tsv copy.  Copies
    written before the file had a header line hold the same three
    columns without it."""
    if not os.path.exists(path):
        return {}
    lines = [l for l in open(path).read().split('\n') if l]
    head = COLUMNS
    if lines and lines[0].split('\t')[0] == 'test':
        head, lines = lines[0].split('\t'), lines[1:]
        missing = [c for c in COLUMNS if c not in head]
        if missing:
            die('%s lacks the columns %s' % (path, ', '.join(missing)))
    out = {}
    for l in lines:
        r = dict(zip(head, l.split('\t')))
        out.setdefault(r['test'], (r.get('status', ''), r.get('reason', '')))
    return out


def cell(res, t):
    if t not in res:
        return '(not in this run)'
    status, reason = res[t]
    return status + (': ' + reason if status == 'not run' else '')


def lines_of(path):
    """The lines of a file as cat prints them."""
    s = open(path).read()
    return (s[:-1] if s.endswith('\n') else s).split('\n')


def new_section(table, base):
    out = ['## ' + base, '']
    out += lines_of(os.path.join(table, base + '.summary'))
    out += ['', '| test | unpatched | series |', '| --- | --- | --- |']
    u = results(os.path.join(table, base + '-unpatched.tsv'))
    s = results(os.path.join(table, base + '-series.tsv'))
    for t in sorted(set(u) | set(s)):
        a, b = cell(u, t), cell(s, t)
        flag = ' **REGRESSION**' if a == 'passed' and b.split(':')[0] == 'failed' else ''
        out.append('| %s | %s | %s%s |' % (t, a, b, flag))
    for v in ('unpatched', 'series'):
        splats = os.path.join(table, '%s-%s.splats' % (base, v))
        if not os.path.exists(splats) or not os.path.getsize(splats):
            continue
        out += ['', 'Kernel log, %s (console: $WORKDIR/blktests/table/%s-%s.guest.log):'
                % (v, base, v), '']
        out += ['    ' + l for l in lines_of(splats)]
    return out


def old_section(md, base):
    """BASE's section of the current BLKTESTS.md, from its "## BASE" line
    up to the next "## " heading, without trailing blank lines."""
    if not os.path.exists(md):
        return []
    out, on = [], False
    for l in open(md).read().split('\n'):
        if l == '## ' + base:
            on = True
        elif on and l.startswith('## '):
            break
        if on:
            out.append(l)
    while out and out[-1] == '':
        out.pop()
    return out


def main(argv):
    if argv:
        die('usage: ' + PROG, 2)
    workdir = os.environ.get('WORKDIR') or os.path.join(
        os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'),
        'blk-quiesce-rt')
    table = os.path.join(workdir, 'blktests', 'table')
    md = os.path.join(TOP, 'results', 'BLKTESTS.md')
    pin = os.path.join(TOP, setting('BLKTESTS'), 'PIN')
    commit = ''
    if os.path.exists(pin):
        commit = ''.join(l[len('commit: '):].strip()[:12] for l in open(pin)
                         if l.startswith('commit: '))
    out = ['# blktests, unpatched and with the series', '',
           'Written by `make blktests`: blktests %s' % commit,
           'with `patches/blktests/`, in the QEMU guest (TCG, 4 vCPUs) on the',
           'x86_64 PREEMPT_RT + lockdep kernel of each base, TIMEOUT=%s.'
           % setting('BLKTESTS_TIMEOUT'),
           'Tests that need a real disk (TEST_DEVS) are not run by design.']
    for base in KNOWN_BASES:
        if os.path.exists(os.path.join(table, base + '.summary')):
            sec = new_section(table, base)
        else:
            sec = old_section(md, base)
        if sec:
            out += [''] + sec
    with open(md + '.new', 'w') as f:
        f.write('\n'.join(out) + '\n')
    os.replace(md + '.new', md)


if __name__ == '__main__':
    main(sys.argv[1:])
