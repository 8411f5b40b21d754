// SPDX-License-Identifier: GPL-2.0-only
/*
 * --cgroup: the cgroup2 mount in a mounts file, PATH against it, the ids
 * of cgroup.threads, and which threads of a subtree joined since the last
 * look-up (on a directory made to look like a cgroup).
 */
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

#include "cgroup.h"

static const char hybrid[] = "sysfs /sys sysfs rw,nosuid 0 0\n"
			     "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
			     "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n"
			     "cgroup2 /mnt/second cgroup2 rw 0 0\n";

static void test_mount_of(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(kp_cgroup_mount_of(hybrid, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/sys/fs/cgroup/unified");
	assert_int_equal(kp_cgroup_mount_of("none /a\\040b cgroup2 rw 0 0", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/a b");
	/* a cgroup v1 machine, and a name that only starts like it */
	assert_int_equal(kp_cgroup_mount_of("cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0\n"
					    "x /y cgroup2x rw 0 0\n",
					    buf, sizeof(buf)),
			 -1);
	assert_int_equal(kp_cgroup_mount_of("", buf, sizeof(buf)), -1);
}

static void test_resolve(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup", "system.slice/nginx.service", buf,
					   sizeof(buf)),
			 0);
	assert_string_equal(buf, "/sys/fs/cgroup/system.slice/nginx.service");
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup/", "/sys/fs/cgroup/a/b/", buf,
					   sizeof(buf)),
			 0);
	assert_string_equal(buf, "/sys/fs/cgroup/a/b");
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup", "/sys/fs/cgroup", buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "/sys/fs/cgroup");
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup", "/", buf, sizeof(buf)), -1);
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup", "/sys/fs/cgroupx/a", buf, sizeof(buf)),
			 -1);
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup", "a/../../etc", buf, sizeof(buf)), -1);
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup", "..", buf, sizeof(buf)), -1);
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup", "a..b", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/sys/fs/cgroup/a..b");
	assert_int_equal(kp_cgroup_resolve("/sys/fs/cgroup", "a", buf, 10), -1);
}

static void test_parse(void **state)
{
	pid_t *ids = NULL;
	int n = 0;

	(void)state;
	assert_int_equal(kp_cgroup_parse("", &ids, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(kp_cgroup_parse("12\n345\n\n7\n", &ids, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 12);
	assert_int_equal(ids[1], 345);
	assert_int_equal(ids[2], 7);
	assert_int_equal(kp_cgroup_parse("9", &ids, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ids[3], 9);
	assert_int_equal(kp_cgroup_parse("1x\n", &ids, &n), -1);
	assert_int_equal(kp_cgroup_parse("0\n", &ids, &n), -1);
	assert_int_equal(kp_cgroup_parse("-3\n", &ids, &n), -1);
	assert_int_equal(kp_cgroup_parse("99999999999\n", &ids, &n), -1);
	assert_int_equal(n, 4);
	free(ids);
}

static void put(const char *dir, const char *file, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_joined(void **state)
{
	char top[] = "/tmp/kp-cgroup-XXXXXX", mounts[600], dir[560], sub[600];
	struct kp_cgroup cg;
	pid_t *j;
	int n;

	(void)state;
	assert_non_null(mkdtemp(top));
	snprintf(mounts, sizeof(mounts), "%s/mounts", top);
	snprintf(dir, sizeof(dir), "%s/fs", top);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/app", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	put(sub, "cgroup.threads", "30\n10\n");
	strcat(sub, "/child");
	assert_int_equal(mkdir(sub, 0755), 0);
	put(sub, "cgroup.threads", "20\n");

	/* no cgroup2 mount; then no such cgroup */
	put(top, "mounts", "cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0\n");
	assert_int_equal(kp_cgroup_open(&cg, "app", mounts), -1);
	snprintf(sub, sizeof(sub), "cgroup2 %s cgroup2 rw 0 0\n", dir);
	put(top, "mounts", sub);
	assert_int_equal(kp_cgroup_open(&cg, "nope", mounts), -1);
	assert_int_equal(kp_cgroup_open(&cg, "nope/../app", mounts), -1);
	assert_int_equal(kp_cgroup_open(&cg, "/app", mounts), -1);

	assert_int_equal(kp_cgroup_open(&cg, "app", mounts), 0);
	snprintf(sub, sizeof(sub), "%s/app", dir);
	assert_string_equal(cg.dir, sub);
	/* the first look-up: the whole subtree, sorted */
	j = kp_cgroup_joined(&cg, &n);
	assert_int_equal(n, 3);
	assert_int_equal(j[0], 10);
	assert_int_equal(j[1], 20);
	assert_int_equal(j[2], 30);
	free(j);
	/* nothing new */
	j = kp_cgroup_joined(&cg, &n);
	assert_int_equal(n, 0);
	assert_null(j);
	/* 40 joins the child, 10 leaves; 10 coming back is new again */
	put(sub, "child/cgroup.threads", "20\n40\n");
	put(sub, "cgroup.threads", "30\n");
	j = kp_cgroup_joined(&cg, &n);
	assert_int_equal(n, 1);
	assert_int_equal(j[0], 40);
	free(j);
	put(sub, "cgroup.threads", "30\n10\n");
	j = kp_cgroup_joined(&cg, &n);
	assert_int_equal(n, 1);
	assert_int_equal(j[0], 10);
	free(j);
	/* a cgroup that became unreadable */
	put(sub, "cgroup.threads", "junk\n");
	j = kp_cgroup_joined(&cg, &n);
	assert_int_equal(n, -1);
	assert_null(j);
	kp_cgroup_destroy(&cg);
	kp_cgroup_destroy(&cg);

	snprintf(sub, sizeof(sub), "rm -rf '%s'", top);
	assert_int_equal(system(sub), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mount_of),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_joined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
