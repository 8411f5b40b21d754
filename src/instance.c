// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's private ftrace instance: created, its ring buffer and options
 * set (size, stacks, clock, filters, triggers, events), read, stopped and
 * removed, each change recorded so that teardown undoes exactly that, in
 * reverse. Whom it traces is follow.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tracefs.h>

#include "comm.h"
#include "ksymsrc.h"
#include "errlog.h"
#include "syntax.h"
#include "errors.h"
#include "instance.h"
#include "ktext.h"
#include "tfswrite.h"

int kp_instance_init(struct kp_instance *in, const char *name, int nr_events)
{
	memset(in, 0, sizeof(*in));
	in->name = name;
	in->nr_events = nr_events;
	if (nr_events) {
		in->events = calloc(nr_events, sizeof(*in->events));
		if (!in->events)
			return error("out of memory");
	}
	return 0;
}

int kp_instance_create(struct kp_instance *in)
{
	in->tfs = kp_tfs_instance_create(in->name);
	if (!in->tfs)
		return error_errno("cannot create instance '%s'", in->name);
	if (!tracefs_instance_is_new(in->tfs)) {
		tracefs_instance_free(in->tfs);
		in->tfs = NULL;
		return error("instance '%s' already exists", in->name);
	}
	kp_follow_init(&in->follow, in->tfs);
	return 0;
}

/*
 * The task events the raw reader names tasks by, enabled in this order:
 * new tasks and renames, and the frees that let a pid's name go (the
 * table of names stays as large as the live tasks, and a pid reused by a
 * task whose creation was lost is not shown with the dead task's name)
 */
static const struct {
	const char *system, *event;
} task_events[] = {
	{ KP_TASK_SYSTEM, KP_TASK_NEWTASK },
	{ KP_TASK_SYSTEM, KP_TASK_RENAME },
	{ KP_FREE_SYSTEM, KP_TASK_FREE },
};

int kp_instance_ring(struct kp_instance *in, unsigned long buffer_kb, bool raw)
{
	char kb[24];
	size_t i;

	snprintf(kb, sizeof(kb), "%lu", buffer_kb);
	if (kp_tfs_write(in->tfs, "buffer_size_kb", kb) < 0)
		return error_errno("cannot set the ring buffer to %s KB per CPU", kb);
	if (!raw)
		return 0;
	/*
	 * Since 6.1, poll() on trace_pipe_raw waits until the buffer is
	 * buffer_percent full (50 by default): 0 wakes on the first event
	 */
	if (kp_tfs_write(in->tfs, "buffer_percent", "0") < 0)
		return error_errno("cannot write '0' to buffer_percent");
	/*
	 * With the stacktrace option each event is followed by its stack on
	 * the same CPU; a free, reported from softirq, can come between a
	 * new task and its stack, which then goes with the wrong event:
	 * with -s names are not forgotten (the table stays bounded)
	 */
	for (i = 0; i < sizeof(task_events) / sizeof(task_events[0]) - in->no_free_events; i++) {
		if (kp_tfs_event_write(in->tfs, task_events[i].system, task_events[i].event,
				       "enable", "1") < 0)
			return error_errno("cannot enable '%s/%s'", task_events[i].system,
					   task_events[i].event);
		in->task_events_set = i + 1;
	}
	/*
	 * A module loaded during the run: its functions are named from the
	 * first of its records on (a kernel without modules has no such event)
	 */
	if (kp_tfs_event_write(in->tfs, KP_MODULE_SYSTEM, KP_MODULE_LOAD, "enable", "1") >= 0)
		in->module_load_set = true;
	return 0;
}

int kp_instance_stacktrace(struct kp_instance *in)
{
	if (kp_tfs_option(in->tfs, TRACEFS_OPTION_STACKTRACE, true))
		return error_errno("cannot enable option 'stacktrace'");
	in->stacktrace_set = true;
	return 0;
}

int kp_instance_userstacktrace(struct kp_instance *in)
{
	if (kp_tfs_option(in->tfs, TRACEFS_OPTION_USERSTACKTRACE, true))
		return error_errno("cannot enable option 'userstacktrace'");
	in->userstacktrace_set = true;
	/* the kernel's own text (--reader text) names the file of each frame */
	if (kp_tfs_option(in->tfs, TRACEFS_OPTION_SYM_USEROBJ, true))
		return error_errno("cannot enable option 'sym-userobj'");
	in->sym_userobj_set = true;
	return 0;
}

/* The kernel's reason for refusing @filter, under the user's own text */
static bool explain_filter(struct kp_instance *in, const char *event, const char *user,
			   const char *filter, const char *before)
{
	char *now = kp_errlog_snapshot(in->tfs), what[128];
	bool shown = false;

	snprintf(what, sizeof(what), "cannot set the filter of '%s'", event);
	if (now && (!before || strcmp(now, before)))
		shown = kp_syntax_explain(what, now, user, filter, true);
	free(now);
	return shown;
}

void kp_instance_show_as(struct kp_instance *in, int i, const char *shown)
{
	in->events[i].shown = shown;
}

int kp_instance_filter(struct kp_instance *in, int i, const char *group, const char *event,
		       const char *user, const char *filter)
{
	char *before;

	if (!*filter)
		return 0;
	in->events[i].group = group;
	in->events[i].event = event;
	before = kp_errlog_snapshot(in->tfs);
	if (kp_tfs_event_write(in->tfs, group, event, "filter", filter) < 0) {
		const char *name = in->events[i].shown ? in->events[i].shown : event;
		int saved = errno;

		if (explain_filter(in, name, user, filter, before)) {
			free(before);
			return -1;
		}
		error("cannot set filter '%s' on '%s': %s", filter, name, strerror(saved));
		if (!kp_errlog_show_new(in->tfs, before)) {
			char *text = tracefs_event_file_read(in->tfs, group, event, "filter", NULL);

			if (text)
				kp_note_lines(text);
			free(text);
		}
		free(before);
		return -1;
	}
	free(before);
	in->events[i].filtered = true;
	return 0;
}

/* Does trace_clock's "[local] global ... boot" list @clock? */
static bool lists_clock(const char *clocks, const char *clock)
{
	size_t len = strlen(clock);
	const char *p;

	for (p = strstr(clocks, clock); p; p = strstr(p + 1, clock))
		if ((p == clocks || p[-1] == ' ' || p[-1] == '[') &&
		    (!p[len] || strchr(" ]\n", p[len])))
			return true;
	return false;
}

int kp_instance_trace_clock(struct kp_instance *in, const char *clock)
{
	char *clocks;

	if (kp_tfs_write(in->tfs, "trace_clock", clock) >= 0)
		return 0;
	clocks = tracefs_instance_file_read(in->tfs, "trace_clock", NULL);
	if (clocks && !lists_clock(clocks, clock)) {
		clocks[strcspn(clocks, "\n")] = '\0';
		error("this kernel has no trace clock '%s' (it has: %s)", clock, clocks);
	} else {
		error_errno("cannot set the trace clock of instance '%s' to '%s'", in->name, clock);
	}
	free(clocks);
	return -1;
}

int kp_instance_trigger(struct kp_instance *in, int i, const char *group, const char *event,
			const char *text)
{
	const char *name = in->events[i].shown ? in->events[i].shown : event;
	char *before;

	in->events[i].group = group;
	in->events[i].event = event;
	before = kp_errlog_snapshot(in->tfs);
	if (kp_tfs_event_append(in->tfs, group, event, "trigger", text) < 0) {
		error_errno("the kernel refused trigger '%s' on event '%s'", text, name);
		kp_errlog_show_new(in->tfs, before);
		free(before);
		return -1;
	}
	free(before);
	in->trigger = strdup(text);
	in->trigger_event = i;
	if (!in->trigger) {
		/* it cannot be removed by its text: the instance's removal takes it */
		return error("out of memory");
	}
	return 0;
}

/* "!" and the trigger's text removes it */
static int trigger_remove(struct kp_instance *in)
{
	const struct kp_instance_event *e = &in->events[in->trigger_event];
	char *cmd;
	int ret;

	if (asprintf(&cmd, "!%s", in->trigger) < 0)
		return error("out of memory");
	ret = kp_tfs_event_append(in->tfs, e->group, e->event, "trigger", cmd);
	free(cmd);
	if (ret < 0 && errno != ENOENT)
		return error_errno("cannot remove trigger '%s' from '%s/%s'", in->trigger, e->group,
				   e->event);
	return 0;
}

int kp_instance_enable(struct kp_instance *in, int i, const char *group, const char *event)
{
	in->events[i].group = group;
	in->events[i].event = event;
	if (kp_tfs_event_write(in->tfs, group, event, "enable", "1") < 0)
		return error_errno("cannot enable '%s/%s'", group, event);
	in->events[i].enabled = true;
	return 0;
}

int kp_instance_print_headers(struct kp_instance *in, struct kp_output *out)
{
	char *text = tracefs_instance_file_read(in->tfs, "trace", NULL);
	char *line, *save = NULL;
	int ret = 0;

	if (!text)
		return error_errno("cannot read the trace headers");
	for (line = strtok_r(text, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] != '#')
			continue;
		ret = kp_output_write(out, line, strlen(line));
		if (!ret)
			ret = kp_output_write(out, "\n", 1);
	}
	free(text);
	return ret && !out->closed ? -1 : 0;
}

int kp_instance_open(struct kp_instance *in, const char *file)
{
	int flags = O_RDONLY | O_CLOEXEC;
	int fd;

	if (!strcmp(file, "trace_pipe"))
		flags |= O_NONBLOCK;
	fd = tracefs_instance_file_open(in->tfs, file, flags);
	if (fd < 0)
		return error_errno("cannot open '%s' of instance '%s'", file, in->name);
	return fd;
}

void kp_instance_stop(struct kp_instance *in)
{
	if (!in->tfs || in->tracing_stopped)
		return;
	if (kp_tfs_trace_off(in->tfs))
		warning("cannot stop tracing in instance '%s'", in->name);
	in->tracing_stopped = true;
}

int kp_instance_cpu_stats(struct tracefs_instance *tfs, int cpu, struct kp_cpu_stats *st)
{
	char file[48], *text;
	int found;

	snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
	text = tracefs_instance_file_read(tfs, file, NULL);
	found = text ? kp_stats_parse(text, st) : 0;
	free(text);
	return found ? 0 : -1;
}

int kp_instance_lost(struct kp_instance *in, struct kp_cpu_stats *st)
{
	struct dirent *d;
	char *dir;
	int found = 0;
	DIR *dp;

	memset(st, 0, sizeof(*st));
	if (!in->tfs)
		return -1;
	dir = tracefs_instance_get_file(in->tfs, "per_cpu");
	dp = dir ? opendir(dir) : NULL;
	tracefs_put_tracing_file(dir);
	if (!dp)
		return -1;
	while ((d = readdir(dp))) {
		char *end;
		long cpu;

		if (strncmp(d->d_name, "cpu", 3))
			continue;
		cpu = strtol(d->d_name + 3, &end, 10);
		if (end != d->d_name + 3 && !*end && cpu >= 0 && cpu <= INT_MAX &&
		    !kp_instance_cpu_stats(in->tfs, (int)cpu, st))
			found++;
	}
	closedir(dp);
	return found ? 0 : -1;
}

/* Write 0 to an event's @file; an event someone else removed is no error */
static int event_reset(struct kp_instance *in, const struct kp_instance_event *e, const char *file)
{
	/* (kp_dynevent_remove() says so when it finds the probe gone) */
	if (kp_tfs_event_write(in->tfs, e->group, e->event, file, "0") < 0 && errno != ENOENT)
		return -1;
	return 0;
}

int kp_instance_destroy(struct kp_instance *in)
{
	int err = 0;

	if (in->tfs) {
		int i;

		/* the last thing added, and what holds the probe busy: first */
		if (in->trigger && trigger_remove(in))
			err = -1;
		free(in->trigger);
		in->trigger = NULL;
		for (i = in->nr_events - 1; i >= 0; i--) {
			struct kp_instance_event *e = &in->events[i];

			if (!e->enabled)
				continue;
			if (event_reset(in, e, "enable"))
				err = error_errno("cannot disable '%s/%s'", e->group, e->event);
			e->enabled = false;
		}
		for (i = in->nr_events - 1; i >= 0; i--) {
			struct kp_instance_event *e = &in->events[i];

			if (!e->filtered)
				continue;
			if (event_reset(in, e, "filter"))
				err = error_errno("cannot clear the filter of '%s/%s'", e->group,
						  e->event);
			e->filtered = false;
		}
		if (kp_follow_destroy(&in->follow))
			err = -1;
		if (in->sym_userobj_set) {
			if (kp_tfs_option(in->tfs, TRACEFS_OPTION_SYM_USEROBJ, false))
				err = error_errno("cannot disable option 'sym-userobj'");
			in->sym_userobj_set = false;
		}
		if (in->userstacktrace_set) {
			if (kp_tfs_option(in->tfs, TRACEFS_OPTION_USERSTACKTRACE, false))
				err = error_errno("cannot disable option 'userstacktrace'");
			in->userstacktrace_set = false;
		}
		if (in->stacktrace_set) {
			if (kp_tfs_option(in->tfs, TRACEFS_OPTION_STACKTRACE, false))
				err = error_errno("cannot disable option 'stacktrace'");
			in->stacktrace_set = false;
		}
		if (in->module_load_set && kp_tfs_event_write(in->tfs, KP_MODULE_SYSTEM,
							      KP_MODULE_LOAD, "enable", "0") < 0)
			err = error_errno("cannot disable '%s/%s'", KP_MODULE_SYSTEM,
					  KP_MODULE_LOAD);
		in->module_load_set = false;
		while (in->task_events_set) {
			unsigned int k = --in->task_events_set;

			if (kp_tfs_event_write(in->tfs, task_events[k].system, task_events[k].event,
					       "enable", "0") < 0)
				err = error_errno("cannot disable '%s/%s'", task_events[k].system,
						  task_events[k].event);
		}
		if (kp_tfs_instance_destroy(in->tfs))
			err = error_errno("cannot remove instance '%s'", in->name);
		tracefs_instance_free(in->tfs);
		in->tfs = NULL;
	}
	free(in->events);
	in->events = NULL;
	in->nr_events = 0;
	return err;
}
