// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the ld.so cache parser: any bytes as /etc/ld.so.cache, in a heap
 * buffer of exactly their size, looked up by a short name and a soname.
 * Every path found is taken as native, so no file is opened.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ldcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int any_native(const char *path)
{
	return path[0] != 'x';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "libc", "libc.so.6", "libfoo", "" };
	char out[PATH_MAX];
	unsigned char *buf = malloc(size ? size : 1);
	size_t i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (kp_ldcache_lookup(buf, size, names[i], any_native, out, sizeof(out)) == 1 &&
		    strlen(out) >= sizeof(out))
			abort();
	(void)kp_ldcache_lookup(buf, size, "libc", any_native, out, 8);
	free(buf);
	return 0;
}
