/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_STALE_H
#define KPROBE_STALE_H

#include <stdbool.h>

/*
 * What runs that were killed (SIGKILL, a crash) left in tracefs: their
 * instances and probes, found by their "kprobe_<pid>" names and by the
 * records of probes they made in groups the user named.
 */
struct kp_stale {
	const char *record_dir; /* KP_RECORD_DIR unless a test says */
	char *events;		/* kprobe_events, read once when needed */
	bool events_read;
	int removed;
};

/**
 * kp_stale_init - prepare; touches nothing
 * @st: the cleaner
 * @record_dir: where runs record their user-named probes; must outlive @st
 */
void kp_stale_init(struct kp_stale *st, const char *record_dir);

/**
 * kp_stale_cleanup - remove what runs that were killed left behind
 * @st: the cleaner
 * @verbose: report what was removed even if nothing was (--cleanup)
 *
 * Only instances and groups named "kprobe_<pid>" whose run is over are
 * touched. Probes a dead run made in groups the user named are removed
 * only when @verbose asks; otherwise they are reported. Returns how many
 * things were removed, or -1 if some could not be.
 */
int kp_stale_cleanup(struct kp_stale *st, bool verbose);

/**
 * kp_stale_destroy - free what was read; idempotent
 * @st: the cleaner
 */
void kp_stale_destroy(struct kp_stale *st);

#endif
