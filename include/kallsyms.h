/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_KALLSYMS_H
#define KPROBE_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>

/* One line of /proc/kallsyms: "ADDR TYPE NAME" or "ADDR TYPE NAME\t[MOD]" */
struct kp_kallsyms_line {
	unsigned long long addr;
	char type;
	const char *name, *mod; /* mod: after '[', or NULL */
	size_t name_len, mod_len;
	unsigned int digits; /* of the address: 16, or 8 on a 32-bit kernel */
};

/**
 * kp_kallsyms_parse_line - take one line apart
 * @p: its start
 * @eol: its end (the newline, or the end of the text)
 * @l: filled in; its strings point into the line, not NUL-terminated
 *
 * Returns true if it is a symbol's line (an address, a type, a name).
 */
bool kp_kallsyms_parse_line(const char *p, const char *eol, struct kp_kallsyms_line *l);

/* Is @l's module a pseudo-module: bpf programs and ftrace trampolines? */
bool kp_kallsyms_pseudo_mod(const struct kp_kallsyms_line *l);

/* Is @l the core kernel's, not a module's nor a per-CPU offset? */
bool kp_kallsyms_core(const struct kp_kallsyms_line *l);

/*
 * kp_kallsyms_code - is nm type letter @type code? Data, read-only data,
 * bss, absolute and weak objects are not; anything else counts as code,
 * so that no code is dropped.
 */
bool kp_kallsyms_code(char type);

#endif
