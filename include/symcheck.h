/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_SYMCHECK_H
#define KPROBE_SYMCHECK_H

#include <stdbool.h>

#include "probe.h"

/*
 * Can a function be probed? available_filter_functions and the kprobes
 * blacklist, read once, on first use.
 */
struct kp_symcheck {
	char *funcs;	 /* available_filter_functions, or NULL if unreadable */
	char *blacklist; /* the kprobes blacklist, or NULL if unreadable */
	bool loaded;
	const char *kprobes_list; /* debugfs kprobes/list, unless a test says */
};

/**
 * kp_symcheck_init - prepare; reads nothing yet
 * @sc: the checker
 */
void kp_symcheck_init(struct kp_symcheck *sc);

/**
 * kp_symcheck_explain - say why @sym cannot be probed
 * @sc: the checker
 * @sym: a bare function name
 *
 * Prints an error (blacklisted, or not traceable with up to three close
 * names) and returns true; returns false if no reason was found, also
 * when the files cannot be read.
 */
bool kp_symcheck_explain(struct kp_symcheck *sc, const char *sym);

/**
 * kp_symcheck_created - are the functions of just-created kprobes traceable?
 * @sc: the checker
 * @probes: the run's probes, created but not enabled
 * @n: how many
 *
 * The kernel refuses a kprobe on a blacklisted function, and (unless
 * built with CONFIG_KPROBE_EVENTS_ON_NOTRACE) on one ftrace cannot trace,
 * so the probes exist only where that check passed. What is left is cheap
 * to confirm: a kprobe on a function's entry runs on ftrace exactly when
 * ftrace can trace the function, so when debugfs kprobes/list shows every
 * kprobe on ftrace, nothing more is read. Otherwise (an offset into a
 * function, another user's probe, no debugfs) each function is looked up
 * in available_filter_functions and the blacklist. Returns 0, or -1 after
 * saying which function cannot be probed and why.
 */
int kp_symcheck_created(struct kp_symcheck *sc, const struct kp_probe *probes, int n);

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
