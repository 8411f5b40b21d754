// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kind table: every row complete, each type and location read as the
 * right kind, its name rules, and each definition written to its kind's file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kind.h"
#include "probe.h"

#define GROUP "kprobe_42"

static void test_every_row_is_complete(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < KP_NR_KINDS; i++) {
		const struct kp_kind *k = &kp_kinds[i];

		print_message("row %d\n", i);
		assert_non_null(k->name);
		assert_non_null(k->prefixes);
		assert_true(k->prefixes[0] != '\0');
		assert_non_null(k->file);
		assert_true(!strcmp(k->file, "kprobe_events") ||
			    !strcmp(k->file, "uprobe_events") ||
			    !strcmp(k->file, "dynamic_events"));
		assert_non_null(k->needs_file);
		assert_non_null(k->missing);
		assert_non_null(strstr(k->missing, "this kernel has no "));
		assert_non_null(k->parse_location);
		assert_non_null(k->default_name);
		/* a check reads only what it says it needs */
		assert_true(!k->check || k->check_needs);
		assert_true(!k->maxactive || k->can_return);
	}
	assert_string_equal(kp_kinds[KP_KIND_FPROBE].missing, "this kernel has no fprobe events "
							      "(it needs CONFIG_FPROBE_EVENTS)");
	assert_int_equal(kp_kinds[KP_KIND_FPROBE].readme_letter, 'f');
	assert_int_equal(kp_kinds[KP_KIND_TPROBE].readme_letter, 't');
	assert_int_equal(kp_kinds[KP_KIND_EPROBE].readme_letter, 'e');
	assert_int_equal(kp_kinds[KP_KIND_KPROBE].readme_letter, 0);
}

/* The host a test describes: programs "sh" and "myapp", module "ext4" */
static int fake_find_binary(const char *name, char **path)
{
	static const char *const programs[] = { "sh", "myapp", "ext4" };
	size_t i;

	*path = NULL;
	for (i = 0; i < sizeof(programs) / sizeof(programs[0]); i++) {
		if (!strcmp(name, programs[i])) {
			*path = strdup("/usr/bin/fake");
			return *path ? 1 : -1;
		}
	}
	return 0;
}

static const struct kp_host_names host = {
	/* ext4 is a module, so "ext4:" is one even if a program has its name */
	.modules = "ext4 1024 1 - Live 0x0000000000000000\n",
	.find_binary = fake_find_binary,
};

static void test_type_and_location_make_the_kind(void **state)
{
	bool open;

	(void)state;
	assert_int_equal(kp_kind_of("p", "vfs_read", NULL, NULL), KP_KIND_KPROBE);
	assert_int_equal(kp_kind_of("r10", "vfs_read", NULL, &open), KP_KIND_KPROBE);
	assert_false(open);
	assert_int_equal(kp_kind_of("p", "0xffffffff81000000", NULL, NULL), KP_KIND_KPROBE);
	/* a path is a uprobe, with or without the host */
	assert_int_equal(kp_kind_of("p", "/bin/sh:main", NULL, &open), KP_KIND_UPROBE);
	assert_false(open);
	assert_int_equal(kp_kind_of("r", "/bin/sh:0x1234", &host, NULL), KP_KIND_UPROBE);
	/* NAME: without the host: a kprobe until the check phase asks */
	assert_int_equal(kp_kind_of("p", "sh:main", NULL, &open), KP_KIND_KPROBE);
	assert_true(open);
	assert_int_equal(kp_kind_of("p", "ext4:ext4_sync_file", NULL, &open), KP_KIND_KPROBE);
	assert_true(open);
	/* a loaded module stays a kprobe; a program on $PATH, as perf-tools' uprobe takes it */
	assert_int_equal(kp_kind_of("p", "ext4:ext4_sync_file", &host, &open), KP_KIND_KPROBE);
	assert_false(open);
	assert_int_equal(kp_kind_of("p", "sh:main", &host, &open), KP_KIND_UPROBE);
	assert_false(open);
	/* neither: the kernel judges, a kprobe still open */
	assert_int_equal(kp_kind_of("p", "kpnosuch:work", &host, &open), KP_KIND_KPROBE);
	assert_true(open);
	assert_int_equal(kp_kind_of("f", "vfs_read", &host, &open), KP_KIND_FPROBE);
	assert_false(open);
	assert_int_equal(kp_kind_of("f8", "vfs_read%return", NULL, NULL), KP_KIND_FPROBE);
	assert_int_equal(kp_kind_of("f", "ext4:ext4_sync_file", NULL, &open), KP_KIND_FPROBE);
	assert_false(open);
	assert_int_equal(kp_kind_of("t", "sched_switch", NULL, NULL), KP_KIND_TPROBE);
	assert_int_equal(kp_kind_of("e", "sched.sched_switch", NULL, NULL), KP_KIND_EPROBE);
	assert_int_equal(kp_kind_of("x", "vfs_read", &host, &open), KP_NR_KINDS);
	assert_false(open);
	assert_true(kp_kind_is_prefix('f'));
	assert_false(kp_kind_is_prefix('x'));
	assert_false(kp_kind_is_prefix('\0'));
}

/* Parse @def, settle its kind with the test's host, check the line written */
static void expect_host(const char *def, int changed, enum kp_kind_id kind, bool open,
			const char *want)
{
	struct kp_probe p;
	char *cmd;

	print_message("%s\n", def);
	assert_int_equal(kp_probe_parse(def, &p), 0);
	assert_int_equal(kp_probe_settle_kind(&p, &host), changed);
	assert_int_equal(p.kind, kind);
	assert_int_equal(p.kind_open, open);
	cmd = kp_probe_command(&p, GROUP);
	assert_non_null(cmd);
	assert_string_equal(cmd, want);
	free(cmd);
	kp_probe_release(&p);
}

static void test_host_settles_the_kind(void **state)
{
	struct kp_probe p;

	(void)state;
	/* a program: a uprobe, its default name made as a uprobe's */
	expect_host("p:sh:main", 1, KP_KIND_UPROBE, false, "p:" GROUP "/main sh:main");
	expect_host("r:sh:0x1234", 1, KP_KIND_UPROBE, false, "r:" GROUP "/sh_0x1234 sh:0x1234");
	expect_host("p:myev myapp:run+4 %ax", 1, KP_KIND_UPROBE, false,
		    "p:" GROUP "/myev myapp:run+4 %ax");
	/* a module, or nothing the host has: a kprobe */
	expect_host("p:ext4:ext4_sync_file", 0, KP_KIND_KPROBE, false,
		    "p:" GROUP "/ext4_sync_file ext4:ext4_sync_file");
	expect_host("p:kpnosuchprog_xyz:work", 0, KP_KIND_KPROBE, true,
		    "p:" GROUP "/work kpnosuchprog_xyz:work");
	/* nothing to settle */
	expect_host("p:vfs_read", 0, KP_KIND_KPROBE, false, "p:" GROUP "/vfs_read vfs_read");
	expect_host("p:/bin/sh:main", 0, KP_KIND_UPROBE, false, "p:" GROUP "/main /bin/sh:main");
	/* what a uprobe does not take is refused once it is one */
	assert_int_equal(kp_probe_parse("r5:sh:main", &p), 0);
	assert_int_equal(kp_probe_settle_kind(&p, &host), -1);
	kp_probe_release(&p);
}

/* Parse @def; check its kind, the file it goes to and the line written */
static void expect(const char *def, enum kp_kind_id kind, const char *file, const char *want)
{
	struct kp_probe p;
	char *cmd;

	print_message("%s\n", def);
	assert_int_equal(kp_probe_parse(def, &p), 0);
	assert_int_equal(p.kind, kind);
	assert_string_equal(kp_kinds[p.kind].file, file);
	cmd = kp_probe_command(&p, GROUP);
	assert_non_null(cmd);
	assert_string_equal(cmd, want);
	free(cmd);
	kp_probe_release(&p);
}

static void test_each_kind_to_its_file(void **state)
{
	(void)state;
	expect("p:vfs_read", KP_KIND_KPROBE, "kprobe_events", "p:" GROUP "/vfs_read vfs_read");
	/* MAXACTIVE passed through */
	expect("r5:vfs_read $retval", KP_KIND_KPROBE, "kprobe_events",
	       "r5:" GROUP "/vfs_read vfs_read $retval");
	expect("p:/bin/sh:main", KP_KIND_UPROBE, "uprobe_events", "p:" GROUP "/main /bin/sh:main");
	expect("r:/bin/sh:0x1234 $retval", KP_KIND_UPROBE, "uprobe_events",
	       "r:" GROUP "/sh_0x1234 /bin/sh:0x1234 $retval");
	expect("p:myrl /bin/sh:main+4 %ax", KP_KIND_UPROBE, "uprobe_events",
	       "p:" GROUP "/myrl /bin/sh:main+4 %ax");
	expect("f:vfs_read", KP_KIND_FPROBE, "dynamic_events", "f:" GROUP "/vfs_read vfs_read");
	expect("f:vfs_read%return", KP_KIND_FPROBE, "dynamic_events",
	       "f:" GROUP "/vfs_read vfs_read%return");
	expect("f8:vfs_read%return $retval", KP_KIND_FPROBE, "dynamic_events",
	       "f8:" GROUP "/vfs_read vfs_read%return $retval");
	expect("f:myread vfs_read count", KP_KIND_FPROBE, "dynamic_events",
	       "f:" GROUP "/myread vfs_read count");
	expect("f:mygrp/myread vfs_read $arg*", KP_KIND_FPROBE, "dynamic_events",
	       "f:mygrp/myread vfs_read $arg*");
	expect("t:sched_switch prev->pid", KP_KIND_TPROBE, "dynamic_events",
	       "t:" GROUP "/sched_switch sched_switch prev->pid");
	expect("t sched_switch", KP_KIND_TPROBE, "dynamic_events",
	       "t:" GROUP "/sched_switch sched_switch");
	expect("e:sched.sched_switch prev_pid=prev_pid", KP_KIND_EPROBE, "dynamic_events",
	       "e:" GROUP "/sched_switch sched.sched_switch prev_pid=prev_pid");
	expect("e:sched/sched_switch", KP_KIND_EPROBE, "dynamic_events",
	       "e:" GROUP "/sched_switch sched/sched_switch");
	expect("e:myev syscalls.sys_enter_openat", KP_KIND_EPROBE, "dynamic_events",
	       "e:" GROUP "/myev syscalls.sys_enter_openat");
}

static void test_forms_a_kind_does_not_take(void **state)
{
	static const char *const bad[] = {
		"f3:vfs_read",		 /* MAXACTIVE on an entry */
		"f:vfs_read+4",		 /* fprobes have no offsets */
		"f:0xffffffff81000000",	 /* nor addresses */
		"t:sched_switch%return", /* tracepoints have no return */
		"t:sched.sched_switch",	 /* that is an eprobe's location */
		"e:sched_switch",	 /* no SYSTEM. */
		"e:sched.sched_switch%return",
		"r5:/bin/sh:main", /* uprobes take no MAXACTIVE */
		"p:/bin/sh:",
	};
	struct kp_probe p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%s\n", bad[i]);
		assert_int_equal(kp_probe_parse(bad[i], &p), -1);
	}
}

/* "f:vfs_read%return" is an fprobe's return, never a kprobe in a module "f" */
static void test_fprobe_return_is_not_a_module(void **state)
{
	struct kp_probe p;

	(void)state;
	assert_int_equal(kp_probe_parse("f:vfs_read%return", &p), 0);
	assert_int_equal(p.kind, KP_KIND_FPROBE);
	assert_true(p.is_return);
	assert_string_equal(p.symbol, "vfs_read");
	assert_string_equal(p.type, "f");
	kp_probe_release(&p);
	assert_true(kp_is_definition("f:vfs_read%return"));
	assert_true(kp_is_definition("t:sched_switch"));
	assert_true(kp_is_definition("e:sched.sched_switch"));
	assert_true(kp_is_definition("f vfs_read"));
	/* filters stay filters */
	assert_false(kp_is_definition("f == 1"));
	assert_false(kp_is_definition("e > 2"));
}

/* Parse @def, settle it with @funcs, check the line written */
static void expect_settled(const char *def, const char *funcs, const char *events, int changed,
			   const char *want)
{
	struct kp_kernel_text k = { .funcs = funcs, .events = events };
	struct kp_probe p;
	char *cmd;

	print_message("%s\n", def);
	assert_int_equal(kp_probe_parse(def, &p), 0);
	assert_int_equal(kp_probe_settle_name(&p, &k), changed);
	cmd = kp_probe_command(&p, GROUP);
	assert_string_equal(cmd, want);
	free(cmd);
	kp_probe_release(&p);
}

static void test_name_rule_settled_by_the_kernel(void **state)
{
	static const char funcs[] = "vfs_read\nvfs_write\ndo_sys_open\n";
	static const char events[] = "sched:sched_switch\nsched:sched_wakeup\n";

	(void)state;
	/* X is a function, Y is not: X with argument Y */
	expect_settled("f:vfs_read count", funcs, NULL, 1, "f:" GROUP "/vfs_read vfs_read count");
	expect_settled("p:vfs_read count pos", funcs, NULL, 1,
		       "p:" GROUP "/vfs_read vfs_read count pos");
	expect_settled("t:sched_switch prev", NULL, events, 1,
		       "t:" GROUP "/sched_switch sched_switch prev");
	/* perf-tools' reading stays: Y is a function */
	expect_settled("p:myopen do_sys_open", funcs, NULL, 0, "p:" GROUP "/myopen do_sys_open");
	expect_settled("f:myread vfs_read count", funcs, NULL, 0,
		       "f:" GROUP "/myread vfs_read count");
	/* neither is known, or no list: the kernel judges event X on Y */
	expect_settled("p:foo bar", funcs, NULL, 0, "p:" GROUP "/foo bar");
	expect_settled("f:vfs_read count", NULL, NULL, 0, "f:" GROUP "/vfs_read count");
}

static void test_missing_tracepoint_gets_suggestions(void **state)
{
	struct kp_kernel_text k = { .events = "sched:sched_switch\nsched:sched_wakeup\n" };
	struct kp_probe p;

	(void)state;
	assert_int_equal(kp_probe_parse("t:sched_swich", &p), 0);
	assert_int_equal(kp_kinds[p.kind].check(&p, &k), -1);
	kp_probe_release(&p);
	assert_int_equal(kp_probe_parse("t:sched_switch", &p), 0);
	assert_int_equal(kp_kinds[p.kind].check(&p, &k), 0);
	kp_probe_release(&p);
	assert_int_equal(kp_probe_parse("e:sched.sched_wakeup", &p), 0);
	assert_int_equal(kp_kinds[p.kind].check(&p, &k), 0);
	kp_probe_release(&p);
	assert_int_equal(kp_probe_parse("e:sched.nope", &p), 0);
	assert_int_equal(kp_kinds[p.kind].check(&p, &k), -1);
	kp_probe_release(&p);
}

/* Run @p's kind check with stderr captured into @err */
static int check_captured(const struct kp_probe *p, const struct kp_kernel_text *k, char *err,
			  size_t size)
{
	int saved = dup(STDERR_FILENO), ret;
	FILE *f = tmpfile();
	size_t len;

	assert_non_null(f);
	fflush(stderr);
	dup2(fileno(f), STDERR_FILENO);
	ret = kp_kinds[p->kind].check(p, k);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	len = fread(err, 1, size - 1, f);
	err[len] = '\0';
	fclose(f);
	return ret;
}

/* 6.12 takes t: on a syscall event and traces nothing: point elsewhere */
static void test_syscall_event_is_no_tracepoint(void **state)
{
	struct kp_kernel_text k = { .events = "syscalls:sys_enter_openat\n"
					      "syscalls:sys_exit_openat\n"
					      "raw_syscalls:sys_enter\n"
					      "raw_syscalls:sys_exit\n" };
	struct kp_probe p;
	char err[1024];

	(void)state;
	assert_int_equal(kp_probe_parse("t:sys_exit_openat", &p), 0);
	assert_int_equal(check_captured(&p, &k, err, sizeof(err)), -1);
	assert_string_equal(err,
			    "kprobe: no tracepoint 'sys_exit_openat'\n"
			    "    'sys_exit_openat' is a syscall event, not a tracepoint: try "
			    "'e:syscalls.sys_exit_openat', or 't:sys_exit'\n"
			    "    (-F skips this check, for a tracepoint with no trace event of "
			    "its own)\n");
	kp_probe_release(&p);
	assert_int_equal(kp_probe_parse("t:sys_enter", &p), 0);
	assert_int_equal(kp_kinds[p.kind].check(&p, &k), 0);
	kp_probe_release(&p);
}

static void test_loaded_modules(void **state)
{
	static const char modules[] = "ext4 1024 1 - Live 0x0000000000000000\n"
				      "e1000 2048 0 - Live 0x0000000000000000\n";

	(void)state;
	assert_true(kp_module_loaded(modules, "ext4"));
	assert_true(kp_module_loaded(modules, "e1000"));
	assert_false(kp_module_loaded(modules, "ext"));
	assert_false(kp_module_loaded(modules, "bash"));
	assert_false(kp_module_loaded(NULL, "ext4"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_is_complete),
		cmocka_unit_test(test_type_and_location_make_the_kind),
		cmocka_unit_test(test_host_settles_the_kind),
		cmocka_unit_test(test_each_kind_to_its_file),
		cmocka_unit_test(test_forms_a_kind_does_not_take),
		cmocka_unit_test(test_fprobe_return_is_not_a_module),
		cmocka_unit_test(test_name_rule_settled_by_the_kernel),
		cmocka_unit_test(test_missing_tracepoint_gets_suggestions),
		cmocka_unit_test(test_syscall_event_is_no_tracepoint),
		cmocka_unit_test(test_loaded_modules),
	};

	return cmocka_run_group_tests_name("kind", tests, NULL, NULL);
}
