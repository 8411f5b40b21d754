/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_OUTPUT_H
#define KPROBE_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct kp_tail;
#include "strbuf.h"

/*
 * Where events go: standard output or the -o file. Every reader hands its
 * text here, and this is where it is counted and written.
 *
 * The event limit (-n) lives here, for every reader: once @limit events
 * are admitted the output is full, and a reader stops waiting for more;
 * what still belongs to the last event (its stack) passes, and the first
 * event past the limit is dropped and makes the output done, where a
 * reader stops altogether.
 *
 * A write that would block waits until the descriptor takes more (a
 * non-blocking standard output is the caller's too); a write error is
 * reported here, once, naming the output. Nothing is dropped before it
 * is written, but on such an error.
 */
struct kp_output {
	int fd;
	const char *name;	   /* the -o file; NULL: standard output */
	bool closed;		   /* the reader went away (EPIPE) */
	bool done;		   /* an event past @limit came: write nothing more */
	bool failed;		   /* a write failed, and was reported */
	unsigned long long limit;  /* -n; 0: none */
	unsigned long long events; /* events admitted */
	unsigned long long lost;   /* sum of the loss notices handed over */
	/* a write that waits gives up once *@stop reaches @stop_at */
	const volatile sig_atomic_t *stop;
	int stop_at;
	/* records queued by kp_output_record(), not yet written */
	struct kp_strbuf batch;
	/* the flight recorder's selection: records go there first (tail.h) */
	struct kp_tail *tail;
};

/* What a record is, for counting */
enum kp_output_kind {
	KP_OUT_EVENT, /* an event line (or JSON object) */
	KP_OUT_MORE,  /* more of the last event: its stack */
	KP_OUT_LOST,  /* a loss notice */
};

/**
 * kp_output_open - create or truncate the -o file, as a shell's '>' would
 * @path: the file
 *
 * Returns a descriptor (close-on-exec) or -1 after saying why, naming
 * @path.
 */
int kp_output_open(const char *path);

/**
 * kp_output_init - start writing to @fd
 * @o: the output
 * @fd: a file descriptor, not owned
 * @name: the file's name for messages, or NULL for standard output; not
 *	  copied, must outlive @o
 */
void kp_output_init(struct kp_output *o, int fd, const char *name);

/**
 * kp_output_set_limit - stop after @limit events (-n)
 * @o: the output
 * @limit: events; 0: no limit
 */
void kp_output_set_limit(struct kp_output *o, unsigned long long limit);

/**
 * kp_output_set_stop - let a signal end a write that waits
 * @o: the output
 * @stop: raised by a signal
 * @stop_at: the value that ends the wait (the second Ctrl-C, a signal that kills)
 *
 * A write that blocks, or waits for a non-blocking descriptor to take
 * more, is given up once *@stop reaches @stop_at: then @o->closed is set,
 * as if the reader had gone, and nothing more is written.
 */
void kp_output_set_stop(struct kp_output *o, const volatile sig_atomic_t *stop, int stop_at);

/**
 * kp_output_admit_event - count one event about to be written
 * @o: the output
 *
 * Every reader asks this before it writes an event. Returns true, with
 * the event counted, or false when the limit was already reached: then
 * @o->done is set and the event must not be written.
 */
bool kp_output_admit_event(struct kp_output *o);

/**
 * kp_output_full - have the -n events been written?
 * @o: the output
 *
 * A reader stops waiting for new events once this is true, but still
 * hands over what it has already read, until @o->done.
 */
static inline bool kp_output_full(const struct kp_output *o)
{
	return o->limit && o->events >= o->limit;
}

/**
 * kp_output_write - write @len bytes now, as they are, counting nothing
 * @o: the output
 * @buf: the bytes (headers, formats, or text a reader has counted)
 * @len: how many
 *
 * Waits while the descriptor would block. Returns 0, or -1 with errno
 * set: on EPIPE @o->closed is set (and nothing is said), on any other
 * error @o->failed is set after the error is printed, naming the output.
 * After either, nothing more is written.
 */
int kp_output_write(struct kp_output *o, const char *buf, size_t len);

/**
 * kp_output_record - queue the text of one record formatted by the caller
 * @o: the output
 * @kind: what it is; events are counted (and past the -n limit dropped,
 *	  which makes the output done), losses summed into @o->lost
 * @text: whole lines
 * @len: their length
 * @lost: for KP_OUT_LOST, the count (0: unknown)
 *
 * Nothing reaches the descriptor before kp_output_flush(), unless the
 * queue grows past 64 KiB. Returns 0, or -1 with errno set (ENOMEM, or a
 * write error as for kp_output_write()).
 */
int kp_output_record(struct kp_output *o, enum kp_output_kind kind, const char *text, size_t len,
		     unsigned long long lost);

/**
 * kp_output_flush - write what kp_output_record() queued
 * @o: the output
 *
 * Called at the end of every drain of the ring buffer, so that a reader
 * at the end of a pipe sees each event promptly. What could not be
 * written stays queued. Returns 0, or -1 with errno set as for
 * kp_output_write().
 */
int kp_output_flush(struct kp_output *o);

/**
 * kp_output_select - hand every record to a selection before it is written
 * @o: the output
 * @t: initialised with kp_tail_init() here: what it selects is counted and
 *     queued as kp_output_record() would
 * @last: as for kp_tail_init()
 * @is_mark: as for kp_tail_init()
 * @mark_ctx: for @is_mark
 *
 * Until kp_output_select_end(), kp_output_record() adds to @t.
 */
void kp_output_select(struct kp_output *o, struct kp_tail *t, unsigned long long last,
		      bool (*is_mark)(void *ctx, const char *text, size_t len), void *mark_ctx);

/**
 * kp_output_select_end - write what the selection kept, and stop selecting
 * @o: the output
 *
 * Returns 0, or -1 with errno set as for kp_output_write().
 */
int kp_output_select_end(struct kp_output *o);

/**
 * kp_output_destroy - free the queue; what was not flushed is dropped
 * @o: the output
 */
void kp_output_destroy(struct kp_output *o);

#endif
