// SPDX-License-Identifier: GPL-2.0-only
/*
 * In-kernel aggregates: hist triggers in the run's private instance, and
 * for --latency synthetic events named after the run (see aggregate.h).
 *
 * libtracefs 1.6.4 can build hist and synthetic event text, but its
 * tracefs_synth_create() always installs into the top instance (1.7 added
 * tracefs_synth_set_instance()); the run's triggers belong in its own
 * instance only, so the text is built here (histspec.c) and appended to
 * the instance's trigger files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "aggregate.h"
#include "dynevent.h"
#include "errlog.h"
#include "errors.h"
#include "ktext.h"
#include "probe.h"

int kp_aggregate_check(struct kp_session *s)
{
	struct kp_agg_features f;
	const char *why;
	char *readme;

	if (s->cfg->agg.mode == KP_AGG_NONE)
		return 0;
	readme = tracefs_instance_file_read(NULL, "README", NULL);
	kp_agg_features_read(readme, &f);
	free(readme);
	why = kp_agg_missing(&s->cfg->agg, &f);
	return why ? error("%s", why) : 0;
}

/* Append @text to GROUP/EVENT's trigger file in the run's instance */
static int add_trigger(struct kp_session *s, const char *group, const char *event, const char *text)
{
	char *before = kp_errlog_snapshot(NULL);
	int ret = tracefs_event_file_append(s->inst.tfs, group, event, "trigger", text);

	if (ret < 0) {
		int e = errno;

		error("the kernel refused trigger '%s' on event '%s/%s': %s", text, group, event,
		      strerror(e));
		kp_errlog_show_new(NULL, before);
	}
	free(before);
	return ret < 0 ? -1 : 0;
}

static int remove_trigger(struct tracefs_instance *inst, const char *group, const char *event,
			  const char *text)
{
	char *cmd;
	int ret;

	if (asprintf(&cmd, "!%s", text) < 0)
		return error("out of memory");
	ret = tracefs_event_file_append(inst, group, event, "trigger", cmd);
	free(cmd);
	if (ret < 0)
		return error_errno("cannot remove trigger '%s' from event '%s/%s'", text, group,
				   event);
	return 0;
}

static int read_fields(struct kp_session *s, struct kp_agg_def *d, const struct kp_probe *p,
		       const char *group)
{
	char *format = tracefs_event_file_read(s->inst.tfs, group, p->event, "format", NULL);

	if (!format)
		return error_errno("cannot read the format of event '%s/%s'", group, p->event);
	d->nr_fields = kp_agg_fields_parse(format, d->fields, KP_AGG_FIELDS_MAX);
	if (d->nr_fields > KP_AGG_FIELDS_MAX)
		d->nr_fields = KP_AGG_FIELDS_MAX;
	free(format);
	return 0;
}

/*
 * The trigger's condition: the user's filter and -L's thread. -p, -c and
 * the tool's own exclusion need none: a hist trigger needs the record
 * (EVENT_CMD_FL_NEEDS_REC), so the kernel records the event before it
 * runs the trigger (and discards it, the event being off), and the
 * instance's set_event_pid and set_event_notrace_pid apply there.
 */
static char *condition(struct kp_session *s, const struct kp_probe *p)
{
	char *cond = kp_filter_compose(p->filter, s->target.tid);

	if (!cond)
		error("out of memory");
	return cond;
}

static void make_view(struct kp_session *s, struct kp_agg_def *d)
{
	const struct kp_agg_spec *a = &s->cfg->agg;
	struct kp_hist_view *v = &d->view;

	v->event = kp_probe_shown(d->p);
	v->function = d->p->symbol;
	v->json = s->cfg->json;
	v->nr_keys = a->nr_by;
	for (int k = 0; k < a->nr_by; k++) {
		const struct kp_agg_field *f = NULL;

		for (int i = 0; i < d->nr_fields; i++)
			if (!strcmp(d->fields[i].name, a->by[k].name))
				f = &d->fields[i];
		v->keys[k] = kp_hist_view_key(&a->by[k], f);
	}
	v->hist = a->mode == KP_AGG_HIST || a->mode == KP_AGG_LATENCY;
	v->step = a->step;
	v->field = a->mode == KP_AGG_LATENCY ? "latency" : a->hist;
	v->unit = a->mode == KP_AGG_LATENCY ? "us" : NULL;
}

static int start_latency(struct kp_aggregate *a, struct kp_agg_def *d, int i, const char *cond)
{
	struct kp_session *s = a->s;
	char *before;
	int ret;

	snprintf(d->synth, sizeof(d->synth), "%s_lat%d", s->name, i);
	if (kp_agg_latency_build(&s->cfg->agg, d->fields, d->nr_fields, i, d->synth, d->group,
				 d->p->event, cond, &d->lat))
		return -1;
	before = kp_errlog_snapshot(NULL);
	ret = tracefs_instance_file_append(NULL, "dynamic_events", d->lat.synth);
	if (ret < 0) {
		error_errno("cannot create synthetic event '%s'", d->lat.synth);
		kp_errlog_show_new(NULL, before);
	}
	free(before);
	if (ret < 0)
		return -1;
	d->synth_made = true;
	/* the start time first, then the return that reads it, then the histogram */
	if (add_trigger(s, d->group, d->p->event, d->lat.entry))
		return -1;
	d->entry_on = true;
	if (add_trigger(s, d->ret_group, d->ret->event, d->lat.ret))
		return -1;
	d->ret_on = true;
	if (add_trigger(s, "synthetic", d->synth, d->lat.synth_trigger))
		return -1;
	d->synth_trigger_on = true;
	return 0;
}

int kp_aggregate_start(struct kp_aggregate *a, struct kp_session *s)
{
	const struct kp_agg_spec *spec = &s->cfg->agg;
	int i, n = spec->nr_defs;

	char *readme;

	memset(a, 0, sizeof(*a));
	a->s = s;
	readme = tracefs_instance_file_read(NULL, "README", NULL);
	kp_agg_features_read(readme, &a->feat);
	free(readme);
	a->defs = calloc(n ? n : 1, sizeof(*a->defs));
	if (!a->defs)
		return error("out of memory");
	a->nr_defs = n;
	for (i = 0; i < n; i++) {
		struct kp_agg_def *d = &a->defs[i];
		char *cond;

		d->p = &s->cfg->probes[i];
		d->group = kp_probe_group(d->p, s->name);
		if (read_fields(s, d, d->p, d->group))
			return -1;
		make_view(s, d);
		cond = condition(s, d->p);
		if (!cond)
			return -1;
		if (spec->mode == KP_AGG_TRIGGER) {
			/* the definition's filter, unless the text has a condition of its own */
			if (!*cond || strstr(spec->trigger, " if "))
				d->trigger = strdup(spec->trigger);
			else if (asprintf(&d->trigger, "%s if %s", spec->trigger, cond) < 0)
				d->trigger = NULL;
			free(cond);
			if (!d->trigger)
				return error("out of memory");
			if (add_trigger(s, d->group, d->p->event, d->trigger))
				return -1;
			d->trigger_on = true;
			continue;
		}
		if (spec->mode == KP_AGG_LATENCY) {
			d->ret = &s->cfg->probes[spec->ret[i]];
			d->ret_group = kp_probe_group(d->ret, s->name);
			if (start_latency(a, d, i, cond)) {
				free(cond);
				return -1;
			}
			free(cond);
			continue;
		}
		d->trigger = kp_agg_count_trigger(spec, &a->feat, d->fields, d->nr_fields,
						  kp_probe_shown(d->p), cond);
		free(cond);
		if (!d->trigger)
			return -1;
		if (add_trigger(s, d->group, d->p->event, d->trigger))
			return -1;
		d->trigger_on = true;
	}
	return 0;
}

/*
 * The first table of a hist file, printed (less what @prev, the text of an
 * earlier read, had: -i); its totals counted
 */
static int print_table(struct kp_aggregate *a, struct kp_agg_def *d, const char *text,
		       const char *prev, struct kp_strbuf *sb)
{
	struct kp_hist_file hf, before = { 0 };
	long skipped = 0;

	if (kp_histfile_parse(text, &hf) || (prev && kp_histfile_parse(prev, &before))) {
		kp_histfile_free(&hf);
		kp_histfile_free(&before);
		return error("out of memory");
	}
	if (hf.nr_tables) {
		struct kp_hist_table *t = &hf.tables[0];

		kp_hist_table_subtract(t, before.nr_tables ? &before.tables[0] : NULL);
		skipped = kp_hist_print(&d->view, t, sb);
		if (skipped < 0) {
			kp_histfile_free(&hf);
			kp_histfile_free(&before);
			return error("out of memory");
		}
		a->counted += t->hits;
		a->dropped += t->dropped;
		if (t->dropped)
			warning("the kernel's table for '%s' was full (%d entries): %llu events "
				"were not counted; fewer keys, or --trigger with a larger :size=, "
				"count more",
				d->view.event, KP_AGG_TABLE_SIZE, t->dropped);
	}
	a->unreadable += skipped + hf.bad_lines;
	kp_histfile_free(&hf);
	kp_histfile_free(&before);
	return 0;
}

/* --trigger: the kernel's text as it is; its totals (since @prev) for the closing line */
static int count_totals(struct kp_aggregate *a, const char *text, const char *prev)
{
	struct kp_hist_file hf, before = { 0 };

	if (kp_histfile_parse(text, &hf) || (prev && kp_histfile_parse(prev, &before))) {
		kp_histfile_free(&hf);
		kp_histfile_free(&before);
		return error("out of memory");
	}
	for (int i = 0; i < hf.nr_tables; i++) {
		const struct kp_hist_table *t = &hf.tables[i];
		const struct kp_hist_table *b = i < before.nr_tables ? &before.tables[i] : NULL;

		a->counted += t->hits - (b && b->hits <= t->hits ? b->hits : 0);
		a->dropped += t->dropped - (b && b->dropped <= t->dropped ? b->dropped : 0);
	}
	kp_histfile_free(&hf);
	kp_histfile_free(&before);
	return 0;
}

int kp_aggregate_print(struct kp_aggregate *a, struct kp_output *out, bool interval)
{
	struct kp_session *s = a->s;
	struct kp_strbuf sb = { 0 };
	int err = 0;

	for (int i = 0; i < a->nr_defs && !err; i++) {
		struct kp_agg_def *d = &a->defs[i];
		bool lat = s->cfg->agg.mode == KP_AGG_LATENCY;
		const char *group = lat ? "synthetic" : d->group;
		const char *event = lat ? d->synth : d->p->event;
		char *text = tracefs_event_file_read(s->inst.tfs, group, event, "hist", NULL);

		if (!text) {
			err = error_errno("cannot read the hist file of event '%s/%s'", group,
					  event);
			break;
		}
		kp_strbuf_reset(&sb);
		if (s->cfg->agg.mode == KP_AGG_TRIGGER)
			err = kp_strbuf_puts(&sb, text) ? error("out of memory")
							: count_totals(a, text, d->prev);
		else
			err = print_table(a, d, text, d->prev, &sb);
		/* -i: the next print is what was counted since this one */
		free(d->prev);
		d->prev = interval ? text : NULL;
		if (!interval)
			free(text);
		if (!err && sb.len && kp_output_write(out, sb.buf, sb.len) && !out->closed)
			err = error_errno("cannot write the counts");
	}
	kp_strbuf_free(&sb);
	return err;
}

int kp_aggregate_summary(struct kp_aggregate *a, struct kp_output *out, unsigned long long missed)
{
	char line[256];
	int n;

	if (a->unreadable)
		warning("%llu entries of the kernel's tables could not be read", a->unreadable);
	if (!a->s || !a->s->cfg->json)
		return 0;
	n = snprintf(line, sizeof(line),
		     "{\"type\":\"summary\",\"counted\":%llu,\"dropped\":%llu,\"missed\":%llu,"
		     "\"unreadable\":%llu}\n",
		     a->counted, a->dropped, missed, a->unreadable);
	if (kp_output_write(out, line, n) && !out->closed)
		return error_errno("cannot write the counts");
	return 0;
}

int kp_aggregate_destroy(struct kp_aggregate *a)
{
	int err = 0;

	if (!a->s)
		return 0;
	for (int i = a->nr_defs - 1; i >= 0; i--) {
		struct kp_agg_def *d = &a->defs[i];
		struct tracefs_instance *inst = a->s->inst.tfs;

		if (d->synth_trigger_on &&
		    remove_trigger(inst, "synthetic", d->synth, d->lat.synth_trigger))
			err = -1;
		if (d->ret_on && remove_trigger(inst, d->ret_group, d->ret->event, d->lat.ret))
			err = -1;
		if (d->entry_on && remove_trigger(inst, d->group, d->p->event, d->lat.entry))
			err = -1;
		if (d->trigger_on && remove_trigger(inst, d->group, d->p->event, d->trigger))
			err = -1;
		d->synth_trigger_on = d->ret_on = d->entry_on = d->trigger_on = false;
	}
	/* a synthetic event goes once no trigger uses it */
	for (int i = a->nr_defs - 1; i >= 0; i--) {
		struct kp_agg_def *d = &a->defs[i];

		if (d->synth_made && kp_dynevent_remove("dynamic_events", "synthetic", d->synth))
			err = -1;
		d->synth_made = false;
		kp_agg_latency_free(&d->lat);
		free(d->trigger);
		d->trigger = NULL;
		free(d->prev);
		d->prev = NULL;
	}
	free(a->defs);
	a->defs = NULL;
	a->nr_defs = 0;
	/* the counts stay for the closing line */
	a->s = NULL;
	return err;
}

/* The triggers of one event, one removal pass; how many are left */
static int clear_event(struct tracefs_instance *inst, const char *group, const char *event,
		       int *removed)
{
	char *text = tracefs_event_file_read(inst, group, event, "trigger", NULL);
	char *line, *save = NULL;
	int left = 0;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *cmd = kp_agg_remove_text(line);

		if (!cmd)
			continue;
		if (tracefs_event_file_append(inst, group, event, "trigger", cmd) < 0)
			left++;
		else
			(*removed)++;
		free(cmd);
	}
	free(text);
	return left;
}

int kp_triggers_clear(struct tracefs_instance *inst, const char *dynevents)
{
	int removed = 0, left = 1, pass;

	/* a trigger that reads another's variable holds it: retry in the order that frees */
	for (pass = 0; pass < 4 && left; pass++) {
		const char *line = dynevents;

		left = 0;
		while (line && *line) {
			char group[KP_NAME_MAX], event[KP_NAME_MAX];

			if (!kp_dynevent_split(line, group, event, sizeof(group)))
				left += clear_event(inst, group, event, &removed);
			line = strchr(line, '\n');
			if (line)
				line++;
		}
	}
	if (left)
		return error("cannot remove %d triggers from instance '%s'", left,
			     tracefs_instance_get_name(inst));
	return removed;
}
