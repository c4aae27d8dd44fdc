#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn sessions of BENCHMARKS.csv (make bench) and the newest rows of the
other BENCHMARKS-*.csv (make count, irqsoff, contention, mbcost) into
BENCHMARKS.md (medians with min-max, per-round ratios against unpatched,
ceiling, series, v8 and v8-fast, and the counted paths) and
BENCHMARKS.png (gnuplot, the timed sessions).  Columns are read by name.

  scripts/bench/bench-report.py [SESSION...]
  scripts/bench/bench-report.py --summary BASE
    the same figures of BASE as "KIND<TAB>TITLE<TAB>FIELD..." lines on
    stdout for the cover letter (scripts/mail/cover.sh); nothing written
  default: for each timed benchmark, base, profile and vCPU count, the
  newest session of BENCHMARKS.csv that ran it"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import settings  # noqa: E402

PROG = 'bench-report.py'
TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
RESULTS = os.path.join(TOP, 'results')
VARIANTS = ['unpatched', 'ceiling', 'qlock-fast', 'raw-always', 'series', 'v8', 'v8-fast']
# The references of the per-round ratios; the plot labels the series'
# bars with the first and the fourth.
REFS = ['unpatched', 'ceiling', 'series', 'v8', 'v8-fast']
COLOURS = {'unpatched': '#7b3294', 'ceiling': '#1b9e77', 'qlock-fast': '#80b1d3',
           'raw-always': '#b2abd2', 'series': '#e66101'}


def die(msg, status=1):
    sys.stderr.write('%s: error: %s\n' % (PROG, msg))
    sys.exit(status)


def warn(msg):
    sys.stderr.write('%s: warning: %s\n' % (PROG, msg))


def read_csv(name, need):
    """The rows of results/NAME as dicts (short rows padded with ''), or
    None if the file is missing or has no data row."""
    path = os.path.join(RESULTS, name)
    if not os.path.exists(path):
        return None
    lines = [l for l in open(path).read().split('\n') if l]
    if len(lines) < 2:
        return None
    head = lines[0].split(',')
    missing = [c for c in need if c not in head]
    if missing:
        die('%s lacks the columns %s' % (path, ', '.join(missing)))
    rows = []
    for l in lines[1:]:
        f = l.split(',')
        f += [''] * (len(head) - len(f))
        rows.append(dict(zip(head, f)))
    return rows


def num(s):
    try:
        return float(s)
    except ValueError:
        return 0.0


def awkstr(x):
    """A number as awk prints or concatenates it (%.6g unless integral)."""
    if x == int(x) and abs(x) < 1e16:
        return str(int(x))
    return '%.6g' % x


def fixed2(s):
    """printf '%.2f' of the decimal string s as bash prints it: s read
    as an x86 long double (64-bit mantissa), then rounded half to even."""
    x = Fraction(s)
    if x <= 0:
        return '%.2f' % float(x)
    e = x.numerator.bit_length() - x.denominator.bit_length() - 64
    while x / Fraction(2) ** e >= 2 ** 64:
        e += 1
    while x / Fraction(2) ** e < 2 ** 63:
        e -= 1
    r = round(round(x / Fraction(2) ** e) * Fraction(2) ** e * 100)
    return '%d.%02d' % divmod(r, 100)


def fmt(x):
    x = float(x)
    return '%.0f' % x if x >= 100 else '%.3g' % x


def median(v):
    n = len(v)
    return v[(n - 1) // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def stats(values):
    """(median, min, max, n) of numeric strings, formatted by fmt()."""
    v = sorted(float(x) for x in values)
    if not v:
        return '-', '-', '-', 0
    return fmt(median(v)), fmt(v[0]), fmt(v[-1]), len(v)


def spread(values):
    """"median [min-max]" and the median, as the contention table has them."""
    v = sorted(float(x) for x in values)
    m = median(v)
    return '%s [%s-%s]' % (fmt(m), fmt(v[0]), fmt(v[-1])), m, len(v)


def newest(rows, key, order):
    """For each key(row), in the order the keys take when sorted by
    order(row), the newest session: [(key, session)]."""
    last, seen = {}, []
    for r in sorted(rows, key=order):
        k = key(r)
        if k not in last:
            seen.append(k)
        last[k] = r['session']
    return [(k, last[k]) for k in seen]


def machine():
    mem = cpu = qemu = ''
    for l in open('/proc/meminfo'):
        if l.startswith('MemTotal'):
            mem = '%d GiB' % (int(l.split()[1]) // 1048576)
    for l in open('/proc/cpuinfo'):
        if l.startswith('model name'):
            cpu = l.split(':', 1)[1].strip()
            break
    try:
        out = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True,
                             text=True).stdout.split('\n')[0].split()
        qemu = out[3] if len(out) > 3 else ''
    except OSError:
        pass
    return os.cpu_count(), mem, cpu, qemu


class Report:
    def __init__(self):
        self.md = []
        self.summary = []
        self.used = set()
        self.plots = {}

    def out(self, *lines):
        self.md.extend(lines)

    def sum(self, *fields):
        self.summary.append('\t'.join(str(f) for f in fields))

    def header(self):
        cores, mem, cpu, qemu = machine()
        self.out('# Benchmarks', '',
                 'Made by `make bench` (timed, scripts/bench/bench.sh) and `make count` (counted,',
                 'scripts/bench/count-all.sh) on this machine: %s cores, %s,' % (cores, mem),
                 '%s; guests under QEMU %s TCG.' % (cpu, qemu), '',
                 'Variants: `unpatched` (the base), `ceiling` (the locked re-check of',
                 '6bda857bcbb8 removed: the pre-regression hot path, incorrect), `qlock-fast`',
                 '(the series without its raw lock: barrier and fast path, the re-check under',
                 'queue_lock), `raw-always` (the raw lock on every idle run, no fast path: the',
                 'series\' patch 1 before 2026-12-06, rows named `fix` until then),',
                 '`series` (the series), `v8` (upstream\'s atomic_t quiesce_depth design,',
                 'v8 of that series, as tests/bench/BASE-v8.patch writes it from its description),',
                 '`v8-fast` (v8 deciding on its first read of the depth, the fast path of patch 2,',
                 'tests/bench/BASE-v8-fast.patch).',
                 'Profiles: `rtperf` (PREEMPT_RT, no lock debugging), `nonrt` (CONFIG_PREEMPT, not RT).')

    def counts(self):
        rows = read_csv('BENCHMARKS-count.csv', ['session', 'base', 'profile', 'variant', 'release',
                                                 'function', 'insns', 'serializing', 'share'])
        if not rows:
            return
        # The newest row of each base, profile, variant and path (rows
        # from before the quiesced path was counted have no path: idle).
        latest = {}
        for r in rows:
            r['path'] = r.get('path') or 'idle'
            latest[(r['base'], r['profile'], r['variant'], r['path'])] = r
        for path in ('idle', 'quiesced'):
            mine = {k: r for k, r in latest.items() if k[3] == path}
            if not mine:
                continue
            if path == 'idle':
                title = 'Counted: one call of the unquiesced idle-queue hot path'
                what = 'runs an idle queue'
            else:
                title = 'Counted: one call on a quiesced queue'
                what = 'runs a quiesced queue (HOTPATH_BENCH_QUIESCED=1)'
            self.out('', '## ' + title, '',
                     'Instructions executed per call of the function, callees included, and the',
                     'serializing ones among them (lock-prefixed read-modify-writes, xchg with',
                     'memory, mfence/lfence/sfence), counted by a QEMU TCG plugin',
                     '(scripts/bench/count-plugin.c) while blk_hotpath_bench.ko %s with' % what,
                     'one hardware queue on one vCPU; the most frequent count and its share of',
                     'the calls.  The same kernel gives the same numbers: no rounds, no spread.',
                     'Command: `make count` (scripts/bench/count-all.sh; scripts/bench/count.sh '
                     'BASE PROFILE VARIANT %s).' % path, '',
                     '| base | profile | variant | function | instructions | serializing '
                     '| vs ceiling | share | kernel | counted |',
                     '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
            groups = sorted({(k[0], k[1]) for k in mine}, key=lambda g: g[0])
            groups = sorted(groups, key=lambda g: g[1], reverse=True)
            groups = sorted(groups, key=lambda g: g[0])
            for base, prof in groups:
                ceil = mine.get((base, prof, 'ceiling', path))
                for v in VARIANTS:
                    r = mine.get((base, prof, v, path))
                    if not r:
                        continue
                    d = '-' if not ceil else '%+d' % (int(r['insns']) - int(ceil['insns']))
                    self.out('| %s | %s | %s | %s | %s | %s | %s | %s%% | %s | %s |' % (
                        base, prof, v, r['function'], r['insns'], r['serializing'], d,
                        r['share'], r['release'], r['session']))
                    self.sum('count', title, base, prof, v, r['insns'], r['serializing'], d)

    def irqsoff(self):
        rows = read_csv('BENCHMARKS-irqsoff.csv', ['session', 'base', 'variant', 'smp', 'path',
                                                   'max_us', 'started', 'ended'])
        if not rows:
            return
        title = 'Measured: the longest interrupts-off section on PREEMPT_RT'
        self.out('', '## ' + title, '',
                 'The kernel\'s irqsoff tracer (tracing_max_latency, reset before each run) while',
                 'blk_hotpath_bench.ko runs one queue from one SCHED_FIFO thread per vCPU for',
                 '1 s, idle and then quiesced, in a PREEMPT_RT kernel without lock debugging',
                 'plus CONFIG_IRQSOFF_TRACER (configs/rt-irqsoff.config).  The maximum is over',
                 'the whole guest, whatever disabled interrupts; the section\'s start and end',
                 'say whose it was.  Under QEMU TCG: microseconds of an emulated CPU, and a',
                 'vCPU the host deschedules inside a section stretches it.  Command: `make',
                 'irqsoff` (scripts/bench/irqsoff.sh).  Sessions before 2026-12-02T10:00Z ran',
                 'kernels without the PCI, virtio-scsi and kprobe-event options that',
                 'configs/rt-irqsoff.config has had since then for `make contention`.', '',
                 '| base | variant | path | vCPUs | median us | min-max | n '
                 '| longest section (most frequent start .. end) | session |',
                 '| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
        for base in sorted({r['base'] for r in rows}):
            ses = [r['session'] for r in rows if r['base'] == base][-1]
            mine = [r for r in rows if r['session'] == ses and r['base'] == base]
            for path in ('idle', 'quiesced'):
                for v in VARIANTS:
                    sel = [r for r in mine if r['variant'] == v and r['path'] == path]
                    med, lo, hi, n = stats(r['max_us'] for r in sel if r['max_us'] != '')
                    if not n:
                        continue
                    smp = [r['smp'] for r in mine if r['variant'] == v][0]
                    c = Counter('%s .. %s' % (r['started'], r['ended']) for r in sel)
                    where = sorted(c.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)[0][0]
                    self.out('| %s | %s | %s | %s | %s | %s-%s | %d | %s | %s |' % (
                        base, v, path, smp, med, lo, hi, n, where, ses))
                    self.sum('irqsoff', title, base, v, path, med, '%s-%s' % (lo, hi), n, where)

    def contention(self):
        rows = read_csv('BENCHMARKS-contention.csv', ['session', 'base', 'variant', 'round', 'smp',
                                                      'phase', 'site', 'flags', 'events',
                                                      'wait_us', 'ios'])
        if not rows:
            return
        title = 'Measured: lock contention on the run path, PREEMPT_RT'
        self.out('', '## ' + title, '',
                 'The kernel\'s lock:contention_begin/contention_end tracepoints, which',
                 'PREEMPT_RT\'s spinlock_t fires in its rtmutex slow path (flags RT) and',
                 'raw spinlocks in the qspinlock slow path (SPIN); CONFIG_LOCK_STAT',
                 'cannot compare the two on PREEMPT_RT (spinlock_t\'s slow path calls no',
                 'lock_contended()).  The site is the function that took the lock (the',
                 'innermost frame of the event\'s stack outside the locking code):',
                 'blk_mq_run_hw_queue is the locked re-check (queue_lock unpatched,',
                 'quiesce_sync_lock with patch 1 alone), blk_mq_hw_queue_need_run_locked',
                 'the series\' out-of-line re-check; every other site is summed as',
                 '"other".  Phase hotpath: blk_hotpath_bench.ko on an idle queue, one',
                 'SCHED_FIFO thread per vCPU, for CONTENTION_HOTPATH_MS; completion: the',
                 'RT completion job (scsi_debug, one hardware queue per vCPU, timer',
                 'completions, device queue_depth 1 and 2 fio jobs unless the walks table',
                 'below gives the session another shape), per 1000 completed I/Os;',
                 'completion-virtio-scsi: the same job on a virtio-scsi disk',
                 '(`CONTENTION_DEVICE=virtio-scsi`: one request queue, MSI-X vector and',
                 'hardware queue per vCPU, completions in the interrupts\' threaded',
                 'handlers).',
                 'PREEMPT_RT without lock debugging, tracing on (the rtirqsoff kernels,',
                 'their tracer off).  Under QEMU TCG with more vCPUs than host cores: a',
                 'lock holder the host deschedules makes waits long, so the event counts',
                 'say more than the wait times.  Sessions before 2026-12-02T10:00Z ran kernels',
                 'without configs/rt-irqsoff.config\'s PCI, virtio-scsi and kprobe-event',
                 'options.  Sessions before 2026-12-02T19:00Z (see the session column)',
                 'gave each event the stack entry that followed it in the',
                 'merged trace, which another CPU\'s entry can precede: 2-7 % of the',
                 'completion phases\' events got no stack (site ?) and as many another',
                 'event\'s, so a site\'s count there can be off by that much.  The parser',
                 'now takes the stack from the event\'s own CPU (contention_bench.sh).',
                 'Per base, vCPU count and device, the newest',
                 'session.  Medians over rounds [min-max]; a round',
                 'without the site counts 0.  Command: `make contention`',
                 '(scripts/bench/contention.sh).', '',
                 '| base | variant | phase | vCPUs | site | flags | events | wait us '
                 '| events per 1000 I/Os | wait us per 1000 I/Os | n | session |',
                 '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
        # The newest session of each base, vCPU count and device (a
        # session with a virtio-scsi phase is a virtio-scsi one).
        dev = {}
        for r in rows:
            k = (r['base'], r['smp'], r['session'])
            if 'virtio' in r['phase']:
                dev[k] = 'virtio-scsi'
            else:
                dev.setdefault(k, 'scsi_debug')
        order = sorted(dev, key=lambda k: (k[0], dev[k], num(k[1]), k[2]))
        last, seen = {}, []
        for k in order:
            g = (k[0], k[1], dev[k])
            if g not in last:
                seen.append(g)
            last[g] = k[2]
        vi = {v: i + 1 for i, v in enumerate(VARIANTS)}
        for g in seen:
            base, smp, ses = g[0], g[1], last[g]
            mine = [r for r in rows if r['session'] == ses and r['base'] == base and r['smp'] == smp]
            # Per round and (variant, phase, site, flags), the sites
            # outside blk-mq summed as "other"; every round of the
            # variant counts, 0 where the site did not appear.
            ev, wt, ios, rounds, vsmp, keys = {}, {}, {}, {}, {}, []
            for r in mine:
                site = r['site'] if re.match(r'_*blk_mq_', r['site']) else 'other'
                k = (r['variant'], r['phase'], site, r['flags'])
                if k not in keys:
                    keys.append(k)
                kr = k + (r['round'],)
                ev[kr] = ev.get(kr, 0) + num(r['events'])
                wt[kr] = wt.get(kr, 0) + num(r['wait_us'])
                ios[(r['variant'], r['phase'], r['round'])] = num(r['ios'])
                rounds.setdefault(r['variant'], [])
                if r['round'] not in rounds[r['variant']]:
                    rounds[r['variant']].append(r['round'])
                vsmp[r['variant']] = r['smp']
            lines = []
            seenvp, blk, rd = [], set(), set()
            for k in keys:
                v, phase, site, flags = k
                e, w, e1, w1 = [], [], [], []
                for rnd in rounds[v]:
                    i = ios.get((v, phase, rnd), 0)
                    x, y = ev.get(k + (rnd,), 0), wt.get(k + (rnd,), 0)
                    r = 1000 / i if i > 0 else 0
                    # awk carried the per-I/O figures as %.6g strings
                    e.append(float(awkstr(x)))
                    w.append(float(awkstr(y)))
                    e1.append(float(awkstr(x * r)))
                    w1.append(float(awkstr(y * r)))
                    rd.add((v, phase, rnd))
                if (v, phase) not in seenvp:
                    seenvp.append((v, phase))
                if site != 'other':
                    blk.add((v, phase))
                es, emed, n = spread(e)
                ws = spread(w)[0]
                pe = pw = '-'
                if phase.startswith('completion'):
                    pe, pw = spread(e1)[0], spread(w1)[0]
                cls = (phase != 'hotpath') + ('virtio' in phase)
                row = '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |' % (
                    base, v, phase, vsmp[v], site, flags, es, ws, pe, pw, n, ses)
                lines.append(((vi.get(v, 0), cls, 1, site, flags, row), row,
                              ['contention', title, base, v, phase, vsmp[v], site, flags,
                               fmt(emed), pe]))
            for v, phase in seenvp:
                if (v, phase) in blk:
                    continue
                n = len({x for x in rd if x[:2] == (v, phase)})
                z = '0 [0-0]' if phase.startswith('completion') else '-'
                cls = (phase != 'hotpath') + ('virtio' in phase)
                row = ('| %s | %s | %s | %s | no blk_mq_* site | - | 0 [0-0] | 0 [0-0] '
                       '| %s | %s | %d | %s |' % (base, v, phase, vsmp[v], z, z, n, ses))
                lines.append(((vi.get(v, 0), cls, 0, '', '', row), row,
                              ['contention', title, base, v, phase, vsmp[v],
                               'no blk_mq_* site', '-', '0', z]))
            for _, row, s in sorted(lines, key=lambda t: t[0]):
                self.out(row)
                self.sum(*s)

    def walks(self):
        rows = read_csv('BENCHMARKS-walks.csv', ['session', 'base', 'variant', 'smp', 'phase',
                                                 'hw_queues', 'queue_depth', 'jobs', 'ios',
                                                 'walks', 'async', 'runs', 'irqs', 'vectors'])
        if not rows:
            return
        self.out('', '### Hardware-queue walks and runs per completed I/O', '',
                 'The completion job of the table above once more, untraced, with kprobe',
                 'events on blk_mq_run_hw_queues() (a walk over every hardware queue,',
                 'scsi_run_queue_async()\'s rerun when the device\'s budget ran out) and',
                 'blk_mq_run_hw_queue() (one queue), counted by kprobe_profile; per',
                 'completed I/O (fio\'s KiB / 64).  async: the share of walks that asked',
                 'for an asynchronous run (each idle hardware queue then takes the locked',
                 're-check).  Runs: calls of the out-of-line blk_mq_run_hw_queue() only;',
                 'where the compiler inlines it into blk_mq_run_hw_queues() (count.sh',
                 'found that this differs between variants) a walk\'s runs are not',
                 'among them, so compare walks, not runs, across variants.',
                 'Interrupts: the virtio request interrupts (summed over',
                 'vectors and CPUs, /proc/interrupts) per I/O.  The kprobes slow the',
                 'calls they count, so these runs are not timed.  Per base, vCPU count and',
                 'phase, the newest session; medians over rounds [min-max].  Command:',
                 '`make contention` (scripts/bench/contention.sh).', '',
                 '| base | variant | phase | vCPUs | hw queues | queue_depth | fio jobs '
                 '| walks per I/O | async | runs per I/O | interrupts per I/O | vectors | n | session |',
                 '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
        groups = newest(rows, lambda r: (r['base'], r['phase'], r['smp']),
                        lambda r: (r['base'], r['phase'], num(r['smp']), r['session']))
        for (base, phase, smp), ses in groups:
            for v in VARIANTS:
                sel = [r for r in rows if r['session'] == ses and r['base'] == base
                       and r['phase'] == phase and r['smp'] == smp and r['variant'] == v
                       and num(r['ios']) > 0]
                if not sel:
                    continue

                def per(c):
                    return [awkstr(num(r[c]) / num(r['ios'])) for r in sel]
                wm, wl, wh, wn = stats(per('walks'))
                am, al, ah, _ = stats(awkstr(num(r['async']) / num(r['walks']))
                                      if num(r['walks']) > 0 else '0' for r in sel)
                rm, rl, rh, _ = stats(per('runs'))
                im, il, ih, _ = stats(per('irqs'))
                # One session runs one job shape: its first round's.
                f = sel[0]
                self.out('| %s | %s | %s | %s | %s | %s | %s | %s [%s-%s] | %s [%s-%s] '
                         '| %s [%s-%s] | %s [%s-%s] | %s | %d | %s |' % (
                             base, v, phase, smp, f['hw_queues'], f['queue_depth'], f['jobs'],
                             wm, wl, wh, am, al, ah, rm, rl, rh, im, il, ih, f['vectors'], wn, ses))
                self.sum('walks', 'Hardware-queue walks per completed I/O', base, v, phase, smp,
                         '%s [%s-%s]' % (wm, wl, wh), '%s [%s-%s]' % (rm, rl, rh))

    def counted_completion(self):
        rows = read_csv('BENCHMARKS-count-completion.csv',
                        ['session', 'base', 'variant', 'smp', 'device', 'jobs', 'queue_depth',
                         'ios', 'walks', 'insns_total', 'serializing_total', 'insns_mode',
                         'serializing_mode', 'share'])
        if not rows:
            return
        self.out('', '### Counted per completed I/O: the field path', '',
                 'The RT completion job (rt_completion_bench.sh: sequential 64 KiB reads,',
                 'device queue_depth below the fio jobs, one hardware queue per vCPU) under',
                 'the TCG plugin, which counts every call of blk_mq_run_hw_queues(),',
                 'callees included: the walks per completed I/O, and the instructions and',
                 'serializing instructions of all walks divided by the walks (mean per',
                 'walk) and by the job\'s completed I/Os.  The sums hold everything a walk',
                 'does, queueing the run of each hardware queue that has work included;',
                 'a walk that sleeps on a lock or takes an interrupt is also counted with',
                 'what its vCPU ran meanwhile.  The mode is the most frequent count per',
                 'walk (instructions/serializing), with its share of the walks.  How',
                 'often the job walks depends on timing, and the plugin\'s own cost',
                 'changes that timing: compare variants by the counts per walk (the mode',
                 'exactly, the mean roughly: how many hardware queues a walk finds busy',
                 'also depends on timing), not by the figures per I/O; the walks table',
                 'above counts the walks per I/O without the plugin, in rounds.  The',
                 'kernels are make contention\'s (profile rtirqsoff, PREEMPT_RT, tracer',
                 'off).  One run per variant.  Per base, vCPU count and device, the',
                 'newest session.  Command: `SMP=N BENCH_PROFILES=rtirqsoff',
                 'COUNT_PATHS=completion RT_BENCH_JOBS=J RT_BENCH_DEPTH=Q make count`',
                 '(scripts/bench/count.sh\'s completion path).', '',
                 '| base | variant | vCPUs | device | fio jobs | queue_depth | I/Os | walks per I/O '
                 '| instructions per walk | serializing per walk | instructions per I/O '
                 '| serializing per I/O | mode per walk | mode\'s share | session |',
                 '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- '
                 '| --- | --- | --- |')
        groups = newest(rows, lambda r: (r['base'], r['smp'], r['device']),
                        lambda r: (r['base'], num(r['smp']), r['device'], r['session']))
        for (base, smp, dev), ses in groups:
            for v in VARIANTS:
                for r in rows:
                    if (r['session'], r['base'], r['smp'], r['device'], r['variant']) != \
                            (ses, base, smp, dev, v) or num(r['ios']) <= 0:
                        continue
                    ios, walks = num(r['ios']), num(r['walks'])
                    w = walks if walks > 0 else 1
                    self.out('| %s | %s | %s | %s | %s | %s | %d | %.2f | %.0f | %.2f | %.0f '
                             '| %.2f | %d/%d | %d%% | %s |' % (
                                 base, v, smp, dev, r['jobs'], r['queue_depth'], ios, walks / ios,
                                 num(r['insns_total']) / w, num(r['serializing_total']) / w,
                                 num(r['insns_total']) / ios, num(r['serializing_total']) / ios,
                                 num(r['insns_mode']), num(r['serializing_mode']),
                                 num(r['share']), ses))
                    self.sum('counted', 'Counted per walk of the completion job (mean; most '
                             'frequent walk)', base, v, smp, dev, '%.2f' % (walks / ios),
                             '%.0f' % (num(r['insns_total']) / w),
                             '%.2f' % (num(r['serializing_total']) / w),
                             '%d/%d' % (num(r['insns_mode']), num(r['serializing_mode'])))

    def cpu(self):
        rows = read_csv('BENCHMARKS-cpu.csv', ['date', 'cpu', 'ns', 'after_store_ns'])
        if not rows:
            return
        d = rows[-1]['date']
        mine = [r for r in rows if r['date'] == d]
        mb, mblo, mbhi, mbn = stats(r['ns'] for r in mine)
        mbs = stats(r['after_store_ns'] for r in mine)[0]
        self.out('', '### One smp_mb() on this machine\'s own CPU', '',
                 'scripts/bench/mbcost.sh (%s, %d runs, %s):' % (d, mbn, mine[0]['cpu']),
                 '`lock; addl $0,-4(%%rsp)` costs %s ns [%s-%s] in a tight loop, %s ns right'
                 % (mb, mblo, mbhi, mbs),
                 'after a store to another cache line (the fastest of 15 tries in each run).',
                 'Every call that finds an idle hardware queue pays it once more under v8',
                 'than under the series (the serializing column above), so a completion',
                 'that walks 120 idle hardware queues (the SAS39xx of the v8 posting) pays',
                 'about %.0f ns more, lower bound: a barrier with more stores' % (120 * float(mb)),
                 'pending or a contended cache line costs more.  That difference is patch',
                 '2\'s fast path, not the lock: v8-fast, v8 with the same fast path, executes',
                 'no barrier there (its row above).')

    def timed(self, rows):
        if not rows:
            return
        first = [r for r in rows if r.get('rt_smp') and r.get('rt_device') != 'virtio-scsi']
        rs = rq = rj = rd = ''
        if first:
            f = first[0]
            rs, rq, rj, rd = f['rt_smp'], f['rt_queues'], f['rt_jobs'], f['rt_depth']
        virtio = [r for r in rows if r.get('rt_smp') and r.get('rt_device') == 'virtio-scsi'
                  and r['mbps']]
        self.out('', '## Timed', '',
                 'Sessions @SESSIONS@.  The variants of a session run interleaved, one',
                 'guest each per round; ratios are per round (paired), as median [min-max].',
                 'RT completion: scsi_debug with %s submit queues on %s vCPUs, fio'
                 % (rq or '8', rs or '8'),
                 'sequential 64k reads, %s jobs, device queue_depth %s, timer completions:'
                 % (rj or '2', rd or '1'),
                 'every completion reruns all hardware queues, most of them idle.')
        if virtio:
            v = virtio[-1]
            self.out('Profiles marked +virtio-scsi (`BENCH_DEVICE=virtio-scsi`): the same job on a QEMU',
                     'virtio-scsi disk with one request queue, MSI-X vector and hardware queue per',
                     'vCPU (the vCPUs column), completions in the vectors\' threaded',
                     'handlers, %s fio jobs, device queue_depth %s, on make contention\'s'
                     % (v['rt_jobs'], v['rt_depth']),
                     'rtirqsoff kernels (the irqsoff tracer built in and off, alike in every variant).')
        self.out('Hot path: blk_hotpath_bench.ko on %s vCPUs, one SCHED_FIFO thread per vCPU'
                 % '/'.join(sorted({r['smp'] for r in rows})),
                 'calling blk_mq_run_hw_queues() on an idle queue with one hardware queue per vCPU.',
                 'Quiesced path: the same module and threads on one quiesced queue',
                 '(HOTPATH_BENCH_QUIESCED=1): every call takes whatever the quiesced path takes,',
                 'all vCPUs on the same queue.  Each table shows, per base, profile and vCPU',
                 'count, the newest session that ran its benchmark.',
                 'TCG emulates a full barrier at a cost unlike a real CPU\'s: see the counted',
                 'table and README.md for what one smp_mb() costs on this host\'s CPU.')
        for metric in ('mbps', 'hotpath_calls_per_cpu', 'quiesced_calls_per_cpu'):
            mine = []
            for r in rows:
                if not r.get(metric):
                    continue
                r = dict(r)
                if metric == 'mbps':
                    if not r.get('rt_smp'):
                        continue
                    r['smp'] = r['rt_smp']
                    if r.get('rt_device') == 'virtio-scsi':
                        r['profile'] += '+virtio-scsi'
                mine.append(r)
            if not mine:
                continue
            new = {}
            for r in mine:
                k = (r['base'], r['profile'], r['smp'])
                new[k] = max(new.get(k, ''), r['session'])
            mine = [r for r in mine if r['session'] == new[(r['base'], r['profile'], r['smp'])]]
            self.used.update(r['session'] for r in mine)
            if metric == 'mbps':
                title, unit = 'RT completion benchmark: MB/s', 1
            elif metric == 'quiesced_calls_per_cpu':
                title, unit = ('Quiesced-path contention microbenchmark: calls/s per CPU '
                               '(every vCPU runs the same quiesced queue)'), 1000000
            else:
                title, unit = 'Hot-path microbenchmark: calls/s per CPU', 1000000
            self.out('', '### ' + title, '',
                     '| base | profile | vCPUs | variant | kernel | median | min-max | n '
                     '| vs unpatched | vs ceiling | vs series | vs v8 | vs v8-fast | session |',
                     '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- '
                     '| --- | --- |')
            groups = {}
            for r in mine:
                groups.setdefault((r['base'], r['profile'], r['smp']), r['session'])
            order = sorted(groups, key=lambda g: num(g[2]))
            order = sorted(order, key=lambda g: g[1], reverse=True)
            order = sorted(order, key=lambda g: g[0])
            plot = self.plots.setdefault(metric, [])
            for base, prof, smp in order:
                ses = groups[(base, prof, smp)]
                grp = [r for r in mine if (r['session'], r['base'], r['profile'], r['smp'])
                       == (ses, base, prof, smp)]
                y = {(r['variant'], r['round']): float(r[metric]) for r in grp}
                for v in VARIANTS:
                    sel = [r for r in grp if r['variant'] == v]
                    med, lo, hi, n = stats(r[metric] for r in sel)
                    if not n:
                        continue
                    x = {r['round']: float(r[metric]) for r in sel}
                    ratio, pl = [], []
                    for ref in REFS:
                        q = sorted(float('%.6g' % (x[k] / y[(ref, k)])) for k in x
                                   if y.get((ref, k), 0) > 0)
                        if not q:
                            ratio.append('-')
                            pl.append('-')
                            continue
                        rm, rl, rh = (fixed2(fmt(a)) for a in (median(q), q[0], q[-1]))
                        ratio.append('%sx [%s-%s]' % (rm, rl, rh))
                        pl.append(rm)
                    self.out('| %s | %s | %s | %s | %s | %s | %s-%s | %d | %s | %s |' % (
                        base, prof, smp, v, sel[0]['release'], med, lo, hi, n,
                        ' | '.join(ratio), ses))
                    self.sum('timed', title, base, prof, v, med, *ratio, smp)
                    plot.append(['%s %s, %s vCPUs' % (base, prof, smp), v,
                                 awkstr(float(med) / unit), awkstr(float(lo) / unit),
                                 awkstr(float(hi) / unit), pl[0], pl[3]])
        self.out('', '![medians with min-max; on the series bars its ratio to unpatched and to '
                 'v8](BENCHMARKS.png)')

    def footer(self):
        self.out('', 'Raw rows: BENCHMARKS.csv (timed, every session), BENCHMARKS-count.csv',
                 '(counted) and BENCHMARKS-cpu.csv (the barrier on the host CPU).')


def gnuplot(plots, png, work):
    """Write the panels' data and script to work/ and run gnuplot: one
    panel per timed benchmark, groups (base, profile), one bar colour per
    variant, a log axis (unpatched PREEMPT_RT is far below the rest)."""
    panels = [(m, t) for m, t in (('mbps', 'RT completion: MB/s'),
                                  ('hotpath_calls_per_cpu',
                                   'hot path: million calls/s per CPU')) if plots.get(m)]
    if not panels:
        return False
    gp = ['set terminal pngcairo size %d,560 noenhanced font \',10\'' % (620 * len(panels)),
          'set output "%s"' % png,
          'set multiplot layout 1,%d title "make bench: median and min-max per variant, '
          'grouped by base and profile"' % len(panels),
          'set style data histogram', 'set style histogram errorbars gap 1.5 lw 1',
          'set style fill solid 0.8 border -1', 'set logscale y', 'set grid ytics',
          'set key outside bottom center horizontal', 'set xtics nomirror']
    for metric, ptitle in panels:
        lines = plots[metric]
        present = [v for v in VARIANTS if any(l[1] == v for l in lines)]
        groups, cell, labels = [], {}, []
        for g, v, m, lo, hi, ru, r8 in lines:
            if g not in groups:
                groups.append(g)
            cell[(g, v)] = (m, lo, hi, ru, r8)
        dat = os.path.join(work, 'plot-%s.dat' % metric)
        lab = os.path.join(work, 'plot-%s.lab' % metric)
        nv = len(present)
        with open(dat, 'w') as f:
            for gi, g in enumerate(groups):
                f.write(' '.join(['"%s"' % g] + [' '.join(cell[(g, v)][:3]) if (g, v) in cell
                                                   else 'NaN NaN NaN' for v in present]) + '\n')
                if (g, 'series') in cell:
                    m, lo, hi, ru, r8 = cell[(g, 'series')]
                    s = present.index('series') + 1
                    x = gi + (s - (nv + 1) / 2) / (nv + 1.5)
                    labels.append('%f %s "%sx unp, %sx v8"\n' % (x, awkstr(float(hi) * 1.12),
                                                                 ru, r8))
        if labels:
            with open(lab, 'w') as f:
                f.writelines(labels)
        lo = min(float(l[3]) for l in lines)
        hi = max(float(l[4]) for l in lines)
        gp += ['set title "%s (log scale)"' % ptitle,
               'set yrange [%g:%g]' % (lo / 1.5, hi * 6)]
        plot = []
        for i, v in enumerate(present):
            col = 2 + 3 * i
            plot.append(' "%s" using %d:%d:%d%s title "%s" lc rgb "%s",' % (
                dat, col, col + 1, col + 2, ':xtic(1)' if i == 0 else '', v,
                COLOURS.get(v, '#fdb863')))
        tail = (' "%s" using 1:2:3 with labels font ",8" rotate by 90 left notitle' % lab
                if labels else ' 1/0 notitle')
        gp.append('plot' + ''.join(plot) + tail)
    gp.append('unset multiplot')
    script = os.path.join(work, 'plot.gp')
    with open(script, 'w') as f:
        f.write('\n'.join(gp) + '\n')
    return subprocess.run(['gnuplot', script]).returncode == 0


def main(argv):
    summary = None
    if argv[:1] == ['--summary']:
        if len(argv) != 2:
            die('usage: %s --summary BASE' % PROG, 2)
        if argv[1] not in settings.known_bases():
            die("unknown base '%s' (known bases: %s)" % (argv[1], ', '.join(settings.known_bases())), 2)
        summary, argv = argv[1], []
    csv = os.path.join(RESULTS, 'BENCHMARKS.csv')
    if not os.path.exists(csv) and not os.path.exists(os.path.join(RESULTS,
                                                                   'BENCHMARKS-count.csv')):
        die('no %s or %s: run make bench or make count'
            % (csv, os.path.join(RESULTS, 'BENCHMARKS-count.csv')))
    rows = read_csv('BENCHMARKS.csv', ['session', 'base', 'profile', 'variant', 'round',
                                       'release', 'smp', 'mbps', 'hotpath_calls_per_cpu']) or []
    if argv:
        rows = [r for s in argv for r in [r for r in rows if r['session'] == s]
                or die('no session %s in %s' % (s, csv))]
    rep = Report()
    rep.header()
    rep.counts()
    rep.irqsoff()
    rep.contention()
    rep.walks()
    rep.counted_completion()
    rep.cpu()
    rep.timed(rows)
    rep.footer()
    if summary:
        for l in rep.summary:
            if l.split('\t')[2] == summary:
                print(l)
        return
    png = ' and BENCHMARKS.png'
    work = tempfile.mkdtemp()
    try:
        if not shutil.which('gnuplot'):
            warn('gnuplot not installed (scripts/lib/deps.sh bench, which make bench runs): '
                 'BENCHMARKS.png left as it was')
            png = ''
        elif not gnuplot(rep.plots, os.path.join(RESULTS, 'BENCHMARKS.png'), work):
            warn('gnuplot failed: no new BENCHMARKS.png')
            png = ''
        if os.environ.get('BENCH_REPORT_KEEP'):
            shutil.copytree(work, os.environ['BENCH_REPORT_KEEP'], dirs_exist_ok=True)
    finally:
        shutil.rmtree(work)
    md = '\n'.join(rep.md) + '\n'
    md = md.replace('@SESSIONS@', ', '.join(sorted(rep.used)) or 'none', 1)
    with open(os.path.join(RESULTS, 'BENCHMARKS.md.new'), 'w') as f:
        f.write(md)
    os.replace(os.path.join(RESULTS, 'BENCHMARKS.md.new'), os.path.join(RESULTS, 'BENCHMARKS.md'))
    sys.stderr.write('==> wrote BENCHMARKS.md%s\n' % png)


if __name__ == '__main__':
    main(sys.argv[1:])
