/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_KSYMSRC_H
#define KPROBE_KSYMSRC_H

#include <stdbool.h>
#include <time.h>

#include "ksymtab.h"

/*
 * Where the formatter's symbols come from: /proc/kallsyms, read when a
 * record first prints a kernel address (a run that prints none, such as
 * "-d 0" with no events, never reads it), and read again when an address
 * is in no symbol and the set of loaded modules changed since (at most
 * once a second), or at once after a module/module_load record (which
 * comes before any record of the module's code): a module loaded after
 * the start prints as "sym+off [mod]" as in the kernel's own text, from
 * its first event on.
 */
struct kp_ksymsrc {
	const char *kallsyms;	   /* path; NULL: no source */
	const char *modules;	   /* path of the module list (/proc/modules) */
	enum kp_ksymtab_keep keep; /* what a table keeps */
	bool tried;		   /* the first read was made */
	char *mods;		   /* module names at the last read, one a line */
	struct timespec checked;   /* when the module list was last compared */
	unsigned int reads;	   /* tables read */
	bool loaded;		   /* a module was loaded since the last read */
};

/* The event that says a module was loaded, before any of its code runs */
#define KP_MODULE_SYSTEM "module"
#define KP_MODULE_LOAD	 "module_load"

/* The interval between two comparisons of the module list, in milliseconds */
#define KP_KSYMSRC_RECHECK_MS 1000

/**
 * kp_ksymsrc_init - a source of symbol tables
 * @src: the source
 * @kallsyms: the kallsyms file; must outlive @src
 * @modules: the module list; must outlive @src
 * @keep: what the tables keep
 */
void kp_ksymsrc_init(struct kp_ksymsrc *src, const char *kallsyms, const char *modules,
		     enum kp_ksymtab_keep keep);

/**
 * kp_ksymsrc_first - the first table, once
 * @src: the source
 *
 * Returns a new table (the caller frees it), or NULL: on later calls, for
 * a source with no path, or when the file cannot be read (then a warning
 * says so, once).
 */
struct kp_ksymtab *kp_ksymsrc_first(struct kp_ksymsrc *src);

/**
 * kp_ksymsrc_again - a new table, if the modules changed
 * @src: the source, after kp_ksymsrc_first()
 *
 * Call when an address is in no symbol of the table. After
 * kp_ksymsrc_loaded(), reads at once; else compares the names in the
 * module list with those of the last read, at most once every
 * KP_KSYMSRC_RECHECK_MS. Returns a new table (the caller frees it) when
 * they differ and the file could be read, else NULL.
 */
struct kp_ksymtab *kp_ksymsrc_again(struct kp_ksymsrc *src);

/* A module was loaded (a module_load record): the next miss reads the table again */
static inline void kp_ksymsrc_loaded(struct kp_ksymsrc *src)
{
	src->loaded = true;
}

void kp_ksymsrc_destroy(struct kp_ksymsrc *src);

#endif
