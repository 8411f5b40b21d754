// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run liveness by flock: a run holding its lock is alive; once its process
 * is killed it is dead, even when another process has its pid by then.
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

#include "runlock.h"

static char dir[] = "/tmp/kprobe-lock-XXXXXX";

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/kprobe-lock-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

/* A child that takes the run lock of its own pid, says so, and waits */
static pid_t locked_child(void)
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

/* A child that only waits: a process holding no lock */
static pid_t idle_child(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (!pid) {
		pause();
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
}

static char *lock_file(pid_t pid)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/kprobe_%d.lock", dir, (int)pid);
	return path;
}

static void test_holder_alive_then_dead_after_sigkill(void **state)
{
	pid_t run = locked_child();
	int held;

	(void)state;
	assert_int_equal(kp_run_state(dir, run, NULL), KP_RUN_ALIVE);
	/* asking leaves the lock where it was */
	assert_int_equal(kp_run_state(dir, run, &held), KP_RUN_ALIVE);
	assert_int_equal(held, -1);
	reap(run);
	assert_int_equal(kp_run_state(dir, run, &held), KP_RUN_DEAD);
	assert_true(held >= 0);
	/* while a cleaner holds a dead run's lock, it is not taken for alive */
	kp_run_release(dir, run, held);
	assert_int_equal(access(lock_file(run), F_OK), -1);
	assert_int_equal(kp_run_state(dir, run, NULL), KP_RUN_UNKNOWN);
}

static void test_reused_pid_is_dead(void **state)
{
	pid_t run = locked_child(), other;
	char from[128];

	(void)state;
	reap(run);
	snprintf(from, sizeof(from), "%s", lock_file(run));
	/*
	 * Another process now has the pid: here, a live process whose pid the
	 * dead run's lock file is renamed to, as a reused pid would find it.
	 */
	other = idle_child();
	assert_int_equal(rename(from, lock_file(other)), 0);
	assert_int_equal(kill(other, 0), 0);
	assert_int_equal(kp_run_state(dir, other, NULL), KP_RUN_DEAD);
	reap(other);
	unlink(lock_file(other));
}

static void test_own_lock_taken_and_removed(void **state)
{
	struct kp_runlock l;
	char name[32];
	pid_t checker;
	int status;

	(void)state;
	snprintf(name, sizeof(name), "kprobe_%d", (int)getpid());
	kp_runlock_init(&l, dir);
	assert_true(kp_runlock_take(&l, name));
	assert_int_equal(access(lock_file(getpid()), F_OK), 0);
	/* another process sees this run alive */
	checker = fork();
	if (!checker)
		_exit(kp_run_state(dir, getppid(), NULL) == KP_RUN_ALIVE ? 0 : 1);
	assert_int_equal(waitpid(checker, &status, 0), checker);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	kp_runlock_destroy(&l);
	assert_int_equal(access(lock_file(getpid()), F_OK), -1);
	/* a second teardown is harmless */
	kp_runlock_destroy(&l);
}

static void test_no_lock_dir_still_runs(void **state)
{
	struct kp_runlock l;

	(void)state;
	/* a directory that cannot be made: the run goes on without a lock */
	kp_runlock_init(&l, "/proc/kprobe-no-such-dir");
	assert_false(kp_runlock_take(&l, "kprobe_1"));
	assert_int_equal(l.fd, -1);
	kp_runlock_destroy(&l);
	assert_int_equal(kp_run_state("/proc/kprobe-no-such-dir", 1, NULL), KP_RUN_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_holder_alive_then_dead_after_sigkill, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reused_pid_is_dead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_lock_taken_and_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_lock_dir_still_runs, setup, teardown),
	};

	return cmocka_run_group_tests_name("runlock", tests, NULL, NULL);
}
