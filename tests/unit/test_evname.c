// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's own events under kernel names no other tool gives, and their
 * format files with the names the output shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "evname.h"

static void parse(const char *def, struct kp_probe *p)
{
	assert_int_equal(kp_probe_parse(def, p), 0);
}

static void test_own_group_gets_pid(void **state)
{
	struct kp_probe p[3];

	(void)state;
	parse("p:do_sys_openat2", &p[0]);
	parse("r:myopen do_sys_openat2 $retval", &p[1]);
	parse("p:mygrp/myev vfs_read", &p[2]);
	assert_int_equal(kp_probes_assign_names(p, 3), 0);
	assert_int_equal(kp_evname_assign(p, 3, 4321), 0);
	assert_string_equal(p[0].event, "do_sys_openat2__4321");
	assert_string_equal(kp_probe_shown(&p[0]), "do_sys_openat2");
	assert_string_equal(p[1].event, "myopen__4321");
	assert_string_equal(kp_probe_shown(&p[1]), "myopen");
	/* the user's group: the user's name */
	assert_string_equal(p[2].event, "myev");
	assert_null(p[2].shown);
	assert_string_equal(kp_probe_shown(&p[2]), "myev");
	/* a second call changes nothing */
	assert_int_equal(kp_evname_assign(p, 3, 4321), 0);
	assert_string_equal(p[0].event, "do_sys_openat2__4321");
	{
		char *cmd = kp_probe_command(&p[1], "kprobe_4321");

		assert_string_equal(cmd, "r:kprobe_4321/myopen__4321 do_sys_openat2 $retval");
		free(cmd);
	}
	kp_probe_release(&p[0]);
	kp_probe_release(&p[1]);
	kp_probe_release(&p[2]);
}

static void test_too_long_keeps_name(void **state)
{
	char def[80];
	struct kp_probe p;

	(void)state;
	/* 58 characters: 58 + "__4194304" is past the kernel's 63 */
	strcpy(def, "p:");
	memset(def + 2, 'a', 58);
	strcpy(def + 60, " vfs_read");
	parse(def, &p);
	assert_int_equal(kp_evname_assign(&p, 1, 4194304), 0);
	assert_int_equal(strlen(p.event), 58);
	assert_null(p.shown);
	kp_probe_release(&p);
	/* 54: "__4194304" fits in 63 */
	strcpy(def + 56, " vfs_read");
	parse(def, &p);
	assert_int_equal(kp_evname_assign(&p, 1, 4194304), 0);
	assert_int_equal(strlen(p.event), 63);
	assert_int_equal(strlen(p.shown), 54);
	kp_probe_release(&p);
}

static void test_format_renamed(void **state)
{
	static const char fmt[] =
		"name: do_sys_openat2__4321\n"
		"ID: 1602\n"
		"format:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\n"
		"print fmt: \"(%lx)\", REC->__probe_ip\n";
	char *out;

	(void)state;
	out = kp_evname_format(fmt, "do_sys_openat2");
	assert_string_equal(out,
			    "name: do_sys_openat2\n"
			    "ID: 1602\n"
			    "format:\n"
			    "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
			    "\n"
			    "print fmt: \"(%lx)\", REC->__probe_ip\n");
	free(out);
	out = kp_evname_format("ID: 5\nname: x__1", "x");
	assert_string_equal(out, "ID: 5\nname: x");
	free(out);
	out = kp_evname_format("ID: 5\n", "x");
	assert_string_equal(out, "ID: 5\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_group_gets_pid),
		cmocka_unit_test(test_too_long_keeps_name),
		cmocka_unit_test(test_format_renamed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
