/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TAIL_H
#define KPROBE_TAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"
#include "strbuf.h"

/*
 * The flight recorder's selection of what it prints from the frozen
 * buffer: the events up to and including the last one that is the
 * trigger's event (the mark), and with --last only the last N of those.
 *
 * An entry is one event with what belongs to it: its stack, and the loss
 * notices that came just before it. Text before the first event (the
 * kernel's column headers) always goes out first. Events after the last
 * mark came on other CPUs in the moment between the trigger's event and
 * the buffer's stop: they are dropped. Pure.
 */
struct kp_tail_entry {
	struct kp_strbuf text;
	bool mark;
};

/* Writes @len bytes of selected text; @event: it is one event's. 0, or -1 */
typedef int (*kp_tail_emit_fn)(void *ctx, const char *text, size_t len, bool event);
/* Is this event's first line the trigger's event? */
typedef bool (*kp_tail_mark_fn)(void *ctx, const char *text, size_t len);

struct kp_tail {
	unsigned long long last; /* --last N; 0: every event up to the mark */
	kp_tail_mark_fn is_mark; /* NULL: no mark, nothing is dropped at the end */
	void *mark_ctx;
	kp_tail_emit_fn emit;
	void *emit_ctx;
	/* the entries held, oldest first, in a ring */
	struct kp_tail_entry *ring;
	size_t cap, head, nr;
	size_t after_mark; /* how many of them came after the last mark */
	bool marked;	   /* a mark was seen */
	bool started;	   /* something was emitted: the preamble went out */
	struct kp_strbuf preamble, pending;
};

/**
 * kp_tail_init - start selecting
 * @t: the selection
 * @last: keep only the last @last events (0: all)
 * @is_mark: which events are the trigger's, or NULL (nothing is dropped)
 * @mark_ctx: for @is_mark
 * @emit: where the selected text goes
 * @emit_ctx: for @emit
 *
 * Without @last and @is_mark everything goes through as it comes.
 */
void kp_tail_init(struct kp_tail *t, unsigned long long last, kp_tail_mark_fn is_mark,
		  void *mark_ctx, kp_tail_emit_fn emit, void *emit_ctx);

/**
 * kp_tail_add - one record's text, in the order they are printed
 * @t: the selection
 * @kind: an event starts an entry; its stack (KP_OUT_MORE) joins it, and
 *	  before any event is the preamble; a loss notice joins the next event
 * @text: whole lines
 * @len: their length
 *
 * Without --last, the entries up to a mark go out when it comes; else
 * everything waits for kp_tail_finish(), at most @last entries plus those
 * after the last mark. Returns 0, or -1 (ENOMEM, or what @emit returned).
 */
int kp_tail_add(struct kp_tail *t, enum kp_output_kind kind, const char *text, size_t len);

/**
 * kp_tail_finish - emit what is selected, and free everything
 * @t: the selection
 *
 * Returns 0, or -1 as @emit returned. @t may be initialised again.
 */
int kp_tail_finish(struct kp_tail *t);

/**
 * kp_tail_destroy - free everything, emitting nothing; safe twice
 * @t: the selection
 */
void kp_tail_destroy(struct kp_tail *t);

#endif
