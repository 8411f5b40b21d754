// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sub-buffers of the kernel's ring buffer, as trace_pipe_raw hands them
 * out. Our own parser rather than libtraceevent's kbuffer: kbuffer trusts
 * the lengths it reads (a corrupt event length walks it off the page) and
 * adds the time delta of padding events, which the kernel's own reader
 * ignores (rb_update_read_stamp()), so its time stamps can differ from
 * the ones trace_pipe prints.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"

/* The event header, from events/header_event (the same on 6.1 and 6.12) */
#define TYPE_LEN_BITS	5
#define TS_SHIFT	27
#define TYPE_DATA_MAX	28
#define TYPE_PADDING	29
#define TYPE_TIME_EXT	30
#define TYPE_TIME_STAMP 31
/* Flags in the commit field of a sub-buffer read out by trace_pipe_raw */
#define MISSED_EVENTS	(1ULL << 31)
#define MISSED_STORED	(1ULL << 30)
#define COMMIT_MASK	((1ULL << 30) - 1)
/* The bits of an absolute time stamp the event does not carry */
#define TS_MSB		(0x1fULL << 59)

/* "field: TYPE NAME;\toffset:N;\tsize:N;" for NAME in one header_page line */
static int layout_field(const char *text, const char *name, unsigned int *offset,
			unsigned int *size)
{
	size_t nlen = strlen(name);
	const char *line;

	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *semi = strchr(line, ';');
		const char *end = strchr(line, '\n');
		const char *o, *s;
		char *e;

		if (!semi || (end && semi > end) || !strstr(line, "field:"))
			continue;
		if ((size_t)(semi - line) < nlen + 1 || memcmp(semi - nlen, name, nlen) ||
		    (semi[-(long)nlen - 1] != ' ' && semi[-(long)nlen - 1] != '\t'))
			continue;
		o = strstr(semi, "offset:");
		s = strstr(semi, "size:");
		if (!o || !s || (end && (o > end || s > end)))
			return -1;
		*offset = strtoul(o + 7, &e, 10);
		if (e == o + 7)
			return -1;
		*size = strtoul(s + 5, &e, 10);
		if (e == s + 5)
			return -1;
		return 0;
	}
	return -1;
}

/* Does @text contain @want, with every run of blanks taken as one space? */
static bool has_words(const char *text, const char *want)
{
	const char *t;

	for (t = text; *t; t++) {
		const char *a = t, *b = want;

		while (*b) {
			if (*b == ' ') {
				if (*a != ' ' && *a != '\t')
					break;
				while (*a == ' ' || *a == '\t')
					a++;
				b++;
			} else if (*a == *b) {
				a++;
				b++;
			} else {
				break;
			}
		}
		if (!*b)
			return true;
	}
	return false;
}

int kp_ring_layout_parse(const char *header_page, const char *header_event,
			 struct kp_ring_layout *l)
{
	static const char *const event_header[] = {
		"type_len : 5 bits",	    "time_delta : 27 bits",    "padding : type == 29",
		"time_extend : type == 30", "time_stamp : type == 31", "data max type_len == 28",
	};
	size_t i;

	memset(l, 0, sizeof(*l));
	if (!header_page || !header_event ||
	    layout_field(header_page, "timestamp", &l->ts_offset, &l->ts_size) ||
	    layout_field(header_page, "commit", &l->commit_offset, &l->commit_size) ||
	    layout_field(header_page, "data", &l->data_offset, &l->data_size))
		goto bad;
	if (l->ts_size != 8 || (l->commit_size != 4 && l->commit_size != 8) || l->ts_offset > 64 ||
	    l->commit_offset > 64 || l->data_offset > 64 ||
	    l->ts_offset + l->ts_size > l->data_offset ||
	    l->commit_offset + l->commit_size > l->data_offset || !l->data_size ||
	    l->data_size > (1U << 24))
		goto bad;
	for (i = 0; i < sizeof(event_header) / sizeof(event_header[0]); i++)
		if (!has_words(header_event, event_header[i]))
			goto bad;
	return 0;
bad:
	errno = EPROTO;
	return -1;
}

static unsigned long long load(const unsigned char *p, unsigned int size)
{
	uint32_t v32;
	uint64_t v64;

	if (size == 4) {
		memcpy(&v32, p, 4);
		return v32;
	}
	memcpy(&v64, p, 8);
	return v64;
}

int kp_subbuf_open(struct kp_subbuf *sb, const struct kp_ring_layout *l, const void *buf,
		   size_t size, int cpu)
{
	const unsigned char *page = buf;
	unsigned long long commit;
	size_t room;

	memset(sb, 0, sizeof(*sb));
	sb->cpu = cpu;
	if (!buf || size < l->data_offset)
		goto bad;
	sb->ts = load(page + l->ts_offset, 8);
	commit = load(page + l->commit_offset, l->commit_size);
	room = size - l->data_offset;
	if (room > l->data_size)
		room = l->data_size;
	sb->data = page + l->data_offset;
	sb->len = commit & COMMIT_MASK;
	if (sb->len > room) {
		sb->len = 0;
		goto bad;
	}
	if (commit & MISSED_EVENTS) {
		sb->missed = true;
		/* the count, when the kernel had room for it, follows the events */
		if ((commit & MISSED_STORED) && room - sb->len >= l->commit_size)
			sb->missed_count = load(sb->data + sb->len, l->commit_size);
	}
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

/* An absolute time stamp carries 59 bits; the top ones come from @prev */
static unsigned long long fix_abs_ts(unsigned long long abs, unsigned long long prev)
{
	if (prev & TS_MSB) {
		abs |= prev & TS_MSB;
		if (abs < prev)
			abs += 1ULL << 59;
	}
	return abs;
}

int kp_subbuf_next(struct kp_subbuf *sb, struct kp_record *r)
{
	while (sb->off < sb->len) {
		const unsigned char *ev = sb->data + sb->off;
		size_t left = sb->len - sb->off;
		unsigned int hdr, type_len, delta, arg = 0;
		size_t total;

		if (left < 4)
			goto bad;
		hdr = (unsigned int)load(ev, 4);
		type_len = hdr & ((1U << TYPE_LEN_BITS) - 1);
		delta = hdr >> TYPE_LEN_BITS;
		if (type_len == TYPE_PADDING && !delta) {
			/* a null event: nothing more on this sub-buffer */
			sb->off = sb->len;
			return 0;
		}
		if (type_len == 0 || type_len > TYPE_DATA_MAX) {
			if (left < 8)
				goto bad;
			arg = (unsigned int)load(ev + 4, 4);
		}
		switch (type_len) {
		case TYPE_PADDING: /* padding or a discarded event: its delta does not count */
			/* (left - 4, not arg + 4: that wraps where size_t is 32 bits) */
			if (arg < 4 || arg > left - 4)
				goto bad;
			sb->off += (size_t)arg + 4;
			continue;
		case TYPE_TIME_EXT:
			sb->ts += ((unsigned long long)arg << TS_SHIFT) + delta;
			sb->off += 8;
			continue;
		case TYPE_TIME_STAMP:
			sb->ts = fix_abs_ts(((unsigned long long)arg << TS_SHIFT) | delta, sb->ts);
			sb->off += 8;
			continue;
		case 0: /* a long event: its length (which counts itself) comes first */
			if (arg < 4 || arg > left - 4)
				goto bad;
			r->data = ev + 8;
			r->size = arg - 4;
			total = (size_t)arg + 4;
			break;
		default:
			total = 4 + (size_t)type_len * 4;
			if (total > left)
				goto bad;
			r->data = ev + 4;
			r->size = type_len * 4;
			break;
		}
		sb->ts += delta;
		sb->off += total;
		r->ts = sb->ts;
		r->cpu = sb->cpu;
		return 1;
	}
	return 0;
bad:
	sb->off = sb->len;
	errno = EBADMSG;
	return -1;
}
