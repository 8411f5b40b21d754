/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_RING_H
#define KPROBE_RING_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"

/*
 * The kernel's ring buffer as trace_pipe_raw hands it out: whole
 * sub-buffers, each a page header (timestamp, commit) followed by events.
 * Pure code: it parses bytes it is given, trusts none of them, and never
 * reads past what it was given.
 */

/* Where the fields of a sub-buffer header are, from events/header_page */
struct kp_ring_layout {
	unsigned int ts_offset, ts_size;	 /* u64 timestamp */
	unsigned int commit_offset, commit_size; /* local_t commit: data bytes and flags */
	unsigned int data_offset, data_size;	 /* the events */
};

/**
 * kp_ring_layout_parse - read the sub-buffer layout from tracefs text
 * @header_page: events/header_page
 * @header_event: events/header_event
 * @l: filled in
 *
 * The event header must be the one this parser knows: a 5-bit type_len
 * and a 27-bit time delta, types 29 to 31 for padding, time extend and
 * absolute time stamp, data up to type_len 28.
 * Returns 0, or -1 (errno EPROTO) if either file says something else.
 */
int kp_ring_layout_parse(const char *header_page, const char *header_event,
			 struct kp_ring_layout *l);

/* One sub-buffer being walked */
struct kp_subbuf {
	const unsigned char *data; /* the events */
	size_t len;		   /* bytes of events, from the commit field */
	size_t off;		   /* next event */
	unsigned long long ts;	   /* time stamp reached so far */
	/* the kernel dropped events on this CPU before this sub-buffer */
	bool missed;
	unsigned long long missed_count; /* how many; 0 if it did not say */
	int cpu;
};

/**
 * kp_subbuf_open - start walking a sub-buffer read from trace_pipe_raw
 * @sb: the walk
 * @l: the layout
 * @buf: the sub-buffer, @size bytes; must stay valid during the walk
 * @size: bytes read
 * @cpu: the CPU it came from
 *
 * Returns 0, or -1 (errno EBADMSG) if the header does not fit in @size.
 */
int kp_subbuf_open(struct kp_subbuf *sb, const struct kp_ring_layout *l, const void *buf,
		   size_t size, int cpu);

/**
 * kp_subbuf_next - the next data record of a sub-buffer
 * @sb: the walk
 * @r: filled in: time stamp, data (pointing into the sub-buffer), size, cpu
 *
 * Padding, discarded events and time stamp events are stepped over.
 * Returns 1 with a record, 0 at the end, or -1 (errno EBADMSG) when an
 * event runs past the end; the walk then stays at its end.
 */
int kp_subbuf_next(struct kp_subbuf *sb, struct kp_record *r);

#endif
