// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the readers of kernel text files: error_log, per-CPU stats,
 * kprobe_events lines, instance names, available_filter_functions and
 * the kprobes blacklist, kprobe_profile, README, available_events and
 * kprobes/list. The first byte picks the symbol to look up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "namelist.h"
#include "ktext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const syms[] = { "do_sys_open", "vfs_read", "a", "x_y_z_123" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char names[KP_SUGGEST_MAX][KP_SYM_MAX], g[64], e[64];
	struct kp_cpu_stats st = { 0 };
	struct kp_profile pr;
	char *half;
	unsigned long long lost;
	const char *sym, *last;
	char *text;
	size_t len;
	int n, i;

	if (!size)
		return 0;
	sym = syms[data[0] % (sizeof(syms) / sizeof(syms[0]))];
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';

	kp_stats_parse(text, &st);
	last = kp_errlog_last(text, &len);
	if (last && (last < text || last + len > text + size - 1))
		abort();
	kp_owner_pid(text);
	kp_dynevent_split(text, g, e, sizeof(g));
	kp_lost_line(text, strlen(text), &lost);
	kp_func_find(text, sym);
	kp_blacklist_find(text, sym);
	n = kp_func_suggest(text, sym, names);
	if (n < 0 || n > KP_SUGGEST_MAX)
		abort();
	for (i = 0; i < n; i++)
		if (strlen(names[i]) >= KP_SYM_MAX)
			abort();
	kp_readme_has_kind(text, sym[0]);
	kp_event_find(text, "sched", sym);
	kp_tracepoint_find(text, sym);
	kp_kprobes_all_ftrace(text);
	if (kp_event_suggest(text, sym, names) > KP_SUGGEST_MAX ||
	    kp_tracepoint_suggest(text, sym, names) > KP_SUGGEST_MAX)
		abort();
	/* kprobe_events in the first half, kprobe_profile in the second */
	half = text + (size - 1) / 2;
	if (*half) {
		char c = *half;

		*half = '\0';
		if (!kp_profile_find(text, half + 1, "g", sym, &pr) &&
		    pr.maxactive > KP_MAXACTIVE_MAX)
			abort();
		*half = c;
	}
	free(text);
	return 0;
}
