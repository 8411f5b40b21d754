// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/kallsyms, indexed for address lookups as the kernel does them.
 */
#include <errno.h>
#include <stdint.h>
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

/* A core kernel symbol: its address relative to the first one */
struct core_ent {
	int off;
	unsigned int name;
};

struct kp_ksymtab {
	struct core_ent *core;
	struct ksym_ent *mods;
	size_t nr_core, nr_mods, core_cap, mods_cap;
	char *names;
	size_t names_len, names_cap;
	unsigned int last_mod; /* the module name stored last */
	size_t lines;
	bool unsorted;
	unsigned long long base;
	/* core offsets outside [lo, hi] belong to no core symbol */
	int lo, hi;
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

/* Grow an array of @size-byte items to hold @n + 1; large blocks grow by remapping */
static int reserve(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4096;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

static int add_name(struct kp_ksymtab *t, const char *s, size_t len, unsigned int *off)
{
	void *names = t->names;

	while (t->names_len + len + 1 > t->names_cap) {
		size_t cap = t->names_cap;

		if (reserve(&names, &cap, cap, 1))
			return -1;
		t->names = names;
		t->names_cap = cap;
	}
	if (t->names_len + len + 1 > 0xffffffffULL) {
		errno = ERANGE;
		return -1;
	}
	*off = (unsigned int)t->names_len;
	memcpy(t->names + t->names_len, s, len);
	t->names_len += len;
	t->names[t->names_len++] = '\0';
	return 0;
}

struct kp_ksymtab *kp_ksymtab_new(void)
{
	struct kp_ksymtab *t = calloc(1, sizeof(*t));
	unsigned int empty;

	if (t && add_name(t, "", 0, &empty)) {
		kp_ksymtab_free(t);
		return NULL;
	}
	return t;
}

int kp_ksymtab_add(struct kp_ksymtab *t, const char *line, size_t len)
{
	struct ksym_line l;
	unsigned int name;
	void *v;

	t->lines++;
	if (!parse_line(line, line + len, &l) || (l.mod && is_pseudo_mod(&l)) ||
	    (!l.mod && !is_core(&l)))
		return 0;
	if (l.mod) {
		struct ksym_ent *e;

		v = t->mods;
		if (reserve(&v, &t->mods_cap, t->nr_mods, sizeof(*t->mods)))
			return -1;
		t->mods = v;
		if (add_name(t, l.name, l.name_len, &name))
			return -1;
		e = &t->mods[t->nr_mods];
		e->addr = l.addr;
		e->name = name;
		/* a module's lines come together: its name is stored once */
		if (t->last_mod && strlen(t->names + t->last_mod) == l.mod_len &&
		    !strncmp(t->names + t->last_mod, l.mod, l.mod_len)) {
			e->mod = t->last_mod;
		} else {
			if (add_name(t, l.mod, l.mod_len, &e->mod))
				return -1;
			t->last_mod = e->mod;
		}
		t->nr_mods++;
		return 0;
	}
	/* core offsets are relative to the first core symbol, the lowest */
	if (!t->nr_core)
		t->base = l.addr;
	if ((long long)(l.addr - t->base) > INT32_MAX || (long long)(l.addr - t->base) < INT32_MIN)
		return 0; /* not the kernel image */
	v = t->core;
	if (reserve(&v, &t->core_cap, t->nr_core, sizeof(*t->core)))
		return -1;
	t->core = v;
	if (add_name(t, l.name, l.name_len, &name))
		return -1;
	t->core[t->nr_core].off = (int)(l.addr - t->base);
	t->core[t->nr_core].name = name;
	if (t->nr_core && t->core[t->nr_core - 1].off > t->core[t->nr_core].off)
		t->unsorted = true;
	t->nr_core++;
	return 0;
}

int kp_ksymtab_finish(struct kp_ksymtab *t)
{
	char *nn;

	if (t->lines && !t->nr_core && !t->nr_mods) {
		errno = EACCES; /* kptr_restrict: every address reads as zero */
		return -1;
	}
	/* the core's lines come sorted by address already; modules do not */
	if (t->unsorted)
		qsort(t->core, t->nr_core, sizeof(*t->core), cmp_core);
	if (t->nr_mods)
		qsort(t->mods, t->nr_mods, sizeof(*t->mods), cmp_ent);
	t->lo = t->nr_core ? t->core[0].off : 0;
	t->hi = t->nr_core ? t->core[t->nr_core - 1].off : 0;
	nn = realloc(t->names, t->names_len);
	if (nn)
		t->names = nn;
	return 0;
}

struct kp_ksymtab *kp_ksymtab_parse(const char *text)
{
	struct kp_ksymtab *t = kp_ksymtab_new();
	const char *p, *eol;

	if (!t)
		return NULL;
	for (p = text; *p; p = *eol ? eol + 1 : eol) {
		eol = line_end(p);
		if (kp_ksymtab_add(t, p, (size_t)(eol - p)))
			goto fail;
	}
	if (kp_ksymtab_finish(t))
		goto fail;
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
	if (t->nr_core && (long long)(addr - t->base) >= t->lo &&
	    (long long)(addr - t->base) <= t->hi) {
		int off = (int)(long long)(addr - t->base);
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
		sym->offset = (unsigned long long)((long long)off - t->core[i].off);
		sym->size = (unsigned long long)((long long)t->core[j].off - t->core[i].off);
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
			return t->base + (unsigned long long)(long long)t->core[i].off;
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
