/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_FMTCORE_H
#define KPROBE_FMTCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "comm.h"
#include "fmtevent.h"
#include "fmthead.h"
#include "format.h"
#include "ksymsrc.h"
#include "ksymtab.h"
#include "ustack.h"

/*
 * The formatter's insides, shared by its files: format.c (event lines),
 * fmthead.c (the head of each line), fmtsym.c (kernel addresses named)
 * and fmtstack.c (kernel and user stacks). Nothing else includes this.
 */

/* What the last record on a CPU was, for the stack records that follow it */
enum kp_fmt_follow {
	KP_FOLLOW_NONE,	  /* nothing seen yet: a stack is printed */
	KP_FOLLOW_TASK,	  /* a task event, read silently: so are its stacks */
	KP_FOLLOW_KERNEL, /* a kernel probe's event */
	KP_FOLLOW_USER,	  /* a uprobe's event */
};

struct kp_format {
	struct kp_format_opts opts;
	struct kp_fevs evs;
	struct kp_ksymtab *syms;
	struct kp_ksymsrc src; /* where syms come from, when read on first need */
	unsigned long long kretprobe_tramp[2];
	int *user_ids; /* events whose addresses are a process's (uprobes) */
	int nr_user_ids;
	/* each one's probed file and offset in it, or NULL */
	struct kp_fmt_site {
		char *path;
		unsigned long long off;
	} * user_sites;
	struct kp_comm_table comms;
	struct kp_strbuf scratch;
	struct kp_ustack ustack; /* names user stack frames */
	/*
	 * With the instance's stacktrace or userstacktrace option the kernel
	 * follows every event, task events too, with its stack records on
	 * the same CPU: an enum kp_fmt_follow per CPU says whose they are
	 */
	unsigned char *follow;
	int nr_follow;
	/* per CPU: the last uprobe's hit, where its user stack puts the file */
	struct kp_fmt_hit {
		const struct kp_fmt_site *site; /* NULL: none */
		unsigned long long addr;
	} * hits;
	/* the kernel's trace_seq as the record being printed fills it */
	struct {
		size_t start, size, cut;
		bool full;
	} seq;
};

/* A record's field of @size bytes (1, 2, 4 or 8) at @p, as unsigned or signed */
static inline unsigned long long kp_fmt_uint(const unsigned char *p, unsigned int size)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		memcpy(&v8, p, 1);
		return v8;
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	default:
		memcpy(&v64, p, 8);
		return v64;
	}
}

static inline long long kp_fmt_sint(const unsigned char *p, unsigned int size)
{
	unsigned long long v = kp_fmt_uint(p, size);
	unsigned int shift = 64 - size * 8;

	return shift ? (long long)(v << shift) >> shift : (long long)v;
}

/*
 * Number formatting without printf, on the path of every event: @v in
 * @base, at least @width digits (zero-padded), written backwards from @end.
 * Returns the first character.
 */
static inline char *kp_fmt_digits(char *end, unsigned long long v, unsigned int base, int width)
{
	static const char hex[] = "0123456789abcdef";
	char *p = end;

	do {
		*--p = hex[v % base];
		v /= base;
	} while (v || end - p < width);
	return p;
}

static inline int kp_fmt_num(struct kp_strbuf *sb, unsigned long long v, unsigned int base,
			     int width)
{
	char buf[32], *p = kp_fmt_digits(buf + sizeof(buf), v, base, width);

	return kp_strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

/* "0x" and lower-case hex, as the kernel's %#lx prints (also "0x0") */
static inline int kp_fmt_hex(struct kp_strbuf *sb, unsigned long long v)
{
	return kp_strbuf_add(sb, "0x", 2) || kp_fmt_num(sb, v, 16, 1);
}

/**
 * kp_fmt_user_addr - is an address of a record a process's rather than the kernel's? (format.c)
 * @f: the formatter
 * @e: the record's event
 * @addr: the address
 *
 * A 64-bit kernel's addresses have the top bit set; on a 32-bit kernel the
 * event decides (a uprobe's are the process's).
 */
bool kp_fmt_user_addr(const struct kp_format *f, const struct kp_fev *e, unsigned long long addr);

/**
 * kp_fmt_seq_write - the kernel's trace_seq limit, after one write of the record's text
 * @f: the formatter, printing a record
 * @sb: the record's text so far
 * @before: where the write began in @sb
 * @putc: the write was one character (seq_buf_putc()), not a string
 *
 * Marks the record's text full, to be cut at @before, when the write
 * would not have fitted the kernel's buffer (format.c).
 */
void kp_fmt_seq_write(struct kp_format *f, const struct kp_strbuf *sb, size_t before, bool putc);

/**
 * kp_fmt_ip_sym - the kernel's seq_print_ip_sym() for a kernel address (fmtsym.c)
 * @f: the formatter, whose symbols are read now if they are read on first need
 * @sb: where to
 * @ip: the address; 0 prints "0", the kretprobe trampoline the kernel's marker
 * @offset: "sym+0xoff/0xsize [mod]" (sprint_symbol()); else the bare name
 *
 * An address in no symbol prints as hex. Returns 0, or -1 with errno ENOMEM.
 */
int kp_fmt_ip_sym(struct kp_format *f, struct kp_strbuf *sb, unsigned long long ip, bool offset);

/**
 * kp_fmt_json_addr - an address as a JSON member, named as kp_fmt_ip_sym() names it (fmtsym.c)
 * @f: the formatter
 * @sb: where to
 * @key: the member's name: ,"KEY": comes first; NULL: the bare string (an array's element)
 * @addr: the address
 * @offset: as kp_fmt_ip_sym()'s
 * @user: @addr is a process's (kp_fmt_user_addr()): "0xHEX", unnamed
 *
 * Returns 0, or -1 with errno ENOMEM.
 */
int kp_fmt_json_addr(struct kp_format *f, struct kp_strbuf *sb, const char *key,
		     unsigned long long addr, bool offset, bool user);

/**
 * kp_fmt_sym_arg - a %pS argument's value, as the kernel prints it (fmtsym.c)
 * @f: the formatter
 * @sb: where to
 * @v: the value: any address, data too
 * @json: a JSON string of the same text
 *
 * Returns 0, or -1 with errno ENOMEM.
 */
int kp_fmt_sym_arg(struct kp_format *f, struct kp_strbuf *sb, unsigned long long v, bool json);

/* fmtstack.c: a kernel stack record (ftrace/kernel_stack) */
int kp_fmt_stack(struct kp_format *f, const struct kp_fev *e, const struct kp_record *r,
		 const struct rec_head *h, struct kp_strbuf *sb);

/* fmtstack.c: a user stack record (ftrace/user_stack), its frames named */
int kp_fmt_ustack(struct kp_format *f, const struct kp_fev *e, const struct kp_record *r,
		  const struct rec_head *h, struct kp_strbuf *sb);

/*
 * fmtstack.c: the last record on @cpu was @what; a uprobe's hit at @addr
 * of @site (or NULL); 0 or -1 with errno ENOMEM
 */
int kp_fmt_follow(struct kp_format *f, int cpu, enum kp_fmt_follow what,
		  const struct kp_fmt_site *site, unsigned long long addr);

/* fmtstack.c: is a stack record on @cpu (a user one: @user) to be printed? */
bool kp_fmt_stack_shown(struct kp_format *f, int cpu, bool user);

#endif
