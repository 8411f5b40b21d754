// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/kallsyms, indexed for address lookups as the kernel does them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "ksymtab.h"

/*
 * Names are stored in file order, so a smaller name offset is an earlier
 * line: the order that picks among aliases. A full table (KALLSYMS_ALL)
 * has some 150,000 core symbols: entries are kept small, and a name that
 * ends the one stored before it (the "X" after "__pfx_X", which every
 * function has on kernels built with function padding) is not stored
 * again but pointed into it.
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

/*
 * A text-only table keeps what the kernel's lookup of a code address
 * reads: a code address falls in its function, so its nearest symbol at
 * or below is at the address of a group of lines (aliases) that has code.
 * The lookup names the group's first line, which may be data (a section
 * marker at a function's address), and sizes it to the next group, which
 * may be data too. So a group is kept when it has code (its first line
 * and every code line), named when the group before it had code (a data
 * symbol inside text stays exact), and nameless (an end, no name) when
 * the one before it was such a named data group; other groups are
 * dropped. Lookups that land on a nameless entry fail.
 */
enum group_class {
	GROUP_DROPPED, /* none yet, or one dropped */
	GROUP_CODE,    /* kept: it has code */
	GROUP_AFTER,   /* kept named: data right after code */
	GROUP_END,     /* kept nameless: the end of a GROUP_AFTER */
};

/* A nameless core entry (offset 0 of names is the empty string) */
#define NO_NAME 0

struct kp_ksymtab {
	enum kp_ksymtab_keep keep;
	struct core_ent *core;
	struct ksym_ent *mods;
	size_t nr_core, nr_mods, core_cap, mods_cap;
	char *names;
	size_t names_len, names_cap;
	unsigned int last_mod;	/* the module name stored last */
	unsigned int last_name; /* the symbol name stored last; 0: none to share */
	size_t last_name_len;
	size_t lines;
	bool unsorted;
	bool any_core;		      /* a core line was seen (kept or not) */
	unsigned long long last_addr; /* of the last core line */
	/* text-only: the group of core lines being read */
	bool group_open;
	enum group_class prev_class; /* of the group before it */
	bool group_code;	     /* it has a code line */
	bool group_entry;	     /* its first line has an entry (the last one) */
	size_t group_mark;	     /* names_len before its first line's name */
	unsigned int group_name;     /* that name */
	unsigned long long base;
	/* core offsets outside [lo, hi] belong to no core symbol: those of the core's lines */
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
	/* (a sum of sizes in 64 bits, which 32-bit ones cannot reach) */
	if ((unsigned long long)t->names_len + len + 1 > 0xffffffffULL) {
		errno = ERANGE;
		return -1;
	}
	*off = (unsigned int)t->names_len;
	memcpy(t->names + t->names_len, s, len);
	t->names_len += len;
	t->names[t->names_len++] = '\0';
	return 0;
}

/*
 * A symbol's name: the end of the name stored last when it ends so ("X"
 * after "__pfx_X"), else a new one. Either way its offset is above every
 * earlier line's and below every later one's; sharing is not chained, so
 * no two lines get the same offset.
 */
static int add_sym_name(struct kp_ksymtab *t, const char *s, size_t len, unsigned int *off)
{
	if (t->last_name) {
		const char *prev = t->names + t->last_name;
		size_t plen = t->last_name_len;

		if (plen > len && !memcmp(prev + plen - len, s, len)) {
			*off = t->last_name + (unsigned int)(plen - len);
			t->last_name = 0;
			return 0;
		}
	}
	if (add_name(t, s, len, off))
		return -1;
	t->last_name = *off;
	t->last_name_len = len;
	return 0;
}

/* Forget names stored from @mark on */
static void drop_names(struct kp_ksymtab *t, size_t mark)
{
	t->names_len = mark;
	if (t->last_name >= mark)
		t->last_name = 0;
}

/*
 * kp_ksymtab_new - an empty table, to fill line by line
 * @keep: what to keep
 *
 * Returns NULL with errno ENOMEM. Add lines with kp_ksymtab_add(), in the
 * file's order, then call kp_ksymtab_finish() before any lookup.
 */
static struct kp_ksymtab *kp_ksymtab_new(enum kp_ksymtab_keep keep)
{
	struct kp_ksymtab *t = calloc(1, sizeof(*t));
	unsigned int empty;

	if (!t)
		return NULL;
	t->keep = keep;
	if (add_name(t, "", 0, &empty)) {
		kp_ksymtab_free(t);
		return NULL;
	}
	return t;
}

static int add_mod(struct kp_ksymtab *t, const struct kp_kallsyms_line *l)
{
	struct ksym_ent *e;
	unsigned int name;
	void *v = t->mods;

	if (reserve(&v, &t->mods_cap, t->nr_mods, sizeof(*t->mods)))
		return -1;
	t->mods = v;
	if (add_sym_name(t, l->name, l->name_len, &name))
		return -1;
	e = &t->mods[t->nr_mods];
	e->addr = l->addr;
	e->name = name;
	/* a module's lines come together: its name is stored once */
	if (t->last_mod && strlen(t->names + t->last_mod) == l->mod_len &&
	    !strncmp(t->names + t->last_mod, l->mod, l->mod_len)) {
		e->mod = t->last_mod;
	} else {
		if (add_name(t, l->mod, l->mod_len, &e->mod))
			return -1;
		t->last_mod = e->mod;
	}
	t->nr_mods++;
	return 0;
}

/* A core entry at @addr named @name (NO_NAME: an end) */
static int add_core(struct kp_ksymtab *t, unsigned long long addr, unsigned int name)
{
	void *v = t->core;

	if (reserve(&v, &t->core_cap, t->nr_core, sizeof(*t->core)))
		return -1;
	t->core = v;
	t->core[t->nr_core].off = (int)(addr - t->base);
	t->core[t->nr_core].name = name;
	if (t->nr_core && t->core[t->nr_core - 1].off > t->core[t->nr_core].off)
		t->unsorted = true;
	t->nr_core++;
	return 0;
}

/* The group of core lines being read ends: what the next one is after */
static void end_group(struct kp_ksymtab *t)
{
	enum group_class c = GROUP_DROPPED;

	if (!t->group_open)
		return;
	t->group_open = false;
	if (t->group_code)
		c = GROUP_CODE;
	else if (t->group_entry && t->prev_class == GROUP_CODE)
		c = GROUP_AFTER;
	else if (t->group_entry)
		c = GROUP_END;
	if (c == GROUP_END) {
		/* its first line's name was kept in case code followed at its address */
		t->core[t->nr_core - 1].name = NO_NAME;
		drop_names(t, t->group_mark);
	} else if (c == GROUP_DROPPED) {
		drop_names(t, t->group_mark);
	}
	t->prev_class = c;
}

/*
 * A text-only table meets lines out of the kernel's order (core lines
 * unsorted or after a module's): it keeps the open group's first line and
 * every line from here on, as a full table would
 */
static int keep_all(struct kp_ksymtab *t)
{
	if (t->group_open && !t->group_entry && add_core(t, t->last_addr, t->group_name))
		return -1;
	t->group_open = false;
	t->keep = KP_KSYMTAB_ALL;
	return 0;
}

/* One core line of a text-only table, in address order */
static int add_core_text(struct kp_ksymtab *t, const struct kp_kallsyms_line *l)
{
	bool code = kp_kallsyms_code(l->type);
	unsigned int name;

	if (!t->group_open || l->addr != t->last_addr) {
		end_group(t);
		/* the group's first line: its name is what a lookup would print */
		t->group_open = true;
		t->group_code = false;
		t->group_entry = false;
		t->group_mark = t->names_len;
		if (add_sym_name(t, l->name, l->name_len, &t->group_name))
			return -1;
		if (code || t->prev_class == GROUP_CODE || t->prev_class == GROUP_AFTER) {
			if (add_core(t, l->addr, t->group_name))
				return -1;
			t->group_entry = true;
		}
		t->group_code = code;
		return 0;
	}
	/* a later alias: only code is kept (kp_ksymtab_addr() finds code) */
	if (!code)
		return 0;
	if (!t->group_entry) {
		/* the group's first line is data and comes first among its aliases */
		if (add_core(t, l->addr, t->group_name))
			return -1;
		t->group_entry = true;
	}
	t->group_code = true;
	if (add_sym_name(t, l->name, l->name_len, &name))
		return -1;
	return add_core(t, l->addr, name);
}

/*
 * kp_ksymtab_add - index one line of /proc/kallsyms
 * @t: the table
 * @line: the line, without its newline (need not stay valid)
 * @len: its length
 *
 * Lines that are not symbols are skipped. Returns 0 or -1 with errno ENOMEM.
 */
static int kp_ksymtab_add(struct kp_ksymtab *t, const char *line, size_t len)
{
	struct kp_kallsyms_line l;
	unsigned int name;
	int off;

	t->lines++;
	if (!kp_kallsyms_parse_line(line, line + len, &l) ||
	    (l.mod && kp_kallsyms_pseudo_mod(&l)) || (!l.mod && !kp_kallsyms_core(&l)))
		return 0;
	if (l.mod) {
		/* the module's names go after the open group's: it cannot be dropped now */
		if (t->keep == KP_KSYMTAB_TEXT && keep_all(t))
			return -1;
		return add_mod(t, &l);
	}
	/*
	 * Core offsets are relative to the first core line, the lowest; the
	 * range of all of them (kept or not) tells core from module addresses
	 */
	if (!t->any_core)
		t->base = l.addr;
	if ((long long)(l.addr - t->base) > INT32_MAX || (long long)(l.addr - t->base) < INT32_MIN)
		return 0; /* not the kernel image */
	off = (int)(l.addr - t->base);
	if (!t->any_core || off < t->lo)
		t->lo = off;
	if (!t->any_core || off > t->hi)
		t->hi = off;
	/* the kernel lists its symbols sorted: its lookup bisects them */
	if (t->keep == KP_KSYMTAB_TEXT && t->any_core && l.addr < t->last_addr && keep_all(t))
		return -1;
	if (t->keep == KP_KSYMTAB_TEXT) {
		if (add_core_text(t, &l))
			return -1;
	} else if (add_sym_name(t, l.name, l.name_len, &name) || add_core(t, l.addr, name)) {
		return -1;
	}
	t->any_core = true;
	t->last_addr = l.addr;
	return 0;
}

/*
 * kp_ksymtab_finish - sort what was added; once, after the last line
 * @t: the table
 *
 * Returns 0, or -1 with errno EACCES when there were lines but every
 * address read as zero (kptr_restrict hides them).
 */
static int kp_ksymtab_finish(struct kp_ksymtab *t)
{
	char *nn;

	end_group(t);
	if (t->lines && !t->any_core && !t->nr_mods) {
		errno = EACCES; /* kptr_restrict: every address reads as zero */
		return -1;
	}
	/* the core's lines come sorted by address already; modules do not */
	if (t->unsorted)
		qsort(t->core, t->nr_core, sizeof(*t->core), cmp_core);
	if (t->nr_mods)
		qsort(t->mods, t->nr_mods, sizeof(*t->mods), cmp_ent);
	nn = realloc(t->names, t->names_len);
	if (nn)
		t->names = nn;
	return 0;
}

struct kp_ksymtab *kp_ksymtab_parse(const char *text)
{
	struct kp_ksymtab *t = kp_ksymtab_new(KP_KSYMTAB_ALL);
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

/*
 * Bytes asked of the file at a time: /proc/kallsyms gives what is asked,
 * so some 150 reads of the 9 MB rather than 9,000 of stdio's 1 KB
 */
#define READ_CHUNK 65536

struct kp_ksymtab *kp_ksymtab_read(FILE *in, enum kp_ksymtab_keep keep)
{
	struct kp_ksymtab *t = kp_ksymtab_new(keep);
	size_t cap = READ_CHUNK, len = 0, n;
	char *buf = malloc(cap);
	int err;

	if (!t || !buf)
		goto fail;
	while ((n = fread(buf + len, 1, cap - len, in)) > 0) {
		const char *p = buf, *eol;

		len += n;
		/* the lines read whole; the last one's start waits for the rest */
		while ((eol = memchr(p, '\n', len - (size_t)(p - buf)))) {
			if (kp_ksymtab_add(t, p, (size_t)(eol - p)))
				goto fail;
			p = eol + 1;
		}
		len -= (size_t)(p - buf);
		memmove(buf, p, len);
		if (len == cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				goto fail;
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(in)) {
		errno = EIO;
		goto fail;
	}
	if ((len && kp_ksymtab_add(t, buf, len)) || kp_ksymtab_finish(t))
		goto fail;
	free(buf);
	return t;
fail:
	err = errno ? errno : ENOMEM;
	free(buf);
	kp_ksymtab_free(t);
	errno = err;
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
	if (t->any_core && (long long)(addr - t->base) >= t->lo &&
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
		if (t->core[i].name == NO_NAME)
			return false; /* data a text-only table did not keep */
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
		/* the first of them in the file's order (sorted by name offset) */
		const struct ksym_ent *best = &t->mods[i];
		unsigned long long next = 0;

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

size_t kp_ksymtab_count(const struct kp_ksymtab *t)
{
	return t ? t->nr_core + t->nr_mods : 0;
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
