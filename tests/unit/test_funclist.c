// SPDX-License-Identifier: GPL-2.0-only
/*
 * --list: kernel functions filtered and sorted, their BTF signatures, and
 * a binary's functions.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/btf.h>

#include "btfsig.h"
#include "funclist.h"
#include "ldcache_file.h"
#include "uprobe.h"

/* a slice of available_filter_functions: unsorted, a duplicate, a module */
static const char funcs[] = "vfs_write\n"
			    "vfs_read\n"
			    "do_int3\n"
			    "__ftrace_invalid_address___64\n"
			    "vfs_readv\n"
			    "vfs_read\n"
			    "ext4_file_read_iter [ext4]\n"
			    "printk\n"
			    "kernel_clone\n";

static const char blacklist[] = "0xffffffff81001000-0xffffffff81001040\tdo_int3\n";

/* Run a lister with its output in a buffer; returns the text (static) */
static const char *listed(long (*fn)(const char *, const char *, const struct kp_list_request *,
				     struct kp_btf_sigs *, FILE *),
			  const char *arg, struct kp_btf_sigs *btf, long *n)
{
	static char buf[8192];
	struct kp_list_request req;
	FILE *f;

	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	assert_int_equal(kp_list_request_parse(arg, &req), 0);
	*n = fn(funcs, blacklist, &req, btf, f);
	fclose(f);
	kp_list_request_release(&req);
	return buf;
}

static void test_kernel_sorted_unique_not_blacklisted(void **state)
{
	long n;
	const char *out = listed(kp_list_kernel, NULL, NULL, &n);

	(void)state;
	assert_int_equal(n, 6);
	assert_string_equal(out, "ext4_file_read_iter [ext4]\n"
				 "kernel_clone\n"
				 "printk\n"
				 "vfs_read\n"
				 "vfs_readv\n"
				 "vfs_write\n");
}

static void test_kernel_glob(void **state)
{
	long n;
	const char *out = listed(kp_list_kernel, "vfs_read*", NULL, &n);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(out, "vfs_read\nvfs_readv\n");
	out = listed(kp_list_kernel, "do_int3", NULL, &n);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
}

static void test_kernel_module(void **state)
{
	struct kp_list_request req;
	char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	assert_int_equal(kp_list_request_parse("ext4:*read*", &req), 0);
	assert_string_equal(req.target, "ext4");
	assert_int_equal(kp_list_request_settle(&req), 0);
	assert_null(req.target);
	assert_string_equal(req.module, "ext4");
	assert_int_equal(kp_list_kernel(funcs, blacklist, &req, NULL, f), 1);
	fclose(f);
	assert_string_equal(buf, "ext4_file_read_iter [ext4]\n");
	kp_list_request_release(&req);
}

static void test_request_forms(void **state)
{
	char dir[] = "/tmp/kprobe-ldcache.XXXXXX", cache[64];
	char *target = realpath("tests/host/uprobe_target", NULL);
	const char *const ents[][2] = { { "libc.so.6", target } };
	static const int hwcap[] = { 0 };
	struct kp_list_request req;

	(void)state;
	assert_non_null(target);
	assert_int_equal(kp_list_request_parse("/bin/true", &req), 0);
	assert_string_equal(req.target, "/bin/true");
	assert_string_equal(req.pattern, "*");
	kp_list_request_release(&req);
	/* a library of the ld.so cache (one the test writes: a program of this
	 * machine's class as its libc) is a binary; a name not in it, a module */
	assert_non_null(mkdtemp(dir));
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	write_ldcache(cache, ents, hwcap, 1);
	kp_uprobe_set_ldcache(cache);
	assert_int_equal(kp_list_request_parse("libc:mall*", &req), 0);
	assert_string_equal(req.target, "libc");
	assert_string_equal(req.pattern, "mall*");
	assert_int_equal(kp_list_request_settle(&req), 0);
	assert_non_null(req.target);
	assert_string_equal(req.target, "libc");
	assert_null(req.module);
	kp_list_request_release(&req);
	assert_int_equal(kp_list_request_parse("kpnosuchmod:f*", &req), 0);
	assert_int_equal(kp_list_request_settle(&req), 0);
	assert_null(req.target);
	assert_non_null(req.module);
	assert_string_equal(req.module, "kpnosuchmod");
	kp_list_request_release(&req);
	kp_uprobe_set_ldcache(NULL);
	unlink(cache);
	rmdir(dir);
	free(target);
	assert_int_equal(kp_list_request_parse("tcp_*", &req), 0);
	assert_null(req.target);
	assert_string_equal(req.pattern, "tcp_*");
	kp_list_request_release(&req);
}

/*
 * BTF as the kernel has it for
 *   ssize_t vfs_read(struct file *file, char *buf, size_t count, loff_t *pos);
 *   void schedule(void);
 *   int printk(const char *fmt, ...);
 *   int kernel_clone(struct kernel_clone_args *args, int (*fn)(void *));
 */
static struct btf *build_btf(void)
{
	struct btf *btf = btf__new_empty();
	int ulong, llong, chr, intt, file, pfile, pchr, size_t_, loff, ploff, ssize, proto, cchr,
		pcchr, voidp, fnproto, pfn, args, pargs;

	assert_non_null(btf);
	ulong = btf__add_int(btf, "long unsigned int", 8, 0);
	llong = btf__add_int(btf, "long long int", 8, BTF_INT_SIGNED);
	chr = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	intt = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	file = btf__add_fwd(btf, "file", BTF_FWD_STRUCT);
	pfile = btf__add_ptr(btf, file);
	pchr = btf__add_ptr(btf, chr);
	size_t_ = btf__add_typedef(btf, "size_t", ulong);
	loff = btf__add_typedef(btf, "loff_t", llong);
	ploff = btf__add_ptr(btf, loff);
	ssize = btf__add_typedef(btf, "ssize_t", llong);

	proto = btf__add_func_proto(btf, ssize);
	btf__add_func_param(btf, "file", pfile);
	btf__add_func_param(btf, "buf", pchr);
	btf__add_func_param(btf, "count", size_t_);
	btf__add_func_param(btf, "pos", ploff);
	assert_true(btf__add_func(btf, "vfs_read", BTF_FUNC_GLOBAL, proto) > 0);

	proto = btf__add_func_proto(btf, 0);
	assert_true(btf__add_func(btf, "schedule", BTF_FUNC_GLOBAL, proto) > 0);

	cchr = btf__add_const(btf, chr);
	pcchr = btf__add_ptr(btf, cchr);
	proto = btf__add_func_proto(btf, intt);
	btf__add_func_param(btf, "fmt", pcchr);
	btf__add_func_param(btf, NULL, 0);
	assert_true(btf__add_func(btf, "printk", BTF_FUNC_GLOBAL, proto) > 0);

	voidp = btf__add_ptr(btf, 0);
	fnproto = btf__add_func_proto(btf, intt);
	btf__add_func_param(btf, NULL, voidp);
	pfn = btf__add_ptr(btf, fnproto);
	args = btf__add_fwd(btf, "kernel_clone_args", BTF_FWD_STRUCT);
	pargs = btf__add_ptr(btf, args);
	proto = btf__add_func_proto(btf, intt);
	btf__add_func_param(btf, "args", pargs);
	btf__add_func_param(btf, "fn", pfn);
	assert_true(btf__add_func(btf, "kernel_clone", BTF_FUNC_GLOBAL, proto) > 0);
	return btf;
}

static void test_btf_signatures(void **state)
{
	struct kp_btf_sigs s;
	char *sig;

	(void)state;
	assert_int_equal(kp_btf_sigs_from(&s, build_btf()), 0);
	assert_int_equal(kp_btf_signature(&s, "vfs_read", &sig), 1);
	assert_string_equal(sig,
			    "vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)");
	free(sig);
	assert_int_equal(kp_btf_signature(&s, "schedule", &sig), 1);
	assert_string_equal(sig, "schedule(void)");
	free(sig);
	assert_int_equal(kp_btf_signature(&s, "printk", &sig), 1);
	assert_string_equal(sig, "printk(const char *fmt, ...)");
	free(sig);
	assert_int_equal(kp_btf_signature(&s, "kernel_clone", &sig), 1);
	assert_string_equal(sig, "kernel_clone(struct kernel_clone_args *args, int (*fn)(void *))");
	free(sig);
	assert_int_equal(kp_btf_signature(&s, "vfs_write", &sig), 0);
	assert_null(sig);
	kp_btf_sigs_free(&s);
	kp_btf_sigs_free(&s);
}

/*
 * Two typedefs of one name, as a kernel's BTF can have: a signature is
 * spelt as if alone ("u8___2" only where one signature names both), and
 * in any order of asking
 */
static void test_btf_shared_names(void **state)
{
	struct btf *btf = btf__new_empty();
	struct kp_btf_sigs s;
	int uchar, schar, u8a, u8b, pu8b, proto, round;
	char *sig;

	(void)state;
	assert_non_null(btf);
	uchar = btf__add_int(btf, "unsigned char", 1, 0);
	schar = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	u8a = btf__add_typedef(btf, "u8", uchar);
	u8b = btf__add_typedef(btf, "u8", schar);
	pu8b = btf__add_ptr(btf, u8b);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "x", u8a);
	assert_true(btf__add_func(btf, "fa", BTF_FUNC_GLOBAL, proto) > 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "y", pu8b);
	assert_true(btf__add_func(btf, "fb", BTF_FUNC_GLOBAL, proto) > 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "y", u8b);
	btf__add_func_param(btf, "x", u8a);
	assert_true(btf__add_func(btf, "fc", BTF_FUNC_GLOBAL, proto) > 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "c", uchar);
	assert_true(btf__add_func(btf, "fd", BTF_FUNC_GLOBAL, proto) > 0);

	assert_int_equal(kp_btf_sigs_from(&s, btf), 0);
	for (round = 0; round < 2; round++) {
		assert_int_equal(kp_btf_signature(&s, "fa", &sig), 1);
		assert_string_equal(sig, "fa(u8 x)");
		free(sig);
		assert_int_equal(kp_btf_signature(&s, "fb", &sig), 1);
		assert_string_equal(sig, "fb(u8 *y)");
		free(sig);
		assert_int_equal(kp_btf_signature(&s, "fc", &sig), 1);
		assert_string_equal(sig, "fc(u8 y, u8___2 x)");
		free(sig);
		assert_int_equal(kp_btf_signature(&s, "fd", &sig), 1);
		assert_string_equal(sig, "fd(unsigned char c)");
		free(sig);
	}
	kp_btf_sigs_free(&s);
}

/* The same BTF written out and read back, as a kernel's file is */

/* The same BTF written out and read back, as a kernel's file is */
static void test_btf_file_and_listing(void **state)
{
	char path[] = "/tmp/kprobe-btf.XXXXXX";
	struct btf *btf = build_btf();
	struct kp_btf_sigs s;
	const void *raw;
	const char *out;
	__u32 size;
	long n;
	int fd;

	(void)state;
	raw = btf__raw_data(btf, &size);
	assert_non_null(raw);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, raw, size), (ssize_t)size);
	close(fd);
	btf__free(btf);

	assert_int_equal(kp_btf_sigs_load(&s, path), 0);
	out = listed(kp_list_kernel, "*", &s, &n);
	assert_int_equal(n, 6);
	/* functions BTF does not describe, and modules' functions, keep their bare names */
	assert_string_equal(out,
			    "ext4_file_read_iter [ext4]\n"
			    "kernel_clone(struct kernel_clone_args *args, int (*fn)(void *))\n"
			    "printk(const char *fmt, ...)\n"
			    "vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)\n"
			    "vfs_readv\n"
			    "vfs_write\n");
	kp_btf_sigs_free(&s);
	unlink(path);

	assert_int_equal(kp_btf_sigs_load(&s, "/nonexistent/vmlinux"), -1);
	assert_null(s.btf);
	assert_int_equal(kp_btf_sigs_load(&s, "tests/host/uprobe_target.c"), -1);
}

static void write_raw(const char *path, const struct btf *btf)
{
	const void *raw;
	__u32 size;
	FILE *f;

	raw = btf__raw_data(btf, &size);
	assert_non_null(raw);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(raw, 1, size, f), size);
	fclose(f);
}

/* A module's split BTF next to the kernel's, as in /sys/kernel/btf */
static void test_module_btf(void **state)
{
	char dir[] = "/tmp/kprobe-btfdir.XXXXXX", vmlinux[64], ext4[64];
	struct btf *base = build_btf(), *mod;
	struct kp_btf_sigs s;
	const char *out;
	int kiocb, pkiocb, proto;
	long n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(vmlinux, sizeof(vmlinux), "%s/vmlinux", dir);
	snprintf(ext4, sizeof(ext4), "%s/ext4", dir);
	write_raw(vmlinux, base);
	mod = btf__new_empty_split(base);
	assert_non_null(mod);
	kiocb = btf__add_fwd(mod, "kiocb", BTF_FWD_STRUCT);
	pkiocb = btf__add_ptr(mod, kiocb);
	/* ssize_t and size_t are the kernel's types */
	proto = btf__add_func_proto(mod, btf__find_by_name(base, "ssize_t"));
	btf__add_func_param(mod, "iocb", pkiocb);
	btf__add_func_param(mod, "count", btf__find_by_name(base, "size_t"));
	assert_true(btf__add_func(mod, "ext4_file_read_iter", BTF_FUNC_GLOBAL, proto) > 0);
	write_raw(ext4, mod);
	btf__free(mod);
	btf__free(base);

	assert_int_equal(kp_btf_sigs_load(&s, vmlinux), 0);
	out = listed(kp_list_kernel, "*read*", &s, &n);
	assert_int_equal(n, 3);
	assert_string_equal(out,
			    "ext4_file_read_iter(struct kiocb *iocb, size_t count) [ext4]\n"
			    "vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)\n"
			    "vfs_readv\n");
	/* the module's BTF was read once */
	assert_int_equal(s.nr_modules, 1);
	assert_non_null(s.modules[0].sigs);
	kp_btf_sigs_free(&s);
	unlink(vmlinux);
	unlink(ext4);
	rmdir(dir);
}

static void test_binary_listing(void **state)
{
	struct kp_list_request req;
	char buf[256];
	FILE *f;

	(void)state;
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(kp_list_request_parse("tests/host/uprobe_target:kpt_*", &req), 0);
	assert_int_equal(kp_list_request_settle(&req), 0);
	assert_int_equal(kp_list_binary(&req, f), 2);
	fclose(f);
	assert_string_equal(buf, "kpt_add\nkpt_greet\n");
	kp_list_request_release(&req);

	/* stripped: nothing of its own left to list */
	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(kp_list_request_parse("tests/host/uprobe_target_stripped:*", &req), 0);
	assert_int_equal(kp_list_binary(&req, f), -1);
	fclose(f);
	assert_string_equal(buf, "");
	kp_list_request_release(&req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_sorted_unique_not_blacklisted),
		cmocka_unit_test(test_kernel_glob),
		cmocka_unit_test(test_kernel_module),
		cmocka_unit_test(test_request_forms),
		cmocka_unit_test(test_btf_signatures),
		cmocka_unit_test(test_btf_shared_names),
		cmocka_unit_test(test_btf_file_and_listing),
		cmocka_unit_test(test_module_btf),
		cmocka_unit_test(test_binary_listing),
	};

	return cmocka_run_group_tests_name("funclist", tests, NULL, NULL);
}
