/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_SYNTAX_H
#define KPROBE_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Errors in the user's own words. The kernel blames a column of the line
 * the tool wrote ("p:kprobe_153/vfs_read vfs_read @11:unknown_type"); the
 * user wrote something else ("p vfs_read @11:unknown_type"). These map the
 * kernel's column back into the user's text, and find the mistakes the
 * tool rejects itself, at the column the kernel would blame.
 */

/**
 * kp_syntax_definition_column - where in the user's definition a column is
 * @def: the user's definition
 * @cmd: the line written to the kernel: "TYPE:GROUP/EVENT" and then the
 *	 user's words (location, arguments) single-spaced
 * @col: a column in @cmd; past its end means its end
 *
 * A column in a word the user wrote maps to the same character of it; one
 * in the type, group or event maps to what the user wrote of them, or to
 * the start of the location the tool derived them from. Returns a column
 * in @def, at most strlen(@def).
 */
size_t kp_syntax_definition_column(const char *def, const char *cmd, size_t col);

/**
 * kp_syntax_filter_column - where in the user's filter a column is
 * @user: the user's filter, or NULL
 * @composed: the filter written: @user, or "(@user) && common_pid == N"
 * @col: a column in @composed
 *
 * Returns a column in @user (its end for the part the tool added).
 */
size_t kp_syntax_filter_column(const char *user, const char *composed, size_t col);

/**
 * kp_syntax_show - print @text and a caret under column @col, indented
 * @text: one line of the user's text
 * @col: a column in @text (its length: just past the end)
 */
void kp_syntax_show(const char *text, size_t col);

/**
 * kp_syntax_explain - an error_log entry, in the user's words
 * @what: what failed, such as "cannot create probe"
 * @entry: the entry the kernel added for the write
 * @user: the user's definition or filter, or NULL if the text was all the tool's
 * @written: what the tool wrote
 * @filter: @user is a filter (else a definition)
 *
 * Prints "kprobe: WHAT: KERNEL'S MESSAGE" and then @user (or, if the
 * kernel echoes something other than @written, the kernel's own command)
 * with the caret under the character the kernel blamed. Returns false,
 * printing nothing, if @entry is not an error_log entry.
 */
bool kp_syntax_explain(const char *what, const char *entry, const char *user, const char *written,
		       bool filter);

/**
 * kp_syntax_bad_type - is @arg a definition with a malformed type?
 * @arg: one command-line word
 *
 * True for "p100 SYM", "r1a SYM", "p1:EVENT ...": a type letter and then
 * what can only be a (wrong) MAXACTIVE, so that the mistake is explained
 * instead of @arg being taken for a filter.
 */
bool kp_syntax_bad_type(const char *arg);

/**
 * kp_syntax_find - the first mistake in @def the tool rejects itself
 * @def: the user's definition
 * @col: set to the column the kernel would blame
 *
 * Returns what is wrong, in the kernel's terms, or NULL if nothing is
 * (what the tool lets through, the kernel judges).
 */
const char *kp_syntax_find(const char *def, size_t *col);

/**
 * kp_syntax_check - refuse @def if kp_syntax_find() finds a mistake
 * @def: the user's definition
 *
 * Returns 0, or -1 after printing the problem and @def with the caret.
 */
int kp_syntax_check(const char *def);

/**
 * kp_syntax_filter_find - a filter whose parentheses or quotes do not pair up
 * @filter: the user's filter
 * @col: set to the column of the stray ')', the '(' left open or the quote
 *	 left open
 *
 * A filter is installed as "(FILTER) && common_pid == N" with -L or -p:
 * one that closes more than it opens would take the tool's condition out
 * of the parentheses ("x) || (y"). Strings are read as the kernel reads
 * them: from a '"' or '\'' to the next same quote, no escapes. Returns
 * what is wrong, or NULL if nothing is (or on ENOMEM: the kernel judges).
 */
const char *kp_syntax_filter_find(const char *filter, size_t *col);

/**
 * kp_syntax_filter_check - refuse @filter if kp_syntax_filter_find() finds a mistake
 * @filter: the user's filter
 *
 * Returns 0, or -1 after printing the problem and @filter with the caret.
 */
int kp_syntax_filter_check(const char *filter);

#endif
