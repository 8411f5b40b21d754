// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event formatter: the kernel's trace_pipe line (or a JSON object) for
 * each raw record, from the events fmtevent.c registered. The printing is
 * our own because libtraceevent prints probe events unlike the kernel (a
 * bare hex probe address, a reversed return form, "" for a fault).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmtcore.h"
#include "json.h"

struct kp_format *kp_format_new(const struct kp_format_opts *opts)
{
	struct kp_format *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	if (opts)
		f->opts = *opts;
	if (kp_fevs_init(&f->evs)) {
		free(f);
		return NULL;
	}
	kp_ustack_init(&f->ustack, f->opts.maps_read, f->opts.maps_ctx);
	return f;
}

void kp_format_free(struct kp_format *f)
{
	if (!f)
		return;
	kp_fevs_destroy(&f->evs);
	kp_ksymtab_free(f->syms);
	kp_ksymsrc_destroy(&f->src);
	for (int i = 0; i < f->nr_user_ids; i++)
		free(f->user_sites[i].path);
	free(f->user_sites);
	free(f->user_ids);
	free(f->hits);
	kp_comm_destroy(&f->comms);
	kp_strbuf_free(&f->scratch);
	kp_ustack_destroy(&f->ustack);
	free(f->follow);
	free(f);
}

int kp_format_add_event(struct kp_format *f, const char *system, const char *format_text,
			char **why)
{
	return kp_fevs_add(&f->evs, system, format_text, NULL, why);
}

int kp_format_add_eprobe(struct kp_format *f, const char *system, const char *format_text,
			 const char *probed, char **why)
{
	return kp_fevs_add(&f->evs, system, format_text, probed, why);
}

int kp_format_user_event(struct kp_format *f, const char *system, const char *event)
{
	return kp_format_user_site(f, system, event, NULL, 0);
}

int kp_format_user_site(struct kp_format *f, const char *system, const char *event,
			const char *path, unsigned long long off)
{
	struct kp_fmt_site *sites;
	int i, *ids;

	for (i = 0; i < f->evs.nr_evs; i++)
		if (!strcmp(f->evs.evs[i].system, system) && !strcmp(f->evs.evs[i].name, event))
			break;
	if (i == f->evs.nr_evs) {
		errno = ENOENT;
		return -1;
	}
	ids = realloc(f->user_ids, (size_t)(f->nr_user_ids + 1) * sizeof(*ids));
	if (!ids)
		return -1;
	f->user_ids = ids;
	sites = realloc(f->user_sites, (size_t)(f->nr_user_ids + 1) * sizeof(*sites));
	if (!sites)
		return -1;
	f->user_sites = sites;
	sites[f->nr_user_ids].off = off;
	sites[f->nr_user_ids].path = path ? strdup(path) : NULL;
	if (path && !sites[f->nr_user_ids].path)
		return -1;
	f->user_ids[f->nr_user_ids++] = f->evs.evs[i].id;
	return 0;
}

/* A uprobe's index among the user events, or -1 */
static int user_index(const struct kp_format *f, int id)
{
	int i;

	for (i = 0; i < f->nr_user_ids; i++)
		if (f->user_ids[i] == id)
			return i;
	return -1;
}

static bool is_user_event(const struct kp_format *f, int id)
{
	return user_index(f, id) >= 0;
}

/*
 * A 64-bit kernel's addresses have the top bit set. A 32-bit kernel's
 * modules lie below PAGE_OFFSET, among a process's addresses: there the
 * event tells, a uprobe's being the process's.
 */
bool kp_fmt_user_addr(const struct kp_format *f, const struct kp_fev *e, unsigned long long addr)
{
	return e->word == 4 ? is_user_event(f, e->id) : !(addr >> 63);
}

enum kp_syms_need kp_format_syms_need(const struct kp_format *f)
{
	enum kp_syms_need need = KP_SYMS_NONE;
	int i, j;

	for (i = 0; i < f->evs.nr_evs; i++) {
		const struct kp_fev *e = &f->evs.evs[i];

		/* %pS prints whatever the value is: data addresses too */
		for (j = 0; j < e->nr_args; j++)
			if (e->args[j].type == KP_FT_SYM)
				return KP_SYMS_ALL;
		switch (e->kind) {
		case KP_EV_NEWTASK:
		case KP_EV_RENAME:
		case KP_EV_FREE:
		case KP_EV_MODLOAD:
		case KP_EV_EPROBE: /* names the event it probes: no address */
		case KP_EV_USTACK: /* a process's addresses */
			break;
		case KP_EV_PROBE:
		case KP_EV_RETPROBE:
			/* a uprobe's addresses are the process's */
			if (!is_user_event(f, e->id))
				need = KP_SYMS_TEXT;
			break;
		default:
			/* stack frames, and any kind that may print a kernel address */
			need = KP_SYMS_TEXT;
			break;
		}
	}
	return need;
}

int kp_format_comm(struct kp_format *f, int pid, const char *comm)
{
	return kp_comm_set(&f->comms, pid, comm);
}

/* A string argument's bytes, or NULL for a fault; -1 if corrupt */
static int str_arg(const struct kp_record *r, const struct kp_farg *a, const char **s, size_t *len)
{
	uint32_t dl;
	unsigned int off, n;
	const char *nul;

	memcpy(&dl, r->data + a->offset, 4);
	n = dl >> 16;
	off = (dl & 0xffff) + (a->rel ? a->offset + 4 : 0);
	if (!n) {
		*s = NULL;
		return 0;
	}
	if (off > r->size || n > r->size - off)
		return -1;
	*s = (const char *)r->data + off;
	nul = memchr(*s, '\0', n);
	*len = nul ? (size_t)(nul - *s) : n;
	return 0;
}

static int put_value(struct kp_format *f, struct kp_strbuf *sb, const struct kp_farg *a,
		     const unsigned char *p, bool json)
{
	switch (a->type) {
	case KP_FT_U:
		return kp_fmt_num(sb, kp_fmt_uint(p, a->esize), 10, 1);
	case KP_FT_S: {
		long long sv = kp_fmt_sint(p, a->esize);

		if (sv < 0 && kp_strbuf_putc(sb, '-'))
			return -1;
		return kp_fmt_num(sb,
				  sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv,
				  10, 1);
	}
	case KP_FT_X:
		if (json)
			return kp_strbuf_putc(sb, '"') ||
			       kp_fmt_hex(sb, kp_fmt_uint(p, a->esize)) || kp_strbuf_putc(sb, '"');
		return kp_fmt_hex(sb, kp_fmt_uint(p, a->esize));
	case KP_FT_CHAR:
		if (json)
			return kp_json_string(sb, (const char *)p, 1);
		return kp_strbuf_putc(sb, '\'') || kp_strbuf_putc(sb, (char)*p) ||
		       kp_strbuf_putc(sb, '\'');
	case KP_FT_SYM:
		return kp_fmt_sym_arg(f, sb, kp_fmt_uint(p, a->esize), json);
	case KP_FT_STR:
		break;
	}
	return -1;
}

/*
 * The kernel prints a record into its trace_seq buffer one write at a time:
 * a string (printf, puts) fits if it leaves a byte free, a character (putc)
 * if there is room for it (lib/seq_buf.c). The first write that does not
 * fit ends the text where it began and no later write is made. Called
 * after each write, which began at @before.
 */
void kp_fmt_seq_write(struct kp_format *f, const struct kp_strbuf *sb, size_t before, bool putc)
{
	size_t len = sb->len - f->seq.start;

	if (!f->seq.size || f->seq.full || (putc ? len <= f->seq.size : len < f->seq.size))
		return;
	f->seq.full = true;
	f->seq.cut = before;
}

static int put_args(struct kp_format *f, struct kp_strbuf *sb, const struct kp_fev *e,
		    const struct kp_record *r, bool json)
{
	int i;
	unsigned int j;

	if (json && kp_strbuf_puts(sb, ",\"args\":{"))
		return -1;
	for (i = 0; i < e->nr_args; i++) {
		const struct kp_farg *a = &e->args[i];
		size_t before = sb->len;

		if (json) {
			if ((i && kp_strbuf_putc(sb, ',')) ||
			    kp_json_string(sb, a->name, strlen(a->name)) || kp_strbuf_putc(sb, ':'))
				return -1;
		} else if (kp_strbuf_putc(sb, ' ') || kp_strbuf_puts(sb, a->name) ||
			   kp_strbuf_putc(sb, '=')) {
			return -1;
		}
		kp_fmt_seq_write(f, sb, before, false);
		before = sb->len;
		if (a->type == KP_FT_STR) {
			const char *s;
			size_t len = 0;

			if (str_arg(r, a, &s, &len)) {
				errno = EINVAL;
				return -1;
			}
			if (json ? (s ? kp_json_string(sb, s, len) : kp_strbuf_puts(sb, "null"))
				 : (s ? kp_strbuf_putc(sb, '"') || kp_strbuf_add(sb, s, len) ||
						    kp_strbuf_putc(sb, '"')
				      : kp_strbuf_puts(sb, "(fault)")))
				return -1;
			kp_fmt_seq_write(f, sb, before, false);
			continue;
		}
		if (!a->count) {
			if (put_value(f, sb, a, r->data + a->offset, json))
				return -1;
			kp_fmt_seq_write(f, sb, before, false);
			continue;
		}
		/* the kernel puts each value, then its ',' or the closing '}' */
		if (kp_strbuf_putc(sb, json ? '[' : '{'))
			return -1;
		kp_fmt_seq_write(f, sb, before, true);
		for (j = 0; j < a->count; j++) {
			before = sb->len;
			if (j && kp_strbuf_putc(sb, ','))
				return -1;
			kp_fmt_seq_write(f, sb, before, true);
			before = sb->len;
			if (put_value(f, sb, a, r->data + a->offset + (size_t)j * a->esize, json))
				return -1;
			kp_fmt_seq_write(f, sb, before, false);
		}
		before = sb->len;
		if (kp_strbuf_putc(sb, json ? ']' : '}'))
			return -1;
		kp_fmt_seq_write(f, sb, before, true);
	}
	return json ? kp_strbuf_putc(sb, '}') : 0;
}

static int format_probe(struct kp_format *f, const struct kp_fev *e, const struct kp_record *r,
			const struct rec_head *h, struct kp_strbuf *sb)
{
	unsigned long long ip = 0, func = 0;
	bool ret = e->kind == KP_EV_RETPROBE, eprobe = e->kind == KP_EV_EPROBE;

	if (!eprobe)
		ip = kp_fmt_uint(r->data + e->ip_off, e->word);
	if (ret)
		func = kp_fmt_uint(r->data + e->func_off, e->word);
	if (f->opts.json) {
		if (kp_fmt_json_head(sb, "event", r, h) || kp_strbuf_puts(sb, ",\"group\":") ||
		    kp_json_string(sb, e->system, strlen(e->system)) ||
		    kp_strbuf_puts(sb, ",\"event\":") ||
		    kp_json_string(sb, e->name, strlen(e->name)))
			return -1;
		if (eprobe ? kp_strbuf_puts(sb, ",\"probe\":") ||
				     kp_json_string(sb, e->probed, strlen(e->probed))
		    : ret ? kp_fmt_json_addr(f, sb, "probe", func, false,
					     kp_fmt_user_addr(f, e, func)) ||
				    kp_fmt_json_addr(f, sb, "return_site", ip, true,
						     kp_fmt_user_addr(f, e, ip))
			  : kp_fmt_json_addr(f, sb, "probe", ip, true, kp_fmt_user_addr(f, e, ip)))
			return -1;
		return put_args(f, sb, e, r, true) || kp_strbuf_puts(sb, "}\n");
	}
	if (kp_fmt_text_head(sb, r, h) || kp_strbuf_puts(sb, e->name) ||
	    kp_strbuf_add(sb, ": (", 3))
		return -1;
	/* print_uprobe_event() prints raw addresses; the kprobe and fprobe ones symbols */
	if (eprobe) {
		if (kp_strbuf_puts(sb, e->probed))
			return -1;
	} else if (kp_fmt_user_addr(f, e, ret ? func : ip)) {
		if (kp_fmt_hex(sb, ip) ||
		    (ret && (kp_strbuf_add(sb, " <- ", 4) || kp_fmt_hex(sb, func))))
			return -1;
	} else if (kp_fmt_ip_sym(f, sb, ip, true) ||
		   (ret && (kp_strbuf_puts(sb, " <- ") || kp_fmt_ip_sym(f, sb, func, false)))) {
		return -1;
	}
	if (kp_strbuf_putc(sb, ')'))
		return -1;
	kp_fmt_seq_write(f, sb, f->seq.start, false);
	if (put_args(f, sb, e, r, false) || kp_strbuf_putc(sb, '\n'))
		return -1;
	kp_fmt_seq_write(f, sb, sb->len - 1, true);
	return 0;
}

/*
 * A record's text that did not fit the kernel's trace_seq: trace_pipe and
 * trace print what fitted, then "[LINE TOO BIG]\n" if that fits too
 * (tracing_read_pipe(), kernel/trace/trace.c), else nothing more, not even
 * a newline
 */
static int line_too_big(struct kp_format *f, struct kp_strbuf *sb)
{
	static const char marker[] = "[LINE TOO BIG]\n";

	sb->len = f->seq.cut;
	sb->buf[sb->len] = '\0';
	if (f->seq.cut - f->seq.start + sizeof(marker) - 1 < f->seq.size)
		return kp_strbuf_puts(sb, marker);
	return 0;
}

/* Whose stacks follow: a uprobe's says where its file is (its probed function's entry) */
static int follow_probe(struct kp_format *f, const struct kp_fev *e, const struct kp_record *r)
{
	int u = user_index(f, e->id);
	const struct kp_fmt_site *site = u >= 0 && f->user_sites[u].path ? &f->user_sites[u] : NULL;
	unsigned long long addr = 0;

	if (site)
		addr = kp_fmt_uint(r->data + (e->kind == KP_EV_RETPROBE ? e->func_off : e->ip_off),
				   e->word);
	return kp_fmt_follow(f, r->cpu, u >= 0 ? KP_FOLLOW_USER : KP_FOLLOW_KERNEL, site, addr);
}

enum kp_ustack_rec kp_format_ustack_rec(struct kp_format *f, const struct kp_record *r)
{
	struct kp_fev *e;

	if (!r->data || r->size < KP_COMMON_SIZE)
		return KP_USR_OTHER;
	e = kp_fevs_find(&f->evs, (int)kp_fmt_uint(r->data, 2));
	if (!e)
		return KP_USR_OTHER;
	switch (e->kind) {
	case KP_EV_PROBE:
	case KP_EV_RETPROBE:
	case KP_EV_EPROBE:
		return KP_USR_EVENT;
	case KP_EV_USTACK:
		return KP_USR_USTACK;
	default:
		return KP_USR_OTHER;
	}
}

int kp_format_record(struct kp_format *f, const struct kp_record *r, struct kp_strbuf *sb)
{
	char buf[KP_COMM_LEN];
	struct rec_head h;
	struct kp_fev *e;
	size_t mark = sb->len;
	int ret;

	if (!r->data || r->size < KP_COMMON_SIZE) {
		errno = EINVAL;
		return -1;
	}
	e = kp_fevs_find(&f->evs, (int)kp_fmt_uint(r->data, 2));
	if (!e || r->size < e->min_size) {
		errno = EINVAL;
		return -1;
	}
	f->seq.start = mark;
	f->seq.size = f->opts.json ? 0 : f->opts.line_max;
	f->seq.full = false;
	switch (e->kind) {
	case KP_EV_NEWTASK:
	case KP_EV_RENAME: {
		char comm[KP_COMM_LEN];
		int pid = (int)kp_fmt_sint(r->data + (e->pid_off ? e->pid_off : 4), 4);

		memcpy(comm, r->data + e->comm_off, KP_COMM_LEN - 1);
		comm[KP_COMM_LEN - 1] = '\0';
		if (pid > 0 &&
		    (e->kind == KP_EV_NEWTASK ? kp_comm_new : kp_comm_set)(&f->comms, pid, comm))
			return -1;
		/* after an exec, its mappings are new */
		if (e->kind == KP_EV_RENAME && pid > 0)
			kp_ustack_exec(&f->ustack, pid);
		if (kp_fmt_follow(f, r->cpu, KP_FOLLOW_TASK, NULL, 0))
			return -1;
		return KP_FMT_NONE;
	}
	case KP_EV_MODLOAD:
		/* its symbols are in kallsyms now, before any of its code runs */
		kp_ksymsrc_loaded(&f->src);
		return KP_FMT_NONE;
	case KP_EV_FREE: {
		char comm[KP_COMM_LEN];

		/* the pid may be another task's from now on */
		if (e->comm_loc) {
			/* __data_loc: the string's offset in the low 16 bits, its length above */
			unsigned long long loc = kp_fmt_uint(r->data + e->comm_off, 4);
			size_t off = loc & 0xffff, len = loc >> 16;

			if (off > r->size || len > r->size - off)
				len = off = 0;
			if (len > KP_COMM_LEN - 1)
				len = KP_COMM_LEN - 1;
			memcpy(comm, r->data + off, len);
			comm[len] = '\0';
		} else {
			memcpy(comm, r->data + e->comm_off, KP_COMM_LEN - 1);
			comm[KP_COMM_LEN - 1] = '\0';
		}
		kp_comm_forget(&f->comms, (int)kp_fmt_sint(r->data + e->pid_off, 4), comm);
		if (kp_fmt_follow(f, r->cpu, KP_FOLLOW_TASK, NULL, 0))
			return -1;
		return KP_FMT_NONE;
	}
	case KP_EV_STACK:
	case KP_EV_USTACK:
		if (!kp_fmt_stack_shown(f, r->cpu, e->kind == KP_EV_USTACK))
			return KP_FMT_NONE;
		kp_fmt_read_head(f, r, &h, buf);
		ret = (e->kind == KP_EV_STACK ? kp_fmt_stack : kp_fmt_ustack)(f, e, r, &h, sb);
		ret = ret ? -1 : KP_FMT_STACK;
		break;
	default:
		if (follow_probe(f, e, r))
			return -1;
		kp_fmt_read_head(f, r, &h, buf);
		ret = format_probe(f, e, r, &h, sb) ? -1 : KP_FMT_EVENT;
		break;
	}
	if (ret > 0 && f->seq.full && line_too_big(f, sb))
		ret = -1;
	if (ret < 0) {
		int err = errno;

		sb->len = mark;
		if (sb->buf)
			sb->buf[mark] = '\0';
		errno = err;
	}
	return ret;
}

int kp_format_lost(struct kp_format *f, int cpu, unsigned long long count, struct kp_strbuf *sb)
{
	if (f->opts.json)
		return count ? kp_strbuf_printf(sb,
						"{\"type\":\"lost\",\"cpu\":%d,\"count\":%llu}\n",
						cpu, count)
			     : kp_strbuf_printf(sb,
						"{\"type\":\"lost\",\"cpu\":%d,\"count\":null}\n",
						cpu);
	return count ? kp_strbuf_printf(sb, "CPU:%d [LOST %llu EVENTS]\n", cpu, count)
		     : kp_strbuf_printf(sb, "CPU:%d [LOST EVENTS]\n", cpu);
}
