/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_STALE_H
#define KPROBE_STALE_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * What runs that were killed (SIGKILL, a crash) left in tracefs: their
 * instances and probes, found by their "kprobe_<pid>" names and by the
 * records of probes they made in groups the user named.
 */
/* One run judged: dead runs' locks are held until their leftovers are gone */
struct kp_stale_run {
	pid_t pid;
	bool alive;
	bool keep_lock; /* something of it is left: so is its lock file */
	int held;	/* the dead run's lock, or -1 */
};

struct kp_stale {
	const char *record_dir; /* records and run locks; KP_RECORD_DIR unless a test says */
	bool dir_trusted;	/* record_dir passed kp_rundir_check() in this pass */
	char *events;		/* dynamic_events, read once per pass */
	bool events_read;
	int removed;
	struct kp_stale_run *runs; /* each run judged once */
	int nr_runs;
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
 * touched: its lock (runlock.h) is free; a run that left no lock file is
 * over when its pid is gone or is no longer this tool. Probes a dead run
 * made in groups the user named are removed only when @verbose asks;
 * otherwise they are reported. The locks and records are read only from
 * a directory kp_rundir_check() accepts, record files with
 * kp_record_read(); with any other, every run is judged by its pid. Returns how many
 * things were removed, or -1 if some could not be.
 */
int kp_stale_cleanup(struct kp_stale *st, bool verbose);

/**
 * kp_stale_destroy - let go of dead runs' locks (removing their files), free
 *                    what was read; idempotent
 * @st: the cleaner
 */
void kp_stale_destroy(struct kp_stale *st);

#endif
