// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parsers for tracefs text files: per-CPU stats, error_log, kprobe_events
 * lines and this tool's own instance and group names; and reading such a
 * file whole.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktext.h"
#include "pidns.h"

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

int kp_errlog_entry_parse(const char *entry, struct kp_errlog_entry *e)
{
	const char *msg, *eol, *cmd, *cmd_eol;
	static const char command[] = "Command: ";

	memset(e, 0, sizeof(*e));
	e->column = -1;
	if (!entry)
		return -1;
	/* "[   12.345678] trace_kprobe: error: MSG" */
	eol = entry + strcspn(entry, "\n");
	msg = strstr(entry, ": error: ");
	if (!msg || msg > eol)
		return -1;
	msg += strlen(": error: ");
	e->message = strndup(msg, eol - msg);
	if (!e->message)
		return -1;
	if (!*eol)
		return 0;
	/* "  Command: CMD", then the caret under it */
	cmd = strstr(eol + 1, command);
	if (!cmd)
		return 0;
	cmd_eol = cmd + strcspn(cmd, "\n");
	e->command = strndup(cmd + strlen(command), cmd_eol - cmd - strlen(command));
	if (!e->command) {
		kp_errlog_entry_release(e);
		return -1;
	}
	if (*cmd_eol) {
		const char *line = cmd_eol + 1;
		size_t indent = cmd + strlen(command) - (eol + 1);

		const char *caret = line + strcspn(line, "^\n");
		if (*caret == '^' && (size_t)(caret - line) >= indent)
			e->column = (long)(caret - line - indent);
	}
	return 0;
}

void kp_errlog_entry_release(struct kp_errlog_entry *e)
{
	free(e->message);
	free(e->command);
	memset(e, 0, sizeof(*e));
	e->column = -1;
}

/*
 * Only the names of runs in this pid namespace: "kprobe_<pid>" in the
 * initial one, "kprobe_<pid>_<inode>" in another. A run cannot tell
 * whether another namespace's run lives (its pid means nothing here), so
 * it never takes that run's instance or probes for a dead one's: those
 * are cleaned by the next run in their own namespace.
 */
pid_t kp_owner_pid(const char *name)
{
	const char *prefix = "kprobe_", *d;
	char suffix[24] = "";
	size_t len;
	long v;

	if (strncmp(name, prefix, strlen(prefix)))
		return -1;
	d = name + strlen(prefix);
	len = strspn(d, "0123456789");
	if (kp_run_ns)
		snprintf(suffix, sizeof(suffix), "_%lu", kp_run_ns);
	if (!len || len > 7 || strcmp(d + len, suffix))
		return -1;
	if (d[0] == '0')
		return -1;
	v = strtol(d, NULL, 10);
	return v > 0 ? (pid_t)v : -1;
}

unsigned long kp_owner_foreign_ns(const char *name)
{
	const char *prefix = "kprobe_", *d;
	unsigned long long ino;
	size_t len;
	char *end;

	if (strncmp(name, prefix, strlen(prefix)))
		return 0;
	d = name + strlen(prefix);
	len = strspn(d, "0123456789");
	if (!len || len > 7 || d[0] == '0' || d[len] != '_' || !isdigit((unsigned char)d[len + 1]))
		return 0;
	errno = 0;
	ino = strtoull(d + len + 1, &end, 10);
	if (errno || *end || !ino || ino > 0xffffffffULL || ino == kp_run_ns)
		return 0;
	return (unsigned long)ino;
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

const char *kp_next_line(const char *line)
{
	line = strchr(line, '\n');
	return line ? line + 1 : NULL;
}

/* Parse "  NAME  HITS  MISSED" from a kprobe_profile line */
static bool profile_line(const char *line, char *name, size_t size, struct kp_profile *pr)
{
	const char *end = line + strcspn(line, "\n"), *s = line;
	size_t len;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	len = strcspn(s, " \t\n");
	if (!len || len >= size)
		return false;
	memcpy(name, s, len);
	name[len] = '\0';
	s += len;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (!take_number(&s, end, &pr->hits))
		return false;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (!take_number(&s, end, &pr->missed))
		return false;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s == end;
}

/* N of "rN:..." (0 for "p:..." and for "r:" without N) */
static unsigned int line_maxactive(const char *line)
{
	unsigned long v = 0;

	if (line[0] != 'r')
		return 0;
	for (line++; *line >= '0' && *line <= '9' && v <= KP_MAXACTIVE_MAX; line++)
		v = v * 10 + (unsigned long)(*line - '0');
	return v > KP_MAXACTIVE_MAX ? KP_MAXACTIVE_MAX : (unsigned int)v;
}

int kp_profile_find(const char *events, const char *profile, const char *group, const char *event,
		    struct kp_profile *out)
{
	const char *el = events, *pl = profile;
	char g[64], e[64], name[64];
	bool found = false;

	if (!events || !profile)
		return -1;
	/* walk both to the end: a length mismatch means they do not line up */
	while (el && *el && pl && *pl) {
		struct kp_profile pr = { 0 };

		if (kp_dynevent_split(el, g, e, sizeof(g)) ||
		    !profile_line(pl, name, sizeof(name), &pr) || strcmp(name, e))
			return -1;
		if (!strcmp(g, group) && !strcmp(e, event)) {
			pr.maxactive = line_maxactive(el);
			*out = pr;
			found = true;
		}
		el = kp_next_line(el);
		pl = kp_next_line(pl);
	}
	if ((el && *el) || (pl && *pl))
		return -1;
	return found ? 0 : -1;
}

unsigned int kp_maxactive_suggest(const struct kp_profile *pr)
{
	unsigned long long cur = pr->maxactive ? pr->maxactive : 1, want, n = 1;

	if (cur >= KP_MAXACTIVE_MAX)
		return 0;
	/* as many instances as calls per seen return, and at least twice N */
	want = pr->hits ? cur * (pr->hits + pr->missed) / pr->hits : cur + pr->missed;
	if (want < 2 * cur)
		want = 2 * cur;
	while (n < want && n < KP_MAXACTIVE_MAX)
		n *= 2;
	return (unsigned int)n;
}

bool kp_readme_has_kind(const char *readme, char kind)
{
	const char *line;

	for (line = readme; line && *line; line = kp_next_line(line)) {
		const char *s = line + strspn(line, " \t");
		size_t len = strcspn(s, " \t\n");

		/* the first kind follows "Format:" on its line */
		if (len == strlen("Format:") && !strncmp(s, "Format:", len)) {
			s += len;
			s += strspn(s, " \t");
			len = strcspn(s, " \t\n");
		}
		if (len > 2 && s[0] == kind && s[1] == '[' && memmem(s, len, "<group>/", 8))
			return true;
	}
	return false;
}

char *kp_read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}
