/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TRACEABLE_H
#define KPROBE_TRACEABLE_H

#include <stdbool.h>

/*
 * The core kernel's functions this boot's kernel has said ftrace can
 * trace, kept in the run directory for the runs after. Whether ftrace can
 * trace a function of the core kernel is settled when the kernel boots
 * (its ftrace records are made then, and never change), but asking costs
 * a walk of all of them: where kprobes/list cannot vouch for a probe (no
 * KPROBES_ON_FTRACE, as on arm64), that walk was a quarter of a short
 * run's start-up. A module's functions are never kept: the module may be
 * another build when it is loaded again.
 */
struct kp_traceable {
	char *boot;   /* this boot's id; NULL: nothing is kept */
	char **names; /* sorted */
	int n;
	bool changed; /* names added since it was read */
};

/* The most names kept: a run's handful, over many runs */
#define KP_TRACEABLE_MAX  1024
#define KP_TRACEABLE_FILE "traceable"
#define KP_BOOT_ID_PATH	  "/proc/sys/kernel/random/boot_id"

/**
 * kp_traceable_parse - take the names of a kept file's text
 * @t: the set, zeroed
 * @text: the file's text, or NULL (none kept yet)
 * @boot: this boot's id (a UUID); NULL or empty keeps nothing
 *
 * The text is "boot ID" and then a name a line. A text of another boot,
 * or one with a line that is not a function's name, is taken as empty: it
 * is overwritten when the set is saved. Returns 0, or -1 with errno ENOMEM.
 */
int kp_traceable_parse(struct kp_traceable *t, const char *text, const char *boot);

/* Has this boot's kernel said ftrace can trace @sym? */
bool kp_traceable_has(const struct kp_traceable *t, const char *sym);

/**
 * kp_traceable_add - keep @sym as traceable
 * @t: the set
 * @sym: a function of the core kernel that set_ftrace_filter took
 *
 * Nothing is kept when there is no boot id, @sym is not a plain function
 * name (a module's "MOD:SYM" included), or KP_TRACEABLE_MAX names are kept
 * already. Returns 0, or -1 with errno ENOMEM.
 */
int kp_traceable_add(struct kp_traceable *t, const char *sym);

/**
 * kp_traceable_format - the text to save
 * @t: the set, with a boot id
 *
 * Returns the text (the caller frees), or NULL with errno ENOMEM.
 */
char *kp_traceable_format(const struct kp_traceable *t);

/**
 * kp_traceable_load - read what earlier runs of this boot kept
 * @t: the set, zeroed
 * @dir: the run directory (KP_RUN_DIR unless a test says)
 * @boot_path: where the boot id is read (KP_BOOT_ID_PATH unless a test says)
 *
 * A directory others could change (kp_rundir_check()), a boot id that
 * cannot be read, or a file that is not this boot's leaves the set empty;
 * with no boot id nothing is kept at all. Returns 0, or -1 with errno
 * ENOMEM.
 */
int kp_traceable_load(struct kp_traceable *t, const char *dir, const char *boot_path);

/**
 * kp_traceable_save - write the set back if a name was added
 * @t: the set
 * @dir: the run directory, as given to kp_traceable_load()
 *
 * Written to a new file that replaces the old at once: a run reading it
 * meanwhile reads one or the other, and of two runs saving at once the
 * last one's names are kept (the other's are asked again). Returns 0, or
 * -1 with errno; nothing is said, as a set not saved costs only time.
 */
int kp_traceable_save(struct kp_traceable *t, const char *dir);

/* Free the set; idempotent */
void kp_traceable_destroy(struct kp_traceable *t);

#endif
