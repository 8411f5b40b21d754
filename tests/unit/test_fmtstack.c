// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stack records in the formatter: which event each one follows (a
 * uprobe's kernel stack and, without --ustack, a kernel probe's user stack
 * are left out), and a user stack's frames named from the uprobe's own
 * hit once the process is gone, in text and JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common_fields.h"
#include "elfsyms.h"
#include "format.h"

#define TARGET "tests/host/uprobe_target"
#define BASE   0x555500000000ULL

static const char kprobe_format[] =
	"name: kp\nID: 1500\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\nprint fmt: \"(%lx)\", REC->__probe_ip\n";
static const char uprobe_format[] =
	"name: up\nID: 1501\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\nprint fmt: \"(%lx)\", REC->__probe_ip\n";
static const char kstack_format[] =
	"name: kernel_stack\nID: 4\nformat:\n" COMMON_FIELDS
	"\tfield:int size;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n\n"
	"print fmt: \"\\t=> %ps\\n\", (void *)REC->caller[0]\n";
static const char ustack_format[] =
	"name: user_stack\nID: 13\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned int tgid;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n\n"
	"print fmt: \"\\t=> %ps\\n\", (void *)REC->caller[0]\n";
static const char kallsyms[] = "ffffffff81234500 T do_sys_openat2\n"
			       "ffffffff81234670 t other_func\n"
			       "ffffffff81234700 T last_func\n";

static struct kp_elf_file elf;
static char *path;

static uint64_t addr_of(const char *func)
{
	const struct kp_elf_func *fn = kp_elf_func_find(&elf, func);

	assert_non_null(fn);
	return BASE + fn->value;
}

static unsigned char rec[80];

/* A record of event @id by pid 42 on CPU 0: its 8-byte words from offset 8 or 16 */
static struct kp_record make(uint16_t id, unsigned int off, const uint64_t *words, int n)
{
	struct kp_record r = { 1000, rec, 0, 0 };
	int pid = 42;
	uint32_t tgid = 42;

	memset(rec, 0, sizeof(rec));
	memcpy(rec, &id, 2);
	memcpy(rec + 4, &pid, 4);
	if (off == 16)
		memcpy(rec + 8, &tgid, 4);
	memcpy(rec + off, words, (size_t)n * 8);
	r.size = off == 16 ? 80 : 16;
	return r;
}

static struct kp_format *new_format(bool json, bool ustack)
{
	struct kp_format_opts o = { .json = json, .stack = true, .ustack = ustack };
	struct kp_format *f = kp_format_new(&o);
	uint64_t off;
	const struct kp_elf_func *fn = kp_elf_func_find(&elf, "kpc_inner");

	assert_non_null(f);
	assert_non_null(fn);
	assert_int_equal(kp_format_add_event(f, "kprobes", kprobe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "uprobes", uprobe_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "ftrace", kstack_format, NULL), 0);
	assert_int_equal(kp_format_add_event(f, "ftrace", ustack_format, NULL), 0);
	assert_int_equal(kp_elf_file_offset(&elf, fn->value + 9, &off), 0);
	assert_int_equal(kp_format_user_site(f, "uprobes", "up", path, off), 0);
	assert_int_equal(kp_format_set_kallsyms(f, kallsyms), 0);
	return f;
}

static int setup(void **state)
{
	(void)state;
	path = realpath(TARGET, NULL);
	assert_non_null(path);
	return kp_elf_open(&elf, path);
}

static int teardown(void **state)
{
	(void)state;
	kp_elf_close(&elf);
	free(path);
	return 0;
}

static void test_which_stacks(void **state)
{
	struct kp_format *f = new_format(false, false);
	uint64_t site = addr_of("kpc_inner") + 9, kip = 0xffffffff81234500ULL;
	uint64_t kframes[3] = { 0xffffffff81234500ULL, 0xffffffff81234680ULL, ~0ULL };
	uint64_t uframes[4] = { site, addr_of("kpc_outer") + 9, addr_of("main") + 0x40, 0 };
	struct kp_strbuf sb = { 0 };
	struct kp_record r;
	char want[1024];

	(void)state;
	r = make(1501, 8, &site, 1);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	/* a uprobe's kernel stack is the uprobe dispatcher's: left out */
	r = make(4, 16, kframes, 3);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_NONE);
	/* its user stack, named though the process is gone (no mappings to read) */
	r = make(13, 16, uframes, 4);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_STACK);
	/* a kernel probe's kernel stack; its user stack only with --ustack */
	r = make(1500, 8, &kip, 1);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	r = make(4, 16, kframes, 3);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_STACK);
	r = make(13, 16, uframes, 4);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_NONE);
	snprintf(want, sizeof(want),
		 "           <...>-42      [000] .....     0.000001: up: (0x%llx)\n"
		 "           <...>-42      [000] .....     0.000001: <user stack trace>\n"
		 " => kpc_inner+0x9 (%s)\n"
		 " => kpc_outer+0x9 (%s)\n"
		 " => main+0x40 (%s)\n"
		 "           <...>-42      [000] .....     0.000001: kp: "
		 "(do_sys_openat2+0x0/0x170)\n"
		 "           <...>-42      [000] .....     0.000001: <stack trace>\n"
		 " => do_sys_openat2\n"
		 " => other_func\n",
		 (unsigned long long)site, path, path, path);
	assert_string_equal(sb.buf, want);
	kp_strbuf_free(&sb);
	kp_format_free(f);
}

/* What the user stack check is told of each record, shown or left out */
static void test_ustack_rec(void **state)
{
	struct kp_format *f = new_format(false, false);
	uint64_t site = addr_of("kpc_inner") + 9, kip = 0xffffffff81234500ULL;
	uint64_t kframes[2] = { 0xffffffff81234500ULL, ~0ULL };
	uint64_t uframes[2] = { site, 0 };
	struct kp_record r;

	(void)state;
	r = make(1501, 8, &site, 1);
	assert_int_equal(kp_format_ustack_rec(f, &r), KP_USR_EVENT);
	r = make(1500, 8, &kip, 1);
	assert_int_equal(kp_format_ustack_rec(f, &r), KP_USR_EVENT);
	r = make(4, 16, kframes, 2);
	assert_int_equal(kp_format_ustack_rec(f, &r), KP_USR_OTHER);
	/* a kernel probe's user stack is left out without --ustack, but it came */
	r = make(13, 16, uframes, 2);
	assert_int_equal(kp_format_ustack_rec(f, &r), KP_USR_USTACK);
	/* an event this run did not add, and a record too short for a type */
	r = make(77, 8, &kip, 1);
	assert_int_equal(kp_format_ustack_rec(f, &r), KP_USR_OTHER);
	r.size = 4;
	assert_int_equal(kp_format_ustack_rec(f, &r), KP_USR_OTHER);
	kp_format_free(f);
}

static void test_ustack_json(void **state)
{
	struct kp_format *f = new_format(true, true);
	uint64_t kip = 0xffffffff81234500ULL, uframes[3] = { 0x1234, 0, 0 };
	struct kp_strbuf sb = { 0 };
	struct kp_record r;

	(void)state;
	/* --ustack: a kernel probe's user stack too; a frame nothing names stays an address */
	r = make(1500, 8, &kip, 1);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_EVENT);
	kp_strbuf_reset(&sb);
	r = make(13, 16, uframes, 3);
	assert_int_equal(kp_format_record(f, &r, &sb), KP_FMT_STACK);
	assert_string_equal(sb.buf,
			    "{\"type\":\"ustack\",\"time\":0.000001,\"ts\":1000,\"cpu\":0,"
			    "\"comm\":\"<...>\",\"pid\":42,\"flags\":\".....\",\"ustack\":"
			    "[{\"addr\":\"0x1234\",\"sym\":null,\"off\":null,\"obj\":null}]}\n");
	kp_strbuf_free(&sb);
	kp_format_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_which_stacks),
		cmocka_unit_test(test_ustack_rec),
		cmocka_unit_test(test_ustack_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
