// SPDX-License-Identifier: GPL-2.0-only
/* Output and readers: what reaches the user's pipe, and what is counted */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "output.h"
#include "reader.h"
#include "textout.h"
#include "ustackseen.h"

static const char ev1[] = "             cat-123     [001] ..... 12.345678: do_sys_openat2: "
			  "(do_sys_openat2+0x0/0x100) file=\"/etc/passwd\"\n";
static const char stack[] = "             cat-123     [001] ..... 12.345679: <stack trace>\n"
			    " => do_sys_openat2\n"
			    " => __x64_sys_openat\n";
static const char lost[] = "CPU:1 [LOST 17 EVENTS]\n";
static const char ev2[] = "             cat-123     [001] ..... 12.345680: do_sys_openat2: "
			  "(do_sys_openat2+0x0/0x100) file=\"/etc/group\"\n";

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
	struct kp_textout t;
	char buf[4096];
	int p[2];

	(void)state;
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, false);
	assert_int_equal(kp_textout_write(&t, ev1, strlen(ev1)), 0);
	assert_int_equal(kp_textout_write(&t, stack, strlen(stack)), 0);
	assert_int_equal(kp_textout_write(&t, lost, strlen(lost)), 0);
	assert_int_equal(kp_textout_write(&t, ev1, strlen(ev1)), 0);
	kp_textout_finish(&t);
	assert_int_equal(o.events, 2);
	assert_int_equal(o.lost, 17);
	/* everything is passed through byte for byte */
	assert_int_equal(slurp(p[0], buf, sizeof(buf)),
			 2 * strlen(ev1) + strlen(stack) + strlen(lost));
	assert_memory_equal(buf, ev1, strlen(ev1));
	close(p[0]);
	close(p[1]);
}

/* The text reader tells the user stack check of events and user stacks, by CPU */
static void test_text_user_stacks_seen(void **state)
{
	static const char ev0[] = "        workload-152     [000] ..... 41.460920: do_sys_openat2: "
				  "(do_sys_openat2+0x0/0x170)\n";
	static const char ustk0[] = "        workload-152     [000] ..... 41.460921: "
				    "<user stack trace>\n => 0x4011d3\n";
	static const char ev11[] = "   sh-153  (    153) [011] ..... 41.460930: do_sys_openat2: "
				   "(do_sys_openat2+0x0/0x170)\n";
	struct kp_ustack_seen seen;
	struct kp_output o;
	struct kp_textout t;
	int p[2], i;

	(void)state;
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, false);
	kp_ustack_seen_init(&seen);
	t.ustacks = &seen;
	/* a kernel with user stacks: CPU 11's event, CPU 0's, then CPU 0's stack */
	assert_int_equal(kp_textout_write(&t, ev11, strlen(ev11)), 0);
	assert_int_equal(kp_textout_write(&t, ev0, strlen(ev0)), 0);
	assert_int_equal(kp_textout_write(&t, stack, strlen(stack)), 0);
	assert_int_equal(kp_textout_write(&t, ustk0, strlen(ustk0)), 0);
	assert_int_equal(seen.events, 2);
	assert_int_equal(seen.stacks, 1);
	assert_int_equal(seen.without, 0);
	assert_int_equal(seen.nr, 64);
	assert_int_equal(seen.waiting[12], 1); /* CPU 11's, still to come */
	assert_int_equal(seen.waiting[1], 0);
	kp_ustack_seen_destroy(&seen);

	/* one without: events only, said at the third that had none */
	kp_ustack_seen_init(&seen);
	for (i = 0; i < 3; i++)
		assert_int_equal(kp_textout_write(&t, ev0, strlen(ev0)), 0);
	assert_int_equal(seen.without, 2);
	assert_false(seen.said);
	assert_int_equal(kp_textout_write(&t, ev0, strlen(ev0)), 0);
	assert_true(seen.said);
	assert_int_equal(seen.without, 3);
	kp_textout_finish(&t);
	assert_int_equal(o.events, 6);
	kp_ustack_seen_destroy(&seen);
	close(p[0]);
	close(p[1]);
}

static void test_event_reaches_pipe_immediately(void **state)
{
	struct kp_output o;
	struct kp_textout t;
	char buf[4096];
	int p[2];

	(void)state;
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, false);
	/* a half line goes out at once too: no stdio buffering in between */
	assert_int_equal(kp_textout_write(&t, ev1, 20), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), 20);
	assert_int_equal(o.events, 0);
	assert_int_equal(kp_textout_write(&t, ev1 + 20, strlen(ev1) - 20), 0);
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
	struct kp_textout t;
	char buf[4096], all[4096];
	int p[2];

	(void)state;
	snprintf(all, sizeof(all), "%s%s", trace, ev1);
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, true);
	/* split mid-header to check the decision is made per line */
	assert_int_equal(kp_textout_write(&t, all, 7), 0);
	assert_int_equal(kp_textout_write(&t, all + 7, strlen(all) - 7), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), strlen(ev1));
	assert_string_equal(buf, ev1);
	assert_int_equal(o.events, 1);

	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, false);
	assert_int_equal(kp_textout_write(&t, all, strlen(all)), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), strlen(all));
	assert_int_equal(o.events, 1);
	close(p[0]);
	close(p[1]);
}

static void test_closed_pipe_is_noticed(void **state)
{
	struct kp_output o;
	struct kp_textout t;
	int p[2];

	(void)state;
	make_pipe(p);
	close(p[0]);
	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, false);
	assert_int_equal(kp_textout_write(&t, ev1, strlen(ev1)), -1);
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
	assert_int_equal(kp_reader_text_init(&r, in[0], false), 0);
	kp_output_init(&o, out[1], NULL);
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
	assert_int_equal(kp_reader_text_init(&r, in[0], false), 0);
	kp_output_init(&o, out[1], NULL);
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
	assert_int_equal(kp_reader_text_init(&r, in[0], false), 0);
	kp_output_init(&o, out[1], NULL);
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

/* -n 2: two events go out, and nothing of the third */
static void test_limit_is_exact_within_one_write(void **state)
{
	struct kp_output o;
	struct kp_textout t;
	char buf[4096], all[4096];
	int p[2];

	(void)state;
	snprintf(all, sizeof(all), "%s%s%s%s", ev1, ev2, ev1, ev2);
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, false);
	kp_output_set_limit(&o, 2);
	assert_false(kp_output_full(&o));
	assert_int_equal(kp_textout_write(&t, all, strlen(all)), 0);
	assert_int_equal(o.events, 2);
	assert_true(kp_output_full(&o));
	assert_true(o.done);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), strlen(ev1) + strlen(ev2));
	assert_memory_equal(buf, ev1, strlen(ev1));
	assert_memory_equal(buf + strlen(ev1), ev2, strlen(ev2));
	/* a done output drops whatever still comes */
	assert_int_equal(kp_textout_write(&t, ev1, strlen(ev1)), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), 0);
	assert_int_equal(o.events, 2);
	close(p[0]);
	close(p[1]);
}

/* the last event's stack and a loss notice still pass; the next event does not */
static void test_limit_keeps_the_last_events_stack(void **state)
{
	struct kp_output o;
	struct kp_textout t;
	char buf[4096], want[4096];
	int p[2];

	(void)state;
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, false);
	kp_output_set_limit(&o, 1);
	assert_int_equal(kp_textout_write(&t, ev1, strlen(ev1)), 0);
	assert_true(kp_output_full(&o));
	assert_false(o.done);
	/* the stack comes in a later read, split mid-line */
	assert_int_equal(kp_textout_write(&t, stack, 30), 0);
	assert_int_equal(kp_textout_write(&t, stack + 30, strlen(stack) - 30), 0);
	assert_int_equal(kp_textout_write(&t, lost, strlen(lost)), 0);
	assert_false(o.done);
	/* the next event, in two pieces: neither piece may reach the output */
	assert_int_equal(kp_textout_write(&t, ev2, 20), 0);
	assert_int_equal(kp_textout_write(&t, ev2 + 20, strlen(ev2) - 20), 0);
	assert_true(o.done);
	kp_textout_finish(&t);
	snprintf(want, sizeof(want), "%s%s%s", ev1, stack, lost);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(o.events, 1);
	assert_int_equal(o.lost, 17);
	close(p[0]);
	close(p[1]);
}

/* a line past the limit longer than what is held to classify it */
static void test_limit_with_long_lines(void **state)
{
	struct kp_output o;
	struct kp_textout t;
	char longev[600], longstack[600], buf[4096];
	int p[2];

	(void)state;
	memset(longev, 'x', sizeof(longev));
	memcpy(longev, ev1, 60); /* "  cat-123 [001] ..... 12.345678: do_sys_openat2: ..." */
	longev[sizeof(longev) - 1] = '\n';
	memset(longstack, 'y', sizeof(longstack));
	memcpy(longstack, " => ", 4);
	longstack[sizeof(longstack) - 1] = '\n';
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	kp_textout_init(&t, &o, false);
	kp_output_set_limit(&o, 1);
	assert_int_equal(kp_textout_write(&t, longev, sizeof(longev)), 0);
	assert_int_equal(kp_textout_write(&t, longstack, 200), 0);
	assert_int_equal(kp_textout_write(&t, longstack + 200, sizeof(longstack) - 200), 0);
	assert_int_equal(kp_textout_write(&t, longev, 300), 0);
	assert_true(o.done);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), sizeof(longev) + sizeof(longstack));
	assert_memory_equal(buf + sizeof(longev), longstack, sizeof(longstack));
	close(p[0]);
	close(p[1]);
}

/* the same limit for a reader that formats records itself */
static void test_admit_event(void **state)
{
	struct kp_output o;

	(void)state;
	kp_output_init(&o, -1, NULL);
	assert_true(kp_output_admit_event(&o)); /* no limit */
	kp_output_init(&o, -1, NULL);
	kp_output_set_limit(&o, 3);
	assert_true(kp_output_admit_event(&o));
	assert_true(kp_output_admit_event(&o));
	assert_false(kp_output_full(&o));
	assert_true(kp_output_admit_event(&o));
	assert_true(kp_output_full(&o));
	assert_false(o.done);
	assert_false(kp_output_admit_event(&o));
	assert_true(o.done);
	assert_int_equal(o.events, 3);
}

/* -n 2: the stream stops after the second event without waiting for a third */
static void test_stream_stops_when_full(void **state)
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
	assert_int_equal(write(in[1], ev2, strlen(ev2)), (ssize_t)strlen(ev2));
	assert_int_equal(kp_reader_text_init(&r, in[0], false), 0);
	kp_output_init(&o, out[1], NULL);
	kp_output_set_limit(&o, 2);
	/* the input stays open: only the limit can end this */
	assert_int_equal(kp_reader_stream(&r, &o, &stop), 0);
	assert_int_equal(o.events, 2);
	assert_false(o.done);
	/* the drain afterwards passes the last event's stack, then stops at an event */
	assert_int_equal(write(in[1], stack, strlen(stack)), (ssize_t)strlen(stack));
	assert_int_equal(write(in[1], ev1, strlen(ev1)), (ssize_t)strlen(ev1));
	assert_int_equal(write(in[1], stack, strlen(stack)), (ssize_t)strlen(stack));
	assert_int_equal(kp_reader_drain(&r, &o, &stop, 2), 0);
	assert_true(o.done);
	assert_int_equal(slurp(out[0], buf, sizeof(buf)),
			 strlen(ev1) + strlen(ev2) + strlen(stack));
	kp_reader_close(&r);
	close(in[1]);
	close(out[0]);
	close(out[1]);
}

/* -o FILE: created 0666 less the umask, or truncated; close-on-exec */
static void test_output_file(void **state)
{
	char path[] = "/tmp/kprobe-test-output.XXXXXX";
	struct stat st;
	mode_t old;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "old content\n", 12), 12);
	close(fd);
	fd = kp_output_open(path);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	assert_int_equal(unlink(path), 0);

	old = umask(027);
	fd = kp_output_open(path);
	umask(old);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	close(fd);
	assert_int_equal(unlink(path), 0);

	assert_int_equal(kp_output_open("/nonexistent-dir/events"), -1);
	assert_int_equal(kp_output_open("/tmp"), -1); /* a directory */
}

/* Records formatted here: nothing is written until the flush, then all at once */
static void test_records_batched_until_flush(void **state)
{
	struct kp_output o;
	char buf[4096];
	int p[2];

	(void)state;
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_int_equal(kp_output_record(&o, KP_OUT_LOST, lost, strlen(lost), 17), 0);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), 0);
	assert_int_equal(kp_output_flush(&o), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), 2 * strlen(ev1) + strlen(lost));
	assert_memory_equal(buf + strlen(ev1), lost, strlen(lost));
	/* counted from what the records are, not from their text */
	assert_int_equal(o.events, 2);
	assert_int_equal(o.lost, 17);
	/* an empty flush writes nothing */
	assert_int_equal(kp_output_flush(&o), 0);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), 0);
	kp_output_destroy(&o);
	kp_output_destroy(&o);
	close(p[0]);
	close(p[1]);
}

/* -n: the Nth event's stack still goes out; the next event ends the output */
static void test_records_limit(void **state)
{
	static const char frame[] = " => do_sys_openat2\n";
	struct kp_output o;
	char buf[4096];
	int p[2];

	(void)state;
	make_pipe(p);
	kp_output_init(&o, p[1], NULL);
	kp_output_set_limit(&o, 2);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_true(kp_output_full(&o));
	assert_false(o.done);
	assert_int_equal(kp_output_record(&o, KP_OUT_MORE, frame, strlen(frame), 0), 0);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_true(o.done);
	assert_int_equal(kp_output_record(&o, KP_OUT_MORE, frame, strlen(frame), 0), 0);
	assert_int_equal(kp_output_flush(&o), 0);
	assert_int_equal(o.events, 2);
	assert_int_equal(slurp(p[0], buf, sizeof(buf)), 2 * strlen(ev1) + strlen(frame));
	kp_output_destroy(&o);
	close(p[0]);
	close(p[1]);
}

/* A reader that went away ends the output cleanly at the flush */
static void test_records_closed_pipe(void **state)
{
	struct kp_output o;
	int p[2];

	(void)state;
	make_pipe(p);
	close(p[0]);
	kp_output_init(&o, p[1], NULL);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_int_equal(kp_output_flush(&o), -1);
	assert_true(o.closed);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_int_equal(kp_output_flush(&o), 0);
	kp_output_destroy(&o);
	close(p[1]);
}

/* What @fn printed on stderr, into @buf */
static void capture_stderr(void (*fn)(void *), void *arg, char *buf, size_t size)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	fn(arg);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, size - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
}

struct write_call {
	struct kp_output *o;
	const char *text;
	int ret, err;
};

static void do_write(void *arg)
{
	struct write_call *c = arg;

	c->ret = kp_output_write(c->o, c->text, strlen(c->text));
	c->err = errno;
}

static void do_flush(void *arg)
{
	struct write_call *c = arg;

	c->ret = kp_output_flush(c->o);
	c->err = errno;
}

/* A full disk: the error names the file and the errno, once; nothing queued is dropped */
static void test_write_error_names_the_output(void **state)
{
	struct write_call c = { 0 };
	struct kp_output o;
	char msg[512];
	int fd;

	(void)state;
	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	kp_output_init(&o, fd, "/dev/full");
	c.o = &o;
	c.text = ev1;
	capture_stderr(do_write, &c, msg, sizeof(msg));
	assert_int_equal(c.ret, -1);
	assert_int_equal(c.err, ENOSPC);
	assert_true(o.failed);
	assert_false(o.closed);
	assert_string_equal(msg, "kprobe: cannot write to '/dev/full': No space left on device\n");
	/* the records queued stay queued, and the error is not said twice */
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), -1);
	kp_output_destroy(&o);

	kp_output_init(&o, fd, NULL);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev2, strlen(ev2), 0), 0);
	capture_stderr(do_flush, &c, msg, sizeof(msg));
	assert_int_equal(c.ret, -1);
	assert_int_equal(c.err, ENOSPC);
	assert_string_equal(msg,
			    "kprobe: cannot write to standard output: No space left on device\n");
	assert_int_equal(o.batch.len, strlen(ev1) + strlen(ev2));
	assert_memory_equal(o.batch.buf, ev1, strlen(ev1));
	capture_stderr(do_flush, &c, msg, sizeof(msg));
	assert_int_equal(c.ret, -1);
	assert_string_equal(msg, "");
	assert_int_equal(o.events, 2);
	kp_output_destroy(&o);
	close(fd);
}

/*
 * A non-blocking output that is full (a slow reader at the end of a pipe,
 * or a standard output the shell left O_NONBLOCK): the write waits for
 * room, and every byte arrives, in order.
 */
static void test_full_nonblocking_pipe_waits(void **state)
{
	enum {
		TOTAL = 5120 * 100
	}; /* 5120 lines of 100 bytes */
	struct kp_output o;
	struct kp_textout t;
	char *want = malloc(TOTAL), *got = malloc(TOTAL);
	size_t have = 0, i;
	int p[2], status;
	pid_t pid;

	(void)state;
	assert_non_null(want);
	assert_non_null(got);
	for (i = 0; i < TOTAL; i++)
		want[i] = (i % 100 == 99) ? '\n' : (char)('a' + i % 26);
	make_pipe(p);
	/* full before the first byte of ours */
	while (write(p[1], "x", 1) == 1)
		have++;
	assert_int_equal(errno, EAGAIN);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		size_t skip = have, n = 0;

		close(p[1]);
		usleep(200 * 1000);
		fcntl(p[0], F_SETFL, 0);
		/* exit 2: the filler short, 3: ours short, 4: ours different */
		while (skip) {
			ssize_t r = read(p[0], got, skip < (size_t)TOTAL ? skip : (size_t)TOTAL);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				_exit(2);
			skip -= r;
		}
		while (n < (size_t)TOTAL) {
			ssize_t r = read(p[0], got + n, TOTAL - n);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				_exit(3);
			n += r;
		}
		_exit(memcmp(got, want, TOTAL) ? 4 : 0);
	}
	close(p[0]);
	kp_output_init(&o, p[1], NULL);
	/* half as records queued and flushed, half as the kernel's text */
	for (i = 0; i < TOTAL / 2; i += 100)
		assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, want + i, 100, 0), 0);
	assert_int_equal(kp_output_flush(&o), 0);
	assert_int_equal(o.batch.len, 0);
	kp_textout_init(&t, &o, false);
	assert_int_equal(kp_textout_write(&t, want + TOTAL / 2, TOTAL / 2), 0);
	assert_int_equal(o.events, TOTAL / 100);
	assert_false(o.failed);
	close(p[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	kp_output_destroy(&o);
	free(want);
	free(got);
}

/* -d: "trace" is opened at the drain, once tracing is off, its headers dropped */
struct opener {
	int fd;
	char file[32];
	int calls;
};

static int open_recorded(void *ctx, const char *file)
{
	struct opener *op = ctx;

	snprintf(op->file, sizeof(op->file), "%s", file);
	op->calls++;
	return op->fd;
}

static void test_text_buffered_reads_trace_at_drain(void **state)
{
	const char trace[] = "# tracer: nop\n#\n";
	volatile sig_atomic_t stop = 1;
	struct opener op = { .fd = -1 };
	struct kp_reader_loss loss;
	struct kp_reader r = { 0 };
	struct kp_output o;
	char buf[4096];
	int in[2], out[2];

	(void)state;
	make_pipe(in);
	make_pipe(out);
	op.fd = in[0];
	assert_int_equal(kp_reader_text_open(&r, true, true, open_recorded, &op), 0);
	assert_string_equal(r.ops->name, "text");
	assert_true(r.with_headers);
	assert_int_equal(op.calls, 0); /* not while tracing */
	assert_int_equal(write(in[1], trace, strlen(trace)), (ssize_t)strlen(trace));
	assert_int_equal(write(in[1], ev1, strlen(ev1)), (ssize_t)strlen(ev1));
	assert_int_equal(write(in[1], ev2, 30), 30); /* a last line without newline */
	close(in[1]);
	kp_output_init(&o, out[1], NULL);
	assert_int_equal(kp_reader_drain(&r, &o, &stop, 2), 0);
	assert_int_equal(op.calls, 1);
	assert_string_equal(op.file, "trace");
	assert_int_equal(o.events, 1);
	kp_reader_report(&r, &loss);
	assert_int_equal(loss.unread, 0);
	assert_false(loss.counts);
	assert_int_equal(o.events, 2);
	assert_int_equal(slurp(out[0], buf, sizeof(buf)), strlen(ev1) + 30);
	assert_memory_equal(buf, ev1, strlen(ev1));
	kp_reader_close(&r);
	kp_reader_close(&r);
	close(out[0]);
	close(out[1]);

	/* live: trace_pipe is opened at once, and its failure is the open's */
	op.fd = -1;
	op.calls = 0;
	assert_int_equal(kp_reader_text_open(&r, false, false, open_recorded, &op), -1);
	assert_int_equal(op.calls, 1);
	assert_string_equal(op.file, "trace_pipe");
	assert_null(r.ops);
}

/* Nobody reads the full pipe: the second Ctrl-C gives the write up, as if the reader went */
static void test_waiting_write_given_up(void **state)
{
	volatile sig_atomic_t stop = 2;
	struct kp_output o;
	int p[2];

	(void)state;
	make_pipe(p);
	while (write(p[1], "x", 1) == 1)
		;
	kp_output_init(&o, p[1], NULL);
	kp_output_set_stop(&o, &stop, 2);
	assert_int_equal(kp_output_write(&o, ev1, strlen(ev1)), -1);
	assert_true(o.closed);
	assert_false(o.failed);
	/* what is queued after that is dropped quietly */
	assert_int_equal(kp_output_record(&o, KP_OUT_EVENT, ev1, strlen(ev1), 0), 0);
	assert_int_equal(kp_output_flush(&o), 0);
	kp_output_destroy(&o);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_events_not_stacks),
		cmocka_unit_test(test_text_user_stacks_seen),
		cmocka_unit_test(test_event_reaches_pipe_immediately),
		cmocka_unit_test(test_headers_dropped_unless_asked),
		cmocka_unit_test(test_closed_pipe_is_noticed),
		cmocka_unit_test(test_stream_copies_then_stops_at_eof),
		cmocka_unit_test(test_stream_ends_when_reader_of_output_goes),
		cmocka_unit_test(test_stop_flag_ends_stream_and_drain),
		cmocka_unit_test(test_limit_is_exact_within_one_write),
		cmocka_unit_test(test_limit_keeps_the_last_events_stack),
		cmocka_unit_test(test_limit_with_long_lines),
		cmocka_unit_test(test_admit_event),
		cmocka_unit_test(test_stream_stops_when_full),
		cmocka_unit_test(test_output_file),
		cmocka_unit_test(test_records_batched_until_flush),
		cmocka_unit_test(test_records_limit),
		cmocka_unit_test(test_records_closed_pipe),
		cmocka_unit_test(test_write_error_names_the_output),
		cmocka_unit_test(test_full_nonblocking_pipe_waits),
		cmocka_unit_test(test_text_buffered_reads_trace_at_drain),
		cmocka_unit_test(test_waiting_write_given_up),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
