// SPDX-License-Identifier: GPL-2.0-only
/* Definitions: what is written to kprobe_events, and the event names users see */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probe.h"

#define GROUP "kprobe_42"

/* Parse @def and return the kprobe_events line it becomes */
static char *command_of(const char *def, struct kp_probe *p)
{
	assert_int_equal(kp_probe_parse(def, p), 0);
	return kp_probe_command(p, GROUP);
}

static void expect_command(const char *def, const char *want)
{
	struct kp_probe p;
	char *cmd = command_of(def, &p);

	assert_non_null(cmd);
	assert_string_equal(cmd, want);
	free(cmd);
	kp_probe_release(&p);
}

static void test_perf_tools_one_liners(void **state)
{
	(void)state;
	/* every example of perf-tools' kprobe(8) */
	expect_command("p:do_sys_open", "p:" GROUP "/do_sys_open do_sys_open");
	expect_command("r:do_sys_open", "r:" GROUP "/do_sys_open do_sys_open");
	expect_command("r:do_sys_open $retval", "r:" GROUP "/do_sys_open do_sys_open $retval");
	expect_command("r:myopen do_sys_open $retval", "r:" GROUP "/myopen do_sys_open $retval");
	expect_command("p:myopen do_sys_open mode=%cx:u16",
		       "p:" GROUP "/myopen do_sys_open mode=%cx:u16");
	expect_command("p:myopen do_sys_open filename=+0(%si):string",
		       "p:" GROUP "/myopen do_sys_open filename=+0(%si):string");
	expect_command("p:myprobe tcp_retransmit_skb", "p:" GROUP "/myprobe tcp_retransmit_skb");
	expect_command("p:do_sys_open file=+0(%si):string",
		       "p:" GROUP "/do_sys_open do_sys_open file=+0(%si):string");
}

static void test_user_group_is_kept(void **state)
{
	(void)state;
	expect_command("p:mygrp/myev vfs_read", "p:mygrp/myev vfs_read");
	expect_command("r:mygrp/ret vfs_read $retval", "r:mygrp/ret vfs_read $retval");
}

static void test_kernel_forms(void **state)
{
	struct kp_probe p;

	(void)state;
	/* the kernel's own spelling without a name */
	expect_command("p vfs_read", "p:" GROUP "/vfs_read vfs_read");
	expect_command("r10:vfs_read", "r10:" GROUP "/vfs_read vfs_read");
	expect_command("r10:myret vfs_read $retval", "r10:" GROUP "/myret vfs_read $retval");
	/* %return, with p: and bare */
	expect_command("p:vfs_read%return $retval", "p:" GROUP "/vfs_read vfs_read%return $retval");
	expect_command("vfs_read%return", "p:" GROUP "/vfs_read vfs_read%return");
	/* a named %return probe: the second word is the location, not an argument */
	expect_command("p:myret vfs_read%return $retval",
		       "p:" GROUP "/myret vfs_read%return $retval");
	/* BTF field accesses are arguments: no function is called that */
	expect_command("p:vfs_read file->f_flags", "p:" GROUP "/vfs_read vfs_read file->f_flags");
	expect_command("p:vfs_read buf[1]", "p:" GROUP "/vfs_read vfs_read buf[1]");
	/* a bare register is an argument, as in perf-tools */
	expect_command("p:vfs_read %si", "p:" GROUP "/vfs_read vfs_read %si");
	assert_int_equal(kp_probe_parse("vfs_read%return", &p), 0);
	assert_true(p.is_return);
	kp_probe_release(&p);
	assert_int_equal(kp_probe_parse("r:vfs_read", &p), 0);
	assert_true(p.is_return);
	kp_probe_release(&p);
	assert_int_equal(kp_probe_parse("p:vfs_read", &p), 0);
	assert_false(p.is_return);
	kp_probe_release(&p);
}

static void test_default_names_are_valid(void **state)
{
	(void)state;
	/* +offs and mod: cannot be part of an event name */
	expect_command("p:do_sys_open+0x10", "p:" GROUP "/do_sys_open_0x10 do_sys_open+0x10");
	expect_command("p:ext4:ext4_sync_file", "p:" GROUP "/ext4_sync_file ext4:ext4_sync_file");
	expect_command("p:vfs_read.cold", "p:" GROUP "/vfs_read_cold vfs_read.cold");
	expect_command("p:0xffffffff81000000",
		       "p:" GROUP "/addr_ffffffff81000000 0xffffffff81000000");
}

static void test_symbol_is_found(void **state)
{
	struct kp_probe p;

	(void)state;
	assert_int_equal(kp_probe_parse("p:ext4:ext4_sync_file+4 $arg1", &p), 0);
	assert_string_equal(p.symbol, "ext4_sync_file");
	assert_string_equal(p.args, "$arg1");
	kp_probe_release(&p);
	assert_int_equal(kp_probe_parse("p:0xffffffff81000000", &p), 0);
	assert_null(p.symbol);
	kp_probe_release(&p);
}

static void test_args_are_verbatim_but_single_spaced(void **state)
{
	(void)state;
	expect_command("p:f  vfs_read\t a=%di:u64   b=+0(%si):string ",
		       "p:" GROUP "/f vfs_read a=%di:u64 b=+0(%si):string");
	/* BTF-style and special args pass through untouched */
	expect_command("p:vfs_read $arg1 $comm $stack0 file->f_flags",
		       "p:" GROUP "/vfs_read vfs_read $arg1 $comm $stack0 file->f_flags");
}

static void test_bad_definitions(void **state)
{
	struct kp_probe p;
	char *big;

	(void)state;
	assert_int_equal(kp_probe_parse("p:", &p), -1);
	assert_int_equal(kp_probe_parse("x:vfs_read", &p), -1);
	assert_int_equal(kp_probe_parse("p:grp/ev", &p), -1);
	assert_int_equal(kp_probe_parse("p:/ev vfs_read", &p), -1);
	assert_int_equal(kp_probe_parse("p:grp/ vfs_read", &p), -1);
	assert_int_equal(kp_probe_parse("%return", &p), -1);
	/* a newline would be a second kprobe_events command */
	assert_int_equal(kp_probe_parse("p:vfs_read\n-:kprobes/other", &p), -1);
	assert_int_equal(kp_probe_parse("p:vfs_read \x01", &p), -1);
	big = malloc(1 << 20);
	assert_non_null(big);
	memset(big, 'a', (1 << 20) - 1);
	memcpy(big, "p:", 2);
	big[(1 << 20) - 1] = '\0';
	assert_int_equal(kp_probe_parse(big, &p), -1);
	free(big);
}

static void test_definition_or_filter(void **state)
{
	(void)state;
	assert_true(kp_is_definition("p:vfs_read"));
	assert_true(kp_is_definition("r:vfs_read"));
	assert_true(kp_is_definition("r16:vfs_read"));
	assert_true(kp_is_definition("p vfs_read"));
	assert_true(kp_is_definition("vfs_read%return $retval"));
	assert_false(kp_is_definition("file ~ \"*stat\""));
	assert_false(kp_is_definition("common_pid == 1"));
	assert_false(kp_is_definition("pid > 3"));
	assert_false(kp_is_definition("ret == 0"));
	assert_false(kp_is_definition(""));
	/* filters on fields that happen to be called p or r */
	assert_false(kp_is_definition("p == 1"));
	assert_false(kp_is_definition("r < 5 && p > 1"));
	assert_false(kp_is_definition("p"));
}

static void parse_all(struct kp_probe *probes, const char **defs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		assert_int_equal(kp_probe_parse(defs[i], &probes[i]), 0);
}

static void release_all(struct kp_probe *probes, int n)
{
	int i;

	for (i = 0; i < n; i++)
		kp_probe_release(&probes[i]);
}

static void test_entry_and_return_of_one_function(void **state)
{
	const char *defs[] = { "p:vfs_read", "r:vfs_read $retval", "p:vfs_read+4", "p:vfs_read" };
	struct kp_probe probes[4];

	(void)state;
	parse_all(probes, defs, 4);
	assert_int_equal(kp_probes_assign_names(probes, 4), 0);
	assert_string_equal(probes[0].event, "vfs_read");
	assert_string_equal(probes[1].event, "vfs_read_ret");
	assert_string_equal(probes[2].event, "vfs_read_4");
	assert_string_equal(probes[3].event, "vfs_read_2");
	release_all(probes, 4);
}

static void test_return_probe_takes_ret_whatever_the_order(void **state)
{
	const char *defs[] = { "r:vfs_read $retval", "p:vfs_read", "r:vfs_write", "r:vfs_write" };
	struct kp_probe probes[4];

	(void)state;
	parse_all(probes, defs, 4);
	assert_int_equal(kp_probes_assign_names(probes, 4), 0);
	assert_string_equal(probes[0].event, "vfs_read_ret");
	assert_string_equal(probes[1].event, "vfs_read");
	/* two return probes of one function: no entry probe to tell apart from */
	assert_string_equal(probes[2].event, "vfs_write");
	assert_string_equal(probes[3].event, "vfs_write_2");
	release_all(probes, 4);
}

static void test_user_names_win_and_must_be_unique(void **state)
{
	const char *defs[] = { "p:vfs_read", "p:vfs_read vfs_write" };
	const char *dup[] = { "p:a vfs_read", "p:a vfs_write" };
	const char *groups[] = { "p:g1/a vfs_read", "p:g2/a vfs_write" };
	struct kp_probe probes[2];

	(void)state;
	parse_all(probes, defs, 2);
	assert_int_equal(kp_probes_assign_names(probes, 2), 0);
	/* the user called vfs_write's probe "vfs_read": the default moves aside */
	assert_string_equal(probes[0].event, "vfs_read_2");
	assert_string_equal(probes[1].event, "vfs_read");
	release_all(probes, 2);

	parse_all(probes, dup, 2);
	assert_int_equal(kp_probes_assign_names(probes, 2), -1);
	release_all(probes, 2);

	parse_all(probes, groups, 2);
	assert_int_equal(kp_probes_assign_names(probes, 2), 0);
	release_all(probes, 2);
}

static void test_long_default_name_fits(void **state)
{
	char def[200];
	const char *defs[2];
	struct kp_probe probes[2];

	(void)state;
	snprintf(def, sizeof(def), "p:%0120d", 0);
	memcpy(def + 2, "f", 1);
	defs[0] = defs[1] = def;
	parse_all(probes, defs, 2);
	assert_true(strlen(probes[0].event) < KP_NAME_MAX);
	assert_int_equal(kp_probes_assign_names(probes, 2), 0);
	assert_true(strlen(probes[1].event) < KP_NAME_MAX);
	assert_string_not_equal(probes[0].event, probes[1].event);
	release_all(probes, 2);
}

static void expect_filter(const char *user, pid_t tid, const char *want)
{
	char *f = kp_filter_compose(user, tid);

	assert_non_null(f);
	assert_string_equal(f, want);
	free(f);
}

static void test_filter_composition(void **state)
{
	(void)state;
	expect_filter(NULL, -1, "");
	expect_filter("  ", -1, "");
	expect_filter("file ~ \"*stat\"", -1, "file ~ \"*stat\"");
	expect_filter(NULL, 123, "common_pid == 123");
	/* both apply, and the user's || cannot escape the thread check */
	expect_filter("a == 1 || b == 2", 123, "(a == 1 || b == 2) && common_pid == 123");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perf_tools_one_liners),
		cmocka_unit_test(test_user_group_is_kept),
		cmocka_unit_test(test_kernel_forms),
		cmocka_unit_test(test_default_names_are_valid),
		cmocka_unit_test(test_symbol_is_found),
		cmocka_unit_test(test_args_are_verbatim_but_single_spaced),
		cmocka_unit_test(test_bad_definitions),
		cmocka_unit_test(test_definition_or_filter),
		cmocka_unit_test(test_entry_and_return_of_one_function),
		cmocka_unit_test(test_return_probe_takes_ret_whatever_the_order),
		cmocka_unit_test(test_user_names_win_and_must_be_unique),
		cmocka_unit_test(test_long_default_name_fits),
		cmocka_unit_test(test_filter_composition),
	};

	return cmocka_run_group_tests_name("probe", tests, NULL, NULL);
}
