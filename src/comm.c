// SPDX-License-Identifier: GPL-2.0-only
/*
 * Task names by pid, for the comm column: an open-addressing table of at
 * most KP_COMM_MAX names, from which a task that exits is removed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "comm.h"

struct kp_comm_slot {
	int pid; /* 0: free; FREE_DUE may be set beside the pid */
	char comm[KP_COMM_LEN];
};

/*
 * Set beside a pid whose new task came while the free of an earlier task
 * of the same pid was still to come (the kernel frees a pid before it
 * reports the task freed): that report is the earlier task's, not this one's
 */
#define FREE_DUE 0x40000000
#define PID_MASK (FREE_DUE - 1)

static int pid_of(const struct kp_comm_slot *s)
{
	return s->pid & PID_MASK;
}

static unsigned int slot_of(const struct kp_comm_table *t, int pid)
{
	unsigned int h = (unsigned int)pid * 2654435761U;

	return h & (t->cap - 1);
}

static struct kp_comm_slot *find(const struct kp_comm_table *t, int pid)
{
	unsigned int i;

	if (!t->cap)
		return NULL;
	for (i = slot_of(t, pid);; i = (i + 1) & (t->cap - 1)) {
		if (pid_of(&t->slots[i]) == pid || !t->slots[i].pid)
			return &t->slots[i];
	}
}

static int grow(struct kp_comm_table *t)
{
	struct kp_comm_table n = { .cap = t->cap ? t->cap * 2 : 256 };
	unsigned int i;

	n.slots = calloc(n.cap, sizeof(*n.slots));
	if (!n.slots)
		return -1;
	for (i = 0; i < t->cap; i++) {
		if (t->slots[i].pid) {
			*find(&n, pid_of(&t->slots[i])) = t->slots[i];
			n.used++;
		}
	}
	n.dropped = t->dropped;
	free(t->slots);
	*t = n;
	return 0;
}

/* The slot of @pid, new if need be; NULL with errno set */
static struct kp_comm_slot *slot_for(struct kp_comm_table *t, int pid, bool *had)
{
	struct kp_comm_slot *s;

	if (pid <= 0 || pid > PID_MASK) {
		errno = EINVAL;
		return NULL;
	}
	s = find(t, pid);
	if (!s || !s->pid) {
		if (t->used >= KP_COMM_MAX) {
			/*
			 * Full of tasks whose exit the stream did not show
			 * (lost events): start over; the names of live tasks
			 * come back from /proc when asked for
			 */
			memset(t->slots, 0, t->cap * sizeof(*t->slots));
			t->used = 0;
			t->dropped++;
		} else if ((t->used + 1) * 4 >= t->cap * 3 && grow(t)) {
			return NULL;
		}
		s = find(t, pid);
		s->pid = pid;
		t->used++;
		*had = false;
	} else {
		*had = true;
	}
	return s;
}

static void name(struct kp_comm_slot *s, const char *comm)
{
	strncpy(s->comm, comm, KP_COMM_LEN - 1);
	s->comm[KP_COMM_LEN - 1] = '\0';
}

int kp_comm_set(struct kp_comm_table *t, int pid, const char *comm)
{
	bool had;
	struct kp_comm_slot *s = slot_for(t, pid, &had);

	if (!s)
		return -1;
	name(s, comm);
	return 0;
}

int kp_comm_new(struct kp_comm_table *t, int pid, const char *comm)
{
	bool had;
	struct kp_comm_slot *s = slot_for(t, pid, &had);

	if (!s)
		return -1;
	if (had)
		s->pid |= FREE_DUE;
	name(s, comm);
	return 0;
}

void kp_comm_forget(struct kp_comm_table *t, int pid, const char *comm)
{
	struct kp_comm_slot *s = pid > 0 ? find(t, pid) : NULL;
	unsigned int hole, i;

	if (!s || !s->pid)
		return;
	/* the free of the task the pid had before: the new task's name stays */
	if (s->pid & FREE_DUE) {
		s->pid &= PID_MASK;
		return;
	}
	if (comm && strncmp(s->comm, comm, KP_COMM_LEN - 1))
		return;
	/* linear probing: move later entries of the run back over the hole */
	hole = (unsigned int)(s - t->slots);
	for (i = (hole + 1) & (t->cap - 1); t->slots[i].pid; i = (i + 1) & (t->cap - 1)) {
		unsigned int home = slot_of(t, pid_of(&t->slots[i]));

		/* can the entry at i live at hole? Only if hole is between home and i */
		if (((i - home) & (t->cap - 1)) >= ((i - hole) & (t->cap - 1))) {
			t->slots[hole] = t->slots[i];
			hole = i;
		}
	}
	t->slots[hole].pid = 0;
	t->used--;
}

const char *kp_comm_get(const struct kp_comm_table *t, int pid)
{
	const struct kp_comm_slot *s = find(t, pid);

	return s && s->pid ? s->comm : NULL;
}

size_t kp_comm_bytes(const struct kp_comm_table *t)
{
	return t->cap * sizeof(struct kp_comm_slot);
}

void kp_comm_destroy(struct kp_comm_table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->used = t->dropped = 0;
}
