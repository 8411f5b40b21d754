/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_CGROUP_H
#define KPROBE_CGROUP_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

/* How often --cgroup looks for tasks that joined, in milliseconds */
#define KP_CGROUP_POLL_MS 100

/*
 * --cgroup: a cgroup v2 directory, and the tasks of its subtree as last
 * seen, so that each look-up hands out only those that joined since.
 * Nothing here touches tracefs.
 */
struct kp_cgroup {
	char dir[PATH_MAX]; /* the cgroup's directory */
	pid_t *seen;	    /* the subtree's threads at the last look-up, sorted */
	int nseen;
};

/**
 * kp_cgroup_mount_of - the first cgroup2 mount in a mounts file's text
 * @mounts: /proc/self/mounts's text
 * @buf: gets the mount point, its octal escapes undone
 * @size: of @buf
 *
 * Returns 0, or -1 if there is no cgroup2 mount (nothing said).
 */
int kp_cgroup_mount_of(const char *mounts, char *buf, size_t size);

/**
 * kp_cgroup_resolve - the directory --cgroup PATH names
 * @mount: the cgroup2 mount point
 * @path: absolute (under @mount) or relative to @mount
 * @buf: gets the directory
 * @size: of @buf
 *
 * No "..", and an absolute @path must be @mount or below it. Returns 0,
 * or -1 after saying why.
 */
int kp_cgroup_resolve(const char *mount, const char *path, char *buf, size_t size);

/**
 * kp_cgroup_parse - the ids in a cgroup.procs or cgroup.threads text
 * @text: one decimal id a line
 * @ids: grows by the ids found (realloc'd; the caller frees it)
 * @n: how many @ids holds, updated
 *
 * Returns 0, or -1 on a line that is not an id or on allocation failure
 * (said).
 */
int kp_cgroup_parse(const char *text, pid_t **ids, int *n);

/**
 * kp_cgroup_open - find --cgroup PATH
 * @cg: the cgroup
 * @path: as given
 * @mounts_file: "/proc/self/mounts", or a test's
 *
 * Returns 0, or -1 after saying why: no cgroup2 mount (a cgroup v1
 * machine), or no such cgroup.
 */
int kp_cgroup_open(struct kp_cgroup *cg, const char *path, const char *mounts_file);

/**
 * kp_cgroup_joined - the threads in the cgroup and below that were not at the last look-up
 * @cg: an open cgroup
 * @n: set to how many
 *
 * The first call hands out every thread. Returns a malloc'd array (the
 * caller frees it; NULL when *@n is 0), or NULL with *@n == -1 after
 * saying what could not be read.
 */
pid_t *kp_cgroup_joined(struct kp_cgroup *cg, int *n);

/**
 * kp_cgroup_destroy - free what the look-ups kept; idempotent
 * @cg: the cgroup
 */
void kp_cgroup_destroy(struct kp_cgroup *cg);

#endif
