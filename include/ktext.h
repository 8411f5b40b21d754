/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_KTEXT_H
#define KPROBE_KTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "grammar.h" /* KP_MAXACTIVE_MAX */

/*
 * Parsers for the text files tracefs hands us. They take the whole file
 * as a string, never trust it, and never touch tracefs themselves.
 */

/**
 * kp_next_line - the line after @line in a text file's contents
 * @line: a position in a NUL-terminated text
 *
 * Returns the character after @line's newline, or NULL if @line is the last.
 */
const char *kp_next_line(const char *line);

/* The per-CPU ring buffer counters from per_cpu/cpuN/stats */
struct kp_cpu_stats {
	unsigned long long entries;
	unsigned long long overrun;
	unsigned long long commit_overrun;
	unsigned long long dropped;
};

/**
 * kp_stats_parse - add one per_cpu/cpuN/stats file to @st
 * @text: the file's contents
 * @st: running totals; fields absent from @text are left as they are
 *
 * Returns the number of fields found.
 */
int kp_stats_parse(const char *text, struct kp_cpu_stats *st);

/**
 * kp_errlog_last - find the newest entry of an error_log
 * @log: the file's contents, or NULL
 * @len: set to the entry's length
 *
 * Entries start with a "[timestamp]" line. Returns a pointer into @log,
 * or NULL if there is no entry.
 */
const char *kp_errlog_last(const char *log, size_t *len);

/* One error_log entry, taken apart */
struct kp_errlog_entry {
	char *message; /* "Unknown type is specified" */
	char *command; /* the text the kernel was given, as it echoes it */
	long column;   /* the caret's column in command, -1 if none */
};

/**
 * kp_errlog_entry_parse - take an error_log entry apart
 * @entry: one entry: "[ TS] LOC: error: MSG\n  Command: CMD\n   ^"
 * @e: filled in; free with kp_errlog_entry_release()
 *
 * Returns 0, or -1 if @entry is not in that form (or on ENOMEM).
 */
int kp_errlog_entry_parse(const char *entry, struct kp_errlog_entry *e);

/**
 * kp_errlog_entry_release - free what kp_errlog_entry_parse() allocated
 * @e: the entry; left zeroed
 */
void kp_errlog_entry_release(struct kp_errlog_entry *e);

/**
 * kp_owner_pid - the process that owns a group or instance name
 * @name: "kprobe_<pid>" (this tool's names), "kprobe_<pid>_<inode>" in a
 *	  pid namespace (pidns.h)
 *
 * Returns the pid, or -1 if @name is not one of this tool's names for a
 * run in this process's pid namespace (kp_run_ns).
 */
pid_t kp_owner_pid(const char *name);

/**
 * kp_owner_foreign_ns - the pid namespace of another namespace's run name
 * @name: "kprobe_<pid>_<inode>"
 *
 * Returns the inode, or 0 when @name is not this tool's name of a run in
 * a pid namespace other than this process's.
 */
unsigned long kp_owner_foreign_ns(const char *name);

/**
 * kp_dynevent_split - group and event of a kprobe_events line
 * @line: "p:GROUP/EVENT ..." or "rN:GROUP/EVENT ..."
 * @group: buffer for the group
 * @event: buffer for the event
 * @size: size of each buffer
 *
 * Returns 0, or -1 if the line is not of that form or a name does not fit.
 */
int kp_dynevent_split(const char *line, char *group, char *event, size_t size);

/**
 * kp_dynevent_find - is GROUP/EVENT one of the lines of kprobe_events?
 * @events: the file's contents, or NULL
 * @group: the group
 * @event: the event
 */
bool kp_dynevent_find(const char *events, const char *group, const char *event);

/**
 * kp_read_file - read a whole (small, procfs or debugfs) text file
 * @path: the file
 *
 * Returns its contents, NUL-terminated, in malloc'd memory (the caller
 * frees it), or NULL with errno set.
 */
char *kp_read_file(const char *path);

/**
 * kp_lost_line - recognise trace_pipe's "CPU:N [LOST M EVENTS]" line
 * @line: one line, without its newline
 * @len: its length
 * @lost: set to M
 *
 * Returns true if @line is such a line.
 */
bool kp_lost_line(const char *line, size_t len, unsigned long long *lost);

/* One kprobe's counters from kprobe_profile */
struct kp_profile {
	unsigned long long hits;   /* handler runs (for a return probe: returns seen) */
	unsigned long long missed; /* calls it did not see (return probe: maxactive ran out) */
	unsigned int maxactive;	   /* N of an "rN:" line; 0 for an entry probe */
};

/**
 * kp_profile_find - a kprobe's hit and miss counts
 * @events: kprobe_events' contents
 * @profile: kprobe_profile's contents ("  EVENT  HITS  MISSED" per line)
 * @group: the probe's group
 * @event: the probe's event name
 * @out: filled in on success
 *
 * kprobe_profile names a probe by its event alone, so two groups' probes
 * of the same name are told apart by position: both files list the
 * kernel's kprobes in the same order, one per line. Returns 0; -1 if the
 * probe is not in @events, or the two files do not line up (a probe came
 * or went between the two reads: read both again).
 */
int kp_profile_find(const char *events, const char *profile, const char *group, const char *event,
		    struct kp_profile *out);

/**
 * kp_maxactive_suggest - a larger N for "rN:" after a return probe missed calls
 * @pr: the probe's counters; @pr->missed is not zero
 *
 * At least twice the current N, more when most calls were missed, rounded
 * up to a power of two, at most the kernel's limit (KP_MAXACTIVE_MAX).
 * Returns 0 when N is at that limit already.
 */
unsigned int kp_maxactive_suggest(const struct kp_profile *pr);

/**
 * kp_readme_has_kind - does tracefs' README describe @kind's definitions?
 * @readme: README's contents
 * @kind: the definition's first letter ('p', 'r', 'f', 't', 'e', ...)
 *
 * Kernels list each kind of dynamic event they accept as a line like
 * "f[:[<group>/][<event>]] <func-name>[%return] [<args>]"; the fprobe
 * and tracepoint-probe lines exist only where CONFIG_FPROBE_EVENTS is set.
 */
bool kp_readme_has_kind(const char *readme, char kind);

#endif
