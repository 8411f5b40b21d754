// SPDX-License-Identifier: GPL-2.0-only
/*
 * The aggregates against a mocked libtracefs: every trigger goes to the
 * run's instance, none is enabled as a stream, and teardown removes the
 * triggers, then the synthetic events, then (the session) the probes.
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

#include "aggregate.h"
#include "mock_tracefs.h"
#include "options.h"
#include "session.h"

static void test_latency_order(void **state)
{
	char *argv[] = { "kprobe", "--latency", "--by", "comm", "p:vfs_read", "count > 1", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read__%P vfs_read",
		"append top kprobe_events r:%G/vfs_read_ret__%P vfs_read kp_comm=$comm",
		"instance_create %G",
		"write inst buffer_size_kb '4096'",
		/* no task events: nothing reads the ring buffer */
		"write inst set_event_notrace_pid '%P'",
		"event inst %G/vfs_read__%P/filter count > 1",
		/* no event is enabled: the triggers turn them on */
		"append top dynamic_events s:%G_lat0 u64 lat; char comm[]",
		"event-append inst %G/vfs_read__%P/trigger "
		"hist:keys=common_pid:kp_ts0=common_timestamp.usecs if count > 1",
		"event-append inst %G/vfs_read_ret__%P/trigger "
		"hist:keys=common_pid:kp_lat0=common_timestamp.usecs-$kp_ts0:"
		"onmatch(%G.vfs_read__%P).trace(%G_lat0,$kp_lat0,kp_comm)",
		"event-append inst synthetic/%G_lat0/trigger "
		"hist:keys=comm,lat.log2:vals=hitcount:size=2048",
		/* teardown: triggers in reverse, the synthetic event, then the session */
		"event-append inst synthetic/%G_lat0/trigger "
		"!hist:keys=comm,lat.log2:vals=hitcount:size=2048",
		"event-append inst %G/vfs_read_ret__%P/trigger "
		"!hist:keys=common_pid:kp_lat0=common_timestamp.usecs-$kp_ts0:"
		"onmatch(%G.vfs_read__%P).trace(%G_lat0,$kp_lat0,kp_comm)",
		"event-append inst %G/vfs_read__%P/trigger "
		"!hist:keys=common_pid:kp_ts0=common_timestamp.usecs if count > 1",
		"append top dynamic_events -:synthetic/%G_lat0",
		"event inst %G/vfs_read__%P/filter 0",
		"write inst set_event_notrace_pid ''",
		"instance_destroy",
		"append top kprobe_events -:%G/vfs_read_ret__%P",
		"append top kprobe_events -:%G/vfs_read__%P",
	};
	struct kp_config cfg;
	struct kp_session s;

	(void)state;
	mock_configure(&cfg, 6, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	/* debugfs kprobes/list with every kprobe on ftrace: nothing more is asked */
	s.kprobes_list = "tests/unit/fixtures/kprobes-list-ftrace";
	assert_int_equal(kp_session_create_probes(&s), 0);
	/* the session installs the aggregate's triggers last */
	assert_int_equal(kp_session_start(&s), 0);
	assert_int_equal(kp_aggregate_destroy(&s.agg), 0);
	assert_int_equal(kp_aggregate_destroy(&s.agg), 0);
	assert_int_equal(kp_session_destroy(&s), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

/* A refused trigger: what was installed before it is removed, nothing else */
static void test_refused_trigger(void **state)
{
	char *argv[] = { "kprobe", "--by", "comm", "p:vfs_read", "p:vfs_write", NULL };
	static const char *const want[] = {
		"append top kprobe_events p:%G/vfs_read__%P vfs_read kp_comm=$comm",
		"append top kprobe_events p:%G/vfs_write__%P vfs_write kp_comm=$comm",
		"instance_create %G",
		"write inst buffer_size_kb '4096'",
		"write inst set_event_notrace_pid '%P'",
		"event-append inst %G/vfs_read__%P/trigger hist:keys=kp_comm:vals=hitcount:size=2048",
		"event-append inst %G/vfs_write__%P/trigger hist:keys=kp_comm:vals=hitcount:size=2048",
		"event-append inst %G/vfs_read__%P/trigger !hist:keys=kp_comm:vals=hitcount:size=2048",
		"write inst set_event_notrace_pid ''",
		"instance_destroy",
		"append top kprobe_events -:%G/vfs_write__%P",
		"append top kprobe_events -:%G/vfs_read__%P",
	};
	struct kp_config cfg;
	struct kp_session s;
	char prefix[128];

	(void)state;
	mock_configure(&cfg, 5, argv);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	/* debugfs kprobes/list with every kprobe on ftrace: nothing more is asked */
	s.kprobes_list = "tests/unit/fixtures/kprobes-list-ftrace";
	assert_int_equal(kp_session_create_probes(&s), 0);
	snprintf(prefix, sizeof(prefix), "event-append inst %s/vfs_write__%d/trigger hist", s.name,
		 (int)getpid());
	mock_fail_prefix = prefix;
	mock_fail_errno = EINVAL;
	assert_int_equal(kp_session_start(&s), -1);
	mock_fail_prefix = NULL;
	assert_int_equal(kp_session_destroy(&s), 0);
	mock_expect_calls(want, sizeof(want) / sizeof(want[0]));
	kp_config_destroy(&cfg);
}

/* A hist file of the kernel's, 6.12's, for "--by comm" */
static const char hist_comm[] =
	"# event histogram\n"
	"#\n"
	"# trigger info: hist:keys=kp_comm:vals=hitcount:sort=hitcount:size=2048 [active]\n"
	"#\n"
	"\n"
	"{ kp_comm: cat                                                } hitcount:          1\n"
	"{ kp_comm: sh                                                 } hitcount:         89\n"
	"\n"
	"Totals:\n"
	"    Hits: 90\n"
	"    Entries: 2\n"
	"    Dropped: 3\n";

/*
 * The aggregate as the run's reader: -d streams too (the reader is timed),
 * printing every -i what was counted since; the drain prints the rest, and
 * the report and the JSON summary count each event once
 */
static void test_reader(void **state)
{
	char *argv[] = { "kprobe", "--json", "--by", "comm",	   "-i",
			 "0.02",   "-d",     "0.05", "p:vfs_read", NULL };
	static const char want[] =
		"{\"type\":\"count\",\"event\":\"vfs_read\",\"key\":{\"comm\":\"cat\"},\"count\":1}\n"
		"{\"type\":\"count\",\"event\":\"vfs_read\",\"key\":{\"comm\":\"sh\"},\"count\":89}\n"
		"{\"type\":\"summary\",\"counted\":90,\"dropped\":3,\"missed\":7,"
		"\"unreadable\":0}\n";
	volatile sig_atomic_t stop = 0;
	struct kp_reader_loss loss;
	struct kp_output out;
	struct kp_config cfg;
	struct kp_session s;
	char buf[4096];
	int fds[2];
	ssize_t n;

	(void)state;
	mock_hist = hist_comm;
	mock_configure(&cfg, 9, argv);
	assert_int_equal(pipe(fds), 0);
	kp_output_init(&out, fds[1], NULL);
	assert_int_equal(kp_session_init(&s, &cfg), 0);
	assert_int_equal(kp_session_create_probes(&s), 0);
	assert_int_equal(kp_session_start(&s), 0);
	assert_int_equal(kp_session_open_reader(&s), 0);
	assert_string_equal(s.reader.ops->name, "aggregate");
	assert_true(s.reader.timed);
	/* two intervals: the counts, then nothing new */
	assert_int_equal(kp_reader_stream(&s.reader, &out, &stop), 0);
	assert_int_equal(kp_reader_drain(&s.reader, &out, &stop, 2), 0);
	kp_reader_report(&s.reader, &loss);
	assert_true(loss.counts);
	assert_int_equal(loss.counted, 90);
	assert_int_equal(loss.dropped, 3);
	assert_int_equal(loss.unread, 0);
	assert_int_equal(kp_reader_summary(&s.reader, &out, 7), 0);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
	close(fds[0]);
	kp_output_destroy(&out);
	assert_int_equal(kp_session_destroy(&s), 0);
	assert_null(s.reader.ops);
	kp_config_destroy(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_latency_order, mock_reset),
		cmocka_unit_test_setup(test_refused_trigger, mock_reset),
		cmocka_unit_test_setup(test_reader, mock_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
