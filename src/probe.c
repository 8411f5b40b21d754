// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe definitions: tell them apart from filters, split them into what
 * the kernel judges and what this run decides (group, event name), and
 * compose the filter each probe gets.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "grammar.h"
#include "kind.h"
#include "probe.h"
#include "syntax.h"

static const char *skip_spaces(const char *s)
{
	return s + strspn(s, KP_BLANKS);
}

static bool first_word_is_return(const char *s)
{
	size_t len = strcspn(s, KP_BLANKS);

	return kp_strip_return(s, len) != len;
}

bool kp_is_definition(const char *arg)
{
	return kp_def_type_len(arg) > 0 || first_word_is_return(arg) || kp_syntax_bad_type(arg);
}

int kp_text_check(const char *what, const char *text, size_t max)
{
	size_t len = strlen(text);
	const unsigned char *c;

	if (len > max)
		return error("%s too long (%zu bytes, at most %zu)", what, len, max);
	for (c = (const unsigned char *)text; *c; c++) {
		if ((*c < 0x20 && *c != '\t') || *c == 0x7f)
			return error("%s '%.*s...' contains control character 0x%02x", what,
				     (int)(c - (const unsigned char *)text), text, *c);
	}
	return 0;
}

/* Could @s (of length @len) be an event name rather than a location? */
static bool looks_like_name(const char *s, size_t len)
{
	size_t i;

	if (!len || isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < len; i++)
		if (!kp_is_name_char(s[i]))
			return false;
	return true;
}

/*
 * perf-tools' rule: a second word with '=', '%' or '$' is an argument;
 * so is one no function name can be, a BTF field access like
 * "file->f_flags" or "buf[0]". But SYMBOL%return is a location.
 */
static bool looks_like_arg(const char *s, size_t len)
{
	size_t i;

	len = kp_strip_return(s, len);
	for (i = 0; i < len; i++)
		if (strchr("=%$->[(", s[i]))
			return true;
	return false;
}

static char *xstrndup(const char *s, size_t n)
{
	char *r = strndup(s, n);

	if (!r)
		error("out of memory");
	return r;
}

/* Copy the words of @s into one string, single-spaced; NULL if none */
static char *join_words(const char *s, int *err)
{
	size_t len = strlen(s);
	struct kp_span w;
	char *out, *o;

	*err = 0;
	s = skip_spaces(s);
	if (!*s)
		return NULL;
	out = malloc(len + 1);
	if (!out) {
		*err = error("out of memory");
		return NULL;
	}
	o = out;
	for (kp_word_next(s, 0, &w); w.len; kp_word_next(s, w.start + w.len, &w)) {
		if (o != out)
			*o++ = ' ';
		memcpy(o, s + w.start, w.len);
		o += w.len;
	}
	*o = '\0';
	return out;
}

/*
 * Decide the kind from the type and location, check that the kind takes
 * this form, and fill in the symbol and the default event name.
 */
static int parse_location(struct kp_probe *p, const struct kp_host_names *host)
{
	size_t len = strlen(p->location);
	const struct kp_kind *kind;
	char name[KP_NAME_MAX];

	p->kind = kp_kind_of(p->type, p->location, host, &p->kind_open);
	if (p->kind == KP_NR_KINDS)
		return error("invalid probe type in '%s'", p->definition);
	kind = &kp_kinds[p->kind];
	if (kp_strip_return(p->location, len) != len)
		p->is_return = true;
	if (p->is_return && !kind->can_return)
		return error("definition '%s': a%s %s has no return form", p->definition,
			     strchr("aeiou", kind->name[0]) ? "n" : "", kind->name);
	if (isdigit((unsigned char)p->type[1])) {
		if (!kind->maxactive)
			return error("definition '%s': a %s takes no MAXACTIVE", p->definition,
				     kind->name);
		if (!p->is_return)
			return error("definition '%s': MAXACTIVE is only for return probes",
				     p->definition);
	}
	if (kind->parse_location(p))
		return -1;
	kind->default_name(p, name, sizeof(name));
	if (!name[0])
		return error("definition '%s' has no location", p->definition);
	if (!p->event) {
		p->event = strdup(name);
		if (!p->event)
			return error("out of memory");
	}
	return 0;
}

int kp_probe_parse(const char *def, struct kp_probe *p)
{
	const char *s = skip_spaces(def), *name = NULL, *loc, *rest;
	struct kp_def_tokens t;
	size_t tlen, llen;
	int err;

	memset(p, 0, sizeof(*p));
	if (kp_text_check("definition", def, KP_DEFINITION_MAX) || kp_syntax_check(def))
		return -1;
	p->definition = strdup(def);
	if (!p->definition)
		return error("out of memory");

	kp_def_tokenize(def, strlen(def), &t);
	tlen = kp_def_type_len(s);
	if (tlen) {
		memcpy(p->type, s, tlen < sizeof(p->type) ? tlen : sizeof(p->type) - 1);
		if (tlen >= sizeof(p->type)) {
			error("invalid probe type in '%s'", def);
			goto fail;
		}
		p->is_return = s[0] == 'r';
		if (t.colon) {
			/* p:X ... where X is [GROUP/]EVENT or, perf-tools style, the location */
			const char *x = def + t.head.start, *next = def + t.next.start;

			if (!t.head.len) {
				error("definition '%s' has no function", def);
				goto fail;
			}
			if (t.grouped && (t.next.len || s[0] != 'e')) {
				/* GROUP/EVENT; but a lone e:SYSTEM/EVENT is an eprobe's location */
				name = x;
				loc = next;
			} else if (t.next.len && looks_like_name(x, t.head.len) &&
				   !looks_like_arg(next, t.next.len)) {
				name = x;
				loc = next;
				/* both could be the location: the kernel's lists settle it */
				p->name_guessed = looks_like_name(next, t.next.len);
			} else {
				loc = x;
			}
		} else {
			loc = def + t.next.start;
		}
	} else if (first_word_is_return(s)) {
		strcpy(p->type, "p");
		loc = s;
	} else {
		error("invalid definition '%s' (should start with p:, r:, f:, t: or e:, "
		      "or be SYMBOL%%return)",
		      def);
		goto fail;
	}

	llen = strcspn(loc, KP_BLANKS);
	if (!llen) {
		error("definition '%s' has no function", def);
		goto fail;
	}
	if (name) {
		const char *event = name;
		size_t elen = t.head.len;

		if (t.grouped) {
			p->group = xstrndup(def + t.group.start, t.group.len);
			event = def + t.event.start;
			elen = t.event.len;
			if (!p->group)
				goto fail;
			if (!*p->group || !elen) {
				error("definition '%s' has an empty group or event name", def);
				goto fail;
			}
		}
		p->event = xstrndup(event, elen);
		if (!p->event)
			goto fail;
		p->named = true;
	}
	p->location = xstrndup(loc, llen);
	if (!p->location)
		goto fail;
	rest = loc + llen;
	p->args = join_words(rest, &err);
	if (err)
		goto fail;
	if (parse_location(p, NULL))
		goto fail;
	return 0;
fail:
	kp_probe_release(p);
	return -1;
}

int kp_probe_settle_name(struct kp_probe *p, const struct kp_kernel_text *k)
{
	const struct kp_kind *kind = &kp_kinds[p->kind];
	char *args;

	if (!p->name_guessed || !kind->known || kind->known(p->location, k) ||
	    !kind->known(p->event, k))
		return 0;
	/* "X Y ARGS": X is the location, "Y ARGS" the arguments */
	if (asprintf(&args, "%s%s%s", p->location, p->args ? " " : "", p->args ? p->args : "") < 0)
		return error("out of memory");
	free(p->location);
	p->location = p->event;
	p->event = NULL;
	free(p->args);
	p->args = args;
	free(p->symbol);
	p->symbol = NULL;
	p->named = false;
	p->name_guessed = false;
	return parse_location(p, NULL) ? -1 : 1;
}

int kp_probe_settle_kind(struct kp_probe *p, const struct kp_host_names *host)
{
	enum kp_kind_id kind;
	bool open;

	if (!p->kind_open)
		return 0;
	kind = kp_kind_of(p->type, p->location, host, &open);
	if (kind == p->kind) {
		p->kind_open = open;
		return 0;
	}
	free(p->symbol);
	p->symbol = NULL;
	if (!p->named) {
		free(p->event);
		p->event = NULL;
	}
	return parse_location(p, host) ? -1 : 1;
}

void kp_probe_release(struct kp_probe *p)
{
	free(p->definition);
	free(p->group);
	free(p->event);
	free(p->shown);
	free(p->location);
	free(p->symbol);
	free(p->args);
	free(p->filter);
	memset(p, 0, sizeof(*p));
}

static bool same_name(const struct kp_probe *a, const struct kp_probe *b)
{
	const char *ga = a->group ? a->group : "", *gb = b->group ? b->group : "";

	return !strcmp(ga, gb) && !strcmp(a->event, b->event);
}

static bool name_taken(const struct kp_probe *probes, int upto, const struct kp_probe *p)
{
	int i;

	for (i = 0; i < upto; i++)
		if (&probes[i] != p && same_name(&probes[i], p))
			return true;
	return false;
}

static bool clashes_with_entry(const struct kp_probe *probes, int n, const struct kp_probe *p)
{
	int i;

	for (i = 0; i < n; i++)
		if (&probes[i] != p && !probes[i].is_return && same_name(&probes[i], p))
			return true;
	return false;
}

/* Give a defaulted name a suffix; truncate the base so the result fits */
static int rename_probe(struct kp_probe *p, const char *base, const char *suffix)
{
	char buf[KP_NAME_MAX];
	size_t slen = strlen(suffix);
	size_t blen = strlen(base);
	char *dup;

	if (blen + slen > sizeof(buf) - 1)
		blen = sizeof(buf) - 1 - slen;
	snprintf(buf, sizeof(buf), "%.*s%s", (int)blen, base, suffix);
	dup = strdup(buf);
	if (!dup)
		return error("out of memory");
	free(p->event);
	p->event = dup;
	return 0;
}

int kp_probes_assign_names(struct kp_probe *probes, int n)
{
	int i, j;

	/* user-given names first: they are never changed */
	for (i = 0; i < n; i++) {
		if (!probes[i].named)
			continue;
		for (j = 0; j < i; j++)
			if (probes[j].named && same_name(&probes[i], &probes[j]))
				return error("event '%s' is defined twice", probes[i].event);
	}
	/* a return probe sharing its default name with another probe becomes NAME_ret */
	for (i = 0; i < n; i++) {
		struct kp_probe *p = &probes[i];
		char *base;

		if (p->named || !p->is_return || !clashes_with_entry(probes, n, p))
			continue;
		base = strdup(p->event);
		if (!base || rename_probe(p, base, "_ret")) {
			free(base);
			return error("out of memory");
		}
		free(base);
	}
	/* any other clash: later defaults, and defaults hit by a user name, get _2, _3... */
	for (i = 0; i < n; i++) {
		struct kp_probe *p = &probes[i];
		char *base;
		int k;

		if (p->named || !name_taken(probes, n, p))
			continue;
		/* only later duplicates, and any default clashing with a user name, move */
		for (j = 0; j < i; j++)
			if (same_name(&probes[j], p))
				break;
		if (j == i) {
			for (j = i + 1; j < n; j++)
				if (probes[j].named && same_name(&probes[j], p))
					break;
			if (j == n)
				continue;
		}
		base = strdup(p->event);
		if (!base)
			return error("out of memory");
		for (k = 2; k < 1000; k++) {
			char suffix[16];

			snprintf(suffix, sizeof(suffix), "_%d", k);
			if (rename_probe(p, base, suffix)) {
				free(base);
				return -1;
			}
			if (!name_taken(probes, n, p))
				break;
		}
		free(base);
	}
	return 0;
}

const char *kp_probe_group(const struct kp_probe *p, const char *run_group)
{
	return p->group ? p->group : run_group;
}

char *kp_probe_command(const struct kp_probe *p, const char *run_group)
{
	char *cmd;
	int ret;

	ret = asprintf(&cmd, "%s:%s/%s %s%s%s", p->type, kp_probe_group(p, run_group), p->event,
		       p->location, p->args ? " " : "", p->args ? p->args : "");
	if (ret < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return cmd;
}

char *kp_filter_compose(const char *user, pid_t tid)
{
	char *out = NULL;
	int ret;

	if (user && !*skip_spaces(user))
		user = NULL;
	if (user && tid > 0)
		ret = asprintf(&out, "(%s) && common_pid == %d", user, (int)tid);
	else if (tid > 0)
		ret = asprintf(&out, "common_pid == %d", (int)tid);
	else
		ret = asprintf(&out, "%s", user ? user : "");
	if (ret < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return out;
}
