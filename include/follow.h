/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_FOLLOW_H
#define KPROBE_FOLLOW_H

#include <stdbool.h>
#include <sys/types.h>

#include "target.h"

struct tracefs_instance;

/*
 * Whom the run's instance traces: set_event_pid with event-fork (-p, -c,
 * --cgroup), set_event_notrace_pid (this process), and the kernel's pids
 * of tasks in a pid namespace. Each change is recorded as it is made, so
 * that kp_follow_destroy() undoes exactly that, in reverse.
 */
struct kp_follow {
	struct tracefs_instance *tfs; /* the instance; not owned */
	bool event_fork_set;
	bool pids_set;
	bool notrace_set;
	pid_t self_kpid; /* this process's kernel pid; 0: getpid() */
};

/**
 * kp_follow_init - prepare; touches nothing in tracefs
 * @fl: the instance's followers
 * @tfs: the created instance; must outlive @fl
 */
void kp_follow_init(struct kp_follow *fl, struct tracefs_instance *tfs);

/**
 * kp_follow_target - trace only the target's tasks
 * @fl: initialised
 * @t: the target; nothing is done unless it is a process (-p)
 *
 * The process's threads go to set_event_pid, after event-fork, so that
 * threads and children it creates later are traced too. Returns 0, or -1
 * after printing why.
 */
int kp_follow_target(struct kp_follow *fl, const struct kp_target *t);

/**
 * kp_follow_add_pids - trace these kernel pids too, and their children
 * @fl: initialised
 * @pids: kernel thread ids (--cgroup's); may be none
 * @n: how many
 *
 * The first call turns event-fork on and, when @n is 0, keeps
 * set_event_pid from standing for every task with a pid no task has.
 * Returns 0, or -1 after saying which write failed.
 */
int kp_follow_add_pids(struct kp_follow *fl, const pid_t *pids, int n);

/**
 * kp_follow_kernel_pids - the kernel's (initial namespace's) pids of threads
 * @fl: initialised, with no event of the instance enabled yet
 * @tids: the threads, as this process's pid namespace numbers them
 * @n: how many
 * @out: their kernel pids (may be @tids)
 *
 * Each thread is sent SIGURG or SIGWINCH, whichever it neither catches nor
 * blocks, so that the kernel drops it as ignored, and the instance's
 * signal/signal_generate event, enabled only meanwhile, records the
 * thread's kernel pid; the instance's buffer is emptied after. Nothing is
 * left to undo. Returns 0, or -1 after saying which PID cannot be mapped
 * and why.
 */
int kp_follow_kernel_pids(struct kp_follow *fl, const pid_t *tids, int n, pid_t *out);

/**
 * kp_follow_notrace_self - leave this process's own events out
 * @fl: initialised; @fl->self_kpid set in a pid namespace
 *
 * Uses set_event_notrace_pid where the kernel has it. Returns 0, or -1
 * after printing why.
 */
int kp_follow_notrace_self(struct kp_follow *fl);

/**
 * kp_follow_destroy - undo what was done, in reverse order; idempotent
 * @fl: initialised, or zeroed (nothing to undo)
 *
 * Called before the instance is removed. Returns 0, or -1 if something
 * could not be undone (each is reported).
 */
int kp_follow_destroy(struct kp_follow *fl);

#endif
