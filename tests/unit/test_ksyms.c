// SPDX-License-Identifier: GPL-2.0-only
/* Function checks: traceable, blacklisted, and what the user meant */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ksyms.h"

/* a slice of available_filter_functions on 6.12 */
static const char funcs[] = "do_sys_openat2\n"
			    "do_sys_ftruncate\n"
			    "__x64_sys_open\n"
			    "__x64_sys_openat\n"
			    "do_filp_open\n"
			    "vfs_read\n"
			    "vfs_readv\n"
			    "vfs_write\n"
			    "ext4_sync_file [ext4]\n"
			    "tcp_retransmit_skb\n";

static void test_find(void **state)
{
	(void)state;
	assert_true(kp_func_find(funcs, "vfs_read"));
	assert_true(kp_func_find(funcs, "ext4_sync_file"));
	assert_false(kp_func_find(funcs, "vfs_rea"));
	assert_false(kp_func_find(funcs, "do_sys_open"));
	assert_false(kp_func_find(funcs, ""));
	assert_false(kp_func_find("", "vfs_read"));
}

static void test_do_sys_open_suggests_openat2(void **state)
{
	char out[KP_SUGGEST_MAX][KP_SYM_MAX];
	int n;

	(void)state;
	n = kp_func_suggest(funcs, "do_sys_open", out);
	assert_true(n >= 1);
	assert_string_equal(out[0], "do_sys_openat2");
}

static void test_suggestions_are_ranked_and_capped(void **state)
{
	char out[KP_SUGGEST_MAX][KP_SYM_MAX];
	int n;

	(void)state;
	n = kp_func_suggest(funcs, "vfs_reed", out);
	assert_int_equal(n, 2);
	assert_string_equal(out[0], "vfs_read");  /* one edit */
	assert_string_equal(out[1], "vfs_readv"); /* two edits */
	/* never more than three; among equals the first listed wins */
	n = kp_func_suggest("sys_a1\nsys_a2\nsys_a\nsys_a3\nsys_a4\n", "sys_a5", out);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "sys_a1");
	assert_string_equal(out[1], "sys_a2");
	assert_string_equal(out[2], "sys_a");
	assert_int_equal(kp_func_suggest(funcs, "completely_unrelated_name", out), 0);
	assert_int_equal(kp_func_suggest(funcs, "", out), 0);
}

static void test_blacklist(void **state)
{
	const char bl[] = "0xffffffff81001000-0xffffffff81001040\tdo_int3\n"
			  "0x0000000000000000-0x0000000000000000\tnotify_die\n";

	(void)state;
	assert_true(kp_blacklist_find(bl, "do_int3"));
	assert_true(kp_blacklist_find(bl, "notify_die"));
	assert_false(kp_blacklist_find(bl, "do_int"));
	assert_false(kp_blacklist_find(bl, "vfs_read"));
	assert_false(kp_blacklist_find("", "vfs_read"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_do_sys_open_suggests_openat2),
		cmocka_unit_test(test_suggestions_are_ranked_and_capped),
		cmocka_unit_test(test_blacklist),
	};

	return cmocka_run_group_tests_name("ksyms", tests, NULL, NULL);
}
