// SPDX-License-Identifier: GPL-2.0-only
/*
 * The whole session against a mocked libtracefs: the checks come before
 * anything is touched, and teardown undoes exactly what setup did, in
 * reverse order, across the modules.
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
#include <unistd.h>
#include <cmocka.h>

#include <tracefs.h>

#include "mock_tracefs.h"
#include "symcheck.h"
#include "options.h"
#include "session.h"
#include "traceable.h"
#include "uprobe.h"

/* debugfs kprobes/list with every kprobe on ftrace: nothing more is asked */
#define LIST_ON_FTRACE "tests/unit/fixtures/kprobes-list-ftrace"

static void test_teardown_mirrors_setup(void **state)
{
	char *argv[] = { "kprobe", "-s", "p:vfs_read", "count > 1", "r:vfs_read $retval", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read__%P vfs_read",
		"append top kprobe_events r:%G/vfs_read_ret__%P vfs_read $retval",
		"instance_create %G",
		"write inst buffer_size_kb '4096'",
		"write inst buffer_percent '0'",
		"event inst task/task_newtask/enable 1",
		"event inst task/task_rename/enable 1",
		"event inst module/module_load/enable 1",
		"option inst stacktrace 1",
		"write inst set_event_notrace_pid '%P'",
		"event inst %G/vfs_read__%P/filter count > 1",
		"event inst %G/vfs_read__%P/enable 1",
		"event inst %G/vfs_read_ret__%P/enable 1",
		/* teardown: the exact reverse */
		"event inst %G/vfs_read_ret__%P/enable 0",
		"event inst %G/vfs_read__%P/enable 0",
		"event inst %G/vfs_read__%P/filter 0",
		"write inst set_event_notrace_pid ''",
		"option inst stacktrace 0",
		"event inst module/module_load/enable 0",
		"event inst task/task_rename/enable 0",
		"event inst task/task_newtask/enable 0",
		"instance_destroy",
		"append top kprobe_events -:%G/vfs_read_ret__%P",
		"append top kprobe_events -:%G/vfs_read__%P",
	};
	struct kp_config cfg;
	struct kp_session s;

	(void)state;
	mock_configure(&cfg, 5, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	s.kprobes_list = LIST_ON_FTRACE;
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_start(&s), 0);
	assert_int_equal(kp_session_destroy(&s), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	/* a second teardown touches nothing */
	assert_int_equal(kp_session_destroy(&s), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

static void test_failed_enable_undoes_only_what_was_done(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", "p:vfs_write", "count > 1", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read__%P vfs_read",
		"append top kprobe_events p:%G/vfs_write__%P vfs_write",
		"instance_create %G",
		"write inst buffer_size_kb '4096'",
		"write inst buffer_percent '0'",
		"event inst task/task_newtask/enable 1",
		"event inst task/task_rename/enable 1",
		"event inst sched/sched_process_free/enable 1",
		"event inst module/module_load/enable 1",
		"write inst set_event_notrace_pid '%P'",
		"event inst %G/vfs_write__%P/filter count > 1",
		"event inst %G/vfs_read__%P/enable 1",
		"event inst %G/vfs_write__%P/enable 1", /* fails */
		"event inst %G/vfs_read__%P/enable 0",
		"event inst %G/vfs_write__%P/filter 0",
		"write inst set_event_notrace_pid ''",
		"event inst module/module_load/enable 0",
		"event inst sched/sched_process_free/enable 0",
		"event inst task/task_rename/enable 0",
		"event inst task/task_newtask/enable 0",
		"instance_destroy",
		"append top kprobe_events -:%G/vfs_write__%P",
		"append top kprobe_events -:%G/vfs_read__%P",
	};
	struct kp_config cfg;
	struct kp_session s;
	char prefix[128];

	(void)state;
	mock_configure(&cfg, 4, argv);
	snprintf(prefix, sizeof(prefix), "event inst kprobe_%d/vfs_write__%d/enable 1",
		 (int)getpid(), (int)getpid());
	mock_fail_prefix = prefix;
	mock_fail_errno = EBUSY;
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	s.kprobes_list = LIST_ON_FTRACE;
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_start(&s), -1);
	assert_int_equal(kp_session_destroy(&s), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

static void test_tid_filter_on_every_probe(void **state)
{
	char *argv[] = { "kprobe", "--reader",	 "text",      "-b",	     "64", "-L",
			 "42",	   "p:vfs_read", "count > 1", "p:vfs_write", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read vfs_read",
		"append top kprobe_events p:%G/vfs_write vfs_write",
		"instance_create %G",
		/* the text reader needs neither buffer_percent nor task events */
		"write inst buffer_size_kb '64'",
		"write inst set_event_notrace_pid '%P'",
		"event inst %G/vfs_read/filter (count > 1) && common_pid == 42",
		"event inst %G/vfs_write/filter common_pid == 42",
		"event inst %G/vfs_read/enable 1",
		"event inst %G/vfs_write/enable 1",
	};
	struct kp_config cfg;
	struct kp_session s;

	(void)state;
	mock_configure(&cfg, 10, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	s.kprobes_list = LIST_ON_FTRACE;
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_start(&s), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(kp_session_destroy(&s), 0);
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
	mock_configure(&cfg, 2, argv);
	mock_has_kprobe_events = false;
	mock_capture_stderr(check_session, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "no kprobe_events"));
	assert_non_null(strstr(out, "CONFIG_KPROBE_EVENTS"));
	assert_int_equal(mock_ncalls, 0);
	kp_config_destroy(&cfg);
}

/* "p:NAME:X" on a kernel without kprobes: no module's kprobe was meant */
static void test_name_neither_program_nor_module(void **state)
{
	char *argv[] = { "kprobe", "p:kpnosuchprog_xyz:work", NULL };
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	struct kp_config cfg;
	char out[4096];

	(void)state;
	if (geteuid() != 0)
		skip();
	/* no program anywhere, no ld.so cache: whatever this machine has */
	setenv("PATH", "/nonexistent", 1);
	kp_uprobe_set_ldcache("/nonexistent/ld.so.cache");
	mock_configure(&cfg, 2, argv);
	mock_has_kprobe_events = false;
	mock_capture_stderr(check_session, &cfg, out, sizeof(out));
	assert_string_equal(out,
			    "kprobe: 'kpnosuchprog_xyz' in 'p:kpnosuchprog_xyz:work' is neither "
			    "a program on $PATH, a library in the ld.so cache, nor a loaded "
			    "module\n");
	assert_int_equal(mock_ncalls, 0);
	kp_config_destroy(&cfg);
	kp_uprobe_set_ldcache(NULL);
	if (path)
		setenv("PATH", path, 1);
	free(path);
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
	mock_configure(&cfg, 4, argv);
	mock_capture_stderr(check_session, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "no process with PID 4194303"));
	kp_config_destroy(&cfg);
	mock_configure(&cfg, 4, targv);
	mock_capture_stderr(check_session, &cfg, out, sizeof(out));
	assert_non_null(strstr(out, "no thread with TID 4194303"));
	kp_config_destroy(&cfg);
	/* nothing was created or changed */
	assert_int_equal(mock_ncalls, 0);
}

/* 6.1's README: kprobes and eprobes, no fprobes or tracepoint probes */
static const char readme_61[] =
	"\t   Format: p[:[<group>/][<event>]] <place> [<args>]\n"
	"\t           r[maxactive][:[<group>/][<event>]] <place> [<args>]\n"
	"\t           e[:[<group>/][<event>]] <attached-group>.<attached-event> [<args>]\n";

static void test_kernel_without_fprobes(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", "f:vfs_read%return", NULL };
	struct kp_config cfg;
	char out[4096];

	(void)state;
	if (geteuid() != 0)
		skip();
	mock_configure(&cfg, 3, argv);
	mock_readme = readme_61;
	mock_capture_stderr(check_session, &cfg, out, sizeof(out));
	assert_string_equal(out, "kprobe: this kernel has no fprobe events "
				 "(it needs CONFIG_FPROBE_EVENTS)\n");
	assert_int_equal(mock_ncalls, 0);
	kp_config_destroy(&cfg);
}

static void test_kinds_go_to_their_files(void **state)
{
	char *argv[] = { "kprobe",	   "r5:vfs_read",	   "f:vfs_read%return",
			 "p:/bin/sh:0x40", "e:sched.sched_switch", NULL };
	char uprobe[PATH_MAX + 64], real[PATH_MAX];
	const char *want[] = {
		"append top kprobe_events r5:%G/vfs_read__%P vfs_read",
		"append top dynamic_events f:%G/vfs_read_2__%P vfs_read%return",
		uprobe, /* the path with its symbolic links resolved */
		"append top dynamic_events e:%G/sched_switch__%P sched.sched_switch",
		/* each removed through its own file, in reverse */
		"append top dynamic_events -:%G/sched_switch__%P",
		"append top uprobe_events -:%G/sh_0x40__%P",
		"append top dynamic_events -:%G/vfs_read_2__%P",
		"append top kprobe_events -:%G/vfs_read__%P",
	};
	struct kp_config cfg;
	struct kp_session s;

	(void)state;
	assert_non_null(realpath("/bin/sh", real));
	snprintf(uprobe, sizeof(uprobe), "append top uprobe_events p:%%G/sh_0x40__%%P %s:0x40",
		 real);
	mock_configure(&cfg, 5, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	s.kprobes_list = LIST_ON_FTRACE;
	assert_int_equal(kp_session_check_functions(&s), 0);
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_destroy(&s), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

static void test_bare_argument_settled_by_function_list(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read count", "p:myopen do_sys_openat2", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read__%P vfs_read count",
		"append top kprobe_events p:%G/myopen__%P do_sys_openat2",
		"append top kprobe_events -:%G/myopen__%P",
		"append top kprobe_events -:%G/vfs_read__%P",
	};
	struct kp_config cfg;
	struct kp_session s;

	(void)state;
	mock_configure(&cfg, 3, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	s.kprobes_list = LIST_ON_FTRACE;
	assert_int_equal(kp_session_check_functions(&s), 0);
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_destroy(&s), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

static void create_probes_fails(void *arg)
{
	assert_int_equal(kp_session_create_probes(arg), -1);
}

/*
 * The kernel refuses a missing function; only then is the list read, and
 * -F, which would not change the kernel's mind, is not offered
 */
static void test_misspelt_function_gets_suggestions(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_reed", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_reed__%P vfs_reed", /* fails */
	};
	struct kp_config cfg;
	struct kp_session s;
	char out[4096];

	(void)state;
	mock_configure(&cfg, 2, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	s.kprobes_list = LIST_ON_FTRACE;
	/* nothing is read or written before the kernel has its say */
	assert_int_equal(kp_session_check_functions(&s), 0);
	assert_int_equal(mock_ncalls, 0);
	mock_fail_prefix = "append top kprobe_events p:";
	mock_fail_errno = ENOENT;
	mock_capture_stderr(create_probes_fails, &s, out, sizeof(out));
	assert_non_null(strstr(out, "'vfs_reed' is not in available_filter_functions"));
	assert_non_null(strstr(out, "did you mean 'vfs_read'"));
	assert_null(strstr(out, "-F"));
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_session_destroy(&s);
	kp_config_destroy(&cfg);
}

static void symcheck_created_fails(void *arg)
{
	struct kp_config *cfg = arg;
	struct kp_symcheck sc;

	kp_symcheck_init(&sc);
	sc.kprobes_list = "/nonexistent/kprobes/list";
	assert_int_equal(kp_symcheck_created(&sc, cfg->probes, cfg->nr_probes, NULL), -1);
	kp_symcheck_destroy(&sc);
}

/*
 * A kernel that lets a kprobe on an untraceable function be created
 * (CONFIG_KPROBE_EVENTS_ON_NOTRACE), where kprobes/list cannot vouch for
 * it: the function is looked up after all.
 */
static void test_created_probe_off_ftrace_is_checked(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", "p:vfs_reed", NULL };
	struct kp_config cfg;
	char out[4096];

	(void)state;
	mock_configure(&cfg, 3, argv);
	mock_capture_stderr(symcheck_created_fails, &cfg, out, sizeof(out));
	assert_string_equal(out,
			    "kprobe: function 'vfs_reed' is not in available_filter_functions\n"
			    "    did you mean 'vfs_read'?\n"
			    "    (-F skips this check, for functions the kernel can probe "
			    "but not trace)\n");
	kp_config_destroy(&cfg);
}

/* Every kprobe on ftrace: the functions are traceable, nothing more is read */
static void test_created_probes_on_ftrace_pass(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_reed", NULL };
	char path[] = "/tmp/kprobes-list.XXXXXX";
	const char list[] = "ffffffff8bd669e0  k  vfs_read+0x0    [DISABLED][FTRACE]\n";
	struct kp_config cfg;
	struct kp_symcheck sc;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, list, strlen(list)), (int)strlen(list));
	close(fd);
	mock_configure(&cfg, 2, argv);
	kp_symcheck_init(&sc);
	sc.kprobes_list = path;
	assert_int_equal(kp_symcheck_created(&sc, cfg.probes, cfg.nr_probes, NULL), 0);
	assert_false(sc.loaded); /* available_filter_functions never read */
	kp_symcheck_destroy(&sc);
	unlink(path);
	kp_config_destroy(&cfg);
}

/* A kprobes/list of probes without [FTRACE] (no KPROBES_ON_FTRACE: arm64), in a file */
static void write_list_off_ftrace(char *path)
{
	const char list[] = "ffff800008a1b2c0  k  vfs_read+0x0    [DISABLED]\n";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, list, strlen(list)), (int)strlen(list));
	close(fd);
}

/* A run directory of the test's own, its boot id in DIR/boot_id */
struct rundir {
	char dir[32];
	char boot[48];
	char kept[64];
};

#define TEST_BOOT "0b5c6f4e-8d2a-4c1e-9f3b-7a6d5e4c3b2a"

static void rundir_make(struct rundir *r)
{
	FILE *f;

	strcpy(r->dir, "/tmp/kprobe-run.XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	snprintf(r->boot, sizeof(r->boot), "%s/boot_id", r->dir);
	snprintf(r->kept, sizeof(r->kept), "%s/%s", r->dir, KP_TRACEABLE_FILE);
	f = fopen(r->boot, "w");
	assert_non_null(f);
	fputs(TEST_BOOT "\n", f);
	fclose(f);
}

static void rundir_remove(struct rundir *r)
{
	unlink(r->kept);
	unlink(r->boot);
	assert_int_equal(rmdir(r->dir), 0);
}

/* The text of the kept file, "" if there is none */
static const char *kept_text(const struct rundir *r)
{
	static char buf[256];
	FILE *f = fopen(r->kept, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/*
 * kprobes/list cannot vouch: the instance's set_ftrace_filter is asked for
 * each function (and left empty), and available_filter_functions is not read;
 * the core kernel's function it took is kept for the boot, and not asked
 * for again; the one kprobes/list has no line for is
 */
/* One run's check in its instance, with @list and the run directory @rd; the mock's calls counted */
static void check_run(struct kp_config *cfg, const char *list, const struct rundir *rd)
{
	struct kp_symcheck sc;

	mock_reset(NULL);
	kp_symcheck_init(&sc);
	sc.run_dir = rd->dir;
	sc.boot_id = rd->boot;
	sc.kprobes_list = list;
	assert_int_equal(kp_symcheck_created(&sc, cfg->probes, cfg->nr_probes,
					     tracefs_instance_create("kprobe_1")),
			 0);
	assert_false(sc.loaded); /* available_filter_functions never read */
	kp_symcheck_destroy(&sc);
}

static void test_created_probes_checked_in_instance(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", "p:vfs_write+4", NULL };
	static const char *const want[] = {
		"write inst set_ftrace_filter 'vfs_read\n'",
		"write inst set_ftrace_filter ''",
		"write inst set_ftrace_filter 'vfs_write\n'",
		"write inst set_ftrace_filter ''",
	};
	char path[] = "/tmp/kprobes-list.XXXXXX";
	struct kp_config cfg;
	struct rundir rd;
	FILE *f;
	int i;

	(void)state;
	write_list_off_ftrace(path);
	mock_configure(&cfg, 3, argv);
	rundir_make(&rd);
	check_run(&cfg, path, &rd);
	assert_int_equal(mock_ncalls, 5);
	for (i = 0; i < 4; i++)
		assert_string_equal(mock_calls[i + 1], want[i]);
	assert_string_equal(kept_text(&rd), "boot " TEST_BOOT "\nvfs_read\n");

	/* the next run of this boot */
	check_run(&cfg, path, &rd);
	assert_int_equal(mock_ncalls, 3);
	assert_string_equal(mock_calls[1], want[2]);
	assert_string_equal(mock_calls[2], want[3]);

	/* a run of the next boot: asked again, and the file is that boot's */
	f = fopen(rd.boot, "w");
	assert_non_null(f);
	fputs("7d1e2f3a-0000-4000-8000-000000000001\n", f);
	fclose(f);
	check_run(&cfg, path, &rd);
	assert_int_equal(mock_ncalls, 5);
	assert_string_equal(kept_text(&rd),
			    "boot 7d1e2f3a-0000-4000-8000-000000000001\nvfs_read\n");
	rundir_remove(&rd);
	unlink(path);
	kp_config_destroy(&cfg);
}

struct refused {
	struct kp_config *cfg;
	const char *list;
	struct rundir *rd;
	int ret;
};

static void symcheck_in_instance(void *arg)
{
	struct refused *r = arg;
	struct kp_symcheck sc;

	kp_symcheck_init(&sc);
	sc.run_dir = r->rd->dir;
	sc.boot_id = r->rd->boot;
	sc.kprobes_list = r->list;
	r->ret = kp_symcheck_created(&sc, r->cfg->probes, r->cfg->nr_probes,
				     tracefs_instance_create("kprobe_1"));
	kp_symcheck_destroy(&sc);
}

/*
 * The check in the instance, its writes starting with @fail_prefix failing
 * with @err: vfs_reed is refused, with vfs_read suggested
 */
static void expect_vfs_reed_refused(struct refused *r, const char *fail_prefix, int err)
{
	char out[4096];

	mock_fail_prefix = fail_prefix;
	mock_fail_errno = err;
	mock_capture_stderr(symcheck_in_instance, r, out, sizeof(out));
	assert_int_equal(r->ret, -1);
	assert_string_equal(out,
			    "kprobe: function 'vfs_reed' is not in available_filter_functions\n"
			    "    did you mean 'vfs_read'?\n"
			    "    (-F skips this check, for functions the kernel can probe "
			    "but not trace)\n");
}

/*
 * A function the instance's set_ftrace_filter refuses (EINVAL) is looked
 * up in available_filter_functions, for the message and its suggestions,
 * and never kept; one it takes is not named
 */
static void test_created_probe_refused_by_instance(void **state)
{
	char *argv[] = { "kprobe", "p:vfs_read", "p:vfs_reed", NULL };
	char path[] = "/tmp/kprobes-list.XXXXXX";
	const char list[] = "ffff800008a1b2c0  k  vfs_read+0x0    [DISABLED]\n"
			    "ffff800008a1b4c0  k  vfs_reed+0x0    [DISABLED]\n";
	struct kp_config cfg;
	struct rundir rd;
	struct refused r = { &cfg, path, &rd, 0 };
	FILE *f;

	(void)state;
	f = fdopen(mkstemp(path), "w");
	assert_non_null(f);
	fputs(list, f);
	fclose(f);
	rundir_make(&rd);
	mock_configure(&cfg, 3, argv);
	expect_vfs_reed_refused(&r, "write inst set_ftrace_filter 'vfs_reed", EINVAL);
	assert_string_equal(kept_text(&rd), "boot " TEST_BOOT "\nvfs_read\n");
	/* an instance that cannot tell (no function tracer): every function looked up */
	mock_reset(NULL);
	unlink(rd.kept);
	expect_vfs_reed_refused(&r, "write inst set_ftrace_filter", ENOENT);
	assert_string_equal(kept_text(&rd), "");
	rundir_remove(&rd);
	unlink(path);
	kp_config_destroy(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_teardown_mirrors_setup, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_created_probes_checked_in_instance, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_created_probe_refused_by_instance, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_failed_enable_undoes_only_what_was_done,
						mock_reset, mock_reset),
		cmocka_unit_test_setup_teardown(test_tid_filter_on_every_probe, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_kernel_without_kprobe_events, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_name_neither_program_nor_module, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_missing_process_refused_before_anything,
						mock_reset, mock_reset),
		cmocka_unit_test_setup_teardown(test_misspelt_function_gets_suggestions, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_created_probe_off_ftrace_is_checked,
						mock_reset, mock_reset),
		cmocka_unit_test_setup_teardown(test_created_probes_on_ftrace_pass, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_kernel_without_fprobes, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_kinds_go_to_their_files, mock_reset,
						mock_reset),
		cmocka_unit_test_setup_teardown(test_bare_argument_settled_by_function_list,
						mock_reset, mock_reset),
	};

	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
