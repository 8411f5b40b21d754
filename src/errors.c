// SPDX-License-Identifier: GPL-2.0-only
/*
 * Diagnostics on stderr, in one voice.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"

/*
 * Not strerrorname_np(): it is glibc 2.32+ only, and a binary that calls
 * it does not start on older glibc. The errors tracefs and our own calls
 * give are named from this table, the same on every C library.
 */
#define E(name) [name] = #name
/* clang-format off */
static const char *const errno_names[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC),
	E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST),
	E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(EDOM), E(ERANGE),
	E(EDEADLK), E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG), E(ENODATA),
	E(EOVERFLOW), E(EILSEQ), E(EOPNOTSUPP), E(ETIMEDOUT), E(ECANCELED), E(EOWNERDEAD),
};
/* clang-format on */
#undef E

const char *errno_name(int errnum)
{
	static __thread char unknown[32];

	if (errnum > 0 && (size_t)errnum < sizeof(errno_names) / sizeof(errno_names[0]) &&
	    errno_names[errnum])
		return errno_names[errnum];
	snprintf(unknown, sizeof(unknown), "errno %d", errnum);
	return unknown;
}

static void vreport(const char *prefix, const char *fmt, va_list ap, int errnum)
{
	char msg[1024];

	/* clang-analyzer 14 reports va_list use here after analysing another file first */
	vsnprintf(msg, sizeof(msg), fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	if (errnum)
		fprintf(stderr, "%s%s: %s\n", prefix, msg, strerror(errnum));
	else
		fprintf(stderr, "%s%s\n", prefix, msg);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("kprobe: ", fmt, ap, 0);
	va_end(ap);
	return -1;
}

int error_errno(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport("kprobe: ", fmt, ap, saved);
	va_end(ap);
	errno = saved;
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("kprobe: warning: ", fmt, ap, 0);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("    ", fmt, ap, 0);
	va_end(ap);
}

/* -1: KPROBE_DEBUG not yet looked at */
static int debugging = -1;

void kp_debug_enable(void)
{
	debugging = 1;
}

bool kp_debug_enabled(void)
{
	const char *env;

	if (debugging < 0) {
		env = getenv("KPROBE_DEBUG");
		debugging = env && *env && strcmp(env, "0");
	}
	return debugging;
}

void debug(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!kp_debug_enabled())
		return;
	/* whole, however long: what was written is what a bug report needs */
	fputs("kprobe: debug: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	va_end(ap);
	fputc('\n', stderr);
	errno = saved;
}
