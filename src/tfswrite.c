// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's writes to tracefs, and the --debug log of them, for bug reports.
 */
#include <errno.h>
#include <stdio.h>

#include "errors.h"
#include "tfswrite.h"

/* "kprobe: debug: write instances/NAME/FILE 'TEXT': ok"; keeps errno */
static void logwrite(const char *op, struct tracefs_instance *inst, const char *file,
		     const char *text, int failed)
{
	int err = errno;
	const char *name = inst ? tracefs_instance_get_name(inst) : NULL;

	errno = err;
	debug("%s %s%s%s%s '%s': %s", op, name ? "instances/" : "", name ? name : "",
	      name ? "/" : "", file, text, failed ? errno_name(err) : "ok");
}

/* logwrite() of an event's FILE: events/SYS/EVENT/FILE */
static void logevent(const char *op, struct tracefs_instance *inst, const char *sys,
		     const char *event, const char *file, const char *text, int failed)
{
	char path[512];

	snprintf(path, sizeof(path), "events/%s/%s/%s", sys, event, file);
	logwrite(op, inst, path, text, failed);
}

int kp_tfs_write(struct tracefs_instance *inst, const char *file, const char *text)
{
	int ret = tracefs_instance_file_write(inst, file, text);

	if (kp_debug_enabled())
		logwrite("write", inst, file, text, ret < 0);
	return ret;
}

int kp_tfs_append(struct tracefs_instance *inst, const char *file, const char *text)
{
	int ret = tracefs_instance_file_append(inst, file, text);

	if (kp_debug_enabled())
		logwrite("append", inst, file, text, ret < 0);
	return ret;
}

int kp_tfs_event_write(struct tracefs_instance *inst, const char *sys, const char *event,
		       const char *file, const char *text)
{
	int ret = tracefs_event_file_write(inst, sys, event, file, text);

	if (kp_debug_enabled())
		logevent("write", inst, sys, event, file, text, ret < 0);
	return ret;
}

int kp_tfs_event_append(struct tracefs_instance *inst, const char *sys, const char *event,
			const char *file, const char *text)
{
	int ret = tracefs_event_file_append(inst, sys, event, file, text);

	if (kp_debug_enabled())
		logevent("append", inst, sys, event, file, text, ret < 0);
	return ret;
}

int kp_tfs_option(struct tracefs_instance *inst, enum tracefs_option_id id, bool on)
{
	int ret = on ? tracefs_option_enable(inst, id) : tracefs_option_disable(inst, id);

	if (kp_debug_enabled()) {
		char path[128];

		snprintf(path, sizeof(path), "options/%s", tracefs_option_name(id));
		logwrite("write", inst, path, on ? "1" : "0", ret != 0);
	}
	return ret;
}

int kp_tfs_trace_off(struct tracefs_instance *inst)
{
	int ret = tracefs_trace_off(inst);

	if (kp_debug_enabled())
		logwrite("write", inst, "tracing_on", "0", ret != 0);
	return ret;
}

struct tracefs_instance *kp_tfs_instance_create(const char *name)
{
	struct tracefs_instance *inst = tracefs_instance_create(name);

	debug("mkdir instances/%s: %s", name, inst ? "ok" : errno_name(errno));
	return inst;
}

int kp_tfs_instance_destroy(struct tracefs_instance *inst)
{
	int ret = tracefs_instance_destroy(inst);

	if (kp_debug_enabled())
		debug("rmdir instances/%s: %s", tracefs_instance_get_name(inst),
		      ret ? errno_name(errno) : "ok");
	return ret;
}
