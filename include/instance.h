/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_INSTANCE_H
#define KPROBE_INSTANCE_H

#include <stdbool.h>

#include "ktext.h"
#include "output.h"
#include "target.h"

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
	bool event_fork_set;
	bool pids_set;
	bool notrace_set;
	bool tracing_stopped;
	/* --until's traceoff trigger, on event @trigger_event; NULL: none */
	char *trigger;
	int trigger_event;
	pid_t self_kpid; /* this process's kernel pid; 0: getpid() */
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
 * kp_instance_follow - trace only the target's tasks
 * @in: a created instance
 * @t: the target; nothing is done unless it is a process (-p)
 *
 * The process's threads go to set_event_pid, after event-fork, so that
 * threads and children it creates later are traced too. Returns 0, or -1
 * after printing why.
 */
int kp_instance_follow(struct kp_instance *in, const struct kp_target *t);

/**
 * kp_instance_add_pids - trace these kernel pids too, and their children
 * @in: the instance
 * @pids: kernel thread ids (--cgroup's); may be none
 * @n: how many
 *
 * The first call turns event-fork on and, when @n is 0, keeps
 * set_event_pid from standing for every task with a pid no task has.
 * Returns 0, or -1 after saying which write failed.
 */
int kp_instance_add_pids(struct kp_instance *in, const pid_t *pids, int n);

/**
 * kp_instance_kernel_pids - the kernel's (initial namespace's) pids of threads
 * @in: a created instance, with no event enabled yet
 * @tids: the threads, as this process's pid namespace numbers them
 * @n: how many
 * @out: their kernel pids (may be @tids)
 *
 * Each thread is sent SIGURG or SIGWINCH, whichever it neither catches nor
 * blocks, so that the kernel drops it as ignored, and the instance's
 * signal/signal_generate event, enabled only meanwhile, records the
 * thread's kernel pid; the instance's buffer is emptied after. Returns 0,
 * or -1 after saying which PID cannot be mapped and why.
 */
int kp_instance_kernel_pids(struct kp_instance *in, const pid_t *tids, int n, pid_t *out);

/**
 * kp_instance_notrace_self - leave this process's own events out
 * @in: a created instance
 *
 * Uses set_event_notrace_pid where the kernel has it. Returns 0 or -1.
 */
int kp_instance_notrace_self(struct kp_instance *in);

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
