// SPDX-License-Identifier: GPL-2.0-only
/*
 * Function signatures from BTF, through libbpf: the types come from its
 * btf_dump, so they are spelt as the kernel's C declares them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btfcheck.h"
#include "btfsig.h"
#include "strbuf.h"

/* What btf_dump prints into; once anything failed, nothing more */
struct kp_btf_sigbuf {
	struct kp_strbuf sb;
	bool failed;
};

/* One of the shared dumps, and which type of each shared name it has met */
struct kp_btf_dump {
	struct btf_dump *dump;
	unsigned int *owner; /* per name group: the type id, 0 if none yet */
};

static int cmp_func(const void *a, const void *b)
{
	const struct kp_btf_func *fa = a, *fb = b;

	return strcmp(fa->name, fb->name);
}

int kp_btf_sigs_from(struct kp_btf_sigs *s, struct btf *btf)
{
	const struct btf *base = btf__base_btf(btf);
	unsigned int i, n = btf__type_cnt(btf);

	memset(s, 0, sizeof(*s));
	s->btf = btf;
	if (!kp_btf_ids_ok(btf)) {
		kp_btf_sigs_free(s);
		errno = EINVAL;
		return -1;
	}
	s->funcs = calloc(n, sizeof(*s->funcs));
	if (!s->funcs) {
		kp_btf_sigs_free(s);
		errno = ENOMEM;
		return -1;
	}
	/* a module's split BTF: only its own types */
	for (i = base ? btf__type_cnt(base) : 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (!t || !btf_is_func(t))
			continue;
		s->funcs[s->nr_funcs].name = btf__name_by_offset(btf, t->name_off);
		s->funcs[s->nr_funcs].id = i;
		if (s->funcs[s->nr_funcs].name)
			s->nr_funcs++;
	}
	qsort(s->funcs, s->nr_funcs, sizeof(*s->funcs), cmp_func);
	return 0;
}

/* libbpf's own messages: the caller says what a missing BTF means */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int kp_btf_sigs_load(struct kp_btf_sigs *s, const char *path)
{
	libbpf_print_fn_t old = libbpf_set_print(quiet);
	struct btf *btf;
	int err;

	memset(s, 0, sizeof(*s));
	btf = path ? btf__parse(path, NULL) : btf__load_vmlinux_btf();
	err = libbpf_get_error(btf);
	libbpf_set_print(old);
	if (err) {
		errno = -err;
		return -1;
	}
	if (kp_btf_sigs_from(s, btf))
		return -1;
	if (path) {
		const char *slash = strrchr(path, '/');

		s->dir = slash ? strndup(path, slash - path) : strdup(".");
	} else {
		s->dir = strdup("/sys/kernel/btf");
	}
	if (!s->dir) {
		kp_btf_sigs_free(s);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void kp_btf_sigs_free(struct kp_btf_sigs *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_modules; i++) {
		if (s->modules[i].sigs)
			kp_btf_sigs_free(s->modules[i].sigs);
		free(s->modules[i].sigs);
		free(s->modules[i].name);
	}
	free(s->modules);
	for (i = 0; i < s->nr_dumps; i++) {
		btf_dump__free(s->dumps[i].dump);
		free(s->dumps[i].owner);
	}
	free(s->dumps);
	if (s->text)
		kp_strbuf_free(&s->text->sb);
	free(s->text);
	free(s->shared);
	btf__free(s->btf);
	free(s->funcs);
	free(s->dir);
	memset(s, 0, sizeof(*s));
}

/* @module's index, loaded on first use; NULL if it has no BTF (errno 0) */
static struct kp_btf_sigs *module_sigs(struct kp_btf_sigs *s, const char *module)
{
	struct kp_btf_module *m, *more;
	libbpf_print_fn_t old;
	struct btf *btf;
	char *path;
	unsigned int i;

	for (i = 0; i < s->nr_modules; i++)
		if (!strcmp(s->modules[i].name, module))
			return s->modules[i].sigs;
	more = realloc(s->modules, (s->nr_modules + 1) * sizeof(*s->modules));
	if (!more)
		return NULL;
	s->modules = more;
	m = &s->modules[s->nr_modules];
	m->sigs = NULL;
	m->name = strdup(module);
	if (!m->name || !s->dir || strchr(module, '/') ||
	    asprintf(&path, "%s/%s", s->dir, module) < 0) {
		free(m->name);
		errno = ENOMEM;
		return NULL;
	}
	s->nr_modules++;
	old = libbpf_set_print(quiet);
	btf = btf__parse_split(path, s->btf);
	libbpf_set_print(old);
	free(path);
	if (libbpf_get_error(btf))
		return NULL;
	m->sigs = malloc(sizeof(*m->sigs));
	if (!m->sigs || kp_btf_sigs_from(m->sigs, btf)) {
		if (!m->sigs)
			btf__free(btf);
		free(m->sigs);
		m->sigs = NULL;
	}
	return m->sigs;
}

static void sb_vadd(struct kp_btf_sigbuf *s, const char *fmt, va_list ap)
{
	if (!s->failed && kp_strbuf_vprintf(&s->sb, fmt, ap))
		s->failed = true;
}

static void sb_printf_fn(void *ctx, const char *fmt, va_list ap)
{
	sb_vadd(ctx, fmt, ap);
}

static void sb_add(struct kp_btf_sigbuf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_add(struct kp_btf_sigbuf *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vadd(s, fmt, ap);
	va_end(ap);
}

int kp_btf_module_signature(struct kp_btf_sigs *s, const char *module, const char *func, char **out)
{
	struct kp_btf_sigs *m = module_sigs(s, module);

	*out = NULL;
	return m ? kp_btf_signature(m, func, out) : 0;
}

static int cmp_key(const void *key, const void *elem)
{
	const struct kp_btf_func *f = elem;

	return strcmp(key, f->name);
}

/* Types whose names go through btf_dump's renaming of duplicates */
static int name_space(const struct btf_type *t)
{
	if (btf_is_typedef(t))
		return 1;
	if (btf_is_composite(t) || ((btf_is_enum(t) || btf_is_enum64(t)) && btf_vlen(t)))
		return 2;
	return 0;
}

struct named {
	const char *name;
	unsigned int id;
	int space;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *na = a, *nb = b;

	if (na->space != nb->space)
		return na->space - nb->space;
	return strcmp(na->name, nb->name);
}

/* Mark each type whose name another type of its name space has too */
static int mark_shared(struct kp_btf_sigs *s)
{
	unsigned int i, j, n = btf__type_cnt(s->btf), nr = 0;
	struct named *all = calloc(n, sizeof(*all));

	s->shared = calloc(n, sizeof(*s->shared));
	if (!all || !s->shared) {
		free(all);
		errno = ENOMEM;
		return -1;
	}
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(s->btf, i);
		const char *name = t && t->name_off ? btf__name_by_offset(s->btf, t->name_off)
						    : NULL;
		int space = t ? name_space(t) : 0;

		if (name && *name && space)
			all[nr++] = (struct named){ name, i, space };
	}
	qsort(all, nr, sizeof(*all), cmp_named);
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && !cmp_named(&all[i], &all[j]); j++)
			;
		if (j - i > 1) {
			s->nr_groups++;
			for (; i < j; i++)
				s->shared[all[i].id] = s->nr_groups;
		}
	}
	free(all);
	return 0;
}

/* The types of shared names the declaration of type @id names */
struct reached {
	unsigned int ids[16];
	unsigned int nr;
	bool many; /* more than fit, or two of one name */
};

static void reach(const struct kp_btf_sigs *s, unsigned int id, struct reached *r, int depth)
{
	while (id && depth < 32) {
		const struct btf_type *t = btf__type_by_id(s->btf, id);

		if (!t)
			return;
		if (s->shared[id]) {
			unsigned int i;

			for (i = 0; i < r->nr; i++) {
				if (r->ids[i] == id)
					return;
				if (s->shared[r->ids[i]] == s->shared[id])
					r->many = true;
			}
			if (r->nr == sizeof(r->ids) / sizeof(r->ids[0]))
				r->many = true;
			else
				r->ids[r->nr++] = id;
		}
		if (btf_is_array(t)) {
			id = btf_array(t)->type;
		} else if (btf_is_func_proto(t)) {
			const struct btf_param *p = btf_params(t);
			unsigned int i;

			for (i = 0; i < btf_vlen(t); i++)
				reach(s, p[i].type, r, depth + 1);
			id = t->type;
		} else if (btf_is_ptr(t) || btf_is_mod(t) || btf_is_type_tag(t)) {
			id = t->type;
		} else {
			return;
		}
		depth++;
	}
}

static void sb_reset(struct kp_btf_sigbuf *sb)
{
	kp_strbuf_reset(&sb->sb);
	sb->failed = false;
}

/* Print the parameters of @proto with dump @d into @sb */
static void print_params(const struct kp_btf_sigs *s, struct btf_dump *d,
			 const struct btf_type *proto, struct kp_btf_sigbuf *sb)
{
	struct btf_dump_emit_type_decl_opts opts = { .sz = sizeof(opts) };
	const struct btf_param *params = btf_params(proto);
	unsigned int i, n = btf_vlen(proto);

	if (!n)
		sb_add(sb, "void");
	for (i = 0; i < n; i++) {
		const char *name = btf__name_by_offset(s->btf, params[i].name_off);

		if (i)
			sb_add(sb, ", ");
		if (!params[i].type) {
			/* a last parameter of type void marks a variadic function */
			sb_add(sb, "...");
			continue;
		}
		opts.field_name = name ? name : "";
		if (btf_dump__emit_type_decl(d, params[i].type, &opts))
			sb->failed = true;
	}
}

#define MAX_DUMPS 8

/* A dump that prints the types @r as they would be printed alone; NULL if none */
static struct btf_dump *pick_dump(struct kp_btf_sigs *s, const struct reached *r)
{
	struct kp_btf_dump *k, *more;
	unsigned int i, j;

	if (r->many)
		return NULL;
	for (i = 0; i < s->nr_dumps; i++) {
		k = &s->dumps[i];
		for (j = 0; j < r->nr; j++) {
			unsigned int g = s->shared[r->ids[j]] - 1;

			if (k->owner[g] && k->owner[g] != r->ids[j])
				break;
		}
		if (j == r->nr)
			break;
	}
	if (i == s->nr_dumps) {
		if (s->nr_dumps == MAX_DUMPS)
			return NULL;
		more = realloc(s->dumps, (s->nr_dumps + 1) * sizeof(*s->dumps));
		if (!more)
			return NULL;
		s->dumps = more;
		k = &s->dumps[s->nr_dumps];
		k->owner = calloc(s->nr_groups + 1, sizeof(*k->owner));
		k->dump = btf_dump__new(s->btf, sb_printf_fn, s->text, NULL);
		if (!k->owner || libbpf_get_error(k->dump)) {
			free(k->owner);
			return NULL;
		}
		s->nr_dumps++;
	}
	k = &s->dumps[i];
	for (j = 0; j < r->nr; j++)
		k->owner[s->shared[r->ids[j]] - 1] = r->ids[j];
	return k->dump;
}

int kp_btf_signature(struct kp_btf_sigs *s, const char *func, char **out)
{
	const struct kp_btf_func *f;
	const struct btf_type *proto;
	struct kp_btf_sigbuf alone = { 0 }, *sb;
	struct btf_dump *d;

	*out = NULL;
	f = s->nr_funcs ? bsearch(func, s->funcs, s->nr_funcs, sizeof(*s->funcs), cmp_key) : NULL;
	if (!f)
		return 0;
	proto = btf__type_by_id(s->btf, btf__type_by_id(s->btf, f->id)->type);
	if (!proto || !btf_is_func_proto(proto) ||
	    !kp_btf_decl_ok(s->btf, btf__type_by_id(s->btf, f->id)->type)) {
		errno = EINVAL;
		return -1;
	}
	if (!s->text) {
		s->text = calloc(1, sizeof(*s->text));
		if (!s->text || mark_shared(s)) {
			/* all or nothing: the next signature tries again */
			free(s->text);
			s->text = NULL;
			free(s->shared);
			s->shared = NULL;
			s->nr_groups = 0;
			errno = ENOMEM;
			return -1;
		}
	}
	{
		const struct btf_param *params = btf_params(proto);
		struct reached r = { .nr = 0 };
		unsigned int i;

		for (i = 0; i < btf_vlen(proto); i++)
			reach(s, params[i].type, &r, 0);
		d = pick_dump(s, &r);
	}
	if (d) {
		sb = s->text;
		sb_reset(sb);
	} else {
		/* made and freed here: the signature as if alone */
		d = btf_dump__new(s->btf, sb_printf_fn, &alone, NULL);
		if (libbpf_get_error(d)) {
			errno = ENOMEM;
			return -1;
		}
		sb = &alone;
	}
	sb_add(sb, "%s(", func);
	print_params(s, d, proto, sb);
	if (sb == &alone)
		btf_dump__free(d);
	sb_add(sb, ")");
	if (!sb->failed)
		*out = sb == &alone ? sb->sb.buf : strndup(sb->sb.buf, sb->sb.len);
	if (sb == &alone && sb->failed)
		kp_strbuf_free(&sb->sb);
	if (!*out) {
		errno = ENOMEM;
		return -1;
	}
	return 1;
}
