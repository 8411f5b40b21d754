/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TARGET_H
#define KPROBE_TARGET_H

#include <sys/types.h>

/*
 * What the run traces: every task (the default), one process and what it
 * starts (-p), or one thread (-L). Nothing here touches tracefs.
 */
struct kp_target {
	pid_t pid; /* -p, or -1 */
	pid_t tid; /* -L, or -1 */
};

/**
 * kp_target_init - take the target from the command line
 * @t: the target
 * @pid: -p, or -1
 * @tid: -L, or -1
 */
void kp_target_init(struct kp_target *t, pid_t pid, pid_t tid);

/**
 * kp_target_check - refuse a -p process or -L thread that does not exist
 * @t: the target
 *
 * Returns 0, or -1 after saying which one is missing.
 */
int kp_target_check(const struct kp_target *t);

/**
 * kp_target_tasks - the threads of process @pid now
 * @pid: the process
 * @n: set to the number of threads
 *
 * Returns a malloc'd array of thread ids (the caller frees it), or NULL
 * with *@n == 0 if the process is gone or memory ran out.
 */
pid_t *kp_target_tasks(pid_t pid, int *n);

/**
 * kp_target_destroy - release the target; idempotent
 * @t: the target
 */
void kp_target_destroy(struct kp_target *t);

#endif
