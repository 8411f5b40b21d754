// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stale-run cleanup against a mocked libtracefs: only what dead runs left
 * is removed; live runs and other users' groups are never touched.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "mock_tracefs.h"
#include "stale.h"

static void test_stale_cleanup_spares_live_runs(void **state)
{
	char dead[32], alive[32], events[512];
	char *list[4];
	struct kp_stale st;
	pid_t child;
	int status;

	(void)state;
	/* a live run: a process with this program's name */
	child = fork();
	if (!child) {
		pause();
		_exit(0);
	}
	snprintf(dead, sizeof(dead), "kprobe_%d", 4194303);
	snprintf(alive, sizeof(alive), "kprobe_%d", (int)child);
	list[0] = dead;
	list[1] = alive;
	list[2] = "someone_elses";
	list[3] = NULL;
	mock_instance_list = list;
	snprintf(events, sizeof(events),
		 "p:%s/vfs_read vfs_read\np:%s/vfs_read vfs_read\np:kprobes/mine vfs_read\n", dead,
		 alive);
	mock_kprobe_events = events;
	kp_stale_init(&st, "/nonexistent");
	assert_int_equal(kp_stale_cleanup(&st, false), 2);
	assert_int_equal(mock_ncalls, 2);
	assert_string_equal(mock_calls[0], "instance_destroy");
	assert_string_equal(mock_calls[1], "append top dynamic_events -:kprobe_4194303/vfs_read");
	kp_stale_destroy(&st);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
}

static void test_killed_runs_user_probes_need_cleanup(void **state)
{
	char dir[] = "/tmp/kprobe-rec-XXXXXX", path[128];
	struct kp_stale st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/kprobe_4194303", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("mygrp/myev\nmygrp/gone\n", f);
	fclose(f);
	mock_kprobe_events = "p:mygrp/myev vfs_read\np:kprobes/other vfs_read\n";
	kp_stale_init(&st, dir);
	/* an ordinary run only reports: the group is the user's */
	assert_int_equal(kp_stale_cleanup(&st, false), 0);
	assert_int_equal(mock_ncalls, 0);
	assert_int_equal(access(path, F_OK), 0);
	/* --cleanup removes what still exists, and the record */
	assert_int_equal(kp_stale_cleanup(&st, true), 1);
	assert_int_equal(mock_ncalls, 1);
	assert_string_equal(mock_calls[0], "append top dynamic_events -:mygrp/myev");
	assert_int_equal(access(path, F_OK), -1);
	kp_stale_destroy(&st);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stale_cleanup_spares_live_runs, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_killed_runs_user_probes_need_cleanup,
						mock_reset, mock_reset),
	};

	return cmocka_run_group_tests_name("stale", tests, NULL, NULL);
}
