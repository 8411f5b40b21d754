// SPDX-License-Identifier: GPL-2.0-only
/*
 * The formatter against the kernel: records captured from Linux 6.1 and
 * 6.12 (tests/unit/fixtures, by tests/vm/capture-fixtures.sh records) must
 * print exactly the lines the kernel printed for them in the same instance's trace file,
 * with the symbol table a run loads (the whole one, and the code-only one
 * of a run without "symbol" arguments), and as JSON the same values.
 * Plus synthesized records for what a capture cannot provoke on demand.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "common_fields.h"
#include "format.h"
#include "ring.h"
#include "slurp.h"

static char fixtures[PATH_MAX] = "tests/unit/fixtures";

struct rec {
	unsigned long long ts;
	int cpu;
	const unsigned char *data;
	unsigned int size;
};

/* Every record of the sub-buffers of one CPU, with the tool's own parser */
static void walk(const struct kp_ring_layout *l, const unsigned char *buf, size_t len, int cpu,
		 struct rec **recs, size_t *nr)
{
	size_t page;

	for (page = 0; page < len; page += 4096) {
		struct kp_subbuf sb;
		struct kp_record r;
		int ret;

		assert_int_equal(kp_subbuf_open(&sb, l, buf + page,
						len - page < 4096 ? len - page : 4096, cpu),
				 0);
		while ((ret = kp_subbuf_next(&sb, &r)) == 1) {
			*recs = realloc(*recs, (*nr + 1) * sizeof(**recs));
			assert_non_null(*recs);
			(*recs)[(*nr)++] = (struct rec){ r.ts, cpu, r.data, r.size };
		}
		assert_int_equal(ret, 0);
	}
}

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->data < y->data ? -1 : x->data > y->data;
}

/* The comms the kernel printed, as comm_lookup answers for unseen pids */
struct seen_comms {
	int pid[256];
	char comm[256][16];
	int n;
};

static int lookup_seen(void *ctx, int pid, char comm[16])
{
	struct seen_comms *s = ctx;
	int i;

	for (i = 0; i < s->n; i++) {
		if (s->pid[i] == pid) {
			memcpy(comm, s->comm[i], 16);
			return 0;
		}
	}
	return -1;
}

static void learn_comms(struct seen_comms *s, const char *trace)
{
	const char *l;

	for (l = trace; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char comm[32];
		int pid, i;
		const char *dash;

		if (*l == '#')
			continue;
		/* "%16s-%-7d [": the comm ends at the last '-' before " [" */
		dash = strstr(l, " [");
		if (!dash || dash - l < 17)
			continue;
		dash = l + 16;
		if (*dash != '-' || sscanf(dash + 1, "%d", &pid) != 1)
			continue;
		i = 0;
		while (l[i] == ' ')
			i++;
		snprintf(comm, sizeof(comm), "%.*s", (int)(16 - i), l + i);
		if (!strcmp(comm, "<...>") || s->n == 256 ||
		    lookup_seen(s, pid, (char[16]){ 0 }) == 0)
			continue;
		s->pid[s->n] = pid;
		memcpy(s->comm[s->n], comm, 15);
		s->comm[s->n][15] = '\0';
		s->n++;
	}
}

/* Append @name to the space-separated list @list */
static void list_add(char *list, size_t size, const char *name)
{
	size_t used = strlen(list);

	if (used + strlen(name) + 2 < size)
		sprintf(list + used, "%s%s", used ? " " : "", name);
}

/*
 * Add every event format of @kernel's capture; those the formatter refuses
 * go to @refused. @code_only: leave out, into @left_out, the events with a
 * "symbol" argument (%pS), as a run without one has (KP_SYMS_TEXT).
 */
static void add_formats(struct kp_format *f, const char *kernel, bool code_only, char *refused,
			size_t rlen, char *left_out, size_t llen)
{
	char path[PATH_MAX * 2];
	struct dirent *g, *e;
	DIR *dg, *de;

	snprintf(path, sizeof(path), "%s/%s/format", fixtures, kernel);
	dg = opendir(path);
	assert_non_null(dg);
	while ((g = readdir(dg))) {
		if (g->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/format/%s", fixtures, kernel, g->d_name);
		de = opendir(path);
		assert_non_null(de);
		while ((e = readdir(de))) {
			char *text, *why = NULL;

			if (e->d_name[0] == '.')
				continue;
			text = slurp(NULL, "%s/%s/format/%s/%s/format", fixtures, kernel, g->d_name,
				     e->d_name);
			assert_non_null(text);
			if (code_only && strstr(text, "%pS")) {
				list_add(left_out, llen, e->d_name);
			} else if (kp_format_add_event(f, g->d_name, text, &why)) {
				assert_non_null(why);
				list_add(refused, rlen, e->d_name);
				free(why);
			}
			free(text);
		}
		closedir(de);
	}
	closedir(dg);
}

/* Does a kernel line belong to an event the formatter consumes or refuses? */
static bool skipped(const char *line, const char *refused)
{
	char name[64];
	const char *p = strstr(line, ": ");

	if (!p || !(p = strstr(p + 2, ": ")))
		return false;
	/* the event name is the word before the second ": " */
	{
		const char *s = p;

		while (s > line && s[-1] != ' ')
			s--;
		snprintf(name, sizeof(name), "%.*s", (int)(p - s), s);
	}
	if (!strcmp(name, "task_newtask") || !strcmp(name, "task_rename"))
		return true;
	for (const char *r = refused; (r = strstr(r, name)); r += strlen(name))
		if ((r == refused || r[-1] == ' ') && (!r[strlen(name)] || r[strlen(name)] == ' '))
			return true;
	return false;
}

/*
 * The kernel prints a task's name as it is when the line is read; we print
 * it as it was when the event happened: a line may differ in the comm
 * column only, where the kernel's text shows that task renamed later
 */
static bool renamed_later(const char *got, const char *want, size_t len, const char *trace)
{
	char comm[17], needle[64];
	int pid;

	if (len < 17 || memcmp(got + 16, want + 16, len - 16) || got[16] != '-' ||
	    sscanf(got + 17, "%d", &pid) != 1)
		return false;
	snprintf(comm, sizeof(comm), "%.16s", got + strspn(got, " "));
	*strrchr(comm, '-') = '\0';
	snprintf(needle, sizeof(needle), "task_rename: pid=%d oldcomm=%s ", pid, comm);
	return strstr(trace, needle) != NULL;
}

/*
 * A strict JSON (RFC 8259) checker for one line: returns the end of the
 * value at @p, or NULL if it is not valid JSON
 */
static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

static const char *json_str(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20)
			return NULL;
		if (c == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 5;
				continue;
			}
			if (!*p || !strchr("\"\\/bfnrt", *p))
				return NULL;
		}
		p++;
	}
	return p + 1;
}

static const char *json_num(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.') {
		if (!(*++p >= '0' && *p <= '9'))
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static const char *json_value(const char *p, int depth)
{
	char close;

	p = json_ws(p);
	if (depth > 16)
		return NULL;
	if (*p == '"')
		return json_str(p);
	if (*p == '{' || *p == '[') {
		close = *p == '{' ? '}' : ']';
		p = json_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (close == '}') {
				p = json_str(json_ws(p));
				if (!p || *(p = json_ws(p)) != ':')
					return NULL;
				p++;
			}
			p = json_value(p, depth + 1);
			if (!p)
				return NULL;
			p = json_ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (!strncmp(p, "null", 4) || !strncmp(p, "true", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	return json_num(p);
}

/* Equal texts; otherwise show the first line that differs */
static void expect_same_lines(const char *got, const char *want, const char *trace)
{
	unsigned int line = 1;

	while (*got && *want) {
		size_t g = strcspn(got, "\n"), w = strcspn(want, "\n");

		if ((g != w || memcmp(got, want, g)) &&
		    !(g == w && renamed_later(got, want, g, trace))) {
			print_error("line %u differs:\n got: %.*s\nwant: %.*s\n", line, (int)g, got,
				    (int)w, want);
			fail();
		}
		got += g + (got[g] == '\n');
		want += w + (want[w] == '\n');
		line++;
	}
	if (*got || *want) {
		print_error("line %u: %s ends first\n", line, *got ? "the kernel's text" : "ours");
		fail();
	}
}

/* The symbols a run loads (kp_format_syms_need()), read as production reads them */
static void load_syms(struct kp_format *f, const char *syms, enum kp_syms_need want)
{
	FILE *in = fmemopen((void *)syms, strlen(syms), "r");

	assert_non_null(in);
	assert_int_equal(kp_format_syms_need(f), want);
	assert_int_equal(kp_format_load_kallsyms(f, in, want), 0);
	fclose(in);
}

/* The value of member @key of the JSON object at @obj: its text and length, or NULL */
static const char *json_member(const char *obj, const char *key, size_t *len)
{
	const char *p = json_ws(obj), *k, *kend, *v, *end;
	size_t klen = strlen(key);

	if (*p++ != '{')
		return NULL;
	for (;;) {
		k = json_ws(p);
		kend = json_str(k);
		if (!kend || *(p = json_ws(kend)) != ':')
			return NULL;
		v = json_ws(p + 1);
		end = json_value(v, 1);
		if (!end)
			return NULL;
		if ((size_t)(kend - k) == klen + 2 && !strncmp(k + 1, key, klen)) {
			*len = (size_t)(end - v);
			return v;
		}
		p = json_ws(end);
		if (*p++ != ',')
			return NULL;
	}
}

/* How many members the JSON object at @obj has */
static unsigned int json_members(const char *obj)
{
	const char *p = json_ws(obj) + 1;
	unsigned int n = 0;

	if (*json_ws(p) == '}')
		return 0;
	for (;;) {
		p = json_value(json_ws(json_str(json_ws(p))) + 1, 1);
		n++;
		p = json_ws(p);
		if (*p++ != ',')
			return n;
	}
}

/* Text the kernel prints as is inside a JSON string: nothing to escape */
static bool plain(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '"' || s[i] == '\\' || (unsigned char)s[i] < 0x20 ||
		    (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* Expect member @key of @obj to be exactly @want */
static void expect_member(const char *obj, const char *key, const char *want, size_t wlen,
			  const char *line)
{
	size_t len = 0;
	const char *v = json_member(obj, key, &len);

	if (!v || len != wlen || memcmp(v, want, len)) {
		print_error("JSON \"%s\" is %.*s, the line says %.*s\n line: %s\n json: %s\n", key,
			    v ? (int)len : 4, v ? v : "none", (int)wlen, want, line, obj);
		fail();
	}
}

/* The JSON @v an argument the kernel printed as @t (@n bytes) must have */
static void arg_as_json(struct kp_strbuf *sb, const char *t, size_t n)
{
	size_t i, start;

	kp_strbuf_reset(sb);
	if (n == 7 && !memcmp(t, "(fault)", 7)) {
		kp_strbuf_puts(sb, "null");
	} else if (t[0] == '"' || t[0] == '\'') {
		kp_strbuf_putc(sb, '"');
		kp_strbuf_add(sb, t + 1, n - 2);
		kp_strbuf_putc(sb, '"');
	} else if (t[0] == '{') {
		struct kp_strbuf el = { 0 };

		kp_strbuf_putc(sb, '[');
		for (i = start = 1; i < n; i++) {
			if (t[i] != ',' && t[i] != '}')
				continue;
			if (start > 1)
				kp_strbuf_putc(sb, ',');
			arg_as_json(&el, t + start, i - start);
			kp_strbuf_add(sb, el.buf, el.len);
			start = i + 1;
		}
		kp_strbuf_free(&el);
		kp_strbuf_putc(sb, ']');
	} else if (strspn(t + (t[0] == '-'), "0123456789") == n - (t[0] == '-')) {
		kp_strbuf_add(sb, t, n);
	} else {
		/* hexadecimal, symbols */
		kp_strbuf_putc(sb, '"');
		kp_strbuf_add(sb, t, n);
		kp_strbuf_putc(sb, '"');
	}
}

/*
 * One event as JSON against its text line: the header's members, the
 * probed location, and every argument by name with the value the line
 * shows, as the README's table maps each type. Returns the arguments
 * compared.
 */
static unsigned int expect_json_is_line(const char *obj, const char *line)
{
	const char *p, *s, *eol = line + strcspn(line, "\n"), *args;
	struct kp_strbuf want = { 0 };
	unsigned int nargs = 0;
	size_t len;
	char buf[64];

	/* "            COMM-PID     [CPU] FLAGS  SECS.USECS: EVENT: ..." */
	p = strstr(line, " [");
	assert_non_null(p);
	s = line + strspn(line, " ");
	for (len = (size_t)(p - s); s[len - 1] == ' '; len--)
		;
	{
		const char *dash = s + len;

		while (dash > s && dash[-1] != '-')
			dash--;
		expect_member(obj, "pid", dash, (size_t)(s + len - dash), line);
		if (strncmp(s, "<...>", 5) && plain(s, (size_t)(dash - 1 - s))) {
			snprintf(buf, sizeof(buf), "\"%.*s\"", (int)(dash - 1 - s), s);
			expect_member(obj, "comm", buf, strlen(buf), line);
		}
	}
	p += 2;
	p += strspn(p, "0") < strspn(p, "0123456789") ? strspn(p, "0") : strspn(p, "0") - 1;
	expect_member(obj, "cpu", p, strspn(p, "0123456789"), line);
	p = strchr(p, ']') + 2;
	snprintf(buf, sizeof(buf), "\"%.5s\"", p);
	expect_member(obj, "flags", buf, 7, line);
	p += 5 + strspn(p + 5, " ");
	expect_member(obj, "time", p, strcspn(p, ":"), line);
	p += strcspn(p, ":") + 2;
	snprintf(buf, sizeof(buf), "\"%.*s\"", (int)strcspn(p, ":"), p);
	expect_member(obj, "event", buf, strlen(buf), line);
	p += strcspn(p, ":") + 1;
	if (*p == ' ')
		p++;
	if (*p == '(') {
		/* "(SITE)" or "(RETURN_SITE <- FUNCTION)" */
		const char *close = strchr(p, ')'), *arrow = strstr(p, " <- ");

		assert_non_null(close);
		if (arrow && arrow < close) {
			snprintf(buf, sizeof(buf), "\"%.*s\"", (int)(arrow - p - 1), p + 1);
			expect_member(obj, "return_site", buf, strlen(buf), line);
			snprintf(buf, sizeof(buf), "\"%.*s\"", (int)(close - arrow - 4), arrow + 4);
		} else {
			snprintf(buf, sizeof(buf), "\"%.*s\"", (int)(close - p - 1), p + 1);
		}
		expect_member(obj, "probe", buf, strlen(buf), line);
		p = close + 1;
	}
	args = json_member(obj, "args", &len);
	assert_non_null(args);
	/* " NAME=VALUE" each */
	while (p < eol && *p == ' ') {
		const char *name = p + 1, *v = strchr(name, '='), *end;
		char key[64];

		if (!v || v > eol)
			break;
		v++;
		if (*v == '"') {
			for (end = v + 1;
			     end < eol && !(end[0] == '"' && (end + 1 == eol || end[1] == ' '));
			     end++)
				;
			end++;
		} else if (*v == '{') {
			end = strchr(v, '}') + 1;
		} else if (*v == '\'') {
			end = v + 3;
		} else {
			end = v + strcspn(v, " \n");
		}
		snprintf(key, sizeof(key), "%.*s", (int)(v - 1 - name), name);
		if (plain(v + (*v == '"'), (size_t)(end - v) - 2 * (*v == '"'))) {
			arg_as_json(&want, v, (size_t)(end - v));
			expect_member(args, key, want.buf, want.len, line);
		}
		nargs++;
		p = end;
	}
	if (json_members(args) != nargs) {
		print_error("JSON has %u arguments, the line %u\n line: %s\n json: %s\n",
			    json_members(args), nargs, line, obj);
		fail();
	}
	kp_strbuf_free(&want);
	return nargs;
}

/*
 * Format every record of one captured instance; compare with its trace.
 * @table: the symbols loaded as a run loads them: KP_SYMS_ALL, or
 * KP_SYMS_TEXT, the code-only table of a run without "symbol" arguments,
 * which leaves their events out. @min_lines and @min_args: at least so many
 * lines compared, and JSON arguments compared with the lines' values.
 */
static void check_instance(const char *kernel, const char *inst, const char *want_refused,
			   unsigned int min_lines, unsigned int min_args, enum kp_syms_need table)
{
	struct seen_comms seen = { .n = 0 };
	struct kp_format_opts opts = { .comm_lookup = lookup_seen, .comm_ctx = &seen };
	struct kp_strbuf out = { 0 }, want = { 0 }, line = { 0 };
	unsigned char *raw[8] = { 0 };
	struct rec *recs = NULL;
	size_t nr = 0, i;
	char refused[256] = "", left_out[256] = "", skip[512];
	char *trace, *syms, *l, *hpage, *hevent;
	struct kp_ring_layout layout;
	struct kp_format *f, *ft;
	unsigned int lines = 0;
	int cpu;

	trace = slurp(NULL, "%s/%s/%s/trace", fixtures, kernel, inst);
	syms = slurp(NULL, "%s/%s/kallsyms", fixtures, kernel);
	assert_non_null(trace);
	assert_non_null(syms);
	hpage = slurp(NULL, "%s/%s/header_page", fixtures, kernel);
	hevent = slurp(NULL, "%s/%s/header_event", fixtures, kernel);
	assert_non_null(hpage);
	assert_non_null(hevent);
	assert_int_equal(kp_ring_layout_parse(hpage, hevent, &layout), 0);
	free(hpage);
	free(hevent);
	learn_comms(&seen, trace);
	f = kp_format_new(&opts);
	assert_non_null(f);
	add_formats(f, kernel, table == KP_SYMS_TEXT, refused, sizeof(refused), left_out,
		    sizeof(left_out));
	assert_string_equal(refused, want_refused);
	if (table == KP_SYMS_TEXT)
		assert_true(left_out[0]);
	load_syms(f, syms, table);
	snprintf(skip, sizeof(skip), "%s %s", refused, left_out);
	for (cpu = 0; cpu < 8; cpu++) {
		size_t len = 0;

		raw[cpu] = (unsigned char *)slurp(&len, "%s/%s/%s/cpu%d.raw", fixtures, kernel,
						  inst, cpu);

		if (raw[cpu])
			walk(&layout, raw[cpu], len, cpu, &recs, &nr);
	}
	qsort(recs, nr, sizeof(*recs), cmp_rec);
	for (i = 0; i < nr; i++) {
		struct kp_record r = { recs[i].ts, recs[i].data, recs[i].size, recs[i].cpu };
		int ret = kp_format_record(f, &r, &out);

		if (ret < 0)
			assert_int_equal(errno, EINVAL); /* a refused or left out event */
	}
	for (l = trace; *l;) {
		char *eol = strchr(l, '\n');
		size_t n = eol ? (size_t)(eol - l + 1) : strlen(l);

		if (*l != '#' && !skipped(l, skip)) {
			assert_int_equal(kp_strbuf_add(&want, l, n), 0);
			lines++;
		}
		l += n;
	}
	assert_true(lines >= min_lines);
	/* the one intended difference: a real name where the kernel had none */
	for (l = want.buf; l && (l = strstr(l, "           <...>-"));) {
		char *o;
		size_t off = (size_t)(l - want.buf);

		assert_true(off < out.len);
		o = out.buf + off;
		memcpy(l, o, 16);
		l += 16;
	}
	assert_non_null(out.buf);
	expect_same_lines(out.buf, want.buf, trace);
	ft = f;

	/*
	 * The same records as JSON: one valid object per event, stack and
	 * nothing else, and each event's members what its text line shows
	 */
	opts.json = true;
	f = kp_format_new(&opts);
	assert_non_null(f);
	refused[0] = left_out[0] = '\0';
	add_formats(f, kernel, table == KP_SYMS_TEXT, refused, sizeof(refused), left_out,
		    sizeof(left_out));
	load_syms(f, syms, table);
	{
		unsigned int events = 0, objects = 0, args = 0;

		for (i = 0; i < nr; i++) {
			struct kp_record r = { recs[i].ts, recs[i].data, recs[i].size,
					       recs[i].cpu };
			int ret;

			kp_strbuf_reset(&out);
			ret = kp_format_record(f, &r, &out);
			kp_strbuf_reset(&line);
			assert_int_equal(kp_format_record(ft, &r, &line), ret);
			if (ret <= KP_FMT_NONE)
				continue;
			events += ret == KP_FMT_EVENT;
			objects++;
			l = (char *)json_value(out.buf, 0);
			if (!l || strcmp(l, "\n")) {
				print_error("not one JSON object: %s", out.buf);
				fail();
			}
			if (ret == KP_FMT_EVENT)
				args += expect_json_is_line(out.buf, line.buf);
		}
		assert_true(objects >= min_lines / 2);
		assert_true(events > 0);
		assert_true(args >= min_args);
	}
	kp_format_free(ft);
	kp_format_free(f);
	kp_strbuf_free(&out);
	kp_strbuf_free(&want);
	kp_strbuf_free(&line);
	for (cpu = 0; cpu < 8; cpu++)
		free(raw[cpu]);
	free(recs);
	free(trace);
	free(syms);
}

/*
 * The captures the golden test formats: each kernel's instances, each with
 * the table a run loads with "symbol" arguments (KP_SYMS_ALL) and without
 * (KP_SYMS_TEXT, which leaves those events out and compares fewer values)
 */
struct golden {
	const char *name, *kernel, *inst, *refused;
	unsigned int min_lines, min_args;
	enum kp_syms_need table;
};

static const struct golden goldens[] = {
	{ "test_kernel_6_1_types", "6.1", "cap", "eopen", 20, 500, KP_SYMS_ALL },
	{ "test_kernel_6_1_types_code_only", "6.1", "cap", "eopen", 20, 100, KP_SYMS_TEXT },
	{ "test_kernel_6_1_stack", "6.1", "capstk", "eopen", 10, 0, KP_SYMS_ALL },
	{ "test_kernel_6_1_stack_code_only", "6.1", "capstk", "eopen", 10, 0, KP_SYMS_TEXT },
	{ "test_kernel_6_12_types", "6.12", "cap", "eopen", 20, 500, KP_SYMS_ALL },
	{ "test_kernel_6_12_types_code_only", "6.12", "cap", "eopen", 20, 100, KP_SYMS_TEXT },
	{ "test_kernel_6_12_stack", "6.12", "capstk", "eopen", 10, 0, KP_SYMS_ALL },
	{ "test_kernel_6_12_stack_code_only", "6.12", "capstk", "eopen", 10, 0, KP_SYMS_TEXT },
	/* a 32-bit kernel's: 4-byte addresses, symbols and stack frames */
	{ "test_kernel_armhf_6_1_types", "armhf-6.1", "cap", "eopen", 20, 500, KP_SYMS_ALL },
	/* (no uprobes in this capture: the return probe's 20 records, 4 arguments each) */
	{ "test_kernel_armhf_6_1_types_code_only", "armhf-6.1", "cap", "eopen", 20, 80,
	  KP_SYMS_TEXT },
	{ "test_kernel_armhf_6_1_stack", "armhf-6.1", "capstk", "eopen", 10, 0, KP_SYMS_ALL },
	{ "test_kernel_armhf_6_1_stack_code_only", "armhf-6.1", "capstk", "eopen", 10, 0,
	  KP_SYMS_TEXT },
};

static void test_golden(void **state)
{
	const struct golden *g = *state;

	check_instance(g->kernel, g->inst, g->refused, g->min_lines, g->min_args, g->table);
}

/* A kprobe with two string arguments, as the kernel describes it */
static const char long_format[] =
	"name: p_lb\nID: 7\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:__data_loc char[] t;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:__data_loc char[] s;\toffset:20;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"(%lx) t=\\\"%s\\\" s=\\\"%s\\\"\", REC->__probe_ip, __get_str(t), "
	"__get_str(s)\n";

#define LONG_HEAD                                                   \
	"        workload-1234    [001] ..... 12345.678901: p_lb: " \
	"(do_sys_openat2+0x0/0x170) t="

/*
 * Append the text (or with @json the JSON) of a p_lb record whose strings
 * are @nt bytes of 'b' and @ns bytes of 'a', through a formatter limited
 * to @line_max, to a buffer holding a line already (which must stay)
 */
static void format_long(size_t line_max, bool json, size_t nt, size_t ns, struct kp_strbuf *sb)
{
	struct kp_format_opts o = { .json = json, .line_max = line_max };
	unsigned long long ip = 0xffffffff81000100ULL;
	size_t size = 24 + nt + 1 + ns + 1;
	unsigned char *data = calloc(1, size);
	struct kp_record r = { .ts = 12345678901234ULL, .cpu = 1, .size = (unsigned int)size };
	struct kp_format *f = kp_format_new(&o);
	uint32_t tloc = (uint32_t)((nt + 1) << 16 | 24);
	uint32_t sloc = (uint32_t)((ns + 1) << 16 | (24 + nt + 1));
	int32_t pid = 1234;
	uint16_t id = 7;

	assert_non_null(data);
	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", long_format, NULL), 0);
	assert_int_equal(kp_format_set_kallsyms(f, "ffffffff81000000 T _stext\n"
						   "ffffffff81000100 T do_sys_openat2\n"
						   "ffffffff81000270 T do_sys_open\n"),
			 0);
	assert_int_equal(kp_format_comm(f, 1234, "workload"), 0);
	memcpy(data, &id, 2);
	memcpy(data + 4, &pid, 4);
	memcpy(data + 8, &ip, 8);
	memcpy(data + 16, &tloc, 4);
	memcpy(data + 20, &sloc, 4);
	memset(data + 24, 'b', nt);
	memset(data + 24 + nt + 1, 'a', ns);
	r.data = data;
	kp_strbuf_reset(sb);
	assert_int_equal(kp_strbuf_puts(sb, "before\n"), 0);
	assert_int_equal(kp_format_record(f, &r, sb), KP_FMT_EVENT);
	kp_format_free(f);
	free(data);
}

static void put_run(struct kp_strbuf *sb, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(kp_strbuf_putc(sb, c), 0);
}

/*
 * "before\n", then the kernel's line for strings of @nt and @ns bytes up
 * to " s=" and, with @whole, the rest of it; returns the length after
 * "before\n"
 */
static size_t long_line(struct kp_strbuf *want, size_t nt, size_t ns, bool whole)
{
	kp_strbuf_reset(want);
	assert_int_equal(kp_strbuf_puts(want, "before\n" LONG_HEAD "\""), 0);
	put_run(want, 'b', nt);
	assert_int_equal(kp_strbuf_puts(want, "\" s="), 0);
	if (whole) {
		assert_int_equal(kp_strbuf_putc(want, '"'), 0);
		put_run(want, 'a', ns);
		assert_int_equal(kp_strbuf_puts(want, "\"\n"), 0);
	}
	return want->len - strlen("before\n");
}

/*
 * A line as long as the kernel's trace_seq buffer (its newline included)
 * prints whole. One byte more, and the string that does not fit ends the
 * text where it would begin, followed by the kernel's "[LINE TOO BIG]"
 * line when that fits in the buffer too, else by nothing.
 */
static void check_line_max(size_t line_max)
{
	struct kp_strbuf got = { 0 }, want = { 0 };
	size_t head = strlen(LONG_HEAD);
	size_t ns = line_max - head - 8;  /* "", " s=", the quotes and newline */
	size_t nt = line_max - head - 21; /* up to " s=": 16 bytes left */

	assert_int_equal(long_line(&want, 0, ns, true), line_max);
	format_long(line_max, false, 0, ns, &got);
	assert_string_equal(got.buf, want.buf);

	assert_int_equal(long_line(&want, 0, ns + 1, true), line_max + 1);
	format_long(0, false, 0, ns + 1, &got); /* no limit: the whole line */
	assert_string_equal(got.buf, want.buf);
	long_line(&want, 0, ns + 1, false);
	assert_int_equal(kp_strbuf_puts(&want, "[LINE TOO BIG]\n"), 0);
	format_long(line_max, false, 0, ns + 1, &got);
	assert_string_equal(got.buf, want.buf);

	/* the marker (and its '\0') fits in the 16 bytes left, not in 15 */
	assert_int_equal(long_line(&want, nt, 30, false), line_max - 16);
	assert_int_equal(kp_strbuf_puts(&want, "[LINE TOO BIG]\n"), 0);
	format_long(line_max, false, nt, 30, &got);
	assert_string_equal(got.buf, want.buf);
	assert_int_equal(long_line(&want, nt + 1, 30, false), line_max - 15);
	format_long(line_max, false, nt + 1, 30, &got);
	assert_string_equal(got.buf, want.buf);

	kp_strbuf_free(&got);
	kp_strbuf_free(&want);
}

/* Linux 6.1: PAGE_SIZE */
static void test_line_max_page(void **state)
{
	(void)state;
	check_line_max(4096);
}

/* Linux 6.8 and later: 8 KB less the rest of struct trace_seq */
static void test_line_max_8k(void **state)
{
	(void)state;
	check_line_max(8156);
}

/* A kprobe with a string, then an x8[4] array */
static const char arr_format[] =
	"name: p_arr\nID: 8\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:__data_loc char[] t;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:u8 xarr[];\toffset:20;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"(%lx) t=\\\"%s\\\" xarr={0x%x,0x%x,0x%x,0x%x}\", REC->__probe_ip, "
	"__get_str(t), REC->xarr[0], REC->xarr[1], REC->xarr[2], REC->xarr[3]\n";

/* The text of a p_arr record whose string is @nt bytes, limited to @line_max */
static void format_arr(size_t line_max, size_t nt, struct kp_strbuf *sb)
{
	struct kp_format_opts o = { .line_max = line_max };
	unsigned long long ip = 0xffffffff81000100ULL;
	size_t size = 24 + nt + 1;
	unsigned char *data = calloc(1, size);
	struct kp_record r = { .ts = 12345678901234ULL, .cpu = 1, .size = (unsigned int)size };
	struct kp_format *f = kp_format_new(&o);
	uint32_t tloc = (uint32_t)((nt + 1) << 16 | 24);
	int32_t pid = 1234;
	uint16_t id = 8;

	assert_non_null(data);
	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", arr_format, NULL), 0);
	assert_int_equal(kp_format_set_kallsyms(f, "ffffffff81000100 T do_sys_openat2\n"
						   "ffffffff81000270 T do_sys_open\n"),
			 0);
	assert_int_equal(kp_format_comm(f, 1234, "workload"), 0);
	memcpy(data, &id, 2);
	memcpy(data + 4, &pid, 4);
	memcpy(data + 8, &ip, 8);
	memcpy(data + 16, &tloc, 4);
	memcpy(data + 20, "\x10\x11\x12\x13", 4);
	memset(data + 24, 'b', nt);
	r.data = data;
	kp_strbuf_reset(sb);
	assert_int_equal(kp_format_record(f, &r, sb), KP_FMT_EVENT);
	kp_format_free(f);
	free(data);
}

/*
 * The kernel puts an array's closing '}' where a string would not fit: a
 * line one byte too long keeps all of its text but the newline, with no
 * room for the marker; one byte more and the last value is cut too
 */
static void test_line_max_array(void **state)
{
	static const char head[] = "        workload-1234    [001] ..... 12345.678901: p_arr: "
				   "(do_sys_openat2+0x0/0x170) t=\"";
	static const char tail[] = "\" xarr={0x10,0x11,0x12,0x13}\n";
	struct kp_strbuf got = { 0 }, want = { 0 };
	size_t line_max = 4096, nt = line_max - strlen(head) - strlen(tail);

	(void)state;
	for (size_t extra = 0; extra < 3; extra++) {
		kp_strbuf_reset(&want);
		assert_int_equal(kp_strbuf_puts(&want, head), 0);
		put_run(&want, 'b', nt + extra);
		assert_int_equal(kp_strbuf_puts(&want, tail), 0);
		assert_int_equal(want.len, line_max + extra);
		/* whole; then without the newline; then without "0x13}\n" */
		want.len -= extra == 0 ? 0 : extra == 1 ? 1 : 6;
		want.buf[want.len] = '\0';
		format_arr(line_max, nt + extra, &got);
		assert_string_equal(got.buf, want.buf);
	}
	kp_strbuf_free(&got);
	kp_strbuf_free(&want);
}

/* JSON has no such limit: the whole string */
static void test_line_max_json(void **state)
{
	struct kp_strbuf got = { 0 }, want = { 0 };
	size_t n = 9000;

	(void)state;
	format_long(4096, true, 0, n, &got);
	assert_int_equal(kp_strbuf_puts(&want, "before\n{\"type\":\"event\",\"time\":12345.678901,"
					       "\"ts\":12345678901234,\"cpu\":1,"
					       "\"comm\":\"workload\",\"pid\":1234,"
					       "\"flags\":\".....\",\"group\":\"kprobes\","
					       "\"event\":\"p_lb\",\"probe\":"
					       "\"do_sys_openat2+0x0/0x170\",\"args\":{\"t\":\"\","
					       "\"s\":\""),
			 0);
	put_run(&want, 'a', n);
	assert_int_equal(kp_strbuf_puts(&want, "\"}}\n"), 0);
	assert_string_equal(got.buf, want.buf);
	kp_strbuf_free(&got);
	kp_strbuf_free(&want);
}

/* A kprobe with one u64 argument at @offset (as text), and a record for it */
static int add_offset_format(struct kp_format *f, const char *offset, char **why)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "name: p_off\nID: 9\nformat:\n" COMMON_FIELDS
		 "\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
		 "\tfield:u64 arg1;\toffset:%s;\tsize:8;\tsigned:0;\n\n"
		 "print fmt: \"(%%lx) arg1=0x%%Lx\", REC->__probe_ip, REC->arg1\n",
		 offset);
	return kp_format_add_event(f, "kprobes", text, why);
}

/* Is @text taken by a new formatter (0), or refused (-1, errno EINVAL)? */
static int add_text(const struct kp_format_opts *o, const char *text)
{
	struct kp_format *f = kp_format_new(o);
	char *why = NULL;
	int ret, err;

	assert_non_null(f);
	errno = 0;
	ret = kp_format_add_event(f, "kprobes", text, &why);
	err = errno;
	free(why);
	kp_format_free(f);
	if (ret)
		assert_int_equal(err, EINVAL);
	return ret;
}

/*
 * Field lines a kernel never writes, on which libtraceevent 1.7.1 crashes
 * (found by fuzz_fmtevent): refused with the parse error, the table unchanged
 */
static void test_field_line_malformed(void **state)
{
	static const char *const bad[] = {
		"\tfield:int;\toffset:8;\tsize:4;\tsigned:1;\n",
		"\tfield:int\n",
		"\tfield:int m[",
		"\tfield:__data_loc char[",
		"\tfield:u64 arg1;\n",
		"\tfield:u64 arg1];\toffset:8;\tsize:8;\tsigned:0;\n",
	};
	struct kp_format_opts o = { .line_max = 4096 };
	char text[1024], *why;
	struct kp_format *f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "name: p_bad\nID: 9\nformat:\n%s", bad[i]);
		f = kp_format_new(&o);
		assert_non_null(f);
		errno = 0;
		assert_int_equal(kp_format_add_event(f, "kprobes", text, &why), -1);
		assert_int_equal(errno, EINVAL);
		assert_string_equal(why, "cannot parse the format of an event of kprobes");
		free(why);
		kp_format_free(f);
	}
	/* the same event written as the kernel writes it is taken */
	f = kp_format_new(&o);
	assert_non_null(f);
	assert_int_equal(add_offset_format(f, "16", &why), 0);
	kp_format_free(f);
	/* only the print format's string is read: arguments that divide by zero are not */
	snprintf(text, sizeof(text),
		 "name: p_mod\nID: 9\nformat:\n" COMMON_FIELDS
		 "\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
		 "\tfield:u64 arg1;\toffset:16;\tsize:8;\tsigned:0;\n\n"
		 "print fmt: \"(%%lx) arg1=0x%%Lx\", REC->__probe_ip, 1 %% (0)\n");
	assert_int_equal(add_text(&o, text), 0);
	/* nor when "print fmt:" has other blanks, as the library's tokenizer takes it */
	snprintf(text, sizeof(text),
		 "name: p_mod\nID: 9\nformat:\n" COMMON_FIELDS
		 "\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n\n"
		 "print\tfmt :\"(%%lx)\",t%%(am)");
	assert_int_equal(add_text(&o, text), 0);
	/* a line a kernel never writes in a format file is refused */
	snprintf(text, sizeof(text),
		 "name: p_bad\nID: 9\nformat:\n" COMMON_FIELDS "xx print fmt: \"\", 1 %% 0\n");
	assert_int_equal(add_text(&o, text), -1);
	/* a string the library divides by zero on: never given to it, refused here */
	assert_int_equal(add_text(&o, "name:n\nID:4\nformat:\n\n\nprint fmt:\"\t,x%x\""), -1);
	snprintf(text, sizeof(text),
		 "name: p_str\nID: 9\nformat:\n" COMMON_FIELDS
		 "\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n\n"
		 "print fmt: \"(%%lx)\t,x%%x\", REC->__probe_ip\n");
	assert_int_equal(add_text(&o, text), -1);
}

/* A format file's offsets that wrap or lie past any record are refused */
static void test_field_offset_bounds(void **state)
{
	static const char *const bad[] = { "4294967290", "4294967295", "2147483648",
					   "18446744073709551608", "65529" };
	struct kp_format_opts o = { .line_max = 4096 };
	unsigned char data[24] = { 9 };
	struct kp_record r = { .ts = 1000000, .data = data, .size = sizeof(data) };
	struct kp_strbuf sb = { 0 };
	struct kp_format *f;
	char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = kp_format_new(&o);
		assert_non_null(f);
		errno = 0;
		assert_int_equal(add_offset_format(f, bad[i], &why), -1);
		assert_int_equal(errno, EINVAL);
		assert_non_null(why);
		assert_non_null(strstr(why, "event kprobes/p_off has field arg1 at "));
		assert_non_null(strstr(why, ": past any record"));
		free(why);
		/* not in the table: its record is refused, not read */
		assert_int_equal(kp_format_record(f, &r, &sb), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(sb.len, 0);
		kp_format_free(f);
	}
	/* the last 8 bytes of the largest record are fine; a short record is refused */
	f = kp_format_new(&o);
	assert_non_null(f);
	assert_int_equal(add_offset_format(f, "65528", &why), 0);
	assert_int_equal(kp_format_record(f, &r, &sb), -1);
	assert_int_equal(errno, EINVAL);
	kp_format_free(f);
	/* and at 16, the record prints */
	f = kp_format_new(&o);
	assert_non_null(f);
	assert_int_equal(add_offset_format(f, "16", &why), 0);
	data[16] = 0x2a;
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_non_null(strstr(sb.buf, " p_off: (0x0) arg1=0x2a\n"));
	kp_format_free(f);
	kp_strbuf_free(&sb);
}

/* The formats of Linux 6.12 for a probe and the task events */
static const char probe_format[] =
	"name: p_x\nID: 7\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"(%lx)\", REC->__probe_ip\n";
static const char newtask_format[] =
	"name: task_newtask\nID: 8\nformat:\n" COMMON_FIELDS
	"\tfield:pid_t pid;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:char comm[16];\toffset:12;\tsize:16;\tsigned:0;\n"
	"\tfield:unsigned long clone_flags;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:short oom_score_adj;\toffset:40;\tsize:2;\tsigned:1;\n\n"
	"print fmt: \"pid=%d comm=%s clone_flags=%lx oom_score_adj=%hd\", REC->pid, REC->comm, "
	"REC->clone_flags, REC->oom_score_adj\n";
static const char free_format[] =
	"name: sched_process_free\nID: 9\nformat:\n" COMMON_FIELDS
	"\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"comm=%s pid=%d prio=%d\", REC->comm, REC->pid, REC->prio\n";

/* Feed a task event: ID @id, task @pid named @comm (pid at @pid_off, comm at @comm_off) */
static void task_record(struct kp_format *f, uint16_t id, int32_t pid, const char *comm,
			unsigned int pid_off, unsigned int comm_off)
{
	unsigned char data[48] = { 0 };
	struct kp_record r = { .ts = 1000, .cpu = 0, .size = sizeof(data), .data = data };
	struct kp_strbuf sb = { 0 };
	int32_t parent = 1;

	memcpy(data, &id, 2);
	memcpy(data + 4, &parent, 4);
	memcpy(data + pid_off, &pid, 4);
	memcpy(data + comm_off, comm, strlen(comm));
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_NONE);
	assert_int_equal(sb.len, 0);
	kp_strbuf_free(&sb);
}

/* Check the line of a p_x event of task @pid at @ip */
static void probe_line_at(struct kp_format *f, int32_t pid, unsigned long long ip, const char *want)
{
	unsigned char data[16] = { 0 };
	struct kp_record r = { .ts = 12345678901234ULL, .cpu = 1, .size = 16, .data = data };
	struct kp_strbuf sb = { 0 };
	uint16_t id = 7;

	memcpy(data, &id, 2);
	memcpy(data + 4, &pid, 4);
	memcpy(data + 8, &ip, 8);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_string_equal(sb.buf, want);
	kp_strbuf_free(&sb);
}

static void probe_line(struct kp_format *f, int32_t pid, const char *want)
{
	probe_line_at(f, pid, 0xffffffff81000100ULL, want);
}

/*
 * A task's name goes when sched_process_free reports it gone, so a pid
 * reused by a task whose creation was not seen is not shown with the dead
 * task's name; a free reported after the pid was reused keeps the new name
 */
static void test_freed_task_forgotten(void **state)
{
	struct kp_format_opts o = { .line_max = 8156 };
	struct kp_format *f = kp_format_new(&o);

	(void)state;
	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "task", newtask_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "sched", free_format, NULL), 0);
	assert_int_equal(kp_format_set_kallsyms(f, "ffffffff81000000 T _stext\n"
						   "ffffffff81000100 T do_sys_openat2\n"
						   "ffffffff81000270 T do_sys_open\n"),
			 0);
	task_record(f, 8, 1234, "workload", 8, 12);
	probe_line(f, 1234,
		   "        workload-1234    [001] ..... 12345.678901: p_x: "
		   "(do_sys_openat2+0x0/0x170)\n");
	task_record(f, 9, 1234, "workload", 24, 8);
	probe_line(f, 1234,
		   "           <...>-1234    [001] ..... 12345.678901: p_x: "
		   "(do_sys_openat2+0x0/0x170)\n");
	task_record(f, 8, 1234, "cc1", 8, 12);
	/* the old task's free, reported late */
	task_record(f, 9, 1234, "workload", 24, 8);
	probe_line(f, 1234,
		   "             cc1-1234    [001] ..... 12345.678901: p_x: "
		   "(do_sys_openat2+0x0/0x170)\n");
	kp_format_free(f);
}

/* -T: the time column and JSON's "time" from the clock; everything else as the kernel's */
static void test_time_column(void **state)
{
	struct kp_clock clock;
	struct kp_format_opts o = { .line_max = 8156, .clock = &clock };
	struct kp_format *f;
	struct kp_strbuf sb = { 0 };
	unsigned char data[16] = { 0 };
	struct kp_record r = { .ts = 12345678901234ULL, .cpu = 1, .size = 16, .data = data };
	uint16_t id = 7;
	int32_t pid = 1234;

	(void)state;
	memcpy(data, &id, 2);
	memcpy(data + 4, &pid, 4);
	setenv("TZ", "UTC0", 1);
	tzset();
	/* 12345.678901234 s of the boot clock is 2026-12-02 15:04:05.000000 UTC */
	kp_clock_init(&clock, KP_TIME_WALL);
	clock.offset_ns = 1796223845LL * 1000000000LL - 12345678901234LL;
	f = kp_format_new(&o);
	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "task", newtask_format, NULL), 0);
	assert_int_equal(kp_format_set_kallsyms(f, "ffffffff81000000 T _stext\n"), 0);
	task_record(f, 8, 1234, "workload", 8, 12);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_string_equal(sb.buf,
			    "        workload-1234    [001] ..... 2026-12-02T15:04:05.000000: "
			    "p_x: (0x0)\n");
	kp_strbuf_reset(&sb);
	clock.kind = KP_TIME_REL;
	clock.start_ns = 12340000000000ULL;
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_string_equal(sb.buf,
			    "        workload-1234    [001] .....     5.678901: p_x: (0x0)\n");
	kp_strbuf_reset(&sb);
	/* mono is the kernel's own column */
	clock.kind = KP_TIME_MONO;
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_string_equal(sb.buf,
			    "        workload-1234    [001] ..... 12345.678901: p_x: (0x0)\n");
	kp_format_free(f);
	kp_strbuf_free(&sb);

	o.json = true;
	clock.kind = KP_TIME_WALL;
	f = kp_format_new(&o);
	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "task", newtask_format, NULL), 0);
	task_record(f, 8, 1234, "workload", 8, 12);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_non_null(strstr(sb.buf,
			       "{\"type\":\"event\",\"time\":\"2026-12-02T15:04:05.000000\","
			       "\"ts\":12345678901234,"));
	kp_strbuf_reset(&sb);
	clock.kind = KP_TIME_EPOCH;
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_non_null(strstr(sb.buf, "\"time\":1796223845.000000,\"ts\":12345678901234,"));
	kp_format_free(f);
	kp_strbuf_free(&sb);
	unsetenv("TZ");
	tzset();
}

/* Linux 6.18's sched_process_free: comm is a __data_loc string */
static const char free_loc_format[] =
	"name: sched_process_free\nID: 9\nformat:\n" COMMON_FIELDS
	"\tfield:__data_loc char[] comm;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:int prio;\toffset:16;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"comm=%s pid=%d prio=%d\", __get_str(comm), REC->pid, REC->prio\n";

/* A free of task @pid named @comm, its name at the end of the record */
static void free_loc_record(struct kp_format *f, int32_t pid, const char *comm)
{
	unsigned char data[48] = { 0 };
	uint32_t loc = 20 | (uint32_t)(strlen(comm) + 1) << 16;
	uint16_t id = 9;
	struct kp_record r = { .ts = 1000, .cpu = 0, .size = sizeof(data), .data = data };
	struct kp_strbuf sb = { 0 };

	memcpy(data, &id, 2);
	memcpy(data + 8, &loc, 4);
	memcpy(data + 12, &pid, 4);
	memcpy(data + 20, comm, strlen(comm) + 1);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_NONE);
	assert_int_equal(sb.len, 0);
	kp_strbuf_free(&sb);
}

/* The same with the newer kernels' format: the name read through its __data_loc */
static void test_freed_task_forgotten_data_loc(void **state)
{
	struct kp_format_opts o = { .line_max = 8156 };
	struct kp_format *f = kp_format_new(&o);

	(void)state;
	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "task", newtask_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "sched", free_loc_format, NULL), 0);
	assert_int_equal(kp_format_set_kallsyms(f, "ffffffff81000000 T _stext\n"
						   "ffffffff81000100 T do_sys_openat2\n"
						   "ffffffff81000270 T do_sys_open\n"),
			 0);
	task_record(f, 8, 1234, "workload", 8, 12);
	free_loc_record(f, 1234, "workload");
	probe_line(f, 1234,
		   "           <...>-1234    [001] ..... 12345.678901: p_x: "
		   "(do_sys_openat2+0x0/0x170)\n");
	task_record(f, 8, 1234, "cc1", 8, 12);
	/* the old task's free, reported late: the new task keeps its name */
	free_loc_record(f, 1234, "workload");
	probe_line(f, 1234,
		   "             cc1-1234    [001] ..... 12345.678901: p_x: "
		   "(do_sys_openat2+0x0/0x170)\n");
	kp_format_free(f);
}

static void write_file(const char *path, const char *text)
{
	FILE *out = fopen(path, "w");

	assert_non_null(out);
	assert_int_equal(fputs(text, out) >= 0, 1);
	assert_int_equal(fclose(out), 0);
}

#define P_X_HEAD "        workload-1234    [001] ..... 12345.678901: p_x: "

/*
 * Symbols are read when a record first prints a kernel address, and read
 * again (at most once a second) when an address is in no symbol and the
 * module list changed: a module loaded after the start prints as the
 * kernel prints it
 */
static void test_kallsyms_on_need_and_new_modules(void **state)
{
	char dir[] = "/tmp/kprobe-ksyms.XXXXXX", syms[64], mods[64];
	struct kp_format_opts o = { .line_max = 8156 };
	struct kp_format *f = kp_format_new(&o);

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(syms, sizeof(syms), "%s/kallsyms", dir);
	snprintf(mods, sizeof(mods), "%s/modules", dir);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "task", newtask_format, NULL), 0);
	/* not there yet: nothing is read before a record needs it */
	kp_format_kallsyms_from(f, syms, mods);
	write_file(syms, "ffffffff81000000 T _stext\n"
			 "ffffffff81000100 T do_sys_openat2\n"
			 "ffffffff81000270 T do_sys_open\n");
	write_file(mods, "");
	task_record(f, 8, 1234, "workload", 8, 12);
	probe_line_at(f, 1234, 0xffffffff81000110ULL, P_X_HEAD "(do_sys_openat2+0x10/0x170)\n");
	probe_line_at(f, 1234, 0xffffffffc0002010ULL, P_X_HEAD "(0xffffffffc0002010)\n");

	/* a module is loaded */
	write_file(syms, "ffffffff81000000 T _stext\n"
			 "ffffffff81000100 T do_sys_openat2\n"
			 "ffffffff81000270 T do_sys_open\n"
			 "ffffffffc0002000 t mod_open\t[mymod]\n"
			 "ffffffffc0002080 t mod_close\t[mymod]\n");
	write_file(mods, "mymod 16384 0 - Live 0xffffffffc0002000\n");
	/* within a second of the last look: not yet */
	probe_line_at(f, 1234, 0xffffffffc0002010ULL, P_X_HEAD "(0xffffffffc0002010)\n");
	usleep(1100 * 1000);
	probe_line_at(f, 1234, 0xffffffffc0002010ULL, P_X_HEAD "(mod_open+0x10/0x80 [mymod])\n");
	probe_line_at(f, 1234, 0xffffffff81000100ULL, P_X_HEAD "(do_sys_openat2+0x0/0x170)\n");
	/* an address in no symbol, modules as they were: no new read */
	usleep(1100 * 1000);
	write_file(syms, "ffffffff81000000 T _stext\n"
			 "ffffffffc0002000 t other\t[mymod]\n");
	probe_line_at(f, 1234, 0xffffffffc0009000ULL, P_X_HEAD "(0xffffffffc0009000)\n");
	probe_line_at(f, 1234, 0xffffffffc0002010ULL, P_X_HEAD "(mod_open+0x10/0x80 [mymod])\n");
	kp_format_free(f);

	/* a live run's formatter reads them at once */
	o.syms_early = true;
	f = kp_format_new(&o);
	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "task", newtask_format, NULL), 0);
	write_file(syms, "ffffffff81000000 T _stext\n"
			 "ffffffff81000100 T do_sys_openat2\n"
			 "ffffffff81000270 T do_sys_open\n");
	kp_format_kallsyms_from(f, syms, mods);
	unlink(syms);
	task_record(f, 8, 1234, "workload", 8, 12);
	probe_line_at(f, 1234, 0xffffffff81000110ULL, P_X_HEAD "(do_sys_openat2+0x10/0x170)\n");
	kp_format_free(f);
	unlink(mods);
	rmdir(dir);
}

static const char module_load_format[] =
	"name: module_load\nID: 10\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned int taints;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:__data_loc char[] name;\toffset:12;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"%s %s\", __get_str(name), \"\"\n";

/*
 * A module_load record comes before any record of the module's code: the
 * next address in no symbol reads kallsyms again at once, not up to a
 * second later, and prints as the kernel prints it
 */
static void test_module_load_reads_at_once(void **state)
{
	char dir[] = "/tmp/kprobe-ksyms.XXXXXX", syms[64], mods[64];
	struct kp_format_opts o = { .line_max = 8156, .syms_early = true };
	struct kp_format *f = kp_format_new(&o);
	unsigned char data[24] = { 0 };
	struct kp_record r = { .ts = 1000, .cpu = 0, .size = sizeof(data), .data = data };
	struct kp_strbuf sb = { 0 };
	uint16_t id = 10;
	uint32_t loc = (5u << 16) | 16;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(syms, sizeof(syms), "%s/kallsyms", dir);
	snprintf(mods, sizeof(mods), "%s/modules", dir);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "task", newtask_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "module", module_load_format, NULL), 0);
	write_file(syms, "ffffffff81000000 T _stext\n"
			 "ffffffff81000100 T do_sys_openat2\n");
	write_file(mods, "");
	kp_format_kallsyms_from(f, syms, mods);
	task_record(f, 8, 1234, "workload", 8, 12);
	probe_line_at(f, 1234, 0xffffffffc0002010ULL, P_X_HEAD "(0xffffffffc0002010)\n");
	/* the module comes, and its record says so: nothing printed for it */
	write_file(syms, "ffffffff81000000 T _stext\n"
			 "ffffffff81000100 T do_sys_openat2\n"
			 "ffffffffc0002000 t dummy_get_stats64\t[dummy]\n"
			 "ffffffffc0002080 t dummy_xmit\t[dummy]\n");
	write_file(mods, "dummy 16384 0 - Live 0xffffffffc0002000\n");
	memcpy(data, &id, 2);
	memcpy(data + 12, &loc, 4);
	memcpy(data + 16, "dummy", 6);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_NONE);
	assert_int_equal(sb.len, 0);
	kp_strbuf_free(&sb);
	/* within the second: named at once */
	probe_line_at(f, 1234, 0xffffffffc0002010ULL,
		      P_X_HEAD "(dummy_get_stats64+0x10/0x80 [dummy])\n");
	kp_format_free(f);
	unlink(syms);
	unlink(mods);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
#define GOLDEN(i) { goldens[i].name, test_golden, NULL, NULL, (void *)&goldens[i] }
		GOLDEN(0), GOLDEN(1), GOLDEN(2), GOLDEN(3),
		GOLDEN(4), GOLDEN(5), GOLDEN(6), GOLDEN(7),
		GOLDEN(8), GOLDEN(9), GOLDEN(10), GOLDEN(11),
#undef GOLDEN
		cmocka_unit_test(test_line_max_page),
		cmocka_unit_test(test_line_max_8k),
		cmocka_unit_test(test_line_max_array),
		cmocka_unit_test(test_line_max_json),
		cmocka_unit_test(test_field_offset_bounds),
		cmocka_unit_test(test_field_line_malformed),
		cmocka_unit_test(test_freed_task_forgotten),
		cmocka_unit_test(test_time_column),
		cmocka_unit_test(test_freed_task_forgotten_data_loc),
		cmocka_unit_test(test_kallsyms_on_need_and_new_modules),
		cmocka_unit_test(test_module_load_reads_at_once),
	};
	/* clang-format on */
	const char *slash = argc ? strrchr(argv[0], '/') : NULL;

	/* from the top of the tree (make check), or next to the binary */
	if (access(fixtures, R_OK) && slash)
		snprintf(fixtures, sizeof(fixtures), "%.*s/fixtures", (int)(slash - argv[0]),
			 argv[0]);
	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
