// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stale-run cleanup: the instances and probes of runs that were killed
 * before their teardown could run. Live runs are never touched.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "aggregate.h"
#include "dynevent.h"
#include "errors.h"
#include "ktext.h"
#include "pidns.h"
#include "probe.h"
#include "runlock.h"
#include "stale.h"
#include "tfswrite.h"

void kp_stale_init(struct kp_stale *st, const char *record_dir)
{
	memset(st, 0, sizeof(*st));
	st->record_dir = record_dir;
}

/*
 * The guess for a run that left no lock file (it could not create one):
 * its process must exist and still be this tool (named kprobe*, or like
 * us); a pid reused by any other program means the run is gone.
 */
static bool owner_alive_by_pid(pid_t pid)
{
	char path[64], *comm, *self;
	bool alive;

	if (kill(pid, 0) && errno != EPERM)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	comm = kp_read_file(path);
	self = kp_read_file("/proc/self/comm");
	alive = !comm || !self || !strncmp(comm, "kprobe", strlen("kprobe")) || !strcmp(comm, self);
	free(comm);
	free(self);
	return alive;
}

/* Is the run that owns kprobe_<pid> still going? Each run is judged once */
static bool owner_alive(struct kp_stale *st, pid_t pid)
{
	struct kp_stale_run *more, *r;
	enum kp_run_state state;
	int i, held;

	/* a leftover named after this process is from a run before it */
	if (pid == getpid())
		return false;
	for (i = 0; i < st->nr_runs; i++)
		if (st->runs[i].pid == pid)
			return st->runs[i].alive;
	held = -1;
	state = st->dir_trusted ? kp_run_state(st->record_dir, pid, &held) : KP_RUN_UNKNOWN;
	more = realloc(st->runs, (st->nr_runs + 1) * sizeof(*st->runs));
	if (!more) {
		kp_run_release(st->record_dir, pid, held);
		return true;
	}
	st->runs = more;
	r = &st->runs[st->nr_runs++];
	r->pid = pid;
	r->held = held;
	r->keep_lock = false;
	r->alive = state == KP_RUN_ALIVE || (state == KP_RUN_UNKNOWN && owner_alive_by_pid(pid));
	return r->alive;
}

/*
 * A run of another pid namespace ("kprobe_<pid>_<inode>"): its pid tells
 * nothing here. From the initial namespace, whose /proc lists every
 * process, it is dead once no process is left in its namespace; a run in
 * a namespace never judges another's.
 */
static bool foreign_dead(const char *name)
{
	unsigned long ino = kp_owner_foreign_ns(name);

	return !kp_run_ns && ino && !kp_pidns_alive("/proc", ino);
}

/* --latency's synthetic event of another namespace's run: "kprobe_<pid>_<inode>_lat<N>" */
static bool synth_foreign_dead(const char *event)
{
	const char *lat = strstr(event, "_lat");
	char run[40];

	if (!lat || (size_t)(lat - event) >= sizeof(run))
		return false;
	snprintf(run, sizeof(run), "%.*s", (int)(lat - event), event);
	return foreign_dead(run);
}

/* A dead run with something left keeps its lock file, so it is judged dead again */
static void keep_lock(struct kp_stale *st, pid_t pid)
{
	int i;

	for (i = 0; i < st->nr_runs; i++)
		if (st->runs[i].pid == pid)
			st->runs[i].keep_lock = true;
}

/* Lock files of dead runs that left nothing else: judged, so removed at the end */
static void judge_locks(struct kp_stale *st)
{
	struct dirent *d;
	DIR *dir;

	dir = st->dir_trusted ? opendir(st->record_dir) : NULL;
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		char name[32];
		size_t len = strlen(d->d_name);
		pid_t pid;

		if (len <= strlen(".lock") || len - strlen(".lock") >= sizeof(name) ||
		    strcmp(d->d_name + len - strlen(".lock"), ".lock"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - strlen(".lock")), d->d_name);
		pid = kp_owner_pid(name);
		if (pid > 0)
			owner_alive(st, pid);
	}
	closedir(dir);
}

/*
 * dynamic_events lists the dynamic events of every kind, and removes any
 * of them; a kernel without it has kprobe_events only.
 */
static const char *events_file(void)
{
	return tracefs_file_exists(NULL, "dynamic_events") ? "dynamic_events" : "kprobe_events";
}

static const char *events(struct kp_stale *st)
{
	if (!st->events_read) {
		st->events = tracefs_instance_file_read(NULL, events_file(), NULL);
		st->events_read = true;
	}
	return st->events;
}

static int remove_instances(struct kp_stale *st, bool verbose)
{
	char **names = tracefs_instances(NULL);
	int failed = 0, i;

	for (i = 0; names && names[i]; i++) {
		struct tracefs_instance *inst;
		pid_t pid = kp_owner_pid(names[i]);

		if (pid > 0 ? owner_alive(st, pid) : !foreign_dead(names[i]))
			continue;
		inst = tracefs_instance_alloc(NULL, names[i]);
		/* hist triggers keep an instance busy: they go first */
		if (inst && events(st))
			kp_triggers_clear(inst, events(st));
		if (inst && !kp_tfs_instance_destroy(inst)) {
			st->removed++;
			if (verbose && pid > 0)
				fprintf(stderr, "removed instance '%s' of dead run %d\n", names[i],
					(int)pid);
			else if (verbose)
				fprintf(stderr,
					"removed instance '%s' of a dead pid namespace's run\n",
					names[i]);
		} else {
			failed = error_errno("cannot remove stale instance '%s'", names[i]);
			keep_lock(st, pid);
		}
		tracefs_instance_free(inst);
	}
	tracefs_list_free(names);
	return failed;
}

static int remove_groups(struct kp_stale *st, bool verbose)
{
	char group[KP_NAME_MAX], event[KP_NAME_MAX];
	char *text, *line, *save = NULL;
	int failed = 0;

	text = events(st) ? strdup(events(st)) : NULL;
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		pid_t pid;

		if (kp_dynevent_split(line, group, event, sizeof(group)))
			continue;
		/* --latency's synthetic events are named kprobe_<pid>_lat<N> */
		pid = strcmp(group, "synthetic") ? kp_owner_pid(group) : kp_synth_owner(event);
		if (pid > 0 ? owner_alive(st, pid)
			    : !(strcmp(group, "synthetic") ? foreign_dead(group)
							   : synth_foreign_dead(event)))
			continue;
		if (kp_dynevent_remove(events_file(), group, event)) {
			failed = -1;
			keep_lock(st, pid);
			continue;
		}
		st->removed++;
		if (verbose && pid > 0)
			fprintf(stderr, "removed probe '%s/%s' of dead run %d\n", group, event,
				(int)pid);
		else if (verbose)
			fprintf(stderr, "removed probe '%s/%s' of a dead pid namespace's run\n",
				group, event);
	}
	free(text);
	return failed;
}

/*
 * The records of dead runs: their user-named probes are removed with
 * --cleanup (@remove), and only reported otherwise, since a group the
 * user named may have been reused since.
 */
static int cleanup_records(struct kp_stale *st, bool remove)
{
	char path[PATH_MAX], group[KP_RECORD_NAME_MAX], event[KP_RECORD_NAME_MAX];
	const char *line;
	struct dirent *d;
	char *text;
	int failed = 0;
	DIR *dir;

	dir = st->dir_trusted ? opendir(st->record_dir) : NULL;
	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		pid_t pid = kp_owner_pid(d->d_name);
		bool left = false;

		if (pid < 0 || owner_alive(st, pid))
			continue;
		snprintf(path, sizeof(path), "%s/%s", st->record_dir, d->d_name);
		text = kp_record_read(path);
		line = text;
		while (line && kp_record_next(&line, group, event)) {
			if (!kp_dynevent_find(events(st), group, event))
				continue;
			if (!remove) {
				warning("probe '%s/%s' was left by killed run %d; "
					"'kprobe --cleanup' removes it",
					group, event, (int)pid);
				left = true;
			} else if (kp_dynevent_remove(events_file(), group, event)) {
				failed = -1;
				left = true;
			} else {
				st->removed++;
				fprintf(stderr, "removed probe '%s/%s' of dead run %d\n", group,
					event, (int)pid);
			}
		}
		free(text);
		if (!left)
			unlink(path);
		else
			keep_lock(st, pid);
	}
	closedir(dir);
	return failed;
}

int kp_stale_cleanup(struct kp_stale *st, bool verbose)
{
	char why[PATH_MAX + 64];
	int failed = 0;

	/* each pass reads kprobe_events afresh */
	free(st->events);
	st->events = NULL;
	st->events_read = false;
	st->removed = 0;
	/*
	 * Locks and records in a directory someone else could have made say
	 * nothing (kp_runlock_take() warned of it): runs are then judged by
	 * their pids, and no record is read
	 */
	st->dir_trusted = !kp_rundir_check(st->record_dir, false, why, sizeof(why));
	if (remove_instances(st, verbose))
		failed = -1;
	if (remove_groups(st, verbose))
		failed = -1;
	if (cleanup_records(st, verbose))
		failed = -1;
	judge_locks(st);
	if (verbose)
		fprintf(stderr, "%d stale item%s removed\n", st->removed,
			st->removed == 1 ? "" : "s");
	return failed ? -1 : st->removed;
}

void kp_stale_destroy(struct kp_stale *st)
{
	int i;

	for (i = 0; i < st->nr_runs; i++) {
		struct kp_stale_run *r = &st->runs[i];

		if (r->keep_lock && r->held >= 0)
			close(r->held);
		else
			kp_run_release(st->record_dir, r->pid, r->held);
	}
	free(st->runs);
	free(st->events);
	memset(st, 0, sizeof(*st));
}
