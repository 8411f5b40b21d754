// SPDX-License-Identifier: GPL-2.0-only
/*
 * --list: the functions that can be probed, in the kernel or in a binary,
 * one per line for grep.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btfsig.h"
#include "elfsyms.h"
#include "errors.h"
#include "funclist.h"
#include "namelist.h"
#include "uprobe.h"

int kp_list_request_parse(const char *arg, struct kp_list_request *req)
{
	const char *colon = arg ? strrchr(arg, ':') : NULL;

	memset(req, 0, sizeof(*req));
	if (colon) {
		req->target = strndup(arg, colon - arg);
		req->pattern = strdup(*(colon + 1) ? colon + 1 : "*");
	} else if (arg && strchr(arg, '/')) {
		req->target = strdup(arg);
		req->pattern = strdup("*");
	} else {
		req->pattern = strdup(arg && *arg ? arg : "*");
	}
	if (!req->pattern || (arg && (colon || strchr(arg, '/')) && !req->target)) {
		kp_list_request_release(req);
		return error("out of memory");
	}
	return 0;
}

int kp_list_request_settle(struct kp_list_request *req)
{
	char *path = NULL;
	int ret;

	if (!req->target || strchr(req->target, '/'))
		return 0;
	ret = kp_uprobe_find_binary(req->target, &path);
	free(path);
	if (ret < 0)
		return error("out of memory");
	if (!ret) {
		req->module = req->target;
		req->target = NULL;
	}
	return 0;
}

void kp_list_request_release(struct kp_list_request *req)
{
	free(req->target);
	free(req->module);
	free(req->pattern);
	memset(req, 0, sizeof(*req));
}

/* One line of available_filter_functions */
struct kfunc {
	const char *name;
	size_t len;
	const char *module; /* after '[' */
	size_t mlen;
};

static int cmp_kfunc(const void *a, const void *b)
{
	const struct kfunc *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, n);

	if (c || x->len != y->len)
		return c ? c : (x->len < y->len ? -1 : 1);
	n = x->mlen < y->mlen ? x->mlen : y->mlen;
	c = n ? memcmp(x->module, y->module, n) : 0;
	if (c || x->mlen == y->mlen)
		return c;
	return x->mlen < y->mlen ? -1 : 1;
}

static bool same_kfunc(const struct kfunc *a, const struct kfunc *b)
{
	return !cmp_kfunc(a, b);
}

/*
 * The kprobes blacklist's names, sorted: looked up once for each of the
 * kernel's functions (some 40000), where reading the whole list each time
 * took most of a listing under QEMU
 */
struct names {
	struct kfunc *v;
	size_t n;
};

static int cmp_name(const void *a, const void *b)
{
	const struct kfunc *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* "0xSTART-0xEND\tNAME" lines; returns -1 on allocation failure */
static int blacklist_names(const char *blacklist, struct names *out)
{
	const char *line = blacklist;
	size_t cap = 0;

	out->v = NULL;
	out->n = 0;
	while (line && *line) {
		const char *name = line + strcspn(line, "\t \n");
		struct kfunc f;

		name += strspn(name, "\t ");
		f = (struct kfunc){ .name = name, .len = strcspn(name, " \t\n") };
		if (f.len) {
			if (out->n == cap) {
				struct kfunc *more;

				cap = cap ? cap * 2 : 256;
				more = realloc(out->v, cap * sizeof(*more));
				if (!more) {
					free(out->v);
					out->v = NULL;
					return -1;
				}
				out->v = more;
			}
			out->v[out->n++] = f;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_name);
	return 0;
}

static bool wanted(const struct kfunc *f, const struct names *blacklist,
		   const struct kp_list_request *req)
{
	char name[KP_SYM_MAX];

	if (f->len >= sizeof(name))
		return false;
	memcpy(name, f->name, f->len);
	name[f->len] = '\0';
	/* the placeholders of functions ftrace could not place (6.x) */
	if (!strncmp(name, "__ftrace_invalid_address__", strlen("__ftrace_invalid_address__")))
		return false;
	if (req->module && (!f->module || f->mlen != strlen(req->module) ||
			    memcmp(f->module, req->module, f->mlen)))
		return false;
	if (fnmatch(req->pattern, name, 0))
		return false;
	return !blacklist->n ||
	       !bsearch(f, blacklist->v, blacklist->n, sizeof(*blacklist->v), cmp_name);
}

/* The matching lines of @funcs, sorted and unique */
static struct kfunc *collect(const char *funcs, const char *blacklist,
			     const struct kp_list_request *req, size_t *n)
{
	struct kfunc *list = NULL, *more;
	const char *line = funcs;
	struct names bl;
	size_t cap = 0, i, j;

	*n = 0;
	if (blacklist_names(blacklist, &bl)) {
		errno = ENOMEM;
		*n = 1; /* (NULL with n: failure) */
		return NULL;
	}
	while (line && *line) {
		const char *eol = strchrnul(line, '\n'), *br;
		struct kfunc f = { .name = line, .len = strcspn(line, " \t\n") };

		br = memchr(line, '[', eol - line);
		if (br) {
			f.module = br + 1;
			f.mlen = strcspn(f.module, "]\n");
		}
		if (f.len && wanted(&f, &bl, req)) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 1024;
				more = realloc(list, cap * sizeof(*list));
				if (!more) {
					free(list);
					free(bl.v);
					errno = ENOMEM;
					*n = 1; /* (NULL with n: failure) */
					return NULL;
				}
				list = more;
			}
			list[(*n)++] = f;
		}
		line = *eol ? eol + 1 : NULL;
	}
	free(bl.v);
	if (!*n)
		return list;
	qsort(list, *n, sizeof(*list), cmp_kfunc);
	for (i = 1, j = 1; i < *n; i++)
		if (!same_kfunc(&list[i], &list[j - 1]))
			list[j++] = list[i];
	*n = j;
	return list;
}

static int print_kfunc(const struct kfunc *f, struct kp_btf_sigs *btf, FILE *out)
{
	char name[KP_SYM_MAX], module[KP_SYM_MAX], *sig = NULL;
	int ret = 0;

	memcpy(name, f->name, f->len);
	name[f->len] = '\0';
	snprintf(module, sizeof(module), "%.*s", (int)f->mlen, f->module ? f->module : "");
	/* vmlinux BTF describes the built-in functions; a module's own BTF, its functions */
	if (btf && !f->mlen)
		ret = kp_btf_signature(btf, name, &sig);
	else if (btf)
		ret = kp_btf_module_signature(btf, module, name, &sig);
	if (ret < 0)
		return -1;
	if (f->mlen)
		ret = fprintf(out, "%s [%s]\n", sig ? sig : name, module);
	else
		ret = fprintf(out, "%s\n", sig ? sig : name);
	free(sig);
	return ret < 0 ? -1 : 0;
}

long kp_list_kernel(const char *funcs, const char *blacklist, const struct kp_list_request *req,
		    struct kp_btf_sigs *btf, FILE *out)
{
	struct kfunc *list;
	size_t n, i;

	list = collect(funcs, blacklist, req, &n);
	if (!list && n)
		return -1;
	for (i = 0; i < n; i++) {
		if (print_kfunc(&list[i], btf, out)) {
			free(list);
			return -1;
		}
	}
	free(list);
	if (fflush(out))
		return -1;
	return (long)n;
}

long kp_list_binary(const struct kp_list_request *req, FILE *out)
{
	struct kp_elf_file f;
	char *path = NULL;
	long printed = 0;
	size_t i;
	int ret;

	ret = kp_uprobe_find_binary(req->target, &path);
	if (ret <= 0) {
		if (ret)
			return error("out of memory");
		if (strchr(req->target, '/'))
			return error("cannot list '%s': no such file", req->target);
		return error("cannot find '%s': no such program on $PATH or library in the "
			     "ld.so cache",
			     req->target);
	}
	ret = kp_elf_open(&f, path);
	free(path);
	if (ret)
		return -1;
	if (!f.nr_funcs) {
		error("'%s' has no function symbols (it is stripped)", f.path);
		kp_elf_close(&f);
		return -1;
	}
	if (!f.from_symtab)
		warning("'%s' is stripped: only its dynamic symbols are listed", f.path);
	for (i = 0; i < f.nr_funcs; i++) {
		const char *name = f.funcs[i].name;

		/* an IFUNC's symbol is its resolver: nothing to probe there */
		if (f.funcs[i].ifunc || (i && !strcmp(name, f.funcs[i - 1].name)))
			continue;
		if (fnmatch(req->pattern, name, 0))
			continue;
		if (fprintf(out, "%s\n", name) < 0)
			break;
		printed++;
	}
	kp_elf_close(&f);
	if (fflush(out) || ferror(out))
		return -1;
	return printed;
}
