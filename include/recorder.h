/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_RECORDER_H
#define KPROBE_RECORDER_H

#include <stdbool.h>

#include "reader.h"
#include "tail.h"

/* What the flight recorder (--until) needs besides the reader it wraps */
struct kp_recorder_opts {
	int on_fd;	 /* the instance's tracing_on, open for reading; the reader owns it */
	double duration; /* -d: give up after so many seconds; < 0: never */
	unsigned long long last; /* --last N; 0: every event */
	bool dump;		 /* --dump: print the buffer when the condition never came */
	const char *event;	 /* the trigger's event, as its lines name it; must outlive it */
	bool json;		 /* the lines are JSON objects */
};

/**
 * kp_reader_recorder_open - the flight recorder behind the reader interface
 * @r: the reader
 * @inner: an open reader of the instance's buffer, read once tracing is
 *	   off (the raw reader, or the text reader of "trace"); moved into
 *	   @r, and closed with it
 * @opts: copied
 *
 * Its stream reads no event: it sleeps until the trigger has stopped the
 * buffer, a signal raises the stop flag, -d's time is up or the output's
 * reader goes away. Its drain prints, through @inner, the buffer up to
 * the trigger's event (the last @opts->last of them), or, when the
 * condition never came, nothing (the whole buffer with @opts->dump).
 * Returns 0; on allocation failure -1 (said), with @inner and the
 * descriptor closed.
 */
int kp_reader_recorder_open(struct kp_reader *r, struct kp_reader *inner,
			    const struct kp_recorder_opts *opts);

/**
 * kp_reader_recorder_fired - did the trigger stop the buffer?
 * @r: a recorder, after its stream
 *
 * Returns true once the stream saw the instance's tracing turned off by
 * the trigger; false for any other reader.
 */
bool kp_reader_recorder_fired(const struct kp_reader *r);

#endif
