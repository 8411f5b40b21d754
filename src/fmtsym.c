// SPDX-License-Identifier: GPL-2.0-only
/*
 * The formatter's kernel addresses named: its symbol table (given, read
 * whole, or read on first need and again for a module loaded since), the
 * kernel's sprint_symbol() and seq_print_ip_sym(), and the kretprobe
 * trampoline's marker.
 */
#include <stdbool.h>
#include <stdio.h>

#include "fmtcore.h"
#include "json.h"

static int set_table(struct kp_format *f, struct kp_ksymtab *t)
{
	kp_ksymtab_free(f->syms);
	f->syms = t;
	/* return addresses that are the kretprobe trampoline print as the kernel's marker */
	f->kretprobe_tramp[0] = kp_ksymtab_addr(t, "__kretprobe_trampoline");
	f->kretprobe_tramp[1] = kp_ksymtab_addr(t, "arch_rethook_trampoline");
	return 0;
}

/* The symbols, read now if they are to be read on first need */
static const struct kp_ksymtab *symtab(struct kp_format *f)
{
	if (!f->syms) {
		struct kp_ksymtab *t = kp_ksymsrc_first(&f->src);

		if (t)
			set_table(f, t);
	}
	return f->syms;
}

void kp_format_kallsyms_from(struct kp_format *f, const char *kallsyms, const char *modules)
{
	enum kp_syms_need need = kp_format_syms_need(f);

	if (need == KP_SYMS_NONE)
		return;
	kp_ksymsrc_init(&f->src, kallsyms, modules,
			need == KP_SYMS_TEXT ? KP_KSYMTAB_TEXT : KP_KSYMTAB_ALL);
	if (f->opts.syms_early)
		symtab(f);
}

/* kp_ksymtab_lookup(), read again for a kernel address of a module loaded since */
static bool sym_lookup(struct kp_format *f, unsigned long long addr, struct kp_ksym *s)
{
	struct kp_ksymtab *t;

	if (kp_ksymtab_lookup(symtab(f), addr, s))
		return true;
	if (!(addr >> 63) || !(t = kp_ksymsrc_again(&f->src)))
		return false;
	set_table(f, t);
	return kp_ksymtab_lookup(f->syms, addr, s);
}

int kp_format_set_kallsyms(struct kp_format *f, const char *kallsyms_text)
{
	struct kp_ksymtab *t = kp_ksymtab_parse(kallsyms_text);

	return t ? set_table(f, t) : -1;
}

int kp_format_load_kallsyms(struct kp_format *f, FILE *in, enum kp_syms_need need)
{
	struct kp_ksymtab *t;

	if (need == KP_SYMS_NONE)
		return 0;
	t = kp_ksymtab_read(in, need == KP_SYMS_TEXT ? KP_KSYMTAB_TEXT : KP_KSYMTAB_ALL);
	return t ? set_table(f, t) : -1;
}

/* The kernel's sprint_symbol(): "sym+0xoff/0xsize [mod]", or "0xaddr" */
static int put_sym_offset(struct kp_format *f, struct kp_strbuf *sb, unsigned long long addr)
{
	struct kp_ksym s;

	if (!sym_lookup(f, addr, &s))
		return kp_fmt_hex(sb, addr);
	if (kp_strbuf_puts(sb, s.name) || kp_strbuf_putc(sb, '+') || kp_fmt_hex(sb, s.offset) ||
	    kp_strbuf_putc(sb, '/') || kp_fmt_hex(sb, s.size))
		return -1;
	return s.mod ? kp_strbuf_printf(sb, " [%s]", s.mod) : 0;
}

static bool is_kretprobe_tramp(const struct kp_format *f, unsigned long long addr)
{
	return addr && (addr == f->kretprobe_tramp[0] || addr == f->kretprobe_tramp[1]);
}

/* The kernel's seq_print_ip_sym() for a kernel address */
int kp_fmt_ip_sym(struct kp_format *f, struct kp_strbuf *sb, unsigned long long ip, bool offset)
{
	struct kp_ksym s;

	if (!ip)
		return kp_strbuf_putc(sb, '0');
	symtab(f);
	if (is_kretprobe_tramp(f, ip))
		return kp_strbuf_puts(sb, "[unknown/kretprobe'd]");
	if (offset)
		return put_sym_offset(f, sb, ip);
	if (sym_lookup(f, ip, &s))
		return kp_strbuf_puts(sb, s.name);
	return kp_strbuf_printf(sb, "0x%08llx", ip);
}

/* ,"KEY":"the kernel's name of ADDR"; no key and no comma when @key is NULL */
int kp_fmt_json_addr(struct kp_format *f, struct kp_strbuf *sb, const char *key,
		     unsigned long long addr, bool offset, bool user)
{
	if (key && kp_strbuf_printf(sb, ",\"%s\":", key))
		return -1;
	if (user)
		return kp_strbuf_putc(sb, '"') || kp_fmt_hex(sb, addr) || kp_strbuf_putc(sb, '"');
	kp_strbuf_reset(&f->scratch);
	return kp_fmt_ip_sym(f, &f->scratch, addr, offset) ||
	       kp_json_string(sb, f->scratch.buf, f->scratch.len);
}

/* A %pS argument's value: sprint_symbol()'s text, a JSON string in JSON */
int kp_fmt_sym_arg(struct kp_format *f, struct kp_strbuf *sb, unsigned long long v, bool json)
{
	struct kp_ksym s;

	if (!json)
		return put_sym_offset(f, sb, v);
	if (!sym_lookup(f, v, &s))
		return kp_strbuf_printf(sb, "\"0x%llx\"", v);
	return kp_strbuf_printf(sb, "\"%s+0x%llx/0x%llx%s%s%s\"", s.name, s.offset, s.size,
				s.mod ? " [" : "", s.mod ? s.mod : "", s.mod ? "]" : "");
}
