/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_STRBUF_H
#define KPROBE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* A growing text buffer: buf is NUL-terminated, len bytes long; {0} is empty */
struct kp_strbuf {
	char *buf;
	size_t len, cap;
};

/* Make room for @more bytes and a NUL: 0, or -1 with errno ENOMEM */
int kp_strbuf_grow(struct kp_strbuf *sb, size_t more);

/*
 * Append; each returns 0 or -1 with errno ENOMEM (the buffer is kept).
 * add and putc are inline: they run several times for every event.
 */
static inline int kp_strbuf_add(struct kp_strbuf *sb, const char *s, size_t len)
{
	if (sb->len + len + 1 > sb->cap && kp_strbuf_grow(sb, len))
		return -1;
	memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

static inline int kp_strbuf_putc(struct kp_strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap && kp_strbuf_grow(sb, 1))
		return -1;
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
	return 0;
}

/* Append a C string, or printf-formatted text: 0, or -1 with errno ENOMEM */
int kp_strbuf_puts(struct kp_strbuf *sb, const char *s);
int kp_strbuf_printf(struct kp_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int kp_strbuf_vprintf(struct kp_strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Forget the text, keep the memory */
void kp_strbuf_reset(struct kp_strbuf *sb);
/* Free the memory; the buffer is empty ({0}) again */
void kp_strbuf_free(struct kp_strbuf *sb);

#endif
