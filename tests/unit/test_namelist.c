// SPDX-License-Identifier: GPL-2.0-only
/* Function checks: traceable, blacklisted, and what the user meant */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "namelist.h"

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

/* available_events lines as 6.12 lists them (excerpt) */
static const char avail_events[] = "syscalls:sys_exit_openat\n"
				   "syscalls:sys_enter_openat\n"
				   "sched:sched_switch\n"
				   "sched:sched_wakeup\n"
				   "sched:sched_wakeup_new\n"
				   "raw_syscalls:sys_exit\n"
				   "raw_syscalls:sys_enter\n"
				   "ftrace:function\n"
				   "ext4:ext4_sync_file_enter\n";

static void test_event_find(void **state)
{
	(void)state;
	assert_true(kp_event_find(avail_events, "syscalls", "sys_enter_openat"));
	assert_true(kp_event_find(avail_events, "sched", "sched_switch"));
	assert_false(kp_event_find(avail_events, "sched", "sched_swit"));
	assert_false(kp_event_find(avail_events, "syscall", "sys_enter_openat"));
	assert_false(kp_event_find(avail_events, "sched", "sched_switch\nsched"));
	assert_false(kp_event_find("", "sched", "sched_switch"));
}

static void test_event_suggest(void **state)
{
	char out[KP_SUGGEST_MAX][KP_SYM_MAX];

	(void)state;
	assert_int_equal(kp_event_suggest(avail_events, "syscalls.sys_enter_opnat", out), 2);
	assert_string_equal(out[0], "syscalls.sys_enter_openat"); /* one edit */
	assert_string_equal(out[1], "syscalls.sys_exit_openat");  /* four */
	assert_int_equal(kp_event_suggest(avail_events, "sched.sched_wakup", out), 3);
	assert_string_equal(out[0], "sched.sched_wakeup");
	assert_string_equal(out[1], "sched.sched_switch");     /* four edits */
	assert_string_equal(out[2], "sched.sched_wakeup_new"); /* five */
	assert_int_equal(kp_event_suggest(avail_events, "nothing.like_this_at_all", out), 0);
}

static void test_tracepoint_find(void **state)
{
	(void)state;
	assert_true(kp_tracepoint_find(avail_events, "sched_switch"));
	assert_true(kp_tracepoint_find(avail_events, "sys_enter"));
	/* syscall and ftrace events have no tracepoint of their name */
	assert_false(kp_tracepoint_find(avail_events, "sys_enter_openat"));
	assert_false(kp_tracepoint_find(avail_events, "function"));
	assert_false(kp_tracepoint_find(avail_events, "no_such_tp_xyz"));
}

static void test_tracepoint_suggest(void **state)
{
	char out[KP_SUGGEST_MAX][KP_SYM_MAX];

	(void)state;
	assert_int_equal(kp_tracepoint_suggest(avail_events, "sched_swtch", out), 1);
	assert_string_equal(out[0], "sched_switch");
	/* never a syscalls event, which t: cannot attach to */
	assert_int_equal(kp_tracepoint_suggest(avail_events, "sys_enter_opena", out), 0);
}

static void test_kprobes_all_ftrace(void **state)
{
	/* debugfs kprobes/list on 6.1: entry and return probes, one enabled */
	const char list[] = "ffffffff8bd63fa0  k  do_sys_openat2+0x0    [DISABLED][FTRACE]\n"
			    "ffffffff8bd669e0  r  vfs_read+0x0    [DISABLED][FTRACE]\n"
			    "ffffffff8bd669e0  k  vfs_read+0x0    [FTRACE]\n";
	/* a probe inside a function is never on ftrace */
	const char offs[] = "ffffffff8bd669e0  k  vfs_read+0x0    [FTRACE]\n"
			    "ffffffff8bd669f0  k  vfs_read+0x10    [DISABLED]\n";

	(void)state;
	assert_true(kp_kprobes_all_ftrace(list));
	assert_false(kp_kprobes_all_ftrace(offs));
	assert_false(kp_kprobes_all_ftrace(""));
	assert_false(kp_kprobes_all_ftrace(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_do_sys_open_suggests_openat2),
		cmocka_unit_test(test_suggestions_are_ranked_and_capped),
		cmocka_unit_test(test_blacklist),
		cmocka_unit_test(test_event_find),
		cmocka_unit_test(test_event_suggest),
		cmocka_unit_test(test_tracepoint_find),
		cmocka_unit_test(test_tracepoint_suggest),
		cmocka_unit_test(test_kprobes_all_ftrace),
	};

	return cmocka_run_group_tests_name("namelist", tests, NULL, NULL);
}
