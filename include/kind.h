/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_KIND_H
#define KPROBE_KIND_H

#include <stdbool.h>
#include <stddef.h>

struct kp_probe;

/*
 * Every kind of dynamic event, as one row of kp_kinds[]: how a definition
 * of that kind is recognised, named, checked and written, and what the
 * kernel must have for it. Creation, removal and cleanup go through the
 * table, so a kind is data, not a code path.
 */
enum kp_kind_id {
	KP_KIND_KPROBE, /* p, r, rN: kernel function or address */
	KP_KIND_UPROBE, /* p, r: PATH:SYMBOL[+OFFS] or PATH:0xOFFSET */
	KP_KIND_FPROBE, /* f, fN...%return: kernel function entry or exit */
	KP_KIND_TPROBE, /* t: tracepoint */
	KP_KIND_EPROBE, /* e: SYSTEM.EVENT, on an existing trace event */
	KP_NR_KINDS,
};

/* What a kind's check reads from the kernel (struct kp_kernel_text) */
#define KP_NEED_FUNCS	  (1u << 0) /* available_filter_functions */
#define KP_NEED_BLACKLIST (1u << 1) /* the kprobes blacklist */
#define KP_NEED_EVENTS	  (1u << 2) /* available_events */

/*
 * The kernel's lists, read by the caller (the tracefs side) so that the
 * checks stay pure. A NULL field is a file that could not be read: a check
 * then finds no fault and leaves the judgement to the kernel.
 */
struct kp_kernel_text {
	const char *funcs;     /* available_filter_functions */
	const char *blacklist; /* the kprobes blacklist */
	const char *events;    /* available_events */
	bool refused;	       /* the kernel has refused the probe: -F would not help */
};

/*
 * What only the host can say about "NAME:..." (no '/' before the ':'): a
 * loaded module's function, or a program's or library's symbol. Looked up
 * by the check phase and handed in, so that parsing reads nothing of the
 * host; the parse leaves such a location a kprobe, kind_open.
 */
struct kp_host_names {
	const char *modules; /* /proc/modules' contents, or NULL */
	/**
	 * find_binary - the program on $PATH or library in the ld.so cache @name is
	 * @name: a word without '/'
	 * @path: set to the file, malloc'd, or NULL
	 *
	 * Returns 1 if found, 0 if not, -1 on ENOMEM (kp_uprobe_find_binary()).
	 */
	int (*find_binary)(const char *name, char **path);
};

/* What a kind's claims() answers */
enum kp_claim {
	KP_CLAIM_NO,	  /* not this kind's */
	KP_CLAIM_YES,	  /* this kind's */
	KP_CLAIM_UNKNOWN, /* could be: no kp_host_names given, or it knows no such name */
};

struct kp_kind {
	const char *name;	  /* "kprobe": for messages */
	const char *prefixes;	  /* the type letters that can start its definitions */
	const char *file;	  /* the tracefs file definitions are written to */
	const char *needs_file;	  /* the kernel has this kind only if this file exists */
	const char *missing;	  /* the error when the kernel lacks it */
	unsigned int check_needs; /* KP_NEED_*: what check and known read */
	char readme_letter;	  /* tracefs' README must describe this type too (0: no need) */
	bool can_return;	  /* has a return form (r:, %return) */
	bool maxactive;		  /* takes rN: / fN: on its return form */
	bool check_first; /* checked first: the kernel takes bad ones silently or unexplained */

	/**
	 * claims - is @location one of this kind's, rather than a kprobe's?
	 * @location: the location as the user wrote it
	 * @host: what the host has, or NULL when parsing
	 *
	 * Only asked of kinds that share the kprobe prefixes (p, r). NULL:
	 * never. Reads nothing but its arguments.
	 */
	enum kp_claim (*claims)(const char *location, const struct kp_host_names *host);

	/**
	 * parse_location - fill in p->symbol from p->location and check its form
	 * @p: the probe, with location, type and is_return set
	 *
	 * Returns 0, or -1 after printing why the location cannot be one of
	 * this kind.
	 */
	int (*parse_location)(struct kp_probe *p);

	/**
	 * default_name - the event name when the user gave none
	 * @p: the parsed probe
	 * @buf: where to write a valid event name
	 * @size: its size (KP_NAME_MAX)
	 */
	void (*default_name)(const struct kp_probe *p, char *buf, size_t size);

	/**
	 * known - does the kernel have @location? To settle "K:X Y" between
	 *         "event X on Y" and "X with argument Y".
	 * @location: a bare word
	 * @k: the kernel's lists
	 *
	 * NULL, or a list that could not be read: unknown (false).
	 */
	bool (*known)(const char *location, const struct kp_kernel_text *k);

	/**
	 * check - say why the kernel would refuse, or did refuse, @p's location
	 * @p: the probe
	 * @k: the kernel's lists (check_needs of them read)
	 *
	 * Prints the reason and what was probably meant. Returns 0 if no
	 * fault was found (the kernel judges), -1 after printing one. NULL:
	 * nothing is checked.
	 */
	int (*check)(const struct kp_probe *p, const struct kp_kernel_text *k);

	/**
	 * resolve - turn the location into what the kernel takes
	 * @p: the probe; p->location is replaced (malloc'd) on success, and
	 *     the user's text stays in p->definition
	 *
	 * Run before creation, after the checks. Returns 0, or -1 after
	 * printing why. NULL: the location goes to the kernel verbatim.
	 */
	int (*resolve)(struct kp_probe *p);
};

/*
 * One row per kind, indexed by enum kp_kind_id. Unsized here so that the
 * definition's own size is checked against KP_NR_KINDS when it compiles.
 */
extern const struct kp_kind kp_kinds[];

/**
 * kp_kind_of - the kind a definition's type letter and location make
 * @type: the type, "p", "r", "rN", "f", "fN", "t" or "e"
 * @location: the location as the user wrote it
 * @host: what the host has (the check phase), or NULL (parsing)
 * @open: set to true when the answer is the kprobe fallback for a location
 *	  another kind may claim (KP_CLAIM_UNKNOWN): @host was NULL, or it
 *	  knows no such name; false otherwise. May be NULL.
 *
 * p and r are a uprobe when the uprobe row claims the location, and a
 * kprobe otherwise (the kernel judges what it is). Returns the kind, or
 * KP_NR_KINDS for a letter no kind has.
 */
enum kp_kind_id kp_kind_of(const char *type, const char *location, const struct kp_host_names *host,
			   bool *open);

/**
 * kp_kind_is_prefix - is @c the type letter of some kind?
 * @c: a character
 */
bool kp_kind_is_prefix(char c);

/**
 * kp_module_loaded - is @name a loaded kernel module?
 * @name: a module name, as in MOD:SYMBOL
 * @modules: /proc/modules' contents, or NULL
 */
bool kp_module_loaded(const char *modules, const char *name);

#endif
