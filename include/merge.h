/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_MERGE_H
#define KPROBE_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "record.h"
#include "ring.h"

/*
 * Records of every CPU in one timestamp order, the way trace_pipe orders
 * them: each CPU holds one sub-buffer, and the next record is the earliest
 * of their next records (the lowest CPU on a tie). A CPU with nothing
 * buffered is asked again each time another CPU's sub-buffer runs out.
 * Pure code: sub-buffers come from a fill callback.
 */

/**
 * kp_merge_fill_fn - read one sub-buffer of a CPU
 * @ctx: the callback's context
 * @idx: which CPU, as an index into the CPUs given to kp_merge_init()
 * @buf: where to put it
 * @size: the sub-buffer size
 *
 * Returns bytes read, 0 when the CPU has nothing buffered now, or -1 with
 * errno set.
 */
typedef ssize_t (*kp_merge_fill_fn)(void *ctx, int idx, void *buf, size_t size);

struct kp_merge_cpu {
	int cpu;
	unsigned char *buf;    /* the sub-buffer being walked */
	struct kp_subbuf sb;   /* the walk */
	struct kp_record next; /* its next record, when has_next */
	bool has_next;
	bool lost_pending; /* its loss is yet to be reported */
	bool empty;	   /* nothing was buffered when last asked */
};

struct kp_merge {
	struct kp_ring_layout layout;
	size_t subbuf_size;
	int nr;
	struct kp_merge_cpu *cpus;
	kp_merge_fill_fn fill;
	void *fill_ctx;
	unsigned long long corrupt; /* sub-buffers cut short by a bad event */
};

/**
 * kp_merge_init - set up a merge of @nr CPUs
 * @m: the merge
 * @l: the sub-buffer layout
 * @subbuf_size: bytes in one sub-buffer
 * @cpus: the CPU numbers, @nr of them (records carry these)
 * @nr: how many
 * @fill: reads a sub-buffer
 * @ctx: for @fill
 *
 * Returns 0, or -1 with errno ENOMEM.
 */
int kp_merge_init(struct kp_merge *m, const struct kp_ring_layout *l, size_t subbuf_size,
		  const int *cpus, int nr, kp_merge_fill_fn fill, void *ctx);

/**
 * kp_merge_run - hand records to @sink, oldest first, until none is buffered
 * @m: the merge
 * @sink: where records and loss reports go
 *
 * A loss is reported right before the first record that follows it. Returns 0
 * once every CPU is empty, 1 if the sink asked to stop, -1 if the fill
 * callback or the sink failed (errno set). A sub-buffer with a corrupt
 * event is walked up to that event, then dropped (counted in @m->corrupt).
 */
int kp_merge_run(struct kp_merge *m, const struct kp_record_sink *sink);

/**
 * kp_merge_destroy - free what kp_merge_init() allocated; safe twice
 * @m: the merge
 */
void kp_merge_destroy(struct kp_merge *m);

#endif
