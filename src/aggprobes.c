// SPDX-License-Identifier: GPL-2.0-only
/*
 * The definitions the aggregates need: $comm for --by comm, and for
 * --latency each function's return probe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggprobes.h"
#include "errors.h"

static int add_comm(struct kp_probe *p)
{
	char *args;

	if (asprintf(&args, "%s%s%s=$comm", p->args ? p->args : "", p->args ? " " : "",
		     KP_AGG_COMM_ARG) < 0)
		return error("out of memory");
	free(p->args);
	p->args = args;
	return 0;
}

/* The return probe of entry @p, as a definition */
static char *return_definition(const struct kp_probe *p)
{
	char name[2 * KP_NAME_MAX + 8] = "";
	char *def = NULL;
	int n = -1;

	if (p->is_return ||
	    (p->kind != KP_KIND_KPROBE && p->kind != KP_KIND_UPROBE && p->kind != KP_KIND_FPROBE)) {
		error("--latency times a function from its entry: '%s' is no function entry",
		      p->definition);
		return NULL;
	}
	if (p->kind == KP_KIND_KPROBE && (strchr(p->location, '+') || !p->symbol)) {
		error("--latency times a function from its entry: '%s' is not at one",
		      p->definition);
		return NULL;
	}
	if (p->named)
		snprintf(name, sizeof(name), "%s%s%s_ret ", p->group ? p->group : "",
			 p->group ? "/" : "", p->event);
	if (p->kind == KP_KIND_FPROBE)
		n = asprintf(&def, "f:%s%s%%return", name, p->location);
	else
		n = asprintf(&def, "r:%s%s", name, p->location);
	if (n < 0) {
		error("out of memory");
		return NULL;
	}
	return def;
}

int kp_agg_prepare_probes(struct kp_config *cfg)
{
	struct kp_agg_spec *a = &cfg->agg;
	bool comm = kp_agg_wants_comm(a);
	int i, n = cfg->nr_probes;

	a->nr_defs = n;
	if (a->mode == KP_AGG_NONE || a->mode == KP_AGG_TRIGGER)
		return 0;
	if (a->mode != KP_AGG_LATENCY) {
		for (i = 0; comm && i < n; i++)
			if (add_comm(&cfg->probes[i]))
				return -1;
		return 0;
	}
	if (n > KP_AGG_DEFS_MAX)
		return error("--latency times at most %d functions in one run", KP_AGG_DEFS_MAX);
	for (i = 0; i < n; i++) {
		struct kp_probe *more;
		char *def = return_definition(&cfg->probes[i]);
		int err;

		if (!def)
			return -1;
		more = realloc(cfg->probes, (cfg->nr_probes + 1) * sizeof(*more));
		if (!more) {
			free(def);
			return error("out of memory");
		}
		cfg->probes = more;
		err = kp_probe_parse(def, &cfg->probes[cfg->nr_probes]);
		free(def);
		if (err)
			return -1;
		a->ret[i] = cfg->nr_probes++;
		if (comm && add_comm(&cfg->probes[a->ret[i]]))
			return -1;
	}
	return 0;
}
