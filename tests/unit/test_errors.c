// SPDX-License-Identifier: GPL-2.0-only
/* errno names: the same on every C library */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "errors.h"

static void test_names_of_probe_errors(void **state)
{
	(void)state;
	assert_string_equal(errno_name(ENOENT), "ENOENT");
	assert_string_equal(errno_name(EINVAL), "EINVAL");
	assert_string_equal(errno_name(EEXIST), "EEXIST");
	assert_string_equal(errno_name(EILSEQ), "EILSEQ");
	assert_string_equal(errno_name(E2BIG), "E2BIG");
	assert_string_equal(errno_name(EOPNOTSUPP), "EOPNOTSUPP");
}

static void test_no_name(void **state)
{
	(void)state;
	assert_string_equal(errno_name(0), "errno 0");
	assert_string_equal(errno_name(-5), "errno -5");
	assert_string_equal(errno_name(4095), "errno 4095");
}

/* Where the C library names errno values, the table agrees with it */
static void test_table_agrees_with_libc(void **state)
{
	(void)state;
#ifdef __GLIBC__
#if __GLIBC_PREREQ(2, 32)
	for (int e = 1; e < 134; e++)
		if (strncmp(errno_name(e), "errno ", 6))
			assert_string_equal(errno_name(e), strerrorname_np(e));
	return;
#endif
#endif
	skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_of_probe_errors),
		cmocka_unit_test(test_no_name),
		cmocka_unit_test(test_table_agrees_with_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
