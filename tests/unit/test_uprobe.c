// SPDX-License-Identifier: GPL-2.0-only
/*
 * Uprobe locations: ELF symbols to file offsets, programs on $PATH,
 * libraries from the ld.so cache. The expected offsets come from the
 * test program itself (its own /proc/self/maps), not from this code.
 */
#include <dlfcn.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "elfsyms.h"
#include "ldcache.h"
#include "ldcache_file.h"
#include "uprobe.h"

#define TARGET		"tests/host/uprobe_target"
#define TARGET_NOPIE	"tests/host/uprobe_target_nopie"
#define TARGET_STRIPPED "tests/host/uprobe_target_stripped"
/* built for armhf only (make ARCH=armhf): the target as Thumb code */
#define TARGET_THUMB	"tests/host/uprobe_target_thumb"

/* Run @fn with stderr going to a buffer; returns what it printed (static) */
static const char *stderr_of(int (*fn)(const char *, char **), const char *arg, int *ret,
			     char **out)
{
	static char buf[4096];
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	*ret = fn(arg, out);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return buf;
}

/*
 * What the program says about its own functions' offsets: "NAME 0xOFF"
 * lines. KPROBE_UNIT_EXEC, if set, runs it (qemu-user for a cross build's
 * tests, whose programs this machine cannot run itself).
 */
static unsigned long offset_of(const char *program, const char *func)
{
	const char *exec = getenv("KPROBE_UNIT_EXEC");
	char cmd[PATH_MAX + 256], name[64];
	unsigned long off = 0, o;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s%s%s --offsets", exec ? exec : "", exec ? " " : "", program);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fscanf(p, "%63s %lx", name, &o) == 2)
		if (!strcmp(name, func))
			off = o;
	assert_int_equal(pclose(p), 0);
	assert_true(off > 0);
	return off;
}

static char *real(const char *path)
{
	char *r = realpath(path, NULL);

	assert_non_null(r);
	return r;
}

static void expect_resolved(const char *location, const char *file, unsigned long off)
{
	char *out = NULL, *path = real(file), want[PATH_MAX + 32];

	assert_int_equal(kp_uprobe_resolve(location, &out), 0);
	snprintf(want, sizeof(want), "%s:0x%lx", path, off);
	assert_string_equal(out, want);
	free(out);
	free(path);
}

static void test_pie_symbol(void **state)
{
	(void)state;
	expect_resolved(TARGET ":kpt_add", TARGET, offset_of(TARGET, "kpt_add"));
	expect_resolved(TARGET ":kpt_greet", TARGET, offset_of(TARGET, "kpt_greet"));
}

static void test_nopie_symbol(void **state)
{
	(void)state;
	expect_resolved(TARGET_NOPIE ":kpt_add", TARGET_NOPIE, offset_of(TARGET_NOPIE, "kpt_add"));
}

static void test_symbol_plus_offset(void **state)
{
	const char *err;
	char *out = NULL;
	int ret;

	(void)state;
	/* +2: inside kpt_add everywhere (4 bytes of Thumb-2 on armhf) */
	expect_resolved(TARGET ":kpt_add+2", TARGET, offset_of(TARGET, "kpt_add") + 2);
	expect_resolved(TARGET ":kpt_add+0x2", TARGET, offset_of(TARGET, "kpt_add") + 2);
	err = stderr_of(kp_uprobe_resolve, TARGET ":kpt_add+4096", &ret, &out);
	assert_int_equal(ret, -1);
	assert_null(out);
	assert_non_null(strstr(err, "offset +4096 is past the end of 'kpt_add'"));
	err = stderr_of(kp_uprobe_resolve, TARGET ":kpt_add+x", &ret, &out);
	assert_int_equal(ret, -1);
	assert_non_null(strstr(err, "invalid offset '+x'"));
}

/* 32-bit ARM's uprobes take ARM code only: a Thumb function is refused, and why */
static void test_thumb_refused(void **state)
{
	const char *err;
	char *out = NULL;
	int ret;

	(void)state;
	if (access(TARGET_THUMB, R_OK))
		skip(); /* not an armhf build */
	err = stderr_of(kp_uprobe_resolve, TARGET_THUMB ":kpt_add", &ret, &out);
	assert_int_equal(ret, -1);
	assert_null(out);
	/* (the file as a real path) */
	assert_non_null(strstr(err, "kprobe: cannot probe 'kpt_add' in '/"));
	assert_non_null(strstr(err, "/" TARGET_THUMB "': it is Thumb code, and 32-bit ARM's "
				    "uprobes probe ARM code only\n"
				    "    build it with -marm, or probe an ARM function\n"));
}

static void test_return_suffix_kept(void **state)
{
	char *out = NULL, *path = real(TARGET), want[PATH_MAX + 32];

	(void)state;
	assert_int_equal(kp_uprobe_resolve(TARGET ":kpt_add%return", &out), 0);
	snprintf(want, sizeof(want), "%s:0x%lx%%return", path, offset_of(TARGET, "kpt_add"));
	assert_string_equal(out, want);
	free(out);
	free(path);
}

static void test_offset_passed_through(void **state)
{
	char *out = NULL, *path = real(TARGET), want[PATH_MAX + 32];

	(void)state;
	assert_int_equal(kp_uprobe_resolve(TARGET ":0x1234", &out), 0);
	snprintf(want, sizeof(want), "%s:0x1234", path);
	assert_string_equal(out, want);
	free(out);
	free(path);
}

static void test_misspelt_symbol_suggests(void **state)
{
	const char *err;
	char *out = NULL;
	int ret;

	(void)state;
	err = stderr_of(kp_uprobe_resolve, TARGET ":kpt_ad", &ret, &out);
	assert_int_equal(ret, -1);
	assert_non_null(strstr(err, "no function 'kpt_ad' in '"));
	assert_non_null(strstr(err, "did you mean 'kpt_add'?"));
}

static void test_ifunc_refused(void **state)
{
	const char *err;
	char *out = NULL;
	int ret;

	(void)state;
	err = stderr_of(kp_uprobe_resolve, TARGET ":kpt_ifunc", &ret, &out);
	assert_int_equal(ret, -1);
	assert_null(out);
	assert_non_null(strstr(err, "cannot probe 'kpt_ifunc' in '"));
	assert_non_null(strstr(err, "it is an indirect function (IFUNC)"));
}

static void test_stripped(void **state)
{
	const char *err;
	char *out = NULL;
	int ret;

	(void)state;
	err = stderr_of(kp_uprobe_resolve, TARGET_STRIPPED ":kpt_add", &ret, &out);
	assert_int_equal(ret, -1);
	assert_non_null(strstr(err, "no function 'kpt_add' in '"));
	assert_non_null(strstr(err, "the file is stripped (it has no .symtab)"));
	assert_non_null(strstr(err, ":0xOFFSET"));
	/* an offset still works */
	expect_resolved(TARGET_STRIPPED ":0x10", TARGET_STRIPPED, 0x10);
}

static void test_missing_and_not_elf(void **state)
{
	const char *err;
	char *out = NULL;
	int ret;

	(void)state;
	err = stderr_of(kp_uprobe_resolve, "/nonexistent/prog:main", &ret, &out);
	assert_int_equal(ret, -1);
	assert_non_null(strstr(err, "cannot probe '/nonexistent/prog': no such file"));
	err = stderr_of(kp_uprobe_resolve, "no_such_program_or_lib_xyz:main", &ret, &out);
	assert_int_equal(ret, -1);
	assert_non_null(strstr(err, "cannot find 'no_such_program_or_lib_xyz'"));
	err = stderr_of(kp_uprobe_resolve, "tests/host/uprobe_target.c:main", &ret, &out);
	assert_int_equal(ret, -1);
	assert_non_null(strstr(err, "is not an ELF file"));
	err = stderr_of(kp_uprobe_resolve, TARGET ":", &ret, &out);
	assert_int_equal(ret, -1);
	assert_non_null(strstr(err, "no function given"));
}

static void test_program_on_path(void **state)
{
	char *dir = real("tests/host"), *old = strdup(getenv("PATH")), *out = NULL;
	char path[PATH_MAX + 16];
	char *want = real(TARGET_NOPIE);

	(void)state;
	snprintf(path, sizeof(path), "/nonexistent::%s", dir);
	setenv("PATH", path, 1);
	assert_int_equal(kp_uprobe_find_binary("uprobe_target_nopie", &out), 1);
	assert_string_equal(out, want);
	free(out);
	expect_resolved("uprobe_target_nopie:kpt_add", TARGET_NOPIE,
			offset_of(TARGET_NOPIE, "kpt_add"));
	/* not executable: not a program */
	assert_int_equal(kp_uprobe_find_binary("uprobe_target.c", &out), 0);
	assert_null(out);
	setenv("PATH", old, 1);
	free(old);
	free(dir);
	free(want);
}

/* The file and offset this process has mapped at @addr */
static void mapping_of(const void *addr, char *file, size_t len, unsigned long *off)
{
	unsigned long start, end, moff;
	char line[PATH_MAX + 128], path[PATH_MAX];
	FILE *f = fopen("/proc/self/maps", "r");

	assert_non_null(f);
	*off = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %4095s", &start, &end, &moff, path) != 4)
			continue;
		if ((uintptr_t)addr >= start && (uintptr_t)addr < end) {
			snprintf(file, len, "%s", path);
			*off = (uintptr_t)addr - start + moff;
		}
	}
	fclose(f);
	assert_true(*off > 0);
}

/* A library by its short name or soname, from a cache the test writes itself */
static void test_library_short_name(void **state)
{
	char dir[] = "/tmp/kprobe-ldcache.XXXXXX", cache[64], file[PATH_MAX], *out = NULL, *want;
	void *getppid_addr = dlsym(RTLD_DEFAULT, "getppid");
	static const int hwcap[] = { 0 };
	unsigned long off;

	(void)state;
	assert_non_null(getppid_addr);
	mapping_of(getppid_addr, file, sizeof(file), &off);
	want = real(file);
	assert_non_null(mkdtemp(dir));
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	{
		const char *const ents[][2] = { { "libc.so.6", want } };

		write_ldcache(cache, ents, hwcap, 1);
	}
	kp_uprobe_set_ldcache(cache);
	assert_int_equal(kp_uprobe_find_binary("libc", &out), 1);
	assert_string_equal(out, want);
	free(out);
	assert_int_equal(kp_uprobe_find_binary("libc.so.6", &out), 1);
	assert_string_equal(out, want);
	free(out);
	if ((uintptr_t)getppid_addr & 1) {
		/* armhf: Debian's libc is Thumb-2 code, which 32-bit ARM's uprobes refuse */
		const char *err;
		char *res = NULL;
		int ret;

		err = stderr_of(kp_uprobe_resolve, "libc:getppid", &ret, &res);
		assert_int_equal(ret, -1);
		assert_null(res);
		assert_non_null(strstr(err, "cannot probe 'getppid' in '"));
		assert_non_null(strstr(err, "': it is Thumb code"));
	} else {
		expect_resolved("libc:getppid", file, off);
	}
	/* not in the cache: not found, whatever the system has */
	assert_int_equal(kp_uprobe_find_binary("libkpnosuch", &out), 0);
	assert_null(out);
	kp_uprobe_set_ldcache(NULL);
	unlink(cache);
	rmdir(dir);
	free(want);
}

static void test_ldcache_native_class(void **state)
{
	char dir[] = "/tmp/kprobe-ldcache.XXXXXX", cache[64], lib32[64], hw[64], out[PATH_MAX];
	/* an ELF header of the other class: all the cache check reads */
	unsigned char elf32[52] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };
	char *native = real(TARGET);
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	snprintf(lib32, sizeof(lib32), "%s/libfoo32.so.1", dir);
	snprintf(hw, sizeof(hw), "%s/libbar-v3.so.2", dir);
	elf32[16] = 3; /* ET_DYN */
	elf32[18] = 3; /* EM_386 */
	f = fopen(lib32, "w");
	assert_non_null(f);
	fwrite(elf32, 1, sizeof(elf32), f);
	fclose(f);
	assert_int_equal(symlink(native, hw), 0);
	{
		const char *const ents[][2] = {
			{ "libfoo.so.1", lib32 },  { "libfoo.so.1", native }, { "libbar.so.2", hw },
			{ "libbar.so.2", native }, { "libbaz.so", lib32 },
		};
		const int hwcap[] = { 0, 0, 1, 0, 0 };

		write_ldcache(cache, ents, hwcap, 5);
	}
	/* the 32-bit copy comes first and is skipped */
	assert_int_equal(kp_ldcache_find(cache, "libfoo", out, sizeof(out)), 1);
	assert_string_equal(out, native);
	assert_int_equal(kp_ldcache_find(cache, "libfoo.so.1", out, sizeof(out)), 1);
	assert_string_equal(out, native);
	/* a glibc-hwcaps entry only when nothing else matches */
	assert_int_equal(kp_ldcache_find(cache, "libbar", out, sizeof(out)), 1);
	assert_string_equal(out, native);
	/* only a 32-bit copy: not found; nor are prefixes of names */
	assert_int_equal(kp_ldcache_find(cache, "libbaz", out, sizeof(out)), 0);
	assert_int_equal(kp_ldcache_find(cache, "libfo", out, sizeof(out)), 0);
	assert_int_equal(kp_ldcache_find(cache, "libfoo.so", out, sizeof(out)), 0);
	/* not a cache */
	assert_int_equal(kp_ldcache_find(lib32, "libfoo", out, sizeof(out)), -1);
	assert_int_equal(kp_ldcache_find("/nonexistent", "libfoo", out, sizeof(out)), -1);

	unlink(cache);
	unlink(lib32);
	unlink(hw);
	rmdir(dir);
	free(native);
}

static void test_elf_functions(void **state)
{
	struct kp_elf_file f;
	const struct kp_elf_func *fn;

	(void)state;
	assert_int_equal(kp_elf_open(&f, TARGET), 0);
	assert_true(f.from_symtab);
	fn = kp_elf_func_find(&f, "kpt_add");
	assert_non_null(fn);
	assert_true(fn->size > 0);
	assert_null(kp_elf_func_find(&f, "kpt_ad"));
	/* sorted by name */
	for (size_t i = 1; i < f.nr_funcs; i++)
		assert_true(strcmp(f.funcs[i - 1].name, f.funcs[i].name) <= 0);
	kp_elf_close(&f);
	kp_elf_close(&f);

	assert_int_equal(kp_elf_open(&f, TARGET_STRIPPED), 0);
	assert_false(f.from_symtab);
	assert_true(f.has_dynsym);
	assert_null(kp_elf_func_find(&f, "kpt_add"));
	kp_elf_close(&f);

	assert_int_equal(kp_elf_native(TARGET), 1);
	assert_int_equal(kp_elf_native("tests/host/uprobe_target.c"), 0);
	assert_int_equal(kp_elf_native("/nonexistent"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pie_symbol),
		cmocka_unit_test(test_nopie_symbol),
		cmocka_unit_test(test_symbol_plus_offset),
		cmocka_unit_test(test_thumb_refused),
		cmocka_unit_test(test_return_suffix_kept),
		cmocka_unit_test(test_offset_passed_through),
		cmocka_unit_test(test_misspelt_symbol_suggests),
		cmocka_unit_test(test_ifunc_refused),
		cmocka_unit_test(test_stripped),
		cmocka_unit_test(test_missing_and_not_elf),
		cmocka_unit_test(test_program_on_path),
		cmocka_unit_test(test_library_short_name),
		cmocka_unit_test(test_ldcache_native_class),
		cmocka_unit_test(test_elf_functions),
	};

	return cmocka_run_group_tests_name("uprobe", tests, NULL, NULL);
}
