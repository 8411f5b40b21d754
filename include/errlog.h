/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_ERRLOG_H
#define KPROBE_ERRLOG_H

#include <stdbool.h>

struct tracefs_instance;

/*
 * The kernel's own reasons: error_log entries, read before and after a
 * write so that only the entry the write caused is shown.
 */

/**
 * kp_errlog_snapshot - the newest error_log entry
 * @instance: whose error_log; NULL for the top level
 *
 * Returns the entry in malloc'd memory (the caller frees it), or NULL if
 * the log is empty or cannot be read.
 */
char *kp_errlog_snapshot(struct tracefs_instance *instance);

/**
 * kp_errlog_show_new - print the newest entry if it is not @before
 * @instance: whose error_log; NULL for the top level
 * @before: kp_errlog_snapshot() from before the write, or NULL
 *
 * Returns true if an entry was printed.
 */
bool kp_errlog_show_new(struct tracefs_instance *instance, const char *before);

/**
 * kp_note_lines - print each line of kernel text under the last message
 * @text: the text; consumed (split in place)
 */
void kp_note_lines(char *text);

#endif
