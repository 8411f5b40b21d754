// SPDX-License-Identifier: GPL-2.0-only
/*
 * The flight recorder's selection from the frozen buffer: up to the
 * trigger's event, the last N with --last (see tail.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tail.h"

void kp_tail_init(struct kp_tail *t, unsigned long long last, kp_tail_mark_fn is_mark,
		  void *mark_ctx, kp_tail_emit_fn emit, void *emit_ctx)
{
	memset(t, 0, sizeof(*t));
	t->last = last;
	t->is_mark = is_mark;
	t->mark_ctx = mark_ctx;
	t->emit = emit;
	t->emit_ctx = emit_ctx;
}

static struct kp_tail_entry *at(struct kp_tail *t, size_t i)
{
	return &t->ring[(t->head + i) % t->cap];
}

/* Drop the oldest entry */
static void drop_first(struct kp_tail *t)
{
	kp_strbuf_free(&at(t, 0)->text);
	t->head = (t->head + 1) % t->cap;
	t->nr--;
}

static int grow(struct kp_tail *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64, i;
	struct kp_tail_entry *ring = calloc(cap, sizeof(*ring));

	if (!ring)
		return -1;
	for (i = 0; i < t->nr; i++)
		ring[i] = *at(t, i);
	free(t->ring);
	t->ring = ring;
	t->cap = cap;
	t->head = 0;
	return 0;
}

static int emit_preamble(struct kp_tail *t)
{
	int ret = 0;

	if (!t->started && t->preamble.len)
		ret = t->emit(t->emit_ctx, t->preamble.buf, t->preamble.len, false);
	t->started = true;
	return ret;
}

/* Emit and drop the first @n entries */
static int emit_first(struct kp_tail *t, size_t n)
{
	if (emit_preamble(t))
		return -1;
	while (n--) {
		struct kp_tail_entry *e = at(t, 0);
		int ret = t->emit(t->emit_ctx, e->text.buf, e->text.len, true);

		drop_first(t);
		if (ret)
			return -1;
	}
	return 0;
}

static int add_event(struct kp_tail *t, const char *text, size_t len)
{
	struct kp_tail_entry *e;
	bool mark = t->is_mark && t->is_mark(t->mark_ctx, text, len);

	if (!t->last && !t->is_mark) {
		/* nothing to select: through as it comes, after what was pending */
		if (emit_preamble(t) ||
		    (t->pending.len && t->emit(t->emit_ctx, t->pending.buf, t->pending.len, false)))
			return -1;
		kp_strbuf_reset(&t->pending);
		return t->emit(t->emit_ctx, text, len, true);
	}
	if (t->nr == t->cap && grow(t))
		return -1;
	e = at(t, t->nr);
	memset(e, 0, sizeof(*e));
	t->nr++;
	e->mark = mark;
	if ((t->pending.len && kp_strbuf_add(&e->text, t->pending.buf, t->pending.len)) ||
	    kp_strbuf_add(&e->text, text, len))
		return -1;
	kp_strbuf_reset(&t->pending);
	if (mark) {
		t->marked = true;
		t->after_mark = 0;
	} else if (t->marked) {
		/* may still be dropped: the size of the moment before the stop */
		t->after_mark++;
		return 0;
	}
	if (!t->last)
		return mark ? emit_first(t, t->nr) : 0;
	while (t->nr > t->last)
		drop_first(t);
	return 0;
}

int kp_tail_add(struct kp_tail *t, enum kp_output_kind kind, const char *text, size_t len)
{
	switch (kind) {
	case KP_OUT_EVENT:
		return add_event(t, text, len);
	case KP_OUT_LOST:
		return kp_strbuf_add(&t->pending, text, len);
	case KP_OUT_MORE:
		break;
	}
	if (t->nr)
		return kp_strbuf_add(&at(t, t->nr - 1)->text, text, len);
	if (!t->started)
		return kp_strbuf_add(&t->preamble, text, len);
	/* an event that went through has its stack follow it */
	return t->emit(t->emit_ctx, text, len, false);
}

int kp_tail_finish(struct kp_tail *t)
{
	int ret;

	/* what came after the last mark came after the stop */
	if (t->marked) {
		while (t->after_mark) {
			struct kp_tail_entry *e = at(t, t->nr - 1);

			kp_strbuf_free(&e->text);
			t->nr--;
			t->after_mark--;
		}
		kp_strbuf_reset(&t->pending);
	}
	ret = emit_first(t, t->nr);
	if (!ret && t->pending.len)
		ret = t->emit(t->emit_ctx, t->pending.buf, t->pending.len, false);
	kp_tail_destroy(t);
	return ret;
}

void kp_tail_destroy(struct kp_tail *t)
{
	while (t->nr)
		drop_first(t);
	free(t->ring);
	t->ring = NULL;
	t->cap = t->head = 0;
	kp_strbuf_free(&t->preamble);
	kp_strbuf_free(&t->pending);
}
