// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run liveness by flock: a run holds the lock on its own file for as long
 * as it lives, and the kernel lets go of it when the process dies.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "pidns.h"
#include "runlock.h"

/* Tries at a file that another process keeps replacing: it cannot, for long */
#define LOCK_TRIES 10

int kp_rundir_check(const char *dir, bool create, char *why, size_t len)
{
	struct stat st;

	/* lstat: a symlink is refused, whatever it points at */
	if ((create && mkdir(dir, 0700) && errno != EEXIST) || lstat(dir, &st)) {
		int err = errno;

		snprintf(why, len, "cannot create '%s': %s", dir, strerror(err));
		errno = err;
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		snprintf(why, len, "'%s' is a symbolic link", dir);
		errno = ELOOP;
	} else if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "'%s' is not a directory", dir);
		errno = ENOTDIR;
	} else if (st.st_uid != geteuid()) {
		snprintf(why, len, "'%s' is owned by uid %d, not %s", dir, (int)st.st_uid,
			 geteuid() ? "this user" : "root");
		errno = EPERM;
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, len, "'%s' is writable by %s (mode %04o)", dir,
			 st.st_mode & S_IWOTH ? "anyone" : "its group",
			 (unsigned int)(st.st_mode & 07777));
		errno = EPERM;
	} else {
		return 0;
	}
	return -1;
}

char *kp_record_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	size_t len = 0;
	struct stat st;
	char *buf;
	ssize_t n;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > KP_RECORD_FILE_MAX) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	buf = malloc(KP_RECORD_FILE_MAX + 1);
	if (!buf) {
		close(fd);
		return NULL;
	}
	/* it may grow while read: never past the limit */
	while (len < KP_RECORD_FILE_MAX && (n = read(fd, buf + len, KP_RECORD_FILE_MAX - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* A group's or event's name as the kernel takes them: letters, digits, '_', '.', '-' */
static bool good_name(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= KP_RECORD_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

int kp_record_next(const char **text, char *group, char *event)
{
	const char *line = *text;

	while (*line) {
		size_t len = strcspn(line, "\n");
		const char *slash = memchr(line, '/', len);

		*text = line[len] ? line + len + 1 : line + len;
		if (slash && good_name(line, (size_t)(slash - line)) &&
		    good_name(slash + 1, len - (size_t)(slash - line) - 1)) {
			memcpy(group, line, (size_t)(slash - line));
			group[slash - line] = '\0';
			memcpy(event, slash + 1, len - (size_t)(slash - line) - 1);
			event[len - (size_t)(slash - line) - 1] = '\0';
			return 1;
		}
		line = *text;
	}
	return 0;
}

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
	char reason[PATH_MAX + 64];
	const char *why;
	int tries, fd;

	if (l->fd >= 0)
		return true;
	if (kp_rundir_check(l->dir, true, reason, sizeof(reason))) {
		warning("%s; tracing without a run lock "
			"(other runs will judge this one by its PID alone)",
			reason);
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
	char *path, name[40];

	kp_run_name(name, sizeof(name), pid);
	if (asprintf(&path, "%s/%s.lock", dir, name) < 0)
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
