// SPDX-License-Identifier: GPL-2.0-only
/*
 * The events the formatter knows: each format file parsed with
 * libtraceevent into where a record's fields are and how the kernel prints
 * each probe argument.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <traceevent/event-parse.h>

#include "comm.h"
#include "ksymsrc.h"
#include "fmtevent.h"

int kp_fevs_init(struct kp_fevs *t)
{
	memset(t, 0, sizeof(*t));
	t->tep = tep_alloc();
	if (!t->tep) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static void fev_destroy(struct kp_fev *e)
{
	int i;

	for (i = 0; i < e->nr_args; i++)
		free(e->args[i].name);
	free(e->args);
	free(e->system);
	free(e->name);
	free(e->probed);
}

void kp_fevs_destroy(struct kp_fevs *t)
{
	int i;

	for (i = 0; i < t->nr_evs; i++)
		fev_destroy(&t->evs[i]);
	free(t->evs);
	tep_free(t->tep);
	memset(t, 0, sizeof(*t));
}

__attribute__((format(printf, 2, 3))) static int refuse(char **why, const char *fmt, ...)
{
	if (why) {
		va_list ap;

		va_start(ap, fmt);
		if (vasprintf(why, fmt, ap) < 0)
			*why = NULL;
		va_end(ap);
	}
	errno = EINVAL;
	return -1;
}

/* Does @p start with one of the kernel's spellings of a fetch type's format? */
static const char *match_type(const char *p, enum kp_farg_type *t)
{
	static const struct {
		const char *fmt;
		enum kp_farg_type type;
	} fmts[] = {
		{ "0x%Lx", KP_FT_X },	{ "0x%llx", KP_FT_X },	     { "0x%lx", KP_FT_X },
		{ "0x%x", KP_FT_X },	{ "%Lu", KP_FT_U },	     { "%llu", KP_FT_U },
		{ "%lu", KP_FT_U },	{ "%u", KP_FT_U },	     { "%Ld", KP_FT_S },
		{ "%lld", KP_FT_S },	{ "%ld", KP_FT_S },	     { "%d", KP_FT_S },
		{ "%pS", KP_FT_SYM },	{ "\\\"%s\\\"", KP_FT_STR }, { "\"%s\"", KP_FT_STR },
		{ "'%c'", KP_FT_CHAR },
	};
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		size_t n = strlen(fmts[i].fmt);

		if (!strncmp(p, fmts[i].fmt, n)) {
			*t = fmts[i].type;
			return p + n;
		}
	}
	return NULL;
}

static struct tep_format_field *field_of(struct tep_event *ev, const char *name)
{
	return tep_find_field(ev, name);
}

/* One argument: its field and its part of the print format at *@pp */
static int add_arg(struct kp_fev *e, struct tep_format_field *fl, const char **pp, char **why)
{
	struct kp_farg *a = &e->args[e->nr_args];
	const char *p = *pp;
	size_t n = strlen(fl->name);
	unsigned int count = 0;
	enum kp_farg_type t = KP_FT_U, t2;

	if (*p != ' ' || strncmp(p + 1, fl->name, n) || p[1 + n] != '=')
		return refuse(why, "argument '%s' is not printed as '%s=...'", fl->name, fl->name);
	p += n + 2;
	if (*p == '{') {
		p++;
		for (;;) {
			p = match_type(p, count ? &t2 : &t);
			if (!p || (count && t2 != t))
				return refuse(
					why,
					"argument '%s' has an array format this tool cannot reproduce",
					fl->name);
			count++;
			if (*p == '}')
				break;
			if (*p++ != ',')
				return refuse(
					why,
					"argument '%s' has an array format this tool cannot reproduce",
					fl->name);
		}
		p++;
	} else {
		p = match_type(p, &t);
		if (!p)
			return refuse(
				why,
				"argument '%s' has a type this tool cannot print as the kernel does",
				fl->name);
	}
	a->type = t;
	a->count = count;
	a->offset = (unsigned int)fl->offset;
	a->esize = count ? (unsigned int)fl->size / count : (unsigned int)fl->size;
	a->rel = fl->flags & TEP_FIELD_IS_RELATIVE;
	if (t == KP_FT_STR) {
		if (count || !(fl->flags & TEP_FIELD_IS_DYNAMIC) || fl->size != 4)
			return refuse(
				why,
				"argument '%s' is an array of strings, which this tool cannot print",
				fl->name);
	} else {
		if (fl->flags & TEP_FIELD_IS_DYNAMIC)
			return refuse(why, "argument '%s' is a dynamic field with a numeric format",
				      fl->name);
		if (count && (unsigned int)fl->size != count * a->esize)
			return refuse(
				why,
				"argument '%s' has an array size that does not match its format",
				fl->name);
		if ((a->esize != 1 && a->esize != 2 && a->esize != 4 && a->esize != 8) ||
		    (t == KP_FT_CHAR && a->esize != 1) ||
		    (t == KP_FT_SYM && a->esize != 4 && a->esize != 8))
			return refuse(why, "argument '%s' has a size its type does not have",
				      fl->name);
	}
	a->name = strdup(fl->name);
	if (!a->name)
		return -1;
	e->nr_args++;
	*pp = p;
	return 0;
}

/*
 * An eprobe's line names the event it probes (print_eprobe_event(): "NAME:
 * (SYSTEM.EVENT)"), which its format file does not say: the caller gives
 * it, as the definition named it. Its print format is its arguments only.
 */
static int setup_eprobe(struct kp_fev *e, struct tep_event *ev, const char *probed, char **why)
{
	const char *sep = strpbrk(probed, "./");
	struct tep_format_field *fl;

	if (!sep || sep == probed || !sep[1] || strpbrk(sep + 1, "./"))
		return refuse(why, "eprobe %s/%s: '%s' is not SYSTEM.EVENT", ev->system, ev->name,
			      probed);
	for (fl = ev->format.fields; fl; fl = fl->next)
		if (!strncmp(fl->name, "__probe_", 8))
			return refuse(why, "event %s/%s has field %s: it is not an eprobe",
				      ev->system, ev->name, fl->name);
	e->probed = strdup(probed);
	if (!e->probed)
		return -1;
	/* the kernel prints the probed event's system and name with a dot */
	e->probed[sep - probed] = '.';
	e->kind = KP_EV_EPROBE;
	return 0;
}

/* The size of the kernel's unsigned long: 8 bytes, or 4 on a 32-bit kernel */
static bool is_word(int size)
{
	return size == 4 || size == 8;
}

static int setup_probe(struct kp_fev *e, struct tep_event *ev, const char *print,
		       const char *probed, char **why)
{
	struct tep_format_field *ip = field_of(ev, "__probe_ip");
	struct tep_format_field *func = field_of(ev, "__probe_func");
	struct tep_format_field *ret = field_of(ev, "__probe_ret_ip");
	struct tep_format_field *fl;
	const char *p = print, *head;
	size_t nr = 1;

	if (probed) {
		if (setup_eprobe(e, ev, probed, why))
			return -1;
		head = "";
	} else if (ip && is_word(ip->size)) {
		e->kind = KP_EV_PROBE;
		e->ip_off = (unsigned int)ip->offset;
		e->word = (unsigned int)ip->size;
		head = "(%lx)";
	} else if (func && ret && is_word(func->size) && ret->size == func->size) {
		e->kind = KP_EV_RETPROBE;
		e->func_off = (unsigned int)func->offset;
		e->ip_off = (unsigned int)ret->offset;
		e->word = (unsigned int)func->size;
		head = "(%lx <- %lx)";
	} else {
		return refuse(why,
			      "event %s/%s is not a kprobe, uprobe or fprobe, "
			      "nor an eprobe whose probed event was given",
			      ev->system, ev->name);
	}
	if (!p || strncmp(p, head, strlen(head)))
		return refuse(why, "event %s/%s has a print format that does not start with %s",
			      ev->system, ev->name, head);
	p += strlen(head);
	/* the fields as listed: libtraceevent 1.7.1's nr_fields can count fewer */
	for (fl = ev->format.fields; fl; fl = fl->next)
		nr++;
	e->args = calloc(nr, sizeof(*e->args));
	if (!e->args)
		return -1;
	for (fl = ev->format.fields; fl; fl = fl->next) {
		if (!strncmp(fl->name, "__probe_", 8))
			continue;
		if (add_arg(e, fl, &p, why))
			return -1;
	}
	if (*p)
		return refuse(why, "event %s/%s prints more than its arguments: '%s'", ev->system,
			      ev->name, p);
	return 0;
}

static int setup_task(struct kp_fev *e, struct tep_event *ev, const char *comm, char **why)
{
	struct tep_format_field *pid = field_of(ev, "pid"), *c = field_of(ev, comm);

	if (!c || c->size != KP_COMM_LEN || (pid && pid->size != 4))
		return refuse(why, "event task/%s has no %s[16] field", ev->name, comm);
	e->pid_off = pid ? (unsigned int)pid->offset : 0;
	e->comm_off = (unsigned int)c->offset;
	return 0;
}

/* sched_process_free's comm is char[16] up to 6.x, a __data_loc string on newer kernels */
static int setup_free(struct kp_fev *e, struct tep_event *ev, char **why)
{
	struct tep_format_field *pid = field_of(ev, "pid"), *c = field_of(ev, "comm");

	if (c && (c->flags & TEP_FIELD_IS_DYNAMIC) && c->size == 4 && pid && pid->size == 4) {
		e->pid_off = (unsigned int)pid->offset;
		e->comm_off = (unsigned int)c->offset;
		e->comm_loc = true;
		return 0;
	}
	return setup_task(e, ev, "comm", why);
}

static int check_common(struct tep_event *ev, char **why)
{
	static const struct {
		const char *name;
		int offset, size;
	} want[] = {
		{ "common_type", 0, 2 },
		{ "common_flags", 2, 1 },
		{ "common_preempt_count", 3, 1 },
		{ "common_pid", 4, 4 },
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct tep_format_field *fl = tep_find_common_field(ev, want[i].name);

		if (!fl || fl->offset != want[i].offset || fl->size != want[i].size)
			return refuse(why, "event %s/%s has an unexpected common header",
				      ev->system, ev->name);
	}
	return 0;
}

/*
 * Every field within KP_RECORD_MAX: the formatter reads a field at its
 * offset once a record is as long as its fields' ends (min_size), so an
 * offset near 2^32 (libtraceevent keeps them in ints, from strtoul) must
 * not wrap into a small end. Checked in 64 bits, before any is used.
 */
static int check_fields(struct tep_event *ev, char **why)
{
	struct tep_format_field *fl;

	for (fl = ev->format.fields; fl; fl = fl->next)
		if (fl->offset < 0 || fl->size < 0 ||
		    (long long)fl->offset + fl->size > KP_RECORD_MAX)
			return refuse(why,
				      "event %s/%s has field %s at %d, %d bytes: past any record",
				      ev->system, ev->name, fl->name, fl->offset, fl->size);
	return 0;
}

/*
 * libtraceevent 1.7.1 dereferences a NULL token when a field's declaration
 * has one word ("field:int;"), a byte outside its tokens ("field:int \xff;")
 * or the text ends inside one ("field:int x["), so each field line is
 * checked for the shape every kernel writes before the library sees it:
 * words of C type and name characters with balanced brackets, then ';',
 * then offset and size as numbers.
 */
static int number_after(const char *p, const char *end, const char *key)
{
	p = memmem(p, (size_t)(end - p), key, strlen(key));
	return p && p + strlen(key) < end && p[strlen(key)] >= '0' && p[strlen(key)] <= '9';
}

static int field_line_ok(const char *line, size_t len)
{
	const char *end = line + len, *decl = line + strlen("field:");
	const char *semi = memchr(line, ';', len), *p;
	int words = 0, depth = 0;

	if (!semi)
		return 0;
	for (p = decl; p < semi; p++) {
		if (*p == '[') {
			depth++;
		} else if (*p == ']') {
			if (--depth < 0)
				return 0;
		} else if (*p != ' ' && *p != '\t' && *p != '*' && *p != '_' &&
			   !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') &&
			   !(*p >= '0' && *p <= '9')) {
			return 0;
		}
		if (*p != ' ' && *p != '\t' && (p == decl || p[-1] == ' ' || p[-1] == '\t'))
			words++;
	}
	return words >= 2 && !depth && number_after(semi, end, "offset:") &&
	       number_after(semi, end, "size:");
}

/* Does @line (leading blanks skipped) begin with @word? */
static bool starts(const char *line, const char *word)
{
	return !strncmp(line, word, strlen(word));
}

/* Skip spaces and tabs from @p, not past @end */
static const char *blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * The print format's string of a "print fmt:" line, as libtraceevent's
 * tokenizer takes it ("print", "fmt", ":" with any blanks between, then
 * the quoted string): its opening quote, and in *@close its closing one.
 * NULL when @line has no such string.
 */
static const char *print_fmt_string(const char *line, const char *end, const char **close)
{
	const char *p = line + strlen("print"), *q;

	if (p == blanks(p, end))
		return NULL;
	p = blanks(p, end);
	if (end - p < 3 || strncmp(p, "fmt", 3))
		return NULL;
	p = blanks(p + 3, end);
	if (p == end || *p != ':')
		return NULL;
	p = blanks(p + 1, end);
	if (p == end || *p != '"')
		return NULL;
	for (q = p + 1; q < end && *q != '"'; q++)
		if (*q == '\\' && q + 1 < end)
			q++;
	if (q == end)
		return NULL;
	*close = q;
	return p;
}

/*
 * The text libtraceevent is given: only the lines a kernel writes in a
 * format file (name, ID, format, checked field lines, blank lines), and an
 * empty print format; the print format's string, the only part of it used
 * here (this file formats records itself), is returned in *@print as the
 * library would have kept it (what is between the quotes, as it is).
 * libtraceevent 1.7.1 crashes on print formats: it folds the arguments'
 * constant expressions while it parses them ("x % 0" divides by zero), it
 * takes "print fmt:" with any blanks around its words, and it divides by
 * zero on some strings alone ("\t,x%x"). Returns a malloc'd text, or NULL
 * with errno EINVAL when a line is none of those, ENOMEM.
 */
static char *format_for_library(const char *text, char **print)
{
	const char *line = text, *nl, *open, *close;
	size_t len = 0;
	char *copy;

	*print = NULL;
	/* at most the text, the empty print format, a newline and the NUL */
	copy = malloc(strlen(text) + sizeof("print fmt: \"\"\n"));
	if (!copy)
		return NULL;
	for (; *line; line = *nl ? nl + 1 : nl) {
		const char *p;

		nl = strchrnul(line, '\n');
		p = blanks(line, nl);
		if (starts(p, "print")) {
			open = print_fmt_string(p, nl, &close);
			if (!open)
				break;
			*print = strndup(open + 1, (size_t)(close - open - 1));
			if (!*print) {
				free(copy);
				errno = ENOMEM;
				return NULL;
			}
			memcpy(copy + len, "print fmt: \"\"\n", sizeof("print fmt: \"\"\n"));
			return copy;
		}
		if ((starts(p, "field:") && !field_line_ok(p, (size_t)(nl - p))) ||
		    (p != nl && !starts(p, "field:") && !starts(p, "name:") && !starts(p, "ID:") &&
		     !starts(p, "format:")))
			break;
		memcpy(copy + len, line, (size_t)(nl - line));
		len += (size_t)(nl - line);
		copy[len++] = '\n';
	}
	if (!*line) {
		copy[len] = '\0';
		return copy;
	}
	free(copy);
	errno = EINVAL;
	return NULL;
}

/*
 * A stack's frame: an element of its "unsigned long caller[8]" (4 bytes on
 * a 32-bit kernel); 8 bytes when the field does not say
 */
static unsigned int frame_size(const struct tep_format_field *fl)
{
	unsigned int size = (unsigned int)fl->size;

	if (fl->arraylen && size % fl->arraylen == 0 && is_word((int)(size / fl->arraylen)))
		return size / fl->arraylen;
	return 8;
}

int kp_fevs_add(struct kp_fevs *t, const char *system, const char *format_text, const char *probed,
		char **why)
{
	struct tep_event *ev = NULL;
	struct tep_format_field *fl;
	struct kp_fev e = { 0 }, *evs;
	enum tep_errno parsed;
	char *lib_text, *print;
	int ret = -1;

	if (why)
		*why = NULL;
	lib_text = format_for_library(format_text, &print);
	if (!lib_text)
		return errno == EINVAL
			       ? refuse(why, "cannot parse the format of an event of %s", system)
			       : -1;
	tep_set_loglevel(TEP_LOG_NONE);
	parsed = tep_parse_format(t->tep, &ev, lib_text, strlen(lib_text), system);
	free(lib_text);
	if (parsed || !ev) {
		if (ev && ev->format.fields) {
			/* a print format libtraceevent cannot evaluate is fine */
		} else {
			free(print);
			return refuse(why, "cannot parse the format of an event of %s", system);
		}
	}
	for (int i = 0; i < t->nr_evs; i++)
		if (t->evs[i].id == ev->id) {
			free(print);
			return 0;
		}
	if (check_common(ev, why) || check_fields(ev, why)) {
		free(print);
		return -1;
	}
	e.id = ev->id;
	e.system = strdup(system);
	e.name = strdup(ev->name);
	if (!e.system || !e.name)
		goto out;
	if (!strcmp(system, "ftrace") && !strcmp(ev->name, "kernel_stack")) {
		fl = field_of(ev, "caller");
		if (!fl || fl->offset < KP_COMMON_SIZE) {
			refuse(why, "event ftrace/kernel_stack has no caller field");
			goto out;
		}
		e.kind = KP_EV_STACK;
		e.ip_off = (unsigned int)fl->offset;
		e.word = frame_size(fl);
	} else if (!strcmp(system, "ftrace") && !strcmp(ev->name, "user_stack")) {
		/* the userstacktrace option's record: the process's tgid, then its frames */
		fl = field_of(ev, "caller");
		if (!fl || fl->offset < KP_COMMON_SIZE) {
			refuse(why, "event ftrace/user_stack has no caller field");
			goto out;
		}
		e.kind = KP_EV_USTACK;
		e.ip_off = (unsigned int)fl->offset;
		e.word = frame_size(fl);
		fl = field_of(ev, "tgid");
		if (fl && fl->offset >= KP_COMMON_SIZE && fl->size == 4)
			e.pid_off = (unsigned int)fl->offset;
	} else if (!strcmp(system, KP_TASK_SYSTEM) && !strcmp(ev->name, KP_TASK_NEWTASK)) {
		e.kind = KP_EV_NEWTASK;
		if (setup_task(&e, ev, "comm", why))
			goto out;
	} else if (!strcmp(system, KP_TASK_SYSTEM) && !strcmp(ev->name, KP_TASK_RENAME)) {
		e.kind = KP_EV_RENAME;
		if (setup_task(&e, ev, "newcomm", why))
			goto out;
	} else if (!strcmp(system, KP_FREE_SYSTEM) && !strcmp(ev->name, KP_TASK_FREE)) {
		e.kind = KP_EV_FREE;
		if (setup_free(&e, ev, why))
			goto out;
	} else if (!strcmp(system, KP_MODULE_SYSTEM) && !strcmp(ev->name, KP_MODULE_LOAD)) {
		e.kind = KP_EV_MODLOAD;
	} else if (setup_probe(&e, ev, print, probed, why)) {
		goto out;
	}
	free(print);
	print = NULL;
	e.min_size = KP_COMMON_SIZE;
	for (fl = ev->format.fields; fl; fl = fl->next) {
		unsigned int end = (unsigned int)(fl->offset + fl->size);

		if ((e.kind == KP_EV_STACK || e.kind == KP_EV_USTACK) &&
		    !strcmp(fl->name, "caller"))
			end = (unsigned int)fl->offset;
		if (end > e.min_size)
			e.min_size = end;
	}
	evs = realloc(t->evs, (size_t)(t->nr_evs + 1) * sizeof(*evs));
	if (!evs)
		goto out;
	t->evs = evs;
	t->evs[t->nr_evs++] = e;
	t->last = NULL;
	return 0;
out:
	if (!errno)
		errno = ENOMEM;
	free(print);
	fev_destroy(&e);
	return ret;
}

struct kp_fev *kp_fevs_find(struct kp_fevs *t, int id)
{
	int i;

	if (t->last && t->last->id == id)
		return t->last;
	for (i = 0; i < t->nr_evs; i++) {
		if (t->evs[i].id == id) {
			t->last = &t->evs[i];
			return t->last;
		}
	}
	return NULL;
}
