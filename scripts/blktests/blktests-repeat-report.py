#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Rewrite the "Repeated runs" section at the end of results/BLKTESTS.md
from results/BLKTESTS-repeat.tsv (make blktests-repeat): whether
block/014's hung-task reports came with a stranded request (from
results/BLOCK014.tsv, make hungtask), every session per variant, the
pooled Fisher tests, then for each base its newest session run by run.
make blktests keeps the section.

  scripts/blktests/blktests-repeat-report.py"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
from stats import fisher  # noqa: E402

PROG = 'blktests-repeat-report.py'
MARKER = '## Repeated runs (make blktests-repeat)'
COLUMNS = ['session', 'base', 'tests', 'round', 'variant', 'start', 'passed',
           'failed', 'not_run', 'hung_reports', 'seconds', 'kernel']
INTRO = '''Written by `make blktests-repeat` from `BLKTESTS-repeat.tsv`: a
few blktests run again and again on the PREEMPT_RT + lockdep kernel,
the variants interleaved in each round, each run in its own guest
(TCG, 4 vCPUs), counting the hung-task reports ("task ... blocked
for more than N seconds") in its console.  Every session first,
then the newest session per base run by run.

Every report so far came from block/014, which makes null_blk time
out half its requests; null_blk's request timeout is 5 s (set->timeout
in drivers/block/null_blk/main.c), not 30 s.'''
B014_COLUMNS = ['base', 'kernel', 'variant', 'hung_reports', 'verdict']
POOLED = '''Pooled over the sessions of one base, kernel and test range, for each
two variants: runs with hung-task reports, and the two-sided Fisher
exact test of the two proportions (p: the chance of a split at least
this uneven if both variants had the same rate).'''


def die(msg):
    sys.exit('%s: error: %s' % (PROG, msg))


def rows_of(tsv):
    lines = [l for l in open(tsv).read().split('\n') if l]
    head = lines[0].split('\t')
    missing = [c for c in COLUMNS if c not in head]
    if missing:
        die('%s lacks the columns %s' % (tsv, ', '.join(missing)))
    return [dict(zip(head, l.split('\t'))) for l in lines[1:]]


def sessions(rows):
    out = ['| base | kernel | session | tests | variant | runs | runs with hung-task reports '
           '| reports | runs with a failed test | seconds, median [min-max] |',
           '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |']
    groups = {}
    for r in rows:
        groups.setdefault((r['base'], r['session'], r['variant'], r['kernel'], r['tests']), []).append(r)
    for (base, session, variant, kernel, tests), rs in sorted(groups.items()):
        t = sorted(int(r['seconds']) for r in rs)
        hung = [int(r['hung_reports']) for r in rs]
        out.append('| %s | %s | %s | %s | %s | %d | %d | %d | %d | %d [%d-%d] |' % (
            base, kernel, session, tests, variant, len(rs), sum(h > 0 for h in hung), sum(hung),
            sum(r['failed'] != '0' for r in rs), t[(len(t) + 1) // 2 - 1], t[0], t[-1]))
    return out


def pooled(rows):
    out = ['| base | kernel | tests | variant A | with reports | variant B | with reports | Fisher p |',
           '| --- | --- | --- | --- | --- | --- | --- | --- |']
    groups = {}
    for r in rows:
        g = groups.setdefault((r['base'], r['kernel'], r['tests']), {})
        g.setdefault(r['variant'], []).append(int(r['hung_reports']) > 0)
    for (base, kernel, tests), byv in groups.items():
        vs = list(byv)
        for i, a in enumerate(vs):
            for b in vs[i + 1:]:
                na, wa, nb, wb = len(byv[a]), sum(byv[a]), len(byv[b]), sum(byv[b])
                out.append('| %s | %s | %s | %s | %d/%d | %s | %d/%d | %.2f |' % (
                    base, kernel, tests, a, wa, na, b, wb, nb, fisher(wa, na - wa, wb, nb - wb)))
    return out


def newest(rows):
    out = []
    last = {}
    for r in rows:
        last[r['base']] = r['session']
    for base in sorted(last):
        rs = [r for r in rows if r['base'] == base and r['session'] == last[base]]
        out += ['', '### %s, session %s' % (base, last[base]), '',
                '| round | variant | start (UTC) | passed | failed | not run | hung-task reports | seconds |',
                '| --- | --- | --- | --- | --- | --- | --- | --- |']
        out += ['| %s | %s | %s | %s | %s | %s | %s | %s |' % tuple(
            r[c] for c in ['round', 'variant', 'start', 'passed', 'failed', 'not_run',
                           'hung_reports', 'seconds']) for r in rs]
        out += ['', 'Tests: %s.' % rs[0]['tests']]
    return out


def block014(tsv):
    """One sentence per base and kernel from BLOCK014.tsv (make hungtask):
    whether any of its hung-task reports came with a stranded request."""
    if not os.path.exists(tsv) or not os.path.getsize(tsv):
        return ['Whether a request is ever stranded there is not measured yet:',
                'make hungtask runs block/014 alone, instrumented (BLOCK014.md).']
    lines = [l for l in open(tsv).read().split('\n') if l]
    head = lines[0].split('\t')
    missing = [c for c in B014_COLUMNS if c not in head]
    if missing:
        die('%s lacks the columns %s' % (tsv, ', '.join(missing)))
    groups = {}
    for l in lines[1:]:
        r = dict(zip(head, l.split('\t')))
        groups.setdefault((r['base'], r['kernel']), {}).setdefault(r['variant'], []).append(r)
    out = []
    for (base, kernel), byv in sorted(groups.items()):
        runs = ', '.join('%s %d/%d' % (v, sum(int(r['hung_reports']) > 0 for r in rs), len(rs))
                         for v, rs in byv.items())
        bad = {v: sum(r['verdict'].startswith('stranded') for r in rs) for v, rs in byv.items()}
        if sum(bad.values()):
            what = 'a request stranded (or possibly, one dump) in %s: a lost run, see BLOCK014.md' % (
                ', '.join('%d %s runs' % (n, v) for v, n in bad.items() if n))
        else:
            what = 'in none was a request stranded: the reports are timing, not a lost run'
        out.append('block/014 alone, instrumented (BLOCK014.md, make hungtask), %s %s, '
                   'runs with hung-task reports: %s; %s.' % (base, kernel, runs, what))
    return out


def main():
    if len(sys.argv) > 1:
        die('usage: %s' % PROG)
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tsv = os.path.join(top, 'results', 'BLKTESTS-repeat.tsv')
    md = os.path.join(top, 'results', 'BLKTESTS.md')
    if not os.path.exists(tsv) or not os.path.getsize(tsv):
        die('no %s: run make blktests-repeat' % tsv)
    rows = rows_of(tsv)
    # What make blktests wrote, without trailing blank lines.
    keep = []
    if os.path.exists(md):
        for l in open(md).read().split('\n'):
            if l == MARKER:
                break
            keep.append(l)
        while keep and not keep[-1]:
            keep.pop()
        keep.append('')
    b014 = block014(os.path.join(top, 'results', 'BLOCK014.tsv'))
    text = keep + [MARKER, '', INTRO, ''] + b014 + [''] + sessions(rows) + ['', POOLED, ''] + pooled(rows) + newest(rows)
    with open(md + '.tmp', 'w') as f:
        f.write('\n'.join(text) + '\n')
    os.replace(md + '.tmp', md)
    print('==> wrote the repeated runs into %s' % md, file=sys.stderr)


if __name__ == '__main__':
    main()
