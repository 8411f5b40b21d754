// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whom the run's instance traces: -p's threads and -c's command in
 * set_event_pid, with event-fork for the tasks they create; --cgroup's
 * tasks as they join; this process left out by set_event_notrace_pid; and,
 * in a pid namespace, the kernel's pids of this namespace's tasks. Each
 * change recorded so that teardown undoes exactly that.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "errors.h"
#include "follow.h"
#include "ktext.h"
#include "pidns.h"
#include "tfswrite.h"

void kp_follow_init(struct kp_follow *fl, struct tracefs_instance *tfs)
{
	memset(fl, 0, sizeof(*fl));
	fl->tfs = tfs;
}

/* The si_code the look-up's signals carry, which its filter keys on: no sender's but ours */
#define MAP_SI_CODE (-19280)

/* Send thread @tid a signal it ignores; 0, or -1 after saying why */
static int poke(pid_t tid)
{
	char path[64];
	const char *tgid_line;
	siginfo_t si;
	long tgid;
	int sig, tries;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	/* -c's command blocks every signal for a moment after fork(): wait that out */
	for (tries = 0;; tries++) {
		struct timespec ms = { 0, 2000000L };
		char *status = kp_read_file(path);

		if (!status)
			return error("cannot map PID %d to the kernel's: no such process",
				     (int)tid);
		sig = kp_pidns_quiet_signal(status);
		tgid_line = strstr(status, "\nTgid:");
		tgid = tgid_line ? strtol(tgid_line + 6, NULL, 10) : 0;
		free(status);
		if (sig || tries >= 50)
			break;
		nanosleep(&ms, NULL);
	}
	if (!sig)
		return error("cannot map PID %d to the kernel's: it catches or blocks both SIGURG "
			     "and SIGWINCH",
			     (int)tid);
	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = MAP_SI_CODE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	if (tgid <= 0 || syscall(SYS_rt_tgsigqueueinfo, (pid_t)tgid, tid, sig, &si))
		return error_errno("cannot map PID %d to the kernel's", (int)tid);
	return 0;
}

int kp_follow_kernel_pids(struct kp_follow *fl, const pid_t *tids, int n, pid_t *out)
{
	static const char filter[] = "code == -19280 && (sig == 23 || sig == 28)";
	char *text;
	int i, got, err = 0;

	if (kp_tfs_event_write(fl->tfs, "signal", "signal_generate", "filter", filter) < 0 ||
	    kp_tfs_event_write(fl->tfs, "signal", "signal_generate", "enable", "1") < 0)
		return error_errno("cannot enable 'signal/signal_generate' to map pids");
	for (i = 0; i < n && !err; i++)
		err = poke(tids[i]);
	if (kp_tfs_event_write(fl->tfs, "signal", "signal_generate", "enable", "0") < 0 ||
	    kp_tfs_event_write(fl->tfs, "signal", "signal_generate", "filter", "0") < 0)
		err = error_errno("cannot disable 'signal/signal_generate'");
	text = err ? NULL : tracefs_instance_file_read(fl->tfs, "trace", NULL);
	got = text ? kp_pidns_generated(text, out, n) : 0;
	free(text);
	/* the look-up's records are not the run's */
	if (kp_tfs_write(fl->tfs, "trace", "") < 0 && !err)
		err = error_errno("cannot clear the instance's buffer");
	if (!err && got != n)
		err = error(
			"cannot map PID %d to the kernel's: the kernel did not record its signal",
			(int)tids[got]);
	return err;
}

static bool has_tid(const pid_t *tids, int n, pid_t tid)
{
	int i;

	for (i = 0; i < n; i++)
		if (tids[i] == tid)
			return true;
	return false;
}

/*
 * Follow -p PID: its existing threads go to set_event_pid; event-fork
 * adds every thread or child they create afterwards. Threads created
 * while we were writing are caught by reading the task list again.
 */
int kp_follow_target(struct kp_follow *fl, const struct kp_target *t)
{
	pid_t *done = NULL;
	int ndone = 0, round;

	if (t->pid <= 0)
		return 0;
	if (kp_tfs_option(fl->tfs, TRACEFS_OPTION_EVENT_FORK, true))
		return error_errno("cannot enable option 'event-fork'");
	fl->event_fork_set = true;
	for (round = 0; round < 100; round++) {
		int n, i, added = 0;
		pid_t *tids = kp_target_tasks(t->pid, &n), *kpids = tids;

		/*
		 * set_event_pid takes the kernel's pids: in a pid namespace the
		 * kernel is asked, before set_event_pid leaves this process's
		 * own signal out. Threads made since are event-fork's.
		 */
		if (kp_run_ns && round)
			n = 0;
		if (kp_run_ns && n) {
			kpids = calloc((size_t)n, sizeof(*kpids));
			if (!kpids || kp_follow_kernel_pids(fl, tids, n, kpids)) {
				bool oom = !kpids;

				free(kpids);
				free(tids);
				free(done);
				return oom ? error("out of memory") : -1;
			}
		}
		for (i = 0; i < n; i++) {
			char buf[16];
			pid_t *more;

			if (has_tid(done, ndone, tids[i]))
				continue;
			snprintf(buf, sizeof(buf), "%d", (int)kpids[i]);
			more = realloc(done, (ndone + 1) * sizeof(*done));
			if (more)
				done = more;
			if (!more || kp_tfs_append(fl->tfs, "set_event_pid", buf) < 0) {
				if (kpids != tids)
					free(kpids);
				free(tids);
				free(done);
				return more ? error_errno("cannot add PID %s to set_event_pid", buf)
					    : error("out of memory");
			}
			fl->pids_set = true;
			done[ndone++] = tids[i];
			added++;
		}
		if (kpids != tids)
			free(kpids);
		free(tids);
		if (!added)
			break;
	}
	free(done);
	if (!ndone)
		return error("no threads found for PID %d", (int)t->pid);
	return 0;
}

/*
 * An empty set_event_pid traces every task: until a task is in the
 * cgroup, it holds pid_max, which no task has. Linux 5.16's sparse pid
 * lists keep it; before, a pid from pid_max up was dropped, which the
 * read-back catches.
 */
static int no_task_yet(struct kp_follow *fl)
{
	char buf[32] = "4194304", *back;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "re");
	bool kept;

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			strcpy(buf, "4194304");
		buf[strcspn(buf, "\n")] = '\0';
		fclose(f);
	}
	if (kp_tfs_append(fl->tfs, "set_event_pid", buf) < 0)
		return error_errno("cannot add PID %s to set_event_pid", buf);
	fl->pids_set = true;
	back = tracefs_instance_file_read(fl->tfs, "set_event_pid", NULL);
	kept = back && strspn(back, "0123456789");
	free(back);
	if (!kept)
		return error("set_event_pid does not keep PID %s (the kernel is older than 5.16): "
			     "cannot trace an empty cgroup",
			     buf);
	return 0;
}

int kp_follow_add_pids(struct kp_follow *fl, const pid_t *pids, int n)
{
	int i;

	if (!fl->event_fork_set) {
		if (kp_tfs_option(fl->tfs, TRACEFS_OPTION_EVENT_FORK, true))
			return error_errno("cannot enable option 'event-fork'");
		fl->event_fork_set = true;
	}
	if (!n && !fl->pids_set)
		return no_task_yet(fl);
	for (i = 0; i < n; i++) {
		char buf[16];

		snprintf(buf, sizeof(buf), "%d", (int)pids[i]);
		/* ESRCH: it exited since; nothing to trace */
		if (kp_tfs_append(fl->tfs, "set_event_pid", buf) < 0 && errno != ESRCH)
			return error_errno("cannot add PID %s to set_event_pid", buf);
		fl->pids_set = true;
	}
	return 0;
}

/*
 * The tool's own reads and writes of tracefs would show up as events of
 * probes on file functions: leave this process out of the instance.
 */
int kp_follow_notrace_self(struct kp_follow *fl)
{
	char buf[16];

	if (!tracefs_file_exists(fl->tfs, "set_event_notrace_pid"))
		return 0;
	snprintf(buf, sizeof(buf), "%d", fl->self_kpid ? (int)fl->self_kpid : (int)getpid());
	if (kp_tfs_write(fl->tfs, "set_event_notrace_pid", buf) < 0)
		return error_errno("cannot write set_event_notrace_pid");
	fl->notrace_set = true;
	return 0;
}

int kp_follow_destroy(struct kp_follow *fl)
{
	int err = 0;

	if (!fl->tfs)
		return 0;
	if (fl->notrace_set) {
		if (kp_tfs_write(fl->tfs, "set_event_notrace_pid", "") < 0)
			err = error_errno("cannot clear set_event_notrace_pid");
		fl->notrace_set = false;
	}
	if (fl->pids_set) {
		if (kp_tfs_write(fl->tfs, "set_event_pid", "") < 0)
			err = error_errno("cannot clear set_event_pid");
		fl->pids_set = false;
	}
	if (fl->event_fork_set) {
		if (kp_tfs_option(fl->tfs, TRACEFS_OPTION_EVENT_FORK, false))
			err = error_errno("cannot disable option 'event-fork'");
		fl->event_fork_set = false;
	}
	fl->tfs = NULL;
	return err;
}
