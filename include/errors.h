/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_ERRORS_H
#define KPROBE_ERRORS_H

#include <stdbool.h>

/*
 * Diagnostics. Every message goes to stderr prefixed with "kprobe: ", is
 * lowercase, has no full stop and names what failed first.
 */

/**
 * error - print an error message
 * @fmt: printf-style format
 *
 * Returns -1 so callers can write "return error(...)".
 */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * error_errno - print an error message followed by ": strerror(errno)"
 * @fmt: printf-style format
 *
 * errno is preserved. Returns -1.
 */
int error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * warning - print a warning; never fatal
 * @fmt: printf-style format
 */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * debug - print "kprobe: debug: MESSAGE" if debugging is on (kp_debug_enabled())
 * @fmt: printf-style format
 *
 * errno is preserved.
 */
void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * kp_debug_enable - turn debugging on from now on (--debug)
 */
void kp_debug_enable(void);

/**
 * kp_debug_enabled - whether debug() prints
 *
 * Returns true after kp_debug_enable(), or when the environment variable
 * KPROBE_DEBUG is set to anything but "" or "0".
 */
bool kp_debug_enabled(void);

/**
 * note - print an indented continuation line under the last message
 * @fmt: printf-style format
 */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * errno_name - the symbolic name of an errno value, such as "ENOENT"
 * @errnum: the errno value
 *
 * Works on every C library (strerrorname_np() is glibc 2.32+). Returns a
 * static string, or "errno N" in a per-thread buffer for a value the table
 * does not name; never NULL.
 */
const char *errno_name(int errnum);

#endif
