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

#include "btfsig.h"
#include "strbuf.h"

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

/* What btf_dump prints into; once anything failed, nothing more */
struct sigbuf {
	struct kp_strbuf sb;
	bool failed;
};

static void sb_vadd(struct sigbuf *s, const char *fmt, va_list ap)
{
	if (!s->failed && kp_strbuf_vprintf(&s->sb, fmt, ap))
		s->failed = true;
}

static void sb_printf_fn(void *ctx, const char *fmt, va_list ap)
{
	sb_vadd(ctx, fmt, ap);
}

static void sb_add(struct sigbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_add(struct sigbuf *s, const char *fmt, ...)
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

int kp_btf_signature(const struct kp_btf_sigs *s, const char *func, char **out)
{
	const struct kp_btf_func *f;
	const struct btf_type *proto;
	const struct btf_param *params;
	struct btf_dump_emit_type_decl_opts opts = { .sz = sizeof(opts) };
	struct sigbuf sb = { 0 };
	struct btf_dump *d;
	unsigned int i, n;

	*out = NULL;
	f = s->nr_funcs ? bsearch(func, s->funcs, s->nr_funcs, sizeof(*s->funcs), cmp_key) : NULL;
	if (!f)
		return 0;
	proto = btf__type_by_id(s->btf, btf__type_by_id(s->btf, f->id)->type);
	if (!proto || !btf_is_func_proto(proto)) {
		errno = EINVAL;
		return -1;
	}
	d = btf_dump__new(s->btf, sb_printf_fn, &sb, NULL);
	if (libbpf_get_error(d)) {
		errno = ENOMEM;
		return -1;
	}
	params = btf_params(proto);
	n = btf_vlen(proto);
	sb_add(&sb, "%s(", func);
	if (!n)
		sb_add(&sb, "void");
	for (i = 0; i < n; i++) {
		const char *name = btf__name_by_offset(s->btf, params[i].name_off);

		if (i)
			sb_add(&sb, ", ");
		if (!params[i].type) {
			/* a last parameter of type void marks a variadic function */
			sb_add(&sb, "...");
			continue;
		}
		opts.field_name = name ? name : "";
		if (btf_dump__emit_type_decl(d, params[i].type, &opts))
			sb.failed = true;
	}
	sb_add(&sb, ")");
	btf_dump__free(d);
	if (sb.failed) {
		kp_strbuf_free(&sb.sb);
		errno = ENOMEM;
		return -1;
	}
	*out = sb.sb.buf;
	return 1;
}
