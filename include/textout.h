/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TEXTOUT_H
#define KPROBE_TEXTOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"
#include "strbuf.h"
#include "ustackseen.h"

#define KP_TEXTOUT_HEAD 128

/*
 * The kernel's own event text on its way to the output: passed through
 * unbuffered, so that a reader at the end of a pipe sees each event as
 * soon as it is read, and classified a whole line at a time to count
 * events and losses and to apply the output's -n limit.
 */
struct kp_textout {
	struct kp_output *out; /* not owned */
	bool skip_comments;    /* drop lines starting with '#' */
	/* the line being written */
	bool mid_line;
	bool dropping;
	bool holding; /* output full: the line waits in @head until it is known */
	bool counted; /* the line has been classified */
	size_t head_len;
	char head[KP_TEXTOUT_HEAD];
	struct kp_strbuf line;		/* the output selects (tail.h): whole lines go there */
	struct kp_ustack_seen *ustacks; /* told of each event and user stack, if set */
};

/**
 * kp_textout_init - start classifying text on its way to @out
 * @t: the classifier
 * @out: the output, not owned
 * @skip_comments: drop '#' lines (the headers of the trace file)
 */
void kp_textout_init(struct kp_textout *t, struct kp_output *out, bool skip_comments);

/**
 * kp_textout_write - write event text
 * @t: the classifier
 * @buf: text: any number of lines, the last one possibly incomplete
 * @len: its length
 *
 * Events are counted in @t->out->events, "CPU:N [LOST M EVENTS]" lines
 * summed into @t->out->lost. Once the output is done, the rest of @buf is
 * dropped. When the output selects (kp_output_select()), each whole line
 * goes to kp_output_record() instead, as an event, more of one, or a
 * loss notice. Returns 0, or -1 with errno set as for kp_output_write().
 */
int kp_textout_write(struct kp_textout *t, const char *buf, size_t len);

/**
 * kp_textout_destroy - free what the classifier holds
 * @t: the classifier
 */
void kp_textout_destroy(struct kp_textout *t);

/**
 * kp_textout_finish - account for a last line that had no newline
 * @t: the classifier
 */
void kp_textout_finish(struct kp_textout *t);

#endif
