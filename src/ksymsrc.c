// SPDX-License-Identifier: GPL-2.0-only
/*
 * The formatter's symbol tables: /proc/kallsyms read on first need, and
 * again when modules were loaded or removed since.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "ksymsrc.h"
#include "ktext.h"

void kp_ksymsrc_init(struct kp_ksymsrc *src, const char *kallsyms, const char *modules,
		     enum kp_ksymtab_keep keep)
{
	memset(src, 0, sizeof(*src));
	src->kallsyms = kallsyms;
	src->modules = modules;
	src->keep = keep;
}

/* The first word of each line of the module list; "" if there is none */
static char *module_names(const char *path)
{
	char *text = path ? kp_read_file(path) : NULL, *out;

	if (!text)
		return strdup("");
	out = malloc(strlen(text) + 1);
	if (out) {
		char *o = out;
		const char *p;

		for (p = text; *p;) {
			size_t n = strcspn(p, " \n");

			memcpy(o, p, n);
			o += n;
			*o++ = '\n';
			p += strcspn(p, "\n");
			if (*p)
				p++;
		}
		*o = '\0';
	}
	free(text);
	return out;
}

static struct kp_ksymtab *read_table(struct kp_ksymsrc *src)
{
	struct kp_ksymtab *t;
	FILE *in;

	free(src->mods);
	src->mods = module_names(src->modules);
	src->loaded = false;
	in = fopen(src->kallsyms, "re");
	if (!in)
		return NULL;
	t = kp_ksymtab_read(in, src->keep);
	fclose(in);
	if (t)
		src->reads++;
	return t;
}

struct kp_ksymtab *kp_ksymsrc_first(struct kp_ksymsrc *src)
{
	struct kp_ksymtab *t;

	if (!src->kallsyms || src->tried)
		return NULL;
	src->tried = true;
	clock_gettime(CLOCK_MONOTONIC, &src->checked);
	t = read_table(src);
	if (!t)
		warning("cannot read %s (%s): kernel addresses print as numbers", src->kallsyms,
			strerror(errno));
	return t;
}

struct kp_ksymtab *kp_ksymsrc_again(struct kp_ksymsrc *src)
{
	struct timespec now;
	long long ms;
	char *names;
	bool same;

	if (!src->kallsyms || !src->tried)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (src->loaded) {
		src->checked = now;
		return read_table(src);
	}
	ms = (now.tv_sec - src->checked.tv_sec) * 1000LL +
	     (now.tv_nsec - src->checked.tv_nsec) / 1000000;
	if (ms < KP_KSYMSRC_RECHECK_MS)
		return NULL;
	src->checked = now;
	names = module_names(src->modules);
	same = !names || !src->mods || !strcmp(names, src->mods);
	free(names);
	return same ? NULL : read_table(src);
}

void kp_ksymsrc_destroy(struct kp_ksymsrc *src)
{
	free(src->mods);
	memset(src, 0, sizeof(*src));
}
