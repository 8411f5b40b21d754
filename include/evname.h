/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_EVNAME_H
#define KPROBE_EVNAME_H

#include "probe.h"

/*
 * The names the run's own events carry in the kernel. Removing a probe
 * with "-:EVENT" (no group), as perf-tools' kprobe does, makes the kernel
 * try every probe of that name in every group and stop at the first it
 * cannot remove: an enabled event of ours with the same name made the
 * other tool's removal fail with EBUSY and leave its probe behind, and
 * would have removed ours while it was not enabled. So the events of the
 * run's own group carry the run's pid in the kernel ("do_sys_openat2__42"),
 * and the output shows the name the user gave or was given.
 */

/**
 * kp_evname_assign - give the run's own events their kernel names
 * @probes: the run's probes, with their names assigned
 *	    (kp_probes_assign_names())
 * @n: how many
 * @pid: the run's pid
 *
 * Each probe in the run's own group (no group given) gets "EVENT__PID" as
 * its event and keeps EVENT as its shown name; a name too long for the
 * suffix, and a probe in a group the user named, keep their names.
 * Returns 0, or -1 after printing an allocation failure.
 */
int kp_evname_assign(struct kp_probe *probes, int n, int pid);

/**
 * kp_evname_format - a format file with the event's shown name
 * @format: the kernel's format file of the event ("name: EVENT\n...")
 * @shown: the name to show
 *
 * Returns the text with its "name:" line naming @shown, in malloc'd memory,
 * or NULL with errno set (ENOMEM). A text without a "name:" line is copied.
 */
char *kp_evname_format(const char *format, const char *shown);

#endif
