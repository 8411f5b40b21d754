/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_MISSED_H
#define KPROBE_MISSED_H

#include "probe.h"

/**
 * kp_missed_report - say what the run's kprobes missed, at the end of a run
 * @probes: the run's probes
 * @n: how many
 * @run_group: the run's own group
 *
 * Reads each kprobe's hit and miss counts from kprobe_profile while the
 * probes still exist. A return probe whose MAXACTIVE instances ran out
 * gets a warning with the count and a larger "rN:" to try; an entry probe
 * that missed hits (the kernel was in another probe) gets a warning too.
 * Probes of other kinds have no counters there and are left out.
 * Returns the total of missed calls, 0 when the counters cannot be read.
 */
unsigned long long kp_missed_report(const struct kp_probe *probes, int n, const char *run_group);

#endif
