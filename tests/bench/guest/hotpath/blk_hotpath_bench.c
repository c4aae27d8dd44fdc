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
 *
 * With disk=1 the queue is that of a registered disk, "bqhot", using the
 * I/O scheduler @elevator, so that user space can act on it meanwhile
 * (the harness writes its io.max, which takes q->queue_lock), and
 * settle_ms pass before the threads start; the first CPU runs no thread,
 * being left to user space, and each thread records its longest call.  With window_fn, the address of the kernel's
 * blk_mq_hw_queue_need_run_locked() (from System.map: the harness's
 * kernels have no KASLR), the module instead stops the disk's hardware
 * queues, leaves @queued requests in the scheduler and calls that
 * function @window_calls times on the first hardware queue of the
 * unquiesced queue: the section the run of a quiesced queue executes
 * when the unquiesce lands between its lockless and its locked check,
 * for the instruction counter (scripts/bench/count.sh, path window).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/version.h>

/* 6.6 (the 6.6 bases) has the older allocation interfaces. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
#define hb_alloc_disk(set)	blk_mq_alloc_disk(set, NULL)
#define hb_alloc_queue(set)	blk_mq_init_queue(set)
#else
#define hb_alloc_disk(set)	blk_mq_alloc_disk(set, NULL, NULL)
#define hb_alloc_queue(set)	blk_mq_alloc_queue(set, NULL, NULL)
#endif

static unsigned int duration_ms = 2000;
module_param(duration_ms, uint, 0444);
MODULE_PARM_DESC(duration_ms, "how long each thread runs the queues");

static bool quiesced;
module_param(quiesced, bool, 0444);
MODULE_PARM_DESC(quiesced, "run the hardware queues of a quiesced queue");

static bool disk;
module_param(disk, bool, 0444);
MODULE_PARM_DESC(disk, "use the queue of a registered disk, bqhot");

static char *elevator = "none";
module_param(elevator, charp, 0444);
MODULE_PARM_DESC(elevator, "the disk's I/O scheduler");

static unsigned int settle_ms;
module_param(settle_ms, uint, 0444);
MODULE_PARM_DESC(settle_ms, "wait this long after making the disk");

static unsigned long window_fn;
module_param(window_fn, ulong, 0444);
MODULE_PARM_DESC(window_fn, "address of blk_mq_hw_queue_need_run_locked()");

static unsigned int queued;
module_param(queued, uint, 0444);
MODULE_PARM_DESC(queued, "requests left in the scheduler for window_fn");

static unsigned int hw_queues;
module_param(hw_queues, uint, 0444);
MODULE_PARM_DESC(hw_queues, "hardware queues (default: one per CPU)");

static unsigned int window_calls = 2000;
module_param(window_calls, uint, 0444);
MODULE_PARM_DESC(window_calls, "calls of window_fn");

struct hb_thread {
	struct completion done;
	struct request_queue *q;
	ktime_t end;
	u64 calls;
	s64 ns, max_ns;
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

		if (disk) {
			/* The longest call: a wait behind a lock. */
			ktime_t t0 = ktime_get();

			blk_mq_run_hw_queues(t->q, true);
			t->max_ns = max(t->max_ns, ktime_to_ns(ktime_sub(ktime_get(), t0)));
			calls++;
			continue;
		}
		for (i = 0; i < 64; i++)
			blk_mq_run_hw_queues(t->q, true);
		calls += 64;
	} while (ktime_before(ktime_get(), t->end));
	t->calls = calls;
	t->ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	complete(&t->done);
	return 0;
}

static const struct block_device_operations hb_fops = { .owner = THIS_MODULE };

/* Select an I/O scheduler as a write to the disk's sysfs attribute does. */
static int hb_set_elevator(struct gendisk *gd, const char *name)
{
	const struct kobj_type *ktype = get_ktype(&gd->queue_kobj);
	const struct attribute_group **g;
	struct attribute **a;

	for (g = ktype->default_groups; *g; g++)
		for (a = (*g)->attrs; *a; a++)
			if (!strcmp((*a)->name, "scheduler"))
				return ktype->sysfs_ops->store(&gd->queue_kobj, *a,
							       name, strlen(name));
	return -ENOENT;
}

static void hb_end_io(struct bio *bio)
{
	bio_put(bio);
}

/* The counted section: see the comment at the top. */
static int hb_window(struct gendisk *gd)
{
	bool (*fn)(struct blk_mq_hw_ctx *) = (void *)window_fn;
	struct request_queue *q = gd->queue;
	struct blk_mq_hw_ctx *hctx = NULL, *h;
	unsigned int yes = 0;
	unsigned long i;

	queue_for_each_hw_ctx(q, h, i)
		if (!hctx)
			hctx = h;

	blk_mq_stop_hw_queues(q);
	for (i = 0; i < queued; i++) {
		struct bio *bio = bio_alloc(gd->part0, 1, REQ_OP_WRITE | REQ_NOWAIT,
					    GFP_KERNEL);

		__bio_add_page(bio, ZERO_PAGE(0), SECTOR_SIZE, 0);
		bio->bi_iter.bi_sector = i;
		bio->bi_end_io = hb_end_io;
		submit_bio(bio);
	}
	for (i = 0; i < window_calls; i++)
		yes += fn(hctx);
	pr_info("window: %s, %u queued, %u hw queues: %u calls, %u found work\n",
		elevator, queued, q->nr_hw_queues, window_calls, yes);
	blk_mq_start_stopped_hw_queues(q, false);
	return 0;
}

static int __init hb_init(void)
{
	struct blk_mq_tag_set *set;
	struct request_queue *q;
	struct gendisk *gd = NULL;
	s64 max_ns = 0;
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
	set->nr_hw_queues = hw_queues ?: nr_cpu_ids;
	set->queue_depth = 64;
	set->numa_node = NUMA_NO_NODE;
	ret = blk_mq_alloc_tag_set(set);
	if (ret)
		goto out_free;
	if (disk || window_fn) {
		gd = hb_alloc_disk(set);
		if (IS_ERR(gd)) {
			ret = PTR_ERR(gd);
			goto out_set;
		}
		gd->fops = &hb_fops;
		gd->flags |= GENHD_FL_NO_PART;
		strscpy(gd->disk_name, "bqhot", DISK_NAME_LEN);
		set_capacity(gd, 1 << 20);
		ret = add_disk(gd);
		if (ret) {
			put_disk(gd);
			goto out_set;
		}
		ret = hb_set_elevator(gd, elevator);
		if (ret < 0)
			goto out_disk;
		ret = 0;
		q = gd->queue;
		if (window_fn) {
			ret = hb_window(gd);
			goto out_disk;
		}
		msleep(settle_ms);
	} else {
		q = hb_alloc_queue(set);
		if (IS_ERR(q)) {
			ret = PTR_ERR(q);
			goto out_set;
		}
	}
	if (quiesced)
		blk_mq_quiesce_queue(q);

	for_each_online_cpu(cpu) {
		struct hb_thread *t = &th[cpu];
		struct task_struct *task;

		/* With a disk, the first CPU is left to user space. */
		if (disk && cpu == cpumask_first(cpu_online_mask))
			continue;
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
		pr_info("cpu%u %llu calls/s, longest %lld ns\n", cpu,
			div64_u64(t->calls * NSEC_PER_SEC, t->ns), t->max_ns);
		max_ns = max(max_ns, t->max_ns);
		total += div64_u64(t->calls * NSEC_PER_SEC, t->ns);
		n++;
	}
	if (n)
		pr_info("%s queue, %u hw queues, %u cpus: %llu calls/s per cpu%s\n",
			quiesced ? "quiesced" : "idle", set->nr_hw_queues, n,
			div64_u64(total, n), disk ? "" : " (bare queue)");
	if (n && disk)
		pr_info("longest call: %lld ns\n", max_ns);
	if (quiesced)
		blk_mq_unquiesce_queue(q);
	if (!gd) {
		blk_mq_destroy_queue(q);
		blk_put_queue(q);
	}
out_disk:
	if (gd) {
		del_gendisk(gd);
		put_disk(gd);
	}
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
