// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the ring layout parser: events/header_page and events/header_event
 * as any text (the input split at its first '\0'); a layout it takes is
 * then used to walk a sub-buffer of the same bytes, in a heap buffer of
 * exactly their size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kp_ring_layout l;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t page_len = nul ? (size_t)(nul - data) : size;
	char *page, *event;
	struct kp_subbuf sb;
	struct kp_record r;
	unsigned char *buf;
	int i;

	page = malloc(page_len + 1);
	event = malloc(size - page_len + 1);
	if (!page || !event)
		goto out;
	memcpy(page, data, page_len);
	page[page_len] = '\0';
	if (nul)
		memcpy(event, nul + 1, size - page_len - 1);
	event[nul ? size - page_len - 1 : 0] = '\0';
	if (kp_ring_layout_parse(page, event, &l))
		goto out;
	buf = malloc(size ? size : 1);
	if (!buf)
		goto out;
	memcpy(buf, data, size);
	if (!kp_subbuf_open(&sb, &l, buf, size, 0))
		for (i = 0; i < 4096 && kp_subbuf_next(&sb, &r) > 0; i++)
			;
	free(buf);
out:
	free(page);
	free(event);
	return 0;
}
