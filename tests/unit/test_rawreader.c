// SPDX-License-Identifier: GPL-2.0-only
/*
 * The raw reader through the reader interface, on ring buffers captured
 * from real 6.1 and 6.12 kernels (tests/unit/fixtures/ring) and handed out
 * by the mocked tracefs_cpu_read(): the lines it prints are the kernel's
 * own text for the same records, and losses are counted and said.
 */
#include <errno.h>
#include <fcntl.h>
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

#include "mock_tracefs.h"
#include "output.h"
#include "rawreader.h"
#include "reader.h"

static char fixtures[PATH_MAX] = "tests/unit/fixtures/ring";
static char dir[PATH_MAX + 64];

/* The events of the capture (tests/vm/capture-fixtures.sh ring): any group will do */
static const struct kp_raw_event events[] = {
	{ "kpfix", "open", false, NULL, NULL, NULL },
	{ "kpfix", "open_ret", false, NULL, NULL, NULL },
	{ "kpfix", "close", false, NULL, NULL, NULL },
};

static char *slurp(const char *name)
{
	char path[PATH_MAX + 128];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/*
 * The kernel's event lines of the capture's trace file, headers left out,
 * and the task events: the instance has them on for the raw reader to
 * learn task names from, and it does not print them
 */
static char *trace_lines(void)
{
	char *trace = slurp("trace"), *out = calloc(1, strlen(trace) + 1), *l, *o = out;

	assert_non_null(out);
	for (l = trace; *l;) {
		size_t n = strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n');

		if (*l != '#' && !memmem(l, n, ": task_newtask: pid=", 20) &&
		    !memmem(l, n, ": task_rename: pid=", 19)) {
			memcpy(o, l, n);
			o += n;
		}
		l += n;
	}
	free(trace);
	return out;
}

/* Each line from its "-PID" on: the task's name left out */
static void strip_comms(char *text)
{
	char *in = text, *out = text;

	while (*in) {
		size_t n = strcspn(in, "\n") + (in[strcspn(in, "\n")] == '\n');
		char *bracket = memchr(in, '[', n), *dash = bracket;

		while (dash && dash > in && *dash != '-')
			dash--;
		if (dash && *dash == '-') {
			n -= (size_t)(dash - in);
			in = dash;
		}
		memmove(out, in, n);
		out += n;
		in += n;
	}
	*out = '\0';
}

static unsigned long long count_lines(const char *s)
{
	unsigned long long n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * saved_cmdlines as the kernel would have it: every "comm-pid" of the
 * trace, for the tasks that were there before the run (their names are
 * not in the records)
 */
static char *cmdlines_of(const char *lines)
{
	char *out = calloc(1, strlen(lines) + 1), *o = out;
	const char *l;

	assert_non_null(out);
	for (l = lines; *l; l += strcspn(l, "\n") + 1) {
		const char *start = l + strspn(l, " "), *dash, *end = start + strcspn(start, " ");

		for (dash = end; dash > start && dash[-1] != '-'; dash--)
			;
		if (dash > start)
			o += sprintf(o, "%.*s %.*s\n", (int)(end - dash), dash,
				     (int)(dash - 1 - start), start);
		if (!l[strcspn(l, "\n")])
			break;
	}
	return out;
}

/* A number of the capture's per_cpu/cpu@cpu/stats */
static unsigned long long stat_of(int cpu, const char *field)
{
	unsigned long long n;
	char name[32], *text, *at;

	snprintf(name, sizeof(name), "stats-cpu%d", cpu);
	text = slurp(name);
	at = strstr(text, field);
	assert_non_null(at);
	n = strtoull(at + strlen(field), NULL, 10);
	free(text);
	return n;
}

/* The capture's CPUs: 2, or 1 (the armhf guest's) */
static int capture_cpus(void)
{
	char path[PATH_MAX + 128];

	snprintf(path, sizeof(path), "%s/cpu1.raw", dir);
	return access(path, R_OK) ? 1 : 2;
}

static unsigned long long stat_sum(const char *field)
{
	unsigned long long n = 0;
	int cpu;

	for (cpu = 0; cpu < capture_cpus(); cpu++)
		n += stat_of(cpu, field);
	return n;
}

struct run {
	struct kp_reader r;
	struct kp_output out;
	FILE *file;
	char *cmdlines;
};

/* The reader on capture @kernel/@c, two CPUs, into a file */
static void run_open(struct run *run, const char *kernel, const char *c)
{
	struct kp_format_opts opts = { 0 };
	char *why = NULL, *lines;

	snprintf(dir, sizeof(dir), "%s/%s/%s", fixtures, kernel, c);
	memset(run, 0, sizeof(*run));
	mock_ring_dir = dir;
	mock_ring_cpus = capture_cpus();
	lines = trace_lines();
	run->cmdlines = cmdlines_of(lines);
	free(lines);
	mock_saved_cmdlines = run->cmdlines;
	/* the capture's kallsyms; no task of it is looked up in this machine's /proc */
	kp_raw_proc = dir;
	assert_int_equal(kp_reader_raw_open(&run->r, NULL, events, 3, &opts, &why), 0);
	assert_null(why);
	assert_string_equal(run->r.ops->name, "raw");
	assert_false(run->r.with_headers);
	run->file = tmpfile();
	assert_non_null(run->file);
	kp_output_init(&run->out, fileno(run->file), "events.txt");
}

/* What reached the file */
static char *run_text(struct run *run)
{
	long n = ftell(run->file) >= 0 ? lseek(fileno(run->file), 0, SEEK_END) : 0;
	char *buf = malloc(n + 1);

	assert_non_null(buf);
	assert_int_equal(pread(fileno(run->file), buf, n, 0), n);
	buf[n] = '\0';
	return buf;
}

static void run_close(struct run *run)
{
	kp_reader_close(&run->r);
	kp_reader_close(&run->r); /* idempotent */
	kp_output_destroy(&run->out);
	fclose(run->file);
	free(run->cmdlines);
	kp_raw_proc = "/proc";
}

struct drain_call {
	struct run *run;
	volatile sig_atomic_t stop;
	int ret;
	unsigned long long unread;
};

static void do_drain(void *arg)
{
	struct drain_call *c = arg;

	struct kp_reader_loss loss;

	c->ret = kp_reader_drain(&c->run->r, &c->run->out, &c->stop, 2);
	kp_reader_report(&c->run->r, &loss);
	c->unread = loss.unread;
}

/* A -d run's drain: every record, as the kernel printed it */
static void check_basic(const char *kernel)
{
	struct drain_call c = { 0 };
	struct run run;
	char msg[512], want[256], *got, *lines;
	unsigned long long entries;

	run_open(&run, kernel, "basic");
	c.run = &run;
	mock_capture_stderr(do_drain, &c, msg, sizeof(msg));
	assert_int_equal(c.ret, 0);
	got = run_text(&run);
	lines = trace_lines();
	/*
	 * 6.1's capture has tasks renamed after their first records: the
	 * kernel's text names every record by the task's last name, the raw
	 * reader by the name it had then. The rest of each line is the same.
	 */
	if (strstr(kernel, "6.1") && !strstr(kernel, "6.12")) {
		strip_comms(got);
		strip_comms(lines);
	}
	assert_string_equal(got, lines);
	assert_int_equal(run.out.events, count_lines(lines));
	assert_int_equal(run.out.lost, 0);
	assert_true(mock_cpu_reads >= capture_cpus());
	/*
	 * The stats were saved with the capture, before its records were
	 * read: the drain ran to its end, so what they still count is what
	 * trace_pipe_raw did not hand out, and said
	 */
	entries = stat_sum("entries: ");
	assert_int_equal(c.unread, entries);
	snprintf(want, sizeof(want),
		 "kprobe: warning: %llu events stayed in the ring buffer: trace_pipe_raw did not "
		 "hand them out; counted as lost\n",
		 entries);
	assert_string_equal(msg, want);
	free(got);
	free(lines);
	run_close(&run);
}

static void test_basic_6_1(void **state)
{
	(void)state;
	check_basic("6.1");
}

static void test_basic_6_12(void **state)
{
	(void)state;
	check_basic("6.12");
}

/* An overwritten buffer: the loss notice trace_pipe would print, and the count */
static void check_loss(const char *kernel)
{
	struct drain_call c = { 0 };
	struct run run;
	char msg[512], notice[64], *got, *lines, *at;
	unsigned long long overrun;
	int cpu;

	run_open(&run, kernel, "loss");
	c.run = &run;
	c.stop = 1; /* the first Ctrl-C ended the wait: the drain goes on */
	mock_capture_stderr(do_drain, &c, msg, sizeof(msg));
	assert_int_equal(c.ret, 0);
	overrun = stat_sum("overrun: ");
	assert_true(overrun > 0);
	assert_int_equal(run.out.lost, overrun);
	got = run_text(&run);
	/* one notice per CPU, its own overrun, where its records start */
	for (cpu = 0; cpu < capture_cpus(); cpu++) {
		snprintf(notice, sizeof(notice), "CPU:%d [LOST %llu EVENTS]\n", cpu,
			 stat_of(cpu, "overrun: "));
		at = strstr(got, notice);
		assert_non_null(at);
		/* the rest is the kernel's text, line for line */
		memmove(at, at + strlen(notice), strlen(at + strlen(notice)) + 1);
	}
	lines = trace_lines();
	assert_string_equal(got, lines);
	free(got);
	free(lines);
	run_close(&run);
}

static void test_loss_6_1(void **state)
{
	(void)state;
	check_loss("6.1");
}

static void test_loss_6_12(void **state)
{
	(void)state;
	check_loss("6.12");
}

/*
 * The 32-bit kernel's (Debian's armmp 6.1, one CPU): 4-byte addresses in
 * the probes' records and the stacks', a 4-byte commit field
 */
static void test_basic_armhf_6_1(void **state)
{
	(void)state;
	check_basic("armhf-6.1");
}

static void test_loss_armhf_6_1(void **state)
{
	(void)state;
	check_loss("armhf-6.1");
}

/* A second Ctrl-C: nothing more is printed, and nothing is said to be left over */
static void test_second_signal_cuts_drain(void **state)
{
	struct drain_call c = { 0 };
	struct run run;
	char msg[512], *got;

	(void)state;
	run_open(&run, "6.12", "basic");
	c.run = &run;
	c.stop = 2;
	mock_capture_stderr(do_drain, &c, msg, sizeof(msg));
	assert_int_equal(c.ret, 0);
	assert_int_equal(c.unread, 0);
	assert_string_equal(msg, "");
	got = run_text(&run);
	assert_string_equal(got, "");
	assert_int_equal(mock_cpu_reads, 0);
	free(got);
	run_close(&run);
}

/* Live with -n 5: the stream ends at the fifth event; those five are the kernel's first */
static void test_stream_until_full(void **state)
{
	volatile sig_atomic_t stop = 0;
	struct run run;
	char *got, *lines, *end;
	int i;

	(void)state;
	run_open(&run, "6.12", "basic");
	kp_output_set_limit(&run.out, 5);
	assert_int_equal(kp_reader_stream(&run.r, &run.out, &stop), 0);
	assert_int_equal(run.out.events, 5);
	got = run_text(&run);
	lines = trace_lines();
	for (end = lines, i = 0; i < 5; i++)
		end = strchr(end, '\n') + 1;
	*end = '\0';
	assert_string_equal(got, lines);
	free(got);
	free(lines);
	run_close(&run);
}

struct stream_call {
	struct run *run;
	int ret;
};

static void do_stream(void *arg)
{
	struct stream_call *c = arg;
	volatile sig_atomic_t stop = 0;

	c->ret = kp_reader_stream(&c->run->r, &c->run->out, &stop);
}

/* A read error ends the stream, said once, naming what failed */
static void test_read_error(void **state)
{
	struct stream_call c = { 0 };
	struct run run;
	char msg[512];

	(void)state;
	run_open(&run, "6.12", "basic");
	mock_fail_prefix = "cpu_read";
	mock_fail_errno = EIO;
	c.run = &run;
	mock_capture_stderr(do_stream, &c, msg, sizeof(msg));
	assert_int_equal(c.ret, -1);
	assert_string_equal(msg, "kprobe: cannot read trace_pipe_raw: Input/output error\n");
	assert_int_equal(run.out.events, 0);
	run_close(&run);
}

/* A write error is said by the output, naming the file, and not as a read error */
static void test_write_error(void **state)
{
	struct drain_call c = { 0 };
	struct run run;
	char msg[512];

	(void)state;
	run_open(&run, "6.12", "basic");
	run.out.fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	assert_true(run.out.fd >= 0);
	c.run = &run;
	mock_capture_stderr(do_drain, &c, msg, sizeof(msg));
	assert_int_equal(c.ret, -1);
	assert_string_equal(msg, "kprobe: cannot write to 'events.txt': No space left on device\n");
	assert_true(run.out.failed);
	close(run.out.fd);
	run_close(&run);
}

/* An event whose format is not there: the reason, for the text fallback */
static void test_unknown_format(void **state)
{
	static const struct kp_raw_event missing[] = { { "kpfix", "nosuch", false, NULL, NULL,
							 NULL } };
	struct kp_format_opts opts = { 0 };
	struct kp_reader r = { 0 };
	char *why = NULL;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/6.12/basic", fixtures);
	mock_ring_dir = dir;
	mock_ring_cpus = 2;
	kp_raw_proc = dir;
	assert_int_equal(kp_reader_raw_open(&r, NULL, missing, 1, &opts, &why), -1);
	assert_string_equal(why, "cannot read the format of 'kpfix/nosuch'");
	assert_null(r.ops);
	kp_reader_close(&r);
	free(why);
	kp_raw_proc = "/proc";
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_basic_6_1, mock_reset),
		cmocka_unit_test_setup(test_basic_6_12, mock_reset),
		cmocka_unit_test_setup(test_loss_6_1, mock_reset),
		cmocka_unit_test_setup(test_loss_6_12, mock_reset),
		cmocka_unit_test_setup(test_basic_armhf_6_1, mock_reset),
		cmocka_unit_test_setup(test_loss_armhf_6_1, mock_reset),
		cmocka_unit_test_setup(test_second_signal_cuts_drain, mock_reset),
		cmocka_unit_test_setup(test_stream_until_full, mock_reset),
		cmocka_unit_test_setup(test_read_error, mock_reset),
		cmocka_unit_test_setup(test_write_error, mock_reset),
		cmocka_unit_test_setup(test_unknown_format, mock_reset),
	};
	const char *slash = strrchr(argv[0], '/');

	(void)argc;
	/* run from elsewhere than the top of the tree: the fixtures are beside the binary */
	if (access(fixtures, R_OK) && slash)
		snprintf(fixtures, sizeof(fixtures), "%.*s/fixtures/ring", (int)(slash - argv[0]),
			 argv[0]);
	return cmocka_run_group_tests_name("rawreader", tests, NULL, NULL);
}
