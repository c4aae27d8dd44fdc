#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Apply one named mutation to block/blk-mq.c (block/blk-core.c for
no-lock-init) of a tree that carries the series (run at the top of that
tree), and write a commit message for it to /tmp/mutmsg.  See README.md
beside this file."""
import sys
name = sys.argv[1]
p = 'block/blk-core.c' if name == 'no-lock-init' else 'block/blk-mq.c'
s = open(p).read()
run_locked = '''	raw_spin_lock_irqsave(&hctx->queue->quiesce_sync_lock, flags);
	need_run = blk_mq_hw_queue_need_run(hctx, &quiesced);
	raw_spin_unlock_irqrestore(&hctx->queue->quiesce_sync_lock, flags);
'''
clear_locked = '''		raw_spin_lock_irqsave(&q->quiesce_sync_lock, sync_flags);
		blk_queue_flag_clear(QUEUE_FLAG_QUIESCED, q);
		raw_spin_unlock_irqrestore(&q->quiesce_sync_lock, sync_flags);
'''
depth_locked = ('''	spin_lock_irqsave(&q->queue_lock, flags);
	if (!q->quiesce_depth++)''', '''	spin_lock_irqsave(&q->queue_lock, flags);
	if (WARN_ON_ONCE(q->quiesce_depth <= 0)) {''')
hot_return = '''		if (likely(!quiesced))
			return;
'''
lock_init = '\traw_spin_lock_init(&q->quiesce_sync_lock);\n'
wake_mb = '''		atomic_dec(&sbq->ws_active);
		/*
		 * Order removing the entry before the queue run below reads
		 * hctx->dispatch.  Pairs with the smp_mb() in
		 * blk_mq_dispatch_rq_list() between adding requests to
		 * hctx->dispatch and checking whether this entry is still
		 * queued: either that check sees it removed and reruns the
		 * queue, or our run sees the requests.
		 */
		smp_mb__after_atomic();
'''
if p.endswith('blk-core.c'):
    assert s.count(lock_init) == 1
else:
    assert run_locked in s and clear_locked in s
if name in ('second-read-decides', 'always-locks'):
    assert hot_return in s
if name == 'recheck-unlocked':
    s = s.replace(run_locked, '''	need_run = blk_mq_hw_queue_need_run(hctx, &quiesced);
''')
    msg = 'the re-check in blk_mq_run_hw_queue() takes no lock'
elif name == 'clear-unlocked':
    s = s.replace(clear_locked, '''		blk_queue_flag_clear(QUEUE_FLAG_QUIESCED, q);
''')
    msg = 'blk_mq_unquiesce_queue() clears QUEUE_FLAG_QUIESCED without quiesce_sync_lock'
elif name == 'queue-lock-in-run':
    s = s.replace(run_locked, '''	spin_lock_irqsave(&hctx->queue->queue_lock, flags);
	need_run = blk_mq_hw_queue_need_run(hctx, &quiesced);
	spin_unlock_irqrestore(&hctx->queue->queue_lock, flags);
''')
    msg = 'the run path re-checks under queue_lock (spinlock_t), as before the fix'
elif name == 'unquiesce-no-irqsave':
    s = s.replace(clear_locked, '''		raw_spin_lock(&q->quiesce_sync_lock);
		blk_queue_flag_clear(QUEUE_FLAG_QUIESCED, q);
		raw_spin_unlock(&q->quiesce_sync_lock);
''')
    msg = 'blk_mq_unquiesce_queue() takes quiesce_sync_lock without disabling interrupts'
elif name == 'second-read-decides':
    s = s.replace(hot_return, '''		if (!blk_queue_quiesced(hctx->queue))
			return;
''')
    msg = 'the hot path decides whether to lock on a second lockless read of the flag'
elif name == 'depth-unlocked':
    # Interrupts off instead of queue_lock: no longer serialized against
    # the other CPUs.
    for d in depth_locked:
        assert s.count(d) == 1
        s = s.replace(d, d.replace('spin_lock_irqsave(&q->queue_lock, flags)',
                                   'local_irq_save(flags)'))
    for u in ('''		blk_queue_flag_set(QUEUE_FLAG_QUIESCED, q);
	spin_unlock_irqrestore(&q->queue_lock, flags);''', '''	}
	spin_unlock_irqrestore(&q->queue_lock, flags);

	/* dispatch requests which are inserted during quiescing */'''):
        assert s.count(u) == 1
        s = s.replace(u, u.replace('spin_unlock_irqrestore(&q->queue_lock, flags)',
                                   'local_irq_restore(flags)'))
    msg = 'quiesce_depth is updated with interrupts off, not under queue_lock'
elif name == 'no-lock-init':
    # blk_alloc_queue() zeroes the queue: the lock works as an unlocked
    # one, but lockdep and the spinlock debugging see it uninitialized.
    s = s.replace(lock_init, '')
    msg = 'blk_alloc_queue() does not initialize quiesce_sync_lock'
elif name == 'wake-no-barrier':
    assert s.count(wake_mb) == 1
    s = s.replace(wake_mb, '\t\tatomic_dec(&sbq->ws_active);\n')
    msg = 'blk_mq_dispatch_wake() runs the queue without a full barrier'
elif name == 'always-locks':
    s = s.replace(hot_return, '')
    msg = 'the re-check takes quiesce_sync_lock even on an unquiesced idle queue'
else:
    sys.exit('unknown mutant ' + name)
open(p, 'w').write(s)
body = 'Deliberately broken; must be caught by the tests.\n'
if name == 'second-read-decides':
    # The window between the two reads cannot be hit on purpose from a
    # test; the memory model shows the shape strands a request.
    body += '\nKilled-by-litmus: quiesce-second-read\n'
if name == 'wake-no-barrier':
    # x86 (and so the KUnit suite under QEMU on x86) cannot reorder the
    # two; the memory model shows the shape strands a request.
    body += '\nKilled-by-litmus: dispatch-wake-no-lock\n'
open('/tmp/mutmsg', 'w').write('MUTANT %s: %s\n\n%s' % (name, msg, body))
