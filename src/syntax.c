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
#include "ktext.h"
#include "syntax.h"

#define SPACES	      " \t"
/* The kernel's KRETPROBE_MAXACTIVE_MAX */
#define MAXACTIVE_MAX 4096

/* A word of a line: where it starts, how long it is */
struct word {
	size_t start, len;
};

/* Split @s at runs of blanks; returns the count, *@out malloc'd (NULL: none) */
static size_t split_words(const char *s, struct word **out)
{
	size_t n = 0, i = 0, max = strlen(s) / 2 + 1;
	struct word *w = malloc(max * sizeof(*w));

	*out = w;
	if (!w)
		return 0;
	while (s[i]) {
		i += strspn(s + i, SPACES);
		if (!s[i])
			break;
		w[n].start = i;
		w[n].len = strcspn(s + i, SPACES);
		i += w[n].len;
		n++;
	}
	return n;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Length of the type at @s: a letter and what follows it up to ':' or a blank */
static size_t type_len(const char *s)
{
	return strcspn(s, ": \t");
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
	size_t ctype = min_size(type_len(cmd), hlen), utype = min_size(type_len(uh), uhlen);
	const char *cslash = memchr(cmd, '/', hlen), *uslash = memchr(uh, '/', uhlen);
	bool ucolon = utype < uhlen && uh[utype] == ':';
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
	struct word *uw, *cw;
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
		while (uhlen && strchr(SPACES, def[uw[0].start + uhlen - 1]))
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
			size_t ulen = strcspn(def + ustart[j], SPACES);

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

size_t kp_syntax_symbol_column(const char *def, const char *cmd, const char *symbol)
{
	size_t loc_cmd = strcspn(cmd, SPACES), loc, len;
	const char *found;

	if (!cmd[loc_cmd])
		return kp_syntax_definition_column(def, cmd, 0);
	loc_cmd += strspn(cmd + loc_cmd, SPACES);
	loc = kp_syntax_definition_column(def, cmd, loc_cmd);
	/* "MOD:SYMBOL": the symbol within the location */
	len = strcspn(def + loc, SPACES);
	found = strstr(def + loc, symbol);
	if (found && (size_t)(found - def) < loc + len)
		return found - def;
	return loc;
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
	n += strspn(arg + n, SPACES);
	return isalpha((unsigned char)arg[n]) || arg[n] == '_';
}

/*
 * A location's only suffix is "%return" (the kernel's BAD_ADDR_SUFFIX);
 * without this check the tool would look for a function "SYM%suffix"
 */
static const char *bad_suffix(const char *def, const char *loc, size_t *col)
{
	size_t len = strcspn(loc, SPACES);
	const char *pct = memchr(loc, '%', len);

	if (!pct || (len - (pct - loc) == strlen("%return") && !strncmp(pct, "%return", 7)))
		return NULL;
	/* "%di" as a location is a register: an argument, not a location */
	if (pct == loc)
		return NULL;
	*col = pct - def;
	return "unknown suffix (only %return)";
}

const char *kp_syntax_find(const char *def, size_t *col)
{
	size_t base = strspn(def, SPACES), tlen, end = strlen(def);
	const char *s = def + base, *x;
	size_t xlen;

	while (end > base && strchr(SPACES, def[end - 1]))
		end--;
	*col = 0;
	if (s[0] != 'p' && s[0] != 'r')
		return NULL;
	tlen = type_len(s);
	if (tlen > 1) {
		/* "pN" or "rN": MAXACTIVE, return probes only, read as kstrtouint() does */
		unsigned long max;
		char *e;

		*col = base + 1;
		if (s[0] == 'p')
			return isdigit((unsigned char)s[1])
				       ? "MAXACTIVE is only for return probes (rN:)"
				       : NULL;
		if (!isdigit((unsigned char)s[1]))
			return NULL;
		errno = 0;
		max = strtoul(s + 1, &e, 0);
		if (errno || e != s + tlen || !max || max > UINT_MAX)
			return "MAXACTIVE must be a number from 1 to 4096";
		if (max > MAXACTIVE_MAX)
			return "MAXACTIVE is too big (at most 4096)";
	}
	if (s[tlen] != ':') {
		x = s + tlen + strspn(s + tlen, SPACES);
		if (!*x) {
			*col = end;
			return "no function or address to probe";
		}
		return bad_suffix(def, x, col);
	}
	x = s + tlen + 1;
	xlen = strcspn(x, SPACES);
	if (!xlen) {
		*col = x - def;
		return x[strspn(x, SPACES)] ? "event name is empty"
					    : "no function or address to probe";
	}
	/* GROUP/EVENT; a word with a ':' is a uprobe's PATH:SYMBOL */
	if (memchr(x, '/', xlen) && !memchr(x, ':', xlen)) {
		const char *slash = memchr(x, '/', xlen),
			   *loc = x + xlen + strspn(x + xlen, SPACES);

		if (slash == x) {
			*col = x - def;
			return "group name is empty";
		}
		if (slash + 1 == x + xlen) {
			*col = slash + 1 - def;
			return "event name is empty";
		}
		if (!*loc) {
			*col = end;
			return "no function or address to probe";
		}
		return bad_suffix(def, loc, col);
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
