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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "mock_tracefs.h"
#include "runlock.h"
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

/* Records are read only from a trusted directory, and never through a symlink */
static void test_hostile_records_not_read(void **state)
{
	char dir[] = "/tmp/kprobe-rec-XXXXXX", path[128], real[128], link[128];
	struct kp_stale st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/kprobe_4194303", dir);
	snprintf(real, sizeof(real), "%s/elsewhere", dir);
	snprintf(link, sizeof(link), "%s/kprobe_4194302", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("mygrp/myev\n", f);
	fclose(f);
	mock_kprobe_events = "p:mygrp/myev vfs_read\np:mygrp/other vfs_read\n";
	/* a directory anyone could have written: its record names nothing */
	assert_int_equal(chmod(dir, 0777), 0);
	kp_stale_init(&st, dir);
	assert_int_equal(kp_stale_cleanup(&st, true), 0);
	assert_int_equal(mock_ncalls, 0);
	assert_int_equal(access(path, F_OK), 0);
	kp_stale_destroy(&st);
	assert_int_equal(chmod(dir, 0700), 0);
	/* a record that is a symlink to a list of probes is neither read nor followed */
	assert_int_equal(rename(path, real), 0);
	assert_int_equal(symlink(real, link), 0);
	kp_stale_init(&st, dir);
	assert_int_equal(kp_stale_cleanup(&st, true), 0);
	assert_int_equal(mock_ncalls, 0);
	assert_int_equal(access(real, F_OK), 0);
	kp_stale_destroy(&st);
	unlink(link);
	unlink(real);
	rmdir(dir);
}

/* A child that takes the run lock of its own pid in @dir, says so, and waits */
static pid_t locked_child(const char *dir)
{
	int fds[2];
	char c = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct kp_runlock l;
		char name[32];

		close(fds[0]);
		snprintf(name, sizeof(name), "kprobe_%d", (int)getpid());
		kp_runlock_init(&l, dir);
		c = kp_runlock_take(&l, name) ? 'y' : 'n';
		if (write(fds[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	assert_int_equal(c, 'y');
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static void test_locks_tell_live_runs_from_reused_pids(void **state)
{
	char dir[] = "/tmp/kprobe-rec-XXXXXX", live[32], reused[32], events[256];
	char from[160], to[160];
	struct kp_stale st;
	pid_t run, dead, other;
	char *list[3];

	(void)state;
	assert_non_null(mkdtemp(dir));
	run = locked_child(dir);
	/* a run killed with SIGKILL, whose pid another process has since */
	dead = locked_child(dir);
	reap(dead);
	other = fork();
	if (!other) {
		pause();
		_exit(0);
	}
	snprintf(from, sizeof(from), "%s/kprobe_%d.lock", dir, (int)dead);
	snprintf(to, sizeof(to), "%s/kprobe_%d.lock", dir, (int)other);
	assert_int_equal(rename(from, to), 0);
	snprintf(live, sizeof(live), "kprobe_%d", (int)run);
	snprintf(reused, sizeof(reused), "kprobe_%d", (int)other);
	list[0] = live;
	list[1] = reused;
	list[2] = NULL;
	mock_instance_list = list;
	snprintf(events, sizeof(events), "p:%s/vfs_read vfs_read\np:%s/vfs_read vfs_read\n", live,
		 reused);
	mock_kprobe_events = events;
	kp_stale_init(&st, dir);
	assert_int_equal(kp_stale_cleanup(&st, false), 2);
	assert_int_equal(mock_ncalls, 2);
	assert_string_equal(mock_calls[0], "instance_destroy");
	snprintf(from, sizeof(from), "append top dynamic_events -:%s/vfs_read", reused);
	assert_string_equal(mock_calls[1], from);
	kp_stale_destroy(&st);
	/* the dead run's lock file went with its leftovers; the live run's stays */
	assert_int_equal(access(to, F_OK), -1);
	snprintf(from, sizeof(from), "%s/kprobe_%d.lock", dir, (int)run);
	assert_int_equal(access(from, F_OK), 0);
	reap(run);
	reap(other);
	unlink(from);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stale_cleanup_spares_live_runs, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_killed_runs_user_probes_need_cleanup,
						mock_reset, mock_reset),
		cmocka_unit_test_setup_teardown(test_hostile_records_not_read, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_locks_tell_live_runs_from_reused_pids,
						mock_reset, mock_reset),
	};

	return cmocka_run_group_tests_name("stale", tests, NULL, NULL);
}
