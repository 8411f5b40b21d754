/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_USTACKSEEN_H
#define KPROBE_USTACKSEEN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Does this kernel record user stacks at all? With the userstacktrace
 * option set, the kernel writes a user stack record right after each event
 * on the same CPU (kernel/trace/trace.c: trace_buffer_unlock_commit_regs()
 * calls ftrace_trace_userstack() after the event, and its kernel stack,
 * are committed), skipping it only in an NMI, while one is being saved, or
 * when the buffer is full. A kernel built without
 * CONFIG_USER_STACKTRACE_SUPPORT still has the option, and its
 * ftrace_trace_userstack() is empty: the events come, their stacks never
 * do, and nothing says so. arm64 selects the option since Linux 6.10
 * (commit 410e471f8746, "arm64: Add USER_STACKTRACE support"): Debian's
 * arm64 6.1 records none.
 *
 * So the records themselves tell: an event whose next record on its CPU
 * is another event had no user stack. Once KP_USTACK_SEEN_AFTER events
 * have had none, and not one user stack has come, the kernel records none
 * (said once); a shorter run is judged at its end. A single user stack
 * anywhere means the kernel has them, and nothing is said.
 */
#define KP_USTACK_SEEN_AFTER 3

/* A record, for the check */
enum kp_ustack_rec {
	KP_USR_EVENT,  /* a probe's event: a user stack should follow */
	KP_USR_USTACK, /* a user stack record */
	KP_USR_OTHER,  /* anything else (a kernel stack, a task event): no change */
};

struct kp_ustack_seen {
	unsigned char *waiting; /* per CPU slot: an event without its stack yet */
	int nr;
	unsigned long long events;  /* events seen */
	unsigned long long without; /* events followed by another event on their CPU */
	unsigned long long stacks;  /* user stack records seen */
	bool said;		    /* the warning was given */
};

/*
 * Is the question settled: a user stack seen (the kernel records them) or
 * the warning given? Then a reader need not tell its records apart any
 * more (kp_format_ustack_rec() looks each one's event up)
 */
static inline bool kp_ustack_seen_settled(const struct kp_ustack_seen *s)
{
	return s->said || s->stacks;
}

/**
 * kp_ustack_seen_init - start watching for user stacks
 * @s: the state
 */
void kp_ustack_seen_init(struct kp_ustack_seen *s);

/**
 * kp_ustack_seen_record - one record, in the order its CPU wrote them
 * @s: the state
 * @cpu: its CPU; negative: unknown (all such records count as one CPU's)
 * @rec: what it is
 *
 * Returns true, once, when the kernel is found to record no user stacks:
 * the caller says so (kp_ustack_seen_say()).
 */
bool kp_ustack_seen_record(struct kp_ustack_seen *s, int cpu, enum kp_ustack_rec rec);

/**
 * kp_ustack_seen_end - the run is over
 * @s: the state
 * @complete: every record was read (no -n limit, no closed output), so
 *	      that an event still waiting for its stack had none
 *
 * Returns true, once, when the warning is due and was not given during
 * the run: a run of fewer than KP_USTACK_SEEN_AFTER events with no user
 * stack.
 */
bool kp_ustack_seen_end(struct kp_ustack_seen *s, bool complete);

/**
 * kp_ustack_seen_message - the warning's text
 * @s: the state
 * @buf: where it goes
 * @size: its size
 */
void kp_ustack_seen_message(const struct kp_ustack_seen *s, char *buf, size_t size);

/**
 * kp_ustack_seen_say - print the warning (kp_ustack_seen_message())
 * @s: the state
 */
void kp_ustack_seen_say(const struct kp_ustack_seen *s);

/**
 * kp_ustack_seen_destroy - free the state
 * @s: the state
 */
void kp_ustack_seen_destroy(struct kp_ustack_seen *s);

#endif
