// SPDX-License-Identifier: GPL-2.0-only
/*
 * Errors in the user's own words: the kernel's error_log column mapped
 * back into the user's text, and the mistakes the tool refuses itself,
 * blamed where the kernel would blame them.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "grammar.h"
#include "ktext.h"
#include "syntax.h"

/* KP_MAXACTIVE_MAX as text, for the messages */
#define STR(x)		  #x
#define XSTR(x)		  STR(x)
#define MAXACTIVE_MAX_STR XSTR(KP_MAXACTIVE_MAX)

/* Split @s at runs of blanks; returns the count, *@out malloc'd (NULL: none) */
static size_t split_words(const char *s, struct kp_span **out)
{
	size_t n = 0, max = strlen(s) / 2 + 2; /* the words and the empty one after */
	struct kp_span *w = malloc(max * sizeof(*w));

	*out = w;
	if (!w)
		return 0;
	for (kp_word_next(s, 0, &w[0]); w[n].len;
	     kp_word_next(s, w[n - 1].start + w[n - 1].len, &w[n]))
		n++;
	return n;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/*
 * A column in the header the tool wrote, "TYPE:GROUP/EVENT", mapped into
 * what the user wrote before the location: @uh (length @uhlen, at @ubase
 * in the definition), which has some of TYPE, ':', GROUP '/' and EVENT.
 * What the user left out the tool derived from the location, at @loc.
 */
static size_t header_column(const char *cmd, size_t hlen, size_t col, const char *uh, size_t uhlen,
			    size_t ubase, size_t loc)
{
	struct kp_def_tokens u;
	size_t ctype, utype;
	const char *cslash = memchr(cmd, '/', hlen), *uslash;
	bool ucolon;

	/* the tool's header is "TYPE:GROUP/EVENT"; the user's, the tokenizer's words */
	ctype = min_size(strcspn(cmd, ": \t"), hlen);
	kp_def_tokenize(uh, uhlen, &u);
	utype = u.type.len;
	ucolon = u.colon;
	uslash = u.grouped ? uh + u.event.start - 1 : NULL;
	size_t ugroup = ucolon ? utype + 1 : uhlen; /* where GROUP or EVENT starts */
	size_t cevent = cslash ? (size_t)(cslash - cmd) + 1 : ctype + 1;
	size_t uevent = uslash ? (size_t)(uslash - uh) + 1 : ugroup;

	if (col < ctype)
		return utype ? ubase + min_size(col, utype - 1) : loc;
	if (col == ctype)
		return ucolon ? ubase + utype : (utype ? ubase + utype : loc);
	if (cslash && col < cevent - 1) {
		/* the group: the user's, or the start of what they named */
		if (uslash)
			return ubase + ugroup + min_size(col - ctype - 1, uslash - uh - ugroup);
		return ugroup < uhlen ? ubase + ugroup : loc;
	}
	if (cslash && col == cevent - 1)
		return uslash ? ubase + (uslash - uh) : (ugroup < uhlen ? ubase + ugroup : loc);
	/* the event */
	if (uevent < uhlen)
		return ubase + uevent + min_size(col - cevent, uhlen - uevent);
	return loc;
}

size_t kp_syntax_definition_column(const char *def, const char *cmd, size_t col)
{
	struct kp_span *uw, *cw;
	size_t n = split_words(def, &uw), m = split_words(cmd, &cw);
	size_t *ustart = NULL, result, i, j, uhlen;
	size_t end = uw && n ? uw[n - 1].start + uw[n - 1].len : strlen(def);

	if (!uw || !cw || !m || !n || col >= strlen(cmd)) {
		result = end;
		goto out;
	}
	/* the words after the header are the user's, last to last */
	ustart = calloc(m, sizeof(*ustart));
	if (!ustart) {
		result = min_size(col, end);
		goto out;
	}
	for (j = m - 1, i = n; j >= 1; j--) {
		const char *c = cmd + cw[j].start;

		if (!i) {
			ustart[j] = uw[0].start;
			continue;
		}
		i--;
		if (uw[i].len > cw[j].len && j == 1 &&
		    !memcmp(def + uw[i].start + uw[i].len - cw[j].len, c, cw[j].len))
			/* "p:SYMBOL": the location is the end of the first word */
			ustart[j] = uw[i].start + uw[i].len - cw[j].len;
		else
			ustart[j] = uw[i].start;
	}
	if (m == 1 || col < cw[1].start - 1) {
		/* in the header: what the user wrote before the location */
		size_t loc = m > 1 ? ustart[1] : end;

		uhlen = loc > uw[0].start ? loc - uw[0].start : 0;
		while (uhlen && strchr(KP_BLANKS, def[uw[0].start + uhlen - 1]))
			uhlen--;
		/* a first word that is the location itself ("SYMBOL%return") */
		if (m > 1 && loc == uw[0].start)
			uhlen = 0;
		result = header_column(cmd + cw[0].start, cw[0].len, col - cw[0].start,
				       def + uw[0].start, uhlen, uw[0].start, loc);
		goto out;
	}
	for (j = m - 1; j >= 1; j--) {
		if (col >= cw[j].start) {
			size_t k = col - cw[j].start;
			size_t ulen = strcspn(def + ustart[j], KP_BLANKS);

			result = ustart[j] + min_size(k, ulen);
			goto out;
		}
		if (col == cw[j].start - 1) {
			/* the blank before a word */
			result = ustart[j] ? ustart[j] - 1 : 0;
			goto out;
		}
	}
	result = end;
out:
	free(ustart);
	free(uw);
	free(cw);
	return min_size(result, strlen(def));
}

size_t kp_syntax_filter_column(const char *user, const char *composed, size_t col)
{
	size_t len = user ? strlen(user) : 0;

	if (!user)
		return 0;
	if (composed[0] == '(' && !strncmp(composed + 1, user, len) &&
	    strncmp(composed, user, len + 1)) {
		/* "(USER) && common_pid == N" */
		return col ? min_size(col - 1, len) : 0;
	}
	return min_size(col, len);
}

bool kp_syntax_explain(const char *what, const char *entry, const char *user, const char *written,
		       bool filter)
{
	struct kp_errlog_entry e;
	size_t col;

	if (kp_errlog_entry_parse(entry, &e))
		return false;
	error("%s: %s", what, e.message);
	if (e.command && written && !strcmp(e.command, written) && user) {
		if (e.column < 0)
			note("%s", user);
		else if (filter)
			kp_syntax_show(user, kp_syntax_filter_column(user, written, e.column));
		else
			kp_syntax_show(user, kp_syntax_definition_column(user, written, e.column));
	} else if (e.command) {
		/* not what we wrote, or all ours: the kernel's own view */
		col = e.column < 0 ? 0 : (size_t)e.column;
		if (e.column < 0)
			note("%s", e.command);
		else
			kp_syntax_show(e.command, min_size(col, strlen(e.command)));
	}
	kp_errlog_entry_release(&e);
	return true;
}

void kp_syntax_show(const char *text, size_t col)
{
	char *caret = malloc(col + 2);
	size_t i;

	note("%s", text);
	if (!caret)
		return;
	/* blanks as in the text, so that tabs line up */
	for (i = 0; i < col; i++)
		caret[i] = text[i] == '\t' ? '\t' : ' ';
	caret[col] = '^';
	caret[col + 1] = '\0';
	note("%s", caret);
	free(caret);
}

bool kp_syntax_bad_type(const char *arg)
{
	size_t n = 1;

	if ((arg[0] != 'p' && arg[0] != 'r') || !isdigit((unsigned char)arg[1]))
		return false;
	while (isalnum((unsigned char)arg[n]))
		n++;
	if (arg[n] == ':')
		return true;
	if (arg[n] != ' ' && arg[n] != '\t')
		return false;
	/* and a function name after it, not a filter's operator */
	n += strspn(arg + n, KP_BLANKS);
	return isalpha((unsigned char)arg[n]) || arg[n] == '_';
}

/*
 * A location's only suffix is "%return" (the kernel's BAD_ADDR_SUFFIX);
 * without this check the tool would look for a function "SYM%suffix"
 */
static const char *bad_suffix(const char *def, const char *loc, size_t *col)
{
	size_t len = strcspn(loc, KP_BLANKS);
	const char *pct = memchr(loc, '%', len);

	if (!pct || kp_strip_return(loc, len) == (size_t)(pct - loc))
		return NULL;
	/* "%di" as a location is a register: an argument, not a location */
	if (pct == loc)
		return NULL;
	*col = pct - def;
	return "unknown suffix (only %return)";
}

const char *kp_syntax_find(const char *def, size_t *col)
{
	struct kp_def_tokens t;
	const char *s, *x;
	size_t tlen;

	kp_def_tokenize(def, strlen(def), &t);
	s = def + t.start;
	*col = 0;
	if (s[0] != 'p' && s[0] != 'r')
		return NULL;
	tlen = t.type.len;
	if (tlen > 1) {
		/* "pN" or "rN": MAXACTIVE, return probes only, read as kstrtouint() does */
		unsigned long max;
		char *e;

		*col = t.start + 1;
		if (s[0] == 'p')
			return isdigit((unsigned char)s[1])
				       ? "MAXACTIVE is only for return probes (rN:)"
				       : NULL;
		if (!isdigit((unsigned char)s[1]))
			return NULL;
		errno = 0;
		max = strtoul(s + 1, &e, 0);
		if (errno || e != s + tlen || !max || max > UINT_MAX)
			return "MAXACTIVE must be a number from 1 to " MAXACTIVE_MAX_STR;
		if (max > KP_MAXACTIVE_MAX)
			return "MAXACTIVE is too big (at most " MAXACTIVE_MAX_STR ")";
	}
	if (!t.colon) {
		if (!t.next.len) {
			*col = t.end;
			return "no function or address to probe";
		}
		return bad_suffix(def, def + t.next.start, col);
	}
	x = def + t.head.start;
	if (!t.head.len) {
		*col = t.head.start;
		return t.next.len ? "event name is empty" : "no function or address to probe";
	}
	if (t.grouped) {
		if (!t.group.len) {
			*col = t.head.start;
			return "group name is empty";
		}
		if (!t.event.len) {
			*col = t.event.start;
			return "event name is empty";
		}
		if (!t.next.len) {
			*col = t.end;
			return "no function or address to probe";
		}
		return bad_suffix(def, def + t.next.start, col);
	}
	/* "p:SYMBOL%suffix", the location in the first word */
	return bad_suffix(def, x, col);
}

int kp_syntax_check(const char *def)
{
	size_t col;
	const char *why = kp_syntax_find(def, &col);

	if (!why)
		return 0;
	error("invalid definition: %s", why);
	kp_syntax_show(def, col);
	return -1;
}

/*
 * Read as the kernel's calc_stack() in kernel/trace/trace_events_filter.c
 * reads a filter: a string runs from a '"' or '\'' to the next same quote,
 * with no escapes (a backslash in it is an ordinary character), and only
 * parentheses outside strings count.
 */
const char *kp_syntax_filter_find(const char *filter, size_t *col)
{
	size_t len = strlen(filter), depth = 0, i, quote_at = 0;
	size_t *open = malloc((len + 1) * sizeof(*open));
	const char *why = NULL;
	char quote = 0;

	*col = 0;
	if (!open)
		return NULL; /* the kernel judges */
	for (i = 0; i < len && !why; i++) {
		if (quote) {
			if (filter[i] == quote)
				quote = 0;
			continue;
		}
		switch (filter[i]) {
		case '"':
		case '\'':
			quote = filter[i];
			quote_at = i;
			break;
		case '(':
			open[depth++] = i;
			break;
		case ')':
			if (!depth) {
				*col = i;
				why = "')' without a '(' before it";
			} else {
				depth--;
			}
			break;
		}
	}
	if (!why && quote) {
		*col = quote_at;
		why = "string without its closing quote";
	} else if (!why && depth) {
		/* the last one left open, where the kernel blames it too */
		*col = open[depth - 1];
		why = "'(' without a ')' after it";
	}
	free(open);
	return why;
}

int kp_syntax_filter_check(const char *filter)
{
	size_t col;
	const char *why = kp_syntax_filter_find(filter, &col);

	if (!why)
		return 0;
	error("invalid filter: %s", why);
	kp_syntax_show(filter, col);
	return -1;
}
