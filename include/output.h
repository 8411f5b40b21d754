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
 */
struct kp_output {
	int fd;
	bool skip_comments;	   /* drop lines starting with '#' */
	bool closed;		   /* the reader went away (EPIPE) */
	unsigned long long events; /* event lines written */
	unsigned long long lost;   /* sum of "CPU:N [LOST M EVENTS]" lines */
	/* the line being written */
	bool mid_line;
	bool dropping;
	size_t head_len;
	char head[KP_OUTPUT_HEAD];
};

/**
 * kp_output_init - start writing to @fd
 * @o: the output
 * @fd: a file descriptor, not owned
 * @skip_comments: drop '#' lines (the headers of the trace file)
 */
void kp_output_init(struct kp_output *o, int fd, bool skip_comments);

/**
 * kp_output_write - write event text
 * @o: the output
 * @buf: text: any number of lines, the last one possibly incomplete
 * @len: its length
 *
 * Returns 0, or -1 with errno set; on EPIPE @o->closed is set too.
 */
int kp_output_write(struct kp_output *o, const char *buf, size_t len);

/**
 * kp_output_finish - account for a last line that had no newline
 * @o: the output
 */
void kp_output_finish(struct kp_output *o);

#endif
