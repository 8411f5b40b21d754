// SPDX-License-Identifier: GPL-2.0-only
/* Errors in the user's own words: caret mapping and the tool's own syntax checks */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "syntax.h"

/* Column in @cmd of @what, which must occur once */
static size_t at(const char *cmd, const char *what)
{
	const char *p = strstr(cmd, what);

	assert_non_null(p);
	return (size_t)(p - cmd);
}

/* The kernel blames @blamed in @cmd; the user must see the caret under @want in @def */
static void check_map(const char *def, const char *cmd, const char *blamed, const char *want)
{
	assert_int_equal(kp_syntax_definition_column(def, cmd, at(cmd, blamed)), at(def, want));
}

static void test_argument_in_kernel_form(void **state)
{
	(void)state;
	/* the tool adds the group and event and single-spaces the words */
	assert_int_equal(
		kp_syntax_definition_column("p vfs_read @11:unknown_type",
					    "p:kprobe_153/vfs_read vfs_read @11:unknown_type", 35),
		15);
	check_map("  r:myret\tvfs_read   $retval  x=+0(%zz):u32",
		  "r:kprobe_1/myret vfs_read $retval x=+0(%zz):u32", "%zz", "%zz");
	check_map("p vfs_read var1=@11 var1=@12", "p:kprobe_9/vfs_read vfs_read var1=@11 var1=@12",
		  "var1=@12", "var1=@12");
}

static void test_argument_in_perf_tools_form(void **state)
{
	(void)state;
	check_map("p:do_sys_openat2 file=+0(%zz):string",
		  "p:kprobe_1/do_sys_openat2 do_sys_openat2 file=+0(%zz):string", "%zz", "%zz");
	check_map("vfs_read%return $retval", "p:kprobe_1/vfs_read vfs_read%return $retval",
		  "$retval", "$retval");
}

static void test_location(void **state)
{
	(void)state;
	/* "p:SYMBOL": the location is the end of the user's first word */
	assert_int_equal(kp_syntax_definition_column("p:hoge-fuga",
						     "p:kprobe_1/hoge_fuga hoge-fuga", 21),
			 2);
	assert_int_equal(kp_syntax_definition_column("r vfs_read+10",
						     "r:kprobe_1/vfs_read_10 vfs_read+10", 23),
			 2);
	/* an offset inside the location keeps its place */
	assert_int_equal(kp_syntax_definition_column("p vfs_read+3",
						     "p:kprobe_1/vfs_read_3 vfs_read+3", 30),
			 10);
}

static void test_header(void **state)
{
	(void)state;
	/* what the user named maps to itself, with or without a group */
	check_map("p:foo/bar.1 vfs_read", "p:foo/bar.1 vfs_read", "bar.1", "bar.1");
	check_map("p:foo.1/bar vfs_read", "p:foo.1/bar vfs_read", "foo.1", "foo.1");
	check_map("p:bar.1 vfs_read", "p:kprobe_7/bar.1 vfs_read", "bar.1", "bar.1");
	/* the type */
	assert_int_equal(kp_syntax_definition_column("  p vfs_read", "p:kprobe_7/vfs_read vfs_read",
						     0),
			 2);
	/* the tool's own group and event: the location they come from */
	assert_int_equal(kp_syntax_definition_column("p vfs_read", "p:kprobe_7/vfs_read vfs_read",
						     2),
			 2);
	assert_int_equal(kp_syntax_definition_column("vfs_read%return",
						     "p:kprobe_7/vfs_read vfs_read%return", 12),
			 0);
	/* the group of a user's event without one */
	assert_int_equal(kp_syntax_definition_column("p:ev vfs_read", "p:kprobe_7/ev vfs_read", 3),
			 2);
}

static void test_end_of_line(void **state)
{
	(void)state;
	/* NO_ARG_BODY: past the last character */
	assert_int_equal(kp_syntax_definition_column("p vfs_read arg1=  ",
						     "p:kprobe_2/vfs_read vfs_read arg1=", 34),
			 16);
	assert_int_equal(kp_syntax_definition_column("p vfs_read arg1=",
						     "p:kprobe_2/vfs_read vfs_read arg1=", 1000),
			 16);
}

static void test_filter(void **state)
{
	(void)state;
	assert_int_equal(kp_syntax_filter_column("pidd == 1", "pidd == 1", 0), 0);
	assert_int_equal(kp_syntax_filter_column("x == 1 && y ~ 2", "x == 1 && y ~ 2", 12), 12);
	/* -L: "(USER) && common_pid == N" */
	assert_int_equal(kp_syntax_filter_column("pidd == 1", "(pidd == 1) && common_pid == 42", 1),
			 0);
	assert_int_equal(kp_syntax_filter_column("pidd == 1", "(pidd == 1) && common_pid == 42", 9),
			 8);
	assert_int_equal(kp_syntax_filter_column("pidd == 1", "(pidd == 1) && common_pid == 42",
						 20),
			 9);
	/* a user filter that itself starts with '(' */
	assert_int_equal(kp_syntax_filter_column("(a == 1)", "(a == 1)", 1), 1);
	assert_int_equal(kp_syntax_filter_column("(a == 1)", "((a == 1)) && common_pid == 3", 2),
			 1);
	assert_int_equal(kp_syntax_filter_column(NULL, "common_pid == 3", 2), 0);
}

static void test_bad_type(void **state)
{
	(void)state;
	assert_true(kp_syntax_bad_type("p100 vfs_read"));
	assert_true(kp_syntax_bad_type("r1a111 vfs_read"));
	assert_true(kp_syntax_bad_type("p1:ev vfs_read"));
	/* filters */
	assert_false(kp_syntax_bad_type("prev_pid == 1"));
	assert_false(kp_syntax_bad_type("p1 == 3"));
	assert_false(kp_syntax_bad_type("r1"));
	assert_false(kp_syntax_bad_type("pid == 3"));
}

/* The mistake in @def the tool finds, and the column it blames */
static void check_find(const char *def, const char *want, size_t want_col)
{
	size_t col = 99;
	const char *why = kp_syntax_find(def, &col);

	assert_non_null(why);
	assert_string_equal(why, want);
	assert_int_equal(col, want_col);
}

static void test_tool_side_errors(void **state)
{
	size_t col;

	(void)state;
	/* where the kernel's selftests put the caret */
	check_find("p100 vfs_read", "MAXACTIVE is only for return probes (rN:)", 1);
	check_find("r1a111 vfs_read", "MAXACTIVE must be a number from 1 to 4096", 1);
	check_find("r0 vfs_read", "MAXACTIVE must be a number from 1 to 4096", 1);
	check_find("r100000 vfs_read", "MAXACTIVE is too big (at most 4096)", 1);
	check_find("r0x1001:ev vfs_read", "MAXACTIVE is too big (at most 4096)", 1);
	check_find("r99999999999999999999 vfs_read", "MAXACTIVE must be a number from 1 to 4096",
		   1);
	check_find("p:/bar vfs_read", "group name is empty", 2);
	check_find("p:foo/ vfs_read", "event name is empty", 6);
	check_find("  p:foo/ vfs_read", "event name is empty", 8);
	check_find("p: vfs_read", "event name is empty", 2);
	check_find("p:grp/ev", "no function or address to probe", 8);
	check_find("r  ", "no function or address to probe", 1);
	check_find("p:", "no function or address to probe", 2);
	check_find("p vfs_read%hoge", "unknown suffix (only %return)", 10);
	check_find("p:grp/ev vfs_read%hoge $retval", "unknown suffix (only %return)", 17);
	check_find("p:vfs_read%ret", "unknown suffix (only %return)", 10);
	/* for the kernel to judge */
	assert_null(kp_syntax_find("p vfs_read+10%return", &col));
	assert_null(kp_syntax_find("p:vfs_read %di", &col));
	assert_null(kp_syntax_find("p:ev vfs_read x=%di", &col));
	assert_null(kp_syntax_find("r4096 vfs_read", &col));
	assert_null(kp_syntax_find("r0x10:ev vfs_read", &col));
	assert_null(kp_syntax_find("r vfs_read+10", &col));
	assert_null(kp_syntax_find("p:foo.1/bar vfs_read", &col));
	assert_null(kp_syntax_find("p:vfs_read", &col));
	assert_null(kp_syntax_find("vfs_read%return", &col));
}

/* What kp_syntax_show prints on stderr */
static void test_show(void **state)
{
	char buf[256];
	FILE *f = tmpfile();
	int saved = dup(2);
	size_t n;

	(void)state;
	assert_non_null(f);
	dup2(fileno(f), 2);
	kp_syntax_show("p vfs_read @11:unknown_type", 15);
	kp_syntax_show("p\tvfs_read x", 11);
	kp_syntax_show("p vfs_read arg1=", 16);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "    p vfs_read @11:unknown_type\n"
				 "                   ^\n"
				 "    p\tvfs_read x\n"
				 "     \t         ^\n"
				 "    p vfs_read arg1=\n"
				 "                    ^\n");
}

/* Run @fn with stderr in @buf */
static void capture_stderr(void (*fn)(void), char *buf, size_t size)
{
	FILE *f = tmpfile();
	int saved = dup(2);
	size_t n;

	assert_non_null(f);
	dup2(fileno(f), 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static const char entry_type[] = "[    9.123456] trace_kprobe: error: Unknown type is specified\n"
				 "  Command: p:kprobe_153/vfs_read vfs_read @11:unknown_type\n"
				 "                                              ^\n";

static void explain_definition(void)
{
	assert_true(kp_syntax_explain("cannot create probe", entry_type,
				      "p vfs_read @11:unknown_type",
				      "p:kprobe_153/vfs_read vfs_read @11:unknown_type", false));
}

static void explain_other_command(void)
{
	/* another writer's entry: the kernel's command, without its time stamp */
	assert_true(kp_syntax_explain("cannot create probe", entry_type, "p vfs_read x=%ax",
				      "p:kprobe_153/vfs_read vfs_read x=%ax", false));
}

static void explain_filter(void)
{
	assert_true(kp_syntax_explain("cannot set filter",
				      "[   7.4] event filter parse error: error: Field not found\n"
				      "  Command: (common_pidd == 1) && common_pid == 5\n"
				      "                         ^\n",
				      "common_pidd == 1", "(common_pidd == 1) && common_pid == 5",
				      true));
}

static void explain_junk(void)
{
	assert_false(kp_syntax_explain("cannot create probe", "junk", "p x", "p:a/x x", false));
}

static void test_explain(void **state)
{
	char buf[512];

	(void)state;
	capture_stderr(explain_definition, buf, sizeof(buf));
	assert_string_equal(buf, "kprobe: cannot create probe: Unknown type is specified\n"
				 "    p vfs_read @11:unknown_type\n"
				 "                   ^\n");
	capture_stderr(explain_other_command, buf, sizeof(buf));
	assert_string_equal(buf, "kprobe: cannot create probe: Unknown type is specified\n"
				 "    p:kprobe_153/vfs_read vfs_read @11:unknown_type\n"
				 "                                       ^\n");
	capture_stderr(explain_filter, buf, sizeof(buf));
	assert_string_equal(buf, "kprobe: cannot set filter: Field not found\n"
				 "    common_pidd == 1\n"
				 "                 ^\n");
	capture_stderr(explain_junk, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void check_filter(const char *filter, const char *want, size_t want_col)
{
	size_t col = 99;
	const char *why = kp_syntax_filter_find(filter, &col);

	print_message("%s\n", filter);
	if (!want) {
		assert_null(why);
		return;
	}
	assert_non_null(why);
	assert_string_equal(why, want);
	assert_int_equal(col, want_col);
}

/* A filter that would break out of "(FILTER) && common_pid == N" */
static void test_filter_parentheses(void **state)
{
	(void)state;
	check_filter("dfd == -100", NULL, 0);
	check_filter("(dfd == -100 || dfd == 3) && (flags & 1)", NULL, 0);
	check_filter("", NULL, 0);
	/* the injection: the tool's condition would end up in the second group */
	check_filter("dfd == -100) || (dfd != -100", "')' without a '(' before it", 11);
	check_filter("a == 1)", "')' without a '(' before it", 6);
	check_filter("((a == 1)", "'(' without a ')' after it", 0);
	check_filter("(a == 1) || (b == 2", "'(' without a ')' after it", 12);
	check_filter("(a == 1 || (b == 2", "'(' without a ')' after it", 11);
	/* inside a string a parenthesis is text */
	check_filter("comm == \"a)b\"", NULL, 0);
	check_filter("comm == 'x(' && pid == 1", NULL, 0);
	check_filter("comm == \"it's\"", NULL, 0);
	/* no escapes in a string, as the kernel reads it: the second '"' ends it */
	check_filter("comm == \"a\\\") || (comm != \"b\"", "')' without a '(' before it", 12);
	check_filter("comm == \"a\\\"", NULL, 0);
	check_filter("comm == \"abc) && pid == 1", "string without its closing quote", 8);
	check_filter("(comm == 'x", "string without its closing quote", 9);
}

static void filter_injection(void)
{
	assert_int_equal(kp_syntax_filter_check("dfd == -100) || (dfd != -100"), -1);
}

static void filter_unclosed(void)
{
	assert_int_equal(kp_syntax_filter_check("(a == 1) || (b == 2"), -1);
}

static void filter_fine(void)
{
	assert_int_equal(kp_syntax_filter_check("(a == 1) || comm == \")\""), 0);
}

static void test_filter_check(void **state)
{
	char buf[512];

	(void)state;
	capture_stderr(filter_injection, buf, sizeof(buf));
	assert_string_equal(buf, "kprobe: invalid filter: ')' without a '(' before it\n"
				 "    dfd == -100) || (dfd != -100\n"
				 "               ^\n");
	capture_stderr(filter_unclosed, buf, sizeof(buf));
	assert_string_equal(buf, "kprobe: invalid filter: '(' without a ')' after it\n"
				 "    (a == 1) || (b == 2\n"
				 "                ^\n");
	capture_stderr(filter_fine, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argument_in_kernel_form),
		cmocka_unit_test(test_argument_in_perf_tools_form),
		cmocka_unit_test(test_location),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_end_of_line),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_bad_type),
		cmocka_unit_test(test_tool_side_errors),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_filter_parentheses),
		cmocka_unit_test(test_filter_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
