// SPDX-License-Identifier: GPL-2.0-only
/* --by, --hist and --latency: the trigger text, the README's features, the usage errors */
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

#include "common_fields.h"
#include "histspec.h"
#include "pidns.h"
#include "options.h"

/* A kprobe's format on 6.12: do_sys_openat2 file=+0(%si):string dfd=%di:s32 kp_comm=$comm */
static const char format[] =
	"name: open\n"
	"ID: 1234\n"
	"format:\n" COMMON_FIELDS
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:__data_loc char[] file;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:s32 dfd;\toffset:20;\tsize:4;\tsigned:1;\n"
	"\tfield:u64 count;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:__data_loc char[] kp_comm;\toffset:32;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"(%lx) file=\\\"%s\\\" dfd=%d\", REC->__probe_ip, __get_str(file), REC->dfd\n";

static char errbuf[4096];

/* stderr to a file, to read the message back */
static const char *errors_of(int (*fn)(void *), void *arg, int *ret)
{
	FILE *f = tmpfile();
	int saved = dup(2);
	size_t n;

	assert_non_null(f);
	fflush(stderr);
	dup2(fileno(f), 2);
	*ret = fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(errbuf, 1, sizeof(errbuf) - 1, f);
	errbuf[n] = '\0';
	fclose(f);
	return errbuf;
}

static struct kp_agg_field fields[8];
static int nr_fields;
static struct kp_agg_features feat612 = { true, true, true, "common_stacktrace" };
static struct kp_agg_features feat61 = { true, true, true, "stacktrace" };

static int setup(void **state)
{
	(void)state;
	nr_fields = kp_agg_fields_parse(format, fields, 8);
	return 0;
}

static void test_fields(void **state)
{
	(void)state;
	assert_int_equal(nr_fields, 5);
	assert_string_equal(fields[0].name, "__probe_ip");
	assert_string_equal(fields[1].name, "file");
	assert_true(fields[1].string);
	assert_string_equal(fields[2].name, "dfd");
	assert_false(fields[2].string);
	assert_true(fields[2].is_signed);
	assert_int_equal(fields[2].size, 4);
	assert_string_equal(fields[3].name, "count");
	assert_false(fields[3].is_signed);
	assert_int_equal(fields[3].size, 8);
	assert_string_equal(fields[4].name, "kp_comm");
}

static void build(struct kp_agg_spec *a, const char *by, const char *hist, bool latency)
{
	memset(a, 0, sizeof(*a));
	if (by)
		assert_int_equal(kp_agg_parse_by(a, by), 0);
	if (hist)
		assert_int_equal(kp_agg_parse_hist(a, hist), 0);
	assert_int_equal(kp_agg_check(a, latency), 0);
}

static void test_count_triggers(void **state)
{
	struct kp_agg_spec a;
	char *t;

	(void)state;
	build(&a, "comm,dfd", NULL, false);
	assert_int_equal(a.mode, KP_AGG_COUNT);
	assert_true(kp_agg_wants_comm(&a));
	t = kp_agg_count_trigger(&a, &feat612, fields, nr_fields, "open", NULL);
	assert_string_equal(t, "hist:keys=kp_comm,dfd:vals=hitcount:size=2048");
	free(t);
	build(&a, "file,stack", NULL, false);
	t = kp_agg_count_trigger(&a, &feat612, fields, nr_fields, "open", NULL);
	assert_string_equal(t, "hist:keys=file,common_stacktrace:vals=hitcount:size=2048");
	free(t);
	build(&a, "pid,cpu,stack", NULL, false);
	assert_false(kp_agg_wants_comm(&a));
	t = kp_agg_count_trigger(&a, &feat612, fields, nr_fields, "open", "common_pid >= 0");
	assert_string_equal(
		t, "hist:keys=common_pid,common_cpu,common_stacktrace:vals=hitcount:size=2048 "
		   "if common_pid >= 0");
	free(t);
	build(&a, "stack", NULL, false);
	t = kp_agg_count_trigger(&a, &feat61, fields, nr_fields, "open", "");
	assert_string_equal(t, "hist:keys=stacktrace:vals=hitcount:size=2048");
	free(t);
	build(&a, "dfd", "count", false);
	assert_int_equal(a.mode, KP_AGG_HIST);
	t = kp_agg_count_trigger(&a, &feat612, fields, nr_fields, "open", "dfd == -100");
	assert_string_equal(t, "hist:keys=dfd,count.log2:vals=hitcount:size=2048 if dfd == -100");
	free(t);
	build(&a, NULL, "count:64", false);
	t = kp_agg_count_trigger(&a, &feat612, fields, nr_fields, "open", NULL);
	assert_string_equal(t, "hist:keys=count.buckets=64:vals=hitcount:size=2048");
	free(t);
}

static int bad_key(void *arg)
{
	struct kp_agg_spec a;
	char *t;

	build(&a, arg, NULL, false);
	t = kp_agg_count_trigger(&a, &feat612, fields, nr_fields, "open", NULL);
	free(t);
	return t ? 0 : -1;
}

static int bad_hist(void *arg)
{
	struct kp_agg_spec a;
	char *t;

	build(&a, NULL, arg, false);
	t = kp_agg_count_trigger(&a, &feat612, fields, nr_fields, "open", NULL);
	free(t);
	return t ? 0 : -1;
}

static void test_no_such_field(void **state)
{
	int ret;

	(void)state;
	assert_string_equal(errors_of(bad_key, "filename", &ret),
			    "kprobe: key 'filename' is no field of event 'open' (its fields: "
			    "file, dfd, count; and comm, pid, cpu, stack)\n");
	assert_int_equal(ret, -1);
	assert_string_equal(errors_of(bad_key, "comm,file", &ret),
			    "kprobe: the kernel takes at most one string key (comm or a string "
			    "argument): a string fills 256 of a key's 384 bytes\n");
	assert_int_equal(ret, -1);
	assert_string_equal(errors_of(bad_hist, "file", &ret),
			    "kprobe: field 'file' of event 'open' is a string: --hist needs "
			    "a number\n");
	assert_int_equal(ret, -1);
}

static int parse_by(void *arg)
{
	struct kp_agg_spec a = { 0 };

	return kp_agg_parse_by(&a, arg);
}

static int check_mix(void *arg)
{
	struct kp_agg_spec a = { 0 };

	if (kp_agg_parse_by(&a, arg))
		return -2;
	assert_int_equal(kp_agg_parse_hist(&a, "count"), 0);
	return kp_agg_check(&a, false);
}

static int parse_hist(void *arg)
{
	struct kp_agg_spec a = { 0 };

	return kp_agg_parse_hist(&a, arg);
}

static void test_usage_errors(void **state)
{
	int ret;

	(void)state;
	assert_string_equal(errors_of(parse_by, "comm,pid,cpu,file", &ret),
			    "kprobe: too many keys for --by: the kernel takes at most 3\n");
	assert_int_equal(ret, -1);
	assert_string_equal(errors_of(check_mix, "comm,pid,cpu", &ret),
			    "kprobe: too many keys: the kernel takes at most 3, and the "
			    "histogram takes one\n");
	assert_int_equal(ret, -1);
	assert_string_equal(errors_of(parse_by, "comm,,pid", &ret),
			    "kprobe: invalid key '' for --by (a field name, comm, pid, cpu "
			    "or stack)\n");
	assert_string_equal(errors_of(parse_by, "pid,pid", &ret),
			    "kprobe: key 'pid' given twice for --by\n");
	assert_string_equal(errors_of(parse_hist, "count:0", &ret),
			    "kprobe: invalid step '0' for --hist (a number, 1 to "
			    "4294967296)\n");
	assert_string_equal(errors_of(parse_hist, "1x", &ret),
			    "kprobe: invalid field '1x' for --hist (FIELD or FIELD:STEP)\n");
	assert_int_equal(ret, -1);
	assert_int_equal(errors_of(check_mix, "comm,pid", &ret)[0], '\0');
	assert_int_equal(ret, 0);
}

static void test_latency(void **state)
{
	struct kp_agg_latency l;
	struct kp_agg_spec a;

	(void)state;
	build(&a, NULL, NULL, true);
	assert_int_equal(a.mode, KP_AGG_LATENCY);
	assert_int_equal(kp_agg_latency_build(&a, fields, nr_fields, 0, "kprobe_42_lat0",
					      "kprobe_42", "do_nanosleep", "do_nanosleep", NULL,
					      &l),
			 0);
	assert_string_equal(l.synth, "s:kprobe_42_lat0 u64 lat");
	assert_string_equal(l.entry, "hist:keys=common_pid:kp_ts0=common_timestamp.usecs");
	assert_string_equal(l.ret,
			    "hist:keys=common_pid:kp_lat0=common_timestamp.usecs-$kp_ts0:"
			    "onmatch(kprobe_42.do_nanosleep).trace(kprobe_42_lat0,$kp_lat0)");
	assert_string_equal(l.synth_trigger, "hist:keys=lat.log2:vals=hitcount:size=2048");
	kp_agg_latency_free(&l);

	build(&a, "comm,dfd", NULL, true);
	assert_int_equal(kp_agg_latency_build(&a, fields, nr_fields, 1, "kprobe_42_lat1", "g",
					      "open", "open", "dfd < 0", &l),
			 0);
	assert_string_equal(l.synth, "s:kprobe_42_lat1 u64 lat; char comm[]; s32 dfd");
	assert_string_equal(l.entry, "hist:keys=common_pid:kp_ts1=common_timestamp.usecs,"
				     "kp_k1_1=dfd if dfd < 0");
	assert_string_equal(l.ret,
			    "hist:keys=common_pid:kp_lat1=common_timestamp.usecs-$kp_ts1:"
			    "onmatch(g.open).trace(kprobe_42_lat1,$kp_lat1,kp_comm,$kp_k1_1)");
	assert_string_equal(l.synth_trigger, "hist:keys=comm,dfd,lat.log2:vals=hitcount:size=2048");
	kp_agg_latency_free(&l);
	kp_agg_latency_free(&l);
}

static void test_features(void **state)
{
	struct kp_agg_features f;
	struct kp_agg_spec a;

	(void)state;
	kp_agg_features_read(NULL, &f);
	assert_false(f.hist);
	build(&a, "comm", NULL, false);
	assert_string_equal(kp_agg_missing(&a, &f),
			    "this kernel has no hist triggers (CONFIG_HIST_TRIGGERS): it cannot "
			    "count in the kernel");
	kp_agg_features_read("\t    can be any field, or the special string 'stacktrace'.\n"
			     "\t    Format: hist:keys=<field1[,field2,...]>\n",
			     &f);
	assert_true(f.hist);
	assert_false(f.synth);
	assert_false(f.buckets);
	assert_string_equal(f.stack, "stacktrace");
	assert_null(kp_agg_missing(&a, &f));
	build(&a, NULL, NULL, true);
	assert_string_equal(kp_agg_missing(&a, &f),
			    "this kernel has no synthetic events (CONFIG_SYNTH_EVENTS): --latency "
			    "needs them");
	build(&a, NULL, "count:10", false);
	assert_non_null(strstr(kp_agg_missing(&a, &f), ".buckets"));
	build(&a, NULL, NULL, false);
	assert_null(kp_agg_missing(&a, &f));
}

/* The README files of 6.1 and 6.12 */
static void test_features_captured(void **state)
{
	static const char *const k[] = { "6.1", "6.12" };
	static const char *const stack[] = { "stacktrace", "common_stacktrace" };

	(void)state;
	for (int i = 0; i < 2; i++) {
		char path[PATH_MAX], *text;
		struct kp_agg_features f;
		long n;
		FILE *fp;

		snprintf(path, sizeof(path), "tests/unit/fixtures/hist/%s/README", k[i]);
		fp = fopen(path, "r");
		assert_non_null(fp);
		fseek(fp, 0, SEEK_END);
		n = ftell(fp);
		rewind(fp);
		text = calloc(1, n + 1);
		assert_int_equal(fread(text, 1, n, fp), (size_t)n);
		fclose(fp);
		kp_agg_features_read(text, &f);
		assert_true(f.hist);
		assert_true(f.synth);
		assert_true(f.buckets);
		assert_string_equal(f.stack, stack[i]);
		free(text);
	}
}

static void test_remove_text(void **state)
{
	char *r;

	(void)state;
	r = kp_agg_remove_text("hist:keys=kp_comm:vals=hitcount:sort=hitcount:size=2048 if "
			       "common_pid >= 0 [active]\n");
	assert_string_equal(r, "!hist:keys=kp_comm:vals=hitcount:sort=hitcount:size=2048 if "
			       "common_pid >= 0");
	free(r);
	assert_null(kp_agg_remove_text("# Available triggers:"));
	assert_int_equal(kp_synth_owner("kprobe_1234_lat0"), 1234);
	assert_int_equal(kp_synth_owner("kprobe_1234_lat12"), 1234);
	assert_int_equal(kp_synth_owner("kprobe_1_4026532179_lat0"), -1);
	kp_run_ns = 4026532179UL;
	assert_int_equal(kp_synth_owner("kprobe_1_4026532179_lat0"), 1);
	assert_int_equal(kp_synth_owner("kprobe_1234_lat0"), -1);
	kp_run_ns = 0;
	assert_int_equal(kp_synth_owner("kprobe_1234_lat"), -1);
	assert_int_equal(kp_synth_owner("kprobe__lat0"), -1);
	assert_int_equal(kp_synth_owner("kprobe_12a_lat0"), -1);
	assert_int_equal(kp_synth_owner("wakeup_lat0"), -1);
	assert_null(kp_agg_remove_text(""));
}

static enum kp_parse_result parse_args(struct kp_config *cfg, int argc, const char **argv)
{
	FILE *f = tmpfile();
	int saved = dup(2);
	enum kp_parse_result r;

	fflush(stderr);
	dup2(fileno(f), 2);
	kp_config_init(cfg);
	r = kp_options_parse(cfg, argc, (char **)argv);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(f);
	return r;
}

/* What the options add to the definitions: $comm, the return probes */
static void test_prepare_probes(void **state)
{
	const char *lat[] = { "kprobe",		"--latency",  "--by",	       "comm",
			      "p:do_nanosleep", "f:vfs_read", "p:/bin/sh:main" };
	const char *by[] = { "kprobe", "--by", "comm,file", "p:x", "p:y file=+0(%si):string" };
	const char *bad[] = { "kprobe", "--latency", "r:do_nanosleep" };
	const char *stream[][4] = { { "kprobe", "--by", "comm", "-s" },
				    { "kprobe", "--hist", "x", "-n1" },
				    { "kprobe", "--latency", "--reader", "raw" },
				    { "kprobe", "-i", "1", "p:x" } };
	struct kp_config cfg;

	(void)state;
	assert_int_equal(parse_args(&cfg, 7, lat), KP_PARSE_RUN);
	assert_int_equal(cfg.agg.mode, KP_AGG_LATENCY);
	assert_int_equal(cfg.nr_probes, 6);
	assert_int_equal(cfg.agg.nr_defs, 3);
	assert_int_equal(cfg.agg.ret[0], 3);
	assert_string_equal(cfg.probes[3].type, "r");
	assert_string_equal(cfg.probes[3].location, "do_nanosleep");
	assert_string_equal(cfg.probes[3].event, "do_nanosleep_ret");
	assert_string_equal(cfg.probes[3].args, "kp_comm=$comm");
	assert_null(cfg.probes[0].args);
	assert_true(cfg.probes[4].is_return);
	assert_int_equal(cfg.probes[4].kind, KP_KIND_FPROBE);
	assert_int_equal(cfg.probes[5].kind, KP_KIND_UPROBE);
	assert_true(cfg.probes[5].is_return);
	kp_config_destroy(&cfg);

	assert_int_equal(parse_args(&cfg, 5, by), KP_PARSE_RUN);
	assert_int_equal(cfg.nr_probes, 2);
	assert_string_equal(cfg.probes[0].args, "kp_comm=$comm");
	assert_string_equal(cfg.probes[1].args, "file=+0(%si):string kp_comm=$comm");
	kp_config_destroy(&cfg);

	assert_int_equal(parse_args(&cfg, 3, bad), KP_PARSE_USAGE);
	kp_config_destroy(&cfg);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(parse_args(&cfg, 4, stream[i]), KP_PARSE_USAGE);
		kp_config_destroy(&cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_count_triggers),
		cmocka_unit_test(test_no_such_field),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_features_captured),
		cmocka_unit_test(test_remove_text),
		cmocka_unit_test(test_prepare_probes),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
