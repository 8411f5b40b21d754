/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_SESSION_H
#define KPROBE_SESSION_H

#include <signal.h>
#include <stdbool.h>

#include "aggregate.h"
#include "cgroup.h"
#include "clock.h"
#include "dynevent.h"
#include "instance.h"
#include "modwatch.h"
#include "ktext.h"
#include "options.h"
#include "output.h"
#include "reader.h"
#include "runlock.h"
#include "symcheck.h"
#include "target.h"
#include "ustackseen.h"

/*
 * One run's footprint in tracefs, from its modules: the target it traces,
 * the dynamic events it creates, its private instance, its in-kernel
 * aggregates and the reader of its events. Set up in that order and torn
 * down in reverse; each module records what it did.
 */
struct kp_session {
	struct kp_config *cfg;	/* its probes are settled and resolved in place */
	char name[32];		/* "kprobe_<pid>": instance and group */
	struct kp_runlock lock; /* held from the checks to the end of teardown */
	struct kp_target target;
	struct kp_cgroup cgroup; /* --cgroup; cgroup.dir[0] '\0': none */
	struct kp_dynevents dyn;
	struct kp_instance inst;
	struct kp_aggregate agg; /* --by, --hist, --latency, --trigger */
	struct kp_reader reader; /* kp_session_open_reader() */
	struct kp_clock clock;	 /* -T */
	/* -s on a uprobe, --ustack: does the kernel record user stacks? (ustackseen.h) */
	struct kp_ustack_seen ustacks;
	int until_probe;	     /* --until's event, set by kp_session_start(); -1: none */
	const char *kprobes_list;    /* debugfs kprobes/list, unless a test says (symcheck.h) */
	struct kp_modwatch modwatch; /* its kprobes in modules (kp_session_start()) */
	/* raised to 1 when no probe is left that can fire (every module gone); NULL: not */
	volatile sig_atomic_t *stop;
};

/**
 * kp_session_init - prepare a session; touches nothing in tracefs
 * @s: the session
 * @cfg: the parsed command line; must outlive @s
 *
 * Returns 0, or -1 on allocation failure.
 */
int kp_session_init(struct kp_session *s, struct kp_config *cfg);

/**
 * kp_session_check - can this process trace here at all?
 * @s: the session
 *
 * Checks in order: root, tracefs (mounting it if it is not), what each
 * "NAME:X" is on this host (a loaded module's kprobe, or a uprobe on a
 * program on $PATH or a library in the ld.so cache: kp_probe_settle_kind()),
 * that the kernel has each kind of probe the run uses (kp_kinds[]: its
 * file, and its type in tracefs' README; a "NAME:X" that is none of those
 * is named as such), that the -p process or -L thread exists, and that
 * the kernel aggregates as asked (kp_aggregate_check()). Then takes the
 * run's lock (runlock.h), so that no other run takes this one for a
 * killed one; a lock that cannot be had is a warning, not an error.
 * Returns 0, or -1 after saying what is missing.
 */
int kp_session_check(struct kp_session *s);

/**
 * kp_session_cleanup_stale - remove what runs that were killed left behind
 * @s: the session
 * @verbose: report what was removed even if nothing was
 *
 * Only instances and groups named "kprobe_<pid>" whose process is gone
 * (or is not this tool) are touched. Probes a dead run made in groups the
 * user named are removed only when @verbose (--cleanup) asks; otherwise
 * they are reported. Returns how many things were removed, or -1 if some
 * could not be.
 */
int kp_session_cleanup_stale(struct kp_session *s, bool verbose);

/**
 * kp_session_check_functions - settle, check and resolve each location
 * @s: the session
 *
 * "K:X Y" becomes X with argument Y where the kernel knows X and not Y
 * (kp_probe_settle_name()). A kind whose bad locations the kernel would
 * accept silently (check_first in kp_kinds[]: tracepoint probes) is
 * checked now, with close names; -F skips that. Kprobes are judged by the
 * kernel at creation: see kp_session_create_probes(). Last, each kind
 * resolves its locations into what the kernel takes (a uprobe's
 * PATH:SYMBOL becomes a file offset). Returns 0 or -1.
 */
int kp_session_check_functions(struct kp_session *s);

/**
 * kp_session_create_probes - write each definition to its kind's file
 * @s: the session
 *
 * The kernel refuses a kprobe on a blacklisted function or on one ftrace
 * cannot trace; then the reason is looked up (available_filter_functions,
 * the blacklist) to say which, with close names for a misspelt one. A
 * created probe's function is confirmed traceable (kp_symcheck_created)
 * here for -v, and in the run's instance by kp_session_start() for a run
 * that traces; -F skips that. Returns 0, or -1 after printing the reason.
 */
int kp_session_create_probes(struct kp_session *s);

/**
 * kp_session_print_formats - print each probe's format file (-v)
 * @s: the session
 * @out: where to
 *
 * Returns 0 or -1.
 */
int kp_session_print_formats(struct kp_session *s, struct kp_output *out);

/**
 * kp_session_stacks - which stacks the events are followed by
 * @cfg: the command line
 * @kernel: set when kernel stacks are recorded (-s with a kernel probe)
 * @user: set when user stacks are (-s with a uprobe, --ustack)
 */
void kp_session_stacks(const struct kp_config *cfg, bool *kernel, bool *user);

/**
 * kp_session_start - create the instance, install filters and options, enable
 * @s: the session, with its probes created
 *
 * First, unless -F, confirms that the kprobes' functions are traceable,
 * asking the new instance's set_ftrace_filter where kprobes/list cannot
 * tell (kp_symcheck_created()).
 *
 * -T other than mono sets the instance's trace clock to "boot" first
 * (clock.h). --until's EVENT is looked up among the run's events (an
 * unknown one is an error that lists them) and its traceoff trigger is
 * installed before any event is enabled.
 *
 * An aggregating run enables no event: it installs its aggregates'
 * triggers last (kp_aggregate_start()), which turn the events on.
 *
 * Returns 0, or -1 after printing why.
 */
int kp_session_start(struct kp_session *s);

/**
 * kp_session_print_headers - write the kernel's column headers to @out
 * @s: a started session
 * @out: where to
 *
 * Returns 0 or -1.
 */
int kp_session_print_headers(struct kp_session *s, struct kp_output *out);

/**
 * kp_session_open - open a file of the instance for reading
 * @s: a started session
 * @file: "trace_pipe" (opened non-blocking) or "trace"
 *
 * Returns a descriptor, or -1 after printing why.
 */
int kp_session_open(struct kp_session *s, const char *file);

/**
 * kp_session_open_reader - open the reader of the run's events
 * @s: a started session
 *
 * --reader raw (the default) reads the records, every CPU's
 * trace_pipe_raw, and formats them here; when it cannot print these
 * events exactly as the kernel would, that is said once and the kernel's
 * text is read instead (for --json that is an error: JSON comes from the
 * records only). -d makes the text reader read "trace" once tracing is
 * off, dropping its '#' headers unless -H; live, it streams "trace_pipe".
 * --until wraps either in the flight recorder (recorder.h), which reads
 * them only once the trigger has stopped the buffer; the text reader then
 * reads "trace", as with -d. An aggregating run reads the kernel's tables: kp_reader_agg_open().
 * Returns 0 with @s->reader open, or -1 after saying why.
 */
int kp_session_open_reader(struct kp_session *s);

/**
 * kp_session_ustacks_end - after the last record: warn if the kernel
 * recorded no user stacks where they were asked for (ustackseen.h), and
 * had not been said during the run
 * @s: the session
 * @complete: every record was read (no -n limit reached, output not closed)
 */
void kp_session_ustacks_end(struct kp_session *s, bool complete);

/**
 * kp_session_stop - stop recording into the instance; idempotent
 * @s: the session
 */
void kp_session_stop(struct kp_session *s);

/**
 * kp_session_lost - sum the instance's per-CPU ring buffer counters
 * @s: a started session
 * @st: zeroed, then filled in
 *
 * Returns 0, or -1 if no stats file could be read.
 */
int kp_session_lost(struct kp_session *s, struct kp_cpu_stats *st);

/**
 * kp_session_destroy - undo what was done, in reverse order; idempotent
 * @s: the session
 *
 * Returns 0, or -1 if something could not be undone (each is reported).
 */
int kp_session_destroy(struct kp_session *s);

#endif
