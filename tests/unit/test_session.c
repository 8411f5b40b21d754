// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tracefs session with libtracefs replaced (-Wl,--wrap): every call is
 * logged, any call can be made to fail, and the tests check that teardown
 * undoes exactly what setup did, in reverse order, on every path.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <tracefs.h>

#include "options.h"
#include "session.h"

#define LOG_MAX 128

static char *calls[LOG_MAX];
static int ncalls;
static const char *fail_prefix; /* a call whose log line starts with this fails */
static int fail_errno;
static const char *kprobe_events_text;
static const char *errlog_before, *errlog_after;
static int errlog_reads;
static bool has_kprobe_events = true;
static char **instance_list;
static char fake;
#define FAKE_INSTANCE ((struct tracefs_instance *)&fake)

static int logcall(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Log a call; returns -1 with errno set if it is the one meant to fail */
static int logcall(const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	assert_true(vasprintf(&line, fmt, ap) >= 0);
	va_end(ap);
	assert_true(ncalls < LOG_MAX);
	calls[ncalls++] = line;
	if (fail_prefix && !strncmp(line, fail_prefix, strlen(fail_prefix))) {
		errno = fail_errno;
		return -1;
	}
	return 0;
}

static const char *where(struct tracefs_instance *inst)
{
	return inst ? "inst" : "top";
}

const char *__wrap_tracefs_tracing_dir(void);
const char *__wrap_tracefs_tracing_dir(void)
{
	return "/sys/kernel/tracing";
}

bool __wrap_tracefs_file_exists(struct tracefs_instance *inst, const char *name);
bool __wrap_tracefs_file_exists(struct tracefs_instance *inst, const char *name)
{
	(void)inst;
	return strcmp(name, "kprobe_events") || has_kprobe_events;
}

struct tracefs_instance *__wrap_tracefs_instance_create(const char *name);
struct tracefs_instance *__wrap_tracefs_instance_create(const char *name)
{
	return logcall("instance_create %s", name) ? NULL : FAKE_INSTANCE;
}

struct tracefs_instance *__wrap_tracefs_instance_alloc(const char *dir, const char *name);
struct tracefs_instance *__wrap_tracefs_instance_alloc(const char *dir, const char *name)
{
	(void)dir;
	(void)name;
	return FAKE_INSTANCE;
}

bool __wrap_tracefs_instance_is_new(struct tracefs_instance *inst);
bool __wrap_tracefs_instance_is_new(struct tracefs_instance *inst)
{
	(void)inst;
	return true;
}

int __wrap_tracefs_instance_destroy(struct tracefs_instance *inst);
int __wrap_tracefs_instance_destroy(struct tracefs_instance *inst)
{
	(void)inst;
	return logcall("instance_destroy");
}

void __wrap_tracefs_instance_free(struct tracefs_instance *inst);
void __wrap_tracefs_instance_free(struct tracefs_instance *inst)
{
	(void)inst;
}

char **__wrap_tracefs_instances(const char *regex);
char **__wrap_tracefs_instances(const char *regex)
{
	(void)regex;
	return instance_list;
}

void __wrap_tracefs_list_free(char **list);
void __wrap_tracefs_list_free(char **list)
{
	(void)list;
}

int __wrap_tracefs_instance_file_append(struct tracefs_instance *inst, const char *file,
					const char *str);
int __wrap_tracefs_instance_file_append(struct tracefs_instance *inst, const char *file,
					const char *str)
{
	return logcall("append %s %s %s", where(inst), file, str) ? -1 : (int)strlen(str);
}

int __wrap_tracefs_instance_file_write(struct tracefs_instance *inst, const char *file,
				       const char *str);
int __wrap_tracefs_instance_file_write(struct tracefs_instance *inst, const char *file,
				       const char *str)
{
	return logcall("write %s %s '%s'", where(inst), file, str) ? -1 : (int)strlen(str);
}

int __wrap_tracefs_event_file_write(struct tracefs_instance *inst, const char *sys, const char *ev,
				    const char *file, const char *str);
int __wrap_tracefs_event_file_write(struct tracefs_instance *inst, const char *sys, const char *ev,
				    const char *file, const char *str)
{
	return logcall("event %s %s/%s/%s %s", where(inst), sys, ev, file, str) ? -1
										: (int)strlen(str);
}

char *__wrap_tracefs_instance_file_read(struct tracefs_instance *inst, const char *file,
					int *psize);
char *__wrap_tracefs_instance_file_read(struct tracefs_instance *inst, const char *file, int *psize)
{
	(void)inst;
	(void)psize;
	if (!strcmp(file, "kprobe_events"))
		return kprobe_events_text ? strdup(kprobe_events_text) : NULL;
	if (!strcmp(file, "error_log")) {
		const char *text = errlog_reads++ ? errlog_after : errlog_before;

		return text ? strdup(text) : NULL;
	}
	if (!strcmp(file, "available_filter_functions"))
		return strdup("vfs_read\nvfs_write\ndo_sys_openat2\n");
	return NULL;
}

char *__wrap_tracefs_event_file_read(struct tracefs_instance *inst, const char *sys, const char *ev,
				     const char *file, int *psize);
char *__wrap_tracefs_event_file_read(struct tracefs_instance *inst, const char *sys, const char *ev,
				     const char *file, int *psize)
{
	(void)inst;
	(void)psize;
	(void)sys;
	(void)ev;
	return strdup(file);
}

int __wrap_tracefs_instance_file_open(struct tracefs_instance *inst, const char *file, int mode);
int __wrap_tracefs_instance_file_open(struct tracefs_instance *inst, const char *file, int mode)
{
	(void)mode;
	if (logcall("open %s %s", where(inst), file))
		return -1;
	return open("/dev/null", O_RDONLY);
}

int __wrap_tracefs_option_enable(struct tracefs_instance *inst, enum tracefs_option_id id);
int __wrap_tracefs_option_enable(struct tracefs_instance *inst, enum tracefs_option_id id)
{
	return logcall("option %s %s 1", where(inst), tracefs_option_name(id));
}

int __wrap_tracefs_option_disable(struct tracefs_instance *inst, enum tracefs_option_id id);
int __wrap_tracefs_option_disable(struct tracefs_instance *inst, enum tracefs_option_id id)
{
	return logcall("option %s %s 0", where(inst), tracefs_option_name(id));
}

int __wrap_tracefs_trace_off(struct tracefs_instance *inst);
int __wrap_tracefs_trace_off(struct tracefs_instance *inst)
{
	return logcall("tracing_on %s 0", where(inst));
}

char *__wrap_tracefs_instance_get_file(struct tracefs_instance *inst, const char *file);
char *__wrap_tracefs_instance_get_file(struct tracefs_instance *inst, const char *file)
{
	(void)inst;
	(void)file;
	return NULL;
}

void __wrap_tracefs_put_tracing_file(char *name);
void __wrap_tracefs_put_tracing_file(char *name)
{
	free(name);
}

static void reset(void)
{
	int i;

	for (i = 0; i < ncalls; i++)
		free(calls[i]);
	ncalls = 0;
	fail_prefix = NULL;
	fail_errno = 0;
	kprobe_events_text = NULL;
	errlog_before = errlog_after = NULL;
	errlog_reads = 0;
	has_kprobe_events = true;
	instance_list = NULL;
}

static int setup(void **state)
{
	(void)state;
	reset();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	reset();
	return 0;
}

/* Parse a command line into @cfg; the group is "kprobe_<our pid>" */
static void configure(struct kp_config *cfg, int argc, char **argv)
{
	kp_config_init(cfg);
	assert_int_equal(kp_options_parse(cfg, argc, argv), KP_PARSE_RUN);
}

/* @w with %G replaced by the run's group and %P by its pid */
static void expand(const char *w, char *out, size_t size)
{
	char pid[16];
	size_t n = 0;

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	while (*w && n + 32 < size) {
		if (w[0] == '%' && (w[1] == 'G' || w[1] == 'P')) {
			n += snprintf(out + n, size - n, "%s%s", w[1] == 'G' ? "kprobe_" : "", pid);
			w += 2;
		} else {
			out[n++] = *w++;
		}
	}
	out[n] = '\0';
}

/* Compare the call log with @want, line by line */
static void expect_calls(const char *const *want, int n)
{
	char line[512];
	int i;

	if (ncalls != n)
		for (i = 0; i < ncalls; i++)
			print_message("call %d: %s\n", i, calls[i]);
	for (i = 0; i < n && i < ncalls; i++) {
		expand(want[i], line, sizeof(line));
		assert_string_equal(calls[i], line);
	}
	assert_int_equal(ncalls, n);
}

static void test_teardown_mirrors_setup(void **state)
{
	char *argv[] = { "kprobe", "-s", "p:vfs_read", "count > 1", "r:vfs_read $retval", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read vfs_read",
		"append top kprobe_events r:%G/vfs_read_ret vfs_read $retval",
		"instance_create %G",
		"option inst stacktrace 1",
		"write inst set_event_notrace_pid '%P'",
		"event inst %G/vfs_read/filter count > 1",
		"event inst %G/vfs_read/enable 1",
		"event inst %G/vfs_read_ret/enable 1",
		/* teardown: the exact reverse */
		"event inst %G/vfs_read_ret/enable 0",
		"event inst %G/vfs_read/enable 0",
		"event inst %G/vfs_read/filter 0",
		"write inst set_event_notrace_pid ''",
		"option inst stacktrace 0",
		"instance_destroy",
		"append top kprobe_events -:%G/vfs_read_ret",
		"append top kprobe_events -:%G/vfs_read",
	};
	struct kp_config cfg;
	struct kp_session s;

	(void)state;
	configure(&cfg, 5, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_start(&s), 0);
	assert_int_equal(kp_session_destroy(&s), 0);
	expect_calls(want, sizeof(want) / sizeof(want[0]));
	/* a second teardown touches nothing */
	assert_int_equal(kp_session_destroy(&s), 0);
	expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

static void test_failed_enable_undoes_only_what_was_done(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", "p:vfs_write", "count > 1", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read vfs_read",
		"append top kprobe_events p:%G/vfs_write vfs_write",
		"instance_create %G",
		"write inst set_event_notrace_pid '%P'",
		"event inst %G/vfs_write/filter count > 1",
		"event inst %G/vfs_read/enable 1",
		"event inst %G/vfs_write/enable 1", /* fails */
		"event inst %G/vfs_read/enable 0",
		"event inst %G/vfs_write/filter 0",
		"write inst set_event_notrace_pid ''",
		"instance_destroy",
		"append top kprobe_events -:%G/vfs_write",
		"append top kprobe_events -:%G/vfs_read",
	};
	struct kp_config cfg;
	struct kp_session s;
	char prefix[128];

	(void)state;
	configure(&cfg, 4, argv);
	snprintf(prefix, sizeof(prefix), "event inst kprobe_%d/vfs_write/enable 1", (int)getpid());
	fail_prefix = prefix;
	fail_errno = EBUSY;
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_start(&s), -1);
	assert_int_equal(kp_session_destroy(&s), 0);
	expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

static void test_failed_probe_removes_earlier_probes_only(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", "p:vfs_write x=bad", "p:do_sys_openat2", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read vfs_read",
		"append top kprobe_events p:%G/vfs_write vfs_write x=bad", /* fails */
		"append top kprobe_events -:%G/vfs_read",
	};
	struct kp_config cfg;
	struct kp_session s;
	char prefix[128];

	(void)state;
	configure(&cfg, 4, argv);
	snprintf(prefix, sizeof(prefix), "append top kprobe_events p:kprobe_%d/vfs_write",
		 (int)getpid());
	fail_prefix = prefix;
	fail_errno = EINVAL;
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	assert_int_equal(kp_session_create_probes(&s), -1);
	/* no instance was made, the third probe never written */
	assert_int_equal(kp_session_destroy(&s), 0);
	expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

/* Run @fn with stderr captured into @buf */
static void capture_stderr(void (*fn)(void *), void *arg, char *buf, size_t size)
{
	char path[] = "/tmp/kprobe-test-XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	ssize_t n;

	assert_true(fd >= 0);
	unlink(path);
	fflush(stderr);
	dup2(fd, 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, buf, size - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

static void create_and_destroy(void *arg)
{
	struct kp_session s;

	assert_int_equal(kp_session_init(&s, arg), 0);
	assert_int_equal(kp_session_create_probes(&s), -1);
	kp_session_destroy(&s);
}

static void test_kernel_rejection_shows_error_log(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read x=+0(%zz):u32", NULL };
	struct kp_config cfg;
	char out[4096];

	(void)state;
	configure(&cfg, 2, argv);
	fail_prefix = "append top kprobe_events p:";
	fail_errno = EINVAL;
	errlog_before = "[    1.000000] trace_kprobe: error: old entry\n  Command: p:x y\n";
	errlog_after = "[    1.000000] trace_kprobe: error: old entry\n  Command: p:x y\n"
		       "[    2.000000] trace_kprobe: error: Invalid register name\n"
		       "  Command: p:kprobe_1/vfs_read vfs_read x=+0(%zz):u32\n"
		       "                                          ^\n";
	capture_stderr(create_and_destroy, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "cannot create probe 'p:vfs_read x=+0(%zz):u32': "
				    "the kernel rejected the definition (EINVAL)"));
	assert_non_null(strstr(out, "Invalid register name"));
	assert_non_null(strstr(out, "      Command: p:kprobe_1/vfs_read"));
	assert_non_null(strstr(out, "^"));
	assert_null(strstr(out, "old entry"));
	kp_config_destroy(&cfg);
}

static void test_errno_explained_without_error_log(void **state)
{
	char *argv[] = { "kprobe", "p:mygrp/vfs_read vfs_read", NULL };
	struct kp_config cfg;
	char out[4096];

	(void)state;
	configure(&cfg, 2, argv);
	fail_prefix = "append top kprobe_events p:";
	fail_errno = EEXIST;
	capture_stderr(create_and_destroy, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "already exists"));
	kp_config_destroy(&cfg);
}

static void check_session(void *arg)
{
	struct kp_session s;

	assert_int_equal(kp_session_init(&s, arg), 0);
	assert_int_equal(kp_session_check(&s), -1);
	kp_session_destroy(&s);
}

static void test_kernel_without_kprobe_events(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", NULL };
	struct kp_config cfg;
	char out[4096];

	(void)state;
	if (geteuid() != 0)
		skip();
	configure(&cfg, 2, argv);
	has_kprobe_events = false;
	capture_stderr(check_session, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "no kprobe_events"));
	assert_non_null(strstr(out, "CONFIG_KPROBE_EVENTS"));
	assert_int_equal(ncalls, 0);
	kp_config_destroy(&cfg);
}

static void check_functions_fails(void *arg)
{
	assert_int_equal(kp_session_check_functions(arg), -1);
}

static void test_missing_process_refused_before_anything(void **state)
{
	char *argv[] = { "kprobe", "-p", "4194303", "p:vfs_read", NULL };
	char *targv[] = { "kprobe", "-L", "4194303", "p:vfs_read", NULL };
	struct kp_config cfg;
	char out[4096];

	(void)state;
	if (geteuid() != 0)
		skip();
	configure(&cfg, 4, argv);
	capture_stderr(check_session, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "no process with PID 4194303"));
	kp_config_destroy(&cfg);
	configure(&cfg, 4, targv);
	capture_stderr(check_session, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "no thread with TID 4194303"));
	kp_config_destroy(&cfg);
	/* nothing was created or changed */
	assert_int_equal(ncalls, 0);
}

static void test_misspelt_function_gets_suggestions(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_reed", NULL };
	struct kp_config cfg;
	struct kp_session s;
	char out[4096];

	(void)state;
	configure(&cfg, 2, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	capture_stderr(check_functions_fails, &s, out, sizeof(out));
	assert_non_null(strstr(out, "'vfs_reed' is not in available_filter_functions"));
	assert_non_null(strstr(out, "did you mean 'vfs_read'"));
	/* nothing was created */
	assert_int_equal(ncalls, 0);
	kp_session_destroy(&s);
	kp_config_destroy(&cfg);
}

static void test_pid_follows_threads(void **state)
{
	char pid[16], *argv[] = { "kprobe", "-p", pid, "p:vfs_read", NULL };
	char want_pid[64];
	struct kp_config cfg;
	struct kp_session s;

	(void)state;
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	snprintf(want_pid, sizeof(want_pid), "append inst set_event_pid %d", (int)getpid());
	configure(&cfg, 4, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_start(&s), 0);
	/* event-fork before the pids, so no new thread slips through */
	assert_string_equal(calls[2], "option inst event-fork 1");
	assert_string_equal(calls[3], want_pid);
	assert_int_equal(kp_session_destroy(&s), 0);
	assert_string_equal(calls[ncalls - 4], "write inst set_event_pid ''");
	assert_string_equal(calls[ncalls - 5], "write inst set_event_notrace_pid ''");
	assert_string_equal(calls[ncalls - 3], "option inst event-fork 0");
	kp_config_destroy(&cfg);
}

static void test_stale_cleanup_spares_live_runs(void **state)
{
	char dead[32], alive[32], events[512];
	char *list[4];
	struct kp_config cfg;
	struct kp_session s;
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
	instance_list = list;
	snprintf(events, sizeof(events),
		 "p:%s/vfs_read vfs_read\np:%s/vfs_read vfs_read\np:kprobes/mine vfs_read\n", dead,
		 alive);
	kprobe_events_text = events;
	kp_config_init(&cfg);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	assert_int_equal(kp_session_cleanup_stale(&s, false), 2);
	assert_int_equal(ncalls, 2);
	assert_string_equal(calls[0], "instance_destroy");
	assert_string_equal(calls[1], "append top kprobe_events -:kprobe_4194303/vfs_read");
	kp_session_destroy(&s);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
}

static void test_user_group_probes_are_recorded(void **state)
{
	char *argv[] = { "kprobe", "-v", "p:mygrp/myev vfs_read", "p:vfs_write", NULL };
	char dir[] = "/tmp/kprobe-rec-XXXXXX", path[128], buf[128];
	struct kp_config cfg;
	struct kp_session s;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	configure(&cfg, 4, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	s.record_dir = dir;
	assert_int_equal(kp_session_create_probes(&s), 0);
	/* only the probe whose group carries no owner is recorded */
	snprintf(path, sizeof(path), "%s/kprobe_%d", dir, (int)getpid());
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_string_equal(buf, "mygrp/myev\n");
	assert_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_int_equal(kp_session_destroy(&s), 0);
	assert_int_equal(access(path, F_OK), -1);
	kp_config_destroy(&cfg);
	rmdir(dir);
}

static void test_killed_runs_user_probes_need_cleanup(void **state)
{
	char dir[] = "/tmp/kprobe-rec-XXXXXX", path[128];
	struct kp_config cfg;
	struct kp_session s;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/kprobe_4194303", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("mygrp/myev\nmygrp/gone\n", f);
	fclose(f);
	kprobe_events_text = "p:mygrp/myev vfs_read\np:kprobes/other vfs_read\n";
	kp_config_init(&cfg);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	s.record_dir = dir;
	/* an ordinary run only reports: the group is the user's */
	assert_int_equal(kp_session_cleanup_stale(&s, false), 0);
	assert_int_equal(ncalls, 0);
	assert_int_equal(access(path, F_OK), 0);
	/* --cleanup removes what still exists, and the record */
	assert_int_equal(kp_session_cleanup_stale(&s, true), 1);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "append top kprobe_events -:mygrp/myev");
	assert_int_equal(access(path, F_OK), -1);
	kp_session_destroy(&s);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_teardown_mirrors_setup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_enable_undoes_only_what_was_done, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_failed_probe_removes_earlier_probes_only,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_rejection_shows_error_log, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_errno_explained_without_error_log, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_kernel_without_kprobe_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_process_refused_before_anything, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_misspelt_function_gets_suggestions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pid_follows_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_cleanup_spares_live_runs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_user_group_probes_are_recorded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_killed_runs_user_probes_need_cleanup, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
