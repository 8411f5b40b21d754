/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_KSYMS_H
#define KPROBE_KSYMS_H

#include <stdbool.h>
#include <stddef.h>

#define KP_SUGGEST_MAX 3
#define KP_SYM_MAX     128

/**
 * kp_func_find - is @sym listed in available_filter_functions?
 * @funcs: the file's contents ("name" or "name [module]" per line)
 * @sym: the bare function name
 */
bool kp_func_find(const char *funcs, const char *sym);

/**
 * kp_func_suggest - the names closest to a misspelt @sym
 * @funcs: available_filter_functions' contents
 * @sym: the name that was not found
 * @out: up to KP_SUGGEST_MAX names, best first
 *
 * Only names within a small edit distance count. Returns how many.
 */
int kp_func_suggest(const char *funcs, const char *sym, char out[KP_SUGGEST_MAX][KP_SYM_MAX]);

/**
 * kp_blacklist_find - is @sym on the kprobes blacklist?
 * @blacklist: debugfs kprobes/blacklist ("START-END<tab>name" per line)
 * @sym: the bare function name
 */
bool kp_blacklist_find(const char *blacklist, const char *sym);

#endif
