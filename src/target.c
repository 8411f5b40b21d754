// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tasks a run traces: the -p process and its threads, the -L thread,
 * or the -c command, which this process runs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errors.h"
#include "target.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* What the held child exits with when it is not let go: it ran nothing */
#define NOT_RUN 125

void kp_target_init(struct kp_target *t, pid_t pid, pid_t tid, const char *command)
{
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->tid = tid;
	t->command = command;
	t->hold_fd = -1;
	t->grace_ms = KP_COMMAND_GRACE_MS;
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

int kp_target_exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* Descriptors this process opened (tracefs files, -o) are not the command's */
static void cloexec_from_3(void)
{
	long fd, max;

	/* Linux 5.11; older kernels go through the descriptors one by one */
	if (!syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC))
		return;
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		fcntl((int)fd, F_SETFD, FD_CLOEXEC);
}

/*
 * The child: the signals as this process found them, then wait on the
 * pipe until tracing is on, then exec. End-of-file instead of the go byte
 * means setup failed or this process is gone: exit without running
 * anything.
 */
static void command_child(const struct kp_target *t, int hold, const sigset_t *ignored,
			  const sigset_t *mask)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD };
	char go;
	ssize_t n;
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], sigismember(ignored, sigs[i]) ? SIG_IGN : SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	cloexec_from_3();
	do
		n = read(hold, &go, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(NOT_RUN);
	execl("/bin/sh", "sh", "-c", t->command, (char *)NULL);
	error_errno("cannot run '/bin/sh'");
	_exit(127);
}

int kp_target_spawn(struct kp_target *t, const sigset_t *ignored)
{
	sigset_t mask, all;
	int hold[2];
	pid_t pid;

	if (pipe2(hold, O_CLOEXEC))
		return error_errno("cannot create a pipe for the command");
	/*
	 * Every signal is blocked across fork(), so that none reaches the
	 * child before it has set its dispositions: it unblocks them after
	 */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &mask);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (!pid) {
		close(hold[1]);
		command_child(t, hold[0], ignored, &mask);
	}
	sigprocmask(SIG_SETMASK, &mask, NULL);
	if (pid < 0) {
		close(hold[0]);
		close(hold[1]);
		return error_errno("cannot start the command");
	}
	close(hold[0]);
	t->hold_fd = hold[1];
	t->pid = pid;
	return 0;
}

void kp_target_release(struct kp_target *t)
{
	/* EPIPE: it died while held; waiting for it tells the rest */
	if (write(t->hold_fd, "", 1) < 0 && errno != EPIPE)
		error_errno("cannot release the command");
	close(t->hold_fd);
	t->hold_fd = -1;
	t->released = true;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

bool kp_target_wait(struct kp_target *t, int timeout_ms)
{
	int waited = 0;

	if (t->pid <= 0 || !t->command)
		return t->reaped;
	while (!t->reaped) {
		pid_t r = waitpid(t->pid, &t->status, timeout_ms < 0 ? 0 : WNOHANG);

		if (r == t->pid) {
			t->reaped = true;
			break;
		}
		if (r < 0 && errno != EINTR) {
			/* not our child (any more): nothing to wait for */
			t->status = 0;
			t->reaped = true;
			break;
		}
		if (r == 0) {
			if (waited >= timeout_ms)
				break;
			sleep_ms(10);
			waited += 10;
		}
	}
	return t->reaped;
}

int kp_target_finish(struct kp_target *t, int sig, bool forward)
{
	bool ended_here = false;

	if (!kp_target_wait(t, 0)) {
		if (!sig) {
			kill(t->pid, SIGTERM);
			ended_here = true;
		} else if (forward) {
			kill(t->pid, sig);
		}
		if (!kp_target_wait(t, t->grace_ms)) {
			kill(t->pid, SIGKILL);
			kp_target_wait(t, -1);
		}
	}
	return ended_here ? 0 : kp_target_exit_code(t->status);
}

void kp_target_destroy(struct kp_target *t)
{
	if (t->hold_fd >= 0) {
		close(t->hold_fd);
		t->hold_fd = -1;
	}
	if (t->command && t->pid > 0 && !t->reaped) {
		/* held (it exits at end-of-file) or still running: never left behind */
		kill(t->pid, SIGKILL);
		kp_target_wait(t, -1);
	}
	t->pid = -1;
	t->tid = -1;
}
