// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of task names: names across pid reuse, tasks forgotten when
 * they exit, and a bound on its memory whatever pid_max is.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "comm.h"

static void test_reused_pid_named_by_its_new_task(void **state)
{
	struct kp_comm_table t = { 0 };

	(void)state;
	assert_int_equal(kp_comm_set(&t, 100, "make"), 0);
	assert_string_equal(kp_comm_get(&t, 100), "make");
	/* the task exits, the kernel reports it freed */
	kp_comm_forget(&t, 100, "make");
	assert_null(kp_comm_get(&t, 100));
	assert_int_equal(t.used, 0);
	/* pid 100 again, for a task whose creation was not seen: no stale name */
	assert_null(kp_comm_get(&t, 100));
	assert_int_equal(kp_comm_set(&t, 100, "cc1"), 0);
	assert_string_equal(kp_comm_get(&t, 100), "cc1");
	/* the old task's free reported after the pid was reused: the new name stays */
	kp_comm_forget(&t, 100, "make");
	assert_string_equal(kp_comm_get(&t, 100), "cc1");
	/* any name */
	kp_comm_forget(&t, 100, NULL);
	assert_null(kp_comm_get(&t, 100));
	/* names are cut at 15 bytes, and compared so */
	assert_int_equal(kp_comm_set(&t, 7, "a-very-long-task-name"), 0);
	assert_string_equal(kp_comm_get(&t, 7), "a-very-long-tas");
	kp_comm_forget(&t, 7, "a-very-long-task-name");
	assert_null(kp_comm_get(&t, 7));
	assert_int_equal(kp_comm_set(&t, 0, "x"), -1);
	assert_int_equal(errno, EINVAL);
	kp_comm_forget(&t, 12345, NULL);
	assert_int_equal(t.used, 0);
	kp_comm_destroy(&t);
}

/*
 * A pid reused by a task of the same name before the earlier task's free
 * came (the kernel frees the pid first): that free is the earlier task's,
 * and the new task keeps its name until its own free
 */
static void test_reused_pid_same_name(void **state)
{
	struct kp_comm_table t = { 0 };

	(void)state;
	assert_int_equal(kp_comm_new(&t, 4242, "workload"), 0);
	/* pid 4242 freed, then taken by a new task of the same name */
	assert_int_equal(kp_comm_new(&t, 4242, "workload"), 0);
	assert_int_equal(t.used, 1);
	/* the earlier task's free: the new one's name stays */
	kp_comm_forget(&t, 4242, "workload");
	assert_string_equal(kp_comm_get(&t, 4242), "workload");
	/* its own free: gone */
	kp_comm_forget(&t, 4242, "workload");
	assert_null(kp_comm_get(&t, 4242));
	assert_int_equal(t.used, 0);
	/* the same with another name: the earlier free does not take the new name */
	assert_int_equal(kp_comm_new(&t, 77, "make"), 0);
	assert_int_equal(kp_comm_new(&t, 77, "cc1"), 0);
	kp_comm_forget(&t, 77, "make");
	assert_string_equal(kp_comm_get(&t, 77), "cc1");
	kp_comm_forget(&t, 77, "cc1");
	assert_null(kp_comm_get(&t, 77));
	/* a rename (exec) is no new task: one free ends it */
	assert_int_equal(kp_comm_new(&t, 78, "sh"), 0);
	assert_int_equal(kp_comm_set(&t, 78, "cat"), 0);
	kp_comm_forget(&t, 78, "cat");
	assert_null(kp_comm_get(&t, 78));
	/* the mark moves with the slot when the table grows */
	assert_int_equal(kp_comm_new(&t, 5, "w"), 0);
	assert_int_equal(kp_comm_new(&t, 5, "w"), 0);
	for (int pid = 1000; pid < 1400; pid++)
		assert_int_equal(kp_comm_new(&t, pid, "x"), 0);
	assert_string_equal(kp_comm_get(&t, 5), "w");
	kp_comm_forget(&t, 5, "w");
	assert_string_equal(kp_comm_get(&t, 5), "w");
	kp_comm_forget(&t, 5, "w");
	assert_null(kp_comm_get(&t, 5));
	assert_int_equal(kp_comm_new(&t, 0x40000000, "x"), -1);
	kp_comm_destroy(&t);
}

/* Forgetting pids in a table of colliding runs keeps every other findable */
static void test_forget_keeps_the_others(void **state)
{
	struct kp_comm_table t = { 0 };
	char name[16];
	int pid;

	(void)state;
	for (pid = 1; pid <= 5000; pid++) {
		snprintf(name, sizeof(name), "t%d", pid);
		assert_int_equal(kp_comm_set(&t, pid * 8, name), 0);
	}
	assert_int_equal(t.used, 5000);
	for (pid = 1; pid <= 5000; pid += 2)
		kp_comm_forget(&t, pid * 8, NULL);
	assert_int_equal(t.used, 2500);
	for (pid = 1; pid <= 5000; pid++) {
		snprintf(name, sizeof(name), "t%d", pid);
		if (pid % 2)
			assert_null(kp_comm_get(&t, pid * 8));
		else
			assert_string_equal(kp_comm_get(&t, pid * 8), name);
	}
	kp_comm_destroy(&t);
}

/* A day of fork and exit with pid_max 4194304: the table stays small */
static void test_bounded_with_exits(void **state)
{
	struct kp_comm_table t = { 0 };
	int pid;

	(void)state;
	for (pid = 300; pid < 4194304; pid++) {
		assert_int_equal(kp_comm_set(&t, pid, "sh"), 0);
		/* ten tasks alive at a time */
		if (pid >= 310)
			kp_comm_forget(&t, pid - 10, "sh");
	}
	assert_int_equal(t.used, 10);
	assert_int_equal(t.dropped, 0);
	/* 256 slots of 20 bytes: it never grew */
	assert_int_equal(kp_comm_bytes(&t), 5120);
	kp_comm_destroy(&t);
}

/* Exits lost: at KP_COMM_MAX names it starts over, never past 2.5 MB */
static void test_bounded_without_exits(void **state)
{
	struct kp_comm_table t = { 0 };
	int pid;

	(void)state;
	for (pid = 1; pid <= KP_COMM_MAX; pid++)
		assert_int_equal(kp_comm_set(&t, pid, "w"), 0);
	assert_int_equal(t.used, 65536);
	assert_int_equal(kp_comm_bytes(&t), 131072 * 20);
	/* a name set again takes no room */
	assert_int_equal(kp_comm_set(&t, 1, "w2"), 0);
	assert_int_equal(t.used, 65536);
	assert_int_equal(t.dropped, 0);
	/* a new one empties it */
	assert_int_equal(kp_comm_set(&t, KP_COMM_MAX + 1, "new"), 0);
	assert_int_equal(t.used, 1);
	assert_int_equal(t.dropped, 1);
	assert_null(kp_comm_get(&t, 1));
	assert_string_equal(kp_comm_get(&t, KP_COMM_MAX + 1), "new");
	for (pid = KP_COMM_MAX + 2; pid < 4194304; pid++)
		assert_int_equal(kp_comm_set(&t, pid, "w"), 0);
	/*
	 * 4128766 more names after the new one: each 65536th of them finds
	 * the table full and empties it (62 more times), 65535 are left in it
	 */
	assert_int_equal(t.dropped, 63);
	assert_int_equal(t.used, 65535);
	assert_int_equal(kp_comm_bytes(&t), 131072 * 20);
	assert_string_equal(kp_comm_get(&t, 4194303), "w");
	kp_comm_destroy(&t);
	assert_int_equal(kp_comm_bytes(&t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reused_pid_named_by_its_new_task),
		cmocka_unit_test(test_reused_pid_same_name),
		cmocka_unit_test(test_forget_keeps_the_others),
		cmocka_unit_test(test_bounded_with_exits),
		cmocka_unit_test(test_bounded_without_exits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
