/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_RUNLOCK_H
#define KPROBE_RUNLOCK_H

#include <stdbool.h>
#include <stddef.h>
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
 * kp_rundir_check - is @dir a directory only this user (root) can change?
 * @dir: the directory of run locks and records
 * @create: create it first (mode 0700) if it does not exist
 * @why: on failure, set to what is wrong, as a whole message: "cannot
 *	 create '/run/kprobe': Read-only file system", "'/run/kprobe' is a
 *	 symbolic link", "... is not a directory", "... is owned by uid 1000,
 *	 not root", "... is writable by anyone (mode 0777)"
 * @len: size of @why
 *
 * What is in @dir decides which runs are dead and which probes are
 * removed: one that someone else could have put there is not used, nor is
 * one reached through a symbolic link. Returns 0, or -1 with errno (from
 * mkdir() or lstat(), ENOENT when it does not exist and !@create; ELOOP,
 * ENOTDIR or EPERM for one refused).
 */
int kp_rundir_check(const char *dir, bool create, char *why, size_t len);

/* A run's record lists its user-named probes, "GROUP/EVENT" a line */
#define KP_RECORD_FILE_MAX (1 << 20)
#define KP_RECORD_NAME_MAX 64 /* KP_NAME_MAX: with its '\0' */

/**
 * kp_record_read - read a run's record, trusting nothing of it
 * @path: the record file
 *
 * Not followed if it is a symbolic link; refused unless a regular file of
 * at most KP_RECORD_FILE_MAX bytes (never blocks on a FIFO). Returns its
 * text, '\0'-terminated (the caller frees), or NULL with errno (EINVAL for
 * one refused, ELOOP for a symbolic link, or open()'s).
 */
char *kp_record_read(const char *path);

/**
 * kp_record_next - the next probe a record names
 * @text: where to go on reading the record; advanced past the line
 * @group: set to the group, KP_RECORD_NAME_MAX bytes
 * @event: set to the event, KP_RECORD_NAME_MAX bytes
 *
 * A line that is not GROUP/EVENT, both names of letters, digits, '_', '.'
 * and '-' and shorter than KP_RECORD_NAME_MAX, is skipped. Returns 1 with
 * a probe, 0 at the end of the text.
 */
int kp_record_next(const char **text, char *group, char *event);

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
 * full disk), or the directory is not to be trusted (kp_rundir_check()),
 * the run still traces: this warns, and other runs then judge
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
