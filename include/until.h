/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_UNTIL_H
#define KPROBE_UNTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "probe.h"

/*
 * --until 'EVENT [if FILTER]': the flight recorder's stop condition. The
 * kernel records every event into the instance's ring buffer, which keeps
 * the newest (overwrite mode), and a traceoff trigger on EVENT, with
 * FILTER as its condition, freezes it the moment the condition is met.
 * Pure: the text is parsed and composed here, installed by the instance.
 */
struct kp_until {
	char *event;  /* EVENT as the user wrote it */
	char *filter; /* FILTER; NULL: the first EVENT stops */
};

/**
 * kp_until_parse - split an --until value into EVENT and FILTER
 * @spec: "EVENT" or "EVENT if FILTER" (spaces around "if"; EVENT may be
 *	  GROUP/EVENT)
 * @u: filled in; free with kp_until_release()
 *
 * Returns 0, or -1 after saying what is wrong (an empty EVENT or FILTER,
 * EVENT not a name, out of memory).
 */
int kp_until_parse(const char *spec, struct kp_until *u);

/**
 * kp_until_release - free what kp_until_parse() filled in; safe twice
 * @u: the condition
 */
void kp_until_release(struct kp_until *u);

/**
 * kp_until_find - which of the run's probes EVENT names
 * @u: the condition
 * @probes: the run's probes, names assigned
 * @n: how many
 * @run_group: the run's own group, for "GROUP/EVENT"
 *
 * EVENT is the name the output shows (kp_probe_shown()), alone or after
 * its group. Returns the probe's index, or -1 after an error that lists
 * the run's event names.
 */
int kp_until_find(const struct kp_until *u, const struct kp_probe *probes, int n,
		  const char *run_group);

/**
 * kp_until_trigger - the trigger text to install on EVENT
 * @u: the condition
 * @cond: the event's own filter as installed ("" or NULL: none); a
 *	  trigger's condition is tested even on a record its event's filter
 *	  drops, so the record the buffer stops at must pass both
 *
 * Returns "traceoff", "traceoff if X" or "traceoff if (COND) && (FILTER)"
 * in malloc'd memory (the caller frees), or NULL on allocation failure.
 */
char *kp_until_trigger(const struct kp_until *u, const char *cond);

/**
 * kp_until_line_is - is this output line (or JSON object) an event named @name?
 * @line: one event's first line, as the formatter or the kernel printed it
 * @len: its length
 * @name: the name the lines show
 * @json: @line is a JSON object
 *
 * Text: "... SECS.USECS: NAME: ..." (whatever the time column shows, it
 * ends in six digits of microseconds); JSON: its "event" member.
 */
bool kp_until_line_is(const char *line, size_t len, const char *name, bool json);

#endif
