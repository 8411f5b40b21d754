// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/kallsyms, indexed for address lookups as the kernel does them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksymtab.h"

struct ksym_ent {
	unsigned long long addr;
	unsigned int name; /* offset in names */
	unsigned int mod;  /* offset in names of the module; 0: core */
	unsigned int seq;  /* position in the file, to keep aliases in order */
};

struct kp_ksymtab {
	struct ksym_ent *core, *mods;
	size_t nr_core, nr_mods;
	char *names;
	/* core addresses outside [lo, hi] belong to no core symbol */
	unsigned long long core_lo, core_hi;
};

static int cmp_ent(const void *a, const void *b)
{
	const struct ksym_ent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

static int push(struct ksym_ent **v, size_t *n, size_t *cap, const struct ksym_ent *e)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4096;
		struct ksym_ent *nv = realloc(*v, ncap * sizeof(**v));

		if (!nv)
			return -1;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = *e;
	return 0;
}

struct kp_ksymtab *kp_ksymtab_parse(const char *text)
{
	struct kp_ksymtab *t = calloc(1, sizeof(*t));
	size_t core_cap = 0, mods_cap = 0, nlen = 1, ncap = 0;
	bool any_addr = false;
	unsigned int seq = 0;
	const char *p = text;

	if (!t)
		return NULL;
	ncap = strlen(text) + 2;
	t->names = malloc(ncap);
	if (!t->names)
		goto fail;
	t->names[0] = '\0';
	t->core_lo = ~0ULL;
	while (*p) {
		const char *eol = strchr(p, '\n'), *name, *nend, *mod = NULL, *mend = NULL;
		struct ksym_ent e = { .seq = seq };
		char *end;

		seq++;
		if (!eol)
			eol = p + strlen(p);
		e.addr = strtoull(p, &end, 16);
		if (end == p || *end != ' ' || end + 3 > eol || end[2] != ' ')
			goto next;
		name = end + 3;
		for (nend = name; nend < eol && *nend != '\t' && *nend != ' '; nend++)
			;
		if (nend == name)
			goto next;
		if (nend < eol) {
			mod = memchr(nend, '[', (size_t)(eol - nend));
			mend = mod ? memchr(mod, ']', (size_t)(eol - mod)) : NULL;
			if (!mend)
				mod = NULL;
		}
		if (e.addr)
			any_addr = true;
		e.name = (unsigned int)nlen;
		memcpy(t->names + nlen, name, (size_t)(nend - name));
		nlen += (size_t)(nend - name);
		t->names[nlen++] = '\0';
		/* bpf programs and ftrace trampolines print with no module */
		if (mod && strncmp(mod, "[bpf]", 5) && strncmp(mod, "[__builtin__", 12)) {
			e.mod = (unsigned int)nlen;
			memcpy(t->names + nlen, mod + 1, (size_t)(mend - mod - 1));
			nlen += (size_t)(mend - mod - 1);
			t->names[nlen++] = '\0';
			if (push(&t->mods, &t->nr_mods, &mods_cap, &e))
				goto fail;
		} else if (!mod) {
			/* per-CPU offsets sit at the bottom of the address space */
			if (e.addr < 0x8000000000000000ULL)
				goto next;
			if (push(&t->core, &t->nr_core, &core_cap, &e))
				goto fail;
			if (e.addr < t->core_lo)
				t->core_lo = e.addr;
			if (e.addr > t->core_hi)
				t->core_hi = e.addr;
		}
	next:
		p = *eol ? eol + 1 : eol;
	}
	if (!any_addr && seq) {
		errno = EACCES;
		goto fail;
	}
	if (t->nr_core)
		qsort(t->core, t->nr_core, sizeof(*t->core), cmp_ent);
	if (t->nr_mods)
		qsort(t->mods, t->nr_mods, sizeof(*t->mods), cmp_ent);
	return t;
fail:
	kp_ksymtab_free(t);
	return NULL;
}

/* index of the first entry with the greatest address <= addr, or -1 */
static long floor_first(const struct ksym_ent *v, size_t n, unsigned long long addr)
{
	size_t lo = 0, hi = n;
	long i;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	i = (long)lo - 1;
	while (i > 0 && v[i - 1].addr == v[i].addr)
		i--;
	return i;
}

bool kp_ksymtab_lookup(const struct kp_ksymtab *t, unsigned long long addr, struct kp_ksym *sym)
{
	long i;
	size_t j;

	if (!t)
		return false;
	if (t->nr_core && addr >= t->core_lo && addr <= t->core_hi) {
		i = floor_first(t->core, t->nr_core, addr);
		if (i < 0)
			return false;
		for (j = (size_t)i + 1; j < t->nr_core && t->core[j].addr == t->core[i].addr; j++)
			;
		if (j == t->nr_core)
			return false; /* past the last symbol: the kernel's _end is unknown here */
		sym->name = t->names + t->core[i].name;
		sym->mod = NULL;
		sym->offset = addr - t->core[i].addr;
		sym->size = t->core[j].addr - t->core[i].addr;
		return true;
	}
	/* modules: the nearest symbol at or below, then the module's next one */
	i = floor_first(t->mods, t->nr_mods, addr);
	if (i < 0)
		return false;
	{
		const struct ksym_ent *best = &t->mods[i];
		unsigned long long next = 0;
		long k;

		/* the first symbol of that module at that address */
		for (k = i; k < (long)t->nr_mods && t->mods[k].addr == best->addr; k++)
			if (!strcmp(t->names + t->mods[k].mod, t->names + t->mods[i].mod)) {
				best = &t->mods[k];
				break;
			}
		for (j = (size_t)i + 1; j < t->nr_mods; j++) {
			if (t->mods[j].addr > addr &&
			    !strcmp(t->names + t->mods[j].mod, t->names + best->mod)) {
				next = t->mods[j].addr;
				break;
			}
		}
		if (!next)
			return false;
		sym->name = t->names + best->name;
		sym->mod = t->names + best->mod;
		sym->offset = addr - best->addr;
		sym->size = next - best->addr;
	}
	return true;
}

unsigned long long kp_ksymtab_addr(const struct kp_ksymtab *t, const char *name)
{
	size_t i;

	if (!t)
		return 0;
	for (i = 0; i < t->nr_core; i++)
		if (!strcmp(t->names + t->core[i].name, name))
			return t->core[i].addr;
	return 0;
}

void kp_ksymtab_free(struct kp_ksymtab *t)
{
	if (!t)
		return;
	free(t->core);
	free(t->mods);
	free(t->names);
	free(t);
}
