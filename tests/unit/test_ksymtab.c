// SPDX-License-Identifier: GPL-2.0-only
/*
 * The symbol table: lookups as the kernel's kallsyms_lookup() makes them,
 * with every symbol and with code only, and how much of /proc/kallsyms
 * the formatter reads for the events it was given.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "ksymtab.h"
#include "slurp.h"

/*
 * A kernel with CONFIG_KALLSYMS_ALL and function padding, in the kernel's
 * order: data before the text, code with __pfx_ symbols, a data symbol
 * inside the text, rodata and data after it, init text whose first name
 * is a data marker, two modules and a bpf program.
 */
static const char kallsyms[] = "0000000000001000 A fixed_percpu_data\n"
			       "ffffffff80f00000 d early_data\n"
			       "ffffffff81000000 T _stext\n"
			       "ffffffff81000000 T _text\n"
			       "ffffffff81000040 t __pfx_foo\n"
			       "ffffffff81000050 t foo\n"
			       "ffffffff81000090 D marker_in_text\n"
			       "ffffffff810000a0 t bar\n"
			       "ffffffff81000100 D __start_rodata\n"
			       "ffffffff81000100 r rodata_alias\n"
			       "ffffffff81000200 r some_table\n"
			       "ffffffff81000300 d some_data\n"
			       "ffffffff81000400 D __init_marker\n"
			       "ffffffff81000400 T _sinittext\n"
			       "ffffffff81000480 T init_fn\n"
			       "ffffffff81000500 d initdata\n"
			       "ffffffff81000600 b __bss_start\n"
			       "ffffffff81000700 B _end\n"
			       "ffffffffc0001000 t __pfx_m_func\t[mod]\n"
			       "ffffffffc0001080 d m_data\t[mod]\n"
			       "ffffffffc0001010 t m_func\t[mod]\n"
			       "ffffffffc0001010 t m_alias\t[mod]\n"
			       "ffffffffc0004000 t o_func\t[other]\n"
			       "ffffffffc0004100 t o_last\t[other]\n"
			       "ffffffffc0008000 t bpf_prog_x\t[bpf]\n";

static struct kp_ksymtab *read_table(const char *text, enum kp_ksymtab_keep keep)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	struct kp_ksymtab *t;

	assert_non_null(in);
	t = kp_ksymtab_read(in, keep);
	fclose(in);
	return t;
}

static void expect_sym(const struct kp_ksymtab *t, unsigned long long addr, const char *want)
{
	struct kp_ksym s;
	char got[128] = "(none)";

	if (kp_ksymtab_lookup(t, addr, &s))
		snprintf(got, sizeof(got), "%s+0x%llx/0x%llx%s%s%s", s.name, s.offset, s.size,
			 s.mod ? " [" : "", s.mod ? s.mod : "", s.mod ? "]" : "");
	assert_string_equal(got, want);
}

/*
 * What each table answers about kallsyms[]: @all with every symbol
 * (KP_KSYMTAB_ALL, and kp_ksymtab_parse()), @text with the code-only one
 * (KP_KSYMTAB_TEXT), NULL when that is the same as @all
 */
static const struct lookup {
	unsigned long long addr;
	const char *all, *text;
} lookups[] = {
	/* every code address, the data right after code */
	{ 0xffffffff81000004ULL, "_stext+0x4/0x40", NULL },
	{ 0xffffffff81000044ULL, "__pfx_foo+0x4/0x10", NULL },
	{ 0xffffffff81000050ULL, "foo+0x0/0x40", NULL },
	{ 0xffffffff81000094ULL, "marker_in_text+0x4/0x10", NULL },
	{ 0xffffffff810000a8ULL, "bar+0x8/0x60", NULL },
	{ 0xffffffff81000104ULL, "__start_rodata+0x4/0x100", NULL },
	/* the first name at init text's address is the data marker's */
	{ 0xffffffff81000404ULL, "__init_marker+0x4/0x80", NULL },
	{ 0xffffffff81000484ULL, "init_fn+0x4/0x80", NULL },
	{ 0xffffffff81000504ULL, "initdata+0x4/0x100", NULL },
	/* data further from code: not kept in the code-only table, never misnamed */
	{ 0xffffffff80f00004ULL, "early_data+0x4/0x100000", "(none)" },
	{ 0xffffffff81000204ULL, "some_table+0x4/0x100", "(none)" },
	{ 0xffffffff81000304ULL, "some_data+0x4/0x100", "(none)" },
	{ 0xffffffff81000604ULL, "__bss_start+0x4/0x100", "(none)" },
	/* past the last symbol: the kernel's end is not listed */
	{ 0xffffffff81000704ULL, "(none)", NULL },
	{ 0x1004, "(none)", NULL },
	/* modules */
	{ 0xffffffffc0001004ULL, "__pfx_m_func+0x4/0x10 [mod]", NULL },
	{ 0xffffffffc0001014ULL, "m_func+0x4/0x70 [mod]", NULL },
	{ 0xffffffffc0004010ULL, "o_func+0x10/0x100 [other]", NULL },
	{ 0xffffffffc0004104ULL, "(none)", NULL }, /* its module's last symbol */
	{ 0xffffffffc0008004ULL, "(none)", NULL }, /* bpf: not a module */
};

/* The same for names: the core's only, the code's only in the code-only table */
static const struct name_lookup {
	const char *name;
	unsigned long long all, text;
} name_lookups[] = {
	{ "_sinittext", 0xffffffff81000400ULL, 0xffffffff81000400ULL },
	{ "foo", 0xffffffff81000050ULL, 0xffffffff81000050ULL },
	{ "rodata_alias", 0xffffffff81000100ULL, 0 },
	{ "m_func", 0, 0 },
};

/* Every lookup of kallsyms[] in @t, as the table kept @keep */
static void expect_lookups(const struct kp_ksymtab *t, enum kp_ksymtab_keep keep)
{
	size_t i;

	for (i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		const struct lookup *l = &lookups[i];

		expect_sym(t, l->addr, keep == KP_KSYMTAB_TEXT && l->text ? l->text : l->all);
	}
	for (i = 0; i < sizeof(name_lookups) / sizeof(name_lookups[0]); i++) {
		const struct name_lookup *n = &name_lookups[i];
		unsigned long long want = keep == KP_KSYMTAB_TEXT ? n->text : n->all;

		if (kp_ksymtab_addr(t, n->name) != want)
			fail_msg("%s: 0x%llx, not 0x%llx", n->name, kp_ksymtab_addr(t, n->name),
				 want);
	}
}

static void test_every_symbol(void **state)
{
	struct kp_ksymtab *t = read_table(kallsyms, KP_KSYMTAB_ALL);
	struct kp_ksymtab *p = kp_ksymtab_parse(kallsyms);

	(void)state;
	assert_non_null(t);
	assert_non_null(p);
	expect_lookups(t, KP_KSYMTAB_ALL);
	expect_lookups(p, KP_KSYMTAB_ALL);
	/* 17 core lines and 6 of modules */
	assert_int_equal(kp_ksymtab_count(t), 23);
	assert_int_equal(kp_ksymtab_count(p), 23);
	kp_ksymtab_free(t);
	kp_ksymtab_free(p);
}

static void test_code_only(void **state)
{
	struct kp_ksymtab *t = read_table(kallsyms, KP_KSYMTAB_TEXT);

	(void)state;
	assert_non_null(t);
	expect_lookups(t, KP_KSYMTAB_TEXT);
	/*
	 * _stext _text __pfx_foo foo marker_in_text bar __start_rodata, the
	 * end at some_table, __init_marker _sinittext init_fn initdata, the
	 * end at __bss_start, and _end, the core's last line, open when the
	 * modules' lines came; modules as they are
	 */
	assert_int_equal(kp_ksymtab_count(t), 14 + 6);
	kp_ksymtab_free(t);
}

/* Lines out of order: everything after them is kept, lookups stay right */
static void test_code_only_unsorted(void **state)
{
	static const char text[] = "ffffffff81000000 T _stext\n"
				   "ffffffff81000100 d data_a\n"
				   "ffffffff81000200 d data_b\n"
				   "ffffffff81000300 d data_c\n"
				   "ffffffff81000080 t late_func\n"
				   "ffffffff81000400 d data_d\n"
				   "ffffffff81000500 d data_e\n"
				   "ffffffff81000600 T last_func\n";
	struct kp_ksymtab *t = read_table(text, KP_KSYMTAB_TEXT);

	(void)state;
	assert_non_null(t);
	expect_sym(t, 0xffffffff81000004ULL, "_stext+0x4/0x80");
	expect_sym(t, 0xffffffff81000084ULL, "late_func+0x4/0x80");
	expect_sym(t, 0xffffffff81000104ULL, "data_a+0x4/0x100");
	expect_sym(t, 0xffffffff81000504ULL, "data_e+0x4/0x100");
	expect_sym(t, 0xffffffff81000604ULL, "(none)");
	kp_ksymtab_free(t);
}

/* Core lines after a module's: the first name at an address still wins */
static void test_code_only_core_after_module(void **state)
{
	static const char text[] = "ffffffff81000000 T _stext\n"
				   "ffffffff81000100 d data_a\n"
				   "ffffffff81000200 d data_b\n"
				   "ffffffff81000300 d data_c\n"
				   "ffffffffc0000000 t m_func\t[mod]\n"
				   "ffffffffc0000100 t m_next\t[mod]\n"
				   "ffffffff81000300 T late_func\n"
				   "ffffffff81000400 T last_func\n";
	struct kp_ksymtab *t;
	int keep;

	(void)state;
	for (keep = 0; keep < 2; keep++) {
		t = read_table(text, keep ? KP_KSYMTAB_TEXT : KP_KSYMTAB_ALL);
		assert_non_null(t);
		expect_sym(t, 0xffffffff81000004ULL, "_stext+0x4/0x100");
		expect_sym(t, 0xffffffff81000304ULL, "data_c+0x4/0x100");
		expect_sym(t, 0xffffffffc0000004ULL, "m_func+0x4/0x100 [mod]");
		assert_true(kp_ksymtab_addr(t, "late_func") == 0xffffffff81000300ULL);
		kp_ksymtab_free(t);
	}
}

/* The core's range is its lines', kept or not: data past the code is no module's */
static void test_code_only_core_range(void **state)
{
	static const char text[] = "ffffffff81000000 T _stext\n"
				   "ffffffff81000100 d data_a\n"
				   "ffffffff81000200 d data_b\n"
				   "ffffffff81000300 d data_c\n"
				   "ffffffff80000000 t m_low\t[mod]\n"
				   "ffffffff90000000 t m_high\t[mod]\n";
	struct kp_ksymtab *all = read_table(text, KP_KSYMTAB_ALL);
	struct kp_ksymtab *code = read_table(text, KP_KSYMTAB_TEXT);

	(void)state;
	assert_non_null(all);
	assert_non_null(code);
	expect_sym(all, 0xffffffff81000250ULL, "data_b+0x50/0x100");
	expect_sym(code, 0xffffffff81000250ULL, "(none)");
	expect_sym(all, 0xffffffff81000304ULL, "m_low+0x1000304/0x10000000 [mod]");
	expect_sym(code, 0xffffffff81000304ULL, "m_low+0x1000304/0x10000000 [mod]");
	kp_ksymtab_free(all);
	kp_ksymtab_free(code);
}

/* A name that ends the one before it shares its bytes; alias order holds */
static void test_shared_names(void **state)
{
	static const char text[] = "ffffffff81000000 t __pfx_x\n"
				   "ffffffff81000010 t x\n"
				   "ffffffff81000010 t x\n"
				   "ffffffff81000020 t __pfx_yy\n"
				   "ffffffff81000030 t yy\n"
				   "ffffffff81000030 t __x64_sys_yy\n"
				   "ffffffff81000040 t end\n";
	struct kp_ksymtab *t;
	int keep;

	(void)state;
	for (keep = 0; keep < 2; keep++) {
		t = read_table(text, keep ? KP_KSYMTAB_TEXT : KP_KSYMTAB_ALL);
		assert_non_null(t);
		expect_sym(t, 0xffffffff81000004ULL, "__pfx_x+0x4/0x10");
		expect_sym(t, 0xffffffff81000014ULL, "x+0x4/0x10");
		expect_sym(t, 0xffffffff81000024ULL, "__pfx_yy+0x4/0x10");
		expect_sym(t, 0xffffffff81000034ULL, "yy+0x4/0x10");
		assert_true(kp_ksymtab_addr(t, "__x64_sys_yy") == 0xffffffff81000030ULL);
		assert_true(kp_ksymtab_addr(t, "yy") == 0xffffffff81000030ULL);
		kp_ksymtab_free(t);
	}
}

static void test_hidden(void **state)
{
	static const char text[] = "0000000000000000 T a\n0000000000000000 t b\n";
	struct kp_ksymtab *t;

	(void)state;
	errno = 0;
	assert_null(read_table(text, KP_KSYMTAB_TEXT));
	assert_int_equal(errno, EACCES);
	t = read_table("", KP_KSYMTAB_TEXT);
	assert_non_null(t);
	expect_sym(t, 0xffffffff81000000ULL, "(none)");
	assert_int_equal(kp_ksymtab_count(t), 0);
	kp_ksymtab_free(t);
	/* a kernel whose core is all data: nothing kept, nothing hidden */
	t = read_table("ffffffff81000000 d only_data\n", KP_KSYMTAB_TEXT);
	assert_non_null(t);
	expect_sym(t, 0xffffffff81000000ULL, "(none)");
	kp_ksymtab_free(t);
}

/*
 * A 32-bit kernel's kallsyms (Debian's armmp 6.1): 8-digit addresses, the
 * image at 0xc0000000, modules below it; hidden ones are all zero there too
 */
static void test_32bit(void **state)
{
	static const char text[] = "c0300000 T _text\n"
				   "c05cb6a0 t do_sys_openat2\n"
				   "c05cb82c T file_open_name\n"
				   "c05f3934 T close_fd\n"
				   "c05f3994 T __close_range\n"
				   "bf000000 t m_func\t[virtio_mmio]\n"
				   "bf000100 t m_next\t[virtio_mmio]\n";
	enum kp_ksymtab_keep keep[] = { KP_KSYMTAB_ALL, KP_KSYMTAB_TEXT };
	struct kp_ksymtab *t;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		t = read_table(text, keep[i]);
		assert_non_null(t);
		expect_sym(t, 0xc05cb6a0ULL, "do_sys_openat2+0x0/0x18c");
		expect_sym(t, 0xc05f3944ULL, "close_fd+0x10/0x60");
		expect_sym(t, 0xbf000010ULL, "m_func+0x10/0x100 [virtio_mmio]");
		kp_ksymtab_free(t);
	}
	errno = 0;
	assert_null(read_table("00000000 T a\n00000000 t b\n", KP_KSYMTAB_TEXT));
	assert_int_equal(errno, EACCES);
}

/* Add the 6.12 event of fixtures/6.12/format/@path */
static void add(struct kp_format *f, const char *system, const char *path)
{
	char *text = slurp(NULL, "tests/unit/fixtures/6.12/format/%s/format", path);

	assert_non_null(text);
	assert_int_equal(kp_format_add_event(f, system, text, NULL), 0);
	free(text);
}

static struct kp_format *task_only(const struct kp_format_opts *opts)
{
	struct kp_format *f = kp_format_new(opts);

	assert_non_null(f);
	add(f, "task", "task/task_newtask");
	add(f, "task", "task/task_rename");
	return f;
}

static void test_need(void **state)
{
	struct kp_format_opts stack = { .stack = true };
	struct kp_format *f;
	FILE *in;

	(void)state;
	/* task events print no address */
	f = task_only(NULL);
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_NONE);
	/* uprobes print the process's addresses: nothing is read */
	add(f, "kpcap", "kpcap/up");
	add(f, "kpcap", "kpcap/upret");
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_TEXT);
	assert_int_equal(kp_format_user_event(f, "kpcap", "up"), 0);
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_TEXT);
	assert_int_equal(kp_format_user_event(f, "kpcap", "upret"), 0);
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_NONE);
	in = fmemopen((void *)kallsyms, strlen(kallsyms), "r");
	assert_non_null(in);
	assert_int_equal(kp_format_load_kallsyms(f, in, KP_SYMS_NONE), 0);
	assert_int_equal(ftell(in), 0);
	fclose(in);
	errno = 0;
	assert_int_equal(kp_format_user_event(f, "kpcap", "open"), -1);
	assert_int_equal(errno, ENOENT);
	/* a kprobe's and an fprobe's sites are code */
	add(f, "kpcap", "kpcap/plain");
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_TEXT);
	kp_format_free(f);
	f = task_only(NULL);
	add(f, "kpcap", "kpcap/fexit");
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_TEXT);
	/* a symbol argument may be any address */
	add(f, "kpcap", "kpcap/sync");
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_ALL);
	kp_format_free(f);
	/* stack frames of a uprobe's are the kernel's */
	f = task_only(&stack);
	add(f, "kpcap", "kpcap/up");
	assert_int_equal(kp_format_user_event(f, "kpcap", "up"), 0);
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_NONE);
	add(f, "ftrace", "ftrace/kernel_stack");
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_TEXT);
	kp_format_free(f);
	/* a symbol argument on a uprobe too */
	f = task_only(NULL);
	add(f, "kpcap", "kpcap/sync");
	assert_int_equal(kp_format_user_event(f, "kpcap", "sync"), 0);
	assert_int_equal(kp_format_syms_need(f), KP_SYMS_ALL);
	kp_format_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_symbol),
		cmocka_unit_test(test_code_only),
		cmocka_unit_test(test_code_only_unsorted),
		cmocka_unit_test(test_code_only_core_after_module),
		cmocka_unit_test(test_code_only_core_range),
		cmocka_unit_test(test_shared_names),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_32bit),
		cmocka_unit_test(test_need),
	};

	return cmocka_run_group_tests_name("ksymtab", tests, NULL, NULL);
}
