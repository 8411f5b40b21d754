// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's name lists (available_filter_functions, the blacklist,
 * available_events, kprobes/list): is a function traceable, is it
 * blacklisted, is an event or tracepoint there, and which
 * names did the user probably mean.
 */
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "namelist.h"
#include "ktext.h"

/* Calls @fn on each line's first word; stops when @fn returns true */
static bool each_first_word(const char *text, bool (*fn)(const char *w, size_t len, void *ctx),
			    void *ctx)
{
	const char *line = text;

	while (line && *line) {
		size_t len = strcspn(line, " \t\n");

		if (len && fn(line, len, ctx))
			return true;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return false;
}

static bool word_is(const char *w, size_t len, void *ctx)
{
	const char *sym = ctx;

	return len == strlen(sym) && !memcmp(w, sym, len);
}

bool kp_func_find(const char *funcs, const char *sym)
{
	if (!funcs || !*sym)
		return false;
	return each_first_word(funcs, word_is, (void *)sym);
}

bool kp_blacklist_find(const char *blacklist, const char *sym)
{
	const char *line = blacklist;
	size_t slen = strlen(sym);

	while (line && *line) {
		const char *name = line + strcspn(line, "\t \n");
		size_t len;

		name += strspn(name, "\t ");
		len = strcspn(name, " \t\n");
		if (len == slen && slen && !memcmp(name, sym, len))
			return true;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return false;
}

struct suggest_ctx {
	const char *sym;
	size_t slen;
	unsigned int limit;
	int count;
	unsigned int dist[KP_SUGGEST_MAX];
	char (*out)[KP_SYM_MAX];
};

/* Levenshtein distance, giving up (returning limit + 1) past @limit */
static unsigned int distance(const char *a, size_t alen, const char *b, size_t blen,
			     unsigned int limit)
{
	unsigned int row[KP_SYM_MAX + 1];
	size_t i, j;

	if (alen > KP_SYM_MAX || blen > KP_SYM_MAX)
		return limit + 1;
	for (j = 0; j <= blen; j++)
		row[j] = j;
	for (i = 1; i <= alen; i++) {
		unsigned int diag = row[0], best;

		row[0] = i;
		best = row[0];
		for (j = 1; j <= blen; j++) {
			unsigned int up = row[j];
			unsigned int cost = diag + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < cost)
				cost = row[j] + 1;
			if (row[j - 1] + 1 < cost)
				cost = row[j - 1] + 1;
			row[j] = cost;
			diag = up;
			if (cost < best)
				best = cost;
		}
		if (best > limit)
			return limit + 1;
	}
	return row[blen];
}

static bool already(const struct suggest_ctx *c, const char *w, size_t len)
{
	int i;

	for (i = 0; i < c->count; i++)
		if (strlen(c->out[i]) == len && !memcmp(c->out[i], w, len))
			return true;
	return false;
}

static bool consider(const char *w, size_t len, void *ctx)
{
	struct suggest_ctx *c = ctx;
	unsigned int d;
	int i, pos;

	if (len >= KP_SYM_MAX)
		return false;
	if ((len > c->slen ? len - c->slen : c->slen - len) > c->limit)
		return false;
	d = distance(c->sym, c->slen, w, len, c->limit);
	if (d > c->limit || (c->count == KP_SUGGEST_MAX && d >= c->dist[c->count - 1]))
		return false;
	if (already(c, w, len))
		return false;
	/* insert sorted by distance, first seen first among equals */
	for (pos = c->count; pos > 0 && c->dist[pos - 1] > d; pos--)
		;
	if (c->count < KP_SUGGEST_MAX)
		c->count++;
	for (i = c->count - 1; i > pos; i--) {
		c->dist[i] = c->dist[i - 1];
		memcpy(c->out[i], c->out[i - 1], KP_SYM_MAX);
	}
	c->dist[pos] = d;
	memcpy(c->out[pos], w, len);
	c->out[pos][len] = '\0';
	return false;
}

int kp_func_suggest(const char *funcs, const char *sym, char out[KP_SUGGEST_MAX][KP_SYM_MAX])
{
	struct suggest_ctx c = {
		.sym = sym,
		.slen = strlen(sym),
		.out = out,
	};

	if (!funcs || !c.slen || c.slen >= KP_SYM_MAX)
		return 0;
	c.limit = c.slen / 3 > 2 ? c.slen / 3 : 2;
	each_first_word(funcs, consider, &c);
	return c.count;
}

/* Split an available_events line "system:event" at @line */
static bool event_line(const char *line, const char **sys, size_t *slen, const char **ev,
		       size_t *elen)
{
	size_t len = strcspn(line, "\n");
	const char *colon = memchr(line, ':', len);

	if (!colon || colon == line || colon + 1 == line + len)
		return false;
	*sys = line;
	*slen = colon - line;
	*ev = colon + 1;
	*elen = len - *slen - 1;
	return true;
}

static bool is_tracepoint_system(const char *sys, size_t slen)
{
	return !(slen == 8 && !memcmp(sys, "syscalls", 8)) &&
	       !(slen == 6 && !memcmp(sys, "ftrace", 6));
}

bool kp_event_find(const char *events, const char *system, const char *event)
{
	const char *line, *sys, *ev;
	size_t slen, elen;

	for (line = events; line && *line; line = kp_next_line(line))
		if (event_line(line, &sys, &slen, &ev, &elen) && slen == strlen(system) &&
		    !memcmp(sys, system, slen) && elen == strlen(event) && !memcmp(ev, event, elen))
			return true;
	return false;
}

static void suggest_init(struct suggest_ctx *c, const char *name,
			 char out[KP_SUGGEST_MAX][KP_SYM_MAX])
{
	memset(c, 0, sizeof(*c));
	c->sym = name;
	c->slen = strlen(name);
	c->out = out;
	c->limit = c->slen / 3 > 2 ? c->slen / 3 : 2;
}

int kp_event_suggest(const char *events, const char *name, char out[KP_SUGGEST_MAX][KP_SYM_MAX])
{
	const char *line, *sys, *ev;
	char buf[KP_SYM_MAX];
	struct suggest_ctx c;
	size_t slen, elen;

	suggest_init(&c, name, out);
	if (!events || !c.slen || c.slen >= KP_SYM_MAX)
		return 0;
	for (line = events; line && *line; line = kp_next_line(line)) {
		if (!event_line(line, &sys, &slen, &ev, &elen) || slen + 1 + elen >= KP_SYM_MAX)
			continue;
		memcpy(buf, sys, slen);
		buf[slen] = '.';
		memcpy(buf + slen + 1, ev, elen);
		consider(buf, slen + 1 + elen, &c);
	}
	return c.count;
}

bool kp_tracepoint_find(const char *events, const char *name)
{
	const char *line, *sys, *ev;
	size_t slen, elen;

	for (line = events; line && *line; line = kp_next_line(line))
		if (event_line(line, &sys, &slen, &ev, &elen) && is_tracepoint_system(sys, slen) &&
		    elen == strlen(name) && !memcmp(ev, name, elen))
			return true;
	return false;
}

int kp_tracepoint_suggest(const char *events, const char *name,
			  char out[KP_SUGGEST_MAX][KP_SYM_MAX])
{
	const char *line, *sys, *ev;
	struct suggest_ctx c;
	size_t slen, elen;

	suggest_init(&c, name, out);
	if (!events || !c.slen || c.slen >= KP_SYM_MAX)
		return 0;
	for (line = events; line && *line; line = kp_next_line(line))
		if (event_line(line, &sys, &slen, &ev, &elen) && is_tracepoint_system(sys, slen))
			consider(ev, elen, &c);
	return c.count;
}

bool kp_kprobes_all_ftrace(const char *list)
{
	const char *line;
	bool any = false;

	for (line = list; line && *line; line = kp_next_line(line)) {
		size_t len = strcspn(line, "\n");

		if (!len)
			continue;
		if (!memmem(line, len, "[FTRACE]", strlen("[FTRACE]")))
			return false;
		any = true;
	}
	return any;
}

void kp_suggest_note(const char names[KP_SUGGEST_MAX][KP_SYM_MAX], int n)
{
	if (n == 1)
		note("did you mean '%s'?", names[0]);
	else if (n == 2)
		note("did you mean '%s' or '%s'?", names[0], names[1]);
	else if (n >= 3)
		note("did you mean '%s', '%s' or '%s'?", names[0], names[1], names[2]);
}
