/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_FORMAT_H
#define KPROBE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <stdio.h>

#include "clock.h"
#include "record.h"
#include "strbuf.h"
#include "ustackseen.h"

/*
 * The event formatter: turns ring-buffer records into the exact line the
 * kernel prints in trace_pipe (kernel/trace/trace_output.c, the probe
 * print functions of trace_kprobe.c, trace_uprobe.c, trace_fprobe.c and
 * trace_eprobe.c),
 * or into one JSON object per line. Pure: it never touches tracefs.
 */

struct kp_format_opts {
	bool json;  /* JSON objects instead of the kernel's text */
	bool stack; /* stack records are expected (-s) */
	/*
	 * --ustack: a kernel probe's user stack is printed too (with -s
	 * alone only a uprobe's is, and not its kernel stack)
	 */
	bool ustack;
	/* reads /proc/PID/maps, for user stack frames (ustack.h); may be NULL */
	char *(*maps_read)(void *ctx, int pid);
	void *maps_ctx;
	/*
	 * kp_format_kallsyms_from() reads the symbols at once: a live run's
	 * first event is not kept waiting for them (reading /proc/kallsyms
	 * took 1.5 s under QEMU); a buffered one (-d) reads them only if a
	 * record prints a kernel address
	 */
	bool syms_early;
	/*
	 * The size of the kernel's trace_seq buffer, the most text one
	 * record prints, newline included: longer text is cut short as the
	 * kernel cuts it, with "[LINE TOO BIG]" if that fits. 0: no limit.
	 * JSON has none.
	 */
	size_t line_max;
	/*
	 * The name of a pid never seen in a task_newtask or task_rename
	 * record (e.g. /proc/PID/comm); returns 0 and fills @comm, or -1.
	 * May be NULL.
	 */
	int (*comm_lookup)(void *ctx, int pid, char comm[16]);
	void *comm_ctx;
	/*
	 * -T: the time column (and JSON's "time") from this clock; NULL or
	 * mono: the kernel's own. Not owned; the raw reader syncs its
	 * offset before each batch of records (kp_clock_sync()).
	 */
	struct kp_clock *clock;
};

/* What kp_format_record() appended */
enum kp_format_kind {
	KP_FMT_NONE,  /* nothing: a record only used for comms */
	KP_FMT_EVENT, /* one event line */
	KP_FMT_STACK, /* a stack trace (several lines in text) */
};

struct kp_format;

/**
 * kp_format_ustack_rec - what a record is to the user stack check
 * (ustackseen.h): a probe's event, a user stack, or neither
 * @f: the formatter
 * @r: the record
 */
enum kp_ustack_rec kp_format_ustack_rec(struct kp_format *f, const struct kp_record *r);

/**
 * kp_format_new - a formatter
 * @opts: options; copied
 *
 * Returns NULL with errno ENOMEM. Free with kp_format_free().
 */
struct kp_format *kp_format_new(const struct kp_format_opts *opts);

/**
 * kp_format_add_event - register an event the records may come from
 * @f: the formatter
 * @system: the event's group (its directory under events/)
 * @format_text: the contents of its format file
 * @why: on failure, the reason, malloc'd (the caller frees), or NULL
 *
 * Knows kprobe, kretprobe, uprobe, uretprobe, fprobe (entry and exit),
 * tracepoint probe, ftrace/kernel_stack, ftrace/user_stack, task/task_newtask,
 * task/task_rename and sched/sched_process_free events; eprobes go through
 * kp_format_add_eprobe().
 * Returns 0, or -1 when the event cannot be printed exactly as the kernel
 * would (then *@why says why; errno is EINVAL, or ENOMEM with *@why NULL).
 */
int kp_format_add_event(struct kp_format *f, const char *system, const char *format_text,
			char **why);

/**
 * kp_format_add_eprobe - register an eprobe the records may come from
 * @f: the formatter
 * @system: the eprobe's group
 * @format_text: the contents of its format file
 * @probed: the event it probes, "SYSTEM.EVENT" or "SYSTEM/EVENT" as its
 *	    definition names it: the kernel's line names it ("NAME:
 *	    (SYSTEM.EVENT)"), its format file does not
 * @why: on failure, the reason, malloc'd (the caller frees), or NULL
 *
 * Returns 0, or -1 as kp_format_add_event() does.
 */
int kp_format_add_eprobe(struct kp_format *f, const char *system, const char *format_text,
			 const char *probed, char **why);

/**
 * kp_format_set_kallsyms - the kernel's symbols, for sym+0xoff/0xsize [mod]
 * @f: the formatter
 * @kallsyms_text: /proc/kallsyms as read (need not stay valid)
 *
 * Returns 0 or -1 with errno ENOMEM, or EACCES when every address reads as
 * zero (kptr_restrict). Without symbols, addresses print as the kernel
 * prints unknown ones.
 */
int kp_format_set_kallsyms(struct kp_format *f, const char *kallsyms_text);

/**
 * kp_format_user_event - say that an added event is a uprobe's
 * @f: the formatter
 * @system: the event's group
 * @event: its name
 *
 * A uprobe's format is a kprobe's: only the caller knows that its probe
 * and return addresses are a process's, which need no kernel symbols.
 * Returns 0, or -1 with errno ENOENT (not added) or ENOMEM.
 */
int kp_format_user_event(struct kp_format *f, const char *system, const char *event);

/**
 * kp_format_user_site - kp_format_user_event(), with the probed file
 * @f: the formatter
 * @system: the event's group
 * @event: its name
 * @path: the file the uprobe is in (copied), or NULL
 * @off: the probe's offset in @path
 *
 * A hit then tells where @path is mapped in the process, so that its user
 * stack frames in @path are named even after it exited. Returns as
 * kp_format_user_event() does.
 */
int kp_format_user_site(struct kp_format *f, const char *system, const char *event,
			const char *path, unsigned long long off);

/* How much of /proc/kallsyms the events can print */
enum kp_syms_need {
	KP_SYMS_NONE, /* no kernel address: uprobes and task events only */
	KP_SYMS_TEXT, /* code addresses: probe and return sites, stack frames */
	KP_SYMS_ALL,  /* any address: a "symbol" argument (%pS) may point at data */
};

/**
 * kp_format_syms_need - what the events added so far need to be printed
 * @f: the formatter, with every event added (and its uprobes said)
 */
enum kp_syms_need kp_format_syms_need(const struct kp_format *f);

/**
 * kp_format_load_kallsyms - the symbols @need says, read from a stream
 * @f: the formatter
 * @in: /proc/kallsyms, opened for reading
 * @need: what to keep (kp_format_syms_need()); KP_SYMS_NONE reads nothing
 *
 * Line by line: the file's text (some 9 MB on a kernel with
 * CONFIG_KALLSYMS_ALL) is never held whole, and with KP_SYMS_TEXT the
 * data symbols (a third of them) are not kept. Returns 0 or -1 with
 * errno: ENOMEM, EIO, or EACCES when every address reads as zero.
 */
int kp_format_load_kallsyms(struct kp_format *f, FILE *in, enum kp_syms_need need);

/**
 * kp_format_kallsyms_from - read the symbols when a record first needs one
 * @f: the formatter, with every event added (and its uprobes said)
 * @kallsyms: /proc/kallsyms (or a file like it); must outlive @f
 * @modules: /proc/modules (or a file like it); must outlive @f
 *
 * What kp_format_syms_need() says is read from @kallsyms when a record
 * first prints a kernel address, and read again when an address is in no
 * symbol and the modules in @modules changed since (ksymsrc.h); with
 * opts.syms_early, read now. Nothing is read when the events need no
 * symbols.
 */
void kp_format_kallsyms_from(struct kp_format *f, const char *kallsyms, const char *modules);

/**
 * kp_format_record - append one record's text or JSON line to @sb
 * @f: the formatter
 * @r: the record
 * @sb: where to append (never reset here)
 *
 * Returns a kp_format_kind, or -1 with errno: EINVAL for a record of an
 * unknown event or one too short or corrupt to print (nothing appended),
 * ENOMEM.
 */
int kp_format_record(struct kp_format *f, const struct kp_record *r, struct kp_strbuf *sb);

/**
 * kp_format_lost - append the kernel's "CPU:N [LOST M EVENTS]" line
 * @f: the formatter
 * @cpu: the CPU
 * @count: events lost; 0 when unknown ("[LOST EVENTS]")
 * @sb: where to append
 *
 * In JSON, a {"type":"lost",...} object. Returns 0 or -1 with errno.
 */
int kp_format_lost(struct kp_format *f, int cpu, unsigned long long count, struct kp_strbuf *sb);

/**
 * kp_format_comm - remember that @pid is now called @comm
 * @f: the formatter
 * @pid: the task
 * @comm: its name (at most 15 characters are kept)
 *
 * Returns 0 or -1 with errno ENOMEM.
 */
int kp_format_comm(struct kp_format *f, int pid, const char *comm);

/* Free @f and everything it holds; NULL is fine */
void kp_format_free(struct kp_format *f);

#endif
