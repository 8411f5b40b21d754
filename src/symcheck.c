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
#include "symcheck.h"

#define BLACKLIST_PATH	  "/sys/kernel/debug/kprobes/blacklist"
#define KPROBES_LIST_PATH "/sys/kernel/debug/kprobes/list"

void kp_symcheck_init(struct kp_symcheck *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->kprobes_list = KPROBES_LIST_PATH;
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
	return &sc->text;
}

int kp_symcheck_probe(struct kp_symcheck *sc, const struct kp_probe *p)
{
	const struct kp_kind *kind = &kp_kinds[p->kind];

	if (!kind->check)
		return 0;
	return kind->check(p, kp_symcheck_text(sc, kind->check_needs));
}

int kp_symcheck_created(struct kp_symcheck *sc, const struct kp_probe *probes, int n)
{
	bool ftrace;
	char *list;
	int err = 0, i;

	for (i = 0; i < n && !(probes[i].kind == KP_KIND_KPROBE && probes[i].symbol); i++)
		;
	if (i == n)
		return 0;
	list = kp_read_file(sc->kprobes_list);
	ftrace = kp_kprobes_all_ftrace(list);
	free(list);
	if (ftrace)
		return 0;
	for (i = 0; i < n; i++)
		if (probes[i].kind == KP_KIND_KPROBE && kp_symcheck_probe(sc, &probes[i]))
			err = -1;
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
