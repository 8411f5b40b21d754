/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_AGGREGATE_H
#define KPROBE_AGGREGATE_H

#include <stdbool.h>

#include "histprint.h"
#include "histspec.h"
#include "output.h"
#include "reader.h"

struct kp_session;
struct tracefs_instance;

#define KP_AGG_FIELDS_MAX 64

/* One definition's aggregate: its triggers, and for --latency its synthetic event */
struct kp_agg_def {
	const struct kp_probe *p; /* the entry (or only) probe */
	const char *group;
	struct kp_agg_field fields[KP_AGG_FIELDS_MAX];
	int nr_fields;
	char *trigger; /* on the event: --by, --hist or --trigger */
	bool trigger_on;
	/* --latency */
	const struct kp_probe *ret;
	const char *ret_group;
	char synth[KP_AGG_NAME_MAX];
	struct kp_agg_latency lat;
	bool synth_made, entry_on, ret_on, synth_trigger_on;
	struct kp_hist_view view;
	char *prev; /* -i: the hist file as the last interval read it */
};

/*
 * The run's in-kernel aggregates: hist triggers in the run's private
 * instance and synthetic events named after the run. The session's: set
 * up last when it starts and torn down before its instance: triggers,
 * then synthetic events; then the instance and the probes go. Its reader
 * (kp_reader_agg_open()) prints the kernel's tables.
 */
struct kp_aggregate {
	struct kp_session *s;
	struct kp_agg_features feat;
	struct kp_agg_def *defs;
	int nr_defs;
	unsigned long long counted, dropped, unreadable;
};

/**
 * kp_aggregate_check - can the kernel aggregate as the command line asks?
 * @s: a checked session (kp_session_check())
 *
 * Reads the README: hist triggers, synthetic events for --latency,
 * .buckets for --hist FIELD:STEP. Nothing is created. Returns 0, or -1
 * after saying what is missing.
 */
int kp_aggregate_check(struct kp_session *s);

/**
 * kp_aggregate_start - read the events' formats, create and install everything
 * @a: zeroed, or left by a failed call (kp_aggregate_destroy() undoes it)
 * @s: a started session with its probes created
 *
 * Returns 0, or -1 after printing why (a KEY that is no field, a trigger the
 * kernel refuses, with its error_log line).
 */
int kp_aggregate_start(struct kp_aggregate *a, struct kp_session *s);

/**
 * kp_aggregate_print - read each hist file and print it
 * @a: a started aggregate
 * @out: where to
 * @interval: -i: keep what was read, so that the next print shows only
 *            what was counted since (nothing is cleared in the kernel, so
 *            no event is lost between a read and a clear)
 *
 * Returns 0, or -1 after printing why.
 */
int kp_aggregate_print(struct kp_aggregate *a, struct kp_output *out, bool interval);

/**
 * kp_aggregate_summary - what the closing line says, as JSON too
 * @a: a started aggregate, printed at least once
 * @out: where the JSON goes (with --json)
 * @missed: the missed returns
 *
 * Warns about table entries that could not be read; with --json writes
 * {"type":"summary","counted":N,"dropped":N,"missed":N,"unreadable":N}.
 * Returns 0, or -1 after printing why.
 */
int kp_aggregate_summary(struct kp_aggregate *a, struct kp_output *out, unsigned long long missed);

/**
 * kp_reader_agg_open - print the aggregates, as the run's reader
 * @r: the reader
 * @a: a started aggregate; it stays the session's
 *
 * Streaming waits, printing what was counted every -i seconds, until the
 * stop or the end of -d (the reader is timed); the drain prints the last
 * counts, the report says how many events were counted and dropped, and
 * the summary is kp_aggregate_summary()'s.
 */
void kp_reader_agg_open(struct kp_reader *r, struct kp_aggregate *a);

/**
 * kp_aggregate_destroy - remove what was installed, in the order the kernel takes
 * @a: the aggregate; idempotent
 *
 * Returns 0, or -1 if something could not be removed (each is reported).
 */
int kp_aggregate_destroy(struct kp_aggregate *a);

/**
 * kp_triggers_clear - remove every trigger from the dynamic events of an instance
 * @inst: the instance (a killed run's)
 * @dynevents: the text of dynamic_events: which events to look at
 *
 * A trigger that uses another's variable goes first: removals are retried
 * until none is left or none more can be removed. Returns how many were
 * removed, or -1 if some could not be.
 */
int kp_triggers_clear(struct tracefs_instance *inst, const char *dynevents);

#endif
