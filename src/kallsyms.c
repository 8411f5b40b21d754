// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lines of /proc/kallsyms: address, nm type letter, name and module,
 * taken apart without copying; which are the core kernel's, which code.
 */
#include <string.h>

#include "kallsyms.h"

/* A hex digit's value plus one; 0: not a hex digit */
static const unsigned char hex_val[256] = {
	['0'] = 1,  ['1'] = 2,	['2'] = 3,  ['3'] = 4,	['4'] = 5,  ['5'] = 6,
	['6'] = 7,  ['7'] = 8,	['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/*
 * The address: up to 16 hex digits (the kernel prints 16). This and the
 * name's end are most of the cost of reading 150,000 lines: a table and
 * memchr() rather than strtoull() and a loop.
 */
static const char *parse_addr(const char *p, const char *eol, unsigned long long *addr)
{
	const char *s = p, *lim = eol - p > 16 ? p + 16 : eol;
	unsigned long long v = 0;

	for (; p < lim && hex_val[(unsigned char)*p]; p++)
		v = v << 4 | (unsigned int)(hex_val[(unsigned char)*p] - 1);
	*addr = v;
	return p > s ? p : NULL;
}

bool kp_kallsyms_parse_line(const char *p, const char *eol, struct kp_kallsyms_line *l)
{
	const char *nend, *sp, *end = parse_addr(p, eol, &l->addr);

	if (!end || end + 3 > eol || *end != ' ' || end[2] != ' ')
		return false;
	l->digits = (unsigned int)(end - p);
	l->type = end[1];
	l->name = end + 3;
	/* the name ends at a tab (before "[mod]") or a space */
	nend = memchr(l->name, '\t', (size_t)(eol - l->name));
	if (!nend)
		nend = eol;
	sp = memchr(l->name, ' ', (size_t)(nend - l->name));
	if (sp)
		nend = sp;
	l->name_len = (size_t)(nend - l->name);
	l->mod = NULL;
	if (nend < eol) {
		const char *mod = memchr(nend, '[', (size_t)(eol - nend));
		const char *mend = mod ? memchr(mod, ']', (size_t)(eol - mod)) : NULL;

		if (mend) {
			l->mod = mod + 1;
			l->mod_len = (size_t)(mend - mod - 1);
		}
	}
	return l->name_len > 0;
}

bool kp_kallsyms_pseudo_mod(const struct kp_kallsyms_line *l)
{
	return (l->mod_len == 3 && !strncmp(l->mod, "bpf", 3)) ||
	       !strncmp(l->mod, "__builtin__", 11);
}

bool kp_kallsyms_core(const struct kp_kallsyms_line *l)
{
	if (l->mod)
		return false;
	/*
	 * A 32-bit kernel prints 8 digits and has no zero-based per-CPU
	 * offsets: any address but 0 (kptr_restrict's) is the kernel's.
	 * A 64-bit kernel's per-CPU offsets sit at the bottom of the
	 * address space, its image at the top.
	 */
	if (l->digits <= 8)
		return l->addr != 0;
	return l->addr >= 0x8000000000000000ULL;
}

bool kp_kallsyms_code(char type)
{
	switch (type) {
	case 'a':
	case 'A':
	case 'b':
	case 'B':
	case 'd':
	case 'D':
	case 'g':
	case 'G':
	case 'n':
	case 'N':
	case 'r':
	case 'R':
	case 's':
	case 'S':
	case 'u':
	case 'v':
	case 'V':
		return false;
	default:
		return true;
	}
}
