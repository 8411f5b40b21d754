// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/kallsyms, indexed for address lookups as the kernel does them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksymtab.h"

/*
 * Names are stored in file order, so a smaller name offset is an earlier
 * line: the order that picks among aliases. A full table (KALLSYMS_ALL)
 * has some 200,000 symbols: entries are kept small.
 */
struct ksym_ent {
	unsigned long long addr;
	unsigned int name; /* offset in names */
	unsigned int mod;  /* offset in names of the module; 0: core */
};

/* A core kernel symbol: its address relative to the lowest one */
struct core_ent {
	unsigned int off, name;
};

struct kp_ksymtab {
	struct core_ent *core;
	struct ksym_ent *mods;
	size_t nr_core, nr_mods;
	char *names;
	/* core addresses outside [base, hi] belong to no core symbol */
	unsigned long long base, hi;
};

static int cmp_ent(const void *a, const void *b)
{
	const struct ksym_ent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

static int cmp_core(const void *a, const void *b)
{
	const struct core_ent *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* One line of /proc/kallsyms: "ADDR TYPE NAME" or "ADDR TYPE NAME\t[MOD]" */
struct ksym_line {
	unsigned long long addr;
	const char *name, *mod; /* mod: after '[', or NULL */
	size_t name_len, mod_len;
};

static bool parse_line(const char *p, const char *eol, struct ksym_line *l)
{
	const char *nend;
	char *end;

	l->addr = strtoull(p, &end, 16);
	if (end == p || *end != ' ' || end + 3 > eol || end[2] != ' ')
		return false;
	l->name = end + 3;
	for (nend = l->name; nend < eol && *nend != '\t' && *nend != ' '; nend++)
		;
	l->name_len = (size_t)(nend - l->name);
	l->mod = NULL;
	if (nend < eol) {
		const char *mod = memchr(nend, '[', (size_t)(eol - nend));
		const char *mend = mod ? memchr(mod, ']', (size_t)(eol - mod)) : NULL;

		if (mend) {
			l->mod = mod + 1;
			l->mod_len = (size_t)(mend - mod - 1);
		}
	}
	return l->name_len > 0;
}

/* bpf programs and ftrace trampolines print with no module */
static bool is_pseudo_mod(const struct ksym_line *l)
{
	return (l->mod_len == 3 && !strncmp(l->mod, "bpf", 3)) ||
	       !strncmp(l->mod, "__builtin__", 11);
}

static bool is_core(const struct ksym_line *l)
{
	/* per-CPU offsets sit at the bottom of the address space */
	return !l->mod && l->addr >= 0x8000000000000000ULL;
}

static const char *line_end(const char *p)
{
	const char *e = strchr(p, '\n');

	return e ? e : p + strlen(p);
}

struct kp_ksymtab *kp_ksymtab_parse(const char *text)
{
	struct kp_ksymtab *t = calloc(1, sizeof(*t));
	size_t nlen = 1, names_size = 1, nr_core = 0, nr_mods = 0, lines = 0;
	bool sorted = true;
	const char *p, *eol;
	struct ksym_line l;
	char *nn;

	if (!t)
		return NULL;
	t->base = ~0ULL;
	/* first pass: sizes and the core's address range */
	for (p = text; *p; p = *eol ? eol + 1 : eol) {
		eol = line_end(p);
		lines++;
		if (!parse_line(p, eol, &l) || (l.mod && is_pseudo_mod(&l)))
			continue;
		if (l.mod) {
			nr_mods++;
			names_size += l.mod_len + 1;
		} else if (is_core(&l)) {
			nr_core++;
			if (l.addr < t->base)
				t->base = l.addr;
			if (l.addr > t->hi)
				t->hi = l.addr;
		} else {
			continue;
		}
		names_size += l.name_len + 1;
	}
	if (lines && !nr_core && !nr_mods) {
		errno = EACCES; /* kptr_restrict: every address reads as zero */
		goto fail;
	}
	if (t->hi - t->base > 0xffffffffULL) {
		errno = ERANGE;
		goto fail;
	}
	t->names = malloc(names_size);
	t->core = malloc((nr_core ? nr_core : 1) * sizeof(*t->core));
	t->mods = malloc((nr_mods ? nr_mods : 1) * sizeof(*t->mods));
	if (!t->names || !t->core || !t->mods)
		goto fail;
	t->names[0] = '\0';
	for (p = text; *p; p = *eol ? eol + 1 : eol) {
		unsigned int name = (unsigned int)nlen;

		eol = line_end(p);
		if (!parse_line(p, eol, &l) || (l.mod && is_pseudo_mod(&l)) ||
		    (!l.mod && !is_core(&l)))
			continue;
		memcpy(t->names + nlen, l.name, l.name_len);
		nlen += l.name_len;
		t->names[nlen++] = '\0';
		if (l.mod) {
			struct ksym_ent *e = &t->mods[t->nr_mods++];

			e->addr = l.addr;
			e->name = name;
			e->mod = (unsigned int)nlen;
			memcpy(t->names + nlen, l.mod, l.mod_len);
			nlen += l.mod_len;
			t->names[nlen++] = '\0';
		} else {
			struct core_ent *c = &t->core[t->nr_core++];

			c->off = (unsigned int)(l.addr - t->base);
			c->name = name;
			if (t->nr_core > 1 && c[-1].off > c->off)
				sorted = false;
		}
	}
	/* the core's lines come sorted by address already; modules do not */
	if (!sorted)
		qsort(t->core, t->nr_core, sizeof(*t->core), cmp_core);
	if (t->nr_mods)
		qsort(t->mods, t->nr_mods, sizeof(*t->mods), cmp_ent);
	nn = realloc(t->names, nlen);
	if (nn)
		t->names = nn;
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
	if (t->nr_core && addr >= t->base && addr <= t->hi) {
		unsigned int off = (unsigned int)(addr - t->base);
		size_t lo = 0, hi = t->nr_core;

		/* the first of the symbols at the highest address at or below */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (t->core[mid].off <= off)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!lo)
			return false;
		i = (long)lo - 1;
		while (i > 0 && t->core[i - 1].off == t->core[i].off)
			i--;
		for (j = lo; j < t->nr_core && t->core[j].off == t->core[i].off; j++)
			;
		if (j == t->nr_core)
			return false; /* past the last symbol: the kernel's _end is unknown here */
		sym->name = t->names + t->core[i].name;
		sym->mod = NULL;
		sym->offset = off - t->core[i].off;
		sym->size = t->core[j].off - t->core[i].off;
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
			return t->base + t->core[i].off;
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
