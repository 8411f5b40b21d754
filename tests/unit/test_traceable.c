// SPDX-License-Identifier: GPL-2.0-only
/*
 * The traceable functions kept for the boot: only this boot's, only names
 * a run wrote, only in a directory no one else can change, replaced whole.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "slurp.h"
#include "traceable.h"

#define BOOT  "0b5c6f4e-8d2a-4c1e-9f3b-7a6d5e4c3b2a"
#define OTHER "7d1e2f3a-0000-4000-8000-000000000001"

static void test_parse_this_boot_only(void **state)
{
	struct kp_traceable t;

	(void)state;
	assert_int_equal(kp_traceable_parse(&t,
					    "boot " BOOT "\nvfs_read\ndo_sys_openat2\n"
					    "update_sd_lb_stats.constprop.0\n",
					    BOOT),
			 0);
	assert_int_equal(t.n, 3);
	assert_true(kp_traceable_has(&t, "vfs_read"));
	assert_true(kp_traceable_has(&t, "do_sys_openat2"));
	assert_true(kp_traceable_has(&t, "update_sd_lb_stats.constprop.0"));
	assert_false(kp_traceable_has(&t, "vfs_rea"));
	assert_false(kp_traceable_has(&t, "vfs_read_"));
	assert_false(t.changed);
	kp_traceable_destroy(&t);

	/* another boot's: empty, and this boot's when saved */
	assert_int_equal(kp_traceable_parse(&t, "boot " OTHER "\nvfs_read\n", BOOT), 0);
	assert_int_equal(t.n, 0);
	assert_string_equal(t.boot, BOOT);
	kp_traceable_destroy(&t);
	/* a boot id that is a prefix of this one's, and one line only */
	assert_int_equal(kp_traceable_parse(&t, "boot 0b5c6f4e\nvfs_read\n", BOOT), 0);
	assert_int_equal(t.n, 0);
	kp_traceable_destroy(&t);
	assert_int_equal(kp_traceable_parse(&t, "boot " BOOT, BOOT), 0);
	assert_int_equal(t.n, 0);
	kp_traceable_destroy(&t);
	assert_int_equal(kp_traceable_parse(&t, NULL, BOOT), 0);
	assert_int_equal(t.n, 0);
	kp_traceable_destroy(&t);
	kp_traceable_destroy(&t);
}

/* A line no run writes (a module's, a blank, a path, an overlong one): none of it trusted */
static void test_parse_refuses_foreign_lines(void **state)
{
	static const char *const bad[] = { "ext4:ext4_file_open", "", "../../etc/passwd",
					   "vfs read", "vfs_read\r" };
	char text[512], longname[200];
	struct kp_traceable t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "boot %s\nvfs_read\n%s\nvfs_write\n", BOOT, bad[i]);
		assert_int_equal(kp_traceable_parse(&t, text, BOOT), 0);
		assert_int_equal(t.n, 0);
		assert_false(kp_traceable_has(&t, "vfs_read"));
		kp_traceable_destroy(&t);
	}
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	snprintf(text, sizeof(text), "boot %s\n%s\n", BOOT, longname);
	assert_int_equal(kp_traceable_parse(&t, text, BOOT), 0);
	assert_int_equal(t.n, 0);
	kp_traceable_destroy(&t);
	/* no boot id, or one that is not the kernel's: nothing is kept at all */
	assert_int_equal(kp_traceable_parse(&t, "boot \nvfs_read\n", ""), 0);
	assert_null(t.boot);
	assert_int_equal(kp_traceable_add(&t, "vfs_read"), 0);
	assert_int_equal(t.n, 0);
	kp_traceable_destroy(&t);
	assert_int_equal(kp_traceable_parse(&t, NULL, "../x"), 0);
	assert_null(t.boot);
	kp_traceable_destroy(&t);
}

/* Names added in order, once each; a module's not at all; at most KP_TRACEABLE_MAX */
static void test_add_and_format(void **state)
{
	struct kp_traceable t;
	char name[32], *text;
	int i;

	(void)state;
	assert_int_equal(kp_traceable_parse(&t, NULL, BOOT), 0);
	assert_int_equal(kp_traceable_add(&t, "vfs_write"), 0);
	assert_int_equal(kp_traceable_add(&t, "vfs_read"), 0);
	assert_int_equal(kp_traceable_add(&t, "vfs_write"), 0);
	assert_int_equal(kp_traceable_add(&t, "vfs_readv"), 0);
	assert_int_equal(kp_traceable_add(&t, "dummy:dummy_xmit"), 0);
	assert_true(t.changed);
	text = kp_traceable_format(&t);
	assert_string_equal(text, "boot " BOOT "\nvfs_read\nvfs_readv\nvfs_write\n");
	free(text);
	kp_traceable_destroy(&t);

	assert_int_equal(kp_traceable_parse(&t, NULL, BOOT), 0);
	for (i = 0; i < KP_TRACEABLE_MAX + 10; i++) {
		snprintf(name, sizeof(name), "f%05d", i);
		assert_int_equal(kp_traceable_add(&t, name), 0);
	}
	assert_int_equal(t.n, KP_TRACEABLE_MAX);
	assert_true(kp_traceable_has(&t, "f01023"));
	assert_false(kp_traceable_has(&t, "f01024"));
	kp_traceable_destroy(&t);
}

struct dir {
	char path[32];
	char boot[64];
	char kept[64];
};

static void dir_make(struct dir *d, const char *boot)
{
	FILE *f;

	strcpy(d->path, "/tmp/kprobe-kept.XXXXXX");
	assert_non_null(mkdtemp(d->path));
	snprintf(d->boot, sizeof(d->boot), "%s/boot_id", d->path);
	snprintf(d->kept, sizeof(d->kept), "%s/%s", d->path, KP_TRACEABLE_FILE);
	f = fopen(d->boot, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", boot);
	fclose(f);
}

static void dir_remove(struct dir *d)
{
	unlink(d->kept);
	unlink(d->boot);
	assert_int_equal(rmdir(d->path), 0);
}

/* The text of @path, "(none)" if there is no such file; valid until the next call */
static const char *file_text(const char *path)
{
	static char *text;

	free(text);
	text = slurp(NULL, "%s", path);
	return text ? text : "(none)";
}

/* Saved with mode 0600 in place of the old file, read back by the next run; unchanged: not written */
static void test_save_and_load(void **state)
{
	struct kp_traceable t;
	struct stat st;
	struct dir d;

	(void)state;
	dir_make(&d, BOOT);
	assert_int_equal(kp_traceable_load(&t, d.path, d.boot), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(kp_traceable_save(&t, d.path), 0);
	assert_string_equal(file_text(d.kept), "(none)");
	assert_int_equal(kp_traceable_add(&t, "do_sys_openat2"), 0);
	assert_int_equal(kp_traceable_save(&t, d.path), 0);
	assert_false(t.changed);
	kp_traceable_destroy(&t);
	assert_string_equal(file_text(d.kept), "boot " BOOT "\ndo_sys_openat2\n");
	assert_int_equal(stat(d.kept, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	assert_int_equal(kp_traceable_load(&t, d.path, d.boot), 0);
	assert_true(kp_traceable_has(&t, "do_sys_openat2"));
	assert_int_equal(kp_traceable_add(&t, "vfs_read"), 0);
	assert_int_equal(kp_traceable_save(&t, d.path), 0);
	kp_traceable_destroy(&t);
	assert_string_equal(file_text(d.kept), "boot " BOOT "\ndo_sys_openat2\nvfs_read\n");
	dir_remove(&d);
}

/*
 * A directory others can write to, a kept file that is a symbolic link, a
 * boot id that cannot be read: nothing read, nothing written through them
 */
static void test_untrusted_places(void **state)
{
	struct kp_traceable t;
	char target[80];
	struct dir d;
	FILE *f;

	(void)state;
	dir_make(&d, BOOT);
	f = fopen(d.kept, "w");
	assert_non_null(f);
	fputs("boot " BOOT "\nvfs_read\n", f);
	fclose(f);
	assert_int_equal(chmod(d.path, 0777), 0);
	assert_int_equal(kp_traceable_load(&t, d.path, d.boot), 0);
	assert_false(kp_traceable_has(&t, "vfs_read"));
	kp_traceable_destroy(&t);
	assert_int_equal(kp_traceable_parse(&t, NULL, BOOT), 0);
	assert_int_equal(kp_traceable_add(&t, "vfs_write"), 0);
	errno = 0;
	assert_int_equal(kp_traceable_save(&t, d.path), -1);
	assert_int_equal(errno, EPERM);
	kp_traceable_destroy(&t);
	assert_string_equal(file_text(d.kept), "boot " BOOT "\nvfs_read\n");
	assert_int_equal(chmod(d.path, 0700), 0);

	/* a symbolic link in place of the file: not followed, and replaced, not written through */
	snprintf(target, sizeof(target), "%s/elsewhere", d.path);
	rename(d.kept, target);
	assert_int_equal(symlink(target, d.kept), 0);
	assert_int_equal(kp_traceable_load(&t, d.path, d.boot), 0);
	assert_false(kp_traceable_has(&t, "vfs_read"));
	assert_int_equal(kp_traceable_add(&t, "vfs_write"), 0);
	assert_int_equal(kp_traceable_save(&t, d.path), 0);
	kp_traceable_destroy(&t);
	assert_string_equal(file_text(target), "boot " BOOT "\nvfs_read\n");
	assert_string_equal(file_text(d.kept), "boot " BOOT "\nvfs_write\n");
	unlink(target);

	/* no boot id to be read: nothing kept */
	unlink(d.boot);
	assert_int_equal(kp_traceable_load(&t, d.path, d.boot), 0);
	assert_null(t.boot);
	assert_int_equal(kp_traceable_add(&t, "vfs_read"), 0);
	assert_int_equal(kp_traceable_save(&t, d.path), 0);
	kp_traceable_destroy(&t);
	assert_string_equal(file_text(d.kept), "boot " BOOT "\nvfs_write\n");
	dir_remove(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_this_boot_only),
		cmocka_unit_test(test_parse_refuses_foreign_lines),
		cmocka_unit_test(test_add_and_format),
		cmocka_unit_test(test_save_and_load),
		cmocka_unit_test(test_untrusted_places),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
