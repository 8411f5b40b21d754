// SPDX-License-Identifier: GPL-2.0-only
/*
 * The output: where every reader's events are counted and written, with
 * the -n limit; records formatted here are queued and written a batch at
 * a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"
#include "output.h"
#include "tail.h"

int kp_output_open(const char *path)
{
	/* as a shell's '>' does: mode 0666 less the umask, truncated */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0666);

	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	return fd;
}

void kp_output_init(struct kp_output *o, int fd, const char *name)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->name = name;
}

void kp_output_set_stop(struct kp_output *o, const volatile sig_atomic_t *stop, int stop_at)
{
	o->stop = stop;
	o->stop_at = stop_at;
}

/* Has a signal said to give up a write that waits? */
static bool given_up(struct kp_output *o)
{
	if (!o->stop || *o->stop < o->stop_at)
		return false;
	o->closed = true;
	errno = EINTR;
	return true;
}

/* Longest a missed signal can delay giving up a write that waits */
#define POLL_MS 250

/* A standard output left non-blocking by the shell or a pipe's other end */
static int wait_writable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };

	if (poll(&pfd, 1, POLL_MS) < 0 && errno != EINTR)
		return -1;
	return 0;
}

static int write_failed(struct kp_output *o)
{
	int err = errno;

	if (err == EPIPE) {
		o->closed = true;
	} else if (!o->failed) {
		o->failed = true;
		if (o->name)
			error_errno("cannot write to '%s'", o->name);
		else
			error_errno("cannot write to standard output");
	}
	errno = err;
	return -1;
}

/* Write all of @buf; *@done says how much went, whatever the result */
static int write_all(struct kp_output *o, const char *buf, size_t len, size_t *done)
{
	*done = 0;
	if (o->closed || o->failed) {
		errno = o->closed ? EPIPE : EIO;
		return -1;
	}
	while (*done < len) {
		ssize_t n = write(o->fd, buf + *done, len - *done);

		if (n < 0) {
			if (errno == EINTR || (errno == EAGAIN && !wait_writable(o->fd))) {
				if (given_up(o))
					return -1;
				continue;
			}
			return write_failed(o);
		}
		*done += n;
	}
	return 0;
}

int kp_output_write(struct kp_output *o, const char *buf, size_t len)
{
	size_t done;

	return write_all(o, buf, len, &done);
}

void kp_output_set_limit(struct kp_output *o, unsigned long long limit)
{
	o->limit = limit;
}

bool kp_output_admit_event(struct kp_output *o)
{
	if (kp_output_full(o)) {
		o->done = true;
		return false;
	}
	o->events++;
	return true;
}

/* Whole records formatted by us: queued, written at kp_output_flush() */
#define BATCH_FLUSH ((size_t)64 * 1024)

static int batch_add(struct kp_output *o, const char *text, size_t len)
{
	if (kp_strbuf_add(&o->batch, text, len))
		return -1;
	return o->batch.len >= BATCH_FLUSH ? kp_output_flush(o) : 0;
}

int kp_output_record(struct kp_output *o, enum kp_output_kind kind, const char *text, size_t len,
		     unsigned long long lost)
{
	if (o->closed || o->done)
		return 0;
	if (o->failed) {
		errno = EIO;
		return -1;
	}
	if (o->tail) {
		if (kind == KP_OUT_LOST)
			o->lost += lost;
		return kp_tail_add(o->tail, kind, text, len);
	}
	switch (kind) {
	case KP_OUT_EVENT:
		if (!kp_output_admit_event(o))
			return 0;
		break;
	case KP_OUT_LOST:
		o->lost += lost;
		break;
	case KP_OUT_MORE:
		break;
	}
	return batch_add(o, text, len);
}

/* What the selection kept: counted and queued as it would have been */
static int selected(void *ctx, const char *text, size_t len, bool event)
{
	struct kp_output *o = ctx;

	if (o->closed || o->done)
		return 0;
	if (event && !kp_output_admit_event(o))
		return 0;
	return batch_add(o, text, len);
}

void kp_output_select(struct kp_output *o, struct kp_tail *t, unsigned long long last,
		      bool (*is_mark)(void *ctx, const char *text, size_t len), void *mark_ctx)
{
	kp_tail_init(t, last, is_mark, mark_ctx, selected, o);
	o->tail = t;
}

int kp_output_select_end(struct kp_output *o)
{
	struct kp_tail *t = o->tail;
	int ret;

	if (!t)
		return 0;
	o->tail = NULL;
	ret = kp_tail_finish(t);
	if (kp_output_flush(o) && !o->closed)
		return -1;
	return ret && !o->closed ? -1 : 0;
}

int kp_output_flush(struct kp_output *o)
{
	size_t done;
	int ret;

	if (o->closed) {
		kp_strbuf_reset(&o->batch);
		return 0;
	}
	if (!o->batch.len)
		return 0;
	ret = write_all(o, o->batch.buf, o->batch.len, &done);
	/* what did not go stays queued */
	memmove(o->batch.buf, o->batch.buf + done, o->batch.len - done + 1);
	o->batch.len -= done;
	if (o->closed)
		kp_strbuf_reset(&o->batch);
	return ret;
}

void kp_output_destroy(struct kp_output *o)
{
	if (o->tail)
		kp_tail_destroy(o->tail);
	o->tail = NULL;
	kp_strbuf_free(&o->batch);
}
