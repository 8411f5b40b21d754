// SPDX-License-Identifier: GPL-2.0-only
/*
 * A growing text buffer for formatted events.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

int kp_strbuf_grow(struct kp_strbuf *sb, size_t more)
{
	size_t cap;
	char *buf;

	if (sb->len + more + 1 <= sb->cap)
		return 0;
	if (more > ((size_t)-1) / 4 - sb->len) {
		errno = ENOMEM;
		return -1;
	}
	cap = sb->cap ? sb->cap : 256;
	while (cap < sb->len + more + 1)
		cap *= 2;
	buf = realloc(sb->buf, cap);
	if (!buf)
		return -1;
	sb->buf = buf;
	sb->cap = cap;
	return 0;
}

int kp_strbuf_puts(struct kp_strbuf *sb, const char *s)
{
	return kp_strbuf_add(sb, s, strlen(s));
}

int kp_strbuf_vprintf(struct kp_strbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = kp_strbuf_grow(sb, 64) ? -1 : vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	if (n >= 0 && (size_t)n >= sb->cap - sb->len) {
		if (kp_strbuf_grow(sb, (size_t)n))
			n = -1;
		else
			vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, again);
	}
	va_end(again);
	if (n < 0) {
		/* the text so far, as it was */
		if (sb->buf)
			sb->buf[sb->len] = '\0';
		return -1;
	}
	sb->len += (size_t)n;
	return 0;
}

int kp_strbuf_printf(struct kp_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = kp_strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
	return ret;
}

void kp_strbuf_reset(struct kp_strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void kp_strbuf_free(struct kp_strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}
