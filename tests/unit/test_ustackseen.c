// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whether the kernel records user stacks, from the order of the records:
 * a kernel with them (each event followed by its stack, on its CPU, even
 * with another CPU's records between, or an interrupt's event and stack
 * inside), one without (Debian's arm64 6.1: events only), a short run
 * judged at its end, and an end cut short by -n.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "ustackseen.h"

static struct kp_ustack_seen s;

static int setup(void **state)
{
	(void)state;
	kp_ustack_seen_init(&s);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kp_ustack_seen_destroy(&s);
	return 0;
}

static bool ev(int cpu)
{
	return kp_ustack_seen_record(&s, cpu, KP_USR_EVENT);
}

static bool us(int cpu)
{
	return kp_ustack_seen_record(&s, cpu, KP_USR_USTACK);
}

static void test_with_stacks(void **state)
{
	int i;

	(void)state;
	/* two CPUs' events and stacks interleaved as a merge gives them */
	for (i = 0; i < 20; i++) {
		assert_false(ev(0));
		assert_false(ev(1));
		assert_false(kp_ustack_seen_record(&s, 0, KP_USR_OTHER)); /* a kernel stack */
		assert_false(us(0));
		assert_false(us(1));
	}
	assert_false(kp_ustack_seen_end(&s, true));
	assert_int_equal(s.events, 40);
	assert_int_equal(s.stacks, 40);
	assert_int_equal(s.without, 0);
}

static void test_interrupt_between(void **state)
{
	int i;

	(void)state;
	/* an interrupt's event and stack between an event and its own */
	assert_false(ev(0));
	assert_false(ev(0));
	assert_false(us(0));
	assert_false(us(0));
	assert_int_equal(s.without, 1);
	/* then stacks go missing (a full buffer): one stack was seen, so no warning */
	for (i = 0; i < 10; i++)
		assert_false(ev(0));
	assert_false(kp_ustack_seen_end(&s, true));
	assert_false(s.said);
}

static void test_without_stacks(void **state)
{
	char msg[256];

	(void)state;
	/* events only, with task events between: said at the third that had none */
	assert_false(ev(0));
	assert_false(kp_ustack_seen_record(&s, 0, KP_USR_OTHER));
	assert_false(ev(1));
	assert_false(ev(0));
	assert_false(ev(1));
	assert_int_equal(s.without, 2);
	assert_true(ev(0));
	assert_int_equal(s.without, 3);
	/* once */
	assert_false(ev(1));
	assert_false(ev(0));
	assert_false(kp_ustack_seen_end(&s, true));
	kp_ustack_seen_message(&s, msg, sizeof(msg));
	assert_string_equal(msg, "this kernel records no user stacks: 3 events came without one "
				 "(it lacks CONFIG_USER_STACKTRACE_SUPPORT, which arm64 has since "
				 "Linux 6.10); events are printed without them");
}

static void test_short_run(void **state)
{
	char msg[256];

	(void)state;
	/* three events on three CPUs: none followed by another, judged at the end */
	assert_false(ev(0));
	assert_false(ev(1));
	assert_false(ev(-1));
	assert_int_equal(s.without, 0);
	assert_true(kp_ustack_seen_end(&s, true));
	assert_int_equal(s.without, 3);
	assert_false(kp_ustack_seen_end(&s, true));
	kp_ustack_seen_destroy(&s);

	kp_ustack_seen_init(&s);
	assert_false(ev(2));
	assert_true(kp_ustack_seen_end(&s, true));
	kp_ustack_seen_message(&s, msg, sizeof(msg));
	assert_string_equal(msg, "this kernel records no user stacks: 1 event came without one "
				 "(it lacks CONFIG_USER_STACKTRACE_SUPPORT, which arm64 has since "
				 "Linux 6.10); events are printed without them");
}

static void test_cut_short(void **state)
{
	(void)state;
	/* -n 1: the reader stopped at the event, its stack may be unread */
	assert_false(ev(0));
	assert_false(kp_ustack_seen_end(&s, false));
	/* nothing at all: nothing to say */
	kp_ustack_seen_destroy(&s);
	kp_ustack_seen_init(&s);
	assert_false(kp_ustack_seen_end(&s, true));
	/* a stack on a CPU past the first 64, and one unknown */
	assert_false(ev(300));
	assert_false(us(300));
	assert_false(ev(-1));
	assert_false(us(-1));
	assert_false(kp_ustack_seen_end(&s, true));
	assert_int_equal(s.stacks, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_with_stacks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_between, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_stacks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_short, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
