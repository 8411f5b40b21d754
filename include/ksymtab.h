/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_KSYMTAB_H
#define KPROBE_KSYMTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The kernel's symbol table from /proc/kallsyms, looked up the way the
 * kernel's kallsyms_lookup() does: the core kernel first (the first of
 * aliased names; the size runs to the next higher address), then each
 * module on its own (the first symbol at the highest address at or below;
 * the size runs to the module's next symbol).
 */
struct kp_ksymtab;

/* What a table keeps */
enum kp_ksymtab_keep {
	/* every symbol: any address looks up as the kernel's lookup would */
	KP_KSYMTAB_ALL,
	/*
	 * code: every code symbol with the first name at its address, the
	 * data symbol right after code and where that one ends. Code
	 * addresses (probe sites, return sites, stack frames) look up as
	 * with every symbol; most data addresses are not found. Modules and
	 * kp_ksymtab_addr() of code names are as with every symbol.
	 */
	KP_KSYMTAB_TEXT,
};

struct kp_ksym {
	const char *name;
	const char *mod; /* NULL for the core kernel */
	unsigned long long offset;
	unsigned long long size;
};

/**
 * kp_ksymtab_parse - index /proc/kallsyms text, every symbol
 * @text: its contents (copied)
 *
 * Returns the table, or NULL with errno: ENOMEM, or EACCES when every
 * address reads as zero (kptr_restrict hides them). Free with
 * kp_ksymtab_free().
 */
struct kp_ksymtab *kp_ksymtab_parse(const char *text);

/**
 * kp_ksymtab_read - index /proc/kallsyms from a stream, line by line
 * @in: the file, opened for reading
 * @keep: what to keep
 *
 * The file's text (some 9 MB with CONFIG_KALLSYMS_ALL) is never held
 * whole. Returns the table, or NULL with errno: ENOMEM, EIO, or EACCES
 * when every address reads as zero. Free with kp_ksymtab_free().
 */
struct kp_ksymtab *kp_ksymtab_read(FILE *in, enum kp_ksymtab_keep keep);

/**
 * kp_ksymtab_lookup - the symbol that covers @addr
 * @t: the table
 * @addr: a kernel address
 * @sym: filled on success; its strings belong to @t
 *
 * Returns true if found.
 */
bool kp_ksymtab_lookup(const struct kp_ksymtab *t, unsigned long long addr, struct kp_ksym *sym);

/**
 * kp_ksymtab_addr - the address of @name in the core kernel, or 0
 * @t: the table
 * @name: a symbol name
 */
unsigned long long kp_ksymtab_addr(const struct kp_ksymtab *t, const char *name);

/**
 * kp_ksymtab_count - how many symbols @t keeps (and ends of symbols it
 * keeps without a name); 0 for NULL
 * @t: the table
 */
size_t kp_ksymtab_count(const struct kp_ksymtab *t);

void kp_ksymtab_free(struct kp_ksymtab *t);

#endif
