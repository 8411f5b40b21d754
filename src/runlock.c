// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run liveness by flock: a run holds the lock on its own file for as long
 * as it lives, and the kernel lets go of it when the process dies.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "runlock.h"

/* Tries at a file that another process keeps replacing: it cannot, for long */
#define LOCK_TRIES 10

void kp_runlock_init(struct kp_runlock *l, const char *dir)
{
	l->dir = dir;
	l->path = NULL;
	l->fd = -1;
}

/* Does @fd still refer to the file at @path? A cleaner removes it when done */
static bool still_there(int fd, const char *path)
{
	struct stat a, b;

	return !fstat(fd, &a) && !stat(path, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool kp_runlock_take(struct kp_runlock *l, const char *name)
{
	const char *why;
	int tries, fd;

	if (l->fd >= 0)
		return true;
	if (mkdir(l->dir, 0700) && errno != EEXIST) {
		warning("cannot create '%s': %s; tracing without a run lock "
			"(other runs will judge this one by its PID alone)",
			l->dir, strerror(errno));
		return false;
	}
	if (asprintf(&l->path, "%s/%s.lock", l->dir, name) < 0) {
		l->path = NULL;
		error("out of memory");
		return false;
	}
	for (tries = 0; tries < LOCK_TRIES; tries++) {
		fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			why = "create";
			goto fail;
		}
		/* waits only while a cleaner holds a dead run's lock of this same pid */
		if (flock(fd, LOCK_EX)) {
			why = "lock";
			close(fd);
			goto fail;
		}
		if (still_there(fd, l->path)) {
			l->fd = fd;
			return true;
		}
		close(fd);
	}
	errno = EAGAIN;
	why = "lock";
fail:
	warning("cannot %s '%s': %s; tracing without a run lock "
		"(other runs will judge this one by its PID alone)",
		why, l->path, strerror(errno));
	free(l->path);
	l->path = NULL;
	return false;
}

void kp_runlock_destroy(struct kp_runlock *l)
{
	/* removed while still held, so no one can take the file for a dead run's */
	if (l->fd >= 0) {
		unlink(l->path);
		close(l->fd);
		l->fd = -1;
	}
	free(l->path);
	l->path = NULL;
}

static char *lock_path(const char *dir, pid_t pid)
{
	char *path;

	if (asprintf(&path, "%s/kprobe_%d.lock", dir, (int)pid) < 0)
		return NULL;
	return path;
}

enum kp_run_state kp_run_state(const char *dir, pid_t pid, int *held)
{
	enum kp_run_state state = KP_RUN_UNKNOWN;
	char *path = lock_path(dir, pid);
	int tries;

	if (held)
		*held = -1;
	if (!path)
		return KP_RUN_UNKNOWN;
	for (tries = 0; tries < LOCK_TRIES; tries++) {
		int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);

		if (fd < 0)
			break;
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			state = errno == EWOULDBLOCK ? KP_RUN_ALIVE : KP_RUN_UNKNOWN;
			close(fd);
			break;
		}
		/* free, and still the file of that name: its run is over */
		if (still_there(fd, path)) {
			state = KP_RUN_DEAD;
			if (held)
				*held = fd;
			else
				close(fd);
			break;
		}
		close(fd);
	}
	free(path);
	return state;
}

void kp_run_release(const char *dir, pid_t pid, int held)
{
	char *path;

	if (held < 0)
		return;
	path = lock_path(dir, pid);
	if (path)
		unlink(path);
	free(path);
	close(held);
}
