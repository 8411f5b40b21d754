/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TFSWRITE_H
#define KPROBE_TFSWRITE_H

#include <stdbool.h>

#include <tracefs.h>

/*
 * Every write the run makes to tracefs goes through these: each calls the
 * libtracefs function of the same name and, when debugging is on
 * (--debug or KPROBE_DEBUG=1, kp_debug_enabled()), logs on stderr what it wrote where and how
 * the write ended:
 *
 *   kprobe: debug: write instances/kprobe_42/buffer_size_kb '4096': ok
 *   kprobe: debug: append kprobe_events 'p:kprobe_42/x vfs_read': EINVAL
 *   kprobe: debug: mkdir instances/kprobe_42: ok
 *
 * Paths are relative to the tracefs mount. Each returns what the libtracefs
 * function returns, with errno as it left it.
 */

/**
 * kp_tfs_write - tracefs_instance_file_write(), logged
 * @inst: the instance; NULL: the top one
 * @file: the file in it
 * @text: what to write
 *
 * Returns the bytes written, or -1 with errno set.
 */
int kp_tfs_write(struct tracefs_instance *inst, const char *file, const char *text);

/**
 * kp_tfs_append - tracefs_instance_file_append(), logged
 * @inst: the instance; NULL: the top one
 * @file: the file in it
 * @text: what to append
 *
 * Returns the bytes written, or -1 with errno set.
 */
int kp_tfs_append(struct tracefs_instance *inst, const char *file, const char *text);

/**
 * kp_tfs_event_write - tracefs_event_file_write(), logged
 * @inst: the instance; NULL: the top one
 * @sys: the event's system (group)
 * @event: the event
 * @file: the file in its directory ("enable", "filter")
 * @text: what to write
 *
 * Returns the bytes written, or -1 with errno set.
 */
int kp_tfs_event_write(struct tracefs_instance *inst, const char *sys, const char *event,
		       const char *file, const char *text);

/**
 * kp_tfs_event_append - tracefs_event_file_append(), logged
 * @inst: the instance; NULL: the top one
 * @sys: the event's system (group)
 * @event: the event
 * @file: the file in its directory ("trigger")
 * @text: what to append
 *
 * Returns the bytes written, or -1 with errno set.
 */
int kp_tfs_event_append(struct tracefs_instance *inst, const char *sys, const char *event,
			const char *file, const char *text);

/**
 * kp_tfs_option - tracefs_option_enable() or tracefs_option_disable(), logged
 * @inst: the instance; NULL: the top one
 * @id: the option
 * @on: enable it, or disable it
 *
 * Returns 0, or -1 with errno set.
 */
int kp_tfs_option(struct tracefs_instance *inst, enum tracefs_option_id id, bool on);

/**
 * kp_tfs_trace_off - tracefs_trace_off(), logged
 * @inst: the instance; NULL: the top one
 *
 * Returns 0, or -1 with errno set.
 */
int kp_tfs_trace_off(struct tracefs_instance *inst);

/**
 * kp_tfs_instance_create - tracefs_instance_create(), logged
 * @name: the instance's name
 *
 * Returns the instance (the caller frees it with tracefs_instance_free()),
 * or NULL with errno set.
 */
struct tracefs_instance *kp_tfs_instance_create(const char *name);

/**
 * kp_tfs_instance_destroy - tracefs_instance_destroy(), logged
 * @inst: the instance
 *
 * Returns 0, or -1 with errno set.
 */
int kp_tfs_instance_destroy(struct tracefs_instance *inst);

#endif
