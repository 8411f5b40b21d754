// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dynamic events against a mocked libtracefs: creation stops at the first
 * refusal and explains it; teardown removes exactly the probes created, in
 * reverse; probes in groups the user named are recorded first.
 */
#include <errno.h>
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

#include "dynevent.h"
#include "mock_tracefs.h"
#include "options.h"

static char group[32];

static int setup(void **state)
{
	snprintf(group, sizeof(group), "kprobe_%d", (int)getpid());
	return mock_reset(state);
}

static void test_failed_probe_removes_earlier_probes_only(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", "p:vfs_write x=bad", "p:do_sys_openat2", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read vfs_read",
		"append top kprobe_events p:%G/vfs_write vfs_write x=bad", /* fails */
		"append top kprobe_events -:%G/vfs_read",
	};
	struct kp_dynevents d;
	struct kp_config cfg;
	char prefix[128];

	(void)state;
	mock_configure(&cfg, 4, argv);
	snprintf(prefix, sizeof(prefix), "append top kprobe_events p:%s/vfs_write", group);
	mock_fail_prefix = prefix;
	mock_fail_errno = EINVAL;
	assert_int_equal(kp_dynevents_init(&d, group, cfg.probes, cfg.nr_probes), 0);
	assert_int_equal(kp_dynevents_create(&d), -1);
	/* the third probe was never written */
	assert_int_equal(kp_dynevents_destroy(&d), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	/* a second teardown touches nothing */
	assert_int_equal(kp_dynevents_destroy(&d), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

static void create_and_destroy(void *arg)
{
	struct kp_config *cfg = arg;
	struct kp_dynevents d;

	assert_int_equal(kp_dynevents_init(&d, group, cfg->probes, cfg->nr_probes), 0);
	assert_int_equal(kp_dynevents_create(&d), -1);
	kp_dynevents_destroy(&d);
}

static void test_kernel_rejection_shows_error_log(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read   x=+0(%zz):u32", NULL };
	struct kp_config cfg;
	char out[4096], after[512];

	(void)state;
	mock_configure(&cfg, 2, argv);
	mock_fail_prefix = "append top kprobe_events p:";
	mock_fail_errno = EINVAL;
	mock_errlog_before = "[    1.000000] trace_kprobe: error: old entry\n  Command: p:x y\n";
	/* the kernel blames "%zz" in the line the tool wrote */
	snprintf(after, sizeof(after),
		 "[    1.000000] trace_kprobe: error: old entry\n  Command: p:x y\n"
		 "[    2.000000] trace_kprobe: error: Invalid register name\n"
		 "  Command: p:%s/vfs_read vfs_read x=+0(%%zz):u32\n"
		 "%*s^\n",
		 group, (int)(strlen("  Command: p:/vfs_read vfs_read x=+0(") + strlen(group)), "");
	mock_errlog_after = after;
	mock_capture_stderr(create_and_destroy, &cfg, out, sizeof(out));
	/* the user's own text, the caret under "%zz" in it, no time stamp */
	assert_string_equal(out, "kprobe: cannot create probe: Invalid register name\n"
				 "    p:vfs_read   x=+0(%zz):u32\n"
				 "                      ^\n");
	kp_config_destroy(&cfg);
}

static void test_errno_explained_without_error_log(void **state)
{
	char *argv[] = { "kprobe", "p:mygrp/vfs_read vfs_read", NULL };
	struct kp_config cfg;
	char out[4096];

	(void)state;
	mock_configure(&cfg, 2, argv);
	mock_fail_prefix = "append top kprobe_events p:";
	mock_fail_errno = EEXIST;
	mock_capture_stderr(create_and_destroy, &cfg, out, sizeof(out));
	assert_non_null(strstr(out,
			       "cannot create probe 'p:mygrp/vfs_read vfs_read': an event of "
			       "that name already exists in that group; name yours with p:NAME "
			       "(EEXIST)"));
	kp_config_destroy(&cfg);
}

static void test_unknown_function_gets_suggestions(void **state)
{
	char *argv[] = { "kprobe", "-F", "p:vfs_wrte", NULL };
	struct kp_config cfg;
	char out[4096];

	(void)state;
	mock_configure(&cfg, 3, argv);
	mock_fail_prefix = "append top kprobe_events p:";
	mock_fail_errno = ENOENT;
	mock_capture_stderr(create_and_destroy, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "the kernel found no such function or module (ENOENT)"));
	assert_non_null(strstr(out, "did you mean 'vfs_write'?"));
	kp_config_destroy(&cfg);
}

static void test_user_group_probes_are_recorded(void **state)
{
	char *argv[] = { "kprobe", "-v", "p:mygrp/myev vfs_read", "p:vfs_write", NULL };
	char dir[] = "/tmp/kprobe-rec-XXXXXX", path[128], buf[128];
	struct kp_dynevents d;
	struct kp_config cfg;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	mock_configure(&cfg, 4, argv);
	assert_int_equal(kp_dynevents_init(&d, group, cfg.probes, cfg.nr_probes), 0);
	d.record_dir = dir;
	assert_int_equal(kp_dynevents_create(&d), 0);
	/* only the probe whose group carries no owner is recorded */
	snprintf(path, sizeof(path), "%s/%s", dir, group);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_string_equal(buf, "mygrp/myev\n");
	assert_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_int_equal(kp_dynevents_destroy(&d), 0);
	assert_int_equal(access(path, F_OK), -1);
	kp_config_destroy(&cfg);
	rmdir(dir);
}

static void create_without_record(void *arg)
{
	struct kp_config *cfg = arg;
	struct kp_dynevents d;

	assert_int_equal(kp_dynevents_init(&d, group, cfg->probes, cfg->nr_probes), 0);
	d.record_dir = "/nonexistent-kprobe-test/kprobe";
	assert_int_equal(kp_dynevents_create(&d), 0);
	assert_int_equal(kp_dynevents_destroy(&d), 0);
}

static void test_no_record_dir_still_traces(void **state)
{
	static const char *const want[] = {
		"append top kprobe_events p:mygrp/a vfs_read",
		"append top kprobe_events p:mygrp/b vfs_write",
		"append top kprobe_events -:mygrp/b",
		"append top kprobe_events -:mygrp/a",
	};
	char *argv[] = { "kprobe", "p:mygrp/a vfs_read", "p:mygrp/b vfs_write", NULL };
	struct kp_config cfg;
	char out[1024];

	(void)state;
	mock_configure(&cfg, 3, argv);
	mock_capture_stderr(create_without_record, &cfg, out, sizeof(out));
	/* one warning for the run, and both probes created and removed */
	assert_string_equal(out,
			    "kprobe: warning: cannot create '/nonexistent-kprobe-test/kprobe' "
			    "(No such file or directory): if this run is killed, its probes in "
			    "groups you named stay\n");
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

struct planted {
	struct kp_config *cfg;
	const char *dir;
};

static void create_with_planted_record(void *arg)
{
	struct planted *p = arg;
	struct kp_dynevents d;

	assert_int_equal(kp_dynevents_init(&d, group, p->cfg->probes, p->cfg->nr_probes), 0);
	d.record_dir = p->dir;
	assert_int_equal(kp_dynevents_create(&d), 0);
	assert_int_equal(kp_dynevents_destroy(&d), 0);
}

/* A symlink in the record's place is not written through; a bad directory not used */
static void test_record_not_written_through_symlink(void **state)
{
	char *argv[] = { "kprobe", "p:mygrp/a vfs_read", NULL };
	char dir[] = "/tmp/kprobe-rec-XXXXXX", path[128], target[128], out[1024], want[512];
	struct planted p = { .dir = dir };
	struct kp_config cfg;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, group);
	snprintf(target, sizeof(target), "%s/target", dir);
	assert_int_equal(symlink(target, path), 0);
	mock_configure(&cfg, 2, argv);
	p.cfg = &cfg;
	mock_capture_stderr(create_with_planted_record, &p, out, sizeof(out));
	snprintf(want, sizeof(want),
		 "kprobe: warning: cannot write '%s' (Too many levels of symbolic links): if "
		 "this run is killed, its probes in groups you named stay\n",
		 path);
	assert_string_equal(out, want);
	assert_int_equal(lstat(target, &st), -1);
	/* the run's teardown removed the symlink in its record's place */
	assert_int_equal(lstat(path, &st), -1);
	/* a record directory anyone can write to is not used */
	assert_int_equal(chmod(dir, 0777), 0);
	mock_capture_stderr(create_with_planted_record, &p, out, sizeof(out));
	snprintf(want, sizeof(want),
		 "kprobe: warning: '%s' is writable by anyone (mode 0777): if this run is "
		 "killed, its probes in groups you named stay\n",
		 dir);
	assert_string_equal(out, want);
	assert_int_equal(lstat(path, &st), -1);
	kp_config_destroy(&cfg);
	assert_int_equal(rmdir(dir), 0);
}

static struct {
	char dir[32];
	int destroyed;
} removed_run;

static void create_and_destroy_recorded(void *arg)
{
	struct kp_config *cfg = arg;
	struct kp_dynevents d;

	assert_int_equal(kp_dynevents_init(&d, group, cfg->probes, cfg->nr_probes), 0);
	d.record_dir = removed_run.dir;
	assert_int_equal(kp_dynevents_create(&d), 0);
	removed_run.destroyed = kp_dynevents_destroy(&d);
}

/*
 * A probe someone else removed during the run (ENOENT from "-:"): said,
 * no error, and the run's record is removed all the same
 */
static void test_probe_removed_by_someone_else(void **state)
{
	char *argv[] = { "kprobe", "p:mygrp/a vfs_read", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:mygrp/a vfs_read",
		"append top kprobe_events -:mygrp/a", /* fails: ENOENT */
	};
	struct kp_config cfg;
	char out[1024], path[128];

	(void)state;
	strcpy(removed_run.dir, "/tmp/kprobe-rec-XXXXXX");
	assert_non_null(mkdtemp(removed_run.dir));
	mock_configure(&cfg, 2, argv);
	mock_fail_prefix = "append top kprobe_events -:mygrp/a";
	mock_fail_errno = ENOENT;
	mock_capture_stderr(create_and_destroy_recorded, &cfg, out, sizeof(out));
	assert_int_equal(removed_run.destroyed, 0);
	assert_string_equal(out,
			    "kprobe: warning: probe 'mygrp/a' was removed by someone else during "
			    "the run\n");
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	snprintf(path, sizeof(path), "%s/%s", removed_run.dir, group);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(rmdir(removed_run.dir), 0);
	kp_config_destroy(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_failed_probe_removes_earlier_probes_only,
						setup, mock_reset),
		cmocka_unit_test_setup_teardown(test_kernel_rejection_shows_error_log, setup,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_probe_removed_by_someone_else, setup,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_errno_explained_without_error_log, setup,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_unknown_function_gets_suggestions, setup,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_no_record_dir_still_traces, setup, mock_reset),
		cmocka_unit_test_setup_teardown(test_record_not_written_through_symlink, setup,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_user_group_probes_are_recorded, setup,
						mock_reset),
	};

	return cmocka_run_group_tests_name("dynevent", tests, NULL, NULL);
}
