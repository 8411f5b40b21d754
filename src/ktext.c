// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parsers for tracefs text files: per-CPU stats, error_log, kprobe_events
 * lines and this tool's own instance and group names.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktext.h"

/* clang-format off */
static const struct {
	const char *key;
	size_t offset;
} stats_fields[] = {
	{ "entries:",		offsetof(struct kp_cpu_stats, entries) },
	{ "overrun:",		offsetof(struct kp_cpu_stats, overrun) },
	{ "commit overrun:",	offsetof(struct kp_cpu_stats, commit_overrun) },
	{ "dropped events:",	offsetof(struct kp_cpu_stats, dropped) },
};
/* clang-format on */

int kp_stats_parse(const char *text, struct kp_cpu_stats *st)
{
	const char *line = text;
	int found = 0;
	size_t i;

	while (line && *line) {
		for (i = 0; i < sizeof(stats_fields) / sizeof(stats_fields[0]); i++) {
			size_t klen = strlen(stats_fields[i].key);
			unsigned long long v;
			char *end;

			if (strncmp(line, stats_fields[i].key, klen))
				continue;
			errno = 0;
			v = strtoull(line + klen, &end, 10);
			if (errno || end == line + klen)
				continue;
			*(unsigned long long *)((char *)st + stats_fields[i].offset) += v;
			found++;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return found;
}

const char *kp_errlog_last(const char *log, size_t *len)
{
	const char *line, *last = NULL;

	if (!log)
		return NULL;
	for (line = log; *line;) {
		if (*line == '[')
			last = line;
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	if (!last)
		return NULL;
	*len = strlen(last);
	while (*len && last[*len - 1] == '\n')
		(*len)--;
	return last;
}

pid_t kp_owner_pid(const char *name)
{
	const char *prefix = "kprobe_", *d;
	long v;

	if (strncmp(name, prefix, strlen(prefix)))
		return -1;
	d = name + strlen(prefix);
	if (!*d || strlen(d) > 7)
		return -1;
	for (const char *c = d; *c; c++)
		if (!isdigit((unsigned char)*c))
			return -1;
	if (d[0] == '0')
		return -1;
	v = strtol(d, NULL, 10);
	return v > 0 ? (pid_t)v : -1;
}

int kp_dynevent_split(const char *line, char *group, char *event, size_t size)
{
	const char *g, *slash, *e;
	size_t glen, elen;

	g = strchr(line, ':');
	if (!g || g == line || strcspn(line, " \t") < (size_t)(g - line))
		return -1;
	g++;
	elen = strcspn(g, " \t\n");
	slash = memchr(g, '/', elen);
	if (!slash)
		return -1;
	glen = slash - g;
	e = slash + 1;
	elen -= glen + 1;
	if (!glen || !elen || glen >= size || elen >= size)
		return -1;
	memcpy(group, g, glen);
	group[glen] = '\0';
	memcpy(event, e, elen);
	event[elen] = '\0';
	return 0;
}

bool kp_dynevent_find(const char *events, const char *group, const char *event)
{
	char g[64], e[64];
	const char *line = events;

	while (line && *line) {
		if (!kp_dynevent_split(line, g, e, sizeof(g)) && !strcmp(g, group) &&
		    !strcmp(e, event))
			return true;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return false;
}

/* Parse decimal digits at *@s; returns false if there are none */
static bool take_number(const char **s, const char *end, unsigned long long *v)
{
	const char *p = *s;

	*v = 0;
	while (p < end && *p >= '0' && *p <= '9') {
		if (*v > (~0ULL - 9) / 10)
			return false;
		*v = *v * 10 + (unsigned long long)(*p - '0');
		p++;
	}
	if (p == *s)
		return false;
	*s = p;
	return true;
}

static bool take(const char **s, const char *end, const char *word)
{
	size_t len = strlen(word);

	if ((size_t)(end - *s) < len || memcmp(*s, word, len))
		return false;
	*s += len;
	return true;
}

bool kp_lost_line(const char *line, size_t len, unsigned long long *lost)
{
	const char *s = line, *end = line + len;
	unsigned long long cpu;

	return take(&s, end, "CPU:") && take_number(&s, end, &cpu) && take(&s, end, " [LOST ") &&
	       take_number(&s, end, lost) && take(&s, end, " EVENTS]") && s == end;
}
