#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarize the block/014 experiment (scripts/blktests/block014.sh).

  block014-report.py --run FILE   one run's console lines (B014-*, hung
                                  task reports, BLKTESTS-FULL): rewrite
                                  FILE with each dd's elapsed time in
                                  place of the raw trace lines, and print
                                  the run's row (tab-separated, in the
                                  order of ROW_COLUMNS)
  block014-report.py TSV MD       write the report MD from BLOCK014.tsv
                                  (and the run files beside it)

A run with a hung-task report is judged from the two dumps its watcher
took 10 s apart: "stranded" if a request sat queued (dispatch list, a
software queue or the scheduler's lists) in both while its hardware
queue had nothing in flight (its busy list, the started requests, empty)
in both and was not run in between (its debugfs run count unchanged,
where the kernel has one; 6.12 has not: there a queued request that no
run dispatched in 10 s is taken as no run pending); otherwise "slow".
A queued request holds a driver tag with the none scheduler, so busy
tags do not tell an idle queue."""
import math
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
from stats import fisher  # noqa: E402

ROW_COLUMNS = ['hung_reports', 'verdict', 'dd', 'dd_median_s', 'dd_max_s',
               'run_calls', 'locked_calls', 'timeouts']
REQ = re.compile(r'^([0-9a-f]{8,16}) \{')
DD = re.compile(r'\s(\d+\.\d+): (sched_process_exec|sched_process_exit): .*?\bpid=(\d+)')


def parse_dump(lines):
    """{hctx path: {'queued': set, 'busy': set, 'runs': int}} of one dump."""
    hctx, cur, kind = {}, None, None
    for l in lines:
        if l.startswith('-- '):
            path = l[3:]
            m = re.match(r'(.*/hctx\d+)(/.*)', path)
            if m:
                cur = hctx.setdefault(m.group(1), {'queued': set(), 'busy': set(), 'runs': -1})
                rest = m.group(2)
                kind = ('busy' if rest == '/busy' else 'run' if rest == '/run' else
                        'queued' if rest == '/dispatch' or rest.endswith('_rq_list') else None)
            elif '/sched/' in path:
                # The scheduler's lists are per queue: count them on every hctx.
                kind, cur = 'sched', None
            else:
                kind, cur = None, None
            continue
        m = REQ.match(l)
        if kind == 'sched' and m:
            for h in hctx.values():
                h['queued'].add(m.group(1))
        elif cur is not None and kind in ('queued', 'busy') and m:
            cur[kind].add(m.group(1))
        elif cur is not None and kind == 'run' and l.strip().isdigit():
            cur['runs'] = int(l)
    return hctx


def verdict(dumps):
    if not dumps:
        return '-'
    parsed = [parse_dump(d) for d in dumps]
    for h in parsed[0]:
        idle = all(p.get(h) and not p[h]['busy'] for p in parsed)
        idle = idle and len({p[h]['runs'] for p in parsed}) == 1
        queued = set.intersection(*[p[h]['queued'] if p.get(h) else set() for p in parsed])
        if idle and queued:
            return 'stranded' if len(parsed) > 1 else 'stranded?'
    return 'slow'


def run(path):
    lines = open(path).read().split('\n')
    hung = sum('blocked for more than' in l for l in lines)
    dumps = {}
    exec_t, exit_t, kprobe, scheds = {}, {}, {}, []
    keep = []
    for l in lines:
        if l.startswith('B014-DUMP'):
            n, _, text = l[len('B014-DUMP'):].partition('| ')
            dumps.setdefault(n, []).append(text)
            keep.append(l)
        elif l.startswith('B014-DD| '):
            m = DD.search(l)
            if m:
                (exec_t if m.group(2) == 'sched_process_exec' else exit_t)[m.group(3)] = float(m.group(1))
        elif l.startswith('B014-KPROBE| '):
            f = l[len('B014-KPROBE| '):].split()
            if len(f) >= 2 and f[1].isdigit():
                kprobe[f[0]] = int(f[1])
            keep.append(l)
        elif 'Testing ' in l and l.startswith('BLKTESTS-FULL|'):
            scheds.append(l.split('Testing ', 1)[1].strip())
        elif l:
            keep.append(l)
    # dd runs in passes of 100, one per scheduler, in exec order.
    pids = sorted((t, p) for p, t in exec_t.items() if p in exit_t)
    elapsed = []
    for i, (t, p) in enumerate(pids):
        s = scheds[i // 100] if i // 100 < len(scheds) else 'pass%d' % (i // 100 + 1)
        elapsed.append((s, exit_t[p] - t))
        keep.append('B014-ELAPSED| %s %s %.3f' % (s, p, exit_t[p] - t))
    open(path, 'w').write('\n'.join(keep) + '\n')
    secs = [e for _, e in elapsed]
    row = [hung, verdict([dumps[k] for k in sorted(dumps)]), len(secs),
           '%.2f' % statistics.median(secs) if secs else '-', '%.2f' % max(secs) if secs else '-',
           kprobe.get('bq_run', '-'), kprobe.get('bq_locked', '-'), kprobe.get('bq_timeout', '-')]
    print('\t'.join(str(x) for x in row))


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(math.ceil(q * len(xs))) - 1)] if xs else float('nan')


def report(tsv, md):
    lines = open(tsv).read().strip().split('\n')
    head = lines[0].split('\t')
    rows = [dict(zip(head, l.split('\t'))) for l in lines[1:] if l]
    need = ['session', 'base', 'kernel', 'round', 'variant'] + ROW_COLUMNS
    missing = [c for c in need if c not in head]
    if missing:
        sys.exit('block014-report.py: error: %s lacks the columns %s' % (tsv, ', '.join(missing)))
    rdir = os.path.join(os.path.dirname(tsv), 'block014')
    groups = {}
    for r in rows:
        # Sessions of one base and kernel pool: each interleaves the
        # variants in every round, so a session added later keeps them
        # balanced (make hungtask BLOCK014_ROUNDS=n continues a count).
        groups.setdefault((r['base'], r['kernel']), {}).setdefault(r['variant'], []).append(r)
    out = ['<!-- SPDX-License-Identifier: GPL-2.0 -->', '# block/014 alone, variants interleaved',
           '',
           'Written by `make hungtask` (scripts/blktests/block014.sh, block014-report.py) from',
           '`BLOCK014.tsv`: blktests block/014 alone, each run a fresh guest of the',
           'PREEMPT_RT + lockdep kernel with event tracing and kprobe events (TCG,',
           '4 vCPUs, hung_task_timeout_secs 60).  A run with a hung-task report is',
           '"stranded" if a request sat queued with nothing in flight on its',
           'hardware queue in both dumps taken 10 s apart, else "slow".  dd: each',
           'dd\'s time from exec to exit, pooled over the runs, seconds.  Fisher:',
           'two-sided p of runs with reports against unpatched.  Calls per run:',
           'median of blk_mq_run_hw_queue(), the locked re-check, null_blk',
           'timeouts.', '']
    for (base, kernel), byv in sorted(groups.items()):
        sessions = sorted({r['session'] for rs in byv.values() for r in rs})
        out += ['## %s %s, sessions %s' % (base, kernel, ', '.join(sessions)), '',
                '| variant | runs | runs with reports | reports | stranded | Fisher p | '
                'dd median | dd p90 | dd p99 | dd max | run calls | locked calls | timeouts |',
                '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |']
        ref = byv.get('unpatched')
        per_sched = {}
        for v in sorted(byv, key=lambda v: (v != 'unpatched', v)):
            rs = byv[v]
            n, w = len(rs), sum(int(r['hung_reports']) > 0 for r in rs)
            reps = sum(int(r['hung_reports']) for r in rs)
            stranded = sum(r['verdict'].startswith('stranded') for r in rs)
            if ref is not None and v != 'unpatched':
                rn, rw = len(ref), sum(int(r['hung_reports']) > 0 for r in ref)
                p = '%.2f' % fisher(w, n - w, rw, rn - rw)
            else:
                p = '-'
            secs = []
            for r in rs:
                f = os.path.join(rdir, '%s-%s-%s-%s.txt' % (r['session'], base, v, r['round']))
                if not os.path.exists(f):
                    continue
                for l in open(f):
                    if l.startswith('B014-ELAPSED| '):
                        s, _, e = l.split()[1:4]
                        secs.append(float(e))
                        per_sched.setdefault(s, {}).setdefault(v, []).append(float(e))

            def med(col):
                xs = [int(r[col]) for r in rs if r[col].isdigit()]
                return str(int(statistics.median(xs))) if xs else '-'
            d = ['%.1f' % x for x in (statistics.median(secs), pct(secs, .9), pct(secs, .99), max(secs))] \
                if secs else ['-'] * 4
            out.append('| %s | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                v, n, w, reps, stranded, p, *d, med('run_calls'), med('locked_calls'), med('timeouts')))
        if per_sched:
            out += ['', 'dd seconds by scheduler pass, median / p90 / max:', '',
                    '| scheduler | ' + ' | '.join(sorted(byv, key=lambda v: (v != 'unpatched', v))) + ' |',
                    '| --- |' + ' --- |' * len(byv)]
            for s in sorted(per_sched):
                cells = []
                for v in sorted(byv, key=lambda v: (v != 'unpatched', v)):
                    xs = per_sched[s].get(v, [])
                    cells.append('%.1f / %.1f / %.1f' % (statistics.median(xs), pct(xs, .9), max(xs)) if xs else '-')
                out.append('| %s | %s |' % (s, ' | '.join(cells)))
        out.append('')
    open(md, 'w').write('\n'.join(out))


if __name__ == '__main__':
    a = sys.argv[1:]
    if len(a) == 2 and a[0] == '--run':
        run(a[1])
    elif len(a) == 2 and not a[0].startswith('-'):
        if not os.path.exists(a[0]):
            sys.exit('block014-report.py: error: no %s: run make hungtask' % a[0])
        report(a[0], a[1])
    else:
        sys.exit('usage: block014-report.py --run FILE | TSV MD')
