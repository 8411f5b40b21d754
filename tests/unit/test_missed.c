// SPDX-License-Identifier: GPL-2.0-only
/*
 * Missed calls at the end of a run, with libtracefs replaced (-Wl,--wrap)
 * by the kprobe_events and kprobe_profile texts of a 6.12 guest.
 */
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

#include "missed.h"

static const char *events_text[2]; /* first and later reads of kprobe_events */
static const char *profile_text;
static int events_reads;
static bool have_kprobes = true;

bool __wrap_tracefs_file_exists(struct tracefs_instance *instance, const char *name);
char *__wrap_tracefs_instance_file_read(struct tracefs_instance *instance, const char *file,
					int *psize);

bool __wrap_tracefs_file_exists(struct tracefs_instance *instance, const char *name)
{
	(void)instance;
	(void)name;
	return have_kprobes;
}

char *__wrap_tracefs_instance_file_read(struct tracefs_instance *instance, const char *file,
					int *psize)
{
	const char *text = NULL;

	(void)instance;
	(void)psize;
	if (!strcmp(file, "kprobe_events"))
		text = events_text[events_reads++ ? 1 : 0];
	else if (!strcmp(file, "kprobe_profile"))
		text = profile_text;
	/* as the library does, an empty file reads as NULL */
	return text && *text ? strdup(text) : NULL;
}

/* Run kp_missed_report with stderr captured into @err */
static unsigned long long report(const struct kp_probe *probes, int n, char *err, size_t size)
{
	unsigned long long missed;
	int saved = dup(STDERR_FILENO);
	FILE *f = tmpfile();
	size_t len;

	assert_non_null(f);
	fflush(stderr);
	dup2(fileno(f), STDERR_FILENO);
	missed = kp_missed_report(probes, n, "kprobe_42");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	len = fread(err, 1, size - 1, f);
	err[len] = '\0';
	fclose(f);
	return missed;
}

static const char events_612[] = "p:kprobe_42/vfs_read vfs_read\n"
				 "r1:kprobe_42/hrtimer_nanosleep hrtimer_nanosleep\n"
				 "r10:kprobe_7/hrtimer_nanosleep hrtimer_nanosleep\n";
static const char profile_612[] =
	"  vfs_read                                                   7               0\n"
	"  hrtimer_nanosleep                                          1               4\n"
	"  hrtimer_nanosleep                                         30               2\n";

static struct kp_probe probe_read = { .event = "vfs_read", .location = "vfs_read" };
static struct kp_probe probe_sleep = {
	.event = "hrtimer_nanosleep",
	.location = "hrtimer_nanosleep",
	.is_return = true,
};

static int setup(void **state)
{
	(void)state;
	events_text[0] = events_text[1] = events_612;
	profile_text = profile_612;
	events_reads = 0;
	have_kprobes = true;
	return 0;
}

static void test_return_probe_misses_are_counted_and_explained(void **state)
{
	struct kp_probe probes[2] = { probe_read, probe_sleep };
	char err[1024];

	(void)state;
	/* the other run's probe of the same name (kprobe_7) is not ours */
	assert_int_equal(report(probes, 2, err, sizeof(err)), 4);
	assert_string_equal(err,
			    "kprobe: warning: return probe 'kprobe_42/hrtimer_nanosleep' "
			    "missed 4 of 5 calls: more were in flight than its MAXACTIVE "
			    "of 1\n"
			    "    try 'r8:hrtimer_nanosleep' to keep up to 8 calls in flight\n");
}

static void test_nothing_missed_says_nothing(void **state)
{
	struct kp_probe probes[1] = { probe_read };
	char err[256];

	(void)state;
	assert_int_equal(report(probes, 1, err, sizeof(err)), 0);
	assert_string_equal(err, "");
}

static void test_percent_return_form_suggests_rn(void **state)
{
	struct kp_probe p = probe_sleep;
	char err[1024];

	(void)state;
	p.location = "hrtimer_nanosleep%return";
	assert_int_equal(report(&p, 1, err, sizeof(err)), 4);
	assert_non_null(strstr(err, "try 'r8:hrtimer_nanosleep' "));
}

static void test_lines_shifted_between_reads_are_read_again(void **state)
{
	struct kp_probe probes[1] = { probe_sleep };
	char err[1024];

	(void)state;
	/* a probe went away between the first two reads: the pair is read again */
	events_text[0] = "p:kprobe_9/gone vfs_write\n";
	assert_int_equal(report(probes, 1, err, sizeof(err)), 4);
	assert_true(events_reads > 2);
}

static void test_kernel_without_kprobes(void **state)
{
	struct kp_probe probes[1] = { probe_sleep };
	char err[256];

	(void)state;
	have_kprobes = false;
	assert_int_equal(report(probes, 1, err, sizeof(err)), 0);
	assert_string_equal(err, "");
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_return_probe_misses_are_counted_and_explained, setup),
		cmocka_unit_test_setup(test_nothing_missed_says_nothing, setup),
		cmocka_unit_test_setup(test_percent_return_form_suggests_rn, setup),
		cmocka_unit_test_setup(test_lines_shifted_between_reads_are_read_again, setup),
		cmocka_unit_test_setup(test_kernel_without_kprobes, setup),
	};
	/* clang-format on */

	return cmocka_run_group_tests_name("missed", tests, NULL, NULL);
}
