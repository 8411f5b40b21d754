/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_PROBE_H
#define KPROBE_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "kind.h"

/* The kernel's limits (MAX_EVENT_NAME_LEN, WRITE_BUFSIZE, filter page) */
#define KP_NAME_MAX	  64
#define KP_DEFINITION_MAX 4095
#define KP_FILTER_MAX	  4095

/*
 * One probe as the user defined it, plus what this run decided for it.
 * Everything the kernel judges (location syntax, fetch args) is kept
 * verbatim; only the type, group and event name are ours to fill in.
 */
struct kp_probe {
	char *definition;     /* the user's text, for messages */
	char type[16];	      /* "p", "r", "rMAXACTIVE", "f", "fMAXACTIVE", "t" or "e" */
	enum kp_kind_id kind; /* its row in kp_kinds[] */
	bool is_return;	      /* r, or %return */
	bool named;	      /* the user gave the event name */
	bool name_guessed;    /* "K:X Y" read as event X on Y; see kp_probe_settle_name() */
	bool kind_open;	      /* "NAME:X" a kprobe until the host says; kp_probe_settle_kind() */
	char *group;	      /* user's group, or NULL for the run's own */
	char *event;	      /* event name in the kernel */
	char *shown;	      /* the name output shows, if not @event (evname.h) */
	char *location;	      /* as the kind takes it: verbatim until resolved */
	char *symbol;	      /* bare function or tracepoint name; NULL if none */
	char *args;	      /* fetch args, verbatim; NULL if none */
	char *filter;	      /* user's filter; NULL if none */
};

/**
 * kp_is_definition - tell a DEFINITION from a FILTER on the command line
 * @arg: one command-line word
 *
 * Returns true if @arg starts like a probe definition: a kind's type
 * ("p", "r", "rN", "f", "fN", "t", "e") followed by ':' or by a space and
 * a word, or a first word ending in "%return".
 */
bool kp_is_definition(const char *arg);

/**
 * kp_probe_parse - parse one definition
 * @def: the user's text
 * @p: filled in on success; free with kp_probe_release()
 *
 * Returns 0, or -1 after printing why @def is not a definition.
 */
int kp_probe_parse(const char *def, struct kp_probe *p);

/**
 * kp_probe_settle_name - settle "K:X Y" with what the kernel has
 * @p: the probe
 * @k: the kernel's lists
 *
 * perf-tools reads "p:X Y" as event X on Y, and so does kp_probe_parse().
 * When Y is no location the kernel knows and X is one, X is the location
 * and Y its first argument ("f:vfs_read count"). Nothing changes when the
 * lists cannot be read. Returns 1 if @p changed (its name is then a
 * default again: run kp_probes_assign_names()), 0 if not, or -1 after
 * printing an allocation failure.
 */
int kp_probe_settle_name(struct kp_probe *p, const struct kp_kernel_text *k);

/**
 * kp_probe_settle_kind - settle "NAME:X" with what the host has
 * @p: the probe
 * @host: the loaded modules, and where programs and libraries are found
 *
 * kp_probe_parse() reads nothing of the host, so "p:NAME:X" is a kprobe
 * on module NAME's X until this asks: a loaded module keeps it a kprobe,
 * a program on $PATH or a library in the ld.so cache makes it a uprobe.
 * When neither is found it stays a kprobe (the kernel judges) and
 * p->kind_open stays true. Returns 1 if @p changed kind (a default name is
 * then made afresh: run kp_probes_assign_names()), 0 if not, or -1 after
 * printing why the location is no such kind's.
 */
int kp_probe_settle_kind(struct kp_probe *p, const struct kp_host_names *host);

/**
 * kp_probe_release - free what kp_probe_parse() allocated
 * @p: the probe; left zeroed, so a second call is harmless
 */
void kp_probe_release(struct kp_probe *p);

/**
 * kp_probes_assign_names - make event names unique within one run
 * @probes: the run's probes
 * @n: how many
 *
 * A default name that collides gets "_ret" (return probes) or "_2",
 * "_3"... appended; two identical user-given names are an error.
 * Returns 0, or -1 after printing the duplicate.
 */
int kp_probes_assign_names(struct kp_probe *probes, int n);

/**
 * kp_probe_group - the group a probe lives in
 * @p: the probe
 * @run_group: the run's own group
 */
const char *kp_probe_group(const struct kp_probe *p, const char *run_group);

/**
 * kp_probe_shown - the event name the output shows
 * @p: the probe
 */
static inline const char *kp_probe_shown(const struct kp_probe *p)
{
	return p->shown ? p->shown : p->event;
}

/**
 * kp_probe_command - the line that creates the probe
 * @p: the probe
 * @run_group: group used when the user named none
 *
 * Returns "TYPE:GROUP/EVENT LOCATION[ ARGS]" in malloc'd memory, or NULL
 * with errno set to ENOMEM. It goes to kp_kinds[p->kind].file.
 */
char *kp_probe_command(const struct kp_probe *p, const char *run_group);

/**
 * kp_filter_compose - the filter to install for a probe
 * @user: the user's filter, or NULL
 * @tid: thread to restrict to, or -1
 *
 * Returns the malloc'd filter, "" when there is nothing to filter, or
 * NULL with errno set to ENOMEM.
 */
char *kp_filter_compose(const char *user, pid_t tid);

/**
 * kp_text_check - refuse text that cannot be written safely to tracefs
 * @what: "definition" or "filter", for the message
 * @text: the user's text
 * @max: longest accepted length
 *
 * Returns 0, or -1 after printing why (control characters, too long).
 */
int kp_text_check(const char *what, const char *text, size_t max);

#endif
