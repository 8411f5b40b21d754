// SPDX-License-Identifier: GPL-2.0-only
/*
 * The private instance against a mocked libtracefs: each change is recorded
 * as it is made, and teardown undoes exactly those, in reverse.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <dirent.h>

#include "instance.h"
#include "mock_tracefs.h"
#include "target.h"

static char name[32];

static int setup(void **state)
{
	snprintf(name, sizeof(name), "kprobe_%d", (int)getpid());
	return mock_reset(state);
}

static void test_failed_filter_undoes_only_what_was_done(void **state)
{
	static const char *const want[] = {
		"instance_create %G",
		"option inst stacktrace 1",
		"write inst set_event_notrace_pid '%P'",
		"event inst grp/a/filter x > 1",
		"event inst grp/b/filter y > 1", /* fails */
		"event inst grp/a/filter 0",
		"write inst set_event_notrace_pid ''",
		"option inst stacktrace 0",
		"instance_destroy",
	};
	struct kp_instance in;

	(void)state;
	mock_fail_prefix = "event inst grp/b/filter";
	mock_fail_errno = EINVAL;
	assert_int_equal(kp_instance_init(&in, name, 3), 0);
	assert_int_equal(kp_instance_create(&in), 0);
	assert_int_equal(kp_instance_stacktrace(&in), 0);
	assert_int_equal(kp_follow_notrace_self(&in.follow), 0);
	assert_int_equal(kp_instance_filter(&in, 0, "grp", "a", "x > 1", "x > 1"), 0);
	/* an empty filter writes nothing, and nothing is undone for it */
	assert_int_equal(kp_instance_filter(&in, 2, "grp", "c", NULL, ""), 0);
	assert_int_equal(kp_instance_filter(&in, 1, "grp", "b", "y > 1", "y > 1"), -1);
	assert_int_equal(kp_instance_destroy(&in), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	/* a second teardown touches nothing */
	assert_int_equal(kp_instance_destroy(&in), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
}

static void test_stop_is_idempotent(void **state)
{
	static const char *const want[] = {
		"instance_create %G",
		"tracing_on inst 0",
		"instance_destroy",
	};
	struct kp_instance in;

	(void)state;
	assert_int_equal(kp_instance_init(&in, name, 0), 0);
	/* nothing to stop before the instance exists */
	kp_instance_stop(&in);
	assert_int_equal(kp_instance_create(&in), 0);
	kp_instance_stop(&in);
	kp_instance_stop(&in);
	assert_int_equal(kp_instance_destroy(&in), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
}

/* Threads of this process: one, or more under qemu-user, whose own show too */
static int own_threads(void)
{
	struct dirent *d;
	DIR *dir = opendir("/proc/self/task");
	int n = 0;

	assert_non_null(dir);
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n;
}

static void test_pid_follows_threads(void **state)
{
	char want_pid[64];
	struct kp_instance in;
	struct kp_target t;
	int n = own_threads(), i;

	(void)state;
	snprintf(want_pid, sizeof(want_pid), "append inst set_event_pid %d", (int)getpid());
	kp_target_init(&t, getpid(), -1, NULL);
	assert_int_equal(kp_instance_init(&in, name, 1), 0);
	assert_int_equal(kp_instance_create(&in), 0);
	assert_int_equal(kp_follow_target(&in.follow, &t), 0);
	assert_int_equal(kp_follow_notrace_self(&in.follow), 0);
	/* event-fork before the pids (each thread's), so no new thread slips through */
	assert_int_equal(mock_ncalls, 3 + n);
	assert_string_equal(mock_calls[1], "option inst event-fork 1");
	for (i = 0; i < n && strcmp(mock_calls[2 + i], want_pid); i++)
		assert_memory_equal(mock_calls[2 + i], want_pid,
				    strlen("append inst set_event_pid "));
	assert_true(i < n);
	assert_int_equal(kp_instance_destroy(&in), 0);
	assert_int_equal(mock_ncalls, 7 + n);
	assert_string_equal(mock_calls[3 + n], "write inst set_event_notrace_pid ''");
	assert_string_equal(mock_calls[4 + n], "write inst set_event_pid ''");
	assert_string_equal(mock_calls[5 + n], "option inst event-fork 0");
	assert_string_equal(mock_calls[6 + n], "instance_destroy");
	kp_target_destroy(&t);
}

static void test_no_pid_no_follow(void **state)
{
	struct kp_instance in;
	struct kp_target t;

	(void)state;
	kp_target_init(&t, -1, 42, NULL);
	assert_int_equal(kp_instance_init(&in, name, 0), 0);
	assert_int_equal(kp_instance_create(&in), 0);
	assert_int_equal(kp_follow_target(&in.follow, &t), 0);
	assert_int_equal(mock_ncalls, 1);
	assert_int_equal(kp_instance_destroy(&in), 0);
	kp_target_destroy(&t);
}

static void test_trigger_goes_first(void **state)
{
	static const char *const want[] = {
		"instance_create %G",
		"write inst trace_clock 'boot'",
		"event inst grp/a/filter x > 1",
		"event-append inst grp/a/trigger traceoff if (x > 1) && (y == 2)",
		"event inst grp/a/enable 1",
		/* the trigger holds the probe busy: it goes first */
		"event-append inst grp/a/trigger !traceoff if (x > 1) && (y == 2)",
		"event inst grp/a/enable 0",
		"event inst grp/a/filter 0",
		"instance_destroy",
	};
	struct kp_instance in;

	(void)state;
	assert_int_equal(kp_instance_init(&in, name, 1), 0);
	assert_int_equal(kp_instance_create(&in), 0);
	assert_int_equal(kp_instance_trace_clock(&in, "boot"), 0);
	assert_int_equal(kp_instance_filter(&in, 0, "grp", "a", "x > 1", "x > 1"), 0);
	assert_int_equal(kp_instance_trigger(&in, 0, "grp", "a", "traceoff if (x > 1) && (y == 2)"),
			 0);
	assert_int_equal(kp_instance_enable(&in, 0, "grp", "a"), 0);
	assert_int_equal(kp_instance_destroy(&in), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
}

static void test_refused_trigger_is_not_removed(void **state)
{
	static const char *const want[] = {
		"instance_create %G",
		"event-append inst grp/a/trigger traceoff if nosuch == 1", /* fails */
		"instance_destroy",
	};
	struct kp_instance in;

	(void)state;
	mock_fail_prefix = "event-append inst grp/a/trigger";
	mock_fail_errno = EINVAL;
	assert_int_equal(kp_instance_init(&in, name, 1), 0);
	assert_int_equal(kp_instance_create(&in), 0);
	assert_int_equal(kp_instance_trigger(&in, 0, "grp", "a", "traceoff if nosuch == 1"), -1);
	assert_int_equal(kp_instance_destroy(&in), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_failed_filter_undoes_only_what_was_done, setup,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_stop_is_idempotent, setup, mock_reset),
		cmocka_unit_test_setup_teardown(test_pid_follows_threads, setup, mock_reset),
		cmocka_unit_test_setup_teardown(test_no_pid_no_follow, setup, mock_reset),
		cmocka_unit_test_setup_teardown(test_trigger_goes_first, setup, mock_reset),
		cmocka_unit_test_setup_teardown(test_refused_trigger_is_not_removed, setup,
						mock_reset),
	};

	return cmocka_run_group_tests_name("instance", tests, NULL, NULL);
}
