// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hist file parser on files captured from 6.1 and 6.12
 * (tests/unit/fixtures/hist, by tests/vm/capture-fixtures.sh hist).
 */
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "histfile.h"

static const char *const kernels[] = { "6.1", "6.12" };

static char *slurp(const char *kernel, const char *file)
{
	char path[PATH_MAX];
	char *buf;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "tests/unit/fixtures/hist/%s/%s", kernel, file);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void parse(const char *kernel, const char *file, struct kp_hist_file *hf)
{
	char *text = slurp(kernel, file);

	assert_int_equal(kp_histfile_parse(text, hf), 0);
	free(text);
	assert_int_equal(hf->bad_lines, 0);
}

static const struct kp_hist_entry *find(const struct kp_hist_table *t, const char *k0,
					const char *k1)
{
	for (size_t i = 0; i < t->nr_entries; i++)
		if (!strcmp(t->entries[i].key[0], k0) && (!k1 || !strcmp(t->entries[i].key[1], k1)))
			return &t->entries[i];
	fail_msg("no entry %s %s", k0, k1 ? k1 : "");
	return NULL;
}

/* Every captured file: the entries add up to the kernel's own totals, or nearly */
static void test_totals_match_entries(void **state)
{
	(void)state;
	for (size_t k = 0; k < 2; k++) {
		char dir[PATH_MAX];
		int files = 0;

		for (int s = 0; s < 2; s++) {
			const char *sys = s ? "synthetic" : "kph";
			struct dirent *d;
			DIR *dp;

			snprintf(dir, sizeof(dir), "tests/unit/fixtures/hist/%s/%s", kernels[k],
				 sys);
			dp = opendir(dir);
			assert_non_null(dp);
			while ((d = readdir(dp))) {
				char name[PATH_MAX], path[PATH_MAX * 2];
				struct kp_hist_file hf;
				FILE *f;

				if (d->d_name[0] == '.')
					continue;
				snprintf(name, sizeof(name), "%s/%s/hist", sys, d->d_name);
				snprintf(path, sizeof(path), "%s/%s/hist", dir, d->d_name);
				f = fopen(path, "r");
				if (!f)
					continue; /* its trigger was refused */
				fclose(f);
				parse(kernels[k], name, &hf);
				assert_true(hf.nr_tables >= 1);
				for (int i = 0; i < hf.nr_tables; i++) {
					const struct kp_hist_table *t = &hf.tables[i];
					unsigned long long sum = 0;

					assert_non_null(t->trigger);
					assert_true(t->have_totals);
					assert_int_equal(t->nr_entries, t->nr_total);
					for (size_t j = 0; j < t->nr_entries; j++)
						sum += t->entries[j].hitcount;
					/* events during the read count in Hits, not in an entry */
					assert_true(sum <= t->hits && sum + 2 >= t->hits);
				}
				kp_histfile_free(&hf);
				files++;
			}
			closedir(dp);
		}
		assert_true(files >= 15);
	}
}

static void test_string_key(void **state)
{
	struct kp_hist_file hf;
	const struct kp_hist_table *t;

	(void)state;
	parse("6.1", "kph/ocomm/hist", &hf);
	assert_int_equal(hf.nr_tables, 1);
	t = &hf.tables[0];
	assert_string_equal(t->trigger, "hist:keys=kp_comm:vals=hitcount:sort=hitcount:size=2048");
	assert_int_equal(t->nr_keys, 1);
	assert_string_equal(t->key_name[0], "kp_comm");
	assert_int_equal(t->nr_vals, 0);
	assert_int_equal(t->nr_entries, 5);
	assert_string_equal(t->entries[0].key[0], "cat");
	assert_int_equal(t->entries[0].hitcount, 1);
	assert_string_equal(t->entries[3].key[0], "workload");
	assert_int_equal(t->entries[3].hitcount, 29);
	assert_string_equal(t->entries[4].key[0], "sh");
	assert_int_equal(t->entries[4].hitcount, 89);
	assert_int_equal(t->hits, 149);
	assert_int_equal(t->dropped, 0);
	kp_histfile_free(&hf);
	kp_histfile_free(&hf);
}

/* execname and a string longer than its column: nothing pads it */
static void test_two_keys_long_string(void **state)
{
	struct kp_hist_file hf;
	const struct kp_hist_table *t;

	(void)state;
	parse("6.12", "kph/oexec/hist", &hf);
	t = &hf.tables[0];
	assert_int_equal(t->nr_keys, 2);
	assert_string_equal(t->key_name[0], "common_pid");
	assert_string_equal(t->key_name[1], "file");
	assert_int_equal(t->nr_entries, 95);
	assert_int_equal(find(t, "workload        [       174]", "/etc/hostname")->hitcount, 3);
	assert_int_equal(find(t, "workload        [       177]", "/etc/passwd")->hitcount, 2);
	assert_int_equal(find(t, "sh              [       164]",
			      "/sys/kernel/tracing/instances/histcap/events/kph/napc_ret/trigger")
				 ->hitcount,
			 1);
	kp_histfile_free(&hf);

	parse("6.12", "kph/ofile/hist", &hf);
	t = &hf.tables[0];
	assert_string_equal(t->key_name[1], "dfd");
	assert_int_equal(find(t, "/etc/hostname", "18446744073709551516")->hitcount, 3);
	kp_histfile_free(&hf);
}

static void test_stack_key(void **state)
{
	static const char *const names[] = { "stacktrace", "common_stacktrace" };
	static const char *const files[] = { "kph/ostack2/hist", "kph/ostack/hist" };
	struct kp_hist_file hf;
	const struct kp_hist_table *t;

	(void)state;
	for (int k = 0; k < 2; k++) {
		parse(kernels[k], files[k], &hf);
		t = &hf.tables[0];
		assert_int_equal(t->nr_keys, 1);
		assert_string_equal(t->key_name[0], names[k]);
		assert_int_equal(t->nr_entries, 1);
		assert_int_equal(t->entries[0].hitcount, t->hits);
		assert_true(t->hits >= 140);
		/* seven frames, one a line, the probed function fourth */
		assert_non_null(strstr(t->entries[0].key[0], "\ndo_sys_openat2+0x5/0x"));
		assert_true(!strncmp(t->entries[0].key[0], "aggr_pre_handler+0x4", 20));
		assert_non_null(strstr(t->entries[0].key[0], "\nentry_SYSCALL_64_after_hwframe+"));
		kp_histfile_free(&hf);
	}
}

static void test_buckets_and_values(void **state)
{
	struct kp_hist_file hf;
	const struct kp_hist_table *t;
	unsigned long long lo, hi;
	unsigned int e;

	(void)state;
	parse("6.12", "kph/rlog/hist", &hf);
	t = &hf.tables[0];
	assert_string_equal(t->key_name[0], "count");
	/* 5 reads of 100 and 20 of 50..1000 by the workload, and others */
	assert_int_equal(find(t, "~ 2^0", NULL)->hitcount, 3);
	assert_int_equal(kp_hist_log2_bucket(find(t, "~ 2^16", NULL)->key[0], &e), 0);
	assert_int_equal(e, 16);
	kp_histfile_free(&hf);

	parse("6.12", "kph/rbuck/hist", &hf);
	t = &hf.tables[0];
	assert_int_equal(t->nr_entries, 13);
	assert_int_equal(find(t, "~ 900-999", NULL)->hitcount, 2);
	assert_int_equal(kp_hist_linear_bucket("~ 65500-65599", &lo, &hi), 0);
	assert_int_equal(lo, 65500);
	assert_int_equal(hi, 65599);
	kp_histfile_free(&hf);

	parse("6.12", "kph/rcomm/hist", &hf);
	t = &hf.tables[0];
	assert_int_equal(t->nr_keys, 2);
	assert_int_equal(t->nr_vals, 1);
	assert_string_equal(t->val_name[0], "count");
	assert_int_equal(find(t, "cp", "~ 2^16")->val[0], 65536);
	assert_int_equal(find(t, "workload", "~ 2^6")->val[0], 50);
	kp_histfile_free(&hf);
}

/* Two triggers on one event, the same on both kernels; then a synthetic event's */
static void test_tables(void **state)
{
	struct kp_hist_file hf;

	(void)state;
	for (int k = 0; k < 2; k++) {
		parse(kernels[k], "kph/ocpu/hist", &hf);
		assert_int_equal(hf.nr_tables, 2);
		assert_string_equal(hf.tables[0].key_name[0], "common_cpu");
		assert_string_equal(hf.tables[1].key_name[0], "cpu");
		assert_int_equal(hf.tables[0].nr_entries, 2);
		kp_histfile_free(&hf);
	}
	parse("6.1", "synthetic/kph_latd/hist", &hf);
	assert_int_equal(hf.tables[0].nr_entries, 5);
	assert_string_equal(hf.tables[0].key_name[0], "comm");
	assert_string_equal(hf.tables[0].key_name[1], "lat");
	assert_int_equal(find(&hf.tables[0], "timeout", "~ 2^20")->hitcount, 3);
	kp_histfile_free(&hf);
	parse("6.12", "synthetic/kph_late/hist", &hf);
	assert_int_equal(hf.nr_tables, 2);
	assert_int_equal(hf.tables[1].nr_entries, 0);
	assert_true(hf.tables[1].have_totals);
	kp_histfile_free(&hf);
}

static void test_dropped_and_garbage(void **state)
{
	static const char text[] =
		"# event histogram\n"
		"#\n"
		"# trigger info: hist:keys=common_pid:vals=hitcount:size=128 [active]\n"
		"#\n"
		"\n"
		"{ common_pid:        272 } hitcount:          7\n"
		"{ common_pid: 12\n"
		"{ nonsense\n"
		"\n"
		"Totals:\n"
		"    Hits: 9\n"
		"    Entries: 1\n"
		"    Dropped: 2\n";
	struct kp_hist_file hf;
	unsigned long long lo, hi;
	unsigned int e;

	(void)state;
	assert_int_equal(kp_histfile_parse(text, &hf), 0);
	assert_int_equal(hf.bad_lines, 2);
	assert_int_equal(hf.tables[0].nr_entries, 1);
	assert_string_equal(hf.tables[0].entries[0].key[0], "272");
	assert_int_equal(hf.tables[0].dropped, 2);
	assert_int_equal(hf.tables[0].hits, 9);
	kp_histfile_free(&hf);
	assert_int_equal(kp_histfile_parse("", &hf), 0);
	assert_int_equal(hf.nr_tables, 0);
	kp_histfile_free(&hf);
	assert_int_equal(kp_hist_log2_bucket("~ 2^65", &e), -1);
	assert_int_equal(kp_hist_log2_bucket("2^3", &e), -1);
	assert_int_equal(kp_hist_log2_bucket("~ 2^3  ", &e), 0);
	assert_int_equal(e, 3);
	assert_int_equal(kp_hist_linear_bucket("~ 9-1", &lo, &hi), -1);
	assert_int_equal(kp_hist_linear_bucket("~ 2^3", &lo, &hi), -1);
}

/* -i: the second read minus the first */
static void test_subtract(void **state)
{
	static const char first[] =
		"# trigger info: hist:keys=kp_comm,file:vals=hitcount [active]\n"
		"{ kp_comm: a   , file: /x } hitcount:          3\n"
		"{ kp_comm: b   , file: /x } hitcount:          2\n"
		"Totals:\n    Hits: 5\n    Entries: 2\n    Dropped: 1\n";
	static const char second[] =
		"# trigger info: hist:keys=kp_comm,file:vals=hitcount [active]\n"
		"{ kp_comm: b   , file: /x } hitcount:          2\n"
		"{ kp_comm: c   , file: /y } hitcount:          1\n"
		"{ kp_comm: a   , file: /x } hitcount:          7\n"
		"Totals:\n    Hits: 10\n    Entries: 3\n    Dropped: 1\n";
	struct kp_hist_file a, b;

	(void)state;
	assert_int_equal(kp_histfile_parse(first, &a), 0);
	assert_int_equal(kp_histfile_parse(second, &b), 0);
	kp_hist_table_subtract(&b.tables[0], &a.tables[0]);
	assert_int_equal(b.tables[0].nr_entries, 2);
	assert_string_equal(b.tables[0].entries[0].key[0], "c");
	assert_int_equal(b.tables[0].entries[0].hitcount, 1);
	assert_string_equal(b.tables[0].entries[1].key[0], "a");
	assert_int_equal(b.tables[0].entries[1].hitcount, 4);
	assert_int_equal(b.tables[0].hits, 5);
	assert_int_equal(b.tables[0].dropped, 0);
	kp_hist_table_subtract(&a.tables[0], NULL);
	assert_int_equal(a.tables[0].nr_entries, 2);
	assert_int_equal(a.tables[0].hits, 5);
	kp_histfile_free(&a);
	kp_histfile_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals_match_entries), cmocka_unit_test(test_string_key),
		cmocka_unit_test(test_two_keys_long_string), cmocka_unit_test(test_stack_key),
		cmocka_unit_test(test_buckets_and_values),   cmocka_unit_test(test_tables),
		cmocka_unit_test(test_dropped_and_garbage),  cmocka_unit_test(test_subtract),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
