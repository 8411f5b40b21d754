// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tasks a run traces: the -p process and its threads, or the -L thread.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "target.h"

void kp_target_init(struct kp_target *t, pid_t pid, pid_t tid)
{
	t->pid = pid;
	t->tid = tid;
}

int kp_target_check(const struct kp_target *t)
{
	if (t->pid > 0 && kill(t->pid, 0) && errno == ESRCH)
		return error("no process with PID %d", (int)t->pid);
	if (t->tid > 0 && kill(t->tid, 0) && errno == ESRCH)
		return error("no thread with TID %d", (int)t->tid);
	return 0;
}

pid_t *kp_target_tasks(pid_t pid, int *n)
{
	char path[64];
	struct dirent *d;
	pid_t *tids = NULL;
	DIR *dir;

	*n = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return NULL;
	while ((d = readdir(dir))) {
		pid_t *more;
		long tid = strtol(d->d_name, NULL, 10);

		if (tid <= 0)
			continue;
		more = realloc(tids, (*n + 1) * sizeof(*tids));
		if (!more)
			break;
		tids = more;
		tids[(*n)++] = (pid_t)tid;
	}
	closedir(dir);
	return tids;
}

void kp_target_destroy(struct kp_target *t)
{
	t->pid = -1;
	t->tid = -1;
}
