/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_DYNEVENT_H
#define KPROBE_DYNEVENT_H

#include <stdbool.h>

#include "output.h"
#include "probe.h"
#include "runlock.h"

/*
 * The dynamic events a run creates, recorded as they are created so that
 * teardown removes exactly those, in reverse.
 */
struct kp_dynevents {
	const char *run_group;	       /* "kprobe_<pid>" */
	const struct kp_probe *probes; /* the run's definitions */
	int nr;
	bool *created; /* one per probe */
	/*
	 * Probes in groups the user named carry no owner in their name: they
	 * are listed in a record file, so a run killed with SIGKILL can be
	 * cleaned up after. record_dir is KP_RECORD_DIR unless a test says.
	 */
	const char *record_dir;
	char *record_path; /* created by this run */
	bool record_off;   /* the record could not be written: not tried again */
};

#define KP_RECORD_DIR KP_RUN_DIR /* the records live with the run locks */

/**
 * kp_dynevents_init - prepare; touches nothing in tracefs
 * @d: the set
 * @run_group: the run's own group; must outlive @d
 * @probes: the definitions; must outlive @d
 * @nr: how many
 *
 * Returns 0, or -1 on allocation failure.
 */
int kp_dynevents_init(struct kp_dynevents *d, const char *run_group, const struct kp_probe *probes,
		      int nr);

/**
 * kp_dynevents_create - create each probe, in order, until one fails
 * @d: the set
 *
 * A probe in a group the user named is recorded before it is created; a
 * record that cannot be written is a warning, not an error. Each goes to
 * its kind's file (kp_kinds[].file). Returns 0, or -1 after printing the
 * kernel's own reason (its error_log entry under the user's text, or errno
 * in words, and the kind's own check of the location).
 */
int kp_dynevents_create(struct kp_dynevents *d);

/**
 * kp_dynevents_print_formats - print each created probe's format file (-v)
 * @d: the set
 * @out: where to
 *
 * Returns 0 or -1.
 */
int kp_dynevents_print_formats(struct kp_dynevents *d, struct kp_output *out);

/**
 * kp_dynevents_destroy - remove the probes this run created, in reverse,
 *                        then its record; idempotent
 * @d: the set
 *
 * Returns 0, or -1 if something could not be removed (each is reported).
 */
int kp_dynevents_destroy(struct kp_dynevents *d);

/**
 * kp_dynevent_remove - remove one dynamic event
 * @file: the file its kind is written to (kp_kinds[].file), or
 *        "dynamic_events", which removes every kind
 * @group: its group
 * @event: its name
 *
 * Retries while the kernel says EBUSY (a just-removed instance may still
 * hold the event). Returns 0, or -1 after printing why.
 */
int kp_dynevent_remove(const char *file, const char *group, const char *event);

#endif
