// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's lists of what can be probed, read for the kinds' checks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "errors.h"
#include "namelist.h"
#include "ktext.h"
#include "modwatch.h"
#include "runlock.h"
#include "symcheck.h"
#include "tfswrite.h"
#include "traceable.h"

#define BLACKLIST_PATH	  "/sys/kernel/debug/kprobes/blacklist"
#define KPROBES_LIST_PATH "/sys/kernel/debug/kprobes/list"

void kp_symcheck_init(struct kp_symcheck *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->kprobes_list = KPROBES_LIST_PATH;
	sc->run_dir = KP_RUN_DIR;
	sc->boot_id = KP_BOOT_ID_PATH;
}

const struct kp_kernel_text *kp_symcheck_text(struct kp_symcheck *sc, unsigned int needs)
{
	unsigned int todo = needs & ~sc->loaded;

	if (todo & KP_NEED_FUNCS)
		sc->funcs = tracefs_instance_file_read(NULL, "available_filter_functions", NULL);
	if (todo & KP_NEED_BLACKLIST)
		sc->blacklist = kp_read_file(BLACKLIST_PATH);
	if (todo & KP_NEED_EVENTS)
		sc->events = tracefs_instance_file_read(NULL, "available_events", NULL);
	sc->loaded |= todo;
	sc->text.funcs = sc->funcs;
	sc->text.blacklist = sc->blacklist;
	sc->text.events = sc->events;
	sc->text.refused = sc->refused;
	return &sc->text;
}

int kp_symcheck_probe(struct kp_symcheck *sc, const struct kp_probe *p)
{
	const struct kp_kind *kind = &kp_kinds[p->kind];

	if (!kind->check)
		return 0;
	return kind->check(p, kp_symcheck_text(sc, kind->check_needs));
}

/*
 * Can ftrace trace @sym? Asked of the kernel through an instance's
 * set_ftrace_filter, which takes a function's name only if ftrace can
 * trace it (as available_filter_functions lists it) and refuses any other
 * with EINVAL, on every architecture; the whitespace after the name makes
 * the kernel take it in write(), which then says so (a name left without
 * one is taken only at close(), which reports nothing). The filter is left
 * empty: the instance never runs the function tracer.
 *
 * Returns 1 if it can, 0 if not, -1 when the instance cannot tell (no
 * set_ftrace_filter: a kernel without the function tracer).
 */
static int ftrace_traceable(struct tracefs_instance *inst, const char *sym)
{
	char line[KP_SYM_MAX + 2];
	int ret;

	snprintf(line, sizeof(line), "%s\n", sym);
	ret = kp_tfs_write(inst, "set_ftrace_filter", line);
	if (ret < 0 && errno != EINVAL)
		return -1;
	if (ret >= 0)
		kp_tfs_write(inst, "set_ftrace_filter", "");
	return ret >= 0;
}

/*
 * Each kprobe's function checked by the kernel itself, unless an earlier
 * run of this boot had it checked (a core kernel function, as @list
 * shows); -1 if it cannot say
 */
static int kernel_check(struct kp_symcheck *sc, struct tracefs_instance *inst,
			const struct kp_probe *probes, int n, const char *list, bool *bad)
{
	struct kp_traceable kept;
	int i, ret;

	/* none kept on failure: each function is asked, as if for the first time */
	kp_traceable_load(&kept, sc->run_dir, sc->boot_id);
	for (i = 0; i < n; i++) {
		const struct kp_probe *p = &probes[i];
		bool core;

		if (p->kind != KP_KIND_KPROBE || !p->symbol)
			continue;
		if (strlen(p->symbol) >= KP_SYM_MAX)
			break;
		core = kp_kprobes_list_in_module(list, p) == 0;
		if (core && kp_traceable_has(&kept, p->symbol))
			continue;
		ret = ftrace_traceable(inst, p->symbol);
		if (ret < 0)
			break;
		bad[i] = !ret;
		if (core && ret)
			kp_traceable_add(&kept, p->symbol);
	}
	if (i == n)
		kp_traceable_save(&kept, sc->run_dir);
	kp_traceable_destroy(&kept);
	return i == n ? 0 : -1;
}

int kp_symcheck_created(struct kp_symcheck *sc, const struct kp_probe *probes, int n,
			struct tracefs_instance *inst)
{
	bool ftrace, *bad;
	char *list;
	int err = 0, i;

	for (i = 0; i < n && !(probes[i].kind == KP_KIND_KPROBE && probes[i].symbol); i++)
		;
	if (i == n)
		return 0;
	list = kp_read_file(sc->kprobes_list);
	ftrace = kp_kprobes_all_ftrace(list);
	if (ftrace) {
		free(list);
		return 0;
	}
	/*
	 * Not vouched for by kprobes/list (no KPROBES_ON_FTRACE, as on arm64;
	 * an offset into a function; no debugfs): the kernel says which
	 * functions ftrace cannot trace, and only those are looked up in
	 * available_filter_functions, for the message and its suggestions
	 */
	bad = calloc(n, sizeof(*bad));
	if (!bad) {
		free(list);
		return error("out of memory");
	}
	if (!inst || kernel_check(sc, inst, probes, n, list, bad) < 0)
		for (i = 0; i < n; i++)
			bad[i] = true;
	free(list);
	for (i = 0; i < n; i++)
		if (bad[i] && probes[i].kind == KP_KIND_KPROBE && kp_symcheck_probe(sc, &probes[i]))
			err = -1;
	free(bad);
	if ((sc->loaded & KP_NEED_FUNCS) && !sc->funcs)
		warning("cannot read available_filter_functions; not checking functions");
	return err;
}

void kp_symcheck_destroy(struct kp_symcheck *sc)
{
	free(sc->funcs);
	free(sc->blacklist);
	free(sc->events);
	memset(sc, 0, sizeof(*sc));
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
	*blacklist = kp_read_file(BLACKLIST_PATH);
	return 0;
}
