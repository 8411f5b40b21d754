// SPDX-License-Identifier: GPL-2.0-only
/*
 * Uprobe locations: which file PATH stands for, and where SYMBOL+OFFS is
 * in it.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfsyms.h"
#include "errors.h"
#include "namelist.h"
#include "ldcache.h"
#include "uprobe.h"

static bool is_file(const char *path, bool executable)
{
	struct stat st;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return false;
	return !executable || !access(path, X_OK);
}

/* @name in one of $PATH's directories, as `which` finds it */
static bool search_path(const char *name, char *out, size_t len)
{
	const char *dirs = getenv("PATH"), *d;

	if (!dirs || !*name)
		return false;
	for (d = dirs; d; d = strchr(d, ':') ? strchr(d, ':') + 1 : NULL) {
		size_t dlen = strcspn(d, ":");

		if (!dlen)
			continue; /* an empty entry means ".": not for a tracer run as root */
		if ((size_t)snprintf(out, len, "%.*s/%s", (int)dlen, d, name) >= len)
			continue;
		if (is_file(out, true))
			return true;
	}
	return false;
}

/* The ld.so cache short names are looked up in */
static const char *ldcache = KP_LDCACHE_PATH;

void kp_uprobe_set_ldcache(const char *path)
{
	ldcache = path ? path : KP_LDCACHE_PATH;
}

int kp_uprobe_find_binary(const char *name, char **out)
{
	char buf[PATH_MAX];
	const char *found = NULL;

	*out = NULL;
	if (strchr(name, '/')) {
		if (is_file(name, false))
			found = name;
	} else if (search_path(name, buf, sizeof(buf)) ||
		   kp_ldcache_find(ldcache, name, buf, sizeof(buf)) == 1) {
		found = buf;
	}
	if (!found)
		return 0;
	*out = realpath(found, NULL);
	if (!*out)
		return errno == ENOMEM ? -1 : 0;
	return 1;
}

static void suggest(const struct kp_elf_file *f, const char *sym)
{
	char names[KP_SUGGEST_MAX][KP_SYM_MAX];

	kp_suggest_note(names, kp_func_suggest(f->names, sym, names));
}

/* SYMBOL[+OFFS] in @f as a file offset; @spec ends at '%' or its end */
static int symbol_offset(const struct kp_elf_file *f, const char *spec, size_t len, uint64_t *off)
{
	const struct kp_elf_func *fn;
	char sym[KP_SYM_MAX * 4];
	size_t slen = strcspn(spec, "+");
	uint64_t add = 0;

	if (slen > len)
		slen = len;
	if (!slen)
		return error("no function given in '%.*s'", (int)len, spec);
	if (slen >= sizeof(sym))
		return error("function name '%.40s...' too long", spec);
	memcpy(sym, spec, slen);
	sym[slen] = '\0';
	if (slen < len) {
		char num[32], *end;

		if (len - slen - 1 >= sizeof(num) || !isdigit((unsigned char)spec[slen + 1]))
			return error("invalid offset '%.*s' after '%s'", (int)(len - slen),
				     spec + slen, sym);
		memcpy(num, spec + slen + 1, len - slen - 1);
		num[len - slen - 1] = '\0';
		errno = 0;
		add = strtoull(num, &end, 0);
		if (errno || *end)
			return error("invalid offset '+%s' after '%s'", num, sym);
	}

	fn = kp_elf_func_find(f, sym);
	if (!fn) {
		if (!f->from_symtab) {
			error("no function '%s' in '%s': the file is stripped (it has no .symtab)%s",
			      sym, f->path,
			      f->has_dynsym ? " and its dynamic symbols do not have it" : "");
			suggest(f, sym);
			note("probe an unstripped copy, or give the file offset: %s:0xOFFSET",
			     f->path);
			return -1;
		}
		error("no function '%s' in '%s'", sym, f->path);
		suggest(f, sym);
		return -1;
	}
	if (fn->ifunc) {
		error("cannot probe '%s' in '%s': it is an indirect function (IFUNC)", sym,
		      f->path);
		note("its symbol is the resolver that picks an implementation when the program "
		     "loads; probe the implementation instead");
		return -1;
	}
	/* arch/arm/probes/uprobes/core.c refuses Thumb ("Thumb not yet support") */
	if (fn->thumb) {
		error("cannot probe '%s' in '%s': it is Thumb code, and 32-bit ARM's uprobes "
		      "probe ARM code only",
		      sym, f->path);
		note("build it with -marm, or probe an ARM function");
		return -1;
	}
	if (fn->size && add >= fn->size)
		return error("offset +%" PRIu64 " is past the end of '%s' (%" PRIu64 " bytes)", add,
			     sym, fn->size);
	if (kp_elf_file_offset(f, fn->value, off))
		return error("'%s' (0x%" PRIx64 ") is in no loadable segment of '%s'", sym,
			     fn->value, f->path);
	*off += add;
	return 0;
}

int kp_uprobe_resolve(const char *location, char **out)
{
	const char *colon = strrchr(location, ':'), *spec;
	struct kp_elf_file f;
	char *name, *path;
	uint64_t off;
	size_t len;
	int ret;

	*out = NULL;
	if (!colon || colon == location)
		return error(
			"invalid uprobe location '%s' (should be PATH:SYMBOL or PATH:0xOFFSET)",
			location);
	spec = colon + 1;
	name = strndup(location, colon - location);
	if (!name)
		return error("out of memory");
	ret = kp_uprobe_find_binary(name, &path);
	if (ret <= 0) {
		if (!ret && strchr(name, '/'))
			error("cannot probe '%s': no such file", name);
		else if (!ret)
			error("cannot find '%s': no such program on $PATH or library in %s", name,
			      KP_LDCACHE_PATH);
		else
			error("out of memory");
		free(name);
		return -1;
	}
	free(name);

	/* an offset, and anything after it (%return, a reference counter), go as written */
	if (isdigit((unsigned char)*spec)) {
		ret = asprintf(out, "%s:%s", path, spec);
		free(path);
		if (ret < 0) {
			*out = NULL;
			return error("out of memory");
		}
		return 0;
	}

	len = strcspn(spec, "%");
	ret = kp_elf_open(&f, path);
	if (!ret) {
		ret = symbol_offset(&f, spec, len, &off);
		kp_elf_close(&f);
	}
	if (!ret && asprintf(out, "%s:0x%" PRIx64 "%s", path, off, spec + len) < 0) {
		*out = NULL;
		ret = error("out of memory");
	}
	free(path);
	return ret;
}
