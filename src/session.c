// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tracefs session: everything this run creates or changes in tracefs,
 * recorded as it happens so that teardown undoes exactly that, in reverse.
 * The only file that talks to libtracefs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tracefs.h>

#include "errors.h"
#include "ksyms.h"
#include "probe.h"
#include "session.h"

#define BLACKLIST_PATH "/sys/kernel/debug/kprobes/blacklist"

/* What the kernel means when it refuses a kprobe_events line, by errno */
/* clang-format off */
static const struct {
	int errnum;
	const char *hint;
} create_hints[] = {
	{ EEXIST,	"an event of that name already exists in that group; name yours with p:NAME" },
	{ ENOENT,	"the kernel found no such function or module" },
	{ EILSEQ,	"the address is not on an instruction boundary" },
	{ EBUSY,	"the event is in use by another tracer" },
	{ ENOSPC,	"too many probes or arguments" },
	{ EINVAL,	"the kernel rejected the definition" },
	{ E2BIG,	"the definition has too many arguments" },
};
/* clang-format on */

static const char *create_hint(int errnum)
{
	size_t i;

	for (i = 0; i < sizeof(create_hints) / sizeof(create_hints[0]); i++)
		if (create_hints[i].errnum == errnum)
			return create_hints[i].hint;
	return NULL;
}

int kp_session_init(struct kp_session *s, const struct kp_config *cfg)
{
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	snprintf(s->name, sizeof(s->name), "kprobe_%d", (int)getpid());
	s->record_dir = KP_RECORD_DIR;
	if (cfg->nr_probes) {
		s->state = calloc(cfg->nr_probes, sizeof(*s->state));
		if (!s->state)
			return error("out of memory");
	}
	return 0;
}

int kp_session_check(struct kp_session *s)
{
	if (geteuid() != 0)
		return error("tracing needs root (running as uid %d)", (int)geteuid());
	/* finds tracefs, under debugfs too, and mounts it if it is nowhere */
	if (!tracefs_tracing_dir())
		return error("cannot find or mount tracefs (is CONFIG_FTRACE set?)");
	if (!tracefs_file_exists(NULL, "kprobe_events"))
		return error("this kernel has no kprobe_events in %s "
			     "(it needs CONFIG_KPROBES and CONFIG_KPROBE_EVENTS)",
			     tracefs_tracing_dir());
	if (s->cfg->pid > 0 && kill(s->cfg->pid, 0) && errno == ESRCH)
		return error("no process with PID %d", (int)s->cfg->pid);
	if (s->cfg->tid > 0 && kill(s->cfg->tid, 0) && errno == ESRCH)
		return error("no thread with TID %d", (int)s->cfg->tid);
	return 0;
}

/* The newest error_log entry of @instance (NULL: top level), malloc'd */
static char *errlog_last(struct tracefs_instance *instance)
{
	char *log = tracefs_instance_file_read(instance, "error_log", NULL);
	const char *last;
	char *copy = NULL;
	size_t len;

	last = kp_errlog_last(log, &len);
	if (last)
		copy = strndup(last, len);
	free(log);
	return copy;
}

/* Print each line of kernel text under the last message; @text is consumed */
static void note_lines(char *text)
{
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		note("%s", line);
}

/* Print the kernel's error_log entry if it is new since @before */
static bool show_new_errlog(struct tracefs_instance *instance, const char *before)
{
	char *now = errlog_last(instance);
	bool shown = false;

	if (now && (!before || strcmp(now, before))) {
		note_lines(now);
		shown = true;
	}
	free(now);
	return shown;
}

static char *read_plain_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/*
 * Is the run that owns kprobe_<pid> still going? Its process must exist
 * and still be this tool (named kprobe*, or like us): a pid reused by any
 * other program means the run is gone.
 */
static bool owner_alive(pid_t pid)
{
	char path[64], *comm, *self;
	bool alive;

	if (pid == getpid())
		return false;
	if (kill(pid, 0) && errno != EPERM)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	comm = read_plain_file(path);
	self = read_plain_file("/proc/self/comm");
	alive = !comm || !self || !strncmp(comm, "kprobe", strlen("kprobe")) || !strcmp(comm, self);
	free(comm);
	free(self);
	return alive;
}

static int remove_probe(const char *group, const char *event)
{
	char cmd[2 * KP_NAME_MAX + 8];
	int tries;

	snprintf(cmd, sizeof(cmd), "-:%s/%s", group, event);
	/* a just-removed instance may still be letting go of the event */
	for (tries = 0; tries < 20; tries++) {
		if (tracefs_instance_file_append(NULL, "kprobe_events", cmd) >= 0)
			return 0;
		if (errno != EBUSY)
			break;
		usleep(10000);
	}
	return error_errno("cannot remove probe '%s/%s'", group, event);
}

/*
 * The records of dead runs: their user-named probes are removed with
 * --cleanup (@remove), and only reported otherwise, since a group the
 * user named may have been reused since.
 */
static int cleanup_records(struct kp_session *s, bool remove, int *removed)
{
	char path[PATH_MAX], group[KP_NAME_MAX], event[KP_NAME_MAX];
	char *events = NULL, *text, *line, *save;
	struct dirent *d;
	int failed = 0;
	DIR *dir;

	dir = opendir(s->record_dir);
	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		pid_t pid = kp_owner_pid(d->d_name);
		bool left = false;

		if (pid < 0 || owner_alive(pid))
			continue;
		snprintf(path, sizeof(path), "%s/%s", s->record_dir, d->d_name);
		text = read_plain_file(path);
		if (!events)
			events = tracefs_instance_file_read(NULL, "kprobe_events", NULL);
		save = NULL;
		for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *slash = strchr(line, '/');

			if (!slash || slash - line >= KP_NAME_MAX ||
			    strlen(slash + 1) >= KP_NAME_MAX)
				continue;
			snprintf(group, sizeof(group), "%.*s", (int)(slash - line), line);
			snprintf(event, sizeof(event), "%s", slash + 1);
			if (!kp_dynevent_find(events, group, event))
				continue;
			if (!remove) {
				warning("probe '%s/%s' was left by killed run %d; "
					"'kprobe --cleanup' removes it",
					group, event, (int)pid);
				left = true;
			} else if (remove_probe(group, event)) {
				failed = -1;
				left = true;
			} else {
				(*removed)++;
				fprintf(stderr, "removed probe '%s/%s' of dead run %d\n", group,
					event, (int)pid);
			}
		}
		free(text);
		if (!left)
			unlink(path);
	}
	closedir(dir);
	free(events);
	return failed;
}

int kp_session_cleanup_stale(struct kp_session *s, bool verbose)
{
	char group[KP_NAME_MAX], event[KP_NAME_MAX];
	int removed = 0, failed = 0, i;
	char **names, *events, *line, *save = NULL;

	names = tracefs_instances(NULL);
	for (i = 0; names && names[i]; i++) {
		struct tracefs_instance *inst;
		pid_t pid = kp_owner_pid(names[i]);

		if (pid < 0 || owner_alive(pid))
			continue;
		inst = tracefs_instance_alloc(NULL, names[i]);
		if (inst && !tracefs_instance_destroy(inst)) {
			removed++;
			if (verbose)
				fprintf(stderr, "removed instance '%s' of dead run %d\n", names[i],
					(int)pid);
		} else {
			failed = error_errno("cannot remove stale instance '%s'", names[i]);
		}
		tracefs_instance_free(inst);
	}
	tracefs_list_free(names);

	events = tracefs_instance_file_read(NULL, "kprobe_events", NULL);
	for (line = events ? strtok_r(events, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		pid_t pid;

		if (kp_dynevent_split(line, group, event, sizeof(group)))
			continue;
		pid = kp_owner_pid(group);
		if (pid < 0 || owner_alive(pid))
			continue;
		if (remove_probe(group, event)) {
			failed = -1;
			continue;
		}
		removed++;
		if (verbose)
			fprintf(stderr, "removed probe '%s/%s' of dead run %d\n", group, event,
				(int)pid);
	}
	free(events);
	if (cleanup_records(s, verbose, &removed))
		failed = -1;
	if (verbose)
		fprintf(stderr, "%d stale item%s removed\n", removed, removed == 1 ? "" : "s");
	return failed ? -1 : removed;
}

struct symbol_files {
	char *funcs;
	char *blacklist;
	bool loaded;
};

static void load_symbol_files(struct symbol_files *f)
{
	if (f->loaded)
		return;
	f->loaded = true;
	f->funcs = tracefs_instance_file_read(NULL, "available_filter_functions", NULL);
	f->blacklist = read_plain_file(BLACKLIST_PATH);
}

/* Say why @sym cannot be probed; returns true if a reason was found */
static bool explain_symbol(struct symbol_files *f, const char *sym)
{
	char names[KP_SUGGEST_MAX][KP_SYM_MAX];
	int n;

	load_symbol_files(f);
	if (f->blacklist && kp_blacklist_find(f->blacklist, sym)) {
		error("cannot probe '%s': it is on the kprobes blacklist", sym);
		return true;
	}
	if (!f->funcs || kp_func_find(f->funcs, sym))
		return false;
	error("function '%s' is not in available_filter_functions", sym);
	n = kp_func_suggest(f->funcs, sym, names);
	if (n == 1)
		note("did you mean '%s'?", names[0]);
	else if (n == 2)
		note("did you mean '%s' or '%s'?", names[0], names[1]);
	else if (n == 3)
		note("did you mean '%s', '%s' or '%s'?", names[0], names[1], names[2]);
	note("(-F skips this check, for functions the kernel can probe but not trace)");
	return true;
}

int kp_session_check_functions(struct kp_session *s)
{
	struct symbol_files f = { 0 };
	int err = 0, i;

	if (s->cfg->force)
		return 0;
	for (i = 0; i < s->cfg->nr_probes; i++) {
		const char *sym = s->cfg->probes[i].symbol;

		if (sym && explain_symbol(&f, sym))
			err = -1;
	}
	if (!f.funcs && f.loaded)
		warning("cannot read available_filter_functions; not checking functions");
	free(f.funcs);
	free(f.blacklist);
	return err;
}

int kp_kernel_functions_read(char **funcs, char **blacklist)
{
	*funcs = NULL;
	*blacklist = NULL;
	if (geteuid() != 0)
		return error("listing kernel functions needs root (running as uid %d)",
			     (int)geteuid());
	if (!tracefs_tracing_dir())
		return error("cannot find or mount tracefs (is CONFIG_FTRACE set?)");
	*funcs = tracefs_instance_file_read(NULL, "available_filter_functions", NULL);
	if (!*funcs) {
		error_errno("cannot read %s/available_filter_functions", tracefs_tracing_dir());
		if (errno == EPERM || errno == EACCES)
			note("this kernel does not let its traceable functions be listed; "
			     "-l PATH:PATTERN lists a program's");
		else if (errno == ENOENT)
			note("this kernel has no dynamic ftrace (CONFIG_DYNAMIC_FTRACE)");
		return -1;
	}
	*blacklist = read_plain_file(BLACKLIST_PATH);
	return 0;
}

/* Note a user-named probe in this run's record before it is created */
static int record_probe(struct kp_session *s, const struct kp_probe *p)
{
	bool ok;
	FILE *f;

	if (!s->record_path) {
		if (mkdir(s->record_dir, 0700) && errno != EEXIST)
			return error_errno("cannot create '%s'", s->record_dir);
		if (asprintf(&s->record_path, "%s/%s", s->record_dir, s->name) < 0) {
			s->record_path = NULL;
			return error("out of memory");
		}
	}
	f = fopen(s->record_path, "ae");
	if (!f)
		return error_errno("cannot write '%s'", s->record_path);
	ok = fprintf(f, "%s/%s\n", p->group, p->event) > 0;
	if (fclose(f) || !ok)
		return error_errno("cannot write '%s'", s->record_path);
	return 0;
}

/* Say why the kernel refused @p: errno in words, its error_log entry, the symbol */
static void report_create_error(const struct kp_probe *p, int errnum, const char *errlog_before)
{
	struct symbol_files f = { 0 };
	const char *hint = create_hint(errnum);

	if (hint)
		error("cannot create probe '%s': %s (%s)", p->definition, hint, errno_name(errnum));
	else
		error("cannot create probe '%s': %s", p->definition, strerror(errnum));
	show_new_errlog(NULL, errlog_before);
	if (p->symbol && (errnum == ENOENT || errnum == EINVAL))
		explain_symbol(&f, p->symbol);
	free(f.funcs);
	free(f.blacklist);
}

int kp_session_create_probes(struct kp_session *s)
{
	/* only a failure adds an entry, and the first one ends the loop */
	char *before = errlog_last(NULL);
	int err = 0, i;

	for (i = 0; i < s->cfg->nr_probes && !err; i++) {
		const struct kp_probe *p = &s->cfg->probes[i];
		char *cmd = kp_probe_command(p, s->name);

		if (!cmd) {
			err = error("out of memory");
		} else if (p->group && record_probe(s, p)) {
			err = -1;
		} else if (tracefs_instance_file_append(NULL, "kprobe_events", cmd) < 0) {
			report_create_error(p, errno, before);
			err = -1;
		} else {
			s->state[i].created = true;
		}
		free(cmd);
	}
	free(before);
	return err;
}

int kp_session_print_formats(struct kp_session *s, struct kp_output *out)
{
	int i;

	for (i = 0; i < s->cfg->nr_probes; i++) {
		const struct kp_probe *p = &s->cfg->probes[i];
		const char *group = kp_probe_group(p, s->name);
		char *fmt;
		int ret;

		if (!s->state[i].created)
			continue;
		fmt = tracefs_event_file_read(NULL, group, p->event, "format", NULL);
		if (!fmt)
			return error_errno("cannot read the format of '%s/%s'", group, p->event);
		ret = kp_output_write(out, fmt, strlen(fmt));
		free(fmt);
		if (ret && !out->closed)
			return error_errno("cannot write the format of '%s'", p->event);
	}
	return 0;
}

/* Read the tasks of @pid; returns a malloc'd array and its length */
static pid_t *tasks_of(pid_t pid, int *n)
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
static int set_pids(struct kp_session *s)
{
	pid_t *done = NULL;
	int ndone = 0, round;

	if (tracefs_option_enable(s->instance, TRACEFS_OPTION_EVENT_FORK))
		return error_errno("cannot enable option 'event-fork'");
	s->event_fork_set = true;
	for (round = 0; round < 100; round++) {
		int n, i, added = 0;
		pid_t *tids = tasks_of(s->cfg->pid, &n);

		for (i = 0; i < n; i++) {
			char buf[16];
			pid_t *more;

			if (has_tid(done, ndone, tids[i]))
				continue;
			snprintf(buf, sizeof(buf), "%d", (int)tids[i]);
			if (tracefs_instance_file_append(s->instance, "set_event_pid", buf) < 0) {
				free(tids);
				free(done);
				return error_errno("cannot add PID %s to set_event_pid", buf);
			}
			s->pids_set = true;
			more = realloc(done, (ndone + 1) * sizeof(*done));
			if (!more) {
				free(tids);
				free(done);
				return error("out of memory");
			}
			done = more;
			done[ndone++] = tids[i];
			added++;
		}
		free(tids);
		if (!added)
			break;
	}
	free(done);
	if (!ndone)
		return error("no threads found for PID %d", (int)s->cfg->pid);
	return 0;
}

/*
 * The tool's own reads and writes of tracefs would show up as events of
 * probes on file functions: leave this process out of the instance.
 */
static int set_notrace_self(struct kp_session *s)
{
	char buf[16];

	if (!tracefs_file_exists(s->instance, "set_event_notrace_pid"))
		return 0;
	snprintf(buf, sizeof(buf), "%d", (int)getpid());
	if (tracefs_instance_file_write(s->instance, "set_event_notrace_pid", buf) < 0)
		return error_errno("cannot write set_event_notrace_pid");
	s->notrace_set = true;
	return 0;
}

static int set_filter(struct kp_session *s, int i)
{
	const struct kp_probe *p = &s->cfg->probes[i];
	const char *group = kp_probe_group(p, s->name);
	char *filter, *before;
	int ret = 0;

	filter = kp_filter_compose(p->filter, s->cfg->tid);
	if (!filter)
		return error("out of memory");
	if (!*filter)
		goto out;
	before = errlog_last(s->instance);
	if (tracefs_event_file_write(s->instance, group, p->event, "filter", filter) < 0) {
		int saved = errno;

		ret = error("cannot set filter '%s' on '%s': %s", filter, p->event,
			    strerror(saved));
		if (!show_new_errlog(s->instance, before)) {
			char *text = tracefs_event_file_read(s->instance, group, p->event, "filter",
							     NULL);

			if (text)
				note_lines(text);
			free(text);
		}
		free(before);
		goto out;
	}
	free(before);
	s->state[i].filtered = true;
out:
	free(filter);
	return ret;
}

int kp_session_start(struct kp_session *s)
{
	int i;

	s->instance = tracefs_instance_create(s->name);
	if (!s->instance)
		return error_errno("cannot create instance '%s'", s->name);
	if (!tracefs_instance_is_new(s->instance)) {
		tracefs_instance_free(s->instance);
		s->instance = NULL;
		return error("instance '%s' already exists", s->name);
	}
	if (s->cfg->stack) {
		if (tracefs_option_enable(s->instance, TRACEFS_OPTION_STACKTRACE))
			return error_errno("cannot enable option 'stacktrace'");
		s->stacktrace_set = true;
	}
	if (s->cfg->pid > 0 && set_pids(s))
		return -1;
	if (set_notrace_self(s))
		return -1;
	for (i = 0; i < s->cfg->nr_probes; i++)
		if (set_filter(s, i))
			return -1;
	for (i = 0; i < s->cfg->nr_probes; i++) {
		const struct kp_probe *p = &s->cfg->probes[i];
		const char *group = kp_probe_group(p, s->name);

		if (tracefs_event_file_write(s->instance, group, p->event, "enable", "1") < 0)
			return error_errno("cannot enable '%s/%s'", group, p->event);
		s->state[i].enabled = true;
	}
	return 0;
}

int kp_session_print_headers(struct kp_session *s, struct kp_output *out)
{
	char *text = tracefs_instance_file_read(s->instance, "trace", NULL);
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

int kp_session_open(struct kp_session *s, const char *file)
{
	int flags = O_RDONLY | O_CLOEXEC;
	int fd;

	if (!strcmp(file, "trace_pipe"))
		flags |= O_NONBLOCK;
	fd = tracefs_instance_file_open(s->instance, file, flags);
	if (fd < 0)
		return error_errno("cannot open '%s' of instance '%s'", file, s->name);
	return fd;
}

void kp_session_stop(struct kp_session *s)
{
	if (!s->instance || s->tracing_stopped)
		return;
	if (tracefs_trace_off(s->instance))
		warning("cannot stop tracing in instance '%s'", s->name);
	s->tracing_stopped = true;
}

int kp_session_lost(struct kp_session *s, struct kp_cpu_stats *st)
{
	char *dir, path[64];
	struct dirent *d;
	int found = 0;
	DIR *dp;

	memset(st, 0, sizeof(*st));
	if (!s->instance)
		return -1;
	dir = tracefs_instance_get_file(s->instance, "per_cpu");
	dp = dir ? opendir(dir) : NULL;
	tracefs_put_tracing_file(dir);
	if (!dp)
		return -1;
	while ((d = readdir(dp))) {
		char *text;

		if (strncmp(d->d_name, "cpu", 3))
			continue;
		snprintf(path, sizeof(path), "per_cpu/%.32s/stats", d->d_name);
		text = tracefs_instance_file_read(s->instance, path, NULL);
		if (text && kp_stats_parse(text, st))
			found++;
		free(text);
	}
	closedir(dp);
	return found ? 0 : -1;
}

int kp_session_destroy(struct kp_session *s)
{
	int err = 0, i;

	if (s->instance) {
		for (i = s->cfg->nr_probes - 1; i >= 0; i--) {
			const struct kp_probe *p = &s->cfg->probes[i];
			const char *group = kp_probe_group(p, s->name);

			if (s->state[i].enabled) {
				if (tracefs_event_file_write(s->instance, group, p->event, "enable",
							     "0") < 0)
					err = error_errno("cannot disable '%s/%s'", group,
							  p->event);
				s->state[i].enabled = false;
			}
		}
		for (i = s->cfg->nr_probes - 1; i >= 0; i--) {
			const struct kp_probe *p = &s->cfg->probes[i];
			const char *group = kp_probe_group(p, s->name);

			if (s->state[i].filtered) {
				if (tracefs_event_file_write(s->instance, group, p->event, "filter",
							     "0") < 0)
					err = error_errno("cannot clear the filter of '%s/%s'",
							  group, p->event);
				s->state[i].filtered = false;
			}
		}
		if (s->notrace_set) {
			if (tracefs_instance_file_write(s->instance, "set_event_notrace_pid", "") <
			    0)
				err = error_errno("cannot clear set_event_notrace_pid");
			s->notrace_set = false;
		}
		if (s->pids_set) {
			if (tracefs_instance_file_write(s->instance, "set_event_pid", "") < 0)
				err = error_errno("cannot clear set_event_pid");
			s->pids_set = false;
		}
		if (s->event_fork_set) {
			if (tracefs_option_disable(s->instance, TRACEFS_OPTION_EVENT_FORK))
				err = error_errno("cannot disable option 'event-fork'");
			s->event_fork_set = false;
		}
		if (s->stacktrace_set) {
			if (tracefs_option_disable(s->instance, TRACEFS_OPTION_STACKTRACE))
				err = error_errno("cannot disable option 'stacktrace'");
			s->stacktrace_set = false;
		}
		if (tracefs_instance_destroy(s->instance))
			err = error_errno("cannot remove instance '%s'", s->name);
		tracefs_instance_free(s->instance);
		s->instance = NULL;
	}
	for (i = s->cfg->nr_probes - 1; i >= 0 && s->state; i--) {
		const struct kp_probe *p = &s->cfg->probes[i];

		if (!s->state[i].created)
			continue;
		if (remove_probe(kp_probe_group(p, s->name), p->event))
			err = -1;
		s->state[i].created = false;
	}
	/* the record goes last, once its probes are gone */
	if (s->record_path) {
		if (!err && unlink(s->record_path) && errno != ENOENT)
			err = error_errno("cannot remove '%s'", s->record_path);
		free(s->record_path);
		s->record_path = NULL;
	}
	free(s->state);
	s->state = NULL;
	return err;
}
