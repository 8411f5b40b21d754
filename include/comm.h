/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_COMM_H
#define KPROBE_COMM_H

#include <stddef.h>

#define KP_COMM_LEN 16 /* the kernel's TASK_COMM_LEN */

/* The events that name tasks: their system, and the two events in it */
#define KP_TASK_SYSTEM	"task"
#define KP_TASK_NEWTASK "task_newtask" /* a new task and its name */
#define KP_TASK_RENAME	"task_rename"  /* a task's new name */
/* and the one that ends them */
#define KP_FREE_SYSTEM	"sched"
#define KP_TASK_FREE	"sched_process_free" /* a task freed: its pid may be reused */

/*
 * Most names the table holds: 65536 live tasks take 131072 slots of 20
 * bytes, 2.5 MB, whatever pid_max is
 */
#define KP_COMM_MAX 65536

/*
 * pid -> the task's name, as the events in the stream last set it; a task
 * is forgotten when the stream shows it freed
 */
struct kp_comm_table {
	struct kp_comm_slot *slots;
	unsigned int cap, used;
	unsigned int dropped; /* times it was full and started over */
};

/**
 * kp_comm_set - @pid is called @comm from now on
 * @t: the table (zeroed to start)
 * @pid: a task id, > 0
 * @comm: its name; at most KP_COMM_LEN - 1 bytes are kept
 *
 * A new pid in a table of KP_COMM_MAX names empties it first (and counts
 * that in @t->dropped): the tasks of those names exited unseen.
 * Returns 0 or -1 with errno ENOMEM (or EINVAL for a pid <= 0).
 */
int kp_comm_set(struct kp_comm_table *t, int pid, const char *comm);

/**
 * kp_comm_new - a new task @pid is called @comm (task_newtask)
 * @t: the table
 * @pid: its id, > 0
 * @comm: its name
 *
 * Sets the name as kp_comm_set() does. A pid the table still holds is a
 * reused one whose earlier task's free is still to come (the kernel frees
 * a pid before it reports the task freed): that free is then taken for
 * the earlier task's, and the new name stays, whatever the two names.
 * Returns 0 or -1 with errno ENOMEM (or EINVAL for a pid <= 0).
 */
int kp_comm_new(struct kp_comm_table *t, int pid, const char *comm);

/**
 * kp_comm_forget - @pid has exited: its name goes
 * @t: the table
 * @pid: a task id; one the table does not hold is ignored
 * @comm: the name of the task that exited, or NULL for any. The kernel
 *	  frees a pid before it reports the task freed, so a new task may
 *	  have the pid and its own name already: that name stays (see
 *	  kp_comm_new(), and a name other than @comm).
 */
void kp_comm_forget(struct kp_comm_table *t, int pid, const char *comm);

/* The name of @pid, or NULL if never set or forgotten */
const char *kp_comm_get(const struct kp_comm_table *t, int pid);

/* The memory the table's slots take, in bytes */
size_t kp_comm_bytes(const struct kp_comm_table *t);

void kp_comm_destroy(struct kp_comm_table *t);

#endif
