/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_FMTCORE_H
#define KPROBE_FMTCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "comm.h"
#include "fmtevent.h"
#include "format.h"
#include "ksymsrc.h"
#include "ksymtab.h"
#include "ustack.h"

/*
 * The formatter's insides, shared by its files: format.c (event lines)
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

/* A record's common fields, as its line shows them */
struct rec_head {
	int pid;
	const char *comm;
	char flags[6];
	unsigned long secs, usecs;
	size_t when_len; /* -T: @when replaces SECS.USECS; 0: the kernel's */
	char when[KP_CLOCK_TEXT_MAX];
};

/* trace_print_context(): "%16s-%-7d [%03d] FLAGS %5lu.%06lu: " */
int kp_fmt_text_head(struct kp_strbuf *sb, const struct kp_record *r, const struct rec_head *h);

/* {"type":"TYPE","time":...,"pid":...,"flags":"..." (not closed) */
int kp_fmt_json_head(struct kp_strbuf *sb, const char *type, const struct kp_record *r,
		     const struct rec_head *h);

/* The kernel's trace_seq limit: called after each write, which began at @before */
void kp_fmt_seq_write(struct kp_format *f, const struct kp_strbuf *sb, size_t before, bool putc);

/*
 * ,"KEY":"the kernel's name of ADDR" (@user: "0xADDR"); no key and no comma
 * when @key is NULL
 */
int kp_fmt_json_addr(struct kp_format *f, struct kp_strbuf *sb, const char *key,
		     unsigned long long addr, bool offset, bool user);

/* Is @addr, of a record of @e, a process's rather than the kernel's? */
bool kp_fmt_user_addr(const struct kp_format *f, const struct kp_fev *e, unsigned long long addr);

/* The kernel's seq_print_ip_sym() for a kernel address */
int kp_fmt_ip_sym(struct kp_format *f, struct kp_strbuf *sb, unsigned long long ip, bool offset);

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
