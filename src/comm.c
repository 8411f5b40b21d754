// SPDX-License-Identifier: GPL-2.0-only
/*
 * Task names by pid, for the comm column.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "comm.h"

struct kp_comm_slot {
	int pid; /* 0: free */
	char comm[KP_COMM_LEN];
};

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
		if (t->slots[i].pid == pid || !t->slots[i].pid)
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
			*find(&n, t->slots[i].pid) = t->slots[i];
			n.used++;
		}
	}
	free(t->slots);
	*t = n;
	return 0;
}

int kp_comm_set(struct kp_comm_table *t, int pid, const char *comm)
{
	struct kp_comm_slot *s;

	if (pid <= 0) {
		errno = EINVAL;
		return -1;
	}
	if ((t->used + 1) * 4 >= t->cap * 3 && grow(t))
		return -1;
	s = find(t, pid);
	if (!s->pid) {
		s->pid = pid;
		t->used++;
	}
	strncpy(s->comm, comm, KP_COMM_LEN - 1);
	s->comm[KP_COMM_LEN - 1] = '\0';
	return 0;
}

const char *kp_comm_get(const struct kp_comm_table *t, int pid)
{
	const struct kp_comm_slot *s = find(t, pid);

	return s && s->pid ? s->comm : NULL;
}

void kp_comm_destroy(struct kp_comm_table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->used = 0;
}
