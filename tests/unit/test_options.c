// SPDX-License-Identifier: GPL-2.0-only
/* The command line: what is accepted, what is a usage error (exit 2) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "options.h"

#define ARGV(...)	((char *[]){ "kprobe", __VA_ARGS__, NULL })
#define ARGC(...)	((int)(sizeof((char *[]){ "kprobe", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(cfg, ...) kp_options_parse(cfg, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static int setup(void **state)
{
	struct kp_config *cfg = malloc(sizeof(*cfg));

	kp_config_init(cfg);
	*state = cfg;
	return 0;
}

static int teardown(void **state)
{
	kp_config_destroy(*state);
	free(*state);
	return 0;
}

static void test_defaults_are_sentinels(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "p:vfs_read"), KP_PARSE_RUN);
	assert_true(cfg->duration < 0);
	assert_int_equal(cfg->pid, -1);
	assert_int_equal(cfg->tid, -1);
	assert_false(cfg->stack || cfg->headers || cfg->view || cfg->force || cfg->cleanup);
	assert_null(cfg->command);
	assert_null(cfg->output);
	assert_int_equal(cfg->count, 0);
	assert_false(cfg->quiet);
	assert_int_equal(cfg->nr_probes, 1);
	assert_null(cfg->probes[0].filter);
}

static void test_perf_tools_options(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "-s", "-H", "-F", "-d", "2.5", "-p", "1234",
			       "p:do_sys_open file=+0(%si):string", "file ~ \"*stat\""),
			 KP_PARSE_RUN);
	assert_true(cfg->stack && cfg->headers && cfg->force);
	assert_true(cfg->duration > 2.49 && cfg->duration < 2.51);
	assert_int_equal(cfg->pid, 1234);
	assert_int_equal(cfg->nr_probes, 1);
	assert_string_equal(cfg->probes[0].filter, "file ~ \"*stat\"");
}

static void test_long_options(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "--stack", "--headers", "--force", "--duration=1", "--tid",
			       "77", "p:vfs_read"),
			 KP_PARSE_RUN);
	assert_true(cfg->stack && cfg->headers && cfg->force);
	assert_int_equal(cfg->tid, 77);
}

static void test_each_definition_gets_its_filter(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "p:vfs_read", "count > 100", "r:vfs_read $retval",
			       "p:vfs_write", "count == 1"),
			 KP_PARSE_RUN);
	assert_int_equal(cfg->nr_probes, 3);
	assert_string_equal(cfg->probes[0].filter, "count > 100");
	assert_null(cfg->probes[1].filter);
	assert_string_equal(cfg->probes[2].filter, "count == 1");
	assert_string_equal(cfg->probes[1].event, "vfs_read_ret");
}

static void test_view_and_cleanup(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "-v", "p:vfs_read"), KP_PARSE_RUN);
	assert_true(cfg->view);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	assert_int_equal(PARSE(cfg, "--cleanup"), KP_PARSE_RUN);
	assert_true(cfg->cleanup);
	assert_int_equal(cfg->nr_probes, 0);
}

static void test_list(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "-l"), KP_PARSE_RUN);
	assert_true(cfg->list);
	assert_null(cfg->list_arg);
	kp_config_init(cfg);
	assert_int_equal(PARSE(cfg, "--list", "vfs_*"), KP_PARSE_RUN);
	assert_string_equal(cfg->list_arg, "vfs_*");
	/* the pattern is never a definition, even when it looks like one */
	kp_config_init(cfg);
	assert_int_equal(PARSE(cfg, "-l", "p:x"), KP_PARSE_RUN);
	assert_string_equal(cfg->list_arg, "p:x");
	assert_int_equal(cfg->nr_probes, 0);
}

static void test_help_and_version_exit_zero(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "-h"), KP_PARSE_EXIT);
	assert_int_equal(PARSE(cfg, "--version"), KP_PARSE_EXIT);
}

static void expect_usage(char **argv, int argc)
{
	struct kp_config cfg;

	kp_config_init(&cfg);
	assert_int_equal(kp_options_parse(&cfg, argc, argv), KP_PARSE_USAGE);
	kp_config_destroy(&cfg);
}

#define EXPECT_USAGE(...) expect_usage(ARGV(__VA_ARGS__), ARGC(__VA_ARGS__))

static void test_usage_errors(void **state)
{
	(void)state;
	EXPECT_USAGE("-d");
	EXPECT_USAGE("-x", "p:vfs_read");
	EXPECT_USAGE("--bogus", "p:vfs_read");
	EXPECT_USAGE("-d", "1");			/* no definition */
	EXPECT_USAGE("vfs_read");			/* not p: or r: */
	EXPECT_USAGE("p:vfs_read", "a == 1", "b == 2"); /* two filters */
	EXPECT_USAGE("-p", "1", "-L", "2", "p:vfs_read");
	EXPECT_USAGE("-d", "1", "-v", "p:vfs_read");
	EXPECT_USAGE("--cleanup", "p:vfs_read");
	EXPECT_USAGE("p:a vfs_read", "p:a vfs_write"); /* same event twice */
	EXPECT_USAGE("-l", "vfs_*", "tcp_*");	       /* one pattern */
	EXPECT_USAGE("-l", "-d", "1");
	EXPECT_USAGE("-l", "-p", "1", "vfs_*");
	EXPECT_USAGE("-l", "-c", "true");
	EXPECT_USAGE("-l", "--cleanup");
}

static void test_bad_numbers(void **state)
{
	(void)state;
	EXPECT_USAGE("-d", "-1", "p:vfs_read");
	EXPECT_USAGE("-d", "abc", "p:vfs_read");
	EXPECT_USAGE("-d", "1e3", "p:vfs_read");
	EXPECT_USAGE("-d", "0x10", "p:vfs_read");
	EXPECT_USAGE("-d", "1.2.3", "p:vfs_read");
	EXPECT_USAGE("-d", "", "p:vfs_read");
	EXPECT_USAGE("-d", "99999999999", "p:vfs_read");
	EXPECT_USAGE("-d", "inf", "p:vfs_read");
	EXPECT_USAGE("-p", "0", "p:vfs_read");
	EXPECT_USAGE("-p", "-5", "p:vfs_read");
	EXPECT_USAGE("-p", "12abc", "p:vfs_read");
	EXPECT_USAGE("-p", "4194305", "p:vfs_read");
	EXPECT_USAGE("-p", "99999999999999999999", "p:vfs_read");
	EXPECT_USAGE("-L", "", "p:vfs_read");
	EXPECT_USAGE("-L", " 5", "p:vfs_read");
}

static void test_number_parsers(void **state)
{
	double d;
	pid_t pid;

	(void)state;
	assert_int_equal(kp_parse_duration("0", &d), 0);
	assert_true(d == 0);
	assert_int_equal(kp_parse_duration("0.5", &d), 0);
	assert_true(d == 0.5);
	assert_int_equal(kp_parse_duration(".25", &d), 0);
	assert_int_equal(kp_parse_duration("31536000", &d), 0);
	assert_int_equal(kp_parse_duration("31536001", &d), -1);
	assert_int_equal(kp_parse_pid("1", &pid), 0);
	assert_int_equal(pid, 1);
	assert_int_equal(kp_parse_pid("4194304", &pid), 0);
}

static void test_hostile_filter(void **state)
{
	char *big = malloc(1 << 20);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	EXPECT_USAGE("p:vfs_read", big);
	EXPECT_USAGE("p:vfs_read", "a == 1\nb == 2");
	free(big);
}

static void test_script_options(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "-c", "make -j4 && ./t", "-n", "100", "-o", "ev.txt", "-q",
			       "p:do_sys_openat2", "common_pid > 1"),
			 KP_PARSE_RUN);
	assert_string_equal(cfg->command, "make -j4 && ./t");
	assert_int_equal(cfg->count, 100);
	assert_string_equal(cfg->output, "ev.txt");
	assert_true(cfg->quiet);
	assert_string_equal(cfg->probes[0].filter, "common_pid > 1");
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	assert_int_equal(PARSE(cfg, "--command=ls -l", "--count", "1", "--output=-x", "--quiet",
			       "-d", "2", "p:vfs_read"),
			 KP_PARSE_RUN);
	assert_string_equal(cfg->command, "ls -l");
	assert_int_equal(cfg->count, 1);
	assert_string_equal(cfg->output, "-x");
	assert_true(cfg->quiet);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	/* -c's value is one word, whatever it looks like */
	assert_int_equal(PARSE(cfg, "-c", "-p 1", "-o", "p:vfs_read", "p:vfs_write"), KP_PARSE_RUN);
	assert_string_equal(cfg->command, "-p 1");
	assert_string_equal(cfg->output, "p:vfs_read");
	assert_int_equal(cfg->pid, -1);
	assert_int_equal(cfg->nr_probes, 1);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	/* bundled short options */
	assert_int_equal(PARSE(cfg, "-qsn5", "p:vfs_read"), KP_PARSE_RUN);
	assert_true(cfg->quiet && cfg->stack);
	assert_int_equal(cfg->count, 5);
}

static void test_reader_options(void **state)
{
	struct kp_config *cfg = *state;
	unsigned long kb = 7;

	/* the raw reader and a 4 MB buffer per CPU unless asked otherwise */
	assert_int_equal(PARSE(cfg, "p:vfs_read"), KP_PARSE_RUN);
	assert_int_equal(cfg->reader, KP_READER_RAW);
	assert_int_equal(cfg->buffer_kb, 4096);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	assert_int_equal(PARSE(cfg, "--reader", "text", "-b", "16384", "p:vfs_read"), KP_PARSE_RUN);
	assert_int_equal(cfg->reader, KP_READER_TEXT);
	assert_int_equal(cfg->buffer_kb, 16384);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	assert_int_equal(PARSE(cfg, "--reader=raw", "--buffer-size=4", "p:vfs_read"), KP_PARSE_RUN);
	assert_int_equal(cfg->reader, KP_READER_RAW);
	assert_int_equal(cfg->buffer_kb, 4);
	EXPECT_USAGE("--reader", "cooked", "p:vfs_read");
	EXPECT_USAGE("--reader", "", "p:vfs_read");
	EXPECT_USAGE("-b", "3", "p:vfs_read");
	EXPECT_USAGE("-b", "1048577", "p:vfs_read");
	EXPECT_USAGE("-b", "4k", "p:vfs_read");
	EXPECT_USAGE("-b", "-4", "p:vfs_read");
	assert_int_equal(kp_parse_buffer_kb("1048576", &kb), 0);
	assert_int_equal(kb, 1048576);
	kb = 7;
	assert_int_equal(kp_parse_buffer_kb("0", &kb), -1);
	assert_int_equal(kp_parse_buffer_kb("", &kb), -1);
	assert_int_equal(kb, 7);
}

static void test_conflicts(void **state)
{
	(void)state;
	EXPECT_USAGE("-c", "true", "-p", "1", "p:vfs_read");
	EXPECT_USAGE("-p", "1", "-c", "true", "p:vfs_read");
	EXPECT_USAGE("-c", "true", "-L", "1", "p:vfs_read");
	EXPECT_USAGE("-c", "true", "-v", "p:vfs_read");
	EXPECT_USAGE("-n", "1", "-v", "p:vfs_read");
	EXPECT_USAGE("--cleanup", "-c", "true");
	EXPECT_USAGE("--cleanup", "-n", "1");
	EXPECT_USAGE("--cleanup", "-o", "f");
	EXPECT_USAGE("-c", "", "p:vfs_read");
	EXPECT_USAGE("-o", "", "p:vfs_read");
	EXPECT_USAGE("-c");
	EXPECT_USAGE("p:vfs_read", "-o");
}

static void test_json(void **state)
{
	struct kp_config *cfg = *state;

	assert_false(cfg->json);
	assert_int_equal(PARSE(cfg, "--json", "-s", "p:vfs_read"), KP_PARSE_RUN);
	assert_true(cfg->json && cfg->stack);
	EXPECT_USAGE("--json", "-H", "p:vfs_read");
	EXPECT_USAGE("-v", "--json", "p:vfs_read");
	EXPECT_USAGE("--json", "--reader", "text", "p:vfs_read");
	assert_int_equal(PARSE(cfg, "--json", "--reader", "raw", "p:vfs_read"), KP_PARSE_RUN);
}

static void test_count_parser(void **state)
{
	unsigned long long n = 7;

	(void)state;
	assert_int_equal(kp_parse_count("1", &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(kp_parse_count("18446744073709551615", &n), 0);
	assert_true(n == 18446744073709551615ULL);
	n = 7;
	assert_int_equal(kp_parse_count("0", &n), -1);
	assert_int_equal(kp_parse_count("000", &n), -1);
	assert_int_equal(kp_parse_count("", &n), -1);
	assert_int_equal(kp_parse_count("-1", &n), -1);
	assert_int_equal(kp_parse_count("+1", &n), -1);
	assert_int_equal(kp_parse_count(" 1", &n), -1);
	assert_int_equal(kp_parse_count("1 ", &n), -1);
	assert_int_equal(kp_parse_count("1k", &n), -1);
	assert_int_equal(kp_parse_count("0x10", &n), -1);
	assert_int_equal(kp_parse_count("1.5", &n), -1);
	assert_int_equal(kp_parse_count("18446744073709551616", &n), -1);
	assert_int_equal(n, 7);
	EXPECT_USAGE("-n", "0", "p:vfs_read");
	EXPECT_USAGE("-n", "ten", "p:vfs_read");
	EXPECT_USAGE("--count=", "p:vfs_read");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_are_sentinels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_tools_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_definition_gets_its_filter, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_view_and_cleanup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_and_version_exit_zero, setup, teardown),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_number_parsers),
		cmocka_unit_test(test_hostile_filter),
		cmocka_unit_test_setup_teardown(test_reader_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_script_options, setup, teardown),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test(test_count_parser),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
