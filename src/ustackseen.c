// SPDX-License-Identifier: GPL-2.0-only
/*
 * -s on a uprobe and --ustack: whether the kernel records user stacks at
 * all, told by the records (ustackseen.h says how, and why not from the
 * kernel's version).
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "errors.h"
#include "ustackseen.h"

void kp_ustack_seen_init(struct kp_ustack_seen *s)
{
	memset(s, 0, sizeof(*s));
}

/* The CPU's slot (unknown CPUs share slot 0), or NULL out of memory */
static unsigned char *slot(struct kp_ustack_seen *s, int cpu)
{
	int i = cpu < 0 ? 0 : cpu + 1;

	if (cpu >= 65536)
		i = 0;
	if (i >= s->nr) {
		int n = i < 64 ? 64 : i + 1;
		unsigned char *more = realloc(s->waiting, (size_t)n);

		if (!more)
			return NULL;
		memset(more + s->nr, 0, (size_t)(n - s->nr));
		s->waiting = more;
		s->nr = n;
	}
	return &s->waiting[i];
}

static bool due(struct kp_ustack_seen *s, unsigned long long without)
{
	if (s->said || s->stacks || without < 1)
		return false;
	s->said = true;
	return true;
}

bool kp_ustack_seen_record(struct kp_ustack_seen *s, int cpu, enum kp_ustack_rec rec)
{
	unsigned char *w;

	if (rec == KP_USR_OTHER || s->said)
		return false;
	if (rec == KP_USR_USTACK) {
		s->stacks++;
		w = slot(s, cpu);
		if (w)
			*w = 0;
		return false;
	}
	s->events++;
	w = slot(s, cpu);
	if (!w)
		return false;
	if (*w)
		s->without++;
	*w = 1;
	return s->without >= KP_USTACK_SEEN_AFTER && due(s, s->without);
}

bool kp_ustack_seen_end(struct kp_ustack_seen *s, bool complete)
{
	if (s->said)
		return false;
	if (complete) {
		int i;

		for (i = 0; i < s->nr; i++)
			if (s->waiting[i]) {
				s->without++;
				s->waiting[i] = 0;
			}
	}
	return due(s, s->without);
}

void kp_ustack_seen_message(const struct kp_ustack_seen *s, char *buf, size_t size)
{
	snprintf(buf, size,
		 "this kernel records no user stacks: %llu event%s came without one "
		 "(it lacks CONFIG_USER_STACKTRACE_SUPPORT, which arm64 has since Linux 6.10); "
		 "events are printed without them",
		 s->without, s->without == 1 ? "" : "s");
}

void kp_ustack_seen_say(const struct kp_ustack_seen *s)
{
	char buf[256];

	kp_ustack_seen_message(s, buf, sizeof(buf));
	warning("%s", buf);
}

void kp_ustack_seen_destroy(struct kp_ustack_seen *s)
{
	free(s->waiting);
	s->waiting = NULL;
	s->nr = 0;
}
