// SPDX-License-Identifier: GPL-2.0-only
/*
 * JSON output and what a capture cannot provoke on demand: the escaper,
 * exact 64-bit integers, every letter of the flags column, module
 * symbols, uprobe addresses, lost events and hostile records.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common_fields.h"
#include "format.h"
#include "json.h"
#include "ksymtab.h"

static void expect_json(const char *in, size_t len, const char *want)
{
	struct kp_strbuf sb = { 0 };

	assert_int_equal(kp_json_string(&sb, in, len), 0);
	assert_string_equal(sb.buf, want);
	kp_strbuf_free(&sb);
}

static void test_escaper(void **state)
{
	(void)state;
	expect_json("plain", 5, "\"plain\"");
	expect_json("a\"b\\c\nd\xff", 8, "\"a\\\"b\\\\c\\nd\\u00ff\"");
	expect_json("\t\r\b\f\x01\x1f\x7f", 7, "\"\\t\\r\\b\\f\\u0001\\u001f\\u007f\"");
	expect_json("nul\0x", 5, "\"nul\\u0000x\"");
	/* well-formed UTF-8 passes; broken sequences are escaped byte by byte */
	expect_json("\xc3\xa9t\xc3\xa9", 5, "\"\xc3\xa9t\xc3\xa9\"");
	expect_json("\xe2\x82\xac", 3, "\"\xe2\x82\xac\"");
	expect_json("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");
	expect_json("\xc3", 1, "\"\\u00c3\"");
	expect_json("\xc0\xaf", 2, "\"\\u00c0\\u00af\"");	     /* overlong '/' */
	expect_json("\xed\xa0\x80", 3, "\"\\u00ed\\u00a0\\u0080\""); /* a surrogate */
	expect_json("\x80z", 2, "\"\\u0080z\"");
	expect_json("", 0, "\"\"");
}

/* A kprobe event as 6.12 describes it */
static const char probe_format[] =
	"name: myprobe\n"
	"ID: 1500\n"
	"format:\n" COMMON_FIELDS
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:u64 big;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:s64 neg;\toffset:24;\tsize:8;\tsigned:1;\n"
	"\tfield:u32 hex;\toffset:32;\tsize:4;\tsigned:0;\n"
	"\tfield:__data_loc char[] name;\toffset:36;\tsize:4;\tsigned:1;\n"
	"\tfield:u16 arr[];\toffset:40;\tsize:4;\tsigned:0;\n"
	"\tfield:u64 sym;\toffset:44;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"(%lx) big=%Lu neg=%Ld hex=0x%x name=\\\"%s\\\" arr={%u,%u} sym=%pS\", "
	"REC->__probe_ip, REC->big, REC->neg, REC->hex, __get_str(name), REC->arr[0], "
	"REC->arr[1], REC->sym\n";

static const char kallsyms[] = "ffffffff81000000 T _stext\n"
			       "ffffffff81234500 T do_sys_openat2\n"
			       "ffffffff81234670 t other_func\n"
			       "ffffffff81234700 T last_func\n"
			       "ffffffffc0001000 t ext4_sync_file\t[ext4]\n"
			       "ffffffffc0001080 t ext4_other\t[ext4]\n";

struct rec_buf {
	unsigned char b[128];
	unsigned int size;
};

static void put(struct rec_buf *r, unsigned int off, const void *v, size_t n)
{
	memcpy(r->b + off, v, n);
}

static struct rec_buf make_probe(int pid, unsigned char flags, unsigned char pc, const char *name)
{
	struct rec_buf r = { .size = 52 };
	uint16_t type = 1500, arr[2] = { 7, 65535 };
	uint64_t ip = 0xffffffff81234500ULL, big = 18446744073709551615ULL,
		 sym = 0xffffffffc0001004ULL;
	int64_t neg = -9223372036854775807LL - 1;
	uint32_t hex = 0xdeadbeef, dl;

	put(&r, 0, &type, 2);
	r.b[2] = flags;
	r.b[3] = pc;
	put(&r, 4, &pid, 4);
	put(&r, 8, &ip, 8);
	put(&r, 16, &big, 8);
	put(&r, 24, &neg, 8);
	put(&r, 32, &hex, 4);
	put(&r, 40, arr, 4);
	put(&r, 44, &sym, 8);
	if (name) {
		dl = ((uint32_t)(strlen(name) + 1) << 16) | r.size;
		memcpy(r.b + r.size, name, strlen(name) + 1);
		r.size += (unsigned int)strlen(name) + 1;
	} else {
		dl = r.size; /* length 0: the kernel could not read it */
	}
	put(&r, 36, &dl, 4);
	return r;
}

static int comm_of(void *ctx, int pid, char comm[16])
{
	(void)ctx;
	if (pid != 42)
		return -1;
	strcpy(comm, "workload");
	return 0;
}

static struct kp_format *new_format(bool json)
{
	struct kp_format_opts o = { .json = json, .comm_lookup = comm_of };
	struct kp_format *f = kp_format_new(&o);
	char *why = NULL;

	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, &why), 0);
	assert_null(why);
	assert_int_equal(kp_format_set_kallsyms(f, kallsyms), 0);
	return f;
}

static void expect_line(struct kp_format *f, const struct rec_buf *rb, unsigned long long ts,
			const char *want)
{
	struct kp_record r = { ts, rb->b, rb->size, 1 };
	struct kp_strbuf sb = { 0 };

	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_string_equal(sb.buf, want);
	kp_strbuf_free(&sb);
}

static void test_text_types(void **state)
{
	struct kp_format *f = new_format(false);
	struct rec_buf r = make_probe(42, 0, 0, "a\"b\\c\nd\xff");

	(void)state;
	/* 12.3456785 s rounds up to the microsecond, as ns2usecs() does */
	expect_line(f, &r, 12345678500ULL,
		    "        workload-42      [001] .....    12.345679: myprobe: "
		    "(do_sys_openat2+0x0/0x170) big=18446744073709551615 "
		    "neg=-9223372036854775808 hex=0xdeadbeef name=\"a\"b\\c\nd\xff\" arr={7,65535} "
		    "sym=ext4_sync_file+0x4/0x80 [ext4]\n");
	r = make_probe(0, 0, 0, NULL);
	expect_line(f, &r, 999999999999ULL,
		    "          <idle>-0       [001] .....  1000.000000: myprobe: "
		    "(do_sys_openat2+0x0/0x170) big=18446744073709551615 "
		    "neg=-9223372036854775808 hex=0xdeadbeef name=(fault) arr={7,65535} "
		    "sym=ext4_sync_file+0x4/0x80 [ext4]\n");
	kp_format_free(f);
}

static void test_json_types(void **state)
{
	struct kp_format *f = new_format(true);
	struct rec_buf r = make_probe(42, 0x0d, 0x21, "a\"b\\c\nd\xff");

	(void)state;
	expect_line(
		f, &r, 12345678500ULL,
		"{\"type\":\"event\",\"time\":12.345679,\"ts\":12345678500,\"cpu\":1,"
		"\"comm\":\"workload\",\"pid\":42,\"flags\":\"dnh12\",\"group\":\"kprobes\","
		"\"event\":\"myprobe\",\"probe\":\"do_sys_openat2+0x0/0x170\",\"args\":{"
		"\"big\":18446744073709551615,\"neg\":-9223372036854775808,\"hex\":\"0xdeadbeef\","
		"\"name\":\"a\\\"b\\\\c\\nd\\u00ff\",\"arr\":[7,65535],"
		"\"sym\":\"ext4_sync_file+0x4/0x80 [ext4]\"}}\n");
	r = make_probe(7, 0, 0, NULL);
	expect_line(
		f, &r, 1000,
		"{\"type\":\"event\",\"time\":0.000001,\"ts\":1000,\"cpu\":1,"
		"\"comm\":\"<...>\",\"pid\":7,\"flags\":\".....\",\"group\":\"kprobes\","
		"\"event\":\"myprobe\",\"probe\":\"do_sys_openat2+0x0/0x170\",\"args\":{"
		"\"big\":18446744073709551615,\"neg\":-9223372036854775808,\"hex\":\"0xdeadbeef\","
		"\"name\":null,\"arr\":[7,65535],"
		"\"sym\":\"ext4_sync_file+0x4/0x80 [ext4]\"}}\n");
	kp_format_free(f);
}

/* trace_print_lat_fmt(): every letter from common_flags and the preempt count */
static void test_flags(void **state)
{
	static const struct {
		unsigned char flags, pc;
		const char *want;
	} cases[] = {
		{ 0x00, 0x00, "....." }, { 0x01, 0x00, "d...." }, { 0x80, 0x00, "b...." },
		{ 0x81, 0x00, "D...." }, { 0x02, 0x00, "X...." }, { 0x04, 0x00, ".n..." },
		{ 0x20, 0x00, ".p..." }, { 0x24, 0x00, ".N..." }, { 0x08, 0x00, "..h.." },
		{ 0x10, 0x00, "..s.." }, { 0x18, 0x00, "..H.." }, { 0x40, 0x00, "..z.." },
		{ 0x48, 0x00, "..Z.." }, { 0x00, 0x01, "...1." }, { 0x00, 0x0f, "...f." },
		{ 0x00, 0x20, "....2" }, { 0x00, 0xf3, "...3f" }, { 0xff, 0xff, "DNZff" },
	};
	struct kp_format *f = new_format(false);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rec_buf rb = make_probe(42, cases[i].flags, cases[i].pc, "x");
		struct kp_record r = { 1000, rb.b, rb.size, 0 };
		struct kp_strbuf sb = { 0 };

		assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
		assert_memory_equal(sb.buf + 31, cases[i].want, 5);
		kp_strbuf_free(&sb);
	}
	kp_format_free(f);
}

static void test_lost(void **state)
{
	struct kp_format *t = new_format(false), *j = new_format(true);
	struct kp_strbuf sb = { 0 };

	(void)state;
	assert_int_equal(kp_format_lost(t, 1, 25398, &sb), 0);
	assert_int_equal(kp_format_lost(t, 0, 0, &sb), 0);
	assert_int_equal(kp_format_lost(j, 1, 25398, &sb), 0);
	assert_int_equal(kp_format_lost(j, 0, 0, &sb), 0);
	assert_string_equal(sb.buf, "CPU:1 [LOST 25398 EVENTS]\n"
				    "CPU:0 [LOST EVENTS]\n"
				    "{\"type\":\"lost\",\"cpu\":1,\"count\":25398}\n"
				    "{\"type\":\"lost\",\"cpu\":0,\"count\":null}\n");
	kp_strbuf_free(&sb);
	kp_format_free(t);
	kp_format_free(j);
}

/* Records shorter than their format, or pointing outside themselves */
static void test_hostile(void **state)
{
	struct kp_format *f = new_format(false);
	struct rec_buf rb = make_probe(42, 0, 0, "name");
	struct kp_strbuf sb = { 0 };
	struct kp_record r = { 1000, rb.b, 51, 0 };
	uint32_t dl;

	(void)state;
	assert_int_equal(kp_format_record(f, &r, &sb), -1);
	assert_int_equal(errno, EINVAL);
	r.size = 4;
	assert_int_equal(kp_format_record(f, &r, &sb), -1);
	r.size = rb.size;
	dl = (200U << 16) | 52; /* runs past the record */
	memcpy(rb.b + 36, &dl, 4);
	assert_int_equal(kp_format_record(f, &r, &sb), -1);
	assert_int_equal(errno, EINVAL);
	dl = (1U << 16) | 0xfff0;
	memcpy(rb.b + 36, &dl, 4);
	assert_int_equal(kp_format_record(f, &r, &sb), -1);
	rb.b[0] = 0x55; /* an event never registered */
	assert_int_equal(kp_format_record(f, &r, &sb), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sb.len, 0);
	kp_strbuf_free(&sb);
	kp_format_free(f);
}

static const char rename_format[] =
	"name: task_rename\nID: 5\nformat:\n" COMMON_FIELDS
	"\tfield:pid_t pid;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:char oldcomm[16];\toffset:12;\tsize:16;\tsigned:0;\n"
	"\tfield:char newcomm[16];\toffset:28;\tsize:16;\tsigned:0;\n"
	"\tfield:short oom_score_adj;\toffset:44;\tsize:2;\tsigned:1;\n\n"
	"print fmt: \"pid=%d\", REC->pid\n";

static const char stack_format[] =
	"name: kernel_stack\nID: 4\nformat:\n" COMMON_FIELDS
	"\tfield:int size;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n\n"
	"print fmt: \"\\t=> %ps\\n\", (void *)REC->caller[0]\n";

/*
 * A renamed task takes its new name from then on; with -s the stack the
 * kernel records after the (silent) rename is silent too, on that CPU only
 */
static void test_rename_and_its_stack(void **state)
{
	struct kp_format_opts o = { .stack = true };
	struct kp_format *f = kp_format_new(&o);
	unsigned char ren[48] = { 5, 0 }, stk[40] = { 4, 0 };
	uint64_t frames[3] = { 0xffffffff81234510ULL, 0xffffffff81234680ULL, ~0ULL };
	struct kp_record r = { 2000, ren, sizeof(ren), 1 };
	struct kp_strbuf sb = { 0 };
	struct rec_buf rb;
	int pid = 42;

	(void)state;
	assert_non_null(f);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "task", rename_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "ftrace", stack_format, NULL), 0);
	assert_int_equal(kp_format_set_kallsyms(f, kallsyms), 0);
	memcpy(ren + 4, &pid, 4);
	memcpy(ren + 8, &pid, 4);
	memcpy(ren + 12, "sh", 3);
	memcpy(ren + 28, "workload-renamed", 16); /* 16 bytes, no NUL: 15 kept */
	memcpy(stk + 4, &pid, 4);
	memcpy(stk + 16, frames, sizeof(frames));
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_NONE);
	r = (struct kp_record){ 2001, stk, sizeof(stk), 1 };
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_NONE);
	assert_int_equal(sb.len, 0);
	r.cpu = 0; /* another CPU's stack belongs to another event */
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_STACK);
	r.cpu = 1; /* only the one stack right after the rename is silent */
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_STACK);
	rb = make_probe(42, 0, 0, "x");
	r = (struct kp_record){ 3000, rb.b, rb.size, 1 };
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	assert_string_equal(
		sb.buf,
		""
		" workload-rename-42      [000] .....     0.000002: <stack trace>\n"
		" => do_sys_openat2\n"
		" => other_func\n"
		" workload-rename-42      [001] .....     0.000002: <stack trace>\n"
		" => do_sys_openat2\n"
		" => other_func\n"
		" workload-rename-42      [001] .....     0.000003: myprobe: (do_sys_openat2+0x0/0x170) "
		"big=18446744073709551615 neg=-9223372036854775808 hex=0xdeadbeef name=\"x\" "
		"arr={7,65535} sym=ext4_sync_file+0x4/0x80 [ext4]\n");
	kp_strbuf_free(&sb);
	kp_format_free(f);
}

/* kallsyms lookups as the kernel's: aliases, sizes, modules out of order */
static const char syms_text[] = "0000000000001000 A fixed_percpu_data\n"
				"ffffffff81000000 T _stext\n"
				"ffffffff81000100 T first_alias\n"
				"ffffffff81000100 t second_alias\n"
				"ffffffff81000180 T last_core\n"
				"ffffffffc0002000 t m_late\t[mod]\n"
				"ffffffffc0001000 t m_first\t[mod]\n"
				"ffffffffc0001000 t m_alias\t[mod]\n"
				"ffffffffc0004000 t o_func\t[other]\n"
				"ffffffffc0004100 t o_next\t[other]\n"
				"ffffffffc0008000 t bpf_prog_x\t[bpf]\n";

static void expect_sym(struct kp_ksymtab *t, unsigned long long addr, const char *want)
{
	struct kp_ksym s;
	char got[128] = "(none)";

	if (kp_ksymtab_lookup(t, addr, &s))
		snprintf(got, sizeof(got), "%s+0x%llx/0x%llx%s%s%s", s.name, s.offset, s.size,
			 s.mod ? " [" : "", s.mod ? s.mod : "", s.mod ? "]" : "");
	assert_string_equal(got, want);
}

static void check_syms(struct kp_ksymtab *t)
{
	expect_sym(t, 0xffffffff81000104ULL, "first_alias+0x4/0x80");
	expect_sym(t, 0xffffffff81000000ULL, "_stext+0x0/0x100");
	expect_sym(t, 0xffffffff81000180ULL, "(none)"); /* the kernel's _end is not listed */
	expect_sym(t, 0xffffffff80000000ULL, "(none)");
	expect_sym(t, 0x1004, "(none)"); /* per-CPU offsets are no addresses */
	expect_sym(t, 0xffffffffc0001010ULL, "m_first+0x10/0x1000 [mod]");
	expect_sym(t, 0xffffffffc0004010ULL, "o_func+0x10/0x100 [other]");
	expect_sym(t, 0xffffffffc0002004ULL, "(none)"); /* its module's last symbol */
	assert_true(kp_ksymtab_addr(t, "last_core") == 0xffffffff81000180ULL);
	assert_true(kp_ksymtab_addr(t, "m_first") == 0);
}

static void test_kallsyms(void **state)
{
	struct kp_ksymtab *t = kp_ksymtab_parse(syms_text);
	struct kp_format *f = kp_format_new(NULL);
	FILE *in = fmemopen((void *)syms_text, strlen(syms_text), "r");

	(void)state;
	assert_non_null(t);
	check_syms(t);
	kp_ksymtab_free(t);
	/* the stream loader gives the same table */
	assert_non_null(in);
	assert_non_null(f);
	assert_int_equal(kp_format_load_kallsyms(f, in, KP_SYMS_ALL), 0);
	fclose(in);
	assert_int_equal(kp_format_add_event(f, "kprobes", probe_format, NULL), 0);
	{
		struct rec_buf rb = make_probe(0, 0, 0, "x");
		struct kp_record r = { 1000, rb.b, rb.size, 0 };
		struct kp_strbuf sb = { 0 };

		assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
		assert_non_null(strstr(sb.buf, ": myprobe: (0xffffffff81234500) big="));
		assert_non_null(strstr(sb.buf, " sym=m_first+0x4/0x1000 [mod]\n"));
		kp_strbuf_free(&sb);
	}
	kp_format_free(f);
	/* kptr_restrict: every address zero */
	errno = 0;
	assert_null(kp_ksymtab_parse("0000000000000000 T a\n0000000000000000 t b\n"));
	assert_int_equal(errno, EACCES);
	t = kp_ksymtab_parse("");
	assert_non_null(t);
	expect_sym(t, 0xffffffff81000000ULL, "(none)");
	kp_ksymtab_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaper),
		cmocka_unit_test(test_text_types),
		cmocka_unit_test(test_json_types),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_lost),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_rename_and_its_stack),
		cmocka_unit_test(test_kallsyms),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
