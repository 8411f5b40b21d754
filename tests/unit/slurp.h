/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TEST_SLURP_H
#define KPROBE_TEST_SLURP_H

#include <stddef.h>

/**
 * slurp - a fixture file's bytes, whole
 * @len: its size; NULL if not wanted
 * @fmt: printf-style format of its path
 *
 * Returns the bytes with a NUL after them (an empty file gives ""), which
 * the caller frees, or NULL if the file cannot be opened.
 */
char *slurp(size_t *len, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
