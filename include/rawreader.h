/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_RAWREADER_H
#define KPROBE_RAWREADER_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>

#include "format.h"
#include "ktext.h"
#include "merge.h"
#include "output.h"
#include "reader.h"

struct tracefs_instance;
struct tracefs_cpu;

/* One event the raw reader will meet: its group and name in the instance */
struct kp_raw_event {
	const char *group;
	const char *event;
	bool user;	    /* a uprobe: its addresses are a process's */
	const char *probed; /* an eprobe's SYSTEM.EVENT (or SYSTEM/EVENT); else NULL */
	const char *shown;  /* the name its lines show, if not @event (evname.h); or NULL */
	const char *path;   /* a uprobe's file, "PATH:OFFSET..." as resolved; or NULL */
};

/*
 * The raw reader: each CPU's trace_pipe_raw of an instance, records merged
 * by time stamp, formatted here and written to the output a batch at a
 * time. This file and the instance module are the ones that talk to
 * libtracefs on the event path.
 */
struct kp_raw_reader {
	struct tracefs_instance *inst; /* not owned */
	int nr;			       /* CPUs opened */
	int *cpus;		       /* their numbers */
	int *fds;		       /* their trace_pipe_raw, non-blocking */
	struct tracefs_cpu **tcpu;     /* the library's readers on @fds */
	unsigned long long *lost;      /* events reported lost, per CPU */
	struct kp_merge merge;
	bool merge_set;
	struct kp_format *fmt;
	struct kp_clock *clock; /* -T, synced before each batch; NULL: none */
	char kallsyms_path[PATH_MAX], modules_path[PATH_MAX]; /* the formatter's symbols */
	struct kp_strbuf text;				      /* one record's text */
	struct kp_output *out;
	char *cmdlines; /* saved_cmdlines, read on the first miss */
	bool cmdlines_read;
	/* what a drain stops at */
	const volatile sig_atomic_t *stop;
	int stop_at;
	unsigned long long unknown;	/* records the formatter could not print */
	unsigned long drained;		/* records the last drain handed on */
	bool drained_all;		/* the last kp_raw_drain() ran to the end */
	struct kp_ustack_seen *ustacks; /* told of each record, if set (not owned) */
};

/* Where task names (PID/comm) and kallsyms are read: "/proc"; a test's fixture */
extern const char *kp_raw_proc;

/**
 * kp_raw_open - set up the raw reader on an instance
 * @rr: the reader
 * @inst: the instance, with its events enabled
 * @events: every event it has enabled, @nr_events of them
 * @nr_events: how many
 * @opts: formatter options (comm_lookup is set here)
 * @why: set (malloc'd) when the raw reader cannot print these events
 *	 exactly as the kernel would; the caller then reads text
 *
 * Returns 0, or -1: with *@why set when the text path should be used,
 * otherwise after printing the error.
 */
int kp_raw_open(struct kp_raw_reader *rr, struct tracefs_instance *inst,
		const struct kp_raw_event *events, int nr_events, const struct kp_format_opts *opts,
		char **why);

/**
 * kp_raw_stream - print events as they come, until @stop is raised
 * @rr: an open reader
 * @out: where events go
 * @stop: raised by a signal
 *
 * Returns 0 when @stop is raised, the output's reader goes away or the
 * output is full (-n); -1 with errno on error.
 */
int kp_raw_stream(struct kp_raw_reader *rr, struct kp_output *out,
		  const volatile sig_atomic_t *stop);

/**
 * kp_raw_drain - print what is buffered now, then return
 * @rr: an open reader
 * @out: where events go
 * @stop: ends the drain early once it reaches @stop_at
 * @stop_at: see @stop
 *
 * Returns 0, or -1 with errno on error.
 */
int kp_raw_drain(struct kp_raw_reader *rr, struct kp_output *out, const volatile sig_atomic_t *stop,
		 int stop_at);

/**
 * kp_raw_unread - records the kernel still holds after a complete drain
 * @rr: a reader whose last kp_raw_drain() ran to its end, with tracing off
 *
 * Returns the sum of the CPUs' "entries" (per_cpu/cpuN/stats): records
 * the ring buffer holds but trace_pipe_raw did not hand out. Returns 0
 * when the last drain was cut short (a second signal, -n, a closed
 * output), which leaves records behind on purpose, or when the stats
 * cannot be read.
 */
unsigned long long kp_raw_unread(struct kp_raw_reader *rr);

/**
 * kp_raw_close - free everything; safe on a reader that failed to open, and twice
 * @rr: the reader
 */
void kp_raw_close(struct kp_raw_reader *rr);

/**
 * kp_reader_raw_open - the raw reader behind the reader interface (reader.h)
 * @r: the reader
 * @inst, @events, @nr_events, @opts, @why: as for kp_raw_open()
 *
 * The same descriptors are streamed and drained, live or -d alike; its
 * drain does not print the column headers. Returns 0, or -1 as
 * kp_raw_open() does, with nothing left open.
 */
int kp_reader_raw_open(struct kp_reader *r, struct tracefs_instance *inst,
		       const struct kp_raw_event *events, int nr_events,
		       const struct kp_format_opts *opts, char **why);

#endif
