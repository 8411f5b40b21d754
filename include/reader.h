/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_READER_H
#define KPROBE_READER_H

#include <signal.h>
#include <stdbool.h>

#include "output.h"
#include "textout.h"
#include "ustackseen.h"

struct kp_reader;

/* What a reader lost or skipped, beyond the kernel's own loss counters */
struct kp_reader_loss {
	unsigned long long unread;  /* left in the ring buffer after a complete drain */
	unsigned long long corrupt; /* sub-buffers cut short by a corrupt event */
	unsigned long long unknown; /* records that could not be printed */
	/* a reader of the kernel's counts (an aggregate), not of its events: */
	bool counts;		    /* the closing line says what was counted */
	unsigned long long counted; /* events the kernel counted */
	unsigned long long dropped; /* events its full tables could not count */
};

/*
 * A way of getting the session's events to the output. A run calls, in
 * order: stream (live runs only) until its stop flag rises, then, with
 * tracing off, drain, once; then report and close. Each one says what
 * went wrong itself (a write error: the output does), so a caller only
 * passes -1 on. A reader with nothing to show while tracing (a kernel
 * aggregation, a buffer kept until a trigger fires) streams by waiting
 * for the stop, and prints its result in the drain. Once the run's
 * missed calls are counted, summary (if any) writes its own last words.
 */
struct kp_reader_ops {
	const char *name;
	/*
	 * Copy events to @out as they come, until *@stop is raised, the
	 * output is full (-n) or its reader goes away. 0, or -1 on error.
	 */
	int (*stream)(struct kp_reader *r, struct kp_output *out,
		      const volatile sig_atomic_t *stop);
	/*
	 * Copy what is buffered now to @out; ends early once *@stop reaches
	 * @stop_at, or the output is closed or done. 0, or -1 on error.
	 */
	int (*drain)(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop,
		     int stop_at);
	/* After the drain: what was lost or skipped, into a zeroed @loss */
	void (*report)(struct kp_reader *r, struct kp_reader_loss *loss);
	/*
	 * Optional, after the report: a summary of @missed calls and what the
	 * reader counted, on @out (an aggregate's JSON). 0, or -1 on error.
	 */
	int (*summary)(struct kp_reader *r, struct kp_output *out, unsigned long long missed);
	/* Optional: tell @seen of each event and user stack read (ustackseen.h) */
	void (*watch_ustacks)(struct kp_reader *r, struct kp_ustack_seen *seen);
	/* Free everything */
	void (*close)(struct kp_reader *r);
};

struct kp_reader {
	const struct kp_reader_ops *ops; /* NULL: no reader open */
	void *priv;			 /* the implementation's, freed by close */
	bool with_headers;		 /* a drain starts with the kernel's column headers */
	bool timed; /* -d streams too, to its end: the reader prints while it waits (-i) */
};

/* Opens a file of the session's instance for the text reader: see kp_session_open() */
typedef int (*kp_reader_open_fn)(void *ctx, const char *file);

/**
 * kp_reader_text_open - read the kernel's text of the events
 * @r: the reader
 * @buffered: read "trace" once tracing is off (-d); else stream "trace_pipe"
 * @skip_comments: drop '#' lines (the trace file's headers)
 * @open_file: opens "trace_pipe" (non-blocking) now, or "trace" at the drain
 * @ctx: for @open_file
 *
 * Returns 0, or -1 after @open_file said why, or on allocation failure (said).
 */
int kp_reader_text_open(struct kp_reader *r, bool buffered, bool skip_comments,
			kp_reader_open_fn open_file, void *ctx);

/**
 * kp_reader_text_init - stream the text on @fd (trace_pipe, or a test's pipe)
 * @r: the reader
 * @fd: a non-blocking descriptor; the reader owns and closes it
 * @skip_comments: drop '#' lines
 *
 * Returns 0, or -1 on allocation failure (said; @fd is closed).
 */
int kp_reader_text_init(struct kp_reader *r, int fd, bool skip_comments);

/**
 * kp_reader_stream - copy events to @out as they come
 * @r: an open reader
 * @out: where events go
 * @stop: raised by a signal to end the wait
 *
 * Returns 0 when @stop is raised, the source ends, the output is full (-n)
 * or its reader goes away (@out->closed); -1 on a read or write error,
 * after saying what failed.
 */
int kp_reader_stream(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop);

/**
 * kp_reader_drain - copy whatever is buffered now to @out
 * @r: an open reader
 * @out: where events go
 * @stop: drain ends early once it reaches @stop_at
 * @stop_at: the value of @stop that ends it
 *
 * Returns 0 at end of data, early stop, or an output that is closed or
 * done (an event past -n came); -1 on error, after saying what failed.
 */
int kp_reader_drain(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop,
		    int stop_at);

/**
 * kp_reader_report - after the drain, warn about what was lost or skipped
 * @r: an open reader
 * @loss: filled in: @loss->unread is to be counted as lost on top of the
 *        kernel's counters; an aggregate's says what it counted
 *
 * Records are never skipped silently: each kind of loss is a warning.
 */
void kp_reader_report(struct kp_reader *r, struct kp_reader_loss *loss);

/**
 * kp_reader_summary - the reader's own last words, once missed calls are counted
 * @r: an open reader, reported
 * @out: where a summary goes (an aggregate's with --json)
 * @missed: the run's missed calls
 *
 * Returns 0 (also for a reader with nothing to add), or -1 after saying why.
 */
int kp_reader_summary(struct kp_reader *r, struct kp_output *out, unsigned long long missed);

/**
 * kp_reader_wait - sleep for @secs, or until *@stop is raised
 * @secs: how long; a signal handled by a handler that raises *@stop ends it
 * @stop: the run's stop flag
 *
 * Signals are taken only while asleep, so none that raises *@stop is
 * missed between the test and the sleep.
 */
void kp_reader_wait(double secs, const volatile sig_atomic_t *stop);

/* Called by the readers' waits every few milliseconds; returns 0, or -1 after saying why */
typedef int (*kp_reader_tick_fn)(void *ctx);

/**
 * kp_reader_set_tick - have every wait of every reader call @fn every @ms
 * @fn: the hook (--cgroup's look for tasks that joined), or NULL: none
 * @ctx: for @fn
 * @ms: how often, in milliseconds; 1 or more
 *
 * The stream, the waits of readers that stream by waiting, and
 * kp_reader_wait() wake at least that often to call it. A hook that fails
 * is not called again.
 */
void kp_reader_set_tick(kp_reader_tick_fn fn, void *ctx, int ms);

/**
 * kp_reader_tick - call the hook if it is due
 *
 * Returns how many milliseconds until it is due again, at most @max_ms
 * (@max_ms itself when there is no hook).
 */
int kp_reader_tick(int max_ms);

/**
 * kp_reader_watch_ustacks - have the reader tell @seen of the events and
 * user stacks it reads, and warn once the kernel is found to record none
 * @r: the reader, open
 * @seen: the check's state, not owned; must outlive @r
 */
void kp_reader_watch_ustacks(struct kp_reader *r, struct kp_ustack_seen *seen);

/**
 * kp_reader_close - close the reader; safe on one never opened, and twice
 * @r: the reader
 */
void kp_reader_close(struct kp_reader *r);

#endif
