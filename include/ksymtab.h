/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_KSYMTAB_H
#define KPROBE_KSYMTAB_H

#include <stdbool.h>

/*
 * The kernel's symbol table from /proc/kallsyms, looked up the way the
 * kernel's kallsyms_lookup() does: the core kernel first (the first of
 * aliased names; the size runs to the next higher address), then each
 * module on its own (the first symbol at the highest address at or below;
 * the size runs to the module's next symbol).
 */
struct kp_ksymtab;

struct kp_ksym {
	const char *name;
	const char *mod; /* NULL for the core kernel */
	unsigned long long offset;
	unsigned long long size;
};

/**
 * kp_ksymtab_parse - index /proc/kallsyms text
 * @text: its contents (copied)
 *
 * Returns the table, or NULL with errno: ENOMEM, or EACCES when every
 * address reads as zero (kptr_restrict hides them). Free with
 * kp_ksymtab_free().
 */
struct kp_ksymtab *kp_ksymtab_parse(const char *text);

/**
 * kp_ksymtab_new - an empty table, to fill line by line
 *
 * Returns NULL with errno ENOMEM. Add lines with kp_ksymtab_add(), then
 * call kp_ksymtab_finish() before any lookup.
 */
struct kp_ksymtab *kp_ksymtab_new(void);

/**
 * kp_ksymtab_add - index one line of /proc/kallsyms
 * @t: the table
 * @line: the line, without its newline (need not stay valid)
 * @len: its length
 *
 * Lines that are not symbols are skipped. Returns 0 or -1 with errno ENOMEM.
 */
int kp_ksymtab_add(struct kp_ksymtab *t, const char *line, size_t len);

/**
 * kp_ksymtab_finish - sort what was added
 * @t: the table
 *
 * Returns 0, or -1 with errno EACCES when there were lines but every
 * address read as zero (kptr_restrict hides them).
 */
int kp_ksymtab_finish(struct kp_ksymtab *t);

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

void kp_ksymtab_free(struct kp_ksymtab *t);

#endif
