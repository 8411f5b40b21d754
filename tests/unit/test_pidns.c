// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pid namespaces: run names, the signal a thread may be sent without
 * effect, and the kernel pids signal_generate records.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "pidns.h"

static void test_run_name(void **state)
{
	char buf[32];

	(void)state;
	kp_run_ns = 0;
	kp_run_name(buf, sizeof(buf), 1234);
	assert_string_equal(buf, "kprobe_1234");
	kp_run_ns = 4026532179UL;
	kp_run_name(buf, sizeof(buf), 1);
	assert_string_equal(buf, "kprobe_1_4026532179");
	kp_run_ns = 0;
}

static void test_quiet_signal(void **state)
{
	(void)state;
	/* neither caught nor blocked: SIGURG */
	assert_int_equal(kp_pidns_quiet_signal("Name:\tx\nSigBlk:\t0000000000000000\n"
					       "SigIgn:\t0000000000000000\n"
					       "SigCgt:\t0000000000014002\n"),
			 SIGURG);
	/* SIGURG (bit 22) caught, as the Go runtime does: SIGWINCH */
	assert_int_equal(kp_pidns_quiet_signal("SigBlk:\t0000000000000000\n"
					       "SigCgt:\t0000000000400000\n"),
			 SIGWINCH);
	/* SIGURG blocked (it would be queued), SIGWINCH (bit 27) caught: none */
	assert_int_equal(kp_pidns_quiet_signal("SigBlk:\t0000000000400000\n"
					       "SigCgt:\t0000000008000000\n"),
			 0);
	/* every signal blocked, as -c's command is for a moment after fork() */
	assert_int_equal(kp_pidns_quiet_signal("SigBlk:\tfffffffffffffeff\n"
					       "SigCgt:\t0000000000000000\n"),
			 0);
	assert_int_equal(kp_pidns_quiet_signal("Name:\tx\n"), 0);
	assert_int_equal(kp_pidns_quiet_signal(NULL), 0);
}

static void test_generated(void **state)
{
	static const char trace[] =
		"# tracer: nop\n"
		"#\n"
		"          kprobe-31001   [001] d..1.  2007.5: signal_generate: sig=23 errno=0 "
		"code=-19280 comm=kprobe pid=31001 grp=0 res=1\n"
		"          kprobe-31001   [001] d..1.  2007.6: signal_generate: sig=28 errno=0 "
		"code=-19280 comm=my prog pid=7 pid=31002 grp=0 res=1\n"
		"          kprobe-31001   [001] .....  2007.7: task_newtask: pid=9 comm=x\n";
	pid_t pids[4] = { 0 };

	(void)state;
	assert_int_equal(kp_pidns_generated(trace, pids, 4), 2);
	assert_int_equal(pids[0], 31001);
	/* a name with " pid=" in it: the last one before grp= */
	assert_int_equal(pids[1], 31002);
	assert_int_equal(kp_pidns_generated(trace, pids, 1), 1);
	assert_int_equal(kp_pidns_generated("", pids, 4), 0);
}

static void test_alive(void **state)
{
	(void)state;
	/* this process's own namespace has a process: this one */
	assert_int_equal(kp_pidns_alive("/proc", kp_pidns_detect() ? kp_run_ns : KP_PIDNS_INIT_INO),
			 1);
	assert_int_equal(kp_pidns_alive("/proc", 1), 0);
	assert_int_equal(kp_pidns_alive("/nonexistent", 1), -1);
	kp_run_ns = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_name),
		cmocka_unit_test(test_quiet_signal),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_alive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
