/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TEST_GUARD_H
#define KPROBE_TEST_GUARD_H

/*
 * Bytes that end where a page ends, with an unmapped page after them: a
 * parser that reads one byte past them crashes the test, sanitizer or not.
 */
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct guarded {
	unsigned char *map;
	size_t map_len;
	unsigned char *data; /* the copy, its last byte the page's last */
};

static inline int guarded_copy(struct guarded *g, const void *bytes, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t pages = (len + page - 1) / page + 1;

	g->map_len = (pages + 1) * page;
	g->map = mmap(NULL, g->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g->map == MAP_FAILED)
		return -1;
	if (mprotect(g->map + pages * page, page, PROT_NONE)) {
		munmap(g->map, g->map_len);
		return -1;
	}
	g->data = g->map + pages * page - len;
	memcpy(g->data, bytes, len);
	return 0;
}

static inline void guarded_free(struct guarded *g)
{
	munmap(g->map, g->map_len);
}

#endif
