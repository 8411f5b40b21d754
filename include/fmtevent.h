/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_FMTEVENT_H
#define KPROBE_FMTEVENT_H

#include <stdbool.h>

/*
 * The formatter's table of events: for each event id, where its fields are
 * in a record and how the kernel prints each of its probe arguments, taken
 * from the event's format file. Pure: the format text is handed in.
 */

struct tep_handle;

/* struct trace_entry, the same on every kernel this tool supports */
#define KP_COMMON_SIZE 8

/*
 * No field of an event ends past this: __data_loc offsets are 16 bits, and
 * an event's fixed part is far smaller. kp_fevs_add() refuses others.
 */
#define KP_RECORD_MAX 65536

/* How the kernel prints one probe argument (trace_probe.c's fetch types) */
enum kp_farg_type {
	KP_FT_U,    /* u8-u64: "%u", "%Lu" */
	KP_FT_S,    /* s8-s64: "%d", "%Ld" */
	KP_FT_X,    /* x8-x64: "0x%x", "0x%Lx" */
	KP_FT_SYM,  /* symbol: "%pS" */
	KP_FT_STR,  /* string, ustring, symstr, $comm: "\"%s\"" or "(fault)" */
	KP_FT_CHAR, /* char: "'%c'" */
};

struct kp_farg {
	char *name;
	enum kp_farg_type type;
	unsigned int offset, esize;
	unsigned int count; /* array elements; 0: a scalar */
	bool rel;	    /* __rel_loc rather than __data_loc */
};

enum kp_fev_kind {
	KP_EV_PROBE,	/* kprobe, uprobe, fprobe entry, tracepoint probe: (ip) */
	KP_EV_RETPROBE, /* kretprobe, uretprobe, fprobe exit: (ret_ip <- func) */
	KP_EV_EPROBE,	/* eprobe: (SYSTEM.EVENT) of the event it probes */
	KP_EV_STACK,	/* ftrace/kernel_stack */
	KP_EV_USTACK,	/* ftrace/user_stack: pid_off is its tgid (0: none) */
	KP_EV_NEWTASK,	/* task/task_newtask: comm of a new task */
	KP_EV_RENAME,	/* task/task_rename: comm after exec or prctl */
	KP_EV_FREE,	/* sched/sched_process_free: a task is gone */
	KP_EV_MODLOAD,	/* module/module_load: kernel symbols to read again */
};

struct kp_fev {
	int id;
	char *system, *name;
	char *probed; /* KP_EV_EPROBE: "SYSTEM.EVENT" */
	enum kp_fev_kind kind;
	unsigned int ip_off, func_off, min_size;
	unsigned int word; /* the kernel's unsigned long: 4 or 8 bytes (addresses, stack frames) */
	unsigned int pid_off, comm_off; /* task events; pid_off 0: common_pid */
	bool comm_loc;			/* comm is a __data_loc string, not char[16] */
	struct kp_farg *args;
	int nr_args;
};

struct kp_fevs {
	struct tep_handle *tep;
	struct kp_fev *evs;
	int nr_evs;
	struct kp_fev *last; /* the last one found */
};

/**
 * kp_fevs_init - an empty table
 * @t: the table
 *
 * Returns 0, or -1 with errno ENOMEM. Free with kp_fevs_destroy().
 */
int kp_fevs_init(struct kp_fevs *t);

/**
 * kp_fevs_destroy - free the table; safe to call twice
 * @t: the table
 */
void kp_fevs_destroy(struct kp_fevs *t);

/**
 * kp_fevs_add - register an event from its format file
 * @t: the table
 * @system: the event's group
 * @format_text: its format file
 * @probed: for an eprobe, the event it probes as "SYSTEM.EVENT" or
 *	    "SYSTEM/EVENT" (as its definition names it); NULL for any other
 * @why: on failure, the reason, malloc'd (the caller frees), or NULL
 *
 * An event already known is not added twice. A field that ends past
 * KP_RECORD_MAX (a negative or wrapping offset) is refused: so the fields
 * of an event in the table all lie within its min_size. Returns 0, or -1
 * when the event cannot be printed exactly as the kernel would (errno
 * EINVAL, *@why says why) or on ENOMEM (*@why NULL).
 */
int kp_fevs_add(struct kp_fevs *t, const char *system, const char *format_text, const char *probed,
		char **why);

/**
 * kp_fevs_find - the event with id @id
 * @t: the table
 * @id: common_type of a record
 *
 * Returns the event, or NULL if it was never added.
 */
struct kp_fev *kp_fevs_find(struct kp_fevs *t, int id);

#endif
