/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_INSTANCE_H
#define KPROBE_INSTANCE_H

#include <stdbool.h>

#include "follow.h"
#include "ktext.h"
#include "output.h"

struct tracefs_instance;

/* What this run did to one event in the instance */
struct kp_instance_event {
	const char *group; /* set when first touched; owned by the caller */
	const char *event;
	const char *shown; /* the name messages give it, if not @event */
	bool filtered;
	bool enabled;
};

/*
 * The run's private ftrace instance and every change made in it, recorded
 * as it happens so that kp_instance_destroy() undoes exactly that, in
 * reverse. The global buffer and options are never touched.
 */
struct kp_instance {
	const char *name;	      /* "kprobe_<pid>"; owned by the caller */
	struct tracefs_instance *tfs; /* created by this run */
	struct kp_instance_event *events;
	int nr_events;
	bool stacktrace_set;
	bool userstacktrace_set, sym_userobj_set;
	unsigned int task_events_set; /* how many of the task events are enabled */
	bool module_load_set;	      /* module/module_load enabled */
	bool no_free_events;	      /* leave sched_process_free out (with -s) */
	struct kp_follow follow;      /* whom it traces: set_event_pid and the like */
	bool tracing_stopped;
	/* --until's traceoff trigger, on event @trigger_event; NULL: none */
	char *trigger;
	int trigger_event;
};

/**
 * kp_instance_init - prepare; touches nothing in tracefs
 * @in: the instance
 * @name: its name; must outlive @in
 * @nr_events: how many events it will carry
 *
 * Returns 0, or -1 on allocation failure.
 */
int kp_instance_init(struct kp_instance *in, const char *name, int nr_events);

/**
 * kp_instance_create - create the instance in tracefs
 * @in: the instance
 *
 * Returns 0, or -1 after printing why (also when an instance of that name
 * already exists: it is someone else's and is left alone).
 */
int kp_instance_create(struct kp_instance *in);

/**
 * kp_instance_ring - size and tune the ring buffer, before any event is enabled
 * @in: a created instance
 * @buffer_kb: KB per CPU (-b)
 * @raw: the raw reader will read it: poll() then wakes on each event
 *	 (buffer_percent 0), and task/task_newtask, task/task_rename and
 *	 sched/sched_process_free (not with @in->no_free_events) are enabled
 *	 so that it can name every task and forget the tasks that are gone
 *
 * Returns 0, or -1 after printing why.
 */
int kp_instance_ring(struct kp_instance *in, unsigned long buffer_kb, bool raw);

/**
 * kp_instance_stacktrace - record a kernel stack with each event (-s)
 * @in: a created instance
 *
 * Returns 0, or -1 after printing why.
 */
int kp_instance_stacktrace(struct kp_instance *in);

/**
 * kp_instance_userstacktrace - record a user stack with each event (-s on a uprobe, --ustack)
 * @in: a created instance
 *
 * Also sym-userobj, with which the kernel's text names each frame's file.
 * Returns 0, or -1 after printing why.
 */
int kp_instance_userstacktrace(struct kp_instance *in);

/**
 * kp_instance_show_as - the name messages give event @i
 * @in: the instance
 * @i: the event's slot, below nr_events
 * @shown: the name the output shows (evname.h); must outlive @in
 */
void kp_instance_show_as(struct kp_instance *in, int i, const char *shown);

/**
 * kp_instance_filter - install a filter on an event
 * @in: a created instance
 * @i: the event's slot, below nr_events
 * @group: the event's group; must outlive @in
 * @event: the event; must outlive @in
 * @user: the user's filter, for messages; NULL if there is none
 * @filter: the filter to install (@user with what the tool adds); "" installs nothing
 *
 * Returns 0, or -1 after printing the kernel's reason under the user's text.
 */
int kp_instance_filter(struct kp_instance *in, int i, const char *group, const char *event,
		       const char *user, const char *filter);

/**
 * kp_instance_trace_clock - set the instance's trace clock, before any event is enabled
 * @in: a created instance
 * @clock: a name trace_clock lists ("boot")
 *
 * Nothing is put back: the clock goes with the instance. Returns 0, or -1
 * after printing why (a kernel without that clock says so).
 */
int kp_instance_trace_clock(struct kp_instance *in, const char *clock);

/**
 * kp_instance_trigger - add the flight recorder's trigger to an event
 * @in: a created instance
 * @i: the event's slot, below nr_events
 * @group: the event's group; must outlive @in
 * @event: the event; must outlive @in
 * @text: the trigger ("traceoff if ..."); copied
 *
 * Appended to the event's trigger file; removed first at teardown, before
 * the events are disabled and the probes removed. Returns 0, or -1 after
 * printing the kernel's reason.
 */
int kp_instance_trigger(struct kp_instance *in, int i, const char *group, const char *event,
			const char *text);

/**
 * kp_instance_enable - enable an event in the instance
 * @in: a created instance
 * @i: the event's slot, below nr_events
 * @group: the event's group; must outlive @in
 * @event: the event; must outlive @in
 *
 * Returns 0, or -1 after printing why.
 */
int kp_instance_enable(struct kp_instance *in, int i, const char *group, const char *event);

/**
 * kp_instance_print_headers - write the kernel's column headers to @out
 * @in: a created instance
 * @out: where to
 *
 * Returns 0 or -1.
 */
int kp_instance_print_headers(struct kp_instance *in, struct kp_output *out);

/**
 * kp_instance_open - open a file of the instance for reading
 * @in: a created instance
 * @file: "trace_pipe" (opened non-blocking) or "trace"
 *
 * Returns a descriptor (the caller closes it), or -1 after printing why.
 */
int kp_instance_open(struct kp_instance *in, const char *file);

/**
 * kp_instance_stop - stop recording into the instance; idempotent
 * @in: the instance
 */
void kp_instance_stop(struct kp_instance *in);

/**
 * kp_instance_cpu_stats - add one CPU's ring buffer counters to @st
 * @tfs: the instance
 * @cpu: the CPU
 * @st: running totals
 *
 * Reads per_cpu/cpuN/stats. Returns 0, or -1 if it cannot be read or
 * has no counter (@st is left as it was).
 */
int kp_instance_cpu_stats(struct tracefs_instance *tfs, int cpu, struct kp_cpu_stats *st);

/**
 * kp_instance_lost - sum the instance's per-CPU ring buffer counters
 * @in: a created instance
 * @st: zeroed, then filled in
 *
 * Returns 0, or -1 if no stats file could be read.
 */
int kp_instance_lost(struct kp_instance *in, struct kp_cpu_stats *st);

/**
 * kp_instance_destroy - undo what was done, in reverse order; idempotent
 * @in: the instance
 *
 * Returns 0, or -1 if something could not be undone (each is reported).
 */
int kp_instance_destroy(struct kp_instance *in);

#endif
