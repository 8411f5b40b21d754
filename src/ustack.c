// SPDX-License-Identifier: GPL-2.0-only
/*
 * User stack frames named from a process's mappings and its files' ELF
 * symbols: "func+0xoff (/usr/lib/x86_64-linux-gnu/libc.so.6)".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "ustack.h"

/* How far back from the nearest symbol below an address a containing one is looked for */
#define ALIAS_LOOKBACK 8

void kp_ustack_init(struct kp_ustack *u, kp_ustack_maps_fn read_maps, void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->read_maps = read_maps;
	u->ctx = ctx;
}

static void forget_procs(struct kp_ustack *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(u->procs[i].maps);
	if (n < u->nr_procs)
		memmove(u->procs, u->procs + n, (u->nr_procs - n) * sizeof(*u->procs));
	u->nr_procs -= n;
}

void kp_ustack_destroy(struct kp_ustack *u)
{
	size_t i;

	forget_procs(u, u->nr_procs);
	free(u->procs);
	for (i = 0; i < u->nr_objs; i++) {
		free(u->objs[i].path);
		free(u->objs[i].by_addr);
		if (u->objs[i].ok)
			kp_elf_close(&u->objs[i].elf);
	}
	free(u->objs);
	u->procs = NULL;
	u->objs = NULL;
	u->nr_objs = 0;
}

static struct kp_uproc *find_proc(struct kp_ustack *u, int pid)
{
	size_t i;

	for (i = u->nr_procs; i-- > 0;)
		if (u->procs[i].pid == pid)
			return &u->procs[i];
	return NULL;
}

/* Process @pid's entry, added (empty) if new; NULL on ENOMEM */
static struct kp_uproc *add_proc(struct kp_ustack *u, int pid)
{
	struct kp_uproc *p = find_proc(u, pid);

	if (p)
		return p;
	if (u->nr_procs >= KP_USTACK_PROCS_MAX)
		forget_procs(u, u->nr_procs / 2);
	p = realloc(u->procs, (u->nr_procs + 1) * sizeof(*p));
	if (!p)
		return NULL;
	u->procs = p;
	p = &u->procs[u->nr_procs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	return p;
}

/* The index of the file @path (@len bytes), added if new; -1 on ENOMEM */
static int obj_index(struct kp_ustack *u, const char *path, size_t len)
{
	struct kp_uobj *objs;
	size_t i;

	for (i = 0; i < u->nr_objs; i++)
		if (strlen(u->objs[i].path) == len && !memcmp(u->objs[i].path, path, len))
			return (int)i;
	objs = realloc(u->objs, (u->nr_objs + 1) * sizeof(*objs));
	if (!objs)
		return -1;
	u->objs = objs;
	memset(&objs[u->nr_objs], 0, sizeof(*objs));
	objs[u->nr_objs].path = strndup(path, len);
	if (!objs[u->nr_objs].path)
		return -1;
	return (int)u->nr_objs++;
}

/* The next blank-separated word of [*@p, @end): its start; *@p moves past it */
static const char *word(const char **p, const char *end, size_t *len)
{
	const char *w;

	while (*p < end && **p == ' ')
		(*p)++;
	w = *p;
	while (*p < end && **p != ' ')
		(*p)++;
	*len = (size_t)(*p - w);
	return w;
}

static int hex_word(const char **p, const char *end, char stop, unsigned long long *v)
{
	char buf[24], *e;
	size_t len;
	const char *w = word(p, end, &len);

	if (stop) {
		const char *s = memchr(w, stop, len);

		if (!s)
			return -1;
		len = (size_t)(s - w);
		*p = s + 1;
	}
	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, w, len);
	buf[len] = '\0';
	*v = strtoull(buf, &e, 16);
	return *e ? -1 : 0;
}

/* One line of /proc/PID/maps: "start-end perms pgoff dev inode   /path"; 1 if it maps a file */
static int parse_line(struct kp_ustack *u, const char *line, size_t len, struct kp_umap *m)
{
	const char *p = line, *end = line + len, *path;
	unsigned long long start, end_addr, pgoff;
	size_t n;
	int obj;

	if (hex_word(&p, end, '-', &start) || hex_word(&p, end, 0, &end_addr))
		return 0;
	word(&p, end, &n); /* perms */
	if (hex_word(&p, end, 0, &pgoff))
		return 0;
	word(&p, end, &n); /* dev */
	word(&p, end, &n); /* inode */
	while (p < end && *p == ' ')
		p++;
	path = p;
	if (path >= end || *path != '/' || start >= end_addr)
		return 0;
	obj = obj_index(u, path, (size_t)(end - path));
	if (obj < 0)
		return -1;
	m->start = start;
	m->end = end_addr;
	m->pgoff = pgoff;
	m->obj = obj;
	return 1;
}

int kp_ustack_set_maps(struct kp_ustack *u, int pid, const char *text)
{
	struct kp_umap *maps = NULL, *more;
	struct kp_uproc *p;
	size_t nr = 0;
	const char *line;

	for (line = text; *line;) {
		size_t len = strcspn(line, "\n");
		struct kp_umap m;
		int ret = parse_line(u, line, len, &m);

		if (ret < 0)
			goto nomem;
		if (ret) {
			more = realloc(maps, (nr + 1) * sizeof(*maps));
			if (!more)
				goto nomem;
			maps = more;
			maps[nr++] = m;
		}
		line += len + (line[len] == '\n');
	}
	p = add_proc(u, pid);
	if (!p)
		goto nomem;
	free(p->maps);
	p->maps = maps;
	p->nr_maps = nr;
	p->read = true;
	p->stale = false;
	p->gone = false;
	return 0;
nomem:
	free(maps);
	errno = ENOMEM;
	return -1;
}

void kp_ustack_exec(struct kp_ustack *u, int pid)
{
	struct kp_uproc *p = find_proc(u, pid);

	if (p) {
		p->stale = true;
		p->gone = false;
	}
}

/* Read @pid's mappings again; 0, or -1 (kept as they were; errno ENOMEM, or not) */
static int reread(struct kp_ustack *u, int pid)
{
	struct kp_uproc *p = find_proc(u, pid);
	char *text;
	int ret;

	errno = 0;
	if (!u->read_maps || (p && p->gone))
		return -1;
	text = u->read_maps(u->ctx, pid);
	if (!text) {
		errno = 0;
		p = add_proc(u, pid);
		if (!p)
			return -1;
		p->gone = true;
		return -1;
	}
	ret = kp_ustack_set_maps(u, pid, text);
	free(text);
	return ret;
}

static const struct kp_umap *find_map(const struct kp_uproc *p, uint64_t addr)
{
	size_t i;

	for (i = 0; p && i < p->nr_maps; i++)
		if (addr >= p->maps[i].start && addr < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

static const struct kp_elf_file *sort_funcs;

static int cmp_addr(const void *a, const void *b)
{
	const struct kp_elf_func *fa = &sort_funcs->funcs[*(const size_t *)a];
	const struct kp_elf_func *fb = &sort_funcs->funcs[*(const size_t *)b];

	if (fa->value != fb->value)
		return fa->value < fb->value ? -1 : 1;
	/* aliases: the larger one, then by name, so that the choice is stable */
	if (fa->size != fb->size)
		return fa->size > fb->size ? -1 : 1;
	return strcmp(fa->name, fb->name);
}

/* The file's symbols, read once; NULL if it has none this process can read */
static struct kp_uobj *open_obj(struct kp_ustack *u, int idx)
{
	struct kp_uobj *o = &u->objs[idx];
	size_t i;

	if (o->tried)
		return o->ok ? o : NULL;
	o->tried = true;
	/* quietly: a deleted, foreign or unreadable file just has no names */
	if (kp_elf_native(o->path) != 1 || kp_elf_open(&o->elf, o->path))
		return NULL;
	o->by_addr = malloc((o->elf.nr_funcs ? o->elf.nr_funcs : 1) * sizeof(*o->by_addr));
	if (!o->by_addr) {
		kp_elf_close(&o->elf);
		return NULL;
	}
	for (i = 0; i < o->elf.nr_funcs; i++)
		o->by_addr[i] = i;
	sort_funcs = &o->elf;
	qsort(o->by_addr, o->elf.nr_funcs, sizeof(*o->by_addr), cmp_addr);
	sort_funcs = NULL;
	o->ok = true;
	return o;
}

/* The function of @o at virtual address @vaddr */
static const struct kp_elf_func *func_at(const struct kp_uobj *o, uint64_t vaddr)
{
	size_t lo = 0, hi = o->elf.nr_funcs, i, back;

	/* the first symbol above @vaddr */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->elf.funcs[o->by_addr[mid]].value <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo, back = 0; i-- > 0 && back < ALIAS_LOOKBACK; back++) {
		const struct kp_elf_func *fn = &o->elf.funcs[o->by_addr[i]];

		if (vaddr < fn->value + fn->size || (!fn->size && i + 1 == lo))
			return fn;
	}
	return NULL;
}

/* The virtual address of file offset @off, by the PT_LOAD segments */
static int file_vaddr(const struct kp_elf_file *f, uint64_t off, uint64_t *vaddr)
{
	size_t i;

	for (i = 0; i < f->nr_loads; i++)
		if (off >= f->loads[i].offset && off < f->loads[i].offset + f->loads[i].filesz) {
			*vaddr = off - f->loads[i].offset + f->loads[i].vaddr;
			return 0;
		}
	return -1;
}

int kp_ustack_name(struct kp_ustack *u, int pid, uint64_t addr, struct kp_uframe *fr)
{
	struct kp_uproc *p = find_proc(u, pid);
	const struct kp_umap *m;
	const struct kp_elf_func *fn;
	struct kp_uobj *o;
	uint64_t vaddr;

	memset(fr, 0, sizeof(*fr));
	fr->addr = addr;
	m = p && p->read && !p->stale ? find_map(p, addr) : NULL;
	/* first seen, exec'd, or an address mapped since: read again while it lives */
	if (!m) {
		if (reread(u, pid) && errno == ENOMEM)
			return -1;
		m = find_map(find_proc(u, pid), addr);
	}
	if (!m)
		return 0;
	fr->obj = u->objs[m->obj].path;
	o = open_obj(u, m->obj);
	if (!o || file_vaddr(&o->elf, addr - m->start + m->pgoff, &vaddr))
		return 0;
	fn = func_at(o, vaddr);
	if (fn) {
		fr->sym = fn->name;
		fr->off = vaddr - fn->value;
	}
	return 0;
}

int kp_ustack_hint(struct kp_ustack *u, int pid, const char *path, uint64_t file_off, uint64_t addr)
{
	struct kp_uproc *p = find_proc(u, pid);
	struct kp_umap *maps;
	struct kp_uobj *o;
	uint64_t vaddr, base;
	int obj;
	size_t i;

	if (p && (p->read || find_map(p, addr)))
		return 0;
	obj = obj_index(u, path, strlen(path));
	if (obj < 0)
		return -1;
	o = open_obj(u, obj);
	if (!o || file_vaddr(&o->elf, file_off, &vaddr) || !o->elf.nr_loads)
		return 0;
	base = addr - vaddr;
	p = add_proc(u, pid);
	if (!p)
		return -1;
	maps = realloc(p->maps, (p->nr_maps + o->elf.nr_loads) * sizeof(*maps));
	if (!maps)
		return -1;
	p->maps = maps;
	for (i = 0; i < o->elf.nr_loads; i++) {
		struct kp_umap *m = &maps[p->nr_maps++];

		m->start = base + o->elf.loads[i].vaddr;
		m->end = m->start + o->elf.loads[i].filesz;
		m->pgoff = o->elf.loads[i].offset;
		m->obj = obj;
	}
	return 0;
}

int kp_ustack_put_text(struct kp_strbuf *sb, const struct kp_uframe *fr)
{
	if (fr->sym)
		return kp_strbuf_printf(sb, " => %s+0x%" PRIx64 " (%s)\n", fr->sym, fr->off,
					fr->obj);
	if (fr->obj)
		return kp_strbuf_printf(sb, " => 0x%" PRIx64 " (%s)\n", fr->addr, fr->obj);
	return kp_strbuf_printf(sb, " => 0x%" PRIx64 "\n", fr->addr);
}

int kp_ustack_put_json(struct kp_strbuf *sb, const struct kp_uframe *fr)
{
	if (kp_strbuf_printf(sb, "{\"addr\":\"0x%" PRIx64 "\",\"sym\":", fr->addr))
		return -1;
	if (fr->sym ? kp_json_string(sb, fr->sym, strlen(fr->sym)) ||
			      kp_strbuf_printf(sb, ",\"off\":%" PRIu64, fr->off)
		    : kp_strbuf_puts(sb, "null,\"off\":null"))
		return -1;
	if (kp_strbuf_puts(sb, ",\"obj\":"))
		return -1;
	if (fr->obj ? kp_json_string(sb, fr->obj, strlen(fr->obj)) : kp_strbuf_puts(sb, "null"))
		return -1;
	return kp_strbuf_putc(sb, '}');
}
