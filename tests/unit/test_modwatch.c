// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's kprobes in modules, found in kprobes/list as the kernel
 * prints it (report_probe()), and their [GONE] once the module went.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "modwatch.h"

/* kprobes/list of a run with three probes, before and after rmmod dummy */
static const char before[] =
	"ffffffffa13c5b40  k  do_sys_openat2+0x0    [FTRACE]\n"
	"ffffffffc0a2a010  k  dummy_get_stats64+0x0  dummy [DISABLED][FTRACE]\n"
	"ffffffffc0a2a010  r  dummy_get_stats64+0x0  dummy [FTRACE]\n"
	"ffffffffc0a2a0a4  k  dummy_xmit+0x4  dummy \n";
static const char after[] = "ffffffffa13c5b40  k  do_sys_openat2+0x0    [FTRACE]\n"
			    "ffffffffc0a2a010  k  0xffffffffc0a2a010 [GONE][FTRACE]\n"
			    "ffffffffc0a2a0a4  k  0xffffffffc0a2a0a4 [GONE]\n";

static struct kp_probe probe(const char *location, const char *symbol)
{
	struct kp_probe p;

	memset(&p, 0, sizeof(p));
	p.kind = KP_KIND_KPROBE;
	p.location = (char *)location;
	p.symbol = (char *)symbol;
	p.event = (char *)symbol;
	return p;
}

static void test_found_and_gone(void **state)
{
	struct kp_probe probes[3];
	struct kp_modwatch w;

	(void)state;
	probes[0] = probe("do_sys_openat2", "do_sys_openat2");
	probes[1] = probe("dummy:dummy_get_stats64", "dummy_get_stats64");
	probes[2] = probe("dummy_xmit+4", "dummy_xmit");
	assert_int_equal(kp_modwatch_init(&w, probes, 3, before), 2);
	assert_int_equal(w.w[0].probe, 1);
	assert_string_equal(w.w[0].module, "dummy");
	assert_true(w.w[0].addr == 0xffffffffc0a2a010ULL);
	assert_int_equal(w.w[1].probe, 2);
	assert_true(w.w[1].addr == 0xffffffffc0a2a0a4ULL);
	/* nothing gone yet */
	assert_int_equal(kp_modwatch_check(&w, before), 0);
	assert_false(w.w[0].gone);
	/* the module went: both, once; the core kernel's probe can still fire */
	assert_int_equal(kp_modwatch_check(&w, after), 2);
	assert_true(w.w[0].gone && w.w[1].gone);
	assert_int_equal(kp_modwatch_check(&w, after), 0);
	assert_int_equal(w.gone, 2);
	assert_false(kp_modwatch_all_gone(&w));
	kp_modwatch_destroy(&w);

	/* with IBT the kernel probes a function's entry past its endbr64 */
	assert_int_equal(
		kp_modwatch_init(&w, probes + 1, 1,
				 "ffffffffc0a2a014  k  dummy_get_stats64+0x4  dummy [FTRACE]\n"),
		1);
	assert_true(w.w[0].addr == 0xffffffffc0a2a014ULL);
	assert_int_equal(kp_modwatch_check(&w, "ffffffffc0a2a014  k  0xffffffffc0a2a014 [GONE]\n"),
			 1);
	kp_modwatch_destroy(&w);
	/* a prefix of another function's name is not it */
	assert_int_equal(kp_modwatch_init(&w, probes + 1, 1,
					  "ffffffffc0a2a014  k  dummy_get_stats64_x+0x0  dummy \n"),
			 0);
	kp_modwatch_destroy(&w);

	/* only module probes: when they are gone, none is left */
	assert_int_equal(kp_modwatch_init(&w, probes + 1, 2, before), 2);
	assert_false(kp_modwatch_all_gone(&w));
	assert_int_equal(kp_modwatch_check(&w, after), 2);
	assert_true(kp_modwatch_all_gone(&w));
	kp_modwatch_destroy(&w);
}

static void test_not_watched(void **state)
{
	struct kp_probe probes[4];
	struct kp_modwatch w;

	(void)state;
	/* the core kernel's, an offset no line has, a uprobe, an address */
	probes[0] = probe("do_sys_openat2", "do_sys_openat2");
	probes[1] = probe("dummy_xmit+8", "dummy_xmit");
	probes[2] = probe("/bin/sh:main", "main");
	probes[2].kind = KP_KIND_UPROBE;
	probes[3] = probe("0xffffffffc0a2a010", NULL);
	assert_int_equal(kp_modwatch_init(&w, probes, 4, before), 0);
	assert_false(kp_modwatch_all_gone(&w));
	assert_int_equal(kp_modwatch_check(&w, after), 0);
	kp_modwatch_destroy(&w);
	/* no kprobes/list (no debugfs): nothing watched */
	assert_int_equal(kp_modwatch_init(&w, probes, 4, NULL), 0);
	assert_int_equal(kp_modwatch_check(&w, NULL), 0);
	kp_modwatch_destroy(&w);
	/* a probe already [GONE] when the run started is not watched */
	probes[0] = probe("dummy_get_stats64", "dummy_get_stats64");
	assert_int_equal(
		kp_modwatch_init(&w, probes, 1,
				 "ffffffffc0a2a010  k  dummy_get_stats64+0x0  dummy [GONE]\n"),
		0);
	kp_modwatch_destroy(&w);
}

static void test_hostile_lines(void **state)
{
	struct kp_probe p = probe("dummy_xmit", "dummy_xmit");
	struct kp_modwatch w;
	char longmod[200];

	(void)state;
	/* cut short, no address, a module name too long to keep: not taken */
	assert_int_equal(kp_modwatch_init(&w, &p, 1, "ffff"), 0);
	kp_modwatch_destroy(&w);
	assert_int_equal(kp_modwatch_init(&w, &p, 1, "  k  dummy_xmit+0x0  dummy \n"), 0);
	kp_modwatch_destroy(&w);
	memset(longmod, 'm', sizeof(longmod) - 1);
	longmod[sizeof(longmod) - 1] = '\0';
	{
		char line[300];

		snprintf(line, sizeof(line), "ffffffffc0a2a000  k  dummy_xmit+0x0  %s \n", longmod);
		assert_int_equal(kp_modwatch_init(&w, &p, 1, line), 0);
		kp_modwatch_destroy(&w);
	}
	assert_int_equal(kp_modwatch_init(&w, &p, 1, "ffffffffc0a2a000  k  dummy_xmit+0x0  dummy"),
			 1);
	assert_int_equal(kp_modwatch_check(&w, "ffffffffc0a2a000  k  0xffffffffc0a2a000 [GONE]"),
			 1);
	kp_modwatch_destroy(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_and_gone),
		cmocka_unit_test(test_not_watched),
		cmocka_unit_test(test_hostile_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
