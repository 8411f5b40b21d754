// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's kprobes in modules, found in kprobes/list, and watched there
 * for the [GONE] the kernel marks them with when their module goes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modwatch.h"

/*
 * One line of kprobes/list, as report_probe() prints it:
 * "ADDR  TYPE  SYM+0xOFF  MODULE FLAGS", MODULE blank for the core
 * kernel, FLAGS such as "[GONE]", "[DISABLED]", "[FTRACE]"
 */
struct list_line {
	unsigned long long addr;
	const char *sym; /* "SYM+0xOFF", up to the next space */
	size_t sym_len;
	const char *mod; /* NULL: none */
	size_t mod_len;
	bool gone;
};

static const char *skip_spaces(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *word_end(const char *p, const char *end)
{
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	return p;
}

static bool parse_line(const char *p, const char *end, struct list_line *l)
{
	const char *w;
	char *num_end;

	memset(l, 0, sizeof(*l));
	l->addr = strtoull(p, &num_end, 16);
	if (num_end == p || num_end > end)
		return false;
	p = skip_spaces(word_end(num_end, end), end); /* the type */
	p = skip_spaces(word_end(p, end), end);
	w = word_end(p, end);
	if (w == p)
		return false;
	l->sym = p;
	l->sym_len = (size_t)(w - p);
	p = skip_spaces(w, end);
	w = word_end(p, end);
	if (w > p && *p != '[') {
		l->mod = p;
		l->mod_len = (size_t)(w - p);
		p = skip_spaces(w, end);
	}
	l->gone = memmem(p, (size_t)(end - p), "[GONE]", 6) != NULL;
	return true;
}

/*
 * SYMBOL+0xOFFS as kprobes/list names the probe's place, from its
 * location; with no offset given, "SYMBOL+0x" (any offset: the kernel
 * puts a probe on a function's entry past its endbr64 with IBT, +0x4)
 */
static int place_of(const struct kp_probe *p, char *buf, size_t size)
{
	const char *plus = strchr(p->location, '+');
	int n;

	if (plus) {
		unsigned long long off;
		char *end;

		errno = 0;
		off = strtoull(plus + 1, &end, 0);
		if (errno || *end)
			return -1;
		n = snprintf(buf, size, "%s+0x%llx", p->symbol, off);
	} else {
		n = snprintf(buf, size, "%s+0x", p->symbol);
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Is @l the line of @place (a whole SYMBOL+0xOFFS, or a prefix ending in "+0x")? */
static bool at_place(const struct list_line *l, const char *place)
{
	size_t n = strlen(place);

	if (n && place[n - 1] == 'x')
		return l->sym_len > n && !memcmp(l->sym, place, n);
	return l->sym_len == n && !memcmp(l->sym, place, n);
}

/* The line of @list that is probe @p's (a kprobe on a symbol), not [GONE]; false if none */
static bool find_line(const char *list, const struct kp_probe *p, struct list_line *l)
{
	const char *line, *end;
	char place[256];

	if (p->kind != KP_KIND_KPROBE || !p->symbol || place_of(p, place, sizeof(place)))
		return false;
	for (line = list; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (parse_line(line, end, l) && !l->gone && at_place(l, place))
			return true;
	}
	return false;
}

int kp_modwatch_init(struct kp_modwatch *w, const struct kp_probe *probes, int n, const char *list)
{
	int i;

	memset(w, 0, sizeof(*w));
	w->nr_probes = n;
	if (!list)
		return 0;
	for (i = 0; i < n; i++) {
		struct kp_modwatch_probe *more;
		struct list_line l;

		if (!find_line(list, &probes[i], &l) || !l.mod || l.mod_len >= sizeof(w->w->module))
			continue;
		more = realloc(w->w, (w->n + 1) * sizeof(*w->w));
		if (!more)
			return -1;
		w->w = more;
		more = &w->w[w->n++];
		memset(more, 0, sizeof(*more));
		more->probe = i;
		more->addr = l.addr;
		memcpy(more->module, l.mod, l.mod_len);
	}
	return w->n;
}

int kp_kprobes_list_in_module(const char *list, const struct kp_probe *p)
{
	struct list_line l;

	if (!list || !find_line(list, p, &l))
		return -1;
	return l.mod != NULL;
}

int kp_modwatch_check(struct kp_modwatch *w, const char *list)
{
	const char *line, *end;
	int found = 0, i;

	for (line = list; line && *line; line = *end ? end + 1 : end) {
		struct list_line l;

		end = strchrnul(line, '\n');
		if (!parse_line(line, end, &l) || !l.gone)
			continue;
		for (i = 0; i < w->n; i++) {
			if (w->w[i].gone || w->w[i].addr != l.addr)
				continue;
			w->w[i].gone = true;
			w->gone++;
			found++;
		}
	}
	return found;
}

void kp_modwatch_destroy(struct kp_modwatch *w)
{
	free(w->w);
	memset(w, 0, sizeof(*w));
}
