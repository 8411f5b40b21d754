// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sub-buffer parser and the merge, on sub-buffers read from the
 * trace_pipe_raw files of real 6.1 and 6.12 kernels (tests/unit/fixtures/ring,
 * made by tests/vm/capture-fixtures.sh ring), checked against the kernel's own
 * text for the same records, and on hand-made hostile sub-buffers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ktext.h"
#include "merge.h"
#include "ring.h"

#define FIXTURES "tests/unit/fixtures/ring"
#define MAX_REC	 8192

static char *slurp(const char *kernel, const char *c, const char *name, size_t *len)
{
	char path[256];
	size_t cap = 4096, n = 0, got;
	char *buf = malloc(cap + 1);
	FILE *f;

	snprintf(path, sizeof(path), FIXTURES "/%s/%s/%s", kernel, c, name);
	f = fopen(path, "rb");
	if (!f) {
		free(buf);
		return NULL;
	}
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void layout_of(const char *kernel, const char *c, struct kp_ring_layout *l)
{
	char *hp = slurp(kernel, c, "header_page", NULL);
	char *he = slurp(kernel, c, "header_event", NULL);

	assert_non_null(hp);
	assert_non_null(he);
	assert_int_equal(kp_ring_layout_parse(hp, he, l), 0);
	free(hp);
	free(he);
}

/* One line of the kernel's text: the CPU, the time stamp in us, the pid */
struct line {
	int cpu;
	unsigned long long us;
	int pid;
	char event[64];
};

/* The event lines of a trace file, in its order (stack frames left out) */
static int parse_trace(const char *text, struct line *lines, int max)
{
	const char *p = text;
	int n = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *br = strstr(p, "] ");
		unsigned long sec, usec;
		const char *dash;
		int cpu, used;

		if (!nl)
			nl = p + strlen(p);
		if (*p != '#' && strncmp(p, " => ", 4) && br && br < nl) {
			const char *open = br;

			while (open > p && *open != '[')
				open--;
			dash = open;
			while (dash > p && *dash != '-')
				dash--;
			assert_true(n < max);
			assert_int_equal(sscanf(open, "[%d] %*s %lu.%lu: %n", &cpu, &sec, &usec,
						&used),
					 3);
			lines[n].cpu = cpu;
			lines[n].us = (unsigned long long)sec * 1000000 + usec;
			lines[n].pid = atoi(dash + 1);
			sscanf(open + used, "%63[^:\n]", lines[n].event);
			n++;
		}
		p = *nl ? nl + 1 : nl;
	}
	return n;
}

struct collected {
	struct kp_record recs[MAX_REC];
	unsigned char *copies[MAX_REC];
	int n;
	unsigned long long lost[8];
	int nlost;
	int stop_after;
};

static int collect(void *ctx, const struct kp_record *r)
{
	struct collected *c = ctx;

	assert_true(c->n < MAX_REC);
	c->recs[c->n] = *r;
	c->copies[c->n] = malloc(r->size ? r->size : 1);
	memcpy(c->copies[c->n], r->data, r->size);
	c->recs[c->n].data = c->copies[c->n];
	c->n++;
	return c->stop_after && c->n == c->stop_after;
}

static int collect_lost(void *ctx, int cpu, unsigned long long count)
{
	struct collected *c = ctx;

	assert_true(cpu >= 0 && cpu < 8);
	c->lost[cpu] += count;
	c->nlost++;
	return 0;
}

static void collected_free(struct collected *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		free(c->copies[i]);
	free(c);
}

/* The fixture's raw files, served one sub-buffer per call */
struct raw_feed {
	char *raw[2];
	size_t len[2], off[2];
	size_t subbuf;
	int nr; /* CPUs: 2, or 1 (the armhf guest's) */
};

static ssize_t feed_fill(void *ctx, int idx, void *buf, size_t size)
{
	struct raw_feed *f = ctx;
	size_t n;

	assert_int_equal(size, f->subbuf);
	n = f->len[idx] - f->off[idx];
	if (n > size)
		n = size;
	memcpy(buf, f->raw[idx] + f->off[idx], n);
	f->off[idx] += n;
	return (ssize_t)n;
}

static void feed_open(struct raw_feed *f, const char *kernel, const char *c, size_t subbuf)
{
	memset(f, 0, sizeof(*f));
	f->raw[0] = slurp(kernel, c, "cpu0.raw", &f->len[0]);
	f->raw[1] = slurp(kernel, c, "cpu1.raw", &f->len[1]);
	assert_non_null(f->raw[0]);
	f->nr = f->raw[1] ? 2 : 1;
	assert_int_equal(f->len[0] % subbuf, 0);
	assert_int_equal(f->len[1] % subbuf, 0);
	f->subbuf = subbuf;
}

static void feed_close(struct raw_feed *f)
{
	free(f->raw[0]);
	free(f->raw[1]);
}

/* The event id of every format file in the fixture, by name */
static int event_id(const char *kernel, const char *c, const char *event)
{
	char name[96], *fmt, *id;
	int ret;

	snprintf(name, sizeof(name), "format-%s", event);
	fmt = slurp(kernel, c, name, NULL);
	if (!fmt)
		return -1;
	id = strstr(fmt, "\nID: ");
	ret = id ? atoi(id + 5) : -1;
	free(fmt);
	return ret;
}

static const char *event_name(const char *kernel, const char *c, int type)
{
	static const char *const names[] = { "open",	     "open_ret",    "close",
					     "task_newtask", "task_rename", "kernel_stack" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (event_id(kernel, c, names[i]) == type)
			return names[i];
	return "?";
}

/*
 * Every record of both CPUs, merged: the same records, in the same order,
 * with the same CPU, time stamp (as printed, rounded to us), pid and event
 * as the lines of the kernel's own text.
 */
static void check_against_text(const char *kernel, const char *c)
{
	struct line *lines = calloc(MAX_REC, sizeof(*lines));
	struct collected *got = calloc(1, sizeof(*got));
	struct kp_record_sink sink = { .record = collect, .lost = collect_lost, .ctx = got };
	static const int cpus[] = { 0, 1 };
	struct kp_ring_layout l;
	struct raw_feed feed;
	struct kp_merge m;
	char *text;
	int n, i;

	layout_of(kernel, c, &l);
	feed_open(&feed, kernel, c, l.data_offset + l.data_size);
	text = slurp(kernel, c, "trace", NULL);
	assert_non_null(text);
	n = parse_trace(text, lines, MAX_REC);
	assert_true(n > 0);

	assert_int_equal(kp_merge_init(&m, &l, feed.subbuf, cpus, feed.nr, feed_fill, &feed), 0);
	assert_int_equal(kp_merge_run(&m, &sink), 0);
	assert_int_equal(m.corrupt, 0);
	assert_int_equal(got->n, n);
	for (i = 0; i < n; i++) {
		const struct kp_record *r = &got->recs[i];
		unsigned short type;
		int pid;

		memcpy(&type, r->data, 2);
		memcpy(&pid, r->data + 4, 4);
		assert_int_equal(r->cpu, lines[i].cpu);
		assert_int_equal((r->ts + 500) / 1000, lines[i].us);
		assert_int_equal(pid, lines[i].pid);
		if (strcmp(lines[i].event, "<stack trace>"))
			assert_string_equal(event_name(kernel, c, type), lines[i].event);
		else
			assert_string_equal(event_name(kernel, c, type), "kernel_stack");
	}
	/* nothing was lost in these */
	assert_int_equal(got->nlost, 0);
	kp_merge_destroy(&m);
	feed_close(&feed);
	free(text);
	free(lines);
	collected_free(got);
}

static void test_basic_6_1(void **state)
{
	(void)state;
	check_against_text("6.1", "basic");
}

static void test_basic_6_12(void **state)
{
	(void)state;
	check_against_text("6.12", "basic");
}

static void test_stack_6_1(void **state)
{
	(void)state;
	check_against_text("6.1", "stack");
}

static void test_stack_6_12(void **state)
{
	(void)state;
	check_against_text("6.12", "stack");
}

/*
 * A buffer overwritten while nobody read it: the first sub-buffer says how
 * many events were lost, and that is the overrun of the CPU's stats.
 */
static void check_loss(const char *kernel)
{
	struct collected *got = calloc(1, sizeof(*got));
	struct kp_record_sink sink = { .record = collect, .lost = collect_lost, .ctx = got };
	static const int cpus[] = { 0, 1 };
	struct kp_ring_layout l;
	struct raw_feed feed;
	struct kp_merge m;
	int cpu, total = 0;

	layout_of(kernel, "loss", &l);
	feed_open(&feed, kernel, "loss", l.data_offset + l.data_size);
	assert_int_equal(kp_merge_init(&m, &l, feed.subbuf, cpus, feed.nr, feed_fill, &feed), 0);
	assert_int_equal(kp_merge_run(&m, &sink), 0);
	for (cpu = 0; cpu < feed.nr; cpu++) {
		struct kp_cpu_stats st = { 0 };
		char name[32], *stats;

		snprintf(name, sizeof(name), "stats-cpu%d", cpu);
		stats = slurp(kernel, "loss", name, NULL);
		assert_non_null(stats);
		assert_true(kp_stats_parse(stats, &st) > 0);
		assert_int_equal(got->lost[cpu], st.overrun);
		total += (int)st.overrun;
		free(stats);
	}
	/* the workload made 2000 events on one CPU, more than 4 KB can hold */
	assert_true(total > 0);
	assert_true(got->n > 0);
	kp_merge_destroy(&m);
	feed_close(&feed);
	collected_free(got);
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

/* The 32-bit kernel's (Debian's armmp 6.1, one CPU): a 4-byte commit field */
static void test_basic_armhf_6_1(void **state)
{
	(void)state;
	check_against_text("armhf-6.1", "basic");
}

static void test_stack_armhf_6_1(void **state)
{
	(void)state;
	check_against_text("armhf-6.1", "stack");
}

static void test_loss_armhf_6_1(void **state)
{
	(void)state;
	check_loss("armhf-6.1");
}

/* The layout both kernels have on x86_64 */
static void test_layout(void **state)
{
	const char *kernels[] = { "6.1", "6.12" };
	struct kp_ring_layout l;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		layout_of(kernels[i], "basic", &l);
		assert_int_equal(l.ts_offset, 0);
		assert_int_equal(l.ts_size, 8);
		assert_int_equal(l.commit_offset, 8);
		assert_int_equal(l.commit_size, 8);
		assert_int_equal(l.data_offset, 16);
		assert_int_equal(l.data_size, 4080);
	}
}

/* A 32-bit kernel's: local_t commit is 4 bytes, and the data follows it */
static void test_layout_32bit(void **state)
{
	struct kp_ring_layout l;

	(void)state;
	layout_of("armhf-6.1", "basic", &l);
	assert_int_equal(l.ts_offset, 0);
	assert_int_equal(l.ts_size, 8);
	assert_int_equal(l.commit_offset, 8);
	assert_int_equal(l.commit_size, 4);
	assert_int_equal(l.data_offset, 12);
	assert_int_equal(l.data_size, 4084);
}

static void test_layout_refused(void **state)
{
	const char *page = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
			   "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
			   "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";
	const char *event = "# compressed entry header\n\ttype_len    :    5 bits\n"
			    "\ttime_delta  :   27 bits\n\tarray       :   32 bits\n\n"
			    "\tpadding     : type == 29\n\ttime_extend : type == 30\n"
			    "\ttime_stamp : type == 31\n\tdata max type_len  == 28\n";
	struct kp_ring_layout l;

	(void)state;
	assert_int_equal(kp_ring_layout_parse(page, event, &l), 0);
	assert_int_equal(l.data_size, 4080);
	/* a different event header is not guessed at */
	errno = 0;
	assert_int_equal(kp_ring_layout_parse(page, "\ttype_len    :    6 bits\n", &l), -1);
	assert_int_equal(errno, EPROTO);
	assert_int_equal(kp_ring_layout_parse("\tfield: u64 timestamp;\toffset:0;\tsize:8;\n",
					      event, &l),
			 -1);
	assert_int_equal(kp_ring_layout_parse(NULL, event, &l), -1);
}

static const struct kp_ring_layout x86 = {
	.ts_offset = 0,
	.ts_size = 8,
	.commit_offset = 8,
	.commit_size = 8,
	.data_offset = 16,
	.data_size = 4080,
};

/* A sub-buffer built by hand: header, then events of 32-bit words */
struct page {
	unsigned char b[4096];
	size_t len;
};

static void page_init(struct page *p, unsigned long long ts)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->b, &ts, 8);
}

static void page_word(struct page *p, uint32_t w)
{
	memcpy(p->b + 16 + p->len, &w, 4);
	p->len += 4;
}

static void page_commit(struct page *p, unsigned long long flags)
{
	unsigned long long commit = p->len | flags;

	memcpy(p->b + 8, &commit, 8);
}

static uint32_t hdr(unsigned int type_len, unsigned int delta)
{
	return type_len | delta << 5;
}

/* Every kind of event header, with time stamps as the kernel's reader adds them */
static void test_event_kinds(void **state)
{
	struct kp_record r;
	struct kp_subbuf sb;
	struct page p;

	(void)state;
	page_init(&p, 1000);
	page_word(&p, hdr(2, 10)); /* 8 bytes of data at 1010 */
	page_word(&p, 0x11111111);
	page_word(&p, 0x22222222);
	page_word(&p, hdr(29, 5)); /* discarded event: 12 bytes, its delta ignored */
	page_word(&p, 8);
	page_word(&p, 0xdead);
	page_word(&p, hdr(30, 3)); /* time extend: 3 + (1 << 27) */
	page_word(&p, 1);
	page_word(&p, hdr(0, 7)); /* long form: 4 bytes of data */
	page_word(&p, 8);
	page_word(&p, 0x33333333);
	page_word(&p, hdr(31, 0x42)); /* absolute time stamp */
	page_word(&p, 2);
	page_word(&p, hdr(1, 1));
	page_word(&p, 0x44444444);
	page_word(&p, hdr(29, 0)); /* null event: the rest is empty */
	page_word(&p, hdr(1, 1));
	page_word(&p, 0x55555555);
	page_commit(&p, 0);

	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, sizeof(p.b), 3), 0);
	assert_false(sb.missed);
	assert_int_equal(kp_subbuf_next(&sb, &r), 1);
	assert_int_equal(r.ts, 1010);
	assert_int_equal(r.size, 8);
	assert_int_equal(r.cpu, 3);
	assert_ptr_equal(r.data, p.b + 20);
	assert_int_equal(kp_subbuf_next(&sb, &r), 1);
	assert_int_equal(r.ts, 1010 + 3 + (1ULL << 27) + 7);
	assert_int_equal(r.size, 4);
	assert_ptr_equal(r.data, p.b + 16 + 40);
	assert_int_equal(kp_subbuf_next(&sb, &r), 1);
	assert_int_equal(r.ts, (2ULL << 27 | 0x42) + 1);
	assert_int_equal(kp_subbuf_next(&sb, &r), 0);
	assert_int_equal(kp_subbuf_next(&sb, &r), 0);
}

static void test_missed_count(void **state)
{
	unsigned long long count = 1234;
	struct kp_subbuf sb;
	struct page p;

	(void)state;
	page_init(&p, 1);
	page_word(&p, hdr(1, 1));
	page_word(&p, 0);
	memcpy(p.b + 16 + p.len, &count, 8);
	page_commit(&p, 3ULL << 30);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, sizeof(p.b), 0), 0);
	assert_true(sb.missed);
	assert_int_equal(sb.missed_count, 1234);
	/* no room to store it: lost, but not how many */
	page_commit(&p, 1ULL << 31);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, sizeof(p.b), 0), 0);
	assert_true(sb.missed);
	assert_int_equal(sb.missed_count, 0);
	/* a count that would lie past what was read is not read */
	page_commit(&p, 3ULL << 30);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, 16 + p.len + 4, 0), 0);
	assert_int_equal(sb.missed_count, 0);
}

static void test_hostile(void **state)
{
	struct kp_record r;
	struct kp_subbuf sb;
	struct page p;

	(void)state;
	/* shorter than its header */
	page_init(&p, 0);
	errno = 0;
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, 15, 0), -1);
	assert_int_equal(errno, EBADMSG);
	/* a commit past the end of what was read */
	page_init(&p, 0);
	page_word(&p, hdr(1, 0));
	page_word(&p, 0);
	page_commit(&p, 0);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, 16 + 4, 0), -1);
	/* an event longer than the sub-buffer */
	page_init(&p, 0);
	page_word(&p, hdr(28, 0));
	page_word(&p, 0);
	page_commit(&p, 0);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, sizeof(p.b), 0), 0);
	errno = 0;
	assert_int_equal(kp_subbuf_next(&sb, &r), -1);
	assert_int_equal(errno, EBADMSG);
	assert_int_equal(kp_subbuf_next(&sb, &r), 0);
	/* long-form lengths that wrap or undercut themselves */
	page_init(&p, 0);
	page_word(&p, hdr(0, 0));
	page_word(&p, 0xfffffffc);
	page_commit(&p, 0);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, sizeof(p.b), 0), 0);
	assert_int_equal(kp_subbuf_next(&sb, &r), -1);
	page_init(&p, 0);
	page_word(&p, hdr(0, 0));
	page_word(&p, 3);
	page_commit(&p, 0);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, sizeof(p.b), 0), 0);
	assert_int_equal(kp_subbuf_next(&sb, &r), -1);
	/* padding that claims more than is there, or a cut-off time extend */
	page_init(&p, 0);
	page_word(&p, hdr(29, 1));
	page_word(&p, 4096);
	page_commit(&p, 0);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, sizeof(p.b), 0), 0);
	assert_int_equal(kp_subbuf_next(&sb, &r), -1);
	page_init(&p, 0);
	page_word(&p, hdr(30, 1));
	page_commit(&p, 0);
	assert_int_equal(kp_subbuf_open(&sb, &x86, p.b, sizeof(p.b), 0), 0);
	assert_int_equal(kp_subbuf_next(&sb, &r), -1);
}

/* Hand-made sub-buffers for the merge: CPU idx gets pages[idx][...] */
struct hand_feed {
	struct page pages[2][3];
	int npages[2], next[2];
	bool gated; /* CPU 0 has nothing until CPU 1 has been read once */
};

static ssize_t hand_fill(void *ctx, int idx, void *buf, size_t size)
{
	struct hand_feed *f = ctx;

	if (f->next[idx] >= f->npages[idx] || (f->gated && idx == 0 && !f->next[1]))
		return 0;
	memcpy(buf, f->pages[idx][f->next[idx]++].b, size);
	return (ssize_t)size;
}

/* Earliest first across CPUs and sub-buffers; ties go to the lower CPU */
static void test_merge_order(void **state)
{
	struct hand_feed *f = calloc(1, sizeof(*f));
	struct collected *got = calloc(1, sizeof(*got));
	struct kp_record_sink sink = { .record = collect, .lost = collect_lost, .ctx = got };
	static const int cpus[] = { 4, 7 };
	static const unsigned long long want_ts[] = { 100, 100, 150, 200, 250, 300, 400 };
	static const int want_cpu[] = { 4, 7, 7, 4, 7, 4, 4 };
	struct kp_merge m;
	int i;

	(void)state;
	page_init(&f->pages[0][0], 100); /* CPU 4: 100, 200; then 300, 400 */
	page_word(&f->pages[0][0], hdr(1, 0));
	page_word(&f->pages[0][0], 1);
	page_word(&f->pages[0][0], hdr(1, 100));
	page_word(&f->pages[0][0], 2);
	page_commit(&f->pages[0][0], 0);
	page_init(&f->pages[0][1], 300);
	page_word(&f->pages[0][1], hdr(1, 0));
	page_word(&f->pages[0][1], 3);
	page_word(&f->pages[0][1], hdr(1, 100));
	page_word(&f->pages[0][1], 4);
	page_commit(&f->pages[0][1], 0);
	f->npages[0] = 2;
	page_init(&f->pages[1][0], 100); /* CPU 7: 100, 150, 250 */
	page_word(&f->pages[1][0], hdr(1, 0));
	page_word(&f->pages[1][0], 5);
	page_word(&f->pages[1][0], hdr(1, 50));
	page_word(&f->pages[1][0], 6);
	page_word(&f->pages[1][0], hdr(1, 100));
	page_word(&f->pages[1][0], 7);
	page_commit(&f->pages[1][0], 0);
	f->npages[1] = 1;

	assert_int_equal(kp_merge_init(&m, &x86, 4096, cpus, 2, hand_fill, f), 0);
	assert_int_equal(kp_merge_run(&m, &sink), 0);
	assert_int_equal(got->n, 7);
	for (i = 0; i < 7; i++) {
		assert_int_equal(got->recs[i].ts, want_ts[i]);
		assert_int_equal(got->recs[i].cpu, want_cpu[i]);
	}
	/* nothing more: a second run finds every CPU empty */
	assert_int_equal(kp_merge_run(&m, &sink), 0);
	assert_int_equal(got->n, 7);
	kp_merge_destroy(&m);
	collected_free(got);
	free(f);
}

/*
 * A loss is reported right before the first record that follows it, in
 * time stamp order, as trace_pipe prints it; a sink that says stop stops
 * the merge at once, and the next run goes on from the record after.
 */
static void test_merge_loss_and_stop(void **state)
{
	struct hand_feed *f = calloc(1, sizeof(*f));
	struct collected *got = calloc(1, sizeof(*got));
	struct kp_record_sink sink = { .record = collect, .lost = collect_lost, .ctx = got };
	static const int cpus[] = { 0, 1 };
	unsigned long long count = 42;
	struct kp_merge m;

	(void)state;
	page_init(&f->pages[0][0], 10);
	page_word(&f->pages[0][0], hdr(1, 0));
	page_word(&f->pages[0][0], 1);
	page_word(&f->pages[0][0], hdr(1, 5));
	page_word(&f->pages[0][0], 2);
	page_commit(&f->pages[0][0], 0);
	f->npages[0] = 1;
	page_init(&f->pages[1][0], 500);
	page_word(&f->pages[1][0], hdr(1, 0));
	page_word(&f->pages[1][0], 3);
	memcpy(f->pages[1][0].b + 16 + f->pages[1][0].len, &count, 8);
	page_commit(&f->pages[1][0], 3ULL << 30);
	f->npages[1] = 1;

	got->stop_after = 1;
	assert_int_equal(kp_merge_init(&m, &x86, 4096, cpus, 2, hand_fill, f), 0);
	assert_int_equal(kp_merge_run(&m, &sink), 1);
	assert_int_equal(got->nlost, 0);
	assert_int_equal(got->n, 1);
	assert_int_equal(got->recs[0].ts, 10);
	got->stop_after = 3;
	assert_int_equal(kp_merge_run(&m, &sink), 1);
	assert_int_equal(got->n, 3);
	assert_int_equal(got->recs[1].ts, 15);
	assert_int_equal(got->nlost, 1);
	assert_int_equal(got->lost[1], 42);
	assert_int_equal(got->recs[2].ts, 500);
	assert_int_equal(got->recs[2].cpu, 1);
	assert_int_equal(kp_merge_run(&m, &sink), 0);
	assert_int_equal(got->n, 3);
	kp_merge_destroy(&m);
	collected_free(got);
	free(f);
}

/*
 * A CPU found empty, then another CPU's sub-buffer read: the first may
 * have written records older than that sub-buffer's in between (a task's
 * new name on the parent's CPU, then the child's first event on another),
 * so it is asked again before any of them goes out.
 */
static void test_merge_empty_asked_again(void **state)
{
	struct hand_feed *f = calloc(1, sizeof(*f));
	struct collected *got = calloc(1, sizeof(*got));
	struct kp_record_sink sink = { .record = collect, .lost = collect_lost, .ctx = got };
	static const int cpus[] = { 0, 1 };
	struct kp_merge m;

	(void)state;
	page_init(&f->pages[0][0], 100); /* CPU 0: 100, there once CPU 1 is read */
	page_word(&f->pages[0][0], hdr(1, 0));
	page_word(&f->pages[0][0], 1);
	page_commit(&f->pages[0][0], 0);
	f->npages[0] = 1;
	page_init(&f->pages[1][0], 150); /* CPU 1: 150, 160 */
	page_word(&f->pages[1][0], hdr(1, 0));
	page_word(&f->pages[1][0], 2);
	page_word(&f->pages[1][0], hdr(1, 10));
	page_word(&f->pages[1][0], 3);
	page_commit(&f->pages[1][0], 0);
	f->npages[1] = 1;
	f->gated = true;

	assert_int_equal(kp_merge_init(&m, &x86, 4096, cpus, 2, hand_fill, f), 0);
	assert_int_equal(kp_merge_run(&m, &sink), 0);
	assert_int_equal(got->n, 3);
	assert_int_equal(got->recs[0].ts, 100);
	assert_int_equal(got->recs[0].cpu, 0);
	assert_int_equal(got->recs[1].ts, 150);
	assert_int_equal(got->recs[2].ts, 160);
	kp_merge_destroy(&m);
	collected_free(got);
	free(f);
}

static ssize_t failing_fill(void *ctx, int idx, void *buf, size_t size)
{
	(void)ctx;
	(void)idx;
	(void)buf;
	(void)size;
	errno = EIO;
	return -1;
}

static void test_merge_fill_error(void **state)
{
	struct collected *got = calloc(1, sizeof(*got));
	struct kp_record_sink sink = { .record = collect, .lost = collect_lost, .ctx = got };
	static const int cpus[] = { 0 };
	struct kp_merge m;

	(void)state;
	assert_int_equal(kp_merge_init(&m, &x86, 4096, cpus, 1, failing_fill, NULL), 0);
	errno = 0;
	assert_int_equal(kp_merge_run(&m, &sink), -1);
	assert_int_equal(errno, EIO);
	kp_merge_destroy(&m);
	kp_merge_destroy(&m);
	collected_free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_refused),
		cmocka_unit_test(test_basic_6_1),
		cmocka_unit_test(test_basic_6_12),
		cmocka_unit_test(test_stack_6_1),
		cmocka_unit_test(test_stack_6_12),
		cmocka_unit_test(test_loss_6_1),
		cmocka_unit_test(test_loss_6_12),
		cmocka_unit_test(test_layout_32bit),
		cmocka_unit_test(test_basic_armhf_6_1),
		cmocka_unit_test(test_stack_armhf_6_1),
		cmocka_unit_test(test_loss_armhf_6_1),
		cmocka_unit_test(test_event_kinds),
		cmocka_unit_test(test_missed_count),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_merge_order),
		cmocka_unit_test(test_merge_loss_and_stop),
		cmocka_unit_test(test_merge_empty_asked_again),
		cmocka_unit_test(test_merge_fill_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
