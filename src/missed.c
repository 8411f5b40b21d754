// SPDX-License-Identifier: GPL-2.0-only
/*
 * Missed calls: the kernel counts, per kprobe, the hits it handled and
 * the ones it missed (a return probe whose instances were all in use, a
 * probe hit while the kernel ran another one). Read them before the
 * probes go, and tell the user what to change.
 */
#include <stdlib.h>
#include <string.h>

#include <tracefs.h>

#include "errors.h"
#include "grammar.h"
#include "ktext.h"
#include "missed.h"

/* kprobe_events and kprobe_profile read as one consistent pair */
struct counters {
	char *events;
	char *profile;
};

/* A top-level tracefs file; an empty one is "" (the library gives NULL) */
static char *read_file(const char *name)
{
	char *text = tracefs_instance_file_read(NULL, name, NULL);

	if (!text && tracefs_file_exists(NULL, name))
		text = strdup("");
	return text;
}

/*
 * kprobe_profile names probes by event only, and matches kprobe_events
 * line for line; another run adding or removing a probe between the
 * reads shifts the lines, so read until kprobe_events is the same on
 * both sides of the profile.
 */
static int read_counters(struct counters *c)
{
	int tries;

	for (tries = 0; tries < 5; tries++) {
		char *again;

		c->events = read_file("kprobe_events");
		c->profile = read_file("kprobe_profile");
		again = read_file("kprobe_events");
		if (c->events && c->profile && again && !strcmp(c->events, again)) {
			free(again);
			return 0;
		}
		free(again);
		free(c->events);
		free(c->profile);
		c->events = c->profile = NULL;
	}
	return -1;
}

static void report(const struct kp_probe *p, const char *group, const struct kp_profile *pr)
{
	size_t len;
	unsigned int n;

	if (!p->is_return) {
		warning("probe '%s/%s' missed %llu of %llu hits (the kernel was running another "
			"probe)",
			group, kp_probe_shown(p), pr->missed, pr->hits + pr->missed);
		return;
	}
	warning("return probe '%s/%s' missed %llu of %llu calls: more were in flight than its "
		"MAXACTIVE of %u",
		group, kp_probe_shown(p), pr->missed, pr->hits + pr->missed, pr->maxactive);
	n = kp_maxactive_suggest(pr);
	len = kp_strip_return(p->location, strlen(p->location));
	if (n)
		note("try 'r%u:%.*s' to keep up to %u calls in flight", n, (int)len, p->location,
		     n);
	else
		note("%u is the most the kernel allows", pr->maxactive);
}

unsigned long long kp_missed_report(const struct kp_probe *probes, int n, const char *run_group)
{
	struct counters c = { 0 };
	unsigned long long total = 0;
	int i;

	/* a kernel without kprobes (uprobes only) has nothing to count */
	if (!tracefs_file_exists(NULL, "kprobe_profile"))
		return 0;
	if (read_counters(&c)) {
		warning("cannot read kprobe_profile; missed calls not counted");
		return 0;
	}
	for (i = 0; i < n; i++) {
		const char *group = kp_probe_group(&probes[i], run_group);
		struct kp_profile pr;

		if (kp_profile_find(c.events, c.profile, group, probes[i].event, &pr) || !pr.missed)
			continue;
		total += pr.missed;
		report(&probes[i], group, &pr);
	}
	free(c.events);
	free(c.profile);
	return total;
}
