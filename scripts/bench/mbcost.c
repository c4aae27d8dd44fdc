// SPDX-License-Identifier: GPL-2.0
/*
 * What one smp_mb() costs on this machine's CPU: the x86-64 kernel's
 * full barrier is "lock; addl $0,-4(%rsp)".  Times N iterations of a
 * loop with and without it, with the TSC, several times, and prints the
 * smallest difference per iteration in TSC cycles and nanoseconds, for
 * the barrier alone and for the barrier after a store to another cache
 * line (which it must drain first, as after inserting a request):
 *
 *   smp_mb: cycles=C ns=T after_store_cycles=C2 after_store_ns=T2 tsc_mhz=F
 *
 * Built and run by scripts/mbcost.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

#define N	(1 << 22)
#define TRIES	15

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static volatile int sink[64] __attribute__((aligned(64)));

static uint64_t loop(int barrier, int store)
{
	uint64_t t0, t1;
	unsigned int aux;
	long i;

	t0 = __rdtscp(&aux);
	for (i = 0; i < N; i++) {
		if (store)
			sink[(i & 3) * 16] = i;
		if (barrier)
			asm volatile("lock; addl $0,-4(%%rsp)" ::: "memory", "cc");
		else
			asm volatile("" ::: "memory");
	}
	t1 = __rdtscp(&aux);
	return t1 - t0;
}

int main(void)
{
	uint64_t best[2][2] = { { UINT64_MAX, UINT64_MAX }, { UINT64_MAX, UINT64_MAX } };
	uint64_t c;
	int b, st;
	double ns0, ns1, mhz;
	uint64_t t0, t1;
	unsigned int aux;
	int i;

	ns0 = now_ns();
	t0 = __rdtscp(&aux);
	for (i = 0; i < TRIES; i++) {
		for (st = 0; st < 2; st++) {
			for (b = 0; b < 2; b++) {
				c = loop(b, st);
				if (c < best[st][b])
					best[st][b] = c;
			}
		}
	}
	t1 = __rdtscp(&aux);
	ns1 = now_ns();
	mhz = (t1 - t0) / ((ns1 - ns0) / 1e3);
	printf("smp_mb: cycles=%.1f ns=%.2f after_store_cycles=%.1f after_store_ns=%.2f tsc_mhz=%.0f\n",
	       (double)(best[0][1] - best[0][0]) / N,
	       (double)(best[0][1] - best[0][0]) / N / mhz * 1e3,
	       (double)(best[1][1] - best[1][0]) / N,
	       (double)(best[1][1] - best[1][0]) / N / mhz * 1e3, mhz);
	return 0;
}
