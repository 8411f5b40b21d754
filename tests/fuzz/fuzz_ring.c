// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the sub-buffer parser and the merge with hostile sub-buffers: the
 * input is cut into sub-buffers of two CPUs, each walked to its end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The layout of events/header_page on x86_64, 6.1 and 6.12 */
static const struct kp_ring_layout layout = {
	.ts_offset = 0,
	.ts_size = 8,
	.commit_offset = 8,
	.commit_size = 8,
	.data_offset = 16,
	.data_size = 4080,
};

#define SUBBUF 4096

struct feed {
	const uint8_t *data;
	size_t size, off;
	unsigned long long records, losses;
	unsigned long long last_ts[2];
};

/* Each call takes the next chunk: a length byte pair, then that many bytes */
static ssize_t fill(void *ctx, int idx, void *buf, size_t size)
{
	struct feed *f = ctx;
	size_t n;

	(void)idx;
	if (f->size - f->off < 2)
		return 0;
	n = ((size_t)f->data[f->off] << 8 | f->data[f->off + 1]) % (size + 1);
	f->off += 2;
	if (n > f->size - f->off)
		n = f->size - f->off;
	memcpy(buf, f->data + f->off, n);
	f->off += n;
	return (ssize_t)n;
}

static int on_record(void *ctx, const struct kp_record *r)
{
	struct feed *f = ctx;
	volatile unsigned char sum = 0;
	unsigned int i;

	if (r->cpu < 0 || r->cpu > 1)
		abort();
	/* every byte the parser hands out must be readable */
	for (i = 0; i < r->size; i++)
		sum ^= r->data[i];
	f->last_ts[r->cpu] = r->ts;
	f->records++;
	return 0;
}

static int on_lost(void *ctx, int cpu, unsigned long long count)
{
	struct feed *f = ctx;

	(void)count;
	if (cpu < 0 || cpu > 1)
		abort();
	f->losses++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int cpus[] = { 0, 1 };
	struct feed f = { .data = data, .size = size };
	struct kp_record_sink sink = { .record = on_record, .lost = on_lost, .ctx = &f };
	struct kp_subbuf sb;
	struct kp_record r;
	struct kp_merge m;

	/* one sub-buffer on its own */
	if (!kp_subbuf_open(&sb, &layout, data, size, 0)) {
		while (kp_subbuf_next(&sb, &r) > 0)
			if (r.data < data || r.data + r.size > data + size)
				abort();
		if (sb.off > sb.len)
			abort();
	}
	/* and the same bytes as a stream of sub-buffers of two CPUs */
	if (kp_merge_init(&m, &layout, SUBBUF, cpus, 2, fill, &f))
		return 0;
	if (kp_merge_run(&m, &sink) < 0)
		abort();
	kp_merge_destroy(&m);
	/* a record takes at least 4 bytes of input */
	if (f.records > size / 4)
		abort();
	return 0;
}
