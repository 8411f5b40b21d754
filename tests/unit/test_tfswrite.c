// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's writes to tracefs against a mocked libtracefs: each reaches
 * libtracefs, and with --debug or KPROBE_DEBUG=1 each is logged on stderr
 * with its file, its text and how it ended.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "errors.h"
#include "mock_tracefs.h"
#include "tfswrite.h"

/* One run's worth of writes; the definition's append fails with EINVAL */
static void writes(void *arg)
{
	struct tracefs_instance *inst = kp_tfs_instance_create("kprobe_42");
	int *err = arg;

	assert_non_null(inst);
	assert_int_equal(kp_tfs_append(NULL, "kprobe_events", "p:kprobe_42/vfs_read vfs_read"), -1);
	*err = errno;
	assert_int_equal(kp_tfs_write(inst, "buffer_size_kb", "4096"), 4);
	assert_int_equal(kp_tfs_event_write(inst, "task", "task_newtask", "enable", "1"), 1);
	assert_int_equal(kp_tfs_write(inst, "set_event_pid", ""), 0);
	assert_int_equal(kp_tfs_option(inst, TRACEFS_OPTION_STACKTRACE, true), 0);
	assert_int_equal(kp_tfs_option(inst, TRACEFS_OPTION_STACKTRACE, false), 0);
	assert_int_equal(kp_tfs_trace_off(inst), 0);
	assert_int_equal(kp_tfs_instance_destroy(inst), 0);
}

static const char *const calls[] = {
	"instance_create kprobe_42",
	"append top kprobe_events p:kprobe_42/vfs_read vfs_read",
	"write inst buffer_size_kb '4096'",
	"event inst task/task_newtask/enable 1",
	"write inst set_event_pid ''",
	"option inst stacktrace 1",
	"option inst stacktrace 0",
	"tracing_on inst 0",
	"instance_destroy",
};

/* KPROBE_DEBUG=0, and no --debug: every write is made, nothing is printed */
static void test_quiet_without_debug(void **state)
{
	char out[4096];
	int err = 0;

	(void)state;
	setenv("KPROBE_DEBUG", "0", 1);
	mock_fail_prefix = "append top kprobe_events";
	mock_fail_errno = EINVAL;
	assert_false(kp_debug_enabled());
	mock_capture_stderr(writes, &err, out, sizeof(out));
	assert_int_equal(err, EINVAL);
	assert_string_equal(out, "");
	mock_expect_calls(calls, sizeof(calls) / sizeof(calls[0]));
}

/* --debug: each write on a line of its own, path relative to tracefs */
static void test_debug_logs_every_write(void **state)
{
	char out[4096];
	int err = 0;

	(void)state;
	mock_fail_prefix = "append top kprobe_events";
	mock_fail_errno = EINVAL;
	kp_debug_enable();
	assert_true(kp_debug_enabled());
	mock_capture_stderr(writes, &err, out, sizeof(out));
	/* the caller's error message still sees the write's errno */
	assert_int_equal(err, EINVAL);
	assert_string_equal(
		out,
		"kprobe: debug: mkdir instances/kprobe_42: ok\n"
		"kprobe: debug: append kprobe_events 'p:kprobe_42/vfs_read vfs_read': EINVAL\n"
		"kprobe: debug: write instances/kprobe_42/buffer_size_kb '4096': ok\n"
		"kprobe: debug: write instances/kprobe_42/events/task/task_newtask/enable '1': ok\n"
		"kprobe: debug: write instances/kprobe_42/set_event_pid '': ok\n"
		"kprobe: debug: write instances/kprobe_42/options/stacktrace '1': ok\n"
		"kprobe: debug: write instances/kprobe_42/options/stacktrace '0': ok\n"
		"kprobe: debug: write instances/kprobe_42/tracing_on '0': ok\n"
		"kprobe: debug: rmdir instances/kprobe_42: ok\n");
	mock_expect_calls(calls, sizeof(calls) / sizeof(calls[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* in this order: the first looks KPROBE_DEBUG up, the second turns it on */
		cmocka_unit_test_setup_teardown(test_quiet_without_debug, mock_reset, mock_reset),
		cmocka_unit_test_setup_teardown(test_debug_logs_every_write, mock_reset,
						mock_reset),
	};

	return cmocka_run_group_tests_name("tfswrite", tests, NULL, NULL);
}
