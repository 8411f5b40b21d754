// SPDX-License-Identifier: GPL-2.0-only
/*
 * The output layer: unbuffered writes of ftrace text, counting events.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ktext.h"
#include "output.h"

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

/* A whole line has gone by: is it an event, a stack line or a loss notice? */
static void classify(struct kp_output *o)
{
	unsigned long long lost;

	if (o->dropping || !o->head_len)
		return;
	if (starts_with(o->head, o->head_len, " => ") || o->head[0] == '#' ||
	    contains(o->head, o->head_len, ": <stack trace>") ||
	    contains(o->head, o->head_len, ": <user stack trace>"))
		return;
	if (kp_lost_line(o->head, o->head_len, &lost)) {
		o->lost += lost;
		return;
	}
	o->events++;
}

int kp_output_write(struct kp_output *o, const char *buf, size_t len)
{
	const char *end = buf + len;

	while (buf < end) {
		const char *nl = memchr(buf, '\n', end - buf);
		size_t seg = nl ? (size_t)(nl - buf) + 1 : (size_t)(end - buf);
		size_t room = sizeof(o->head) - o->head_len;
		size_t body = nl ? seg - 1 : seg;

		if (!o->mid_line)
			o->dropping = o->skip_comments && buf[0] == '#';
		if (room) {
			size_t take = body < room ? body : room;

			memcpy(o->head + o->head_len, buf, take);
			o->head_len += take;
		}
		if (!o->dropping && write_all(o, buf, seg))
			return -1;
		if (nl) {
			classify(o);
			o->head_len = 0;
			o->mid_line = false;
			o->dropping = false;
		} else {
			o->mid_line = true;
		}
		buf += seg;
	}
	return 0;
}

void kp_output_finish(struct kp_output *o)
{
	if (o->mid_line)
		classify(o);
	o->head_len = 0;
	o->mid_line = false;
	o->dropping = false;
}
