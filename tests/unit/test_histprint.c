// SPDX-License-Identifier: GPL-2.0-only
/* Counts, histograms and their JSON, from hist files as 6.1 and 6.12 print them */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "histprint.h"

static char *print(const struct kp_hist_view *v, const char *text, long want_skipped)
{
	struct kp_strbuf sb = { 0 };
	struct kp_hist_file hf;

	assert_int_equal(kp_histfile_parse(text, &hf), 0);
	assert_int_equal(hf.nr_tables, 1);
	assert_int_equal(kp_hist_print(v, &hf.tables[0], &sb), want_skipped);
	kp_histfile_free(&hf);
	if (!sb.buf)
		assert_int_equal(kp_strbuf_add(&sb, "", 0), 0);
	return sb.buf;
}

#define HEAD(keys)                                              \
	"# event histogram\n#\n# trigger info: hist:keys=" keys \
	":vals=hitcount:sort=hitcount:size=2048 [active]\n#\n\n"
#define TOTALS "\nTotals:\n    Hits: 20\n    Entries: 3\n    Dropped: 0\n"

static const char by_comm_file[] = HEAD(
	"kp_comm,file") "{ kp_comm: workload                                          , file: /etc/hostname  } hitcount:          3\n"
			"{ kp_comm: sh                                                , file: /dev/null      } hitcount:         16\n"
			"{ kp_comm: workload                                          , file: /etc/passwd    } hitcount:          1\n" TOTALS;

static void test_counts_largest_last(void **state)
{
	struct kp_hist_view v = { .event = "do_sys_openat2", .nr_keys = 2 };
	char *out;

	(void)state;
	v.keys[0] = (struct kp_view_key){ "comm", KP_VIEW_STRING };
	v.keys[1] = (struct kp_view_key){ "file", KP_VIEW_STRING };
	out = print(&v, by_comm_file, 0);
	assert_string_equal(out, "do_sys_openat2\n"
				 "  comm     file          count\n"
				 "  workload /etc/passwd       1\n"
				 "  workload /etc/hostname     3\n"
				 "  sh       /dev/null        16\n");
	free(out);
	v.json = true;
	out = print(&v, by_comm_file, 0);
	assert_string_equal(
		out,
		"{\"type\":\"count\",\"event\":\"do_sys_openat2\",\"key\":{\"comm\":\"workload\","
		"\"file\":\"/etc/passwd\"},\"count\":1}\n"
		"{\"type\":\"count\",\"event\":\"do_sys_openat2\",\"key\":{\"comm\":\"workload\","
		"\"file\":\"/etc/hostname\"},\"count\":3}\n"
		"{\"type\":\"count\",\"event\":\"do_sys_openat2\",\"key\":{\"comm\":\"sh\","
		"\"file\":\"/dev/null\"},\"count\":16}\n");
	free(out);
}

/* A signed field as the kernel prints it (u64), a pid, a stack from the probed function */
static void test_key_types(void **state)
{
	static const char text[] = HEAD(
		"dfd,common_pid") "{ dfd: 18446744073709551516, common_pid:        272 } hitcount:          7\n"
				  "{ dfd:          3, common_pid:         12 } hitcount:          2\n"
				  "{ dfd: x, common_pid:         12 } hitcount:          2\n" TOTALS;
	static const char stack[] = HEAD(
		"common_stacktrace") "{ common_stacktrace:\n"
				     "         aggr_pre_handler+0x44/0x80\n"
				     "         kprobe_ftrace_handler+0x13b/0x1d0\n"
				     "         0xffffffffc02320de\n"
				     "         do_sys_openat2+0x5/0xe0\n"
				     "         __x64_sys_openat+0x6e/0xa0\n"
				     "} hitcount:        127\n" TOTALS;
	struct kp_hist_view v = { .event = "open", .nr_keys = 2 };
	char *out;

	(void)state;
	v.keys[0] = (struct kp_view_key){ "dfd", KP_VIEW_SIGNED };
	v.keys[1] = (struct kp_view_key){ "pid", KP_VIEW_UNSIGNED };
	out = print(&v, text, 1);
	assert_string_equal(out, "open\n"
				 "  dfd  pid count\n"
				 "  3    12      2\n"
				 "  -100 272     7\n");
	free(out);
	v.json = true;
	out = print(&v, text, 1);
	assert_string_equal(out,
			    "{\"type\":\"count\",\"event\":\"open\",\"key\":{\"dfd\":3,\"pid\":12},"
			    "\"count\":2}\n"
			    "{\"type\":\"count\",\"event\":\"open\",\"key\":{\"dfd\":-100,\"pid\":"
			    "272},\"count\":7}\n");
	free(out);

	v.nr_keys = 1;
	v.json = false;
	v.function = "do_sys_openat2";
	v.keys[0] = (struct kp_view_key){ "stack", KP_VIEW_STACK };
	out = print(&v, stack, 0);
	assert_string_equal(out, "open\n"
				 "  count\n"
				 "    127\n"
				 "      do_sys_openat2+0x5/0xe0\n"
				 "      __x64_sys_openat+0x6e/0xa0\n");
	free(out);
	v.json = true;
	out = print(&v, stack, 0);
	assert_string_equal(out, "{\"type\":\"count\",\"event\":\"open\",\"key\":{\"stack\":["
				 "\"do_sys_openat2+0x5/0xe0\",\"__x64_sys_openat+0x6e/0xa0\"]},"
				 "\"count\":127}\n");
	free(out);
}

/* The kernel's log2 buckets: 2^N counts 2^(N-1)+1 .. 2^N; empty ones in between shown */
static void test_log2(void **state)
{
	static const char text[] = HEAD(
		"count.log2") "{ count: ~ 2^10 } hitcount:          7\n"
			      "{ count: ~ 2^7  } hitcount:          5\n"
			      "{ count: ~ 2^0  } hitcount:          3\n"
			      "{ count: ~ 2^12 } hitcount:          2\n" TOTALS;
	struct kp_hist_view v = { .event = "ksys_read", .hist = true, .field = "count" };
	char *out;

	(void)state;
	out = print(&v, text, 0);
	assert_string_equal(out, "ksys_read count\n"
				 "  [0, 2)       3 |@@@@@@@@@@@@@@@@@                       |\n"
				 "  [2, 3)       0 |                                        |\n"
				 "  [3, 5)       0 |                                        |\n"
				 "  [5, 9)       0 |                                        |\n"
				 "  [9, 17)      0 |                                        |\n"
				 "  [17, 33)     0 |                                        |\n"
				 "  [33, 65)     0 |                                        |\n"
				 "  [65, 129)    5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@            |\n"
				 "  [129, 257)   0 |                                        |\n"
				 "  [257, 513)   0 |                                        |\n"
				 "  [513, 1025)  7 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
				 "  [1025, 2049) 0 |                                        |\n"
				 "  [2049, 4097) 2 |@@@@@@@@@@@                             |\n");
	free(out);
	v.json = true;
	out = print(&v, text, 0);
	assert_string_equal(
		out, "{\"type\":\"hist\",\"event\":\"ksys_read\",\"key\":{},\"field\":"
		     "\"count\",\"unit\":null,\"buckets\":[{\"min\":0,\"max\":1,\"count\":3},"
		     "{\"min\":65,\"max\":128,\"count\":5},{\"min\":513,\"max\":1024,"
		     "\"count\":7},{\"min\":2049,\"max\":4096,\"count\":2}]}\n");
	free(out);
}

static void test_linear_per_key_latency(void **state)
{
	static const char lin[] = HEAD(
		"count.buckets=1024") "{ count: ~ 0-1023 } hitcount:          1\n"
				      "{ count: ~ 3072-4095 } hitcount:          4\n" TOTALS;
	static const char lat[] = HEAD(
		"comm,lat.log2") "{ comm: workload                                          , lat: ~ 2^15 } hitcount:          3\n"
				 "{ comm: sleep                                             , lat: ~ 2^18 } hitcount:          1\n"
				 "{ comm: workload                                          , lat: ~ 2^14 } hitcount:          2\n" TOTALS;
	struct kp_hist_view v = {
		.event = "ksys_read", .hist = true, .field = "count", .step = 1024
	};
	char *out;

	(void)state;
	out = print(&v, lin, 0);
	assert_string_equal(out, "ksys_read count\n"
				 "  [0, 1K)  1 |@@@@@@@@@@                              |\n"
				 "  [1K, 2K) 0 |                                        |\n"
				 "  [2K, 3K) 0 |                                        |\n"
				 "  [3K, 4K) 4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
	free(out);
	v = (struct kp_hist_view){ .event = "do_nanosleep",
				   .hist = true,
				   .field = "latency",
				   .unit = "us",
				   .nr_keys = 1 };
	v.keys[0] = (struct kp_view_key){ "comm", KP_VIEW_STRING };
	out = print(&v, lat, 0);
	assert_string_equal(out, "do_nanosleep latency (us), comm=sleep\n"
				 "  [131073, 262145) 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
				 "do_nanosleep latency (us), comm=workload\n"
				 "  [8193, 16385)  2 |@@@@@@@@@@@@@@@@@@@@@@@@@@              |\n"
				 "  [16385, 32769) 3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
	free(out);
	v.json = true;
	out = print(&v, lat, 0);
	assert_string_equal(
		out, "{\"type\":\"hist\",\"event\":\"do_nanosleep\",\"key\":{\"comm\":"
		     "\"sleep\"},\"field\":\"latency\",\"unit\":\"us\",\"buckets\":[{\"min\":"
		     "131073,\"max\":262144,\"count\":1}]}\n"
		     "{\"type\":\"hist\",\"event\":\"do_nanosleep\",\"key\":{\"comm\":"
		     "\"workload\"},\"field\":\"latency\",\"unit\":\"us\",\"buckets\":[{\"min\":"
		     "8193,\"max\":16384,\"count\":2},{\"min\":16385,\"max\":32768,\"count\":"
		     "3}]}\n");
	free(out);
}

static void test_ranges(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(kp_hist_range(0, buf, sizeof(buf)), "0");
	assert_string_equal(kp_hist_range(1025, buf, sizeof(buf)), "1025");
	assert_string_equal(kp_hist_range(2048, buf, sizeof(buf)), "2K");
	assert_string_equal(kp_hist_range(3ULL << 20, buf, sizeof(buf)), "3M");
	assert_string_equal(kp_hist_range(1ULL << 30, buf, sizeof(buf)), "1G");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_largest_last),
		cmocka_unit_test(test_key_types),
		cmocka_unit_test(test_log2),
		cmocka_unit_test(test_linear_per_key_latency),
		cmocka_unit_test(test_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
