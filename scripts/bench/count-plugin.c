// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU TCG plugin: count the instructions, and the serializing ones
 * among them, that each call of one guest function executes, callees
 * included.  Built and loaded by scripts/bench/count.sh:
 *
 *   -plugin count-plugin.so,entry=0xffffffff81234560 -d plugin -D LOG
 *
 * A call starts when a vCPU executes the instruction at ENTRY and ends
 * when that vCPU executes the ret that returns from it; calls and rets
 * in between are counted to find it.  Each vCPU has its own window.  An interrupt taken inside the
 * window is counted with it, which only makes that one call look
 * longer: the report is a histogram, and the harness takes its mode.
 *
 * Serializing here means what orders memory on x86-64: a lock-prefixed
 * read-modify-write, xchg with a memory operand (implicitly locked), and
 * mfence, lfence and sfence.
 *
 * At exit the plugin writes to QEMU's log a line with the number of
 * calls and the sums over all of them, then one line per distinct
 * (instructions, serializing) pair, most frequent first (16 at most):
 *
 *   count: entry=0xADDR calls=N distinct=D dropped=X total_insns=I total_serializing=S
 *   count: insns=I serializing=S n=K
 */
#include <ctype.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS	64
#define MAX_PAIRS	4096

enum {
	K_ENTRY	= 1 << 0,
	K_CALL	= 1 << 1,
	K_RET	= 1 << 2,
	K_SER	= 1 << 3,
};

struct vcpu {
	int active;
	int64_t depth;
	uint64_t insns;
	uint64_t ser;
};

struct pair {
	uint64_t insns;
	uint64_t ser;
	uint64_t n;
};

static uint64_t entry;
static struct vcpu vcpus[MAX_VCPUS];
static struct pair pairs[MAX_PAIRS];
static unsigned int nr_pairs;
static uint64_t calls, dropped, total_insns, total_ser;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* vCPUs run in threads of their own (MTTCG): one records at a time. */
static void record(uint64_t insns, uint64_t ser)
{
	unsigned int i;

	pthread_mutex_lock(&lock);
	calls++;
	total_insns += insns;
	total_ser += ser;
	for (i = 0; i < nr_pairs; i++) {
		if (pairs[i].insns == insns && pairs[i].ser == ser) {
			pairs[i].n++;
			goto out;
		}
	}
	if (nr_pairs == MAX_PAIRS)
		dropped++;
	else
		pairs[nr_pairs++] = (struct pair){ insns, ser, 1 };
out:
	pthread_mutex_unlock(&lock);
}

static void insn_exec(unsigned int vcpu_index, void *udata)
{
	uintptr_t kind = (uintptr_t)udata;
	struct vcpu *v = &vcpus[vcpu_index % MAX_VCPUS];

	if (!v->active) {
		if (!(kind & K_ENTRY))
			return;
		*v = (struct vcpu){ .active = 1 };
	}
	v->insns++;
	if (kind & K_SER)
		v->ser++;
	if (kind & K_CALL) {
		v->depth++;
	} else if (kind & K_RET) {
		if (v->depth-- == 0) {
			record(v->insns, v->ser);
			v->active = 0;
		}
	}
}

static int starts_with_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	return !strncmp(s, w, n) && !isalnum((unsigned char)s[n]);
}

/* Classify one instruction by its disassembly (AT&T or Intel syntax). */
static uintptr_t classify(const char *d)
{
	uintptr_t kind = 0;

	while (isspace((unsigned char)*d))
		d++;
	if (starts_with_word(d, "lock"))
		kind |= K_SER;
	else if (starts_with_word(d, "mfence") || starts_with_word(d, "lfence") ||
		 starts_with_word(d, "sfence"))
		kind |= K_SER;
	else if (!strncmp(d, "xchg", 4) && (strchr(d, '(') || strchr(d, '[')))
		kind |= K_SER;
	if (!strncmp(d, "call", 4))
		kind |= K_CALL;
	else if (starts_with_word(d, "ret") || starts_with_word(d, "retq"))
		kind |= K_RET;
	return kind;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		char *d = qemu_plugin_insn_disas(insn);
		uintptr_t kind = d ? classify(d) : 0;

		free(d);
		if (qemu_plugin_insn_vaddr(insn) == entry)
			kind |= K_ENTRY;
		qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec,
						       QEMU_PLUGIN_CB_NO_REGS,
						       (void *)kind);
	}
}

static int by_count(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->insns < y->insns ? -1 : x->insns > y->insns;
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	char line[200];
	unsigned int i;

	qsort(pairs, nr_pairs, sizeof(*pairs), by_count);
	snprintf(line, sizeof(line), "count: entry=0x%" PRIx64 " calls=%" PRIu64
		 " distinct=%u dropped=%" PRIu64 " total_insns=%" PRIu64
		 " total_serializing=%" PRIu64 "\n", entry, calls, nr_pairs,
		 dropped, total_insns, total_ser);
	qemu_plugin_outs(line);
	for (i = 0; i < nr_pairs && i < 16; i++) {
		snprintf(line, sizeof(line), "count: insns=%" PRIu64 " serializing=%"
			 PRIu64 " n=%" PRIu64 "\n", pairs[i].insns, pairs[i].ser,
			 pairs[i].n);
		qemu_plugin_outs(line);
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "entry=", 6))
			entry = strtoull(argv[i] + 6, NULL, 0);
	}
	if (!entry) {
		fprintf(stderr, "count-plugin: needs entry=ADDRESS\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
