// SPDX-License-Identifier: GPL-2.0-only
/* -c: the command is held until tracing is on, its status passed through, never left behind */
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "target.h"

static sigset_t none;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run @command to its end; returns what kprobe would exit with */
static int run(const char *command)
{
	struct kp_target t;
	int code;

	kp_target_init(&t, -1, -1, command);
	assert_int_equal(kp_target_spawn(&t, &none), 0);
	kp_target_release(&t);
	assert_true(kp_target_wait(&t, 10000));
	code = kp_target_finish(&t, 0, false);
	kp_target_destroy(&t);
	return code;
}

static bool gone(pid_t pid)
{
	return waitpid(pid, NULL, WNOHANG) < 0 && errno == ECHILD && kill(pid, 0) && errno == ESRCH;
}

static void test_held_until_released(void **state)
{
	char dir[] = "/tmp/kprobe-test-command.XXXXXX", cmd[128], path[96];
	struct kp_target t;
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ran", dir);
	snprintf(cmd, sizeof(cmd), "echo $$ > %s", path);
	kp_target_init(&t, -1, -1, cmd);
	assert_int_equal(kp_target_spawn(&t, &none), 0);
	assert_true(t.pid > 0);
	pid = t.pid;
	usleep(300 * 1000);
	assert_int_equal(access(path, F_OK), -1); /* nothing ran yet */
	assert_false(kp_target_wait(&t, 0));
	kp_target_release(&t);
	assert_true(kp_target_wait(&t, 10000));
	assert_int_equal(kp_target_finish(&t, 0, false), 0);
	assert_int_equal(access(path, F_OK), 0);
	kp_target_destroy(&t);
	assert_true(gone(pid));
	unlink(path);

	/* given up before the release: it runs nothing and is reaped */
	kp_target_init(&t, -1, -1, cmd);
	assert_int_equal(kp_target_spawn(&t, &none), 0);
	pid = t.pid;
	kp_target_destroy(&t);
	kp_target_destroy(&t); /* idempotent */
	assert_true(gone(pid));
	assert_int_equal(access(path, F_OK), -1);
	rmdir(dir);
}

static void test_exit_status_passed_through(void **state)
{
	(void)state;
	assert_int_equal(run("exit 0"), 0);
	assert_int_equal(run("exit 3"), 3);
	assert_int_equal(run("exit 255"), 255);
	assert_int_equal(run("kill -KILL $$"), 128 + SIGKILL);
	assert_int_equal(run("kill -SEGV $$"), 128 + SIGSEGV);
	assert_int_equal(run("kprobe-test-no-such-command 2>/dev/null"), 127);
	assert_int_equal(run("echo 'a  b' | grep -q 'a  b' && test \"$(echo x)\" = x"), 0);
}

/* -d or -n ended the run: SIGTERM, reaped, and kprobe's own status is 0 */
static void test_ended_by_the_run(void **state)
{
	struct kp_target t;
	long t0;
	pid_t pid;

	(void)state;
	kp_target_init(&t, -1, -1, "exec sleep 30");
	assert_int_equal(kp_target_spawn(&t, &none), 0);
	pid = t.pid;
	kp_target_release(&t);
	t0 = now_ms();
	assert_int_equal(kp_target_finish(&t, 0, false), 0);
	assert_true(now_ms() - t0 < 3000);
	assert_true(WIFSIGNALED(t.status) && WTERMSIG(t.status) == SIGTERM);
	kp_target_destroy(&t);
	assert_true(gone(pid));
}

/*
 * "TRAPS; : > FILE; loop": a shell that says when its traps are set, in a
 * file of its own (@cmd, and the file's name in @ready); wait_ready() waits
 * for it, however slowly the machine runs the shell (under qemu-user)
 */
static void trapped_loop(char *cmd, size_t size, char *ready, const char *traps)
{
	int fd;

	strcpy(ready, "/tmp/kprobe-ready.XXXXXX");
	fd = mkstemp(ready);
	assert_true(fd >= 0);
	close(fd);
	unlink(ready);
	snprintf(cmd, size, "%s; : > %s; while :; do sleep 0.05; done", traps, ready);
}

static void wait_ready(const char *ready)
{
	int n;

	for (n = 0; n < 1000 && access(ready, F_OK); n++)
		usleep(10 * 1000);
	assert_int_equal(access(ready, F_OK), 0);
	unlink(ready);
}

/* a signal sent to kprobe alone is passed on, and the status is the command's */
static void test_signal_forwarded(void **state)
{
	char cmd[128], ready[32];
	struct kp_target t;

	(void)state;
	/*
	 * The command starts with SIGINT at its default, as kprobe has it
	 * handled: not ignored, as in a background job of a script
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	kp_target_init(&t, -1, -1, "exec sleep 30");
	assert_int_equal(kp_target_spawn(&t, &none), 0);
	kp_target_release(&t);
	assert_int_equal(kp_target_finish(&t, SIGINT, true), 128 + SIGINT);
	kp_target_destroy(&t);

	trapped_loop(cmd, sizeof(cmd), ready, "trap 'exit 7' TERM");
	kp_target_init(&t, -1, -1, cmd);
	assert_int_equal(kp_target_spawn(&t, &none), 0);
	kp_target_release(&t);
	wait_ready(ready);
	assert_int_equal(kp_target_finish(&t, SIGTERM, true), 7);
	kp_target_destroy(&t);
}

/* a command that ignores the end gets SIGKILL after the grace period */
static void test_killed_after_grace(void **state)
{
	char cmd[128], ready[32];
	struct kp_target t;
	long t0;
	pid_t pid;

	(void)state;
	trapped_loop(cmd, sizeof(cmd), ready, "trap '' TERM INT");
	kp_target_init(&t, -1, -1, cmd);
	t.grace_ms = 300;
	assert_int_equal(kp_target_spawn(&t, &none), 0);
	pid = t.pid;
	kp_target_release(&t);
	wait_ready(ready);
	t0 = now_ms();
	assert_int_equal(kp_target_finish(&t, 0, false), 0);
	assert_true(now_ms() - t0 >= 300);
	assert_true(WIFSIGNALED(t.status) && WTERMSIG(t.status) == SIGKILL);
	kp_target_destroy(&t);
	assert_true(gone(pid));

	/* the user's signal, not forwarded (the terminal sent it) and ignored */
	trapped_loop(cmd, sizeof(cmd), ready, "trap '' INT");
	kp_target_init(&t, -1, -1, cmd);
	t.grace_ms = 300;
	assert_int_equal(kp_target_spawn(&t, &none), 0);
	kp_target_release(&t);
	wait_ready(ready);
	assert_int_equal(kp_target_finish(&t, SIGINT, false), 128 + SIGKILL);
	kp_target_destroy(&t);
}

/* the command starts with the signals kprobe was started with, not kprobe's handlers */
static void test_signals_as_found(void **state)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };
	struct sigaction old;
	struct kp_target t;
	sigset_t hup;

	(void)state;
	/* a handler here, as kprobe has: the command gets the default action */
	sigaction(SIGPIPE, &sa, &old);
	assert_int_equal(run("kill -PIPE $$; exit 5"), 128 + SIGPIPE);
	assert_int_equal(run("kill -HUP $$; exit 5"), 128 + SIGHUP);
	sigaction(SIGPIPE, &old, NULL);
	/* started under nohup: SIGHUP stays ignored */
	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	kp_target_init(&t, -1, -1, "kill -HUP $$; exit 5");
	assert_int_equal(kp_target_spawn(&t, &hup), 0);
	kp_target_release(&t);
	assert_true(kp_target_wait(&t, 10000));
	assert_int_equal(kp_target_finish(&t, 0, false), 5);
	kp_target_destroy(&t);
}

/* descriptors kprobe opened do not leak into the command */
static void test_descriptors_not_inherited(void **state)
{
	char cmd[128];
	int fd;

	(void)state;
	fd = open("/dev/null", O_RDONLY); /* no O_CLOEXEC */
	assert_true(fd > 2);
	snprintf(cmd, sizeof(cmd), "test -e /proc/$$/fd/%d && exit 1; test -e /proc/$$/fd/1", fd);
	assert_int_equal(run(cmd), 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_held_until_released),
		cmocka_unit_test(test_exit_status_passed_through),
		cmocka_unit_test(test_ended_by_the_run),
		cmocka_unit_test(test_signal_forwarded),
		cmocka_unit_test(test_killed_after_grace),
		cmocka_unit_test(test_signals_as_found),
		cmocka_unit_test(test_descriptors_not_inherited),
	};

	sigemptyset(&none);
	return cmocka_run_group_tests_name("command", tests, NULL, NULL);
}
