// SPDX-License-Identifier: GPL-2.0-only
/*
 * --by, --hist, --latency: the hist trigger text and synthetic events that
 * make the kernel count (see histspec.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "histspec.h"
#include "ktext.h"

static bool is_ident(const char *s, size_t n)
{
	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

int kp_agg_parse_by(struct kp_agg_spec *a, const char *arg)
{
	const char *p = arg;

	a->nr_by = 0;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		struct kp_agg_key *k;

		if (!is_ident(p, n) || n >= KP_AGG_NAME_MAX)
			return error("invalid key '%.*s' for --by (a field name, comm, pid, cpu "
				     "or stack)",
				     (int)(n > 200 ? 200 : n), p);
		if (a->nr_by == KP_AGG_KEYS_MAX)
			return error("too many keys for --by: the kernel takes at most %d",
				     KP_AGG_KEYS_MAX);
		k = &a->by[a->nr_by++];
		memcpy(k->name, p, n);
		k->name[n] = '\0';
		for (int i = 0; i < a->nr_by - 1; i++)
			if (!strcmp(a->by[i].name, k->name))
				return error("key '%s' given twice for --by", k->name);
		if (!strcmp(k->name, "comm"))
			k->kind = KP_KEY_COMM;
		else if (!strcmp(k->name, "pid"))
			k->kind = KP_KEY_PID;
		else if (!strcmp(k->name, "cpu"))
			k->kind = KP_KEY_CPU;
		else if (!strcmp(k->name, "stack"))
			k->kind = KP_KEY_STACK;
		else
			k->kind = KP_KEY_FIELD;
		if (!end)
			return 0;
		p = end + 1;
	}
}

int kp_agg_parse_hist(struct kp_agg_spec *a, const char *arg)
{
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);

	if (!is_ident(arg, n) || n >= KP_AGG_NAME_MAX)
		return error("invalid field '%.*s' for --hist (FIELD or FIELD:STEP)",
			     (int)(n > 200 ? 200 : n), arg);
	memcpy(a->hist, arg, n);
	a->hist[n] = '\0';
	a->step = 0;
	if (colon) {
		char *end;

		errno = 0;
		if (!isdigit((unsigned char)colon[1]))
			return error("invalid step '%s' for --hist (a number, 1 or more)",
				     colon + 1);
		a->step = strtoull(colon + 1, &end, 10);
		if (errno || *end || !a->step || a->step > (1ULL << 32))
			return error("invalid step '%s' for --hist (a number, 1 to %llu)",
				     colon + 1, 1ULL << 32);
	}
	return 0;
}

int kp_agg_check(struct kp_agg_spec *a, bool latency)
{
	int keys = a->nr_by + (a->hist[0] || latency);

	if (a->trigger && (a->nr_by || a->hist[0] || latency))
		return error("%s", "--trigger takes the whole trigger: not with --by, --hist or "
				   "--latency");
	if (latency && a->hist[0])
		return error("%s", "--latency makes its own histogram: not with --hist");
	if (keys > KP_AGG_KEYS_MAX)
		return error("too many keys: the kernel takes at most %d, and the histogram "
			     "takes one",
			     KP_AGG_KEYS_MAX);
	for (int i = 0; i < a->nr_by; i++)
		if (a->by[i].kind == KP_KEY_STACK && latency)
			return error("%s", "--by stack is not supported with --latency");
	if (a->trigger)
		a->mode = KP_AGG_TRIGGER;
	else if (latency)
		a->mode = KP_AGG_LATENCY;
	else if (a->hist[0])
		a->mode = KP_AGG_HIST;
	else if (a->nr_by)
		a->mode = KP_AGG_COUNT;
	else
		a->mode = KP_AGG_NONE;
	return 0;
}

bool kp_agg_wants_comm(const struct kp_agg_spec *a)
{
	for (int i = 0; i < a->nr_by; i++)
		if (a->by[i].kind == KP_KEY_COMM)
			return true;
	return false;
}

void kp_agg_features_read(const char *readme, struct kp_agg_features *f)
{
	memset(f, 0, sizeof(*f));
	f->stack = "stacktrace";
	if (!readme)
		return;
	f->hist = strstr(readme, "hist:keys=") != NULL;
	f->synth = strstr(readme, "synthetic_events") != NULL;
	f->buckets = strstr(readme, ".buckets=") != NULL;
	/* renamed in 6.4: "the special string 'common_stacktrace'" */
	if (strstr(readme, "'common_stacktrace'"))
		f->stack = "common_stacktrace";
}

const char *kp_agg_missing(const struct kp_agg_spec *a, const struct kp_agg_features *f)
{
	if (a->mode == KP_AGG_NONE)
		return NULL;
	if (!f->hist)
		return "this kernel has no hist triggers (CONFIG_HIST_TRIGGERS): it cannot count "
		       "in the kernel";
	if (a->mode == KP_AGG_LATENCY && !f->synth)
		return "this kernel has no synthetic events (CONFIG_SYNTH_EVENTS): --latency "
		       "needs them";
	if (a->step && !f->buckets)
		return "this kernel has no linear hist buckets (.buckets, Linux 5.15): use "
		       "--hist FIELD for log2 buckets";
	return NULL;
}

int kp_agg_fields_parse(const char *format, struct kp_agg_field *fields, int max)
{
	const char *l = format;
	int n = 0;

	while ((l = strstr(l, "field:"))) {
		const char *semi = strchr(l, ';'), *name, *end, *sz;
		struct kp_agg_field f = { 0 };

		l += 6;
		if (!semi)
			break;
		end = semi;
		/* "char name[16]", "__data_loc char[] file" */
		while (end > l && end[-1] == ']') {
			while (end > l && end[-1] != '[')
				end--;
			if (end > l)
				end--;
		}
		name = end;
		while (name > l && (isalnum((unsigned char)name[-1]) || name[-1] == '_'))
			name--;
		if (name == end || (size_t)(end - name) >= sizeof(f.name)) {
			l = semi;
			continue;
		}
		memcpy(f.name, name, end - name);
		f.name[end - name] = '\0';
		f.string = memmem(l, semi - l, "char", 4) && memchr(l, '[', semi - l);
		f.is_signed = false;
		sz = strstr(semi, "size:");
		if (sz && (!strchr(semi, '\n') || sz < strchr(semi, '\n')))
			f.size = (unsigned int)strtoul(sz + 5, NULL, 10);
		sz = strstr(semi, "signed:");
		if (sz && (!strchr(semi, '\n') || sz < strchr(semi, '\n')))
			f.is_signed = sz[7] == '1';
		l = semi;
		if (!strncmp(f.name, "common_", 7))
			continue;
		if (n < max)
			fields[n] = f;
		n++;
	}
	return n;
}

static const struct kp_agg_field *find_field(const struct kp_agg_field *fields, int nr,
					     const char *name)
{
	for (int i = 0; i < nr; i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	return NULL;
}

/* "KEY 'x' is no field of event 'e' (it has: a, b)" */
static int no_such_field(const char *what, const char *name, const char *event,
			 const struct kp_agg_field *fields, int nr)
{
	char list[512] = "";
	size_t n = 0;

	for (int i = 0; i < nr; i++) {
		/* kprobe's own (__probe_ip) and the one it adds for comm */
		if (!strcmp(fields[i].name, KP_AGG_COMM_ARG) || !strncmp(fields[i].name, "__", 2))
			continue;
		n += snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0, "%s%s",
			      n ? ", " : "", fields[i].name);
		if (n >= sizeof(list))
			break;
	}
	if (!list[0])
		return error("%s '%s' is no field of event '%s': it has no arguments (keys: "
			     "comm, pid, cpu, stack)",
			     what, name, event);
	return error("%s '%s' is no field of event '%s' (its fields: %s; and comm, pid, cpu, "
		     "stack)",
		     what, name, event, list);
}

struct sb {
	char *buf;
	size_t len, size;
	bool oom;
};

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + n + 1 > b->size) {
		size_t size = (b->len + n + 1) * 2;
		char *nb = realloc(b->buf, size);

		if (!nb) {
			b->oom = true;
			return;
		}
		b->buf = nb;
		b->size = size;
	}
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	b->len += n;
}

static char *sb_finish(struct sb *b)
{
	if (b->oom || !b->buf) {
		free(b->buf);
		error("out of memory");
		return NULL;
	}
	return b->buf;
}

/*
 * A hist key holds HIST_KEY_SIZE_MAX bytes (trace_events_hist.c:
 * MAX_FILTER_STR_VAL + HIST_STACKTRACE_SIZE, 384 on 64-bit), and a string
 * key takes MAX_FILTER_STR_VAL (256) of them: one string fits, two do not
 */
static void too_many_strings(void)
{
	error("%s", "the kernel takes at most one string key (comm or a string argument): a "
		    "string fills 256 of a key's 384 bytes");
}

static void add_cond(struct sb *b, const char *cond)
{
	if (cond && *cond)
		sb_printf(b, " if %s", cond);
}

char *kp_agg_count_trigger(const struct kp_agg_spec *a, const struct kp_agg_features *f,
			   const struct kp_agg_field *fields, int nr, const char *event,
			   const char *cond)
{
	struct sb b = { 0 };
	int i, strings;

	for (i = 0; i < a->nr_by; i++) {
		const struct kp_agg_key *k = &a->by[i];
		const char *key = k->name;

		switch (k->kind) {
		case KP_KEY_FIELD:
			if (!find_field(fields, nr, k->name) || !strcmp(k->name, KP_AGG_COMM_ARG)) {
				no_such_field("key", k->name, event, fields, nr);
				free(b.buf);
				return NULL;
			}
			break;
		case KP_KEY_COMM:
			key = KP_AGG_COMM_ARG;
			break;
		case KP_KEY_PID:
			key = "common_pid";
			break;
		case KP_KEY_CPU:
			key = "common_cpu";
			break;
		case KP_KEY_STACK:
			key = f->stack;
			break;
		}
		sb_printf(&b, "%s%s", i ? "," : "hist:keys=", key);
	}
	if (a->hist[0]) {
		const struct kp_agg_field *h = find_field(fields, nr, a->hist);

		if (!h) {
			no_such_field("field", a->hist, event, fields, nr);
			free(b.buf);
			return NULL;
		}
		if (h->string) {
			error("field '%s' of event '%s' is a string: --hist needs a number",
			      a->hist, event);
			free(b.buf);
			return NULL;
		}
		sb_printf(&b, "%s%s", i ? "," : "hist:keys=", a->hist);
		if (a->step)
			sb_printf(&b, ".buckets=%llu", a->step);
		else
			sb_printf(&b, ".log2");
	}
	for (i = 0, strings = 0; i < a->nr_by; i++) {
		const struct kp_agg_field *fl = find_field(fields, nr, a->by[i].name);

		strings += a->by[i].kind == KP_KEY_COMM ||
			   (a->by[i].kind == KP_KEY_FIELD && fl && fl->string);
	}
	if (strings > 1) {
		too_many_strings();
		free(b.buf);
		return NULL;
	}
	sb_printf(&b, ":vals=hitcount:size=%d", KP_AGG_TABLE_SIZE);
	add_cond(&b, cond);
	return sb_finish(&b);
}

static const char *synth_type(const struct kp_agg_field *f)
{
	switch (f->size) {
	case 1:
		return f->is_signed ? "s8" : "u8";
	case 2:
		return f->is_signed ? "s16" : "u16";
	case 4:
		return f->is_signed ? "s32" : "u32";
	default:
		return f->is_signed ? "s64" : "u64";
	}
}

int kp_agg_latency_build(const struct kp_agg_spec *a, const struct kp_agg_field *fields, int nr,
			 int i, const char *synth, const char *group, const char *event,
			 const char *shown, const char *cond, struct kp_agg_latency *l)
{
	struct sb s = { 0 }, en = { 0 }, rt = { 0 }, st = { 0 };
	int k;

	memset(l, 0, sizeof(*l));
	sb_printf(&s, "s:%s u64 lat", synth);
	/* the start time per thread; a nested call's overwrites it */
	sb_printf(&en, "hist:keys=common_pid:kp_ts%d=common_timestamp.usecs", i);
	sb_printf(&rt, "hist:keys=common_pid:kp_lat%d=common_timestamp.usecs-$kp_ts%d", i, i);
	for (k = 0; k < a->nr_by; k++) {
		const struct kp_agg_key *key = &a->by[k];
		const struct kp_agg_field *f;

		switch (key->kind) {
		case KP_KEY_FIELD:
			f = find_field(fields, nr, key->name);
			if (!f || !strcmp(key->name, KP_AGG_COMM_ARG)) {
				no_such_field("key", key->name, shown, fields, nr);
				goto fail;
			}
			if (f->string) {
				error("key '%s' of event '%s' is a string: --latency takes numbers, "
				      "comm, pid and cpu as keys",
				      key->name, shown);
				goto fail;
			}
			sb_printf(&s, "; %s %s", synth_type(f), key->name);
			sb_printf(&en, ",kp_k%d_%d=%s", i, k, key->name);
			break;
		case KP_KEY_COMM:
			sb_printf(&s, "; char comm[]");
			break;
		default:
			break;
		}
	}
	sb_printf(&rt, ":onmatch(%s.%s).trace(%s,$kp_lat%d", group, event, synth, i);
	for (k = 0; k < a->nr_by; k++) {
		if (a->by[k].kind == KP_KEY_FIELD)
			sb_printf(&rt, ",$kp_k%d_%d", i, k);
		else if (a->by[k].kind == KP_KEY_COMM)
			/* the return probe's own $comm: the same thread */
			sb_printf(&rt, ",%s", KP_AGG_COMM_ARG);
	}
	sb_printf(&rt, ")");
	for (k = 0; k < a->nr_by; k++) {
		const struct kp_agg_key *key = &a->by[k];
		const char *name = key->kind == KP_KEY_PID   ? "common_pid"
				   : key->kind == KP_KEY_CPU ? "common_cpu"
							     : key->name;

		sb_printf(&st, "%s%s", k ? "," : "hist:keys=", name);
	}
	sb_printf(&st, "%slat.log2:vals=hitcount:size=%d",
		  k ? "," : "hist:keys=", KP_AGG_TABLE_SIZE);
	add_cond(&en, cond);
	l->synth = sb_finish(&s);
	l->entry = sb_finish(&en);
	l->ret = sb_finish(&rt);
	l->synth_trigger = sb_finish(&st);
	if (!l->synth || !l->entry || !l->ret || !l->synth_trigger) {
		kp_agg_latency_free(l);
		return -1;
	}
	return 0;
fail:
	free(s.buf);
	free(en.buf);
	free(rt.buf);
	free(st.buf);
	return -1;
}

void kp_agg_latency_free(struct kp_agg_latency *l)
{
	free(l->synth);
	free(l->entry);
	free(l->ret);
	free(l->synth_trigger);
	memset(l, 0, sizeof(*l));
}

char *kp_agg_remove_text(const char *listed)
{
	size_t n = strcspn(listed, "\n");
	char *r;

	if (!n || listed[0] == '#')
		return NULL;
	while (n && listed[n - 1] == ' ')
		n--;
	if (n > 9 &&
	    (!strncmp(listed + n - 9, " [active]", 9) || !strncmp(listed + n - 9, " [paused]", 9)))
		n -= 9;
	r = malloc(n + 2);
	if (!r)
		return NULL;
	r[0] = '!';
	memcpy(r + 1, listed, n);
	r[n + 1] = '\0';
	return r;
}

int kp_synth_owner(const char *name)
{
	const char *lat = strstr(name, "_lat");
	char run[40];

	if (!lat || (size_t)(lat - name) >= sizeof(run) || !isdigit((unsigned char)lat[4]))
		return -1;
	for (const char *c = lat + 4; *c; c++)
		if (!isdigit((unsigned char)*c))
			return -1;
	memcpy(run, name, lat - name);
	run[lat - name] = '\0';
	return kp_owner_pid(run);
}
