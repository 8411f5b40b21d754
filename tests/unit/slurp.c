// SPDX-License-Identifier: GPL-2.0-only
/* The unit tests' fixture files, read whole */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "slurp.h"
#include "strbuf.h"

char *slurp(size_t *len, const char *fmt, ...)
{
	char path[PATH_MAX * 2], buf[65536];
	struct kp_strbuf sb = { 0 };
	va_list ap;
	size_t n;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		assert_int_equal(kp_strbuf_add(&sb, buf, n), 0);
	fclose(f);
	/* the NUL, also for an empty file */
	assert_int_equal(kp_strbuf_add(&sb, "", 0), 0);
	if (len)
		*len = sb.len;
	return sb.buf;
}
