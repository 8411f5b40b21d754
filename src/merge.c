// SPDX-License-Identifier: GPL-2.0-only
/*
 * Merging the CPUs' records by time stamp, as trace_pipe does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

int kp_merge_init(struct kp_merge *m, const struct kp_ring_layout *l, size_t subbuf_size,
		  const int *cpus, int nr, kp_merge_fill_fn fill, void *ctx)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->layout = *l;
	m->subbuf_size = subbuf_size;
	m->fill = fill;
	m->fill_ctx = ctx;
	m->cpus = calloc(nr > 0 ? nr : 1, sizeof(*m->cpus));
	if (!m->cpus)
		return -1;
	m->nr = nr;
	for (i = 0; i < nr; i++) {
		m->cpus[i].cpu = cpus[i];
		m->cpus[i].buf = malloc(subbuf_size);
		if (!m->cpus[i].buf) {
			kp_merge_destroy(m);
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

void kp_merge_destroy(struct kp_merge *m)
{
	int i;

	for (i = 0; m->cpus && i < m->nr; i++)
		free(m->cpus[i].buf);
	free(m->cpus);
	m->cpus = NULL;
	m->nr = 0;
}

/* Step @c to its next record; a corrupt event ends its sub-buffer */
static void advance(struct kp_merge *m, struct kp_merge_cpu *c)
{
	int ret = kp_subbuf_next(&c->sb, &c->next);

	if (ret < 0)
		m->corrupt++;
	c->has_next = ret > 0;
}

/* Read sub-buffers into @c until one has a record or the CPU is empty */
static int refill(struct kp_merge *m, struct kp_merge_cpu *c, int idx)
{
	while (!c->has_next && !c->lost_pending) {
		ssize_t n = m->fill(m->fill_ctx, idx, c->buf, m->subbuf_size);

		if (n < 0)
			return -1;
		if (!n) {
			c->empty = true;
			return 0;
		}
		c->empty = false;
		if (kp_subbuf_open(&c->sb, &m->layout, c->buf, (size_t)n, c->cpu)) {
			m->corrupt++;
			continue;
		}
		c->lost_pending = c->sb.missed;
		advance(m, c);
	}
	return 0;
}

/* Report @c's loss, if any, then its record, and step on */
static int emit(struct kp_merge *m, struct kp_merge_cpu *c, const struct kp_record_sink *sink)
{
	int ret;

	if (c->lost_pending) {
		c->lost_pending = false;
		ret = sink->lost(sink->ctx, c->cpu, c->sb.missed_count);
		if (ret)
			return ret;
	}
	if (!c->has_next)
		return 0;
	ret = sink->record(sink->ctx, &c->next);
	advance(m, c);
	return ret;
}

int kp_merge_run(struct kp_merge *m, const struct kp_record_sink *sink)
{
	bool recheck = true;
	int i, ret;

	for (;;) {
		struct kp_merge_cpu *best = NULL;
		bool seen_empty = false, ask_again = false;

		for (i = 0; i < m->nr; i++) {
			struct kp_merge_cpu *c = &m->cpus[i];

			if (c->has_next || c->lost_pending || (!recheck && c->empty))
				continue;
			if (refill(m, c, i))
				return -1;
			if (c->has_next || c->lost_pending)
				ask_again |= seen_empty;
			else
				seen_empty = true;
		}
		/*
		 * A CPU found empty before another's sub-buffer was read may
		 * have written records older than those since (a new task's
		 * name on the parent's CPU, then the child's first event on
		 * another): ask it again before any of them goes out
		 */
		for (i = 0; ask_again && i < m->nr; i++) {
			struct kp_merge_cpu *c = &m->cpus[i];

			if (!c->has_next && !c->lost_pending && refill(m, c, i))
				return -1;
		}
		for (i = 0; i < m->nr; i++) {
			struct kp_merge_cpu *c = &m->cpus[i];

			if (!c->has_next && !c->lost_pending)
				continue;
			/*
			 * A loss goes out with the record after it, as trace_pipe
			 * prints it; one with no record after it goes out at once.
			 */
			if (!best || !c->has_next || (best->has_next && c->next.ts < best->next.ts))
				best = c;
			if (!c->has_next)
				break;
		}
		if (!best)
			return 0;
		ret = emit(m, best, sink);
		if (ret)
			return ret;
		/* a sub-buffer ran out: ask the empty CPUs again too */
		recheck = !best->has_next;
	}
}
