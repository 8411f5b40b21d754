// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the readers of kernel text files: error_log, per-CPU stats,
 * kprobe_events lines, instance names, available_filter_functions and
 * the kprobes blacklist, kprobe_profile, README, available_events and
 * kprobes/list (also as the module watch reads it: the first half as the
 * list at the start, the second as it is later). The first byte picks the
 * symbol to look up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "namelist.h"
#include "ktext.h"
#include "modwatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const syms[] = { "do_sys_open", "vfs_read", "a", "x_y_z_123" };

/* The module watch on @start, then on @now: its counts stay within the probes */
static void modwatch(const char *start, const char *now, const char *sym)
{
	struct kp_probe p[3];
	struct kp_modwatch w;
	int i, n;

	memset(p, 0, sizeof(p));
	for (i = 0; i < 3; i++) {
		p[i].kind = KP_KIND_KPROBE;
		p[i].is_return = i == 2;
		p[i].symbol = p[i].event = (char *)sym;
	}
	p[0].location = (char *)sym;
	p[1].location = "dummy:dummy_xmit+4";
	p[2].location = "dummy_get_stats64";
	memset(&w, 0, sizeof(w));
	n = kp_modwatch_init(&w, p, 3, start);
	if (n > 3)
		abort();
	if (n > 0) {
		for (i = 0; i < w.n; i++)
			if (w.w[i].probe < 0 || w.w[i].probe >= 3 || strlen(w.w[i].module) >= 64)
				abort();
		if (kp_modwatch_check(&w, now) > w.n || w.gone > w.n ||
		    kp_modwatch_check(&w, now) != 0)
			abort();
	}
	kp_modwatch_destroy(&w);
}

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
		modwatch(text, half + 1, sym);
		*half = c;
	}
	free(text);
	return 0;
}
