/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_COMM_H
#define KPROBE_COMM_H

#define KP_COMM_LEN 16 /* the kernel's TASK_COMM_LEN */

/* The events that name tasks: their system, and the two events in it */
#define KP_TASK_SYSTEM	"task"
#define KP_TASK_NEWTASK "task_newtask" /* a new task and its name */
#define KP_TASK_RENAME	"task_rename"  /* a task's new name */

/* pid -> the task's name, as the events in the stream last set it */
struct kp_comm_table {
	struct kp_comm_slot *slots;
	unsigned int cap, used;
};

/**
 * kp_comm_set - @pid is called @comm from now on
 * @t: the table (zeroed to start)
 * @pid: a task id, > 0
 * @comm: its name; at most KP_COMM_LEN - 1 bytes are kept
 *
 * Returns 0 or -1 with errno ENOMEM.
 */
int kp_comm_set(struct kp_comm_table *t, int pid, const char *comm);

/* The name of @pid, or NULL if never set */
const char *kp_comm_get(const struct kp_comm_table *t, int pid);

void kp_comm_destroy(struct kp_comm_table *t);

#endif
