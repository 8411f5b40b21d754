/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_HISTSPEC_H
#define KPROBE_HISTSPEC_H

#include <stdbool.h>

/*
 * What --by, --hist, --latency and --trigger ask for, and the trigger text
 * that makes the kernel count it (hist triggers, synthetic events). Pure:
 * the event's format and the kernel's README are handed in.
 */

/* The kernel's TRACING_MAP_KEYS_MAX (kernel/trace/tracing_map.h) */
#define KP_AGG_KEYS_MAX	  3
#define KP_AGG_NAME_MAX	  64
/* What kprobe adds to a definition for "comm": $comm, read at the event */
#define KP_AGG_COMM_ARG	  "kp_comm"
/* The hist table's size: the kernel's default (TRACING_MAP_BITS_DEFAULT) */
#define KP_AGG_TABLE_SIZE 2048
/* Definitions --latency times in one run */
#define KP_AGG_DEFS_MAX	  32

enum kp_agg_mode {
	KP_AGG_NONE,	/* stream events */
	KP_AGG_COUNT,	/* --by only */
	KP_AGG_HIST,	/* --hist FIELD */
	KP_AGG_LATENCY, /* --latency */
	KP_AGG_TRIGGER, /* --trigger SPEC */
};

enum kp_agg_key_kind {
	KP_KEY_FIELD, /* an argument of the event */
	KP_KEY_COMM,  /* the task's name at the event ($comm) */
	KP_KEY_PID,   /* common_pid */
	KP_KEY_CPU,   /* common_cpu */
	KP_KEY_STACK, /* the kernel stack */
};

struct kp_agg_key {
	enum kp_agg_key_kind kind;
	char name[KP_AGG_NAME_MAX]; /* as the user wrote it */
};

struct kp_agg_spec {
	enum kp_agg_mode mode;
	struct kp_agg_key by[KP_AGG_KEYS_MAX];
	int nr_by;
	char hist[KP_AGG_NAME_MAX]; /* --hist's FIELD; "" if none */
	unsigned long long step;    /* --hist FIELD:STEP; 0: log2 */
	const char *trigger;	    /* --trigger's SPEC, verbatim */
	double interval;	    /* -i, seconds; 0: none */
	/* --latency: definitions [0, nr_defs) are the user's, ret[i] is i's return probe */
	int nr_defs;
	int ret[KP_AGG_DEFS_MAX];
};

/* One field of an event's format */
struct kp_agg_field {
	char name[KP_AGG_NAME_MAX];
	bool string; /* char[], __data_loc char[] */
	bool is_signed;
	unsigned int size;
};

/* What the kernel's README says it has */
struct kp_agg_features {
	bool hist;	   /* hist triggers (CONFIG_HIST_TRIGGERS) */
	bool synth;	   /* synthetic events (CONFIG_SYNTH_EVENTS) */
	bool buckets;	   /* .buckets=STEP (5.15) */
	const char *stack; /* "common_stacktrace" (6.4), or "stacktrace" */
};

/**
 * kp_agg_parse_by - parse --by's KEY[,KEY...] into @a
 * @a: the spec
 * @arg: the option's value
 *
 * Returns 0, or -1 after printing why (an empty or malformed KEY, more
 * keys than the kernel takes).
 */
int kp_agg_parse_by(struct kp_agg_spec *a, const char *arg);

/**
 * kp_agg_parse_hist - parse --hist's FIELD[:STEP] into @a
 * @a: the spec
 * @arg: the option's value
 *
 * Returns 0, or -1 after printing why.
 */
int kp_agg_parse_hist(struct kp_agg_spec *a, const char *arg);

/**
 * kp_agg_check - the spec as a whole, once every option is in
 * @a: the spec; its mode is set here
 * @latency: --latency was given
 *
 * Returns 0, or -1 after printing why (too many keys with the histogram's,
 * --hist with --latency, --by stack with --latency, --trigger with --by).
 */
int kp_agg_check(struct kp_agg_spec *a, bool latency);

/**
 * kp_agg_wants_comm - does the spec need $comm added to definitions?
 * @a: the spec
 */
bool kp_agg_wants_comm(const struct kp_agg_spec *a);

/**
 * kp_agg_features_read - what the README says the kernel has
 * @readme: the text of tracefs' README, or NULL (then: nothing)
 * @f: filled in
 */
void kp_agg_features_read(const char *readme, struct kp_agg_features *f);

/**
 * kp_agg_missing - why the kernel cannot do what @a asks, or NULL
 * @a: the spec
 * @f: the kernel's features
 *
 * Returns a message for error(), static, or NULL if nothing is missing.
 */
const char *kp_agg_missing(const struct kp_agg_spec *a, const struct kp_agg_features *f);

/**
 * kp_agg_fields_parse - the fields of an event's format file
 * @format: the format file's text
 * @fields: where to put them (not the common_ ones)
 * @max: room in @fields
 *
 * Returns how many there are (at most @max are stored).
 */
int kp_agg_fields_parse(const char *format, struct kp_agg_field *fields, int max);

/**
 * kp_agg_count_trigger - the hist trigger for --by and --hist on one event
 * @a: the spec
 * @f: the kernel's features
 * @fields: the event's fields
 * @nr: how many
 * @event: the event's name as output shows it, for messages
 * @cond: the trigger's condition, or NULL/"" for none
 *
 * Returns the trigger text in malloc'd memory, or NULL after printing why
 * (a KEY or FIELD that is no field of the event: the message lists them;
 * a histogram of a string; out of memory).
 */
char *kp_agg_count_trigger(const struct kp_agg_spec *a, const struct kp_agg_features *f,
			   const struct kp_agg_field *fields, int nr, const char *event,
			   const char *cond);

/* The four texts that time one function (--latency) */
struct kp_agg_latency {
	char *synth;	     /* "s:NAME u64 lat[; char comm[]][; s64 kN]" for dynamic_events */
	char *entry;	     /* the entry event's trigger: keeps the start time per thread */
	char *ret;	     /* the return event's trigger: fires the synthetic event */
	char *synth_trigger; /* the synthetic event's histogram */
};

/**
 * kp_agg_latency_build - the triggers and synthetic event for --latency
 * @a: the spec
 * @fields: the entry event's fields (for --by FIELD)
 * @nr: how many
 * @i: the definition's index, for unique variable names
 * @synth: the synthetic event's name
 * @group: the entry event's group
 * @event: the entry event's name in the kernel
 * @shown: the entry event's name as output shows it, for messages
 * @cond: the entry trigger's condition, or NULL/"" for none
 * @l: filled in; free with kp_agg_latency_free()
 *
 * Returns 0, or -1 after printing why.
 */
int kp_agg_latency_build(const struct kp_agg_spec *a, const struct kp_agg_field *fields, int nr,
			 int i, const char *synth, const char *group, const char *event,
			 const char *shown, const char *cond, struct kp_agg_latency *l);

/**
 * kp_agg_latency_free - free what kp_agg_latency_build() made
 * @l: left zeroed
 */
void kp_agg_latency_free(struct kp_agg_latency *l);

/**
 * kp_agg_remove_text - the line that removes a trigger as the kernel lists it
 * @listed: one line of an event's trigger file ("hist:... [active]")
 *
 * Returns "!hist:..." (without " [active]", with its " if" condition) in
 * malloc'd memory, or NULL for a comment line or out of memory.
 */
char *kp_agg_remove_text(const char *listed);

/**
 * kp_synth_owner - the run a synthetic event of ours belongs to
 * @name: the synthetic event's name ("kprobe_<pid>_lat<N>")
 *
 * Returns the pid, or -1 if @name is no such name.
 */
int kp_synth_owner(const char *name);

#endif
