// SPDX-License-Identifier: GPL-2.0-only
/*
 * Eprobes against the kernel: records of eprobes with every fetch type the
 * kernel takes on them, captured from Linux 6.1 and 6.12
 * (tests/unit/fixtures/eprobe, by tests/vm/capture-fixtures.sh eprobe), must print exactly
 * the lines the kernel printed for them in the same instance's trace file,
 * given the event each one probes as its definition (the kernel's
 * dynamic_events listing, kept in the fixture) names it.
 */
#include <dirent.h>
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

#include "format.h"
#include "ring.h"
#include "slurp.h"

static char fixtures[PATH_MAX] = "tests/unit/fixtures/eprobe";

struct rec {
	unsigned long long ts;
	int cpu;
	const unsigned char *data;
	unsigned int size;
};

struct capture {
	char *trace;
	unsigned char *raw[2];
	struct rec *recs;
	size_t nr;
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

/* Every record of one kernel's capture, in time order, with the tool's parser */
static void load_capture(const char *kernel, struct capture *c)
{
	struct kp_ring_layout layout;
	char *hpage = slurp(NULL, "%s/%s/header_page", fixtures, kernel);
	char *hevent = slurp(NULL, "%s/%s/header_event", fixtures, kernel);
	int cpu;

	memset(c, 0, sizeof(*c));
	assert_non_null(hpage);
	assert_non_null(hevent);
	assert_int_equal(kp_ring_layout_parse(hpage, hevent, &layout), 0);
	free(hpage);
	free(hevent);
	c->trace = slurp(NULL, "%s/%s/epcap/trace", fixtures, kernel);
	assert_non_null(c->trace);
	for (cpu = 0; cpu < 2; cpu++) {
		size_t len = 0, page;

		c->raw[cpu] = (unsigned char *)slurp(&len, "%s/%s/epcap/cpu%d.raw", fixtures,
						     kernel, cpu);
		assert_non_null(c->raw[cpu]);
		for (page = 0; page < len; page += 4096) {
			struct kp_subbuf sb;
			struct kp_record r;
			int ret;

			assert_int_equal(kp_subbuf_open(&sb, &layout, c->raw[cpu] + page,
							len - page < 4096 ? len - page : 4096, cpu),
					 0);
			while ((ret = kp_subbuf_next(&sb, &r)) == 1) {
				c->recs = realloc(c->recs, (c->nr + 1) * sizeof(*c->recs));
				assert_non_null(c->recs);
				c->recs[c->nr++] = (struct rec){ r.ts, cpu, r.data, r.size };
			}
			assert_int_equal(ret, 0);
		}
	}
	qsort(c->recs, c->nr, sizeof(*c->recs), cmp_rec);
}

static void free_capture(struct capture *c)
{
	free(c->trace);
	free(c->raw[0]);
	free(c->raw[1]);
	free(c->recs);
}

/* The probed event of eprobe kpe/@name in the kernel's dynamic_events listing */
static char *probed_of(const char *events, const char *name, char *buf, size_t size)
{
	char head[300];
	const char *l;

	snprintf(head, sizeof(head), "e:kpe/%s ", name);
	for (l = events; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, head, strlen(head)))
			continue;
		l += strlen(head);
		snprintf(buf, size, "%.*s", (int)strcspn(l, " \n"), l);
		return buf;
	}
	return NULL;
}

/*
 * The name of a task that never forked or exec'd in the capture (the shell
 * that ran the workload), as /proc/PID/comm would give it: the first one
 * the kernel printed for @pid
 */
static int lookup_trace(void *ctx, int pid, char comm[16])
{
	const char *l;

	for (l = ctx; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		size_t skip = strspn(l, " ");

		if (*l != '#' && strlen(l) > 17 && l[16] == '-' && atoi(l + 17) == pid &&
		    skip < 16) {
			snprintf(comm, 16, "%.*s", (int)(16 - skip), l + skip);
			return 0;
		}
	}
	return -1;
}

/* A formatter with every eprobe of the capture and the task events */
static struct kp_format *formatter(const char *kernel, const char *trace, bool json,
				   int *nr_eprobes)
{
	struct kp_format_opts opts = { .json = json,
				       .comm_lookup = lookup_trace,
				       .comm_ctx = (void *)trace };
	char *events = slurp(NULL, "%s/%s/events", fixtures, kernel);
	char path[PATH_MAX * 2];
	struct kp_format *f = kp_format_new(&opts);
	struct dirent *d;
	DIR *dir;

	assert_non_null(f);
	assert_non_null(events);
	*nr_eprobes = 0;
	snprintf(path, sizeof(path), "%s/%s/format/kpe", fixtures, kernel);
	dir = opendir(path);
	assert_non_null(dir);
	while ((d = readdir(dir))) {
		char probed[128], *text, *why = NULL;

		if (d->d_name[0] == '.')
			continue;
		text = slurp(NULL, "%s/%s/format/kpe/%s/format", fixtures, kernel, d->d_name);
		assert_non_null(text);
		assert_non_null(probed_of(events, d->d_name, probed, sizeof(probed)));
		if (kp_format_add_eprobe(f, "kpe", text, probed, &why)) {
			print_error("eprobe %s refused: %s\n", d->d_name, why ? why : "");
			fail();
		}
		(*nr_eprobes)++;
		free(text);
	}
	closedir(dir);
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "task_rename" : "task_newtask";
		char *text = slurp(NULL, "%s/%s/format/task/%s/format", fixtures, kernel, name);

		assert_non_null(text);
		assert_int_equal(kp_format_add_event(f, "task", text, NULL), 0);
		free(text);
	}
	free(events);
	return f;
}

/* Is this a line of the kernel's own task events, which the formatter consumes? */
static bool task_line(const char *l, size_t n)
{
	const char *p = memmem(l, n, ": task_", 7);

	return p && (!strncmp(p, ": task_newtask: ", 16) || !strncmp(p, ": task_rename: ", 15));
}

/*
 * The one intended difference: the name a task had when the event happened
 * (before its exec), where the kernel prints the name it has when the line
 * is read; the capture's task_rename line says which it was
 */
static bool renamed_later(const char *got, const char *want, size_t len, const char *trace)
{
	char comm[17], needle[64];
	int pid;

	if (len < 17 || memcmp(got + 16, want + 16, len - 16) || got[16] != '-')
		return false;
	pid = atoi(got + 17);
	snprintf(comm, sizeof(comm), "%.*s", (int)(16 - strspn(got, " ")), got + strspn(got, " "));
	snprintf(needle, sizeof(needle), "task_rename: pid=%d oldcomm=%s ", pid, comm);
	return strstr(trace, needle) != NULL;
}

/* Every record formatted as text is the kernel's line for it, in order */
static void check_kernel_text(const char *kernel, unsigned int want_eprobes)
{
	struct kp_strbuf out = { 0 }, want = { 0 };
	struct capture c;
	struct kp_format *f;
	unsigned int lines = 0;
	const char *l, *g, *w;
	int nr_eprobes;
	size_t i;

	load_capture(kernel, &c);
	f = formatter(kernel, c.trace, false, &nr_eprobes);
	assert_int_equal(nr_eprobes, want_eprobes);
	for (i = 0; i < c.nr; i++) {
		struct kp_record r = { c.recs[i].ts, c.recs[i].data, c.recs[i].size,
				       c.recs[i].cpu };

		assert_true(kp_format_record(f, &r, &out) >= 0);
	}
	for (l = c.trace; *l;) {
		size_t n = strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n');

		if (*l != '#' && !task_line(l, n)) {
			assert_int_equal(kp_strbuf_add(&want, l, n), 0);
			lines++;
		}
		l += n;
	}
	assert_true(lines >= 100);
	assert_non_null(out.buf);
	for (g = out.buf, w = want.buf, lines = 1; *g || *w; lines++) {
		size_t gn = strcspn(g, "\n"), wn = strcspn(w, "\n");

		if ((gn != wn || memcmp(g, w, gn)) &&
		    !(gn == wn && renamed_later(g, w, gn, c.trace))) {
			print_error("line %u differs:\n got: %.*s\nwant: %.*s\n", lines, (int)gn, g,
				    (int)wn, w);
			fail();
		}
		g += gn + (g[gn] == '\n');
		w += wn + (w[wn] == '\n');
	}
	kp_format_free(f);
	kp_strbuf_free(&out);
	kp_strbuf_free(&want);
	free_capture(&c);
}

/* The text and JSON of the first record of eprobe @name */
static void first_of(const char *kernel, const char *name, bool json, struct kp_strbuf *sb)
{
	char head[32];
	struct capture c;
	struct kp_format *f;
	int nr_eprobes;
	size_t i;

	snprintf(head, sizeof(head), ": %s: (", name);
	load_capture(kernel, &c);
	f = formatter(kernel, c.trace, false, &nr_eprobes);
	struct kp_format *fj = formatter(kernel, c.trace, true, &nr_eprobes);

	for (i = 0; i < c.nr; i++) {
		struct kp_record r = { c.recs[i].ts, c.recs[i].data, c.recs[i].size,
				       c.recs[i].cpu };
		size_t mark = sb->len;

		assert_true(kp_format_record(f, &r, sb) >= 0);
		if (!strstr(sb->buf ? sb->buf + mark : "", head)) {
			sb->len = mark;
			continue;
		}
		if (json)
			assert_int_equal(kp_format_record(fj, &r, sb), KP_FMT_EVENT);
		break;
	}
	assert_true(i < c.nr);
	kp_format_free(f);
	kp_format_free(fj);
	free_capture(&c);
}

static void expect_first(const char *kernel, const char *name, const char *text, const char *json)
{
	struct kp_strbuf sb = { 0 };

	first_of(kernel, name, json != NULL, &sb);
	assert_non_null(sb.buf);
	sb.buf[sb.len] = '\0';
	if (json) {
		char *nl = strchr(sb.buf, '\n');

		assert_non_null(nl);
		assert_string_equal(nl + 1, json);
		nl[1] = '\0';
	}
	assert_string_equal(sb.buf, text);
	kp_strbuf_free(&sb);
}

static void test_kernel_6_1(void **state)
{
	(void)state;
	/* 6.1 has no char type: every other eprobe of the capture */
	check_kernel_text("6.1", 8);
}

static void test_kernel_6_12(void **state)
{
	(void)state;
	check_kernel_text("6.12", 9);
}

/* Lines copied from the kernel's trace file, with the JSON of the same record */
static void test_lines_6_1(void **state)
{
	(void)state;
	expect_first("6.1", "eargs",
		     "              sh-108     [001] ...2.     3.615161: eargs: "
		     "(syscalls.sys_enter_openat) nr=0x101 dfd=0xffffff9c fl=0x241 u32=577 "
		     "s64=4294967196 s32=-100 x64=0x30027888 x8=0x9c u16=438 "
		     "name=\"/sys/kernel/tracing/instances/epcap/events/kpe/eexec/enable\" "
		     "c=0xff1138d382488ba0\n",
		     "{\"type\":\"event\",\"time\":3.615161,\"ts\":3615161355,\"cpu\":1,"
		     "\"comm\":\"sh\",\"pid\":108,\"flags\":\"...2.\",\"group\":\"kpe\","
		     "\"event\":\"eargs\",\"probe\":\"syscalls.sys_enter_openat\",\"args\":{"
		     "\"nr\":\"0x101\",\"dfd\":\"0xffffff9c\",\"fl\":\"0x241\",\"u32\":577,"
		     "\"s64\":4294967196,\"s32\":-100,\"x64\":\"0x30027888\",\"x8\":\"0x9c\","
		     "\"u16\":438,"
		     "\"name\":\"/sys/kernel/tracing/instances/epcap/events/kpe/eexec/enable\","
		     "\"c\":\"0xff1138d382488ba0\"}}\n");
	expect_first("6.1", "enoarg",
		     "              sh-108     [001] ...2.     3.622082: enoarg: "
		     "(syscalls.sys_enter_openat)\n",
		     NULL);
	expect_first("6.1", "estr",
		     "              sh-108     [001] ...2.     3.623684: estr: "
		     "(syscalls.sys_enter_openat) "
		     "kname=\"/sys/kernel/tracing/instances/epcap/events/kpe/esym/enable\" "
		     "arr={47,115,121,115} xarr={0x2f,0x73} bf=4 flt=(fault) cs=\"sh\"\n",
		     NULL);
	expect_first("6.1", "efork",
		     "              sh-108     [001] ...1.     3.629163: efork: "
		     "(sched.sched_process_fork) pc=0xff1138d383156010 pp=0x6c "
		     "cc=0xff1138d383156024 cp=0x73\n",
		     NULL);
}

static void test_lines_6_12(void **state)
{
	(void)state;
	expect_first("6.12", "echar",
		     "              sh-165     [000] ...2.     3.241139: echar: "
		     "(syscalls.sys_enter_openat) ch='/'\n",
		     NULL);
	expect_first("6.12", "esym",
		     "              sh-165     [000] ...2.     3.246957: esym: "
		     "(syscalls.sys_enter_close) fd=11 sym=0xb\n",
		     NULL);
	expect_first("6.12", "estr",
		     "              sh-165     [000] ...2.     3.246542: estr: "
		     "(syscalls.sys_enter_openat) "
		     "kname=\"/sys/kernel/tracing/instances/epcap/events/kpe/esym/enable\" "
		     "arr={47,115,121,115} xarr={0x2f,0x73} bf=4 flt=(fault) cs=\"sh\"\n",
		     "{\"type\":\"event\",\"time\":3.246542,\"ts\":3246541649,\"cpu\":0,"
		     "\"comm\":\"sh\",\"pid\":165,\"flags\":\"...2.\",\"group\":\"kpe\","
		     "\"event\":\"estr\",\"probe\":\"syscalls.sys_enter_openat\",\"args\":{"
		     "\"kname\":\"/sys/kernel/tracing/instances/epcap/events/kpe/esym/enable\","
		     "\"arr\":[47,115,121,115],\"xarr\":[\"0x2f\",\"0x73\"],\"bf\":4,"
		     "\"flt\":null,\"cs\":\"sh\"}}\n");
	expect_first("6.12", "eexec",
		     "        workload-172     [001] ...1.     3.253647: eexec: "
		     "(sched.sched_process_exec) fn=0xff3c98d860f3f01c pid=0xac old=0xac\n",
		     NULL);
}

/* Without the event it probes, an eprobe is refused, with the reason */
static void test_refused(void **state)
{
	struct kp_format *f = kp_format_new(&(struct kp_format_opts){ 0 });
	char *text = slurp(NULL, "%s/6.12/format/kpe/eargs/format", fixtures), *why = NULL;

	(void)state;
	assert_non_null(f);
	assert_non_null(text);
	assert_int_equal(kp_format_add_event(f, "kpe", text, &why), -1);
	assert_int_equal(errno, EINVAL);
	assert_string_equal(why, "event kpe/eargs is not a kprobe, uprobe or fprobe, nor an eprobe "
				 "whose probed event was given");
	free(why);
	why = NULL;
	assert_int_equal(kp_format_add_eprobe(f, "kpe", text, "sys_enter_openat", &why), -1);
	assert_string_equal(why, "eprobe kpe/eargs: 'sys_enter_openat' is not SYSTEM.EVENT");
	free(why);
	free(text);
	/* a kprobe's format given as an eprobe */
	text = slurp(NULL, "%s/../6.12/format/kpcap/plain/format", fixtures);
	assert_non_null(text);
	why = NULL;
	assert_int_equal(kp_format_add_eprobe(f, "kpcap", text, "syscalls.sys_enter_openat", &why),
			 -1);
	assert_string_equal(why, "event kpcap/plain has field __probe_ip: it is not an eprobe");
	free(why);
	free(text);
	kp_format_free(f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_6_1), cmocka_unit_test(test_kernel_6_12),
		cmocka_unit_test(test_lines_6_1),  cmocka_unit_test(test_lines_6_12),
		cmocka_unit_test(test_refused),
	};
	const char *slash = argc ? strrchr(argv[0], '/') : NULL;

	/* from the top of the tree (make check), or next to the binary */
	if (access(fixtures, R_OK) && slash)
		snprintf(fixtures, sizeof(fixtures), "%.*s/fixtures/eprobe", (int)(slash - argv[0]),
			 argv[0]);
	return cmocka_run_group_tests_name("eprobe", tests, NULL, NULL);
}
