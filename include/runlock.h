/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_RUNLOCK_H
#define KPROBE_RUNLOCK_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Run liveness: each run holds an flock on DIR/kprobe_<pid>.lock from
 * before it creates anything until after it has removed everything. The
 * kernel drops the lock when the process dies, however it dies, so a lock
 * that can be taken means the run is over, even if another process has
 * the pid by now; a lock that is held means the run is alive.
 */
struct kp_runlock {
	const char *dir; /* KP_RUN_DIR unless a test says; must outlive the lock */
	char *path;	 /* the lock file, once taken */
	int fd;		 /* holds the lock; -1 if none */
};

#define KP_RUN_DIR "/run/kprobe"

enum kp_run_state {
	KP_RUN_DEAD,	/* its lock is free: the run is over */
	KP_RUN_ALIVE,	/* its lock is held */
	KP_RUN_UNKNOWN, /* it left no lock file (see kp_runlock_take()) */
};

/**
 * kp_runlock_init - prepare; touches nothing
 * @l: the lock
 * @dir: the directory of lock files
 */
void kp_runlock_init(struct kp_runlock *l, const char *dir);

/**
 * kp_runlock_take - lock this run's file, creating @dir if need be
 * @l: the lock
 * @name: the run's name, "kprobe_<pid>"
 *
 * When the directory or the file cannot be created (a read-only /run, a
 * full disk), the run still traces: this warns, and other runs then judge
 * this one by its pid alone (kp_run_state() says KP_RUN_UNKNOWN). Returns
 * true if the lock is held.
 */
bool kp_runlock_take(struct kp_runlock *l, const char *name);

/**
 * kp_runlock_destroy - remove the lock file and let go; idempotent
 * @l: the lock
 */
void kp_runlock_destroy(struct kp_runlock *l);

/**
 * kp_run_state - is the run "kprobe_<pid>" still going?
 * @dir: the directory of lock files
 * @pid: the run's pid
 * @held: if not NULL and the run is dead, set to a descriptor that holds
 *        its lock (so that no new run can take it meanwhile): pass it to
 *        kp_run_release() when done with the dead run's leftovers
 *
 * Returns KP_RUN_DEAD, KP_RUN_ALIVE or KP_RUN_UNKNOWN.
 */
enum kp_run_state kp_run_state(const char *dir, pid_t pid, int *held);

/**
 * kp_run_release - remove a dead run's lock file and let go of it
 * @dir: the directory of lock files
 * @pid: the dead run's pid
 * @held: the descriptor kp_run_state() gave
 */
void kp_run_release(const char *dir, pid_t pid, int held);

#endif
