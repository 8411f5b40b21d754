// SPDX-License-Identifier: GPL-2.0-only
/*
 * User stack frames named from a process's mappings (fake /proc/PID/maps
 * text, laid out from the test program's own PT_LOAD segments) and the
 * test program's ELF symbols.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "elfsyms.h"
#include "ustack.h"

#define TARGET "tests/host/uprobe_target"
#define BASE   0x555500000000ULL

static char *path;
static struct kp_elf_file elf;
static char maps[2048];
static int reads;
static const char *maps_now; /* what the fake /proc/PID/maps holds; NULL: gone */

static char *fake_maps(void *ctx, int pid)
{
	(void)ctx;
	assert_int_equal(pid, 42);
	reads++;
	return maps_now ? strdup(maps_now) : NULL;
}

/* The program's segments at BASE, as the kernel's maps list them, around others */
static int setup(void **state)
{
	size_t i, len;

	(void)state;
	path = realpath(TARGET, NULL);
	assert_non_null(path);
	assert_int_equal(kp_elf_open(&elf, path), 0);
	len = (size_t)snprintf(maps, sizeof(maps),
			       "10000000-10021000 rw-p 00000000 00:00 0          [heap]\n");
	for (i = 0; i < elf.nr_loads; i++) {
		unsigned long long start = BASE + (elf.loads[i].vaddr & ~0xfffULL);
		unsigned long long end = BASE + elf.loads[i].vaddr + elf.loads[i].filesz;

		len += (size_t)snprintf(maps + len, sizeof(maps) - len,
					"%llx-%llx r-xp %08llx fd:01 1234   %s\n", start,
					(end + 0xfff) & ~0xfffULL,
					(unsigned long long)(elf.loads[i].offset & ~0xfffULL),
					path);
	}
	snprintf(maps + len, sizeof(maps) - len,
		 "7f0000000000-7f0000001000 r-xp 00000000 fd:01 99   /gone/libx.so (deleted)\n"
		 "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0          [vdso]\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kp_elf_close(&elf);
	free(path);
	return 0;
}

static uint64_t addr_of(const char *func)
{
	const struct kp_elf_func *fn = kp_elf_func_find(&elf, func);

	assert_non_null(fn);
	return BASE + fn->value;
}

static void test_named_from_maps(void **state)
{
	struct kp_ustack u;
	struct kp_uframe fr;

	(void)state;
	kp_ustack_init(&u, NULL, NULL);
	assert_int_equal(kp_ustack_set_maps(&u, 42, maps), 0);

	assert_int_equal(kp_ustack_name(&u, 42, addr_of("kpc_inner") + 9, &fr), 0);
	assert_string_equal(fr.sym, "kpc_inner");
	assert_int_equal(fr.off, 9);
	assert_string_equal(fr.obj, path);

	assert_int_equal(kp_ustack_name(&u, 42, addr_of("main"), &fr), 0);
	assert_string_equal(fr.sym, "main");
	assert_int_equal(fr.off, 0);

	/* a file that cannot be read: named by its path only */
	assert_int_equal(kp_ustack_name(&u, 42, 0x7f0000000010ULL, &fr), 0);
	assert_null(fr.sym);
	assert_string_equal(fr.obj, "/gone/libx.so (deleted)");
	/* no file: [vdso], [heap], unmapped; another process: nothing known */
	assert_int_equal(kp_ustack_name(&u, 42, 0x7ffd00000010ULL, &fr), 0);
	assert_null(fr.obj);
	assert_int_equal(kp_ustack_name(&u, 42, 0x10000010ULL, &fr), 0);
	assert_null(fr.obj);
	assert_int_equal(kp_ustack_name(&u, 7, addr_of("main"), &fr), 0);
	assert_null(fr.obj);
	assert_null(fr.sym);
	kp_ustack_destroy(&u);
	kp_ustack_destroy(&u);
}

static void test_text_and_json(void **state)
{
	struct kp_strbuf sb = { 0 };
	struct kp_ustack u;
	struct kp_uframe fr;
	char want[1024];

	(void)state;
	kp_ustack_init(&u, NULL, NULL);
	assert_int_equal(kp_ustack_set_maps(&u, 42, maps), 0);
	assert_int_equal(kp_ustack_name(&u, 42, addr_of("kpc_outer") + 0xc, &fr), 0);
	assert_int_equal(kp_ustack_put_text(&sb, &fr), 0);
	snprintf(want, sizeof(want), " => kpc_outer+0xc (%s)\n", path);
	assert_string_equal(sb.buf, want);

	kp_strbuf_reset(&sb);
	assert_int_equal(kp_ustack_put_json(&sb, &fr), 0);
	snprintf(want, sizeof(want),
		 "{\"addr\":\"0x%llx\",\"sym\":\"kpc_outer\",\"off\":12,\"obj\":\"%s\"}",
		 (unsigned long long)(addr_of("kpc_outer") + 0xc), path);
	assert_string_equal(sb.buf, want);

	assert_int_equal(kp_ustack_name(&u, 42, 0x7f0000000010ULL, &fr), 0);
	kp_strbuf_reset(&sb);
	assert_int_equal(kp_ustack_put_text(&sb, &fr), 0);
	assert_string_equal(sb.buf, " => 0x7f0000000010 (/gone/libx.so (deleted))\n");

	assert_int_equal(kp_ustack_name(&u, 42, 0x1234, &fr), 0);
	kp_strbuf_reset(&sb);
	assert_int_equal(kp_ustack_put_text(&sb, &fr), 0);
	assert_string_equal(sb.buf, " => 0x1234\n");
	kp_strbuf_reset(&sb);
	assert_int_equal(kp_ustack_put_json(&sb, &fr), 0);
	assert_string_equal(sb.buf, "{\"addr\":\"0x1234\",\"sym\":null,\"off\":null,\"obj\":null}");
	kp_strbuf_free(&sb);
	kp_ustack_destroy(&u);
}

/* Read on the first frame, kept, read again after an exec; kept when the process is gone */
static void test_read_once_and_kept(void **state)
{
	struct kp_ustack u;
	struct kp_uframe fr;

	(void)state;
	reads = 0;
	maps_now = maps;
	kp_ustack_init(&u, fake_maps, NULL);
	assert_int_equal(kp_ustack_name(&u, 42, addr_of("main") + 3, &fr), 0);
	assert_string_equal(fr.sym, "main");
	assert_int_equal(kp_ustack_name(&u, 42, addr_of("kpt_add"), &fr), 0);
	assert_string_equal(fr.sym, "kpt_add");
	assert_int_equal(reads, 1);

	/* an address in no mapping: read again, once per frame */
	assert_int_equal(kp_ustack_name(&u, 42, 0x20000000ULL, &fr), 0);
	assert_int_equal(reads, 2);

	/* exec'd, then gone: the old mappings still name its frames */
	kp_ustack_exec(&u, 42);
	maps_now = NULL;
	assert_int_equal(kp_ustack_name(&u, 42, addr_of("main") + 3, &fr), 0);
	assert_int_equal(reads, 3);
	assert_string_equal(fr.sym, "main");
	/* gone: never read again */
	assert_int_equal(kp_ustack_name(&u, 42, 0x20000000ULL, &fr), 0);
	assert_int_equal(reads, 3);
	kp_ustack_destroy(&u);
}

/* A process gone before its first stack: the uprobe's hit places its file */
static void test_hint(void **state)
{
	const struct kp_elf_func *fn = kp_elf_func_find(&elf, "kpc_inner");
	uint64_t off;
	struct kp_ustack u;
	struct kp_uframe fr;

	(void)state;
	assert_non_null(fn);
	assert_int_equal(kp_elf_file_offset(&elf, fn->value + 9, &off), 0);
	reads = 0;
	maps_now = NULL;
	kp_ustack_init(&u, fake_maps, NULL);
	assert_int_equal(kp_ustack_hint(&u, 42, path, off, addr_of("kpc_inner") + 9), 0);
	assert_int_equal(kp_ustack_name(&u, 42, addr_of("kpc_outer") + 9, &fr), 0);
	assert_string_equal(fr.sym, "kpc_outer");
	assert_int_equal(fr.off, 9);
	assert_string_equal(fr.obj, path);
	assert_int_equal(kp_ustack_name(&u, 42, addr_of("main") + 0x40, &fr), 0);
	assert_string_equal(fr.sym, "main");
	assert_int_equal(fr.off, 0x40);
	/* elsewhere: unknown */
	assert_int_equal(kp_ustack_name(&u, 42, 0x7f0000000010ULL, &fr), 0);
	assert_null(fr.obj);
	assert_int_equal(reads, 1);
	kp_ustack_destroy(&u);

	/* the process's own mappings win over the hint */
	maps_now = maps;
	kp_ustack_init(&u, fake_maps, NULL);
	assert_int_equal(kp_ustack_hint(&u, 42, path, off, 0x999000ULL), 0);
	assert_int_equal(kp_ustack_name(&u, 42, addr_of("main") + 1, &fr), 0);
	assert_string_equal(fr.sym, "main");
	kp_ustack_destroy(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_from_maps),
		cmocka_unit_test(test_text_and_json),
		cmocka_unit_test(test_read_once_and_kept),
		cmocka_unit_test(test_hint),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
