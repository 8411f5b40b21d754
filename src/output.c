// SPDX-License-Identifier: GPL-2.0-only
/*
 * The output layer: unbuffered writes of ftrace text, counting events;
 * records formatted here are written a batch at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"
#include "ktext.h"
#include "output.h"

int kp_output_open(const char *path)
{
	/* as a shell's '>' does: mode 0666 less the umask, truncated */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0666);

	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	return fd;
}

void kp_output_init(struct kp_output *o, int fd, bool skip_comments)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->skip_comments = skip_comments;
}

static int write_all(struct kp_output *o, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(o->fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				o->closed = true;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t plen = strlen(prefix);

	return len >= plen && !memcmp(s, prefix, plen);
}

static bool contains(const char *s, size_t len, const char *needle)
{
	size_t nlen = strlen(needle), i;

	for (i = 0; i + nlen <= len; i++)
		if (!memcmp(s + i, needle, nlen))
			return true;
	return false;
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

/*
 * A whole line has gone by, or as much of it as @head holds: is it an
 * event, a stack line or a loss notice? Returns false for an event past
 * the limit, which must not be written.
 */
static bool classify(struct kp_output *o)
{
	unsigned long long lost;

	o->counted = true;
	if (o->dropping || !o->head_len)
		return true;
	if (starts_with(o->head, o->head_len, " => ") || o->head[0] == '#' ||
	    contains(o->head, o->head_len, ": <stack trace>") ||
	    contains(o->head, o->head_len, ": <user stack trace>"))
		return true;
	if (kp_lost_line(o->head, o->head_len, &lost)) {
		o->lost += lost;
		return true;
	}
	return kp_output_admit_event(o);
}

static void end_line(struct kp_output *o)
{
	o->head_len = 0;
	o->mid_line = false;
	o->dropping = false;
	o->holding = false;
	o->counted = false;
}

/*
 * Once the output is full, a line is held back until enough of it is
 * known: an event past the limit is dropped (and the output is done),
 * anything else (the last event's stack, a loss notice) goes out.
 */
static int release_held(struct kp_output *o, const char *rest, size_t len)
{
	if (!classify(o))
		return 0;
	o->holding = false;
	if (write_all(o, o->head, o->head_len))
		return -1;
	return write_all(o, rest, len);
}

int kp_output_write(struct kp_output *o, const char *buf, size_t len)
{
	const char *end = buf + len;

	while (buf < end && !o->done) {
		const char *nl = memchr(buf, '\n', end - buf);
		size_t seg = nl ? (size_t)(nl - buf) + 1 : (size_t)(end - buf);
		size_t room = sizeof(o->head) - o->head_len;
		size_t body = nl ? seg - 1 : seg;
		size_t take = body < room ? body : room;

		if (!o->mid_line) {
			o->dropping = o->skip_comments && buf[0] == '#';
			o->holding = !o->dropping && kp_output_full(o);
		}
		memcpy(o->head + o->head_len, buf, take);
		o->head_len += take;
		if (o->holding) {
			if ((nl || o->head_len == sizeof(o->head)) &&
			    release_held(o, buf + take, seg - take))
				return -1;
		} else if (!o->dropping && write_all(o, buf, seg)) {
			return -1;
		}
		if (nl) {
			if (!o->counted)
				classify(o);
			end_line(o);
		} else {
			o->mid_line = true;
		}
		buf += seg;
	}
	return 0;
}

void kp_output_finish(struct kp_output *o)
{
	if (o->holding)
		release_held(o, NULL, 0);
	else if (o->mid_line && !o->counted)
		classify(o);
	end_line(o);
}

/* Whole records formatted by us: queued, written at kp_output_flush() */
#define BATCH_FLUSH ((size_t)64 * 1024)

static int batch_add(struct kp_output *o, const char *text, size_t len)
{
	if (o->batch_len + len > o->batch_cap) {
		size_t cap = o->batch_cap ? o->batch_cap : 4096;
		char *p;

		while (cap < o->batch_len + len)
			cap *= 2;
		p = realloc(o->batch, cap);
		if (!p)
			return -1;
		o->batch = p;
		o->batch_cap = cap;
	}
	memcpy(o->batch + o->batch_len, text, len);
	o->batch_len += len;
	return o->batch_len >= BATCH_FLUSH ? kp_output_flush(o) : 0;
}

int kp_output_record(struct kp_output *o, enum kp_output_kind kind, const char *text, size_t len,
		     unsigned long long lost)
{
	if (o->closed || o->done)
		return 0;
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

int kp_output_flush(struct kp_output *o)
{
	size_t len = o->batch_len;

	o->batch_len = 0;
	if (o->closed || !len)
		return 0;
	return write_all(o, o->batch, len);
}

void kp_output_destroy(struct kp_output *o)
{
	free(o->batch);
	o->batch = NULL;
	o->batch_len = o->batch_cap = 0;
}
