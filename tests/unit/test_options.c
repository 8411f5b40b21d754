// SPDX-License-Identifier: GPL-2.0-only
/* The command line: what is accepted, what is a usage error (exit 2, and its message) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "errors.h"
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

/* --help's text, which has each of the @n @want; the caller frees it */
static char *help_with(const char *const *want, size_t n)
{
	char *text = NULL;
	size_t size = 0, i;
	FILE *f = open_memstream(&text, &size);

	assert_non_null(f);
	kp_usage(f);
	fclose(f);
	for (i = 0; i < n; i++)
		if (!strstr(text, want[i]))
			fail_msg("--help lacks \"%s\"", want[i]);
	return text;
}

/* --help names every kind of definition, and every option with its value */
static void test_help_lists_every_kind(void **state)
{
	static const char *const want[] = {
		"  DEFINITION  the kernel's dynamic event syntax, the event name optional:\n",
		"                p[:[GROUP/]EVENT] [MOD:]SYMBOL[+OFFS]|ADDR [ARGS]\n",
		"                r[MAXACTIVE][:[GROUP/]EVENT] SYMBOL [ARGS]\n",
		"                SYMBOL%return [ARGS]\n",
		"                p[:[GROUP/]EVENT] PATH:SYMBOL[+OFFS]|PATH:0xOFFS [ARGS]\n",
		"                r[:[GROUP/]EVENT] PATH:SYMBOL [ARGS]\n",
		"                f[:[GROUP/]EVENT] SYMBOL[%return] [ARGS]\n",
		"                fMAXACTIVE[:[GROUP/]EVENT] SYMBOL%return [ARGS]\n",
		"                t[:[GROUP/]EVENT] TRACEPOINT [ARGS]\n",
		"                e[:[GROUP/]EVENT] SYSTEM.EVENT [ARGS]\n",
		"\n  -d, --duration SECS  trace for SECS seconds (fractions allowed), buffered,\n"
		"                       and print the events at the end\n",
		"\n  -b, --buffer-size KB ring buffer per CPU, in KB (default 4096)\n",
		"\n      --reader KIND    raw (default): format the binary records here;\n",
		"\n  -l, --list [PATTERN] list the kernel functions that can be probed (with\n",
		"\n      --cleanup        remove probes and instances left by killed runs, and exit\n",
		"\n  -h, --help           this help\n      --version        print the version\n",
	};
	char *text = help_with(want, sizeof(want) / sizeof(want[0])), *line;

	(void)state;
	/* 80 columns */
	for (line = text; *line; line = strchrnul(line, '\n') + (strchr(line, '\n') != NULL))
		assert_true(strchrnul(line, '\n') - line <= 80);
	free(text);
}

/* --help's examples use the registers of the architecture it was built for */
static void test_help_examples_use_build_registers(void **state)
{
#if defined(__aarch64__)
	static const char *const want[] = {
		"\nExamples (arm64: the first arguments are %x0, %x1, %x2, ...):\n",
		"  kprobe 'p:do_sys_openat2 file=+0(%x1):string' 'file ~ \"*stat\"'\n",
		"  kprobe --hist count 'p:ksys_read count=%x2:u64' read sizes, log2 buckets\n",
	};
#elif defined(__arm__)
	static const char *const want[] = {
		"\nExamples (arm: the first arguments are %r0, %r1, %r2, ...):\n",
		"  kprobe 'p:do_sys_openat2 file=+0(%r1):string' 'file ~ \"*stat\"'\n",
		"  kprobe --hist count 'p:ksys_read count=%r2:u64' read sizes, log2 buckets\n",
	};
#else
	static const char *const want[] = {
		"\nExamples (x86_64: the first arguments are %di, %si, %dx, ...):\n",
		"  kprobe 'p:do_sys_openat2 file=+0(%si):string' 'file ~ \"*stat\"'\n",
		"  kprobe --hist count 'p:ksys_read count=%dx:u64' read sizes, log2 buckets\n",
	};
#endif
	(void)state;
	free(help_with(want, sizeof(want) / sizeof(want[0])));
}

static void test_help_and_version_exit_zero(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(PARSE(cfg, "-h"), KP_PARSE_EXIT);
	assert_int_equal(PARSE(cfg, "--version"), KP_PARSE_EXIT);
}

/*
 * A usage error: exit status 2 (KP_PARSE_USAGE), and on stderr exactly
 * "kprobe: @want" and the hint to --help
 */
static void expect_usage(const char *want, char **argv, int argc)
{
	static const char hint[] = "Try 'kprobe --help' for more information.\n";
	char got[4096], *expected;
	struct kp_config cfg;
	enum kp_parse_result r;
	FILE *err = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;

	assert_non_null(err);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_true(dup2(fileno(err), STDERR_FILENO) >= 0);
	kp_config_init(&cfg);
	r = kp_options_parse(&cfg, argc, argv);
	kp_config_destroy(&cfg);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(err);
	n = fread(got, 1, sizeof(got) - 1, err);
	got[n] = '\0';
	fclose(err);
	assert_int_equal(r, KP_PARSE_USAGE);
	assert_true(asprintf(&expected, "kprobe: %s\n%s", want, hint) > 0);
	assert_string_equal(got, expected);
	free(expected);
}

#define EXPECT_USAGE(want, ...) expect_usage(want, ARGV(__VA_ARGS__), ARGC(__VA_ARGS__))

static void test_usage_errors(void **state)
{
	(void)state;
	EXPECT_USAGE("option '-d' needs a value", "-d");
	EXPECT_USAGE("unknown option '-x'", "-x", "p:vfs_read");
	EXPECT_USAGE("unknown option '--bogus'", "--bogus", "p:vfs_read");
	EXPECT_USAGE("no probe definition given", "-d", "1"); /* no definition */
	EXPECT_USAGE(
		"invalid definition 'vfs_read' (should start with p: or r:, or be SYMBOL%return)",
		"vfs_read"); /* not p: or r: */
	EXPECT_USAGE("unexpected 'b == 2': a definition takes one filter", "p:vfs_read", "a == 1",
		     "b == 2"); /* two filters */
	EXPECT_USAGE("use either -p or -L, not both", "-p", "1", "-L", "2", "p:vfs_read");
	EXPECT_USAGE("use either -d or -v, not both", "-d", "1", "-v", "p:vfs_read");
	EXPECT_USAGE("--cleanup takes no definitions", "--cleanup", "p:vfs_read");
	EXPECT_USAGE("event 'a' is defined twice", "p:a vfs_read",
		     "p:a vfs_write"); /* same event twice */
	EXPECT_USAGE("unexpected 'tcp_*': -l takes one pattern", "-l", "vfs_*",
		     "tcp_*"); /* one pattern */
	EXPECT_USAGE("use either -l or -d, not both", "-l", "-d", "1");
	EXPECT_USAGE("use either -l or -p, not both", "-l", "-p", "1", "vfs_*");
	EXPECT_USAGE("use either -l or -c, not both", "-l", "-c", "true");
	EXPECT_USAGE("use either -l or --cleanup, not both", "-l", "--cleanup");
}

static void test_bad_numbers(void **state)
{
	(void)state;
	EXPECT_USAGE("invalid duration '-1' (seconds, 0 to 31536000)", "-d", "-1", "p:vfs_read");
	EXPECT_USAGE("invalid duration 'abc' (seconds, 0 to 31536000)", "-d", "abc", "p:vfs_read");
	EXPECT_USAGE("invalid duration '1e3' (seconds, 0 to 31536000)", "-d", "1e3", "p:vfs_read");
	EXPECT_USAGE("invalid duration '0x10' (seconds, 0 to 31536000)", "-d", "0x10",
		     "p:vfs_read");
	EXPECT_USAGE("invalid duration '1.2.3' (seconds, 0 to 31536000)", "-d", "1.2.3",
		     "p:vfs_read");
	EXPECT_USAGE("invalid duration '' (seconds, 0 to 31536000)", "-d", "", "p:vfs_read");
	EXPECT_USAGE("invalid duration '99999999999' (seconds, 0 to 31536000)", "-d", "99999999999",
		     "p:vfs_read");
	EXPECT_USAGE("invalid duration 'inf' (seconds, 0 to 31536000)", "-d", "inf", "p:vfs_read");
	EXPECT_USAGE("invalid PID '0'", "-p", "0", "p:vfs_read");
	EXPECT_USAGE("invalid PID '-5'", "-p", "-5", "p:vfs_read");
	EXPECT_USAGE("invalid PID '12abc'", "-p", "12abc", "p:vfs_read");
	EXPECT_USAGE("invalid PID '4194305'", "-p", "4194305", "p:vfs_read");
	EXPECT_USAGE("invalid PID '99999999999999999999'", "-p", "99999999999999999999",
		     "p:vfs_read");
	EXPECT_USAGE("invalid TID ''", "-L", "", "p:vfs_read");
	EXPECT_USAGE("invalid TID ' 5'", "-L", " 5", "p:vfs_read");
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
	EXPECT_USAGE("filter too long (1048575 bytes, at most 4095)", "p:vfs_read", big);
	EXPECT_USAGE("filter 'a == 1...' contains control character 0x0a", "p:vfs_read",
		     "a == 1\nb == 2");
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
	EXPECT_USAGE("invalid reader 'cooked' (raw or text)", "--reader", "cooked", "p:vfs_read");
	EXPECT_USAGE("invalid reader '' (raw or text)", "--reader", "", "p:vfs_read");
	EXPECT_USAGE("invalid buffer size '3' (KB per CPU, 4 to 1048576)", "-b", "3", "p:vfs_read");
	EXPECT_USAGE("invalid buffer size '1048577' (KB per CPU, 4 to 1048576)", "-b", "1048577",
		     "p:vfs_read");
	EXPECT_USAGE("invalid buffer size '4k' (KB per CPU, 4 to 1048576)", "-b", "4k",
		     "p:vfs_read");
	EXPECT_USAGE("invalid buffer size '-4' (KB per CPU, 4 to 1048576)", "-b", "-4",
		     "p:vfs_read");
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
	EXPECT_USAGE("use either -c or -p, not both", "-c", "true", "-p", "1", "p:vfs_read");
	EXPECT_USAGE("use either -c or -p, not both", "-p", "1", "-c", "true", "p:vfs_read");
	EXPECT_USAGE("use either -c or -L, not both", "-c", "true", "-L", "1", "p:vfs_read");
	EXPECT_USAGE("use either -c or -v, not both", "-c", "true", "-v", "p:vfs_read");
	EXPECT_USAGE("use either -n or -v, not both", "-n", "1", "-v", "p:vfs_read");
	EXPECT_USAGE("use either -c or --cleanup, not both", "--cleanup", "-c", "true");
	EXPECT_USAGE("use either -n or --cleanup, not both", "--cleanup", "-n", "1");
	EXPECT_USAGE("use either -o or --cleanup, not both", "--cleanup", "-o", "f");
	EXPECT_USAGE("empty command for -c", "-c", "", "p:vfs_read");
	EXPECT_USAGE("empty file name for -o", "-o", "", "p:vfs_read");
	EXPECT_USAGE("option '-c' needs a value", "-c");
	EXPECT_USAGE("option '-o' needs a value", "p:vfs_read", "-o");
	EXPECT_USAGE("use either -l or --ustack, not both", "-l", "--ustack");
	EXPECT_USAGE("use either --by or --ustack, not both", "--by", "comm", "--ustack",
		     "p:vfs_read");
	EXPECT_USAGE("use either --hist or --ustack, not both", "--ustack", "--hist", "x",
		     "p:vfs_read");
	EXPECT_USAGE("use either --latency or --ustack, not both", "--latency", "--ustack",
		     "p:vfs_read");
	EXPECT_USAGE("use either --trigger or --ustack, not both", "--trigger", "traceoff",
		     "--ustack", "p:vfs_read");
}

static void test_cgroup(void **state)
{
	struct kp_config *cfg = *state;

	assert_null(cfg->cgroup);
	assert_int_equal(PARSE(cfg, "--cgroup", "system.slice/a.service", "p:vfs_read"),
			 KP_PARSE_RUN);
	assert_string_equal(cfg->cgroup, "system.slice/a.service");
	EXPECT_USAGE("use either -c or --cgroup, not both", "--cgroup", "x", "-c", "true",
		     "p:vfs_read");
	EXPECT_USAGE("use either -p or --cgroup, not both", "-p", "1", "--cgroup", "x",
		     "p:vfs_read");
	EXPECT_USAGE("use either -L or --cgroup, not both", "--cgroup", "x", "-L", "1",
		     "p:vfs_read");
	EXPECT_USAGE("use either --cgroup or -v, not both", "--cgroup", "x", "-v", "p:vfs_read");
	EXPECT_USAGE("use either -l or --cgroup, not both", "-l", "--cgroup", "x");
	EXPECT_USAGE("use either --cleanup or --cgroup, not both", "--cleanup", "--cgroup", "x");
	EXPECT_USAGE("empty cgroup path for --cgroup", "--cgroup", "", "p:vfs_read");
	EXPECT_USAGE("option '--cgroup' needs a value", "p:vfs_read", "--cgroup");
}

static void test_ustack(void **state)
{
	struct kp_config *cfg = *state;

	assert_false(cfg->ustack);
	assert_int_equal(PARSE(cfg, "--ustack", "-s", "p:vfs_read"), KP_PARSE_RUN);
	assert_true(cfg->ustack && cfg->stack);
}

static void test_json(void **state)
{
	struct kp_config *cfg = *state;

	assert_false(cfg->json);
	assert_int_equal(PARSE(cfg, "--json", "-s", "p:vfs_read"), KP_PARSE_RUN);
	assert_true(cfg->json && cfg->stack);
	EXPECT_USAGE("use either --json or -H, not both", "--json", "-H", "p:vfs_read");
	EXPECT_USAGE("use either --json or -v, not both", "-v", "--json", "p:vfs_read");
	EXPECT_USAGE("--json needs the raw reader: not with --reader text", "--json", "--reader",
		     "text", "p:vfs_read");
	assert_int_equal(PARSE(cfg, "--json", "--reader", "raw", "p:vfs_read"), KP_PARSE_RUN);
}

static void test_until(void **state)
{
	struct kp_config *cfg = *state;

	assert_null(cfg->until.event);
	assert_int_equal(PARSE(cfg, "--until", "vfs_read if ret < 0", "--last", "20", "--dump",
			       "-d", "60", "-c", "true", "p:vfs_read"),
			 KP_PARSE_RUN);
	assert_string_equal(cfg->until.event, "vfs_read");
	assert_string_equal(cfg->until.filter, "ret < 0");
	assert_int_equal(cfg->last, 20);
	assert_true(cfg->dump);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	/* given twice: the last one */
	assert_int_equal(PARSE(cfg, "--until", "a", "--until=b", "-s", "-H", "p:vfs_read"),
			 KP_PARSE_RUN);
	assert_string_equal(cfg->until.event, "b");
	assert_null(cfg->until.filter);
	EXPECT_USAGE("--last needs --until", "--last", "5", "p:vfs_read");
	EXPECT_USAGE("--dump needs --until", "--dump", "p:vfs_read");
	EXPECT_USAGE("invalid count '0' for --last (a number of events, 1 or more)", "--until", "a",
		     "--last", "0", "p:vfs_read");
	EXPECT_USAGE("--until 'a iff x': expected 'if FILTER' after 'a'", "--until", "a iff x",
		     "p:vfs_read");
	EXPECT_USAGE("--until 'a if  ': empty FILTER after 'if'", "--until", "a if  ",
		     "p:vfs_read");
	EXPECT_USAGE("--until ' if x': no event name (EVENT or 'EVENT if FILTER')", "--until",
		     " if x", "p:vfs_read");
	EXPECT_USAGE("use either --until or -n, not both", "--until", "a", "-n", "3", "p:vfs_read");
	EXPECT_USAGE("use either --until or -v, not both", "-v", "--until", "a", "p:vfs_read");
	EXPECT_USAGE("use either --until or --by, not both", "--until", "a", "--by", "comm",
		     "p:vfs_read");
	EXPECT_USAGE("use either --until or --hist, not both", "--until", "a", "--hist", "x",
		     "p:vfs_read x=%di");
	EXPECT_USAGE("use either --until or --latency, not both", "--until", "a", "--latency",
		     "p:vfs_read");
	EXPECT_USAGE("use either --until or --trigger, not both", "--until", "a", "--trigger",
		     "traceon", "p:vfs_read");
	EXPECT_USAGE("use either --until or -i, not both", "--until", "a", "-i", "1", "p:vfs_read");
	EXPECT_USAGE("use either -l or --until, not both", "-l", "--until", "a");
	EXPECT_USAGE("use either --cleanup or --until, not both", "--cleanup", "--until", "a");
}

static void test_time(void **state)
{
	struct kp_config *cfg = *state;

	assert_int_equal(cfg->time, KP_TIME_MONO);
	assert_int_equal(PARSE(cfg, "-T", "wall", "p:vfs_read"), KP_PARSE_RUN);
	assert_int_equal(cfg->time, KP_TIME_WALL);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	assert_int_equal(PARSE(cfg, "--time=epoch", "--json", "p:vfs_read"), KP_PARSE_RUN);
	assert_int_equal(cfg->time, KP_TIME_EPOCH);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	assert_int_equal(PARSE(cfg, "--time", "rel", "p:vfs_read"), KP_PARSE_RUN);
	assert_int_equal(cfg->time, KP_TIME_REL);
	kp_config_destroy(cfg);
	kp_config_init(cfg);
	/* the kernel's own time stamp is the text reader's too */
	assert_int_equal(PARSE(cfg, "-T", "mono", "--reader", "text", "p:vfs_read"), KP_PARSE_RUN);
	assert_int_equal(cfg->time, KP_TIME_MONO);
	EXPECT_USAGE("invalid time 'local' (mono, wall, epoch or rel)", "-T", "local",
		     "p:vfs_read");
	EXPECT_USAGE("-T wall needs the raw reader: not with --reader text", "-T", "wall",
		     "--reader", "text", "p:vfs_read");
	EXPECT_USAGE("-T rel needs the raw reader: not with --reader text", "--reader", "text",
		     "-T", "rel", "p:vfs_read");
	EXPECT_USAGE("use either -T or --by, not both", "-T", "wall", "--by", "comm", "p:vfs_read");
	EXPECT_USAGE("use either -T or -v, not both", "-T", "wall", "-v", "p:vfs_read");
	EXPECT_USAGE("use either -l or -T, not both", "-l", "-T", "wall");
}

static void test_debug(void **state)
{
	struct kp_config *cfg = *state;

	assert_false(cfg->debug);
	assert_int_equal(PARSE(cfg, "--debug", "p:vfs_read"), KP_PARSE_RUN);
	assert_true(cfg->debug);
	assert_true(kp_debug_enabled());
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
	EXPECT_USAGE("invalid count '0' (a number of events, 1 or more)", "-n", "0", "p:vfs_read");
	EXPECT_USAGE("invalid count 'ten' (a number of events, 1 or more)", "-n", "ten",
		     "p:vfs_read");
	EXPECT_USAGE("invalid count '' (a number of events, 1 or more)", "--count=", "p:vfs_read");
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
		cmocka_unit_test(test_help_lists_every_kind),
		cmocka_unit_test(test_help_examples_use_build_registers),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_number_parsers),
		cmocka_unit_test(test_hostile_filter),
		cmocka_unit_test_setup_teardown(test_reader_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_script_options, setup, teardown),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test_setup_teardown(test_cgroup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ustack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_debug, setup, teardown),
		cmocka_unit_test_setup_teardown(test_until, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time, setup, teardown),
		cmocka_unit_test(test_count_parser),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
