// SPDX-License-Identifier: GPL-2.0-only
/*
 * JSON string escaping for the --json output.
 */
#include "json.h"

/* Length of the well-formed UTF-8 sequence at @p (RFC 3629), or 0 */
static size_t utf8_len(const unsigned char *p, size_t avail)
{
	unsigned int c = p[0];
	size_t n, i;
	unsigned int cp;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int kp_json_string(struct kp_strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	if (kp_strbuf_putc(sb, '"'))
		return -1;
	while (i < len) {
		unsigned char c = p[i];
		const char *esc = NULL;
		size_t n;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			run++;
			continue;
		}
		if (c >= 0x80 && (n = utf8_len(p + i, len - i))) {
			i += n;
			run += n;
			continue;
		}
		if (run && kp_strbuf_add(sb, (const char *)p + i - run, run))
			return -1;
		run = 0;
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		default:
			break;
		}
		if (esc ? kp_strbuf_puts(sb, esc) : kp_strbuf_printf(sb, "\\u%04x", c))
			return -1;
		i++;
	}
	if (run && kp_strbuf_add(sb, (const char *)p + i - run, run))
		return -1;
	return kp_strbuf_putc(sb, '"');
}
