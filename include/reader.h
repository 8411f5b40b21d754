/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_READER_H
#define KPROBE_READER_H

#include <signal.h>
#include <sys/types.h>

#include "output.h"

struct kp_reader;

/* A source of formatted events; the text reader is the first of these */
struct kp_reader_ops {
	const char *name;
	/* Returns bytes read, 0 at end of file, or -1 with errno (EAGAIN: none yet) */
	ssize_t (*read)(struct kp_reader *r, char *buf, size_t size);
	/* The descriptor to poll for POLLIN */
	int (*poll_fd)(struct kp_reader *r);
	void (*close)(struct kp_reader *r);
};

struct kp_reader {
	const struct kp_reader_ops *ops;
	int fd;
};

/**
 * kp_reader_text_init - read ftrace text (trace_pipe or trace) from @fd
 * @r: the reader
 * @fd: an open descriptor; the reader owns and closes it
 */
void kp_reader_text_init(struct kp_reader *r, int fd);

/**
 * kp_reader_close - close the reader; safe to call twice
 * @r: the reader
 */
void kp_reader_close(struct kp_reader *r);

/**
 * kp_reader_stream - copy events to @out as they come
 * @r: a reader on a non-blocking descriptor
 * @out: where events go
 * @stop: raised by a signal to end the wait
 *
 * Returns 0 when @stop is raised, the source ends, the output is full (-n)
 * or its reader goes away (@out->closed); -1 with errno on a read or write
 * error.
 */
int kp_reader_stream(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop);

/**
 * kp_reader_drain - copy whatever is buffered now to @out
 * @r: the reader
 * @out: where events go
 * @stop: drain ends early once it reaches @stop_at
 * @stop_at: the value of @stop that ends it
 *
 * Returns 0 at end of data (EOF or EAGAIN), early stop, or an output that
 * is closed or done (an event past -n came); -1 with errno on error.
 */
int kp_reader_drain(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop,
		    int stop_at);

#endif
