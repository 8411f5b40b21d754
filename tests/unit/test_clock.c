// SPDX-License-Identifier: GPL-2.0-only
/* -T: the time column's text for each kind, to the microsecond */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "clock.h"

/* 2026-12-02 15:04:05 UTC */
#define EPOCH_2026 1796223845LL
#define NS	   1000000000LL

static const char *fmt(const struct kp_clock *c, unsigned long long ts, bool json)
{
	static char buf[KP_CLOCK_TEXT_MAX];
	size_t n = kp_clock_format(c, ts, json, buf);

	assert_int_equal(n, strlen(buf));
	return buf;
}

static void test_parse(void **state)
{
	enum kp_time_kind k = KP_TIME_MONO;

	(void)state;
	assert_int_equal(kp_time_parse("wall", &k), 0);
	assert_int_equal(k, KP_TIME_WALL);
	assert_int_equal(kp_time_parse("epoch", &k), 0);
	assert_int_equal(k, KP_TIME_EPOCH);
	assert_int_equal(kp_time_parse("rel", &k), 0);
	assert_int_equal(k, KP_TIME_REL);
	assert_int_equal(kp_time_parse("mono", &k), 0);
	assert_int_equal(k, KP_TIME_MONO);
	assert_int_equal(kp_time_parse("Wall", &k), -1);
	assert_int_equal(kp_time_parse("", &k), -1);
	assert_int_equal(k, KP_TIME_MONO);
	assert_string_equal(kp_time_name(KP_TIME_REL), "rel");
	assert_null(kp_clock_trace_clock(KP_TIME_MONO));
	assert_string_equal(kp_clock_trace_clock(KP_TIME_WALL), "boot");
	assert_string_equal(kp_clock_trace_clock(KP_TIME_EPOCH), "boot");
	assert_string_equal(kp_clock_trace_clock(KP_TIME_REL), "boot");
}

static void test_mono(void **state)
{
	struct kp_clock c;

	(void)state;
	kp_clock_init(&c, KP_TIME_MONO);
	/* the kernel's "%5lu.%06lu", microseconds rounded as ns2usecs() rounds */
	assert_string_equal(fmt(&c, 123456789499ULL, false), "  123.456789");
	assert_string_equal(fmt(&c, 123456789500ULL, false), "  123.456790");
	assert_string_equal(fmt(&c, 999999500ULL, false), "    1.000000");
	assert_string_equal(fmt(&c, 1234567000000000ULL, false), "1234567.000000");
	assert_string_equal(fmt(&c, 5000ULL, true), "0.000005");
}

static void test_epoch(void **state)
{
	struct kp_clock c;

	(void)state;
	kp_clock_init(&c, KP_TIME_EPOCH);
	/* boot at 15:04:05 less 100 s, read at 100.5 s of boot time */
	kp_clock_set_offset(&c, 100 * NS + 400000000, (EPOCH_2026 + 0) * NS + 500000000,
			    100 * NS + 600000000);
	assert_int_equal(c.offset_ns, (EPOCH_2026 - 100) * NS);
	assert_string_equal(fmt(&c, 100 * NS + 123456, false), "1796223845.000123");
	assert_string_equal(fmt(&c, 100 * NS + 123456, true), "1796223845.000123");
	assert_string_equal(fmt(&c, 101 * NS - 501, false), "1796223845.999999");
	assert_string_equal(fmt(&c, 101 * NS - 500, false), "1796223846.000000");
	/* before 1970, after a settimeofday() into the past */
	c.offset_ns = -10 * NS;
	assert_string_equal(fmt(&c, 9 * NS + 250000000, false), "-0.750000");
}

static void test_wall(void **state)
{
	struct kp_clock c;

	(void)state;
	kp_clock_init(&c, KP_TIME_WALL);
	c.offset_ns = (EPOCH_2026 - 100) * NS;
	setenv("TZ", "UTC0", 1);
	tzset();
	assert_string_equal(fmt(&c, 100 * NS + 42000, false), "2026-12-02T15:04:05.000042");
	assert_string_equal(fmt(&c, 100 * NS + 42000, true), "\"2026-12-02T15:04:05.000042\"");
	/* local time: five hours behind, and one ahead */
	setenv("TZ", "EST5", 1);
	tzset();
	assert_string_equal(fmt(&c, 100 * NS + 42000, false), "2026-12-02T10:04:05.000042");
	setenv("TZ", "CET-1", 1);
	tzset();
	assert_string_equal(fmt(&c, 3700 * NS + 999999999ULL, false), "2026-12-02T17:04:06.000000");
	/* before 1970: the second it falls in */
	c.offset_ns = -10 * NS;
	setenv("TZ", "UTC0", 1);
	tzset();
	assert_string_equal(fmt(&c, 9 * NS + 250000000, false), "1969-12-31T23:59:59.250000");
	unsetenv("TZ");
	tzset();
}

static void test_rel(void **state)
{
	struct kp_clock c;

	(void)state;
	kp_clock_init(&c, KP_TIME_REL);
	c.start_ns = 50 * NS;
	assert_string_equal(fmt(&c, 53 * NS + 141593000, false), "    3.141593");
	assert_string_equal(fmt(&c, 53 * NS + 141593000, true), "3.141593");
	assert_string_equal(fmt(&c, 50 * NS, false), "    0.000000");
	/* a record stamped a hair before the start */
	assert_string_equal(fmt(&c, 50 * NS - 2000, false), "   -0.000002");
	assert_string_equal(fmt(&c, 50 * NS - 2000, true), "-0.000002");
}

static void test_sync(void **state)
{
	struct kp_clock c;
	struct timespec real, boot;

	(void)state;
	kp_clock_init(&c, KP_TIME_MONO);
	assert_int_equal(kp_clock_sync(&c), 0);
	assert_int_equal(c.offset_ns, 0);
	kp_clock_init(&c, KP_TIME_EPOCH);
	assert_int_equal(kp_clock_sync(&c), 0);
	assert_int_equal(clock_gettime(CLOCK_REALTIME, &real), 0);
	assert_int_equal(clock_gettime(CLOCK_BOOTTIME, &boot), 0);
	/* the offset maps the boot clock onto the wall clock, within a millisecond */
	assert_true(llabs((real.tv_sec - boot.tv_sec) * NS + (real.tv_nsec - boot.tv_nsec) -
			  c.offset_ns) < 1000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse), cmocka_unit_test(test_mono),
		cmocka_unit_test(test_epoch), cmocka_unit_test(test_wall),
		cmocka_unit_test(test_rel),   cmocka_unit_test(test_sync),
	};

	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
