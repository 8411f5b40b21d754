/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_JSON_H
#define KPROBE_JSON_H

#include <stddef.h>

#include "strbuf.h"

/**
 * kp_json_string - append @len bytes of @s as a quoted JSON string
 * @sb: where to
 * @s: the bytes; NUL bytes are data too
 * @len: how many
 *
 * '"' and '\' are escaped, control bytes become \n, \t, \r, \b, \f or
 * \u00XX, and DEL \u007f. Well-formed UTF-8 passes through unchanged; every
 * byte that is not part of a well-formed UTF-8 sequence (0xff, a stray
 * continuation byte, an overlong form, a surrogate) becomes \u00XX, the
 * character with the byte's value, so the result is always valid JSON and
 * such a byte reads back as U+0080..U+00FF. Returns 0 or -1 (ENOMEM).
 */
int kp_json_string(struct kp_strbuf *sb, const char *s, size_t len);

#endif
