// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's tracefs session: checks, then the target, the dynamic events
 * and the private instance, set up in that order and torn down in reverse.
 * Each step is done by its own module, which records what it did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "errors.h"
#include "evname.h"
#include "kind.h"
#include "pidns.h"
#include "probe.h"
#include "rawreader.h"
#include "recorder.h"
#include "session.h"
#include "stale.h"
#include "symcheck.h"
#include "uprobe.h"

int kp_session_init(struct kp_session *s, struct kp_config *cfg)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	kp_pidns_detect();
	kp_run_name(s->name, sizeof(s->name), getpid());
	kp_clock_init(&s->clock, cfg->time);
	s->until_probe = -1;
	kp_runlock_init(&s->lock, KP_RUN_DIR);
	kp_target_init(&s->target, cfg->pid, cfg->tid, cfg->command);
	err = kp_dynevents_init(&s->dyn, s->name, cfg->probes, cfg->nr_probes);
	if (!err)
		err = kp_instance_init(&s->inst, s->name, cfg->nr_probes);
	if (err)
		kp_session_destroy(s);
	return err;
}

/*
 * "p:NAME:X": a module's kprobe or a program's uprobe, as the host has
 * them; parsing left it to this phase
 */
static int settle_kinds(struct kp_config *cfg)
{
	struct kp_host_names host = { .find_binary = kp_uprobe_find_binary };
	char *modules = NULL;
	bool changed = false, read = false;
	int i, ret = 0;

	for (i = 0; i < cfg->nr_probes && ret >= 0; i++) {
		if (!cfg->probes[i].kind_open)
			continue;
		if (!read) {
			modules = kp_read_file("/proc/modules");
			host.modules = modules;
			read = true;
		}
		ret = kp_probe_settle_kind(&cfg->probes[i], &host);
		changed |= ret > 0;
	}
	free(modules);
	if (ret < 0)
		return -1;
	return changed ? kp_probes_assign_names(cfg->probes, cfg->nr_probes) : 0;
}

/* A kind the kernel lacks, for the probe @p that needs it */
static int kind_missing(const struct kp_kind *kind, const struct kp_probe *p)
{
	/* "p:NAME:X" with no such module, program or library: no kprobe was meant */
	if (p->kind_open)
		return error("'%.*s' in '%s' is neither a program on $PATH, a library in the ld.so "
			     "cache, nor a loaded module",
			     (int)strcspn(p->location, ":"), p->location, p->definition);
	return error("%s", kind->missing);
}

/* Does the kernel have @p's kind? @readme is read on first need */
static int check_kind(const struct kp_probe *p, char **readme, bool *readme_read)
{
	const struct kp_kind *kind = &kp_kinds[p->kind];

	if (!tracefs_file_exists(NULL, kind->needs_file))
		return kind_missing(kind, p);
	if (!kind->readme_letter)
		return 0;
	if (!*readme_read) {
		*readme = tracefs_instance_file_read(NULL, "README", NULL);
		*readme_read = true;
	}
	/* no README to go by: the kernel judges when the probe is written */
	if (*readme && !kp_readme_has_kind(*readme, kind->readme_letter))
		return kind_missing(kind, p);
	return 0;
}

/*
 * --cgroup: its threads are the kernel's pids, and so are set_event_pid's;
 * in a pid namespace they would have to be mapped one by one as they join
 */
static int open_cgroup(struct kp_session *s)
{
	if (kp_run_ns)
		return error("cannot trace cgroup '%s' from inside a pid namespace: its tasks' "
			     "pids are not this namespace's (run kprobe in the initial one)",
			     s->cfg->cgroup);
	return kp_cgroup_open(&s->cgroup, s->cfg->cgroup, "/proc/self/mounts");
}

/* The readers' tick: the tasks that joined the cgroup since the last look */
static int cgroup_tick(void *ctx)
{
	struct kp_session *s = ctx;
	int n, err;
	pid_t *joined = kp_cgroup_joined(&s->cgroup, &n);

	if (n < 0)
		return -1;
	err = kp_follow_add_pids(&s->inst.follow, joined, n);
	free(joined);
	return err;
}

/*
 * A module of the run's kprobes unloaded: the kernel marks them [GONE] and
 * they see nothing more. Said once each; when none is left that can fire,
 * the run ends as -c's command's end ends it.
 */
static void modwatch_tick(struct kp_session *s)
{
	const char *path = s->kprobes_list ? s->kprobes_list : KP_KPROBES_LIST;
	char *list = kp_read_file(path);

	if (!list)
		return;
	if (kp_modwatch_check(&s->modwatch, list) > 0) {
		for (int i = 0; i < s->modwatch.n; i++) {
			struct kp_modwatch_probe *w = &s->modwatch.w[i];

			if (!w->gone || w->said)
				continue;
			w->said = true;
			error("module '%s' was unloaded: probe '%s' sees no more events", w->module,
			      kp_probe_shown(&s->cfg->probes[w->probe]));
		}
		if (kp_modwatch_all_gone(&s->modwatch) && s->stop && !*s->stop)
			*s->stop = 1;
	}
	free(list);
}

/* The readers' tick: --cgroup's joined tasks, and the modules of the run's kprobes */
static int session_tick(void *ctx)
{
	struct kp_session *s = ctx;

	if (s->cgroup.dir[0] && cgroup_tick(s))
		return -1;
	if (s->modwatch.n)
		modwatch_tick(s);
	return 0;
}

int kp_session_check(struct kp_session *s)
{
	bool seen[KP_NR_KINDS] = { false }, readme_read = false;
	char *readme = NULL;
	int err = 0, i;

	if (geteuid() != 0)
		return error("tracing needs root (running as uid %d)", (int)geteuid());
	/* finds tracefs, under debugfs too, and mounts it if it is nowhere */
	if (!tracefs_tracing_dir())
		return error("cannot find or mount tracefs (is CONFIG_FTRACE set?)");
	if (settle_kinds(s->cfg))
		return -1;
	for (i = 0; i < s->cfg->nr_probes && !err; i++) {
		const struct kp_probe *p = &s->cfg->probes[i];

		/* a kind is looked for once, but a "NAME:X" kprobe says what it is */
		if (!seen[p->kind] || p->kind_open)
			err = check_kind(p, &readme, &readme_read);
		seen[p->kind] = true;
	}
	free(readme);
	if (err || kp_target_check(&s->target) || kp_aggregate_check(s))
		return -1;
	if (s->cfg->cgroup && open_cgroup(s))
		return -1;
	kp_runlock_take(&s->lock, s->name);
	return 0;
}

int kp_session_cleanup_stale(struct kp_session *s, bool verbose)
{
	struct kp_stale st;
	int ret;

	kp_stale_init(&st, s->dyn.record_dir);
	ret = kp_stale_cleanup(&st, verbose);
	kp_stale_destroy(&st);
	return ret;
}

/* "K:X Y": event X on Y, or X with argument Y? The kernel's lists say */
static int settle_names(struct kp_session *s, struct kp_symcheck *sc)
{
	bool changed = false;
	int i, ret;

	for (i = 0; i < s->cfg->nr_probes; i++) {
		struct kp_probe *p = &s->cfg->probes[i];
		const struct kp_kind *kind = &kp_kinds[p->kind];

		if (!p->name_guessed)
			continue;
		ret = kp_probe_settle_name(p, kp_symcheck_text(sc, kind->check_needs));
		if (ret < 0)
			return -1;
		changed |= ret > 0;
	}
	return changed ? kp_probes_assign_names(s->cfg->probes, s->cfg->nr_probes) : 0;
}

int kp_session_check_functions(struct kp_session *s)
{
	struct kp_symcheck sc;
	int err, i;

	kp_symcheck_init(&sc);
	err = settle_names(s, &sc);
	/*
	 * Most locations are judged by the kernel when the probe is created,
	 * and explained only then (reading available_filter_functions first
	 * would cost most of a short run); a kind the kernel would accept
	 * silently on a bad location is checked now.
	 */
	for (i = 0; i < s->cfg->nr_probes && !s->cfg->force && !err; i++) {
		const struct kp_probe *p = &s->cfg->probes[i];

		if (kp_kinds[p->kind].check_first && kp_symcheck_probe(&sc, p))
			err = -1;
	}
	kp_symcheck_destroy(&sc);
	for (i = 0; i < s->cfg->nr_probes && !err; i++) {
		struct kp_probe *p = &s->cfg->probes[i];

		if (kp_kinds[p->kind].resolve && kp_kinds[p->kind].resolve(p))
			err = -1;
	}
	return err;
}

/* The created kprobes' functions checked (kp_symcheck_created()), in @tfs if not NULL */
static int check_created(struct kp_session *s, struct tracefs_instance *tfs)
{
	struct kp_symcheck sc;
	int err;

	kp_symcheck_init(&sc);
	if (s->kprobes_list)
		sc.kprobes_list = s->kprobes_list;
	sc.run_dir = s->dyn.record_dir;
	err = kp_symcheck_created(&sc, s->cfg->probes, s->cfg->nr_probes, tfs);
	kp_symcheck_destroy(&sc);
	return err;
}

int kp_session_create_probes(struct kp_session *s)
{
	int err;

	/*
	 * The text reader copies the kernel's lines, which name the events as
	 * the kernel has them: there they keep the names the output shows
	 */
	if (s->cfg->reader == KP_READER_RAW &&
	    kp_evname_assign(s->cfg->probes, s->cfg->nr_probes, (int)getpid()))
		return -1;
	err = kp_dynevents_create(&s->dyn);
	/* a run that traces checks its kprobes' functions in its instance */
	if (err || s->cfg->force || !s->cfg->view)
		return err;
	return check_created(s, NULL);
}

int kp_session_print_formats(struct kp_session *s, struct kp_output *out)
{
	return kp_dynevents_print_formats(&s->dyn, out);
}

/* --until: the traceoff trigger on its event, with the event's own filter in its condition */
static int install_until(struct kp_session *s)
{
	const struct kp_probe *p;
	char *cond, *text;
	int i, err;

	i = kp_until_find(&s->cfg->until, s->cfg->probes, s->cfg->nr_probes, s->name);
	if (i < 0)
		return -1;
	p = &s->cfg->probes[i];
	cond = kp_filter_compose(p->filter, s->target.tid);
	text = cond ? kp_until_trigger(&s->cfg->until, cond) : NULL;
	free(cond);
	if (!text)
		return error("out of memory");
	err = kp_instance_trigger(&s->inst, i, kp_probe_group(p, s->name), p->event, text);
	free(text);
	if (!err)
		s->until_probe = i;
	return err;
}

/*
 * In a pid namespace: the kernel's pids of this process (for
 * set_event_notrace_pid) and of -L's thread (for its filter); -p's and
 * -c's go to set_event_pid through kp_follow_target()
 */
static int map_pids(struct kp_session *s)
{
	pid_t self = getpid();

	if ((s->target.pid > 0 || s->target.tid > 0) && !kp_pidns_proc_ours())
		return error("/proc is not this pid namespace's: cannot tell which tasks -c, -p "
			     "and -L mean (mount its own, as unshare --mount-proc does)");
	if (kp_follow_kernel_pids(&s->inst.follow, &self, 1, &s->inst.follow.self_kpid))
		return -1;
	if (s->target.tid > 0 &&
	    kp_follow_kernel_pids(&s->inst.follow, &s->target.tid, 1, &s->target.tid))
		return -1;
	return 0;
}

void kp_session_stacks(const struct kp_config *cfg, bool *kernel, bool *user)
{
	int i;

	*kernel = *user = false;
	/* -s: a kernel probe's kernel stack, a uprobe's user stack (perf-tools' uprobe -s) */
	for (i = 0; i < cfg->nr_probes && cfg->stack; i++) {
		if (cfg->probes[i].kind == KP_KIND_UPROBE)
			*user = true;
		else
			*kernel = true;
	}
	*user |= cfg->ustack;
}

/* The run's kprobes in modules, as kprobes/list has them now they exist */
static int watch_modules(struct kp_session *s)
{
	const struct kp_config *cfg = s->cfg;
	char *list = NULL;
	int i, ret;

	for (i = 0; i < cfg->nr_probes && cfg->probes[i].kind != KP_KIND_KPROBE; i++)
		;
	if (i < cfg->nr_probes)
		list = kp_read_file(s->kprobes_list ? s->kprobes_list : KP_KPROBES_LIST);
	ret = kp_modwatch_init(&s->modwatch, cfg->probes, cfg->nr_probes, list);
	free(list);
	return ret < 0 ? error("out of memory") : 0;
}

int kp_session_start(struct kp_session *s)
{
	bool kstack, ustack;
	int i;

	kp_session_stacks(s->cfg, &kstack, &ustack);
	if (kp_instance_create(&s->inst))
		return -1;
	if (!s->cfg->force && check_created(s, s->inst.tfs))
		return -1;
	if (kp_run_ns && map_pids(s))
		return -1;
	/* before anything is recorded: a new clock empties the buffer */
	if (kp_clock_trace_clock(s->cfg->time) &&
	    kp_instance_trace_clock(&s->inst, kp_clock_trace_clock(s->cfg->time)))
		return -1;
	s->inst.no_free_events = kstack || ustack;
	/* the raw reader's task events; an aggregate reads no ring buffer, and needs none */
	if (kp_instance_ring(&s->inst, s->cfg->buffer_kb,
			     s->cfg->reader == KP_READER_RAW && s->cfg->agg.mode == KP_AGG_NONE))
		return -1;
	if (kstack && kp_instance_stacktrace(&s->inst))
		return -1;
	if (ustack && kp_instance_userstacktrace(&s->inst))
		return -1;
	if (kp_follow_target(&s->inst.follow, &s->target))
		return -1;
	if (s->cgroup.dir[0] && cgroup_tick(s))
		return -1;
	if (watch_modules(s))
		return -1;
	if (s->cgroup.dir[0] || s->modwatch.n)
		kp_reader_set_tick(session_tick, s,
				   s->cgroup.dir[0] ? KP_CGROUP_POLL_MS : KP_MODWATCH_MS);
	if (kp_follow_notrace_self(&s->inst.follow))
		return -1;
	for (i = 0; i < s->cfg->nr_probes; i++) {
		const struct kp_probe *p = &s->cfg->probes[i];
		char *filter = kp_filter_compose(p->filter, s->target.tid);
		int err;

		if (!filter)
			return error("out of memory");
		if (p->shown)
			kp_instance_show_as(&s->inst, i, p->shown);
		err = kp_instance_filter(&s->inst, i, kp_probe_group(p, s->name), p->event,
					 p->filter, filter);
		free(filter);
		if (err)
			return -1;
	}
	if (s->cfg->until.event && install_until(s))
		return -1;
	kp_clock_start(&s->clock);
	/* aggregates: the triggers turn the events on, and nothing goes to the ring buffer */
	for (i = 0; i < s->cfg->nr_probes && s->cfg->agg.mode == KP_AGG_NONE; i++) {
		const struct kp_probe *p = &s->cfg->probes[i];

		if (kp_instance_enable(&s->inst, i, kp_probe_group(p, s->name), p->event))
			return -1;
	}
	if (s->cfg->agg.mode != KP_AGG_NONE)
		return kp_aggregate_start(&s->agg, s);
	return 0;
}

int kp_session_print_headers(struct kp_session *s, struct kp_output *out)
{
	return kp_instance_print_headers(&s->inst, out);
}

int kp_session_open(struct kp_session *s, const char *file)
{
	return kp_instance_open(&s->inst, file);
}

static int open_file(void *ctx, const char *file)
{
	return kp_session_open(ctx, file);
}

/* The raw reader; 1 (after saying why once) when the text must be read instead */
static int open_raw(struct kp_session *s)
{
	const struct kp_config *cfg = s->cfg;
	struct kp_format_opts opts = { .json = cfg->json,
				       .stack = cfg->stack,
				       .ustack = cfg->ustack,
				       .syms_early = cfg->duration < 0 && !cfg->until.event,
				       .clock = cfg->time != KP_TIME_MONO ? &s->clock : NULL };
	struct kp_raw_event *events;
	char *why = NULL;
	int i, err;

	events = calloc(cfg->nr_probes, sizeof(*events));
	if (!events)
		return error("out of memory");
	for (i = 0; i < cfg->nr_probes; i++) {
		events[i].group = kp_probe_group(&cfg->probes[i], s->name);
		events[i].event = cfg->probes[i].event;
		events[i].shown = cfg->probes[i].shown;
		events[i].user = cfg->probes[i].kind == KP_KIND_UPROBE;
		if (events[i].user)
			events[i].path = cfg->probes[i].location;
		/* an eprobe's line names the event it probes, which its format does not */
		if (cfg->probes[i].kind == KP_KIND_EPROBE)
			events[i].probed = cfg->probes[i].location;
	}
	err = kp_reader_raw_open(&s->reader, s->inst.tfs, events, cfg->nr_probes, &opts, &why);
	free(events);
	if (!err)
		return 0;
	if (!why)
		return -1;
	if (cfg->json) {
		/* JSON comes from the records only: there is no text path for it */
		error("%s: cannot print it as JSON", why);
		free(why);
		return -1;
	}
	warning("%s: reading the kernel's text instead", why);
	free(why);
	return 1;
}

/* --until: the reader just opened, behind the flight recorder */
static int open_recorder(struct kp_session *s)
{
	const struct kp_config *cfg = s->cfg;
	struct kp_recorder_opts o = {
		.duration = cfg->duration,
		.last = cfg->last,
		.dump = cfg->dump,
		.event = kp_probe_shown(&cfg->probes[s->until_probe]),
		.json = cfg->json,
	};
	struct kp_reader inner = s->reader;

	/* the kernel's text names the event as the kernel has it */
	if (!strcmp(inner.ops->name, "text"))
		o.event = cfg->probes[s->until_probe].event;
	memset(&s->reader, 0, sizeof(s->reader));
	o.on_fd = kp_session_open(s, "tracing_on");
	if (o.on_fd < 0) {
		kp_reader_close(&inner);
		return -1;
	}
	return kp_reader_recorder_open(&s->reader, &inner, &o);
}

int kp_session_open_reader(struct kp_session *s)
{
	bool until = s->cfg->until.event && s->until_probe >= 0;
	bool buffered = s->cfg->duration >= 0 || until;
	bool kstack, ustack;
	int ret = 1;

	if (s->cfg->agg.mode != KP_AGG_NONE) {
		kp_reader_agg_open(&s->reader, &s->agg);
		return 0;
	}
	if (s->cfg->reader == KP_READER_RAW)
		ret = open_raw(s);
	if (ret < 0)
		return ret;
	if (ret > 0 &&
	    kp_reader_text_open(&s->reader, buffered, buffered && !s->cfg->headers, open_file, s))
		return -1;
	kp_session_stacks(s->cfg, &kstack, &ustack);
	if (ustack)
		kp_reader_watch_ustacks(&s->reader, &s->ustacks);
	return until ? open_recorder(s) : 0;
}

void kp_session_ustacks_end(struct kp_session *s, bool complete)
{
	if (kp_ustack_seen_end(&s->ustacks, complete))
		kp_ustack_seen_say(&s->ustacks);
}

void kp_session_stop(struct kp_session *s)
{
	kp_instance_stop(&s->inst);
}

int kp_session_lost(struct kp_session *s, struct kp_cpu_stats *st)
{
	return kp_instance_lost(&s->inst, st);
}

int kp_session_destroy(struct kp_session *s)
{
	int err = 0;

	kp_reader_close(&s->reader);
	kp_reader_set_tick(NULL, NULL, 1);
	kp_modwatch_destroy(&s->modwatch);
	kp_cgroup_destroy(&s->cgroup);
	kp_ustack_seen_destroy(&s->ustacks);
	/* triggers and synthetic events before the instance and the probes */
	if (kp_aggregate_destroy(&s->agg))
		err = -1;
	if (kp_instance_destroy(&s->inst))
		err = -1;
	if (kp_dynevents_destroy(&s->dyn))
		err = -1;
	kp_target_destroy(&s->target);
	/* last: until everything is gone, no other run may take this one for dead */
	kp_runlock_destroy(&s->lock);
	return err;
}
