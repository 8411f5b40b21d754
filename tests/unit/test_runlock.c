// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run liveness by flock: a run holding its lock is alive; once its process
 * is killed it is dead, even when another process has its pid by then.
 */
#include <errno.h>
#include <fcntl.h>
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

/* kp_rundir_check() on @path: its result, errno and message */
static void expect_rundir(const char *path, bool create, int want_errno, const char *want_why)
{
	char why[256] = "";

	errno = 0;
	assert_int_equal(kp_rundir_check(path, create, why, sizeof(why)), want_errno ? -1 : 0);
	if (want_errno)
		assert_int_equal(errno, want_errno);
	assert_string_equal(why, want_why);
}

/* The run directory is made 0700; one someone else could have made is not used */
static void test_rundir_refused(void **state)
{
	char run[64], target[64], why[256], lock[128];
	struct kp_runlock l;
	struct stat st;
	int fd;

	(void)state;
	snprintf(run, sizeof(run), "%s/run", dir);
	snprintf(target, sizeof(target), "%s/elsewhere", dir);
	snprintf(lock, sizeof(lock), "%s/kprobe_1.lock", target);
	/* made, 0700, by whoever runs this; then taken as it is */
	snprintf(why, sizeof(why), "cannot create '%s': No such file or directory", run);
	expect_rundir(run, false, ENOENT, why);
	expect_rundir(run, true, 0, "");
	assert_int_equal(lstat(run, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(st.st_uid, geteuid());
	expect_rundir(run, true, 0, "");
	assert_int_equal(rmdir(run), 0);

	/* a symlink to a good directory: refused, nothing made through it */
	assert_int_equal(mkdir(target, 0700), 0);
	assert_int_equal(symlink(target, run), 0);
	snprintf(why, sizeof(why), "'%s' is a symbolic link", run);
	expect_rundir(run, true, ELOOP, why);
	kp_runlock_init(&l, run);
	assert_false(kp_runlock_take(&l, "kprobe_1"));
	assert_int_equal(access(lock, F_OK), -1);
	kp_runlock_destroy(&l);
	assert_int_equal(unlink(run), 0);

	/* a file */
	fd = open(run, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	snprintf(why, sizeof(why), "'%s' is not a directory", run);
	expect_rundir(run, true, ENOTDIR, why);
	assert_int_equal(unlink(run), 0);

	/* writable by others, or by its group */
	assert_int_equal(mkdir(run, 0700), 0);
	assert_int_equal(chmod(run, 01777), 0);
	snprintf(why, sizeof(why), "'%s' is writable by anyone (mode 1777)", run);
	expect_rundir(run, true, EPERM, why);
	assert_int_equal(chmod(run, 0770), 0);
	snprintf(why, sizeof(why), "'%s' is writable by its group (mode 0770)", run);
	expect_rundir(run, true, EPERM, why);
	/* read-only for the others is fine */
	assert_int_equal(chmod(run, 0755), 0);
	expect_rundir(run, true, 0, "");

	/* owned by another user (only root can give it away) */
	if (!geteuid()) {
		assert_int_equal(chown(run, 1, 1), 0);
		snprintf(why, sizeof(why), "'%s' is owned by uid 1, not root", run);
		expect_rundir(run, true, EPERM, why);
		kp_runlock_init(&l, run);
		assert_false(kp_runlock_take(&l, "kprobe_1"));
		kp_runlock_destroy(&l);
	}
	assert_int_equal(rmdir(run), 0);
	assert_int_equal(rmdir(target), 0);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* A record is read only if it is a regular file, and not through a symlink */
static void test_record_read(void **state)
{
	char rec[64], link[64], fifo[64];
	char *text, *big;

	(void)state;
	snprintf(rec, sizeof(rec), "%s/kprobe_1", dir);
	snprintf(link, sizeof(link), "%s/kprobe_2", dir);
	snprintf(fifo, sizeof(fifo), "%s/kprobe_3", dir);
	write_file(rec, "grp/ev\n");
	text = kp_record_read(rec);
	assert_non_null(text);
	assert_string_equal(text, "grp/ev\n");
	free(text);

	assert_int_equal(symlink(rec, link), 0);
	errno = 0;
	assert_null(kp_record_read(link));
	assert_int_equal(errno, ELOOP);

	/* a FIFO would block a plain open or read */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	errno = 0;
	assert_null(kp_record_read(fifo));
	assert_int_equal(errno, EINVAL);

	/* a record past the limit */
	big = malloc(KP_RECORD_FILE_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', KP_RECORD_FILE_MAX + 1);
	big[KP_RECORD_FILE_MAX + 1] = '\0';
	write_file(rec, big);
	errno = 0;
	assert_null(kp_record_read(rec));
	assert_int_equal(errno, EINVAL);
	big[KP_RECORD_FILE_MAX] = '\0';
	write_file(rec, big);
	text = kp_record_read(rec);
	assert_non_null(text);
	assert_int_equal(strlen(text), KP_RECORD_FILE_MAX);
	free(text);
	free(big);

	assert_int_equal(unlink(rec), 0);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(unlink(fifo), 0);
}

/* Only lines of two good names are taken; the rest is skipped */
static void test_record_lines(void **state)
{
	char long_name[80], text[256], group[KP_RECORD_NAME_MAX], event[KP_RECORD_NAME_MAX];
	const char *p = text;

	(void)state;
	memset(long_name, 'n', 64);
	long_name[64] = '\0';
	snprintf(text, sizeof(text),
		 "grp/ev\n"
		 "\n/ev\ngrp/\nnoslash\na/b/c\n"
		 "%s/ev\ngrp/%s\n"
		 "bad grp/ev\ngrp/e\033[2J\n"
		 "my.grp-1/_ev.2\n"
		 "last/one",
		 long_name, long_name);
	assert_int_equal(kp_record_next(&p, group, event), 1);
	assert_string_equal(group, "grp");
	assert_string_equal(event, "ev");
	assert_int_equal(kp_record_next(&p, group, event), 1);
	assert_string_equal(group, "my.grp-1");
	assert_string_equal(event, "_ev.2");
	assert_int_equal(kp_record_next(&p, group, event), 1);
	assert_string_equal(group, "last");
	assert_string_equal(event, "one");
	assert_int_equal(kp_record_next(&p, group, event), 0);
	assert_int_equal(kp_record_next(&p, group, event), 0);
	/* a name of 63 bytes fits */
	long_name[63] = '\0';
	snprintf(text, sizeof(text), "%s/%s", long_name, long_name);
	p = text;
	assert_int_equal(kp_record_next(&p, group, event), 1);
	assert_string_equal(group, long_name);
	assert_string_equal(event, long_name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_holder_alive_then_dead_after_sigkill, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reused_pid_is_dead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_lock_taken_and_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_lock_dir_still_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rundir_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_lines, setup, teardown),
	};

	return cmocka_run_group_tests_name("runlock", tests, NULL, NULL);
}
