// SPDX-License-Identifier: GPL-2.0-only
/* --until's condition: its parts, its event among the run's, the trigger's text, its lines */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "probe.h"
#include "until.h"

/* stderr of @spec's parse, and its result */
static int parse_err(const char *spec, struct kp_until *u, char *got, size_t size)
{
	FILE *err = tmpfile();
	int saved = dup(STDERR_FILENO), ret;
	size_t n;

	assert_non_null(err);
	fflush(stderr);
	assert_true(dup2(fileno(err), STDERR_FILENO) >= 0);
	ret = kp_until_parse(spec, u);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(err);
	n = fread(got, 1, size - 1, err);
	got[n] = '\0';
	fclose(err);
	return ret;
}

static void test_parse(void **state)
{
	struct kp_until u;
	char err[512];

	(void)state;
	assert_int_equal(kp_until_parse("do_sys_openat2 if ret < 0", &u), 0);
	assert_string_equal(u.event, "do_sys_openat2");
	assert_string_equal(u.filter, "ret < 0");
	kp_until_release(&u);
	assert_int_equal(kp_until_parse("  myopen  ", &u), 0);
	assert_string_equal(u.event, "myopen");
	assert_null(u.filter);
	kp_until_release(&u);
	assert_int_equal(kp_until_parse("grp/ev\tif\tfile ~ \"*passwd\" && ret == -13", &u), 0);
	assert_string_equal(u.event, "grp/ev");
	assert_string_equal(u.filter, "file ~ \"*passwd\" && ret == -13");
	kp_until_release(&u);
	kp_until_release(&u);

	assert_int_equal(parse_err("", &u, err, sizeof(err)), -1);
	assert_string_equal(err,
			    "kprobe: --until '': no event name (EVENT or 'EVENT if FILTER')\n");
	assert_int_equal(parse_err("ev when x > 1", &u, err, sizeof(err)), -1);
	assert_string_equal(err,
			    "kprobe: --until 'ev when x > 1': expected 'if FILTER' after 'ev'\n");
	assert_int_equal(parse_err("ev if", &u, err, sizeof(err)), -1);
	assert_string_equal(err, "kprobe: --until 'ev if': expected 'if FILTER' after 'ev'\n");
	assert_int_equal(parse_err("ev if (x > 1", &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "(x > 1"));
	assert_null(u.event);
}

/* kp_until_trigger(@u, @filter) is @want */
static void expect_trigger(const struct kp_until *u, const char *filter, const char *want)
{
	char *t = kp_until_trigger(u, filter);

	assert_string_equal(t, want);
	free(t);
}

static void test_trigger_text(void **state)
{
	struct kp_until u = { .event = "ev", .filter = "ret < 0" };
	struct kp_until plain = { .event = "ev" };

	(void)state;
	expect_trigger(&u, NULL, "traceoff if ret < 0");
	expect_trigger(&u, "", "traceoff if ret < 0");
	/* the event's own filter decides what is recorded: the stop needs it too */
	expect_trigger(&u, "common_pid == 42", "traceoff if (common_pid == 42) && (ret < 0)");
	expect_trigger(&plain, "x == 1 || y == 2", "traceoff if x == 1 || y == 2");
	expect_trigger(&plain, "", "traceoff");
}

static void test_find(void **state)
{
	struct kp_probe probes[3] = {
		{ .event = "do_sys_openat2__42", .shown = "do_sys_openat2" },
		{ .event = "myret", .group = "mine" },
		{ .event = "vfs_read__42", .shown = "vfs_read" },
	};
	struct kp_until u = { 0 };
	FILE *err = tmpfile();
	int saved = dup(STDERR_FILENO);
	char got[512];
	size_t n;

	(void)state;
	u.event = "vfs_read";
	assert_int_equal(kp_until_find(&u, probes, 3, "kprobe_42"), 2);
	u.event = "kprobe_42/do_sys_openat2";
	assert_int_equal(kp_until_find(&u, probes, 3, "kprobe_42"), 0);
	u.event = "mine/myret";
	assert_int_equal(kp_until_find(&u, probes, 3, "kprobe_42"), 1);
	u.event = "myret";
	assert_int_equal(kp_until_find(&u, probes, 3, "kprobe_42"), 1);

	/* the kernel's name of an event is not the one the lines show */
	fflush(stderr);
	assert_true(dup2(fileno(err), STDERR_FILENO) >= 0);
	u.event = "vfs_read__42";
	n = (size_t)kp_until_find(&u, probes, 3, "kprobe_42");
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	assert_int_equal((int)n, -1);
	rewind(err);
	n = fread(got, 1, sizeof(got) - 1, err);
	got[n] = '\0';
	fclose(err);
	assert_string_equal(got,
			    "kprobe: --until: no event 'vfs_read__42' in this run (its events: "
			    "do_sys_openat2, myret, vfs_read)\n");
}

static void test_line_is(void **state)
{
	static const char line[] =
		"        workload-1234    [001] d..1.   123.456789: do_sys_openat2: "
		"(do_sys_openat2+0x0/0x100) file=\"x\"\n";
	static const char wall[] =
		"             cat-77      [000] ..... 2026-12-02T15:04:05.123456: "
		"ev: (0x1000) a=1\n";
	static const char json[] =
		"{\"type\":\"event\",\"time\":1.000001,\"ts\":1000001000,\"cpu\":0,"
		"\"comm\":\"x: ev: \",\"pid\":1,\"flags\":\".....\",\"group\":"
		"\"g\",\"event\":\"ev\",\"probe\":\"0x1\",\"args\":{}}\n";

	(void)state;
	assert_true(kp_until_line_is(line, strlen(line), "do_sys_openat2", false));
	assert_false(kp_until_line_is(line, strlen(line), "do_sys_open", false));
	assert_false(kp_until_line_is(line, strlen(line), "file", false));
	assert_true(kp_until_line_is(wall, strlen(wall), "ev", false));
	assert_false(kp_until_line_is(wall, strlen(wall), "e", false));
	assert_true(kp_until_line_is(json, strlen(json), "ev", true));
	assert_false(kp_until_line_is(json, strlen(json), "e", true));
	/* a task named like an event is not the event */
	assert_false(kp_until_line_is(json, strlen(json), "x: ev: ", true));
	assert_false(kp_until_line_is("ev: x\n", 6, "ev", false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_trigger_text),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_line_is),
	};

	return cmocka_run_group_tests_name("until", tests, NULL, NULL);
}
