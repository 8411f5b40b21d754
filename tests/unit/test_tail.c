// SPDX-License-Identifier: GPL-2.0-only
/* The flight recorder's selection: up to the trigger's event, the last N, stacks and losses kept */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tail.h"

struct sink {
	char text[4096];
	size_t len;
	int events;
	int emits; /* calls, to see what went out before the end */
};

static int emit(void *ctx, const char *text, size_t len, bool event)
{
	struct sink *s = ctx;

	assert_true(s->len + len < sizeof(s->text));
	memcpy(s->text + s->len, text, len);
	s->len += len;
	s->text[s->len] = '\0';
	s->events += event;
	s->emits++;
	return 0;
}

/* Events are "M..." (the trigger's event) or "e..." */
static bool is_mark(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	return len && text[0] == 'M';
}

static void add(struct kp_tail *t, enum kp_output_kind kind, const char *text)
{
	assert_int_equal(kp_tail_add(t, kind, text, strlen(text)), 0);
}

/* Feed a recorded buffer: E event, S its stack, L a loss, H a header */
static void feed(struct kp_tail *t, const char *const *recs)
{
	for (; *recs; recs++) {
		enum kp_output_kind kind = (*recs)[0] == 'L'			    ? KP_OUT_LOST
					   : (*recs)[0] == 'S' || (*recs)[0] == 'H' ? KP_OUT_MORE
										    : KP_OUT_EVENT;

		add(t, kind, *recs + 1);
	}
}

/* @recs through a new tail of @last (marks by @mark), finished: @s (emptied) has its output */
static void tail_of(struct sink *s, unsigned long long last, kp_tail_mark_fn mark,
		    const char *const *recs)
{
	struct kp_tail t;

	memset(s, 0, sizeof(*s));
	kp_tail_init(&t, last, mark, NULL, emit, s);
	feed(&t, recs);
	assert_int_equal(kp_tail_finish(&t), 0);
}

static const char *const buffer[] = {
	"H# header\n", "Ee1\n", "Ee2\n",	 "S => stack2\n", "LCPU:1 [LOST 3 EVENTS]\n",
	"Ee3\n",       "EM4\n", "S => stack4\n", "Ee5\n",	  "Ee6\n",
	NULL,
};

static void test_up_to_the_mark(void **state)
{
	struct sink s = { 0 };
	struct kp_tail t;

	(void)state;
	kp_tail_init(&t, 0, is_mark, NULL, emit, &s);
	feed(&t, buffer);
	/* without --last, what comes up to the mark goes out with it */
	assert_string_equal(s.text, "# header\ne1\ne2\n => stack2\nCPU:1 [LOST 3 EVENTS]\ne3\nM4\n"
				    " => stack4\n");
	assert_int_equal(kp_tail_finish(&t), 0);
	/* the events on other CPUs after the trigger's are dropped */
	assert_string_equal(s.text, "# header\ne1\ne2\n => stack2\nCPU:1 [LOST 3 EVENTS]\ne3\nM4\n"
				    " => stack4\n");
	assert_int_equal(s.events, 4);
}

static void test_last_n(void **state)
{
	struct sink s = { 0 };
	struct kp_tail t;

	(void)state;
	kp_tail_init(&t, 2, is_mark, NULL, emit, &s);
	feed(&t, buffer);
	assert_int_equal(s.emits, 0);
	assert_int_equal(kp_tail_finish(&t), 0);
	/* the loss notice came just before e3, and goes with it */
	assert_string_equal(s.text, "# header\nCPU:1 [LOST 3 EVENTS]\ne3\nM4\n => stack4\n");
	assert_int_equal(s.events, 2);

	tail_of(&s, 1, is_mark, buffer);
	assert_string_equal(s.text, "# header\nM4\n => stack4\n");

	/* more than the buffer holds: all of it, to the mark */
	tail_of(&s, 100, is_mark, buffer);
	assert_int_equal(s.events, 4);
}

static void test_two_marks(void **state)
{
	static const char *const recs[] = { "EM1\n", "Ee2\n", "Ee3\n", "EM4\n", "Ee5\n", NULL };
	struct sink s = { 0 };

	(void)state;
	/* the last mark is where the buffer stopped */
	tail_of(&s, 3, is_mark, recs);
	assert_string_equal(s.text, "e2\ne3\nM4\n");
	tail_of(&s, 0, is_mark, recs);
	assert_string_equal(s.text, "M1\ne2\ne3\nM4\n");
}

static void test_no_mark(void **state)
{
	struct sink s = { 0 };
	struct kp_tail t;

	(void)state;
	/* --dump of a buffer no trigger stopped: the last N, nothing dropped */
	tail_of(&s, 3, NULL, buffer);
	assert_string_equal(s.text, "# header\nM4\n => stack4\ne5\ne6\n");
	/* with a mark function that never matches, the same */
	memset(&s, 0, sizeof(s));
	kp_tail_init(&t, 0, is_mark, NULL, emit, &s);
	add(&t, KP_OUT_EVENT, "e1\n");
	add(&t, KP_OUT_LOST, "CPU:0 [LOST EVENTS]\n");
	assert_int_equal(s.emits, 0);
	assert_int_equal(kp_tail_finish(&t), 0);
	assert_string_equal(s.text, "e1\nCPU:0 [LOST EVENTS]\n");
	assert_int_equal(s.events, 1);
	/* neither: everything goes through as it comes */
	memset(&s, 0, sizeof(s));
	kp_tail_init(&t, 0, NULL, NULL, emit, &s);
	add(&t, KP_OUT_EVENT, "e1\n");
	add(&t, KP_OUT_MORE, " => s\n");
	assert_string_equal(s.text, "e1\n => s\n");
	kp_tail_destroy(&t);
}

static void test_many(void **state)
{
	struct sink s = { 0 };
	struct kp_tail t;
	char rec[32];
	int i;

	(void)state;
	/* the ring grows and wraps */
	kp_tail_init(&t, 100, is_mark, NULL, emit, &s);
	for (i = 0; i < 10000; i++) {
		snprintf(rec, sizeof(rec), "%c%d\n", i == 9990 ? 'M' : 'e', i);
		add(&t, KP_OUT_EVENT, rec);
	}
	assert_int_equal(kp_tail_finish(&t), 0);
	assert_int_equal(s.events, 100);
	assert_int_equal(strncmp(s.text, "e9891\n", 6), 0);
	assert_string_equal(s.text + s.len - 6, "M9990\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_up_to_the_mark), cmocka_unit_test(test_last_n),
		cmocka_unit_test(test_two_marks),      cmocka_unit_test(test_no_mark),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests_name("tail", tests, NULL, NULL);
}
