// SPDX-License-Identifier: GPL-2.0-only
/*
 * Functions that cannot be probed: not traceable, or on the kprobes
 * blacklist; misspelt names get suggestions.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "errors.h"
#include "ksyms.h"
#include "ktext.h"
#include "symcheck.h"

#define BLACKLIST_PATH	  "/sys/kernel/debug/kprobes/blacklist"
#define KPROBES_LIST_PATH "/sys/kernel/debug/kprobes/list"

void kp_symcheck_init(struct kp_symcheck *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->kprobes_list = KPROBES_LIST_PATH;
}

static void load(struct kp_symcheck *sc)
{
	if (sc->loaded)
		return;
	sc->loaded = true;
	sc->funcs = tracefs_instance_file_read(NULL, "available_filter_functions", NULL);
	sc->blacklist = kp_read_file(BLACKLIST_PATH);
}

bool kp_symcheck_explain(struct kp_symcheck *sc, const char *sym)
{
	char names[KP_SUGGEST_MAX][KP_SYM_MAX];
	int n;

	load(sc);
	if (sc->blacklist && kp_blacklist_find(sc->blacklist, sym)) {
		error("cannot probe '%s': it is on the kprobes blacklist", sym);
		return true;
	}
	if (!sc->funcs || kp_func_find(sc->funcs, sym))
		return false;
	error("function '%s' is not in available_filter_functions", sym);
	n = kp_func_suggest(sc->funcs, sym, names);
	if (n == 1)
		note("did you mean '%s'?", names[0]);
	else if (n == 2)
		note("did you mean '%s' or '%s'?", names[0], names[1]);
	else if (n == 3)
		note("did you mean '%s', '%s' or '%s'?", names[0], names[1], names[2]);
	note("(-F skips this check, for functions the kernel can probe but not trace)");
	return true;
}

int kp_symcheck_created(struct kp_symcheck *sc, const struct kp_probe *probes, int n)
{
	bool ftrace;
	char *list;
	int err = 0, i;

	for (i = 0; i < n && !probes[i].symbol; i++)
		;
	if (i == n)
		return 0;
	list = kp_read_file(sc->kprobes_list);
	ftrace = kp_kprobes_all_ftrace(list);
	free(list);
	if (ftrace)
		return 0;
	for (i = 0; i < n; i++)
		if (probes[i].symbol && kp_symcheck_explain(sc, probes[i].symbol))
			err = -1;
	if (!sc->funcs && sc->loaded)
		warning("cannot read available_filter_functions; not checking functions");
	return err;
}

void kp_symcheck_destroy(struct kp_symcheck *sc)
{
	free(sc->funcs);
	free(sc->blacklist);
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
