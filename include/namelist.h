/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_NAMELIST_H
#define KPROBE_NAMELIST_H

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
 * kp_suggest_note - print "did you mean ...?" under the last message
 * @names: names from kp_func_suggest(), best first
 * @n: how many (nothing is printed for 0)
 */
void kp_suggest_note(const char names[KP_SUGGEST_MAX][KP_SYM_MAX], int n);

/**
 * kp_blacklist_find - is @sym on the kprobes blacklist?
 * @blacklist: debugfs kprobes/blacklist ("START-END<tab>name" per line)
 * @sym: the bare function name
 */
bool kp_blacklist_find(const char *blacklist, const char *sym);

/**
 * kp_event_find - is SYSTEM:EVENT one of the lines of available_events?
 * @events: available_events' contents ("system:event" per line)
 * @system: the event's system (group)
 * @event: the event's name
 */
bool kp_event_find(const char *events, const char *system, const char *event);

/**
 * kp_event_suggest - the events closest to a misspelt SYSTEM.EVENT
 * @events: available_events' contents
 * @name: "SYSTEM.EVENT" as an eprobe names it
 * @out: up to KP_SUGGEST_MAX names, as "SYSTEM.EVENT", best first
 *
 * Returns how many.
 */
int kp_event_suggest(const char *events, const char *name, char out[KP_SUGGEST_MAX][KP_SYM_MAX]);

/**
 * kp_tracepoint_find - is @name a tracepoint that has a trace event?
 * @events: available_events' contents
 * @name: the tracepoint's name, as a "t:" probe gives it
 *
 * A trace event's tracepoint has the event's name. The "syscalls" events
 * are no tracepoints of their own (they hang off sys_enter and sys_exit),
 * nor are the "ftrace" ones, so neither counts.
 */
bool kp_tracepoint_find(const char *events, const char *name);

/**
 * kp_tracepoint_suggest - the tracepoints closest to a misspelt @name
 * @events: available_events' contents
 * @name: the name that was not found
 * @out: up to KP_SUGGEST_MAX tracepoint names, best first
 *
 * Returns how many.
 */
int kp_tracepoint_suggest(const char *events, const char *name,
			  char out[KP_SUGGEST_MAX][KP_SYM_MAX]);

/**
 * kp_kprobes_all_ftrace - is every registered kprobe on an ftrace location?
 * @list: debugfs kprobes/list ("ADDR  TYPE  SYM+OFFS  [MOD] [FLAGS]" per line)
 *
 * A kprobe at a function's entry rides on ftrace ("[FTRACE]") exactly
 * when ftrace can trace the function, so when every probe carries the
 * flag, every probed function is traceable. Returns false when one does
 * not, or when @list has no probe at all.
 */
bool kp_kprobes_all_ftrace(const char *list);

#endif
