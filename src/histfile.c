// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's `hist` file, parsed into tables of entries (see histfile.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "histfile.h"

static char *dup_trimmed(const char *s, size_t n)
{
	char *d;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Does @p start ", NAME: " (NAME an identifier, maybe with a '.')? Returns its length */
static size_t next_key_at(const char *p)
{
	const char *q = p + 2;

	if (p[0] != ',' || p[1] != ' ' || !(isalpha((unsigned char)*q) || *q == '_'))
		return 0;
	while (isalnum((unsigned char)*q) || *q == '_' || *q == '.')
		q++;
	return q[0] == ':' && (q[1] == ' ' || q[1] == '\n' || !q[1]) ? (size_t)(q + 1 - p) : 0;
}

/* How many keys the trigger text names: "hist:keys=a,b.log2:vals=..." */
static int trigger_keys(const char *trigger)
{
	const char *k = strstr(trigger, ":keys=");
	int n = 1;

	if (!k)
		k = strstr(trigger, ":key=");
	if (!k)
		return 0;
	for (k = strchr(k, '=') + 1; *k && *k != ':' && *k != ' '; k++)
		n += *k == ',';
	return n;
}

static struct kp_hist_table *new_table(struct kp_hist_file *hf)
{
	struct kp_hist_table *t = realloc(hf->tables, (hf->nr_tables + 1) * sizeof(*t));

	if (!t)
		return NULL;
	hf->tables = t;
	t += hf->nr_tables++;
	memset(t, 0, sizeof(*t));
	return t;
}

static int set_name(char **slot, const char *name, size_t n)
{
	if (*slot)
		return 0;
	*slot = dup_trimmed(name, n);
	return *slot ? 0 : -1;
}

/* "hitcount:   N  name:   N ...": the values after the keys */
static int parse_vals(struct kp_hist_table *t, struct kp_hist_entry *e, const char *p)
{
	int nv = 0;

	while (*p) {
		const char *name, *colon;
		char *end;
		unsigned long long v;

		while (*p == ' ' || *p == '\t')
			p++;
		name = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
			p++;
		colon = p;
		if (*p != ':' || colon == name)
			break;
		p++;
		while (*p == ' ')
			p++;
		if (!isdigit((unsigned char)*p))
			break;
		errno = 0;
		v = strtoull(p, &end, 10);
		if (errno)
			return -2;
		p = end;
		if ((size_t)(colon - name) == 8 && !strncmp(name, "hitcount", 8)) {
			e->hitcount = v;
			continue;
		}
		if (nv >= KP_HIST_VALS_MAX)
			continue;
		if (set_name(&t->val_name[nv], name, colon - name))
			return -1;
		e->val[nv++] = v;
	}
	if (nv > t->nr_vals)
		t->nr_vals = nv;
	return 0;
}

/*
 * One entry from @line (its first line) on; a stack key takes the lines
 * after it up to "}" or ", ". *@next is set past what was used. Returns
 * 0, -1 (ENOMEM) or -2 (not an entry).
 */
static int parse_entry(struct kp_hist_table *t, const char *line, const char **next)
{
	struct kp_hist_entry e;
	const char *p = line + 2, *end_of_keys = NULL;
	char *frames = NULL;
	int nk = 0, want = t->trigger ? trigger_keys(t->trigger) : 0, err = -2;

	memset(&e, 0, sizeof(e));
	for (;;) {
		const char *name = p, *v, *vend;
		size_t len;

		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
			p++;
		if (*p != ':' || p == name || nk >= KP_HIST_KEYS_MAX)
			goto out;
		if (set_name(&t->key_name[nk], name, p - name)) {
			err = -1;
			goto out;
		}
		v = ++p;
		if (*v == '\n') {
			/* a stack: one frame a line, up to "}" or ", NEXT:" */
			size_t n = 0;
			const char *l = v + 1;

			while (*l && *l != '}' && *l != ',') {
				const char *eol = strchr(l, '\n');
				char *f, *nf;

				if (!eol)
					goto out;
				f = dup_trimmed(l, eol - l);
				if (!f) {
					err = -1;
					goto out;
				}
				nf = realloc(frames, n + strlen(f) + 2);
				if (!nf) {
					free(f);
					err = -1;
					goto out;
				}
				frames = nf;
				if (n)
					frames[n++] = '\n';
				memcpy(frames + n, f, strlen(f) + 1);
				n += strlen(f);
				free(f);
				l = eol + 1;
			}
			e.key[nk++] = frames ? frames : strdup("");
			frames = NULL;
			if (!e.key[nk - 1]) {
				err = -1;
				goto out;
			}
			if (*l == '}') {
				end_of_keys = l + 1;
				break;
			}
			if (!next_key_at(l))
				goto out;
			p = l + 2;
			continue;
		}
		/* the value: up to ", NAME: " while keys are due, else to the last " } " */
		vend = NULL;
		if (!want || nk + 1 < want) {
			const char *q;

			for (q = v; *q && *q != '\n'; q++)
				if (next_key_at(q)) {
					vend = q;
					break;
				}
		}
		if (!vend) {
			const char *q, *eol = strchr(v, '\n');

			if (!eol)
				eol = v + strlen(v);
			for (q = eol; q > v; q--)
				if (q[-1] == '}' && (q - 1 == v || q[-2] == ' ') &&
				    strstr(q, "hitcount:") && strstr(q, "hitcount:") < eol) {
					vend = q - 1;
					break;
				}
			if (!vend)
				goto out;
			len = vend - v;
			e.key[nk++] = dup_trimmed(v, len);
			if (!e.key[nk - 1]) {
				err = -1;
				goto out;
			}
			end_of_keys = vend + 1;
			break;
		}
		e.key[nk++] = dup_trimmed(v, vend - v);
		if (!e.key[nk - 1]) {
			err = -1;
			goto out;
		}
		p = vend + 2;
	}
	{
		const char *eol = strchr(end_of_keys, '\n');
		size_t n = eol ? (size_t)(eol - end_of_keys) : strlen(end_of_keys);
		char *rest = malloc(n + 1);
		struct kp_hist_entry *ne;

		if (!rest) {
			err = -1;
			goto out;
		}
		memcpy(rest, end_of_keys, n);
		rest[n] = '\0';
		err = strstr(rest, "hitcount:") ? parse_vals(t, &e, rest) : -2;
		free(rest);
		if (err)
			goto out;
		if (t->nr_keys && nk != t->nr_keys) {
			err = -2;
			goto out;
		}
		ne = realloc(t->entries, (t->nr_entries + 1) * sizeof(*ne));
		if (!ne) {
			err = -1;
			goto out;
		}
		t->entries = ne;
		t->entries[t->nr_entries++] = e;
		t->nr_keys = nk;
		*next = eol ? eol + 1 : end_of_keys + n;
		return 0;
	}
out:
	free(frames);
	for (int i = 0; i < nk; i++)
		free(e.key[i]);
	return err;
}

static bool total(const char *line, const char *name, unsigned long long *v)
{
	size_t n = strlen(name);

	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, name, n) || line[n] != ':')
		return false;
	*v = strtoull(line + n + 1, NULL, 10);
	return true;
}

int kp_histfile_parse(const char *text, struct kp_hist_file *hf)
{
	struct kp_hist_table *t = NULL;
	const char *line = text;

	memset(hf, 0, sizeof(*hf));
	while (*line) {
		const char *eol = strchr(line, '\n'), *next = eol ? eol + 1 : line + strlen(line);
		size_t len = next - line;

		if (!strncmp(line, "# event histogram", 17) ||
		    (!strncmp(line, "# trigger info: ", 16) && (!t || t->trigger))) {
			t = new_table(hf);
			if (!t)
				return -1;
		}
		if (!strncmp(line, "# trigger info: ", 16) && t && !t->trigger) {
			const char *s = line + 16;
			size_t n = (eol ? (size_t)(eol - s) : strlen(s));
			const char *act = memmem(s, n, " [", 2);

			t->trigger = dup_trimmed(s, act ? (size_t)(act - s) : n);
			if (!t->trigger)
				return -1;
		} else if (line[0] == '{' && line[1] == ' ') {
			int err;

			if (!t && !(t = new_table(hf)))
				return -1;
			err = parse_entry(t, line, &next);
			if (err == -1) {
				errno = ENOMEM;
				return -1;
			}
			if (err)
				hf->bad_lines++;
		} else if (t && len) {
			if (total(line, "Hits", &t->hits) || total(line, "Entries", &t->nr_total) ||
			    total(line, "Dropped", &t->dropped))
				t->have_totals = true;
		}
		line = next;
	}
	return 0;
}

void kp_histfile_free(struct kp_hist_file *hf)
{
	for (int i = 0; i < hf->nr_tables; i++) {
		struct kp_hist_table *t = &hf->tables[i];

		for (size_t j = 0; j < t->nr_entries; j++)
			for (int k = 0; k < KP_HIST_KEYS_MAX; k++)
				free(t->entries[j].key[k]);
		for (int k = 0; k < KP_HIST_KEYS_MAX; k++)
			free(t->key_name[k]);
		for (int k = 0; k < KP_HIST_VALS_MAX; k++)
			free(t->val_name[k]);
		free(t->entries);
		free(t->trigger);
	}
	free(hf->tables);
	memset(hf, 0, sizeof(*hf));
}

static bool same_keys(const struct kp_hist_entry *a, const struct kp_hist_entry *b, int n)
{
	for (int k = 0; k < n; k++)
		if (!a->key[k] || !b->key[k] || strcmp(a->key[k], b->key[k]))
			return false;
	return true;
}

void kp_hist_table_subtract(struct kp_hist_table *t, const struct kp_hist_table *prev)
{
	size_t m = 0;

	for (size_t i = 0; i < t->nr_entries; i++) {
		struct kp_hist_entry *e = &t->entries[i];
		unsigned long long before = 0;

		for (size_t j = 0; prev && j < prev->nr_entries; j++)
			if (same_keys(e, &prev->entries[j], t->nr_keys)) {
				before = prev->entries[j].hitcount;
				break;
			}
		if (e->hitcount <= before) {
			for (int k = 0; k < KP_HIST_KEYS_MAX; k++)
				free(e->key[k]);
			continue;
		}
		e->hitcount -= before;
		t->entries[m++] = *e;
	}
	t->nr_entries = m;
	if (prev) {
		t->hits = t->hits > prev->hits ? t->hits - prev->hits : 0;
		t->dropped = t->dropped > prev->dropped ? t->dropped - prev->dropped : 0;
	}
}

int kp_hist_log2_bucket(const char *text, unsigned int *exp)
{
	char *end;
	unsigned long v;

	if (strncmp(text, "~ 2^", 4) || !isdigit((unsigned char)text[4]))
		return -1;
	errno = 0;
	v = strtoul(text + 4, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || *end || v > 64)
		return -1;
	*exp = (unsigned int)v;
	return 0;
}

int kp_hist_linear_bucket(const char *text, unsigned long long *low, unsigned long long *high)
{
	char *end;

	if (strncmp(text, "~ ", 2) || !isdigit((unsigned char)text[2]))
		return -1;
	errno = 0;
	*low = strtoull(text + 2, &end, 10);
	if (errno || *end != '-' || !isdigit((unsigned char)end[1]))
		return -1;
	*high = strtoull(end + 1, &end, 10);
	if (errno || *end || *high < *low)
		return -1;
	return 0;
}
