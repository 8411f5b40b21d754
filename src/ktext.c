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

static const struct {
	const char *key;
	size_t offset;
} stats_fields[] = {
	{ "entries:",		offsetof(struct kp_cpu_stats, entries) },
	{ "overrun:",		offsetof(struct kp_cpu_stats, overrun) },
	{ "commit overrun:",	offsetof(struct kp_cpu_stats, commit_overrun) },
	{ "dropped events:",	offsetof(struct kp_cpu_stats, dropped) },
};

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
	for (line = log; *line; ) {
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

bool kp_lost_line(const char *line, size_t len, unsigned long long *lost)
{
	char buf[96], tail[2];
	unsigned int cpu;

	if (len >= sizeof(buf) || len < 4 || strncmp(line, "CPU:", 4))
		return false;
	memcpy(buf, line, len);
	buf[len] = '\0';
	return sscanf(buf, "CPU:%u [LOST %llu EVENTS]%1s", &cpu, lost, tail) == 2 &&
	       !strcmp(buf + len - strlen("EVENTS]"), "EVENTS]");
}
