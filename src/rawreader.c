// SPDX-License-Identifier: GPL-2.0-only
/*
 * The raw reader: every CPU's trace_pipe_raw of the instance, merged by
 * time stamp, formatted in user space.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "comm.h"
#include "ksymsrc.h"
#include "errors.h"
#include "evname.h"
#include "instance.h"
#include "rawreader.h"

const char *kp_raw_proc = "/proc";

/* Longest a missed signal can delay the end of a wait */
#define POLL_MS 250

/*
 * Under load, wait this long after a drain before polling again, so that
 * the next drain finds whole sub-buffers: with buffer_percent at 0, poll()
 * returns for every event, and a wakeup per event costs more than the
 * event. BUSY_RECORDS (a drain that found about a sub-buffer's worth)
 * tells load from a trickle; a lone event still goes out at once.
 */
#define BATCH_MS     10
#define BUSY_RECORDS 64

/*
 * The name of a task the stream has not named (it existed before the run
 * and did not exec since): /proc/PID/comm while it lives, else the
 * kernel's saved_cmdlines.
 */
static int comm_lookup(void *ctx, int pid, char comm[16])
{
	struct kp_raw_reader *rr = ctx;
	const char *line;
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%d/comm", kp_raw_proc, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		char buf[32];
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			snprintf(comm, 16, "%.15s", buf);
			return 0;
		}
	}
	if (!rr->cmdlines_read) {
		rr->cmdlines = tracefs_instance_file_read(NULL, "saved_cmdlines", NULL);
		rr->cmdlines_read = true;
	}
	for (line = rr->cmdlines; line && *line; line = strchr(line, '\n'), line += !!line) {
		char *end;
		long p = strtol(line, &end, 10);

		if (p == pid && *end == ' ') {
			size_t len = strcspn(end + 1, "\n");

			snprintf(comm, 16, "%.*s", (int)(len < 15 ? len : 15), end + 1);
			return 0;
		}
		if (!strchr(line, '\n'))
			break;
	}
	return -1;
}

/* A process's mappings, for its user stack frames: /proc/PID/maps while it lives */
static char *maps_read(void *ctx, int pid)
{
	char path[PATH_MAX];

	(void)ctx;
	snprintf(path, sizeof(path), "%s/%d/maps", kp_raw_proc, pid);
	return kp_read_file(path);
}

/*
 * The longest text the running kernel prints for one record, its newline
 * included: the size of its trace_seq buffer. PAGE_SIZE before Linux 6.8;
 * 6.8 made it 8 KB less the rest of struct trace_seq (a struct seq_buf of
 * three words, readpos and full): commits 40fc60e36c60 ("trace_seq:
 * Increase the buffer size to almost two pages") and 6f42249fecb9
 * ("tracing: Limit trace_seq size to just 8K and not depend on architecture
 * PAGE_SIZE"). Returns 0 (no limit) when the release cannot be read.
 */
static size_t kernel_line_max(void)
{
	unsigned long major, minor;
	struct utsname u;
	char *end;
	long page;

	if (uname(&u))
		return 0;
	major = strtoul(u.release, &end, 10);
	if (*end != '.')
		return 0;
	minor = strtoul(end + 1, &end, 10);
	if (major > 6 || (major == 6 && minor >= 8))
		return 8192 - (4 * sizeof(size_t) + sizeof(int));
	page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (size_t)page : 4096;
}

/* Register one event's format with the formatter; @probed: an eprobe's event */
static int add_event(struct kp_raw_reader *rr, const char *group, const char *event,
		     const char *probed, const char *shown, char **why)
{
	char *text = tracefs_event_file_read(rr->inst, group, event, "format", NULL);
	int ret;

	if (!text) {
		if (asprintf(why, "cannot read the format of '%s/%s'", group, event) < 0)
			*why = NULL;
		return -1;
	}
	if (shown) {
		char *renamed = kp_evname_format(text, shown);

		free(text);
		if (!renamed)
			return error_errno("cannot set up the formatter");
		text = renamed;
	}
	ret = probed ? kp_format_add_eprobe(rr->fmt, group, text, probed, why)
		     : kp_format_add_event(rr->fmt, group, text, why);
	free(text);
	return ret;
}

/* A uprobe: its addresses are a process's, and its file places the user stack's frames */
static int user_event(struct kp_raw_reader *rr, const struct kp_raw_event *ev)
{
	const char *name = ev->shown ? ev->shown : ev->event;
	const char *colon = ev->path ? strrchr(ev->path, ':') : NULL;
	char *path, *end;
	unsigned long long off;
	int ret;

	if (!colon)
		return kp_format_user_event(rr->fmt, ev->group, name);
	errno = 0;
	off = strtoull(colon + 1, &end, 0);
	if (errno || end == colon + 1)
		return kp_format_user_event(rr->fmt, ev->group, name);
	path = strndup(ev->path, (size_t)(colon - ev->path));
	if (!path)
		return -1;
	ret = kp_format_user_site(rr->fmt, ev->group, name, path, off);
	free(path);
	return ret;
}

static ssize_t fill(void *ctx, int idx, void *buf, size_t size)
{
	struct kp_raw_reader *rr = ctx;
	int n;

	(void)size;
	n = tracefs_cpu_read(rr->tcpu[idx], buf, true);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return n;
}

/* Open every CPU's trace_pipe_raw that the instance has */
static int open_cpus(struct kp_raw_reader *rr, int subbuf_size)
{
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	int cpu;

	if (ncpus < 1)
		ncpus = 1;
	rr->cpus = calloc(ncpus, sizeof(*rr->cpus));
	rr->fds = calloc(ncpus, sizeof(*rr->fds));
	rr->tcpu = calloc(ncpus, sizeof(struct tracefs_cpu *));
	rr->lost = calloc(ncpus, sizeof(*rr->lost));
	if (!rr->cpus || !rr->fds || !rr->tcpu || !rr->lost)
		return error_errno("cannot allocate the raw reader");
	for (cpu = 0; cpu < ncpus; cpu++) {
		char file[64];
		int fd;

		snprintf(file, sizeof(file), "per_cpu/cpu%d/trace_pipe_raw", cpu);
		fd = tracefs_instance_file_open(rr->inst, file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			return error_errno("cannot open '%s'", file);
		}
		rr->tcpu[rr->nr] = tracefs_cpu_alloc_fd(fd, subbuf_size, true);
		if (!rr->tcpu[rr->nr]) {
			close(fd);
			return error_errno("cannot read '%s'", file);
		}
		rr->fds[rr->nr] = fd;
		rr->cpus[rr->nr] = cpu;
		rr->nr++;
	}
	if (!rr->nr)
		return error("no per_cpu/cpuN/trace_pipe_raw in the instance");
	return 0;
}

int kp_raw_open(struct kp_raw_reader *rr, struct tracefs_instance *inst,
		const struct kp_raw_event *events, int nr_events, const struct kp_format_opts *opts,
		char **why)
{
	static const struct kp_raw_event always[] = {
		{ KP_TASK_SYSTEM, KP_TASK_NEWTASK, false, NULL, NULL, NULL },
		{ KP_TASK_SYSTEM, KP_TASK_RENAME, false, NULL, NULL, NULL },
		{ KP_FREE_SYSTEM, KP_TASK_FREE, false, NULL, NULL, NULL },
	};
	struct kp_format_opts fo = *opts;
	struct kp_ring_layout layout;
	char *page, *event;
	int i, ret;

	memset(rr, 0, sizeof(*rr));
	rr->inst = inst;
	*why = NULL;

	page = tracefs_instance_file_read(inst, "events/header_page", NULL);
	event = tracefs_instance_file_read(inst, "events/header_event", NULL);
	ret = kp_ring_layout_parse(page, event, &layout);
	free(page);
	free(event);
	if (ret) {
		*why = strdup("the ring buffer's header_page or header_event is not the known one");
		return -1;
	}

	rr->clock = opts->clock;
	fo.comm_lookup = comm_lookup;
	fo.maps_read = maps_read;
	fo.maps_ctx = NULL;
	fo.comm_ctx = rr;
	fo.line_max = kernel_line_max();
	rr->fmt = kp_format_new(&fo);
	if (!rr->fmt)
		return error_errno("cannot allocate the formatter");
	for (i = 0; i < nr_events; i++)
		if (add_event(rr, events[i].group, events[i].event, events[i].probed,
			      events[i].shown, why))
			return -1;
	for (i = 0; i < (int)(sizeof(always) / sizeof(always[0])); i++)
		if (add_event(rr, always[i].group, always[i].event, NULL, NULL, why))
			return -1;
	/* a kernel without modules has none */
	if (add_event(rr, KP_MODULE_SYSTEM, KP_MODULE_LOAD, NULL, NULL, why)) {
		free(*why);
		*why = NULL;
	}
	if ((opts->stack || opts->ustack) &&
	    (add_event(rr, "ftrace", "kernel_stack", NULL, NULL, why) ||
	     add_event(rr, "ftrace", "user_stack", NULL, NULL, why)))
		return -1;
	/*
	 * Which symbols the events need: all of them for a "symbol" argument,
	 * code for probe, return and stack addresses, none for uprobes alone.
	 * They are read now for a live run (no event waits for them), and
	 * with -d when a record first prints a kernel address (a run that
	 * prints none never reads /proc/kallsyms); again for a module
	 * loaded since.
	 */
	for (i = 0; i < nr_events; i++)
		if (events[i].user && user_event(rr, &events[i]))
			return error_errno("cannot set up the formatter");
	/* kept by the formatter, which reads them when it first needs symbols */
	snprintf(rr->kallsyms_path, sizeof(rr->kallsyms_path), "%s/kallsyms", kp_raw_proc);
	snprintf(rr->modules_path, sizeof(rr->modules_path), "%s/modules", kp_raw_proc);
	kp_format_kallsyms_from(rr->fmt, rr->kallsyms_path, rr->modules_path);

	if (open_cpus(rr, (int)(layout.data_offset + layout.data_size)))
		return -1;
	if (kp_merge_init(&rr->merge, &layout, layout.data_offset + layout.data_size, rr->cpus,
			  rr->nr, fill, rr))
		return error_errno("cannot allocate the raw reader");
	rr->merge_set = true;
	return 0;
}

/* Should the merge stop: output gone or done (-n), or a signal? */
static int sink_result(struct kp_raw_reader *rr)
{
	if (rr->out->closed || rr->out->done || (rr->stop && *rr->stop >= rr->stop_at))
		return 1;
	return 0;
}

static int on_record(void *ctx, const struct kp_record *r)
{
	struct kp_raw_reader *rr = ctx;
	enum kp_output_kind kind;
	int ret;

	rr->drained++;
	if (rr->ustacks && !kp_ustack_seen_settled(rr->ustacks) &&
	    kp_ustack_seen_record(rr->ustacks, r->cpu, kp_format_ustack_rec(rr->fmt, r)))
		kp_ustack_seen_say(rr->ustacks);
	kp_strbuf_reset(&rr->text);
	ret = kp_format_record(rr->fmt, r, &rr->text);
	if (ret < 0) {
		if (errno != EINVAL)
			return -1;
		/* a record of an event this run did not enable, or a corrupt one */
		rr->unknown++;
		return 0;
	}
	if (ret == KP_FMT_NONE)
		return 0;
	kind = ret == KP_FMT_STACK ? KP_OUT_MORE : KP_OUT_EVENT;
	if (kp_output_record(rr->out, kind, rr->text.buf, rr->text.len, 0))
		return rr->out->closed ? 1 : -1;
	return sink_result(rr);
}

/* The index of @cpu among the CPUs read */
static int cpu_index(const struct kp_raw_reader *rr, int cpu)
{
	int i;

	for (i = 0; i < rr->nr; i++)
		if (rr->cpus[i] == cpu)
			return i;
	return -1;
}

/*
 * How many events @cpu lost when a sub-buffer says it lost some but had
 * no room to say how many: the CPU's overrun counter, less what was
 * reported before. (The kernel stores the count only when it fits after
 * the last event.)
 */
static unsigned long long lost_from_stats(struct kp_raw_reader *rr, int cpu)
{
	struct kp_cpu_stats st = { 0 };
	int idx = cpu_index(rr, cpu);

	if (idx < 0 || kp_instance_cpu_stats(rr->inst, cpu, &st))
		return 0;
	return st.overrun > rr->lost[idx] ? st.overrun - rr->lost[idx] : 0;
}

static int on_lost(void *ctx, int cpu, unsigned long long count)
{
	struct kp_raw_reader *rr = ctx;
	int idx = cpu_index(rr, cpu);

	if (!count)
		count = lost_from_stats(rr, cpu);
	if (idx >= 0)
		rr->lost[idx] += count;

	kp_strbuf_reset(&rr->text);
	if (kp_format_lost(rr->fmt, cpu, count, &rr->text))
		return -1;
	if (kp_output_record(rr->out, KP_OUT_LOST, rr->text.buf, rr->text.len, count))
		return rr->out->closed ? 1 : -1;
	return sink_result(rr);
}

/* Everything buffered now, to the output; returns 0, 1 (stopped) or -1 */
static int drain_once(struct kp_raw_reader *rr)
{
	struct kp_record_sink sink = { .record = on_record, .lost = on_lost, .ctx = rr };
	int ret;

	rr->drained = 0;
	/* wall time of the records: the offset as it is now (clock.h) */
	if (rr->clock)
		kp_clock_sync(rr->clock);
	ret = kp_merge_run(&rr->merge, &sink);

	if (kp_output_flush(rr->out) && !rr->out->closed)
		return -1;
	return ret;
}

/* Only a pipe or socket tells poll() that its reader has gone */
static bool output_pollable(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

int kp_raw_stream(struct kp_raw_reader *rr, struct kp_output *out,
		  const volatile sig_atomic_t *stop)
{
	struct pollfd *fds = calloc(rr->nr + 1, sizeof(*fds));
	nfds_t nfds = rr->nr;
	int i, ret = 0;

	if (!fds)
		return -1;
	rr->out = out;
	rr->stop = stop;
	rr->stop_at = 1;
	for (i = 0; i < rr->nr; i++) {
		fds[i].fd = rr->fds[i];
		fds[i].events = POLLIN;
	}
	if (output_pollable(out->fd)) {
		fds[nfds].fd = out->fd;
		fds[nfds].events = 0;
		nfds++;
	}
	while (!*stop && !out->closed && !kp_output_full(out)) {
		int n;

		if (rr->drained >= BUSY_RECORDS) {
			struct timespec batch = { 0, BATCH_MS * 1000000L };

			nanosleep(&batch, NULL); /* a signal ends it early */
			if (*stop)
				break;
		}
		n = poll(fds, nfds, kp_reader_tick(POLL_MS));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -1;
			break;
		}
		if (nfds > (nfds_t)rr->nr && (fds[rr->nr].revents & (POLLERR | POLLHUP))) {
			out->closed = true;
			break;
		}
		/*
		 * Read on a timeout too: with a buffer_percent the kernel did
		 * not take, poll() waits for a watermark, not for an event
		 */
		ret = drain_once(rr);
		if (ret < 0)
			break;
		ret = 0;
	}
	free(fds);
	return ret;
}

int kp_raw_drain(struct kp_raw_reader *rr, struct kp_output *out, const volatile sig_atomic_t *stop,
		 int stop_at)
{
	int ret;

	rr->out = out;
	rr->stop = stop;
	rr->stop_at = stop_at;
	rr->drained_all = false;
	if (*stop >= stop_at || out->closed)
		return 0;
	ret = drain_once(rr);
	rr->drained_all = !ret && !out->closed && !out->done && !kp_output_full(out);
	return ret < 0 ? -1 : 0;
}

unsigned long long kp_raw_unread(struct kp_raw_reader *rr)
{
	unsigned long long unread = 0;
	int i;

	if (!rr->drained_all)
		return 0;
	for (i = 0; i < rr->nr; i++) {
		struct kp_cpu_stats st = { 0 };

		if (!kp_instance_cpu_stats(rr->inst, rr->cpus[i], &st))
			unread += st.entries;
	}
	return unread;
}

void kp_raw_close(struct kp_raw_reader *rr)
{
	int i;

	if (rr->merge_set)
		kp_merge_destroy(&rr->merge);
	rr->merge_set = false;
	for (i = 0; i < rr->nr; i++) {
		tracefs_cpu_free_fd(rr->tcpu[i]);
		close(rr->fds[i]);
	}
	rr->nr = 0;
	free(rr->tcpu);
	free(rr->fds);
	free(rr->cpus);
	free(rr->lost);
	rr->lost = NULL;
	rr->tcpu = NULL;
	rr->fds = NULL;
	rr->cpus = NULL;
	kp_format_free(rr->fmt);
	rr->fmt = NULL;
	kp_strbuf_free(&rr->text);
	free(rr->cmdlines);
	rr->cmdlines = NULL;
	rr->cmdlines_read = false;
}

/* The raw reader behind the reader interface */
static int raw_failed(const struct kp_output *out)
{
	/* the output said what went wrong with its writes */
	if (!out->failed)
		error_errno("cannot read trace_pipe_raw");
	return -1;
}

static int raw_stream(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop)
{
	return kp_raw_stream(r->priv, out, stop) ? raw_failed(out) : 0;
}

static int raw_drain(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop,
		     int stop_at)
{
	return kp_raw_drain(r->priv, out, stop, stop_at) ? raw_failed(out) : 0;
}

static void raw_report(struct kp_reader *r, struct kp_reader_loss *loss)
{
	struct kp_raw_reader *rr = r->priv;

	loss->corrupt = rr->merge.corrupt;
	loss->unknown = rr->unknown;
	loss->unread = kp_raw_unread(rr);
}

static void raw_close(struct kp_reader *r)
{
	kp_raw_close(r->priv);
	free(r->priv);
}

static void raw_watch_ustacks(struct kp_reader *r, struct kp_ustack_seen *seen)
{
	struct kp_raw_reader *rr = r->priv;

	rr->ustacks = seen;
}

static const struct kp_reader_ops raw_ops = {
	.name = "raw",
	.stream = raw_stream,
	.drain = raw_drain,
	.report = raw_report,
	.close = raw_close,
	.watch_ustacks = raw_watch_ustacks,
};

int kp_reader_raw_open(struct kp_reader *r, struct tracefs_instance *inst,
		       const struct kp_raw_event *events, int nr_events,
		       const struct kp_format_opts *opts, char **why)
{
	struct kp_raw_reader *rr = calloc(1, sizeof(*rr));

	*why = NULL;
	if (!rr)
		return error("out of memory");
	if (kp_raw_open(rr, inst, events, nr_events, opts, why)) {
		kp_raw_close(rr);
		free(rr);
		return -1;
	}
	r->ops = &raw_ops;
	r->priv = rr;
	r->with_headers = false;
	return 0;
}
