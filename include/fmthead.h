/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_FMTHEAD_H
#define KPROBE_FMTHEAD_H

#include <stddef.h>

#include "clock.h"
#include "comm.h"
#include "record.h"
#include "strbuf.h"

/*
 * The head of each line the formatter prints: the record's common fields
 * (pid, flags, preempt count), its task's name and its time (-T's kinds
 * too), as trace_pipe's context columns or as the first members of a JSON
 * object. Part of the formatter's insides (fmtcore.h).
 */

struct kp_format;

/* A record's common fields, as its line shows them */
struct rec_head {
	int pid;
	const char *comm;
	char flags[6];
	unsigned long secs, usecs;
	size_t when_len; /* -T: @when replaces SECS.USECS; 0: the kernel's */
	char when[KP_CLOCK_TEXT_MAX];
};

/**
 * kp_fmt_read_head - read a record's common fields
 * @f: the formatter, whose table of names (or comm_lookup) names the task
 *     and whose -T clock gives the time
 * @r: the record, at least KP_COMMON_SIZE bytes
 * @h: filled in
 * @buf: room for a name comm_lookup found but the table could not keep
 *
 * @h->comm points into @buf, @f's table of names or a constant ("<...>"):
 * nothing to free, valid until the formatter's next record.
 */
void kp_fmt_read_head(struct kp_format *f, const struct kp_record *r, struct rec_head *h,
		      char buf[KP_COMM_LEN]);

/**
 * kp_fmt_text_head - append trace_print_context()'s columns
 * @sb: where to
 * @r: the record (its CPU)
 * @h: its fields, from kp_fmt_read_head()
 *
 * "%16s-%-7d [%03d] FLAGS %5lu.%06lu: ", or -T's time in place of the
 * seconds. Returns 0, or -1 with errno ENOMEM (@sb may hold part of it).
 */
int kp_fmt_text_head(struct kp_strbuf *sb, const struct kp_record *r, const struct rec_head *h);

/**
 * kp_fmt_json_head - append the start of a record's JSON object
 * @sb: where to
 * @type: its "type" ("event", "stack", "ustack")
 * @r: the record (its timestamp and CPU)
 * @h: its fields, from kp_fmt_read_head()
 *
 * {"type":TYPE,"time":...,"ts":...,"cpu":...,"comm":...,"pid":...,"flags":...
 * and no closing brace: the caller adds its members and closes it.
 * Returns 0, or -1 with errno ENOMEM (@sb may hold part of it).
 */
int kp_fmt_json_head(struct kp_strbuf *sb, const char *type, const struct kp_record *r,
		     const struct rec_head *h);

#endif
