/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_MOCK_TRACEFS_H
#define KPROBE_MOCK_TRACEFS_H

/*
 * libtracefs replaced (-Wl,--wrap) for the unit tests of the tracefs-facing
 * modules: every call that changes something is logged, any call can be
 * made to fail, and what reads return is set by the test.
 */
#include <stdbool.h>
#include <stddef.h>

#include "options.h"

#define MOCK_LOG_MAX 128

extern char *mock_calls[MOCK_LOG_MAX];
extern int mock_ncalls;
extern const char *mock_fail_prefix; /* a call whose log line starts with this fails */
extern int mock_fail_errno;
extern const char *mock_kprobe_events; /* what kprobe_events and dynamic_events read as */
extern const char *mock_readme;	       /* what README reads as */
extern const char *mock_errlog_before, *mock_errlog_after; /* first read, later reads */
extern bool mock_has_kprobe_events;
extern char **mock_instance_list;
/*
 * A captured ring buffer (tests/unit/fixtures/ring/KERNEL/CASE): when set,
 * events/header_page, events/header_event, per_cpu/cpuN/stats and each
 * event's format read from its files, and the first @mock_ring_cpus CPUs'
 * trace_pipe_raw hand out its cpuN.raw a sub-buffer per tracefs_cpu_read()
 * (then EAGAIN); later CPUs have none (ENOENT).
 */
extern const char *mock_ring_dir;
extern int mock_ring_cpus;
extern const char *mock_saved_cmdlines; /* what saved_cmdlines reads as */
extern const char *mock_hist;		/* what every event's hist file reads as */
extern int mock_cpu_reads;		/* tracefs_cpu_read() calls that handed out data */

/* Forget the log and every setting; a cmocka setup/teardown */
int mock_reset(void **state);

/* Parse a command line into @cfg; the run's group is "kprobe_<our pid>" */
void mock_configure(struct kp_config *cfg, int argc, char **argv);

/* Compare the call log with @want, where %G is the run's group and %P its pid */
void mock_expect_calls(const char *const *want, int n);

/* Run @fn with stderr captured into @buf */
void mock_capture_stderr(void (*fn)(void *), void *arg, char *buf, size_t size);

#endif
