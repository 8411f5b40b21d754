/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_HISTPRINT_H
#define KPROBE_HISTPRINT_H

#include <stdbool.h>

#include "format.h"
#include "histfile.h"
#include "histspec.h"

/*
 * A parsed hist table printed as users read aggregates: counts sorted with
 * the largest last, histograms as rows of [LOW, HIGH) with a bar, or one
 * JSON object per aggregate. Pure: text in, text out.
 */

enum kp_view_type {
	KP_VIEW_STRING,
	KP_VIEW_UNSIGNED,
	KP_VIEW_SIGNED,
	KP_VIEW_STACK,
};

struct kp_view_key {
	const char *name; /* as the user named it: "comm", "file", "stack" */
	enum kp_view_type type;
};

/* How to read and print one event's table */
struct kp_hist_view {
	const char *event;    /* the definition's event name */
	const char *function; /* the probed function: a stack starts there; NULL: as is */
	struct kp_view_key keys[KP_AGG_KEYS_MAX];
	int nr_keys;		 /* the --by keys, in the table's order */
	bool hist;		 /* the table's last key is a histogram's bucket */
	unsigned long long step; /* its .buckets step; 0: log2 */
	const char *field;	 /* what is counted in the buckets: "count", "latency" */
	const char *unit;	 /* "us" for --latency; NULL: none */
	bool json;
};

/**
 * kp_hist_view_key - the view's key for a --by key and the event's field
 * @k: the --by key
 * @f: its field (KP_KEY_FIELD), or NULL
 *
 * Returns the key to put in kp_hist_view.keys.
 */
struct kp_view_key kp_hist_view_key(const struct kp_agg_key *k, const struct kp_agg_field *f);

/**
 * kp_hist_print - print one table
 * @v: how to read it
 * @t: the table, from kp_histfile_parse()
 * @sb: where the text goes (appended)
 *
 * Counts: a header line with the event and key names, then one row per
 * key tuple, the largest count last. Histograms: per tuple of the other
 * keys, a header line and one row per bucket from the lowest to the
 * highest counted, empty ones included. Entries whose key cannot be read
 * are skipped and counted. Returns how many were skipped, or -1 with errno
 * ENOMEM.
 */
long kp_hist_print(const struct kp_hist_view *v, const struct kp_hist_table *t,
		   struct kp_strbuf *sb);

/**
 * kp_hist_range - the text of a number with K, M or G when it is an exact multiple
 * @v: the number
 * @buf: where to
 * @size: its size
 *
 * Returns @buf: "512", "1K", "1025", "3M".
 */
const char *kp_hist_range(unsigned long long v, char *buf, unsigned long size);

#endif
