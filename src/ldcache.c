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

#define MAGIC_NEW	"glibc-ld.so.cache1.1"
#define MAGIC_OLD	"ld.so-1.7.0"
#define HEADER_SIZE	48 /* magic, version, nlibs, len_strings, 20 bytes unused */
#define ENTRY_SIZE	24 /* flags, key, value, osversion, hwcap */
#define OLD_HEADER_SIZE 16 /* magic, '\0', nlibs */
#define OLD_ENTRY_SIZE	12

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
	/* old header: the magic, its '\0', nlibs */
	if (size < OLD_HEADER_SIZE || memcmp(buf, MAGIC_OLD, strlen(MAGIC_OLD)))
		return -1;
	/* then the old entries, then the new table, 8-aligned */
	off = get32(buf + strlen(MAGIC_OLD) + 1);
	if (off > (size - OLD_HEADER_SIZE) / OLD_ENTRY_SIZE)
		return -1;
	off = OLD_HEADER_SIZE + off * OLD_ENTRY_SIZE;
	off = (off + 7) & ~(size_t)7;
	if (off > size || size - off < HEADER_SIZE ||
	    memcmp(buf + off, MAGIC_NEW, strlen(MAGIC_NEW)))
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

int kp_ldcache_lookup(const unsigned char *buf, size_t size, const char *name,
		      int (*native)(const char *path), char *out, size_t len)
{
	size_t nlibs, i, base;
	int pass, found = 0;
	long table;

	table = new_table(buf, size);
	if (table < 0) {
		errno = EINVAL;
		return -1;
	}
	base = (size_t)table;
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
			if (strlen(value) >= len || native(value) != 1)
				continue;
			memcpy(out, value, strlen(value) + 1);
			found = 1;
		}
	}
	return found;
}

int kp_ldcache_find(const char *cache, const char *name, char *out, size_t len)
{
	unsigned char *buf;
	size_t size;
	int ret, err;

	buf = read_file(cache, &size);
	if (!buf)
		return -1;
	ret = kp_ldcache_lookup(buf, size, name, kp_elf_native, out, len);
	err = errno;
	free(buf);
	errno = err;
	return ret;
}
