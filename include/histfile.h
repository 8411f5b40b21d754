/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_HISTFILE_H
#define KPROBE_HISTFILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The kernel's `hist` file of one event, parsed: one table per hist
 * trigger on the event, each a list of entries (the key values as the
 * kernel printed them, the hitcount and the other values) and the totals.
 * Pure: the text is handed in. The format is trace_events_hist.c's
 * hist_trigger_entry_print(), the same on 6.1 and 6.12:
 *
 *   # trigger info: hist:keys=...
 *   { KEY: VALUE, KEY: VALUE } hitcount:          N  VAL:          N
 *   Totals:
 *       Hits: N
 *       Entries: N
 *       Dropped: N
 *
 * A stack key spans lines: "{ common_stacktrace:", one frame a line,
 * then "} hitcount: N".
 */

#define KP_HIST_KEYS_MAX 8
#define KP_HIST_VALS_MAX 8

struct kp_hist_entry {
	char *key[KP_HIST_KEYS_MAX]; /* as printed, blanks trimmed; a stack's frames one a line */
	unsigned long long hitcount;
	unsigned long long val[KP_HIST_VALS_MAX];
};

struct kp_hist_table {
	char *trigger; /* the "trigger info:" text, without " [active]"; NULL if none */
	int nr_keys, nr_vals;
	char *key_name[KP_HIST_KEYS_MAX]; /* as the entries name them ("common_pid", "count") */
	char *val_name[KP_HIST_VALS_MAX]; /* values other than hitcount */
	struct kp_hist_entry *entries;
	size_t nr_entries;
	bool have_totals;
	unsigned long long hits, nr_total, dropped; /* Totals: Hits, Entries, Dropped */
};

struct kp_hist_file {
	struct kp_hist_table *tables;
	int nr_tables;
	size_t bad_lines; /* entry lines that could not be read */
};

/**
 * kp_histfile_parse - parse the text of an event's `hist` file
 * @text: the file's text, NUL-terminated
 * @hf: filled in; free with kp_histfile_free() whatever is returned
 *
 * Lines that are no entry, total or table header are skipped; an entry
 * line that cannot be read is counted in @hf->bad_lines. Returns 0, or -1
 * with errno ENOMEM.
 */
int kp_histfile_parse(const char *text, struct kp_hist_file *hf);

/**
 * kp_histfile_free - free what kp_histfile_parse() filled in
 * @hf: the parsed file; left empty, so a second call is harmless
 */
void kp_histfile_free(struct kp_hist_file *hf);

/**
 * kp_hist_table_subtract - what a table counted since an earlier read of it
 * @t: the table now; its counts become the differences, entries that did
 *     not grow are left out (and freed)
 * @prev: the same table read earlier, or NULL
 *
 * Hits and Dropped become differences too. -i prints these, so that no
 * event is lost between a read and a clear.
 */
void kp_hist_table_subtract(struct kp_hist_table *t, const struct kp_hist_table *prev);

/**
 * kp_hist_log2_bucket - read a log2 key as printed ("~ 2^10")
 * @text: the key's text
 * @exp: the exponent N
 *
 * The kernel counts a value v in bucket N = ilog2(roundup_pow_of_two(v)):
 * N covers 2^(N-1)+1 to 2^N, and N = 0 covers 0 and 1. Returns 0, or -1
 * if @text is not a log2 bucket.
 */
int kp_hist_log2_bucket(const char *text, unsigned int *exp);

/**
 * kp_hist_linear_bucket - read a .buckets key as printed ("~ 100-199")
 * @text: the key's text
 * @low: the first value of the bucket
 * @high: the last value of the bucket
 *
 * Returns 0, or -1 if @text is not such a bucket.
 */
int kp_hist_linear_bucket(const char *text, unsigned long long *low, unsigned long long *high);

#endif
