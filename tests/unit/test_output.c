// SPDX-License-Identifier: GPL-2.0-only
/* Output and readers: what reaches the user's pipe, and what is counted */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "output.h"
#include "reader.h"

static const char ev1[] = "             cat-123     [001] ..... 12.345678: do_sys_openat2: "
			  "(do_sys_openat2+0x0/0x100) file=\"/etc/passwd\"\n";
static const char stack[] = "             cat-123     [001] ..... 12.345679: <stack trace>\n"
			    " => do_sys_openat2\n"
			    " => __x64_sys_openat\n";
static const char lost[] = "CPU:1 [LOST 17 EVENTS]\n";

/* Read what @fd has now, nonblocking */
static size_t slurp(int fd, char *buf, size_t size)
{
	ssize_t n = read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? (size_t)n : 0;
}

static void make_pipe(int p[2])
{
	assert_int_equal(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
}

static void test_counts_events_not_stacks(void **state)
{
	struct kp_output o;
	char buf[4096];
	int p[2];

	(void)state;
	make_pipe(p);
	kp_output_init(&o, p[1], false);
	assert_int_equal(kp_output_write(&o, ev1, strlen(ev1)), 0);
	assert_int_equal(kp_output_write(&o, stack, strlen(stack)), 0);
	assert_int_equal(kp_output_write(&o, lost, strlen(lost)), 0);
	assert_int_equal(kp_output_write(&o, ev1, strlen(ev1)), 0);
	kp_output_finish(&o);
	assert_int_equal(o.events, 2);
	assert_int_equal(o.lost, 17);
	/* everything is passed through byte for byte */
	assert_int_equal(slurp(p[0], buf, sizeof(buf)),
			 2 * strlen(ev1) + strlen(stack) + strlen(lost));
	assert_memory_equal(buf, ev1, strlen(ev1));
	close(p[0]);
	close(p[1]);
}

static void test_event_reaches_pipe_immediately(void **state)
{
	struct kp_output o;
	char buf[4096];
	int p[2];

	(void)state;
	make_pipe(p);
	kp_output_init(&o, p[1], false);
	/* a half line goes out at once too: no stdio buffering in between */
	assert_int_equal(kp_output_write(&o, ev1, 20), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), 20);
	assert_int_equal(o.events, 0);
	assert_int_equal(kp_output_write(&o, ev1 + 20, strlen(ev1) - 20), 0);
	assert_int_equal(o.events, 1);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), strlen(ev1) - 20);
	close(p[0]);
	close(p[1]);
}

static void test_headers_dropped_unless_asked(void **state)
{
	const char trace[] = "# tracer: nop\n"
			     "#\n"
			     "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n";
	struct kp_output o;
	char buf[4096], all[4096];
	int p[2];

	(void)state;
	snprintf(all, sizeof(all), "%s%s", trace, ev1);
	make_pipe(p);
	kp_output_init(&o, p[1], true);
	/* split mid-header to check the decision is made per line */
	assert_int_equal(kp_output_write(&o, all, 7), 0);
	assert_int_equal(kp_output_write(&o, all + 7, strlen(all) - 7), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), strlen(ev1));
	assert_string_equal(buf, ev1);
	assert_int_equal(o.events, 1);

	kp_output_init(&o, p[1], false);
	assert_int_equal(kp_output_write(&o, all, strlen(all)), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), strlen(all));
	assert_int_equal(o.events, 1);
	close(p[0]);
	close(p[1]);
}

static void test_closed_pipe_is_noticed(void **state)
{
	struct kp_output o;
	int p[2];

	(void)state;
	make_pipe(p);
	close(p[0]);
	kp_output_init(&o, p[1], false);
	assert_int_equal(kp_output_write(&o, ev1, strlen(ev1)), -1);
	assert_true(o.closed);
	close(p[1]);
}

static void test_stream_copies_then_stops_at_eof(void **state)
{
	volatile sig_atomic_t stop = 0;
	struct kp_reader r;
	struct kp_output o;
	char buf[4096];
	int in[2], out[2];

	(void)state;
	make_pipe(in);
	make_pipe(out);
	assert_int_equal(write(in[1], ev1, strlen(ev1)), (ssize_t)strlen(ev1));
	close(in[1]);
	kp_reader_text_init(&r, in[0]);
	kp_output_init(&o, out[1], false);
	assert_int_equal(kp_reader_stream(&r, &o, &stop), 0);
	assert_int_equal(o.events, 1);
	assert_int_equal(slurp(out[0], buf, sizeof(buf)), strlen(ev1));
	kp_reader_close(&r);
	kp_reader_close(&r); /* idempotent */
	close(out[0]);
	close(out[1]);
}

static void test_stream_ends_when_reader_of_output_goes(void **state)
{
	volatile sig_atomic_t stop = 0;
	struct kp_reader r;
	struct kp_output o;
	int in[2], out[2];

	(void)state;
	/* "kprobe ... | head -1" with no more events: must not wait forever */
	make_pipe(in);
	make_pipe(out);
	close(out[0]);
	kp_reader_text_init(&r, in[0]);
	kp_output_init(&o, out[1], false);
	assert_int_equal(kp_reader_stream(&r, &o, &stop), 0);
	assert_true(o.closed);
	kp_reader_close(&r);
	close(in[1]);
	close(out[1]);
}

static void test_stop_flag_ends_stream_and_drain(void **state)
{
	volatile sig_atomic_t stop = 1;
	struct kp_reader r;
	struct kp_output o;
	char buf[4096];
	int in[2], out[2];

	(void)state;
	make_pipe(in);
	make_pipe(out);
	kp_reader_text_init(&r, in[0]);
	kp_output_init(&o, out[1], false);
	assert_int_equal(kp_reader_stream(&r, &o, &stop), 0);
	/* after the first signal, drain still prints what is buffered... */
	assert_int_equal(write(in[1], ev1, strlen(ev1)), (ssize_t)strlen(ev1));
	assert_int_equal(kp_reader_drain(&r, &o, &stop, 2), 0);
	assert_int_equal(o.events, 1);
	assert_int_equal(slurp(out[0], buf, sizeof(buf)), strlen(ev1));
	/* ...and after the second it does not */
	stop = 2;
	assert_int_equal(write(in[1], ev1, strlen(ev1)), (ssize_t)strlen(ev1));
	assert_int_equal(kp_reader_drain(&r, &o, &stop, 2), 0);
	assert_int_equal(o.events, 1);
	kp_reader_close(&r);
	close(in[1]);
	close(out[0]);
	close(out[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_events_not_stacks),
		cmocka_unit_test(test_event_reaches_pipe_immediately),
		cmocka_unit_test(test_headers_dropped_unless_asked),
		cmocka_unit_test(test_closed_pipe_is_noticed),
		cmocka_unit_test(test_stream_copies_then_stops_at_eof),
		cmocka_unit_test(test_stream_ends_when_reader_of_output_goes),
		cmocka_unit_test(test_stop_flag_ends_stream_and_drain),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
