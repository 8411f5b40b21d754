// SPDX-License-Identifier: GPL-2.0-only
/*
 * --until's condition: parsed, matched to one of the run's events, and
 * made into the kernel's traceoff trigger.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "strbuf.h"
#include "syntax.h"
#include "until.h"

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '/' || c == '-';
}

int kp_until_parse(const char *spec, struct kp_until *u)
{
	const char *s = spec, *end, *cond = NULL;
	size_t len;

	memset(u, 0, sizeof(*u));
	if (kp_text_check("--until", spec, KP_FILTER_MAX))
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	for (end = s; *end && name_char(*end); end++)
		;
	len = (size_t)(end - s);
	/* "if FILTER" alone: the condition of no event */
	if (!len || (len == 2 && !strncmp(s, "if", 2) && *end))
		return error("--until '%s': no event name (EVENT or 'EVENT if FILTER')", spec);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end) {
		if (strncmp(end, "if", 2) || (end[2] != ' ' && end[2] != '\t'))
			return error("--until '%s': expected 'if FILTER' after '%.*s'", spec,
				     (int)len, s);
		cond = end + 3;
		while (*cond == ' ' || *cond == '\t')
			cond++;
		if (!*cond)
			return error("--until '%s': empty FILTER after 'if'", spec);
		if (kp_syntax_filter_check(cond))
			return -1;
	}
	u->event = strndup(s, len);
	u->filter = cond ? strdup(cond) : NULL;
	if (!u->event || (cond && !u->filter)) {
		kp_until_release(u);
		return error("out of memory");
	}
	return 0;
}

void kp_until_release(struct kp_until *u)
{
	free(u->event);
	free(u->filter);
	u->event = NULL;
	u->filter = NULL;
}

int kp_until_find(const struct kp_until *u, const struct kp_probe *probes, int n,
		  const char *run_group)
{
	struct kp_strbuf names = { 0 };
	int i;

	for (i = 0; i < n; i++) {
		const char *shown = kp_probe_shown(&probes[i]);
		const char *group = kp_probe_group(&probes[i], run_group);
		size_t glen = strlen(group);

		if (!strcmp(u->event, shown))
			return i;
		if (!strncmp(u->event, group, glen) && u->event[glen] == '/' &&
		    !strcmp(u->event + glen + 1, shown))
			return i;
	}
	for (i = 0; i < n; i++)
		if (kp_strbuf_printf(&names, "%s%s", i ? ", " : "", kp_probe_shown(&probes[i])))
			break;
	error("--until: no event '%s' in this run (its events: %s)", u->event,
	      names.buf ? names.buf : "");
	kp_strbuf_free(&names);
	return -1;
}

char *kp_until_trigger(const struct kp_until *u, const char *cond)
{
	char *text;
	int ret;

	if (cond && !*cond)
		cond = NULL;
	if (cond && u->filter)
		ret = asprintf(&text, "traceoff if (%s) && (%s)", cond, u->filter);
	else if (cond || u->filter)
		ret = asprintf(&text, "traceoff if %s", cond ? cond : u->filter);
	else
		ret = asprintf(&text, "traceoff");
	return ret < 0 ? NULL : text;
}

/* "NAME" as a JSON string followed by @after: the whole member's value */
static bool json_member(const char *line, size_t len, const char *key, const char *name)
{
	size_t klen = strlen(key), nlen = strlen(name), i;

	for (i = 0; i + klen + nlen + 3 <= len; i++) {
		const char *p = line + i;

		if (memcmp(p, key, klen))
			continue;
		p += klen;
		if (*p == '"' && !memcmp(p + 1, name, nlen) && p[1 + nlen] == '"')
			return true;
	}
	return false;
}

bool kp_until_line_is(const char *line, size_t len, const char *name, bool json)
{
	size_t nlen = strlen(name), i;

	if (json)
		return json_member(line, len, "\"event\":", name);
	/* ".DDDDDD: NAME:" - the first such is the time column's end */
	for (i = 7; i + 2 + nlen + 1 <= len; i++) {
		const char *p = line + i;
		int d;

		if (p[0] != ':' || p[1] != ' ')
			continue;
		for (d = 1; d <= 6 && isdigit((unsigned char)p[-d]); d++)
			;
		if (d <= 6 || p[-7] != '.')
			continue;
		return !memcmp(p + 2, name, nlen) && p[2 + nlen] == ':';
	}
	return false;
}
