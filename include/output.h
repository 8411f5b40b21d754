/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_OUTPUT_H
#define KPROBE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#define KP_OUTPUT_HEAD 128

/*
 * Where formatted event text goes. Text is written through unbuffered, so
 * a reader at the end of a pipe sees each event as soon as it is read;
 * whole lines are classified on the way to count events.
 *
 * The event limit (-n) lives here, for every reader: once @limit events
 * are written the output is full, and a reader stops waiting for more;
 * lines that still belong to the last event (its stack) pass, and the
 * first event past the limit is dropped and makes the output done, where
 * a reader stops altogether.
 */
struct kp_output {
	int fd;
	bool skip_comments;	   /* drop lines starting with '#' */
	bool closed;		   /* the reader went away (EPIPE) */
	bool done;		   /* an event past @limit came: write nothing more */
	unsigned long long limit;  /* -n; 0: none */
	unsigned long long events; /* event lines written */
	unsigned long long lost;   /* sum of "CPU:N [LOST M EVENTS]" lines */
	/* the line being written */
	bool mid_line;
	bool dropping;
	bool holding; /* output full: the line waits in @head until it is known */
	bool counted; /* the line has been classified */
	size_t head_len;
	char head[KP_OUTPUT_HEAD];
	/* records formatted by us, not yet written */
	char *batch;
	size_t batch_len, batch_cap;
};

/* What a formatted record is, for counting */
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
 * @skip_comments: drop '#' lines (the headers of the trace file)
 */
void kp_output_init(struct kp_output *o, int fd, bool skip_comments);

/**
 * kp_output_set_limit - stop after @limit events (-n)
 * @o: the output
 * @limit: events; 0: no limit
 */
void kp_output_set_limit(struct kp_output *o, unsigned long long limit);

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
 * kp_output_write - write event text
 * @o: the output
 * @buf: text: any number of lines, the last one possibly incomplete
 * @len: its length
 *
 * Once the output is done, the rest of @buf is dropped. Returns 0, or -1
 * with errno set; on EPIPE @o->closed is set too.
 */
int kp_output_write(struct kp_output *o, const char *buf, size_t len);

/**
 * kp_output_finish - account for a last line that had no newline
 * @o: the output
 */
void kp_output_finish(struct kp_output *o);

/**
 * kp_output_record - queue the text of one record formatted by the caller
 * @o: the output
 * @kind: what it is; events are counted (and past the -n limit dropped,
 *	  which makes the output done), losses summed into @o->lost
 * @text: whole lines
 * @len: their length
 * @lost: for KP_OUT_LOST, the count (0: unknown)
 *
 * Nothing reaches the descriptor before kp_output_flush(), unless a batch
 * grows past 64 KiB. Returns 0, or -1 with errno set (ENOMEM, or a write
 * error; on EPIPE @o->closed is set too).
 */
int kp_output_record(struct kp_output *o, enum kp_output_kind kind, const char *text, size_t len,
		     unsigned long long lost);

/**
 * kp_output_flush - write what kp_output_record() queued
 * @o: the output
 *
 * Called at the end of every drain of the ring buffer, so that a reader
 * at the end of a pipe sees each event promptly. Returns 0, or -1 with
 * errno set; on EPIPE @o->closed is set too.
 */
int kp_output_flush(struct kp_output *o);

/**
 * kp_output_destroy - free the queue; what was not flushed is dropped
 * @o: the output
 */
void kp_output_destroy(struct kp_output *o);

#endif
