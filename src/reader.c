// SPDX-License-Identifier: GPL-2.0-only
/*
 * Readers: move events from the kernel to the output. The interface, its
 * wait for readers that stream by waiting, and its first implementation:
 * the kernel's own text, from trace_pipe while tracing or from trace
 * afterwards (-d).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errors.h"
#include "reader.h"

#define READ_SIZE (64 * 1024)
/* Longest a missed signal can delay the end of a wait */
#define POLL_MS	  250

int kp_reader_stream(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop)
{
	return r->ops->stream(r, out, stop);
}

int kp_reader_drain(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop,
		    int stop_at)
{
	return r->ops->drain(r, out, stop, stop_at);
}

void kp_reader_report(struct kp_reader *r, struct kp_reader_loss *loss)
{
	memset(loss, 0, sizeof(*loss));
	r->ops->report(r, loss);
	if (loss->corrupt)
		warning("%llu sub-buffers of the ring buffer were cut short by a corrupt event",
			loss->corrupt);
	if (loss->unknown)
		warning("%llu records could not be printed", loss->unknown);
	if (loss->unread)
		warning("%llu events stayed in the ring buffer: trace_pipe_raw did not hand "
			"them out; counted as lost",
			loss->unread);
}

int kp_reader_summary(struct kp_reader *r, struct kp_output *out, unsigned long long missed)
{
	return r->ops && r->ops->summary ? r->ops->summary(r, out, missed) : 0;
}

void kp_reader_watch_ustacks(struct kp_reader *r, struct kp_ustack_seen *seen)
{
	if (r->ops && r->ops->watch_ustacks)
		r->ops->watch_ustacks(r, seen);
}

/* The hook every wait calls (one per process: the run's) */
static struct {
	kp_reader_tick_fn fn;
	void *ctx;
	int ms;
	struct timespec due;
} tick;

static long ms_until(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)((t->tv_sec - now.tv_sec) * 1000 + (t->tv_nsec - now.tv_nsec) / 1000000);
}

void kp_reader_set_tick(kp_reader_tick_fn fn, void *ctx, int ms)
{
	tick.fn = fn;
	tick.ctx = ctx;
	tick.ms = ms > 0 ? ms : 1;
	clock_gettime(CLOCK_MONOTONIC, &tick.due);
}

int kp_reader_tick(int max_ms)
{
	long left;

	if (!tick.fn)
		return max_ms;
	left = ms_until(&tick.due);
	if (left <= 0) {
		if (tick.fn(tick.ctx))
			tick.fn = NULL;
		clock_gettime(CLOCK_MONOTONIC, &tick.due);
		tick.due.tv_nsec += tick.ms * 1000000L;
		tick.due.tv_sec += tick.due.tv_nsec / 1000000000L;
		tick.due.tv_nsec %= 1000000000L;
		left = tick.ms;
	}
	return left < max_ms ? (int)left : max_ms;
}

void kp_reader_wait(double secs, const volatile sig_atomic_t *stop)
{
	struct timespec now, end, left;
	sigset_t all, old;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)secs;
	end.tv_nsec += (long)((secs - (time_t)secs) * 1e9);
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	/* the signals come in only during ppoll(), so none is missed before it */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	while (!*stop) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		if (tick.fn) {
			long ms = kp_reader_tick(POLL_MS);

			if (left.tv_sec * 1000 + left.tv_nsec / 1000000 > ms) {
				left.tv_sec = ms / 1000;
				left.tv_nsec = (ms % 1000) * 1000000L;
			}
		}
		ppoll(NULL, 0, &left, &old);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void kp_reader_close(struct kp_reader *r)
{
	if (r->ops)
		r->ops->close(r);
	r->ops = NULL;
	r->priv = NULL;
	r->timed = false;
}

/* The text reader */
struct text_reader {
	int fd;
	const char *file; /* "trace_pipe" or "trace" */
	bool buffered;	  /* @fd is opened at the drain */
	kp_reader_open_fn open;
	void *ctx;
	struct kp_textout lines;
};

/* Only a pipe or socket tells poll() that its reader has gone */
static bool output_pollable(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* One read; returns 1 if there was data, 0 if none or EOF, -1 on error (said) */
static int copy_once(struct text_reader *t, struct kp_output *out, bool *eof)
{
	static char buf[READ_SIZE];
	ssize_t n;

	n = read(t->fd, buf, sizeof(buf));
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		return error_errno("cannot read %s", t->file);
	}
	if (!n) {
		*eof = true;
		return 0;
	}
	t->lines.out = out;
	if (kp_textout_write(&t->lines, buf, n))
		return out->closed ? 0 : -1;
	return 1;
}

static int text_stream(struct kp_reader *r, struct kp_output *out,
		       const volatile sig_atomic_t *stop)
{
	struct text_reader *t = r->priv;
	struct pollfd fds[2] = {
		{ .fd = t->fd, .events = POLLIN },
		{ .fd = out->fd, .events = 0 },
	};
	nfds_t nfds = output_pollable(out->fd) ? 2 : 1;
	bool eof = false;

	while (!*stop && !out->closed && !eof && !kp_output_full(out)) {
		int ret = poll(fds, nfds, kp_reader_tick(POLL_MS));

		if (ret < 0) {
			if (errno == EINTR)
				continue;
			return error_errno("cannot wait for %s", t->file);
		}
		if (nfds == 2 && (fds[1].revents & (POLLERR | POLLHUP))) {
			out->closed = true;
			break;
		}
		if (!ret || !(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (copy_once(t, out, &eof) < 0)
			return -1;
	}
	return 0;
}

static int text_drain(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop,
		      int stop_at)
{
	struct text_reader *t = r->priv;
	bool eof = false;

	if (t->fd < 0 && t->buffered) {
		if (*stop >= stop_at || out->closed)
			return 0;
		t->fd = t->open(t->ctx, t->file);
		if (t->fd < 0)
			return -1;
	}
	while (*stop < stop_at && !out->closed && !out->done && !eof) {
		int ret = copy_once(t, out, &eof);

		if (ret < 0)
			return -1;
		if (!ret)
			break;
	}
	return 0;
}

/* The kernel's text says its losses itself; only a last line without newline is left */
static void text_report(struct kp_reader *r, struct kp_reader_loss *loss)
{
	struct text_reader *t = r->priv;

	(void)loss;
	if (t->lines.out)
		kp_textout_finish(&t->lines);
}

static void text_close(struct kp_reader *r)
{
	struct text_reader *t = r->priv;

	if (t->fd >= 0)
		close(t->fd);
	kp_textout_destroy(&t->lines);
	free(t);
}

static void text_watch_ustacks(struct kp_reader *r, struct kp_ustack_seen *seen)
{
	struct text_reader *t = r->priv;

	t->lines.ustacks = seen;
}

static const struct kp_reader_ops text_ops = {
	.name = "text",
	.stream = text_stream,
	.drain = text_drain,
	.report = text_report,
	.close = text_close,
	.watch_ustacks = text_watch_ustacks,
};

static struct text_reader *text_new(struct kp_reader *r, bool skip_comments)
{
	struct text_reader *t = calloc(1, sizeof(*t));

	if (!t) {
		error("out of memory");
		return NULL;
	}
	t->fd = -1;
	kp_textout_init(&t->lines, NULL, skip_comments);
	r->ops = &text_ops;
	r->priv = t;
	r->with_headers = false;
	return t;
}

int kp_reader_text_init(struct kp_reader *r, int fd, bool skip_comments)
{
	struct text_reader *t = text_new(r, skip_comments);

	if (!t) {
		close(fd);
		return -1;
	}
	t->fd = fd;
	t->file = "trace_pipe";
	return 0;
}

int kp_reader_text_open(struct kp_reader *r, bool buffered, bool skip_comments,
			kp_reader_open_fn open_file, void *ctx)
{
	struct text_reader *t = text_new(r, skip_comments);

	if (!t)
		return -1;
	t->buffered = buffered;
	t->file = buffered ? "trace" : "trace_pipe";
	t->open = open_file;
	t->ctx = ctx;
	/* the trace file starts with the kernel's headers */
	r->with_headers = buffered;
	if (!buffered) {
		t->fd = open_file(ctx, t->file);
		if (t->fd < 0) {
			kp_reader_close(r);
			return -1;
		}
	}
	return 0;
}
