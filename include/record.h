/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_RECORD_H
#define KPROBE_RECORD_H

#include <stdbool.h>

/*
 * The event path: a reader takes records out of the kernel's ring buffer
 * and hands each one, in timestamp order, to a record sink. The sink is a
 * formatter today (text or JSON); in-kernel aggregation and triggers add
 * other sinks, never other readers.
 */

/* One ring-buffer entry as the reader found it; valid only during the call */
struct kp_record {
	unsigned long long ts;	   /* the instance's trace clock, ns */
	const unsigned char *data; /* the entry, common_type first */
	unsigned int size;	   /* bytes at @data */
	int cpu;
};

struct kp_record_sink {
	/*
	 * One record, in timestamp order across CPUs. Returns 0 to go on, 1
	 * when the sink wants no more (e.g. -n reached), -1 on error with
	 * errno set.
	 */
	int (*record)(void *ctx, const struct kp_record *r);
	/*
	 * The kernel dropped events on @cpu before the records that follow.
	 * @count is how many, or 0 when the kernel did not say. Same returns.
	 */
	int (*lost)(void *ctx, int cpu, unsigned long long count);
	void *ctx;
};

#endif
