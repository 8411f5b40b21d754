// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stack records: the kernel stack the stacktrace option records after
 * each event (-s), and the user stack of userstacktrace (-s on a uprobe,
 * --ustack), whose frames are named here from the process's mappings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fmtcore.h"

/* The kernel's ULONG_MAX, which ends a kernel stack short of its room */
static unsigned long long word_max(const struct kp_fev *e)
{
	return e->word == 4 ? 0xffffffffULL : ~0ULL;
}

int kp_fmt_stack(struct kp_format *f, const struct kp_fev *e, const struct kp_record *r,
		 const struct rec_head *h, struct kp_strbuf *sb)
{
	unsigned int off;
	bool json = f->opts.json;
	size_t before;

	if (json ? kp_fmt_json_head(sb, "stack", r, h) || kp_strbuf_puts(sb, ",\"stack\":[")
		 : kp_fmt_text_head(sb, r, h) || kp_strbuf_puts(sb, "<stack trace>\n"))
		return -1;
	kp_fmt_seq_write(f, sb, f->seq.start, false);
	for (off = e->ip_off; off + e->word <= r->size; off += e->word) {
		unsigned long long ip = kp_fmt_uint(r->data + off, e->word);

		if (ip == word_max(e))
			break;
		if (json) {
			if ((off != e->ip_off && kp_strbuf_putc(sb, ',')) ||
			    kp_fmt_json_addr(f, sb, NULL, ip, false, kp_fmt_user_addr(f, e, ip)))
				return -1;
			continue;
		}
		before = sb->len;
		if (kp_strbuf_puts(sb, " => "))
			return -1;
		kp_fmt_seq_write(f, sb, before, false);
		before = sb->len;
		if (kp_fmt_ip_sym(f, sb, ip, false))
			return -1;
		kp_fmt_seq_write(f, sb, before, false);
		if (kp_strbuf_putc(sb, '\n'))
			return -1;
		kp_fmt_seq_write(f, sb, sb->len - 1, true);
	}
	return json ? kp_strbuf_puts(sb, "]}\n") : 0;
}

/*
 * The kernel's trace_user_stack_print() ends at the first 0 frame; the
 * frames are named as the kernel's sym-userobj option cannot once the
 * process is gone. Its text is not the kernel's: no trace_seq limit.
 */
int kp_fmt_ustack(struct kp_format *f, const struct kp_fev *e, const struct kp_record *r,
		  const struct rec_head *h, struct kp_strbuf *sb)
{
	bool json = f->opts.json;
	int tgid = h->pid;
	unsigned int off;

	/* the record's tgid, where the kernel records it (0: none) */
	if (e->pid_off && kp_fmt_uint(r->data + e->pid_off, 4))
		tgid = (int)kp_fmt_uint(r->data + e->pid_off, 4);
	/* the uprobe's own hit places its file, should the process be gone */
	if (r->cpu >= 0 && r->cpu < f->nr_follow && f->hits[r->cpu].site &&
	    kp_ustack_hint(&f->ustack, tgid, f->hits[r->cpu].site->path, f->hits[r->cpu].site->off,
			   f->hits[r->cpu].addr))
		return -1;
	if (json ? kp_fmt_json_head(sb, "ustack", r, h) || kp_strbuf_puts(sb, ",\"ustack\":[")
		 : kp_fmt_text_head(sb, r, h) || kp_strbuf_puts(sb, "<user stack trace>\n"))
		return -1;
	for (off = e->ip_off; off + e->word <= r->size; off += e->word) {
		unsigned long long ip = kp_fmt_uint(r->data + off, e->word);
		struct kp_uframe fr;

		if (!ip)
			break;
		if (kp_ustack_name(&f->ustack, tgid, ip, &fr))
			return -1;
		if (json ? (off != e->ip_off && kp_strbuf_putc(sb, ',')) ||
				    kp_ustack_put_json(sb, &fr)
			 : kp_ustack_put_text(sb, &fr))
			return -1;
	}
	return json ? kp_strbuf_puts(sb, "]}\n") : 0;
}

int kp_fmt_follow(struct kp_format *f, int cpu, enum kp_fmt_follow what,
		  const struct kp_fmt_site *site, unsigned long long addr)
{
	if (!f->opts.stack && !f->opts.ustack)
		return 0;
	if (cpu < 0 || cpu >= 65536)
		return 0;
	if (cpu >= f->nr_follow) {
		int n = cpu < 64 ? 64 : cpu + 1;
		unsigned char *q = realloc(f->follow, (size_t)n);
		struct kp_fmt_hit *h;

		if (!q)
			return -1;
		memset(q + f->nr_follow, KP_FOLLOW_NONE, (size_t)(n - f->nr_follow));
		f->follow = q;
		h = realloc(f->hits, (size_t)n * sizeof(*h));
		if (!h)
			return -1;
		memset(h + f->nr_follow, 0, (size_t)(n - f->nr_follow) * sizeof(*h));
		f->hits = h;
		f->nr_follow = n;
	}
	f->follow[cpu] = (unsigned char)what;
	f->hits[cpu].site = site;
	f->hits[cpu].addr = addr;
	return 0;
}

/* An event has one stack of each kind: a second one is another event's */
#define SEEN_KERNEL 0x10
#define SEEN_USER   0x20

bool kp_fmt_stack_shown(struct kp_format *f, int cpu, bool user)
{
	unsigned int seen = user ? SEEN_USER : SEEN_KERNEL;
	enum kp_fmt_follow last = KP_FOLLOW_NONE;

	if (cpu >= 0 && cpu < f->nr_follow) {
		if (!(f->follow[cpu] & seen))
			last = f->follow[cpu] & 0xf;
		f->follow[cpu] |= seen;
	}
	switch (last) {
	case KP_FOLLOW_TASK:
		return false;
	case KP_FOLLOW_KERNEL:
		/* -s with uprobes too records user stacks after every event */
		return !user || f->opts.ustack;
	case KP_FOLLOW_USER:
		/* the uprobe dispatcher's kernel frames tell nothing */
		return user;
	default:
		return true;
	}
}
