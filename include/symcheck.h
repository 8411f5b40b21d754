/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_SYMCHECK_H
#define KPROBE_SYMCHECK_H

#include "kind.h"
#include "probe.h"

struct tracefs_instance;

/*
 * Can a location be probed? The kernel's lists a kind's check needs
 * (available_filter_functions, the kprobes blacklist, available_events),
 * each read once, on first use, and handed to the kind's check.
 */
struct kp_symcheck {
	struct kp_kernel_text text; /* what has been read; NULL: unreadable */
	char *funcs;
	char *blacklist;
	char *events;
	unsigned int loaded;	  /* KP_NEED_* tried so far */
	const char *kprobes_list; /* debugfs kprobes/list, unless a test says */
	const char *run_dir;	  /* where traceable functions are kept (KP_RUN_DIR) */
	const char *boot_id;	  /* this boot's id (KP_BOOT_ID_PATH) */
	bool refused;		  /* explaining the kernel's refusal (no -F hint) */
};

/**
 * kp_symcheck_init - prepare; reads nothing yet
 * @sc: the checker
 */
void kp_symcheck_init(struct kp_symcheck *sc);

/**
 * kp_symcheck_text - the kernel's lists, with those in @needs read
 * @sc: the checker
 * @needs: KP_NEED_* flags
 *
 * Returns the lists; a field is NULL when its file could not be read.
 * Valid until kp_symcheck_destroy().
 */
const struct kp_kernel_text *kp_symcheck_text(struct kp_symcheck *sc, unsigned int needs);

/**
 * kp_symcheck_probe - say why @p's location cannot be probed
 * @sc: the checker
 * @p: the probe
 *
 * Runs the kind's check (kp_kinds[p->kind].check) on the lists it needs.
 * Returns 0 if no fault was found, -1 after printing one.
 */
int kp_symcheck_probe(struct kp_symcheck *sc, const struct kp_probe *p);

/**
 * kp_symcheck_created - are the functions of just-created kprobes traceable?
 * @sc: the checker
 * @probes: the run's probes, created but not enabled
 * @n: how many
 * @inst: an instance of the run's own whose set_ftrace_filter may be
 *	  written (it is left empty), or NULL
 *
 * The kernel refuses a kprobe on a blacklisted function, and (unless
 * built with CONFIG_KPROBE_EVENTS_ON_NOTRACE) on one ftrace cannot trace,
 * so the probes exist only where that check passed. What is left is cheap
 * to confirm: a kprobe on a function's entry runs on ftrace exactly when
 * ftrace can trace the function, so when debugfs kprobes/list shows every
 * kprobe on ftrace, nothing more is read. Otherwise (no KPROBES_ON_FTRACE,
 * as on arm64; an offset into a function; another user's probe; no
 * debugfs) @inst's set_ftrace_filter, which takes only a function ftrace
 * can trace, is asked for each kprobe's function, unless an earlier run of
 * this boot asked for it (a function of the core kernel, kept in @sc's
 * run_dir: struct kp_traceable); a function it refuses,
 * or every one when it cannot tell (no @inst, no function tracer), is
 * checked by its kind (kp_symcheck_probe(), which reads
 * available_filter_functions). Returns 0, or -1 after saying which
 * function cannot be probed and why.
 */
int kp_symcheck_created(struct kp_symcheck *sc, const struct kp_probe *probes, int n,
			struct tracefs_instance *inst);

/**
 * kp_symcheck_destroy - free what was read; idempotent
 * @sc: the checker
 */
void kp_symcheck_destroy(struct kp_symcheck *sc);

/**
 * kp_kernel_functions_read - what listing kernel functions needs (-l)
 * @funcs: available_filter_functions' text, malloc'd
 * @blacklist: the kprobes blacklist's text, malloc'd; NULL when debugfs is
 *             not mounted (then nothing is left out for it)
 *
 * Returns 0, or -1 after saying why the functions cannot be read (not
 * root, no tracefs, a kernel that refuses to list them).
 */
int kp_kernel_functions_read(char **funcs, char **blacklist);

#endif
