/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_USTACK_H
#define KPROBE_USTACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elfsyms.h"
#include "strbuf.h"

/*
 * User stack frames named: a process's mappings (/proc/PID/maps) say
 * which file an address is in and where, the file's ELF symbols which
 * function. A process's mappings are read on its first user stack and
 * kept, so that a process that has exited since is still named; they are
 * read again for an address in none of them, and after the process
 * execs. Pure: the mappings come through a callback.
 */

/*
 * The text of /proc/PID/maps of process @pid, malloc'd (the caller
 * frees), or NULL when it cannot be read (the process is gone)
 */
typedef char *(*kp_ustack_maps_fn)(void *ctx, int pid);

/* One mapping of a file */
struct kp_umap {
	uint64_t start, end, pgoff;
	int obj; /* index into kp_ustack.objs */
};

/* A process's file mappings, as last read */
struct kp_uproc {
	int pid;
	struct kp_umap *maps;
	size_t nr_maps;
	bool read;  /* @maps were read from the process, not only hinted */
	bool stale; /* it exec'd since: read again, but keep these if it is gone */
	bool gone;  /* reading them failed: the process has exited */
};

/* A mapped file and its function symbols, read on first need */
struct kp_uobj {
	char *path;
	bool tried, ok;
	struct kp_elf_file elf;
	size_t *by_addr; /* indexes of elf.funcs, by address */
};

struct kp_ustack {
	kp_ustack_maps_fn read_maps;
	void *ctx;
	struct kp_uproc *procs;
	size_t nr_procs;
	struct kp_uobj *objs;
	size_t nr_objs;
};

/* A frame as named: @sym and @obj are NULL when not known; valid until the next call */
struct kp_uframe {
	uint64_t addr;
	const char *obj; /* the mapped file */
	const char *sym; /* the function */
	uint64_t off;	 /* @addr's offset in @sym */
};

/* Processes whose mappings are kept: past it the oldest half is forgotten */
#define KP_USTACK_PROCS_MAX 4096

/**
 * kp_ustack_init - an empty symbolizer
 * @u: the symbolizer
 * @read_maps: reads a process's mappings; NULL: none is ever read
 * @ctx: passed to @read_maps
 *
 * Free with kp_ustack_destroy().
 */
void kp_ustack_init(struct kp_ustack *u, kp_ustack_maps_fn read_maps, void *ctx);

/**
 * kp_ustack_destroy - free everything; safe to call twice
 * @u: the symbolizer
 */
void kp_ustack_destroy(struct kp_ustack *u);

/**
 * kp_ustack_set_maps - take @text as the mappings of process @pid
 * @u: the symbolizer
 * @pid: the process
 * @text: /proc/PID/maps as read
 *
 * Lines that map no file ([heap], [vdso], anonymous memory) are left out.
 * Returns 0, or -1 with errno ENOMEM.
 */
int kp_ustack_set_maps(struct kp_ustack *u, int pid, const char *text);

/**
 * kp_ustack_exec - process @pid may have new mappings (it exec'd)
 * @u: the symbolizer
 * @pid: the process
 *
 * They are read again on its next frame; if it is gone by then, the old
 * ones are used.
 */
void kp_ustack_exec(struct kp_ustack *u, int pid);

/**
 * kp_ustack_hint - where a file is mapped in process @pid, from a uprobe's hit
 * @u: the symbolizer
 * @pid: the process (its tgid)
 * @path: the probed file
 * @file_off: the probe's offset in @path
 * @addr: the address the probe hit at in the process
 *
 * Lets the frames in @path be named when the process's mappings cannot be
 * read (it exited before its first stack was printed): its segments lie
 * where the probe's address puts them. Mappings read from the process
 * replace these. Returns 0, or -1 with errno ENOMEM.
 */
int kp_ustack_hint(struct kp_ustack *u, int pid, const char *path, uint64_t file_off,
		   uint64_t addr);

/**
 * kp_ustack_name - name the frame @addr of process @pid
 * @u: the symbolizer
 * @pid: the process (its tgid)
 * @addr: a user address
 * @fr: filled in: the file and function, when known
 *
 * Returns 0, or -1 with errno ENOMEM (@fr then holds the bare address).
 */
int kp_ustack_name(struct kp_ustack *u, int pid, uint64_t addr, struct kp_uframe *fr);

/**
 * kp_ustack_put_text - append " => func+0xoff (file)\n" for one frame
 * @sb: where to
 * @fr: the frame: " => 0xaddr (file)" without a function, " => 0xaddr"
 *	without a file either
 *
 * Returns 0 or -1 with errno ENOMEM.
 */
int kp_ustack_put_text(struct kp_strbuf *sb, const struct kp_uframe *fr);

/**
 * kp_ustack_put_json - append one frame as a JSON object
 * @sb: where to
 * @fr: the frame: {"addr":"0x...","sym":...,"off":...,"obj":...}, null
 *	for what is not known
 *
 * Returns 0 or -1 with errno ENOMEM.
 */
int kp_ustack_put_json(struct kp_strbuf *sb, const struct kp_uframe *fr);

#endif
