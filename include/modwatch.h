/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_MODWATCH_H
#define KPROBE_MODWATCH_H

#include <stdbool.h>

#include "probe.h"

/*
 * The run's kprobes in modules, watched for the module's unloading: the
 * kernel then marks the probe [GONE] in debugfs' kprobes/list (its
 * address stays there), and it sees nothing more.
 */
/* Where the kernel lists its kprobes */
#define KP_KPROBES_LIST "/sys/kernel/debug/kprobes/list"

/* How often a run looks at kprobes/list, in milliseconds */
#define KP_MODWATCH_MS 1000

struct kp_modwatch_probe {
	int probe;		 /* its index among the run's probes */
	char module[64];	 /* the module that holds its function */
	unsigned long long addr; /* its address, as kprobes/list shows it */
	bool gone;		 /* reported as [GONE] */
	bool said;		 /* the run said so */
};

struct kp_modwatch {
	struct kp_modwatch_probe *w;
	int n;
	int nr_probes; /* of the run, in modules or not */
	int gone;      /* of those watched, gone */
};

/**
 * kp_modwatch_init - find the run's kprobes that are in a module
 * @w: the watch, zeroed
 * @probes: the run's probes, created
 * @n: how many
 * @list: the text of kprobes/list, or NULL (then nothing is watched)
 *
 * A kprobe or return probe on SYMBOL[+OFFS] is watched when a line of
 * @list has "SYMBOL+0xOFFS  MODULE" (any offset when none was given: the
 * kernel may probe past an endbr64) and no [GONE]. Returns the number
 * watched, or -1 on allocation failure.
 */
int kp_modwatch_init(struct kp_modwatch *w, const struct kp_probe *probes, int n, const char *list);

/**
 * kp_kprobes_list_in_module - is kprobe @p in a module, as @list shows it?
 * @list: the text of kprobes/list, or NULL
 * @p: a kprobe or return probe on SYMBOL[+OFFS], created
 *
 * Returns 1 if its line names a module, 0 if the core kernel's, -1 when
 * no line of @list (not [GONE]) is the probe's.
 */
int kp_kprobes_list_in_module(const char *list, const struct kp_probe *p);

/**
 * kp_modwatch_check - which watched probes are gone now?
 * @w: the watch
 * @list: kprobes/list as it is now
 *
 * Marks gone each watched probe whose address is on a line with [GONE].
 * Returns how many were newly marked (their index in @w->w marked, and
 * @w->gone counts them).
 */
int kp_modwatch_check(struct kp_modwatch *w, const char *list);

/* Can none of the run's probes fire any more? */
static inline bool kp_modwatch_all_gone(const struct kp_modwatch *w)
{
	return w->n && w->gone == w->nr_probes;
}

void kp_modwatch_destroy(struct kp_modwatch *w);

#endif
