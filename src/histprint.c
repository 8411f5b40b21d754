// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hist tables printed as counts, histograms or JSON (see histprint.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "histprint.h"
#include "json.h"

#define BAR_WIDTH 40
/* More rows than this between the lowest and highest bucket: empty ones are left out */
#define ROWS_MAX  200

struct kp_view_key kp_hist_view_key(const struct kp_agg_key *k, const struct kp_agg_field *f)
{
	struct kp_view_key v = { .name = k->name, .type = KP_VIEW_UNSIGNED };

	if (k->kind == KP_KEY_COMM || (k->kind == KP_KEY_FIELD && f && f->string))
		v.type = KP_VIEW_STRING;
	else if (k->kind == KP_KEY_STACK)
		v.type = KP_VIEW_STACK;
	else if (k->kind == KP_KEY_FIELD && f && f->is_signed)
		v.type = KP_VIEW_SIGNED;
	return v;
}

const char *kp_hist_range(unsigned long long v, char *buf, unsigned long size)
{
	static const char suffix[] = "KMGTPE";
	int i = -1;

	while (v && !(v & 1023) && i < 5) {
		v >>= 10;
		i++;
	}
	if (i < 0)
		snprintf(buf, size, "%llu", v);
	else
		snprintf(buf, size, "%llu%c", v, suffix[i]);
	return buf;
}

/* A key's text as the user reads it: a signed field's value, a stack from the function on */
static const char *key_text(const struct kp_hist_view *v, int k, const char *raw, char *buf,
			    size_t size)
{
	if (v->keys[k].type == KP_VIEW_SIGNED) {
		char *end;
		unsigned long long u;

		errno = 0;
		u = strtoull(raw, &end, 10);
		if (errno || *end)
			return NULL;
		snprintf(buf, size, "%lld", (long long)u);
		return buf;
	}
	if (v->keys[k].type == KP_VIEW_UNSIGNED) {
		char *end;

		errno = 0;
		strtoull(raw, &end, 10);
		return errno || *end || end == raw ? NULL : raw;
	}
	if (v->keys[k].type == KP_VIEW_STACK && v->function) {
		/* the frames above the probed function are the probe's own handler's */
		size_t n = strlen(v->function);
		const char *p = raw;

		while (p && *p) {
			if (!strncmp(p, v->function, n) && p[n] == '+')
				return p;
			p = strchr(p, '\n');
			p = p ? p + 1 : NULL;
		}
	}
	return raw;
}

static int cmp_count(const void *a, const void *b)
{
	const struct kp_hist_entry *x = *(const struct kp_hist_entry *const *)a;
	const struct kp_hist_entry *y = *(const struct kp_hist_entry *const *)b;

	if (x->hitcount != y->hitcount)
		return x->hitcount < y->hitcount ? -1 : 1;
	for (int k = 0; k < KP_HIST_KEYS_MAX && x->key[k] && y->key[k]; k++) {
		int c = strcmp(x->key[k], y->key[k]);

		if (c)
			return c;
	}
	return 0;
}

static int json_key(struct kp_strbuf *sb, const struct kp_hist_view *v, const char *const *text)
{
	int err = kp_strbuf_puts(sb, "\"key\":{");

	for (int k = 0; k < v->nr_keys && !err; k++) {
		err |= kp_strbuf_puts(sb, k ? "," : "");
		err |= kp_json_string(sb, v->keys[k].name, strlen(v->keys[k].name));
		err |= kp_strbuf_putc(sb, ':');
		switch (v->keys[k].type) {
		case KP_VIEW_STRING:
			err |= kp_json_string(sb, text[k], strlen(text[k]));
			break;
		case KP_VIEW_STACK: {
			const char *p = text[k];

			err |= kp_strbuf_putc(sb, '[');
			while (*p && !err) {
				size_t n = strcspn(p, "\n");

				err |= kp_json_string(sb, p, n);
				p += n;
				if (*p) {
					p++;
					err |= kp_strbuf_putc(sb, ',');
				}
			}
			err |= kp_strbuf_putc(sb, ']');
			break;
		}
		default:
			err |= kp_strbuf_puts(sb, text[k]);
		}
	}
	return err | kp_strbuf_putc(sb, '}');
}

static int json_head(struct kp_strbuf *sb, const struct kp_hist_view *v, const char *type)
{
	return kp_strbuf_printf(sb, "{\"type\":\"%s\",\"event\":", type) |
	       kp_json_string(sb, v->event, strlen(v->event)) | kp_strbuf_putc(sb, ',');
}

/* The key texts of entry @e, or -1 if one cannot be read */
static int texts(const struct kp_hist_view *v, const struct kp_hist_entry *e,
		 const char *text[KP_AGG_KEYS_MAX], char buf[KP_AGG_KEYS_MAX][32])
{
	for (int k = 0; k < v->nr_keys; k++) {
		if (!e->key[k])
			return -1;
		text[k] = key_text(v, k, e->key[k], buf[k], sizeof(buf[k]));
		if (!text[k])
			return -1;
	}
	return 0;
}

static long print_counts(const struct kp_hist_view *v, const struct kp_hist_entry **es, size_t n,
			 struct kp_strbuf *sb)
{
	size_t width[KP_AGG_KEYS_MAX] = { 0 }, cw = 5;
	const char *text[KP_AGG_KEYS_MAX];
	char buf[KP_AGG_KEYS_MAX][32];
	bool stack = false;
	long skipped = 0;
	int err = 0;

	for (int k = 0; k < v->nr_keys; k++) {
		width[k] = strlen(v->keys[k].name);
		stack |= v->keys[k].type == KP_VIEW_STACK;
	}
	for (size_t i = 0; i < n; i++) {
		char c[32];

		if (texts(v, es[i], text, buf))
			continue;
		for (int k = 0; k < v->nr_keys; k++)
			if (v->keys[k].type != KP_VIEW_STACK && strlen(text[k]) > width[k])
				width[k] = strlen(text[k]);
		if ((size_t)snprintf(c, sizeof(c), "%llu", es[i]->hitcount) > cw)
			cw = strlen(c);
	}
	if (!v->json) {
		err |= kp_strbuf_printf(sb, "%s\n ", v->event);
		for (int k = 0; k < v->nr_keys; k++)
			if (v->keys[k].type != KP_VIEW_STACK)
				err |= kp_strbuf_printf(sb, " %-*s", (int)width[k],
							v->keys[k].name);
		err |= kp_strbuf_printf(sb, " %*s\n", (int)cw, "count");
	}
	for (size_t i = 0; i < n && !err; i++) {
		if (texts(v, es[i], text, buf)) {
			skipped++;
			continue;
		}
		if (v->json) {
			err |= json_head(sb, v, "count") | json_key(sb, v, text) |
			       kp_strbuf_printf(sb, ",\"count\":%llu}\n", es[i]->hitcount);
			continue;
		}
		err |= kp_strbuf_putc(sb, ' ');
		for (int k = 0; k < v->nr_keys; k++)
			if (v->keys[k].type != KP_VIEW_STACK)
				err |= kp_strbuf_printf(sb, " %-*s", (int)width[k], text[k]);
		err |= kp_strbuf_printf(sb, " %*llu\n", (int)cw, es[i]->hitcount);
		for (int k = 0; stack && k < v->nr_keys; k++) {
			const char *p = text[k];

			if (v->keys[k].type != KP_VIEW_STACK)
				continue;
			while (*p) {
				size_t len = strcspn(p, "\n");

				err |= kp_strbuf_printf(sb, "      %.*s\n", (int)len, p);
				p += len + (p[len] == '\n');
			}
		}
	}
	return err ? -1 : skipped;
}

/* One bucket of the last key: its first and last value */
static int bucket(const struct kp_hist_view *v, const char *raw, unsigned long long *lo,
		  unsigned long long *hi)
{
	unsigned int e;

	if (v->step)
		return kp_hist_linear_bucket(raw, lo, hi);
	if (kp_hist_log2_bucket(raw, &e))
		return -1;
	/* ilog2(roundup_pow_of_two(v)): 2^e covers 2^(e-1)+1 .. 2^e, 2^0 covers 0 and 1 */
	*lo = e ? (1ULL << (e - 1)) + 1 : 0;
	*hi = e >= 64 ? ~0ULL : 1ULL << e;
	if (e == 64)
		*lo = (1ULL << 63) + 1;
	return 0;
}

static int same_group(const struct kp_hist_view *v, const struct kp_hist_entry *a,
		      const struct kp_hist_entry *b)
{
	for (int k = 0; k < v->nr_keys; k++)
		if (strcmp(a->key[k], b->key[k]))
			return 0;
	return 1;
}

static int cmp_group(const void *a, const void *b, void *arg)
{
	const struct kp_hist_view *v = arg;
	const struct kp_hist_entry *x = *(const struct kp_hist_entry *const *)a;
	const struct kp_hist_entry *y = *(const struct kp_hist_entry *const *)b;
	unsigned long long xl, xh, yl, yh;

	for (int k = 0; k < v->nr_keys; k++) {
		int c = strcmp(x->key[k], y->key[k]);

		if (c)
			return c;
	}
	bucket(v, x->key[v->nr_keys], &xl, &xh);
	bucket(v, y->key[v->nr_keys], &yl, &yh);
	return xl < yl ? -1 : xl > yl;
}

struct row {
	unsigned long long lo, hi, count;
};

static int print_group(const struct kp_hist_view *v, const struct kp_hist_entry **es, size_t n,
		       struct kp_strbuf *sb)
{
	const char *text[KP_AGG_KEYS_MAX];
	char buf[KP_AGG_KEYS_MAX][32];
	struct row *rows;
	size_t nr = 0, rw = 0, cw = 1, span;
	unsigned long long max = 0, first_lo, last_lo;
	int err = 0;

	if (texts(v, es[0], text, buf))
		return 1;
	rows = calloc(n * 2 + ROWS_MAX + 1, sizeof(*rows));
	if (!rows)
		return -1;
	bucket(v, es[0]->key[v->nr_keys], &first_lo, &rows[0].hi);
	bucket(v, es[n - 1]->key[v->nr_keys], &last_lo, &rows[0].hi);
	span = v->step ? (size_t)((last_lo - first_lo) / v->step) : 64;
	for (size_t i = 0; i < n; i++) {
		unsigned long long lo = 0, hi = 0;

		bucket(v, es[i]->key[v->nr_keys], &lo, &hi);
		/* the empty buckets between two counted ones, unless there are too many */
		while (nr && span <= ROWS_MAX && rows[nr - 1].hi + 1 < lo) {
			unsigned long long nlo = rows[nr - 1].hi + 1;

			rows[nr].lo = nlo;
			rows[nr].hi = v->step ? nlo + v->step - 1 : (nlo - 1) * 2;
			if (!v->step && nlo == 2)
				rows[nr].hi = 2;
			nr++;
		}
		rows[nr].lo = lo;
		rows[nr].hi = hi;
		rows[nr].count = es[i]->hitcount;
		if (es[i]->hitcount > max)
			max = es[i]->hitcount;
		nr++;
	}
	if (v->json) {
		err |= json_head(sb, v, "hist") | json_key(sb, v, text) |
		       kp_strbuf_puts(sb, ",\"field\":") |
		       kp_json_string(sb, v->field, strlen(v->field)) |
		       kp_strbuf_printf(sb, ",\"unit\":%s%s%s,\"buckets\":[", v->unit ? "\"" : "",
					v->unit ? v->unit : "null", v->unit ? "\"" : "");
		for (size_t i = 0, c = 0; i < nr; i++)
			if (rows[i].count)
				err |= kp_strbuf_printf(
					sb, "%s{\"min\":%llu,\"max\":%llu,\"count\":%llu}",
					c++ ? "," : "", rows[i].lo, rows[i].hi, rows[i].count);
		err |= kp_strbuf_puts(sb, "]}\n");
		free(rows);
		return err ? -1 : 0;
	}
	err |= kp_strbuf_printf(sb, "%s %s", v->event, v->field);
	if (v->unit)
		err |= kp_strbuf_printf(sb, " (%s)", v->unit);
	for (int k = 0; k < v->nr_keys; k++)
		err |= kp_strbuf_printf(sb, ", %s=%s", v->keys[k].name, text[k]);
	err |= kp_strbuf_puts(sb, "\n");
	for (size_t i = 0; i < nr; i++) {
		char lo[32], hi[32], r[80];
		size_t w;

		w = snprintf(r, sizeof(r), "[%s, %s)", kp_hist_range(rows[i].lo, lo, sizeof(lo)),
			     rows[i].hi == ~0ULL ? "inf"
						 : kp_hist_range(rows[i].hi + 1, hi, sizeof(hi)));
		if (w > rw)
			rw = w;
		w = snprintf(r, sizeof(r), "%llu", rows[i].count);
		if (w > cw)
			cw = w;
	}
	for (size_t i = 0; i < nr && !err; i++) {
		char lo[32], hi[32], r[80], bar[BAR_WIDTH + 1];
		size_t b = max ? (size_t)(rows[i].count * BAR_WIDTH / max) : 0;

		snprintf(r, sizeof(r), "[%s, %s)", kp_hist_range(rows[i].lo, lo, sizeof(lo)),
			 rows[i].hi == ~0ULL ? "inf"
					     : kp_hist_range(rows[i].hi + 1, hi, sizeof(hi)));
		memset(bar, '@', b);
		memset(bar + b, ' ', BAR_WIDTH - b);
		bar[BAR_WIDTH] = '\0';
		err |= kp_strbuf_printf(sb, "  %-*s %*llu |%s|\n", (int)rw, r, (int)cw,
					rows[i].count, bar);
	}
	free(rows);
	return err ? -1 : 0;
}

static long print_hists(const struct kp_hist_view *v, const struct kp_hist_entry **es, size_t n,
			struct kp_strbuf *sb)
{
	long skipped = 0;
	size_t i = 0, m = 0;

	/* entries whose bucket cannot be read go last, and are skipped */
	for (size_t j = 0; j < n; j++) {
		unsigned long long lo, hi;
		const char *text[KP_AGG_KEYS_MAX];
		char buf[KP_AGG_KEYS_MAX][32];

		if (es[j]->key[v->nr_keys] && !bucket(v, es[j]->key[v->nr_keys], &lo, &hi) &&
		    !texts(v, es[j], text, buf))
			es[m++] = es[j];
		else
			skipped++;
	}
	qsort_r(es, m, sizeof(void *), cmp_group, (void *)v);
	while (i < m) {
		size_t j = i + 1;
		int r;

		while (j < m && same_group(v, es[i], es[j]))
			j++;
		r = print_group(v, es + i, j - i, sb);
		if (r < 0)
			return -1;
		skipped += r;
		i = j;
	}
	return skipped;
}

long kp_hist_print(const struct kp_hist_view *v, const struct kp_hist_table *t,
		   struct kp_strbuf *sb)
{
	const struct kp_hist_entry **es;
	long r;

	if (t->nr_keys != v->nr_keys + v->hist)
		return (long)t->nr_entries;
	es = calloc(t->nr_entries + 1, sizeof(void *));
	if (!es)
		return -1;
	for (size_t i = 0; i < t->nr_entries; i++)
		es[i] = &t->entries[i];
	if (v->hist) {
		r = print_hists(v, es, t->nr_entries, sb);
	} else {
		qsort(es, t->nr_entries, sizeof(void *), cmp_count);
		r = print_counts(v, es, t->nr_entries, sb);
	}
	free(es);
	if (r < 0)
		errno = ENOMEM;
	return r;
}
