// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ld.so cache parser on caches cut short or pointing outside
 * themselves: each one ends at an unmapped page, so a byte read past its
 * end crashes the test.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "guard.h"
#include "ldcache.h"

/* Every path is of this machine's class: what is tested is the cache alone */
static int any_native(const char *path)
{
	(void)path;
	return 1;
}

static int lookup(const void *bytes, size_t len, const char *name, char *out, size_t outlen)
{
	struct guarded g = { 0 };
	int ret;

	assert_int_equal(guarded_copy(&g, bytes, len), 0);
	errno = 0;
	ret = kp_ldcache_lookup(g.data, len, name, any_native, out, outlen);
	guarded_free(&g);
	return ret;
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* A new-format cache of one entry: "libfoo.so.1" in /lib/libfoo.so.1 */
static size_t new_cache(unsigned char *buf)
{
	size_t str = 48 + 24;

	memset(buf, 0, 128);
	memcpy(buf, "glibc-ld.so.cache1.1", 20);
	put32(buf + 20, 1);
	memcpy(buf + str, "libfoo.so.1", 12);
	put32(buf + 48 + 4, (uint32_t)str);
	memcpy(buf + str + 12, "/lib/libfoo.so.1", 17);
	put32(buf + 48 + 8, (uint32_t)(str + 12));
	put32(buf + 24, 12 + 17);
	return str + 12 + 17;
}

static void test_old_header_cut(void **state)
{
	unsigned char buf[16] = "ld.so-1.7.0";
	char out[64];
	size_t len;

	(void)state;
	/* the magic, its '\0' and all but the last byte of the entry count */
	for (len = 0; len < sizeof(buf); len++) {
		assert_int_equal(lookup(buf, len, "libfoo", out, sizeof(out)), -1);
		assert_int_equal(errno, EINVAL);
	}
	/* the whole old header, no entries, no new table after it */
	assert_int_equal(lookup(buf, sizeof(buf), "libfoo", out, sizeof(out)), -1);
	/* an entry count past the end, and one whose size wraps on 32 bits */
	put32(buf + 12, 0x15555556);
	assert_int_equal(lookup(buf, sizeof(buf), "libfoo", out, sizeof(out)), -1);
	put32(buf + 12, 0xffffffff);
	assert_int_equal(lookup(buf, sizeof(buf), "libfoo", out, sizeof(out)), -1);
}

static void test_old_then_new(void **state)
{
	unsigned char buf[16 + 128] = "ld.so-1.7.0";
	char out[64];
	size_t len;

	(void)state;
	/* no old entries: the new table at 16 */
	len = 16 + new_cache(buf + 16);
	assert_int_equal(lookup(buf, len, "libfoo", out, sizeof(out)), 1);
	assert_string_equal(out, "/lib/libfoo.so.1");
	/* the new table's header cut short */
	assert_int_equal(lookup(buf, 16 + 47, "libfoo", out, sizeof(out)), -1);
}

static void test_new_cut(void **state)
{
	unsigned char buf[128];
	size_t len = new_cache(buf), cut;
	char out[64];

	(void)state;
	assert_int_equal(lookup(buf, len, "libfoo", out, sizeof(out)), 1);
	assert_string_equal(out, "/lib/libfoo.so.1");
	/* the path without its '\0', then the entry itself cut short */
	for (cut = len - 1; cut >= 48; cut--)
		assert_int_equal(lookup(buf, cut, "libfoo", out, sizeof(out)), 0);
	for (; cut < 48; cut--)
		assert_int_equal(lookup(buf, cut, "libfoo", out, sizeof(out)), -1);
}

static void test_new_out_of_bounds(void **state)
{
	unsigned char buf[128];
	size_t len = new_cache(buf);
	char out[64];

	(void)state;
	/* many more entries than there are bytes for: only the one read */
	put32(buf + 20, 0xffffffff);
	assert_int_equal(lookup(buf, len, "libfoo", out, sizeof(out)), 1);
	/* names and paths far past the end */
	put32(buf + 48 + 4, 0xfffffff0);
	assert_int_equal(lookup(buf, len, "libfoo", out, sizeof(out)), 0);
	new_cache(buf);
	put32(buf + 48 + 8, (uint32_t)len);
	assert_int_equal(lookup(buf, len, "libfoo", out, sizeof(out)), 0);
	/* a path longer than the caller's buffer is not cut */
	new_cache(buf);
	assert_int_equal(lookup(buf, len, "libfoo", out, 16), 0);
	assert_int_equal(lookup(buf, len, "libfoo", out, 17), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_header_cut),
		cmocka_unit_test(test_old_then_new),
		cmocka_unit_test(test_new_cut),
		cmocka_unit_test(test_new_out_of_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
