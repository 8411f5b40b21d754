// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ld.so cache: where ldconfig found each shared library. glibc has no
 * interface to look a name up without loading the library, so the file is
 * read here, in its "glibc-ld.so.cache1.1" format (glibc 2.32 and later
 * write only this one; older ones append it to the old format).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfsyms.h"
#include "ldcache.h"

#define MAGIC_NEW      "glibc-ld.so.cache1.1"
#define MAGIC_OLD      "ld.so-1.7.0"
#define HEADER_SIZE    48 /* magic, version, nlibs, len_strings, 20 bytes unused */
#define ENTRY_SIZE     24 /* flags, key, value, osversion, hwcap */
#define OLD_ENTRY_SIZE 12

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static unsigned char *read_file(const char *path, size_t *size)
{
	unsigned char *buf = NULL, *more;
	size_t cap = 0, n;
	FILE *f = fopen(path, "re");

	*size = 0;
	if (!f)
		return NULL;
	do {
		if (*size == cap) {
			cap = cap ? cap * 2 : 65536;
			more = realloc(buf, cap);
			if (!more) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = more;
		}
		n = fread(buf + *size, 1, cap - *size, f);
		*size += n;
	} while (n);
	fclose(f);
	return buf;
}

/* Where the new-format table starts in @buf, or -1 */
static long new_table(const unsigned char *buf, size_t size)
{
	size_t off;

	if (size >= HEADER_SIZE && !memcmp(buf, MAGIC_NEW, strlen(MAGIC_NEW)))
		return 0;
	if (size < strlen(MAGIC_OLD) + 4 || memcmp(buf, MAGIC_OLD, strlen(MAGIC_OLD)))
		return -1;
	/* old header (magic, nlibs), old entries, then the new table, 8-aligned */
	off = strlen(MAGIC_OLD) + 1 + 4 +
	      (size_t)get32(buf + strlen(MAGIC_OLD) + 1) * OLD_ENTRY_SIZE;
	off = (off + 7) & ~(size_t)7;
	if (off + HEADER_SIZE > size || memcmp(buf + off, MAGIC_NEW, strlen(MAGIC_NEW)))
		return -1;
	return (long)off;
}

/* The string at @off from @base, if it lies within the file */
static const char *string_at(const unsigned char *buf, size_t size, size_t base, uint32_t off)
{
	size_t at = base + off;

	if (at >= size || !memchr(buf + at, '\0', size - at))
		return NULL;
	return (const char *)buf + at;
}

static bool name_matches(const char *soname, const char *name)
{
	size_t len = strcspn(soname, ".");

	return !strcmp(soname, name) || (strlen(name) == len && !strncmp(soname, name, len));
}

int kp_ldcache_find(const char *cache, const char *name, char *out, size_t len)
{
	size_t size, nlibs, i;
	unsigned char *buf;
	int pass, found = 0;
	long base;

	buf = read_file(cache, &size);
	if (!buf)
		return -1;
	base = new_table(buf, size);
	if (base < 0) {
		free(buf);
		errno = EINVAL;
		return -1;
	}
	nlibs = get32(buf + base + 20);
	if (nlibs > (size - base - HEADER_SIZE) / ENTRY_SIZE)
		nlibs = (size - base - HEADER_SIZE) / ENTRY_SIZE;
	/* first pass: plain library directories; second: glibc-hwcaps subdirectories */
	for (pass = 0; pass < 2 && !found; pass++) {
		for (i = 0; i < nlibs && !found; i++) {
			const unsigned char *e = buf + base + HEADER_SIZE + i * ENTRY_SIZE;
			const char *key = string_at(buf, size, base, get32(e + 4));
			const char *value = string_at(buf, size, base, get32(e + 8));
			bool hwcap = get64(e + 16) != 0;

			if (!key || !value || hwcap != (pass == 1) || !name_matches(key, name))
				continue;
			if (kp_elf_native(value) != 1 || strlen(value) >= len)
				continue;
			memcpy(out, value, strlen(value) + 1);
			found = 1;
		}
	}
	free(buf);
	return found;
}
