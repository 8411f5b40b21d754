// SPDX-License-Identifier: GPL-2.0-only
/*
 * libtracefs replaced with -Wl,--wrap for the unit tests of the modules that
 * use it: the calls are logged, and any one can be made to fail.
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
#include <unistd.h>
#include <cmocka.h>

#include <tracefs.h>

#include "mock_tracefs.h"

char *mock_calls[MOCK_LOG_MAX];
int mock_ncalls;
const char *mock_fail_prefix;
int mock_fail_errno;
const char *mock_kprobe_events;
const char *mock_errlog_before, *mock_errlog_after;
const char *mock_readme;
static int errlog_reads;
bool mock_has_kprobe_events = true;
char **mock_instance_list;
const char *mock_ring_dir;
int mock_ring_cpus;
const char *mock_saved_cmdlines;
const char *mock_hist;
int mock_cpu_reads;
static char fake;
/* The CPU of each per_cpu/cpuN/trace_pipe_raw descriptor opened */
#define MOCK_FDS 1024
static int fd_cpu[MOCK_FDS];
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
	assert_true(mock_ncalls < MOCK_LOG_MAX);
	mock_calls[mock_ncalls++] = line;
	if (mock_fail_prefix && !strncmp(line, mock_fail_prefix, strlen(mock_fail_prefix))) {
		errno = mock_fail_errno;
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
	return strcmp(name, "kprobe_events") || mock_has_kprobe_events;
}

/* The name the last instance was created or allocated with */
static char instance_name[64];

struct tracefs_instance *__wrap_tracefs_instance_create(const char *name);
struct tracefs_instance *__wrap_tracefs_instance_create(const char *name)
{
	snprintf(instance_name, sizeof(instance_name), "%s", name);
	return logcall("instance_create %s", name) ? NULL : FAKE_INSTANCE;
}

struct tracefs_instance *__wrap_tracefs_instance_alloc(const char *dir, const char *name);
struct tracefs_instance *__wrap_tracefs_instance_alloc(const char *dir, const char *name)
{
	(void)dir;
	snprintf(instance_name, sizeof(instance_name), "%s", name);
	return FAKE_INSTANCE;
}

const char *__wrap_tracefs_instance_get_name(struct tracefs_instance *inst);
const char *__wrap_tracefs_instance_get_name(struct tracefs_instance *inst)
{
	return inst ? instance_name : NULL;
}

/* Pure: the real one */
const char *__real_tracefs_option_name(enum tracefs_option_id id);
const char *__wrap_tracefs_option_name(enum tracefs_option_id id);
const char *__wrap_tracefs_option_name(enum tracefs_option_id id)
{
	return __real_tracefs_option_name(id);
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
	return mock_instance_list;
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
/* A file of the captured ring buffer, NUL-terminated; *@len its size */
static char *ring_file(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", mock_ring_dir, name);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

char *__wrap_tracefs_instance_file_read(struct tracefs_instance *inst, const char *file, int *psize)
{
	int cpu;

	(void)inst;
	(void)psize;
	if (mock_ring_dir && !strncmp(file, "events/", 7))
		return ring_file(file + 7, NULL);
	if (mock_ring_dir && sscanf(file, "per_cpu/cpu%d/stats", &cpu) == 1) {
		char name[32];

		snprintf(name, sizeof(name), "stats-cpu%d", cpu);
		return ring_file(name, NULL);
	}
	if (!strcmp(file, "saved_cmdlines"))
		return mock_saved_cmdlines ? strdup(mock_saved_cmdlines) : NULL;
	if (!strcmp(file, "kprobe_events") || !strcmp(file, "dynamic_events"))
		return mock_kprobe_events ? strdup(mock_kprobe_events) : NULL;
	if (!strcmp(file, "README"))
		return mock_readme ? strdup(mock_readme) : NULL;
	if (!strcmp(file, "error_log")) {
		const char *text = errlog_reads++ ? mock_errlog_after : mock_errlog_before;

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
	if (mock_ring_dir && !strcmp(file, "format")) {
		char name[128];

		snprintf(name, sizeof(name), "format-%s", ev);
		return ring_file(name, NULL);
	}
	if (mock_hist && !strcmp(file, "hist"))
		return strdup(mock_hist);
	/* no triggers: stale cleanup reads each event's */
	if (!strcmp(file, "trigger"))
		return strdup("# Available triggers:\n");
	return strdup(file);
}

int __wrap_tracefs_event_file_append(struct tracefs_instance *inst, const char *sys, const char *ev,
				     const char *file, const char *str);
int __wrap_tracefs_event_file_append(struct tracefs_instance *inst, const char *sys, const char *ev,
				     const char *file, const char *str)
{
	return logcall("event-append %s %s/%s/%s %s", where(inst), sys, ev, file, str)
		       ? -1
		       : (int)strlen(str);
}

int __wrap_tracefs_instance_file_open(struct tracefs_instance *inst, const char *file, int mode);
int __wrap_tracefs_instance_file_open(struct tracefs_instance *inst, const char *file, int mode)
{
	int cpu;

	(void)mode;
	if (mock_ring_dir && sscanf(file, "per_cpu/cpu%d/trace_pipe_raw", &cpu) == 1 &&
	    cpu >= mock_ring_cpus) {
		errno = ENOENT;
		return -1;
	}
	if (logcall("open %s %s", where(inst), file))
		return -1;
	if (mock_ring_dir && sscanf(file, "per_cpu/cpu%d/trace_pipe_raw", &cpu) == 1) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd >= 0 && fd < MOCK_FDS)
			fd_cpu[fd] = cpu;
		return fd;
	}
	return open("/dev/null", O_RDONLY);
}

/* The captured sub-buffers of one CPU, handed out in order */
struct tracefs_cpu {
	char *raw;
	size_t len, off, subbuf;
};

struct tracefs_cpu *__wrap_tracefs_cpu_alloc_fd(int fd, int subbuf_size, bool nonblock);
struct tracefs_cpu *__wrap_tracefs_cpu_alloc_fd(int fd, int subbuf_size, bool nonblock)
{
	struct tracefs_cpu *c;
	char name[32];

	(void)nonblock;
	if (logcall("cpu_alloc_fd %d", fd >= 0 && fd < MOCK_FDS ? fd_cpu[fd] : -1))
		return NULL;
	c = calloc(1, sizeof(*c));
	assert_non_null(c);
	c->subbuf = (size_t)subbuf_size;
	if (mock_ring_dir && fd >= 0 && fd < MOCK_FDS) {
		snprintf(name, sizeof(name), "cpu%d.raw", fd_cpu[fd]);
		c->raw = ring_file(name, &c->len);
	}
	return c;
}

int __wrap_tracefs_cpu_read(struct tracefs_cpu *tcpu, void *buffer, bool nonblock);
int __wrap_tracefs_cpu_read(struct tracefs_cpu *tcpu, void *buffer, bool nonblock)
{
	size_t n;

	(void)nonblock;
	if (mock_fail_prefix && !strcmp(mock_fail_prefix, "cpu_read")) {
		errno = mock_fail_errno;
		return -1;
	}
	if (!tcpu->raw || tcpu->off >= tcpu->len) {
		errno = EAGAIN;
		return -1;
	}
	n = tcpu->len - tcpu->off < tcpu->subbuf ? tcpu->len - tcpu->off : tcpu->subbuf;
	memcpy(buffer, tcpu->raw + tcpu->off, n);
	tcpu->off += n;
	mock_cpu_reads++;
	return (int)n;
}

void __wrap_tracefs_cpu_free_fd(struct tracefs_cpu *tcpu);
void __wrap_tracefs_cpu_free_fd(struct tracefs_cpu *tcpu)
{
	if (!tcpu)
		return;
	free(tcpu->raw);
	free(tcpu);
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

int mock_reset(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < mock_ncalls; i++)
		free(mock_calls[i]);
	mock_ncalls = 0;
	mock_fail_prefix = NULL;
	mock_fail_errno = 0;
	mock_kprobe_events = NULL;
	mock_errlog_before = mock_errlog_after = NULL;
	errlog_reads = 0;
	mock_has_kprobe_events = true;
	mock_instance_list = NULL;
	mock_readme = NULL;
	mock_ring_dir = NULL;
	mock_ring_cpus = 0;
	mock_saved_cmdlines = NULL;
	mock_hist = NULL;
	mock_cpu_reads = 0;
	return 0;
}

void mock_configure(struct kp_config *cfg, int argc, char **argv)
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

void mock_expect_calls(const char *const *want, int n)
{
	char line[512];
	int i;

	if (mock_ncalls != n)
		for (i = 0; i < mock_ncalls; i++)
			print_message("call %d: %s\n", i, mock_calls[i]);
	for (i = 0; i < n && i < mock_ncalls; i++) {
		expand(want[i], line, sizeof(line));
		assert_string_equal(mock_calls[i], line);
	}
	assert_int_equal(mock_ncalls, n);
}

void mock_capture_stderr(void (*fn)(void *), void *arg, char *buf, size_t size)
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
