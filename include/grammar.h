/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_GRAMMAR_H
#define KPROBE_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The definition grammar's words, in one place: the tokenizer that the
 * parser (probe.c) and the error mapping (syntax.c) both take a
 * definition apart with, and the grammar's constants.
 *
 *   TYPE[:[GROUP/]EVENT] LOCATION[%return] [ARGS...]
 *   TYPE:LOCATION [ARGS...]
 *   LOCATION%return [ARGS...]
 */

/* The blanks between words */
#define KP_BLANKS	 " \t"
/* A location's only suffix, the kernel's return form of p: and f: */
#define KP_RETURN_SUFFIX "%return"
/* The kernel's KRETPROBE_MAXACTIVE_MAX: the largest N of "rN:" */
#define KP_MAXACTIVE_MAX 4096

/* Part of a line: its column and length */
struct kp_span {
	size_t start, len;
};

/*
 * A definition taken apart into the words the user wrote, as columns of
 * the definition. Nothing is judged here: a span of length 0 is a part
 * that is not there.
 */
struct kp_def_tokens {
	size_t start; /* the first non-blank character */
	size_t end;   /* just past the last non-blank character */
	struct kp_span
		type; /* from start up to ':' or a blank: "p", "r10", "r1a", "vfs_read%return" */
	bool colon;   /* the type ends at a ':' */
	struct kp_span head; /* after "TYPE:", up to a blank; len 0 without the ':' */
	/* head is GROUP/EVENT: it has a '/' and no ':' (PATH:SYMBOL is a uprobe's location) */
	bool grouped;
	struct kp_span group; /* head's GROUP, when grouped */
	struct kp_span event; /* head's EVENT, when grouped */
	/* the word after head (after the type when there is no ':'); len 0: none, start is the end */
	struct kp_span next;
};

/**
 * kp_def_tokenize - take a definition apart into its words
 * @def: the definition (or the start of one)
 * @len: how much of @def to read; it ends at a NUL too
 * @t: filled in, every span within the first @len bytes
 */
void kp_def_tokenize(const char *def, size_t len, struct kp_def_tokens *t);

/**
 * kp_word_next - the next word of @s at or after column @from
 * @s: a line
 * @from: where to start looking
 * @w: set to the word (len 0, start at the end of @s, if there is none)
 *
 * Words are separated by runs of KP_BLANKS. Returns true if there is one.
 */
bool kp_word_next(const char *s, size_t from, struct kp_span *w);

/**
 * kp_def_type_len - the length of a definition's type at @s
 * @s: a command-line word, from its first non-blank character
 *
 * A kind's letter ("p", "r", "f", "t", "e"), MAXACTIVE digits after r and
 * f (the kinds judge whether they apply), then ':' or a blank and what can
 * start a location ("p == 1" is a filter). Returns 0 if @s does not start
 * with a type.
 */
size_t kp_def_type_len(const char *s);

/**
 * kp_strip_return - the length of @s without a trailing KP_RETURN_SUFFIX
 * @s: a location
 * @len: its length
 *
 * Returns @len, or @len less the suffix when @s is more than the suffix
 * and ends with it.
 */
size_t kp_strip_return(const char *s, size_t len);

/**
 * kp_is_name_char - can @c be in an event name ([A-Za-z0-9_])?
 * @c: a character
 */
bool kp_is_name_char(char c);

#endif
