// SPDX-License-Identifier: GPL-2.0-only
/*
 * The flight recorder (--until): the kernel records into the instance's
 * ring buffer, overwriting the oldest events, and its traceoff trigger
 * freezes the buffer on the event that meets the condition. Nothing is
 * read while it waits; then the frozen buffer is printed by the reader it
 * wraps, up to the trigger's event.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errors.h"
#include "recorder.h"
#include "until.h"

/*
 * How often tracing_on is read while waiting: four times a second. The
 * trigger stops the buffer in the kernel on the very event, so this only
 * decides how soon the buffer is printed (at most this late, as a missed
 * signal delays the readers' waits), never what it holds. The kernel
 * tells no one: a traceoff trigger wakes no reader, and poll() on
 * trace_pipe_raw would wake for the events themselves, which is what the
 * recorder must not do. A pread() of two bytes four times a second costs
 * some microseconds of CPU per second.
 */
#define CHECK_MS 250

struct recorder {
	struct kp_reader inner;
	struct kp_recorder_opts o;
	bool fired;
	struct kp_tail tail;
};

/* 1: tracing is on, 0: off, -1: cannot tell (errno set) */
static int tracing_on(int fd)
{
	char buf[8];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	if (n <= 0) {
		if (!n)
			errno = EIO;
		return -1;
	}
	return buf[0] != '0';
}

/* Only a pipe or socket tells poll() that its reader has gone */
static bool output_pollable(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

static long ms_left(const struct timespec *end)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)((end->tv_sec - now.tv_sec) * 1000 + (end->tv_nsec - now.tv_nsec) / 1000000);
}

static int rec_stream(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop)
{
	struct recorder *rc = r->priv;
	struct pollfd pfd = { .fd = out->fd, .events = 0 };
	bool pollable = output_pollable(out->fd), timed = rc->o.duration >= 0;
	struct timespec end;
	int on;

	clock_gettime(CLOCK_MONOTONIC, &end);
	if (timed) {
		double whole = (double)(time_t)rc->o.duration;

		end.tv_sec += (time_t)rc->o.duration;
		end.tv_nsec += (long)((rc->o.duration - whole) * 1e9);
		if (end.tv_nsec >= 1000000000L) {
			end.tv_sec++;
			end.tv_nsec -= 1000000000L;
		}
	}
	while (!*stop) {
		long wait = kp_reader_tick(CHECK_MS);
		struct timespec ts;

		on = tracing_on(rc->o.on_fd);
		if (on < 0)
			return error_errno("cannot read tracing_on");
		if (!on)
			break;
		if (timed) {
			long left = ms_left(&end);

			if (left <= 0)
				break;
			if (left < wait)
				wait = left;
		}
		ts.tv_sec = wait / 1000;
		ts.tv_nsec = (wait % 1000) * 1000000L;
		/* a signal ends the sleep (EINTR); a missed one costs at most CHECK_MS */
		if (ppoll(pollable ? &pfd : NULL, pollable, &ts, NULL) > 0 &&
		    (pfd.revents & (POLLERR | POLLHUP))) {
			out->closed = true;
			break;
		}
	}
	/* the trigger may have fired as the wait ended */
	on = tracing_on(rc->o.on_fd);
	rc->fired = on == 0;
	return 0;
}

static bool is_trigger_event(void *ctx, const char *text, size_t len)
{
	const struct recorder *rc = ctx;

	return kp_until_line_is(text, len, rc->o.event, rc->o.json);
}

static int rec_drain(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop,
		     int stop_at)
{
	struct recorder *rc = r->priv;
	int err, end;

	if (!rc->fired && !rc->o.dump)
		return 0;
	/* a dump of a buffer no trigger stopped has no event to end at */
	if (rc->fired || rc->o.last)
		kp_output_select(out, &rc->tail, rc->o.last, rc->fired ? is_trigger_event : NULL,
				 rc);
	err = kp_reader_drain(&rc->inner, out, stop, stop_at);
	end = kp_output_select_end(out);
	if (end && !err)
		err = error_errno("cannot print the recorded events");
	return err;
}

static void rec_report(struct kp_reader *r, struct kp_reader_loss *loss)
{
	struct recorder *rc = r->priv;

	rc->inner.ops->report(&rc->inner, loss);
}

static void rec_close(struct kp_reader *r)
{
	struct recorder *rc = r->priv;

	kp_reader_close(&rc->inner);
	if (rc->o.on_fd >= 0)
		close(rc->o.on_fd);
	kp_tail_destroy(&rc->tail);
	free(rc);
}

static const struct kp_reader_ops recorder_ops = {
	.name = "recorder",
	.stream = rec_stream,
	.drain = rec_drain,
	.report = rec_report,
	.close = rec_close,
};

int kp_reader_recorder_open(struct kp_reader *r, struct kp_reader *inner,
			    const struct kp_recorder_opts *opts)
{
	struct recorder *rc = calloc(1, sizeof(*rc));

	if (!rc) {
		kp_reader_close(inner);
		if (opts->on_fd >= 0)
			close(opts->on_fd);
		return error("out of memory");
	}
	rc->inner = *inner;
	memset(inner, 0, sizeof(*inner));
	rc->o = *opts;
	r->ops = &recorder_ops;
	r->priv = rc;
	r->with_headers = rc->inner.with_headers;
	return 0;
}

bool kp_reader_recorder_fired(const struct kp_reader *r)
{
	return r->ops == &recorder_ops && ((const struct recorder *)r->priv)->fired;
}
