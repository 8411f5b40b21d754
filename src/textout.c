// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's event text on its way to the output, passed through as it
 * comes and classified a line at a time: events, stacks, loss notices.
 */
#include <string.h>

#include "ktext.h"
#include "textout.h"

void kp_textout_init(struct kp_textout *t, struct kp_output *out, bool skip_comments)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	t->skip_comments = skip_comments;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t plen = strlen(prefix);

	return len >= plen && !memcmp(s, prefix, plen);
}

static bool contains(const char *s, size_t len, const char *needle)
{
	size_t nlen = strlen(needle), i;

	for (i = 0; i + nlen <= len; i++)
		if (!memcmp(s + i, needle, nlen))
			return true;
	return false;
}

/* The CPU of a line "  comm-pid  [001] ...", or -1 */
static int line_cpu(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 6 <= len; i++) {
		size_t j = i + 2;
		int cpu = 0;

		if (s[i] != ' ' || s[i + 1] != '[')
			continue;
		while (j < len && s[j] >= '0' && s[j] <= '9' && cpu < 100000)
			cpu = cpu * 10 + (s[j++] - '0');
		if (j > i + 2 && j + 1 < len && s[j] == ']' && s[j + 1] == ' ')
			return cpu;
	}
	return -1;
}

/* An event or a user stack, for the check of whether the kernel records those */
static void seen(struct kp_textout *t, const char *s, size_t len, bool ustack)
{
	if (t->ustacks && kp_ustack_seen_record(t->ustacks, line_cpu(s, len),
						ustack ? KP_USR_USTACK : KP_USR_EVENT))
		kp_ustack_seen_say(t->ustacks);
}

/*
 * A whole line has gone by, or as much of it as @head holds: is it an
 * event, a stack line or a loss notice? Returns false for an event past
 * the limit, which must not be written.
 */
static bool classify(struct kp_textout *t)
{
	unsigned long long lost;

	t->counted = true;
	if (t->dropping || !t->head_len)
		return true;
	if (contains(t->head, t->head_len, ": <user stack trace>")) {
		seen(t, t->head, t->head_len, true);
		return true;
	}
	if (starts_with(t->head, t->head_len, " => ") || t->head[0] == '#' ||
	    contains(t->head, t->head_len, ": <stack trace>"))
		return true;
	if (kp_lost_line(t->head, t->head_len, &lost)) {
		t->out->lost += lost;
		return true;
	}
	seen(t, t->head, t->head_len, false);
	return kp_output_admit_event(t->out);
}

static void end_line(struct kp_textout *t)
{
	t->head_len = 0;
	t->mid_line = false;
	t->dropping = false;
	t->holding = false;
	t->counted = false;
}

/*
 * Once the output is full, a line is held back until enough of it is
 * known: an event past the limit is dropped (and the output is done),
 * anything else (the last event's stack, a loss notice) goes out.
 */
static int release_held(struct kp_textout *t, const char *rest, size_t len)
{
	if (!classify(t))
		return 0;
	t->holding = false;
	if (kp_output_write(t->out, t->head, t->head_len))
		return -1;
	return kp_output_write(t->out, rest, len);
}

/* What a whole line is, for a selecting output */
static enum kp_output_kind line_kind(const char *s, size_t len, unsigned long long *lost)
{
	*lost = 0;
	if (starts_with(s, len, " => ") || (len && s[0] == '#') ||
	    contains(s, len, ": <stack trace>") || contains(s, len, ": <user stack trace>"))
		return KP_OUT_MORE;
	if (kp_lost_line(s, len, lost))
		return KP_OUT_LOST;
	return KP_OUT_EVENT;
}

/* The output selects: whole lines to kp_output_record() */
static int write_lines(struct kp_textout *t, const char *buf, size_t len)
{
	const char *end = buf + len;

	while (buf < end) {
		const char *nl = memchr(buf, '\n', end - buf);
		size_t seg = nl ? (size_t)(nl - buf) + 1 : (size_t)(end - buf);
		unsigned long long lost;

		if (kp_strbuf_add(&t->line, buf, seg))
			return -1;
		buf += seg;
		if (!nl)
			break;
		if (!(t->skip_comments && t->line.buf[0] == '#')) {
			enum kp_output_kind kind = line_kind(t->line.buf, t->line.len - 1, &lost);

			if (kind == KP_OUT_EVENT ||
			    contains(t->line.buf, t->line.len, ": <user stack trace>"))
				seen(t, t->line.buf, t->line.len, kind != KP_OUT_EVENT);

			if (kp_output_record(t->out, kind, t->line.buf, t->line.len, lost))
				return -1;
		}
		kp_strbuf_reset(&t->line);
	}
	return 0;
}

int kp_textout_write(struct kp_textout *t, const char *buf, size_t len)
{
	const char *end = buf + len;

	if (t->out->tail)
		return write_lines(t, buf, len);

	while (buf < end && !t->out->done) {
		const char *nl = memchr(buf, '\n', end - buf);
		size_t seg = nl ? (size_t)(nl - buf) + 1 : (size_t)(end - buf);
		size_t room = sizeof(t->head) - t->head_len;
		size_t body = nl ? seg - 1 : seg;
		size_t take = body < room ? body : room;

		if (!t->mid_line) {
			t->dropping = t->skip_comments && buf[0] == '#';
			t->holding = !t->dropping && kp_output_full(t->out);
		}
		memcpy(t->head + t->head_len, buf, take);
		t->head_len += take;
		if (t->holding) {
			if ((nl || t->head_len == sizeof(t->head)) &&
			    release_held(t, buf + take, seg - take))
				return -1;
		} else if (!t->dropping && kp_output_write(t->out, buf, seg)) {
			return -1;
		}
		if (nl) {
			if (!t->counted)
				classify(t);
			end_line(t);
		} else {
			t->mid_line = true;
		}
		buf += seg;
	}
	return 0;
}

void kp_textout_destroy(struct kp_textout *t)
{
	kp_strbuf_free(&t->line);
}

void kp_textout_finish(struct kp_textout *t)
{
	if (t->holding)
		release_held(t, NULL, 0);
	else if (t->mid_line && !t->counted)
		classify(t);
	end_line(t);
}
