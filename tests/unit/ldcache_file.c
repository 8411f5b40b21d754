// SPDX-License-Identifier: GPL-2.0-only
/*
 * ld.so caches the unit tests write for themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ldcache_file.h"

void write_ldcache(const char *file, const char *const (*ents)[2], const int *hwcap, int n)
{
	unsigned char buf[4096] = { 0 };
	size_t str = 48 + 24 * n;
	uint32_t v;
	uint64_t h;
	FILE *f;
	int i;

	memcpy(buf, "glibc-ld.so.cache1.1", 20);
	v = n;
	memcpy(buf + 20, &v, 4);
	for (i = 0; i < n; i++) {
		unsigned char *e = buf + 48 + 24 * i;

		v = 0x0303;
		memcpy(e, &v, 4);
		v = str;
		memcpy(e + 4, &v, 4);
		strcpy((char *)buf + str, ents[i][0]);
		str += strlen(ents[i][0]) + 1;
		v = str;
		memcpy(e + 8, &v, 4);
		strcpy((char *)buf + str, ents[i][1]);
		str += strlen(ents[i][1]) + 1;
		h = hwcap[i];
		memcpy(e + 16, &h, 8);
	}
	v = str - 48 - 24 * n;
	memcpy(buf + 24, &v, 4);
	f = fopen(file, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, str, f), str);
	fclose(f);
}
