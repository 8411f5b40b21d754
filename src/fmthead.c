// SPDX-License-Identifier: GPL-2.0-only
/*
 * The head of each line: a record's common fields read (its task's name
 * looked up, the flags as trace_print_lat_fmt() letters them, the time in
 * the kernel's or -T's form) and printed as the kernel's context columns or
 * as the start of a JSON object.
 */
#include <stdbool.h>
#include <string.h>

#include "fmtcore.h"
#include "json.h"

/* trace_entry.flags (kernel/trace/trace.h, enum trace_flag_type) */
#define TF_IRQS_OFF	   0x01
#define TF_IRQS_NOSUPPORT  0x02
#define TF_NEED_RESCHED	   0x04
#define TF_HARDIRQ	   0x08
#define TF_SOFTIRQ	   0x10
#define TF_PREEMPT_RESCHED 0x20
#define TF_NMI		   0x40
#define TF_BH_OFF	   0x80

static const char *comm_of(struct kp_format *f, int pid, char buf[KP_COMM_LEN])
{
	const char *c;

	if (!pid)
		return "<idle>";
	if (pid < 0)
		return "<XXX>";
	c = kp_comm_get(&f->comms, pid);
	if (c)
		return c;
	if (f->opts.comm_lookup && !f->opts.comm_lookup(f->opts.comm_ctx, pid, buf)) {
		buf[KP_COMM_LEN - 1] = '\0';
		if (!kp_comm_set(&f->comms, pid, buf))
			return kp_comm_get(&f->comms, pid);
		return buf;
	}
	return "<...>";
}

/* trace_print_lat_fmt(): irqs-off, need-resched, hard/softirq, preempt, migrate */
static void lat_flags(unsigned int flags, unsigned int pc, char out[6])
{
	bool nmi = flags & TF_NMI, hard = flags & TF_HARDIRQ, soft = flags & TF_SOFTIRQ;
	bool bh_off = flags & TF_BH_OFF, irqs_off = flags & TF_IRQS_OFF;
	static const char hex[] = "0123456789abcdef";

	out[0] = irqs_off && bh_off	       ? 'D'
		 : irqs_off		       ? 'd'
		 : bh_off		       ? 'b'
		 : (flags & TF_IRQS_NOSUPPORT) ? 'X'
					       : '.';
	switch (flags & (TF_NEED_RESCHED | TF_PREEMPT_RESCHED)) {
	case TF_NEED_RESCHED | TF_PREEMPT_RESCHED:
		out[1] = 'N';
		break;
	case TF_NEED_RESCHED:
		out[1] = 'n';
		break;
	case TF_PREEMPT_RESCHED:
		out[1] = 'p';
		break;
	default:
		out[1] = '.';
		break;
	}
	out[2] = nmi && hard ? 'Z' : nmi ? 'z' : hard && soft ? 'H' : hard ? 'h' : soft ? 's' : '.';
	out[3] = pc & 0xf ? hex[pc & 0xf] : '.';
	out[4] = pc & 0xf0 ? hex[pc >> 4] : '.';
	out[5] = '\0';
}

void kp_fmt_read_head(struct kp_format *f, const struct kp_record *r, struct rec_head *h,
		      char buf[KP_COMM_LEN])
{
	unsigned long long us = (r->ts + 500) / 1000; /* ns2usecs() rounds */

	h->pid = (int)kp_fmt_sint(r->data + 4, 4);
	h->comm = comm_of(f, h->pid, buf);
	lat_flags(r->data[2], r->data[3], h->flags);
	h->secs = (unsigned long)(us / 1000000);
	h->usecs = (unsigned long)(us % 1000000);
	h->when_len = 0;
	if (f->opts.clock && f->opts.clock->kind != KP_TIME_MONO)
		h->when_len = kp_clock_format(f->opts.clock, r->ts, f->opts.json, h->when);
}

/* trace_print_context(): "%16s-%-7d [%03d] FLAGS %5lu.%06lu: " without printf */
int kp_fmt_text_head(struct kp_strbuf *sb, const struct kp_record *r, const struct rec_head *h)
{
	char buf[128 + KP_CLOCK_TEXT_MAX], *p = buf, *end;
	size_t n = strlen(h->comm);
	char num[24];

	if (h->when_len && (n > 64 || h->pid < 0 || r->cpu < 0))
		return kp_strbuf_printf(sb, "%16s-%-7d [%03d] %s %s: ", h->comm, h->pid, r->cpu,
					h->flags, h->when);
	if (n > 64 || h->pid < 0 || r->cpu < 0)
		return kp_strbuf_printf(sb, "%16s-%-7d [%03d] %s %5lu.%06lu: ", h->comm, h->pid,
					r->cpu, h->flags, h->secs, h->usecs);
	if (n < 16) {
		memset(p, ' ', 16 - n);
		p += 16 - n;
	}
	memcpy(p, h->comm, n);
	p += n;
	*p++ = '-';
	end = kp_fmt_digits(num + sizeof(num), (unsigned int)h->pid, 10, 1);
	n = (size_t)(num + sizeof(num) - end);
	memcpy(p, end, n);
	p += n;
	while (n++ < 7)
		*p++ = ' ';
	*p++ = ' ';
	*p++ = '[';
	end = kp_fmt_digits(num + sizeof(num), (unsigned int)r->cpu, 10, 3);
	n = (size_t)(num + sizeof(num) - end);
	memcpy(p, end, n);
	p += n;
	memcpy(p, "] ", 2);
	p += 2;
	memcpy(p, h->flags, 5);
	p += 5;
	*p++ = ' ';
	if (h->when_len) {
		memcpy(p, h->when, h->when_len);
		p += h->when_len;
		memcpy(p, ": ", 2);
		p += 2;
		return kp_strbuf_add(sb, buf, (size_t)(p - buf));
	}
	end = kp_fmt_digits(num + sizeof(num), h->secs, 10, 1);
	n = (size_t)(num + sizeof(num) - end);
	for (; n < 5; n++)
		*p++ = ' ';
	n = (size_t)(num + sizeof(num) - end);
	memcpy(p, end, n);
	p += n;
	*p++ = '.';
	end = kp_fmt_digits(num + sizeof(num), h->usecs, 10, 6);
	memcpy(p, end, 6);
	p += 6;
	memcpy(p, ": ", 2);
	p += 2;
	return kp_strbuf_add(sb, buf, (size_t)(p - buf));
}

int kp_fmt_json_head(struct kp_strbuf *sb, const char *type, const struct kp_record *r,
		     const struct rec_head *h)
{
	if (kp_strbuf_puts(sb, "{\"type\":\"") || kp_strbuf_puts(sb, type) ||
	    kp_strbuf_puts(sb, "\",\"time\":"))
		return -1;
	if (h->when_len ? kp_strbuf_add(sb, h->when, h->when_len)
			: kp_fmt_num(sb, h->secs, 10, 1) || kp_strbuf_putc(sb, '.') ||
				  kp_fmt_num(sb, h->usecs, 10, 6))
		return -1;
	if (kp_strbuf_puts(sb, ",\"ts\":") || kp_fmt_num(sb, r->ts, 10, 1) ||
	    kp_strbuf_printf(sb, ",\"cpu\":%d,\"comm\":", r->cpu) ||
	    kp_json_string(sb, h->comm, strlen(h->comm)))
		return -1;
	return kp_strbuf_printf(sb, ",\"pid\":%d,\"flags\":\"%s\"", h->pid, h->flags);
}
