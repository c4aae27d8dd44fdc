// SPDX-License-Identifier: GPL-2.0
/*
 * Microbenchmark of blk_mq_run_hw_queues(): one SCHED_FIFO kthread per
 * online CPU calls it on one queue, with a hardware queue per CPU, for a
 * fixed time, and the calls per second are reported per CPU.  The queue's
 * hardware queues are idle, as those a completion handler reruns mostly
 * are, or (quiesced=1) the queue is quiesced, as while a scheduler switch,
 * an nr_hw_queues update or a controller reset runs with I/O in flight.
 * All of it happens while the module is inserted, which then fails with
 * -EAGAIN.  Not part of the kernel series: the harness builds it out of
 * tree (tests/bench/guest/hotpath/Kbuild) against the kernel it boots.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>

static unsigned int duration_ms = 2000;
module_param(duration_ms, uint, 0444);
MODULE_PARM_DESC(duration_ms, "how long each thread runs the queues");

static bool quiesced;
module_param(quiesced, bool, 0444);
MODULE_PARM_DESC(quiesced, "run the hardware queues of a quiesced queue");

struct hb_thread {
	struct completion done;
	struct request_queue *q;
	ktime_t end;
	u64 calls;
	s64 ns;
};

static blk_status_t hb_queue_rq(struct blk_mq_hw_ctx *hctx,
				const struct blk_mq_queue_data *bd)
{
	blk_mq_start_request(bd->rq);
	blk_mq_end_request(bd->rq, BLK_STS_OK);
	return BLK_STS_OK;
}

static const struct blk_mq_ops hb_mq_ops = {
	.queue_rq	= hb_queue_rq,
};

static int hb_thread_fn(void *data)
{
	struct hb_thread *t = data;
	ktime_t start = ktime_get();
	u64 calls = 0;

	/* Check the clock only now and then: it is not what is measured. */
	do {
		int i;

		for (i = 0; i < 64; i++)
			blk_mq_run_hw_queues(t->q, true);
		calls += 64;
	} while (ktime_before(ktime_get(), t->end));
	t->calls = calls;
	t->ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	complete(&t->done);
	return 0;
}

static int __init hb_init(void)
{
	struct blk_mq_tag_set *set;
	struct request_queue *q;
	struct hb_thread *th;
	unsigned int cpu, n = 0;
	u64 total = 0;
	int ret;

	set = kzalloc(sizeof(*set), GFP_KERNEL);
	th = kcalloc(nr_cpu_ids, sizeof(*th), GFP_KERNEL);
	if (!set || !th) {
		ret = -ENOMEM;
		goto out_free;
	}
	set->ops = &hb_mq_ops;
	set->nr_hw_queues = nr_cpu_ids;
	set->queue_depth = 64;
	set->numa_node = NUMA_NO_NODE;
	ret = blk_mq_alloc_tag_set(set);
	if (ret)
		goto out_free;
	q = blk_mq_alloc_queue(set, NULL, NULL);
	if (IS_ERR(q)) {
		ret = PTR_ERR(q);
		goto out_set;
	}
	if (quiesced)
		blk_mq_quiesce_queue(q);

	for_each_online_cpu(cpu) {
		struct hb_thread *t = &th[cpu];
		struct task_struct *task;

		init_completion(&t->done);
		t->q = q;
		t->end = ktime_add_ms(ktime_get(), duration_ms);
		task = kthread_create(hb_thread_fn, t, "blk_hotpath/%u", cpu);
		if (IS_ERR(task)) {
			ret = PTR_ERR(task);
			t->q = NULL;
			break;
		}
		kthread_bind(task, cpu);
		sched_set_fifo(task);
		wake_up_process(task);
	}
	for_each_online_cpu(cpu) {
		struct hb_thread *t = &th[cpu];

		if (!t->q)
			continue;
		wait_for_completion(&t->done);
		if (!t->ns)
			continue;
		pr_info("cpu%u %llu calls/s\n", cpu,
			div64_u64(t->calls * NSEC_PER_SEC, t->ns));
		total += div64_u64(t->calls * NSEC_PER_SEC, t->ns);
		n++;
	}
	if (n)
		pr_info("%s queue, %u hw queues, %u cpus: %llu calls/s per cpu\n",
			quiesced ? "quiesced" : "idle", set->nr_hw_queues, n,
			div64_u64(total, n));
	if (quiesced)
		blk_mq_unquiesce_queue(q);
	blk_mq_destroy_queue(q);
	blk_put_queue(q);
out_set:
	blk_mq_free_tag_set(set);
out_free:
	kfree(th);
	kfree(set);
	/* The work is done: do not stay loaded (as test_vmalloc does). */
	return ret ?: -EAGAIN;
}

module_init(hb_init);

MODULE_DESCRIPTION("blk_mq_run_hw_queues() hot path microbenchmark");
MODULE_LICENSE("GPL");
