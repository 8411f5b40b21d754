// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the symbol table with /proc/kallsyms text: the whole-text and
 * the line-by-line readers must agree, and a code-only table must never
 * name an address otherwise than the full table does (it may only find
 * fewer) while the core's lines come sorted, as the kernel lists them.
 * Addresses looked up: each line's own, one past it and one before it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "ksymtab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const struct kp_ksym *a, const struct kp_ksym *b)
{
	return !strcmp(a->name, b->name) && !a->mod == !b->mod &&
	       (!a->mod || !strcmp(a->mod, b->mod)) && a->offset == b->offset && a->size == b->size;
}

/*
 * Are the core's lines in address order, all addresses of one width, as a
 * kernel lists them? The core as the table reads it (kp_kallsyms_core():
 * no "[mod]", a kernel address by the width the kernel prints, 8 digits on
 * a 32-bit kernel); a kernel prints every line at its one width, so text
 * that mixes widths is not held to the code-only table's agreement
 */
static bool core_sorted(const char *text)
{
	unsigned long long prev = 0;
	struct kp_kallsyms_line l;
	unsigned int digits = 0;
	const char *p, *eol;

	for (p = text; *p; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if (!kp_kallsyms_parse_line(p, eol, &l))
			continue;
		if (digits && l.digits != digits)
			return false;
		digits = l.digits;
		if (!kp_kallsyms_core(&l))
			continue;
		if (l.addr < prev)
			return false;
		prev = l.addr;
	}
	return true;
}

static void check(const struct kp_ksymtab *all, const struct kp_ksymtab *parsed,
		  const struct kp_ksymtab *code, bool sorted, unsigned long long addr)
{
	struct kp_ksym a, p, c;
	bool fa = kp_ksymtab_lookup(all, addr, &a);

	if (fa != kp_ksymtab_lookup(parsed, addr, &p) || (fa && !same(&a, &p)))
		abort();
	if (kp_ksymtab_lookup(code, addr, &c) && sorted && (!fa || !same(&a, &c)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kp_ksymtab *all, *parsed, *code;
	char *text = malloc(size + 1);
	const char *p;
	FILE *in;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* the readers stop at a NUL as the whole-text one does */
	size = strlen(text);
	in = fmemopen(text, size ? size : 1, "r");
	all = in ? kp_ksymtab_read(in, KP_KSYMTAB_ALL) : NULL;
	if (in)
		rewind(in);
	code = in ? kp_ksymtab_read(in, KP_KSYMTAB_TEXT) : NULL;
	if (in)
		fclose(in);
	parsed = kp_ksymtab_parse(text);
	if (all && parsed && code) {
		bool sorted = core_sorted(text);

		for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
			unsigned long long addr = strtoull(p, NULL, 16);

			check(all, parsed, code, sorted, addr);
			check(all, parsed, code, sorted, addr + 1);
			check(all, parsed, code, sorted, addr - 1);
		}
		kp_ksymtab_addr(code, "_stext");
		if (kp_ksymtab_count(code) > kp_ksymtab_count(all) + kp_ksymtab_count(all) / 2 + 1)
			abort();
	}
	kp_ksymtab_free(all);
	kp_ksymtab_free(parsed);
	kp_ksymtab_free(code);
	free(text);
	return 0;
}
