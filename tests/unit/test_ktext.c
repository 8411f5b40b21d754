// SPDX-License-Identifier: GPL-2.0-only
/* Kernel text files: stats, error_log, kprobe_events lines, our names */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ktext.h"
#include "pidns.h"

/* per_cpu/cpu0/stats as 6.1 and 6.12 print it */
static const char stats_cpu0[] = "entries: 12\n"
				 "overrun: 3\n"
				 "commit overrun: 0\n"
				 "bytes: 1968\n"
				 "oldest event ts:  1234.567890\n"
				 "now ts:  1240.000000\n"
				 "dropped events: 2\n"
				 "read events: 40\n";

static void test_stats_sum_over_cpus(void **state)
{
	struct kp_cpu_stats st = { 0 };

	(void)state;
	assert_int_equal(kp_stats_parse(stats_cpu0, &st), 4);
	assert_int_equal(kp_stats_parse(stats_cpu0, &st), 4);
	assert_int_equal(st.entries, 24);
	assert_int_equal(st.overrun, 6);
	assert_int_equal(st.dropped, 4);
	assert_int_equal(st.commit_overrun, 0);
}

static void test_stats_garbage(void **state)
{
	struct kp_cpu_stats st = { 0 };

	(void)state;
	assert_int_equal(kp_stats_parse("", &st), 0);
	assert_int_equal(kp_stats_parse("overrun: x\nentries:\n", &st), 0);
	assert_int_equal(kp_stats_parse("overrun: 5", &st), 1);
	assert_int_equal(st.overrun, 5);
}

static const char errlog[] = "[   10.000001] trace_kprobe: error: Invalid fetch argument\n"
			     "  Command: p:kprobes/old vfs_read x=%zz\n"
			     "                                    ^\n"
			     "[   12.345678] trace_kprobe: error: Invalid register name\n"
			     "  Command: p:kprobe_42/do_sys_openat2 do_sys_openat2 x=+0(%zz):u32\n"
			     "                                                          ^\n";

static void test_errlog_newest_entry(void **state)
{
	const char *last;
	size_t len;

	(void)state;
	last = kp_errlog_last(errlog, &len);
	assert_non_null(last);
	assert_memory_equal(last, "[   12.345678] trace_kprobe: error: Invalid register", 50);
	/* the caret line is part of the entry, the trailing newline is not */
	assert_int_equal(last[len - 1], '^');
	assert_null(kp_errlog_last("", &len));
	assert_null(kp_errlog_last(NULL, &len));
	assert_null(kp_errlog_last("no entries\n", &len));
	/* a '^' in the echoed command is not the entry's caret (as 6.18 logs it) */
	last = kp_errlog_last("[ 5681.974359] event filter parse error: error: Field not found\n"
			      "  Command: prev_comm == \"a^b\" && nosuchfield == 1\n"
			      "                                             ^\n",
			      &len);
	assert_non_null(last);
	assert_memory_equal(last, "[ 5681.974359] event filter", 26);
	assert_int_equal(last[len - 1], '^');
}

static void test_owner_pid(void **state)
{
	(void)state;
	assert_int_equal(kp_owner_pid("kprobe_1234"), 1234);
	assert_int_equal(kp_owner_pid("kprobe_1"), 1);
	assert_int_equal(kp_owner_pid("kprobes"), -1);
	assert_int_equal(kp_owner_pid("kprobe_"), -1);
	assert_int_equal(kp_owner_pid("kprobe_12x"), -1);
	assert_int_equal(kp_owner_pid("kprobe_0"), -1);
	assert_int_equal(kp_owner_pid("kprobe_0123"), -1);
	assert_int_equal(kp_owner_pid("kprobe_99999999"), -1);
	assert_int_equal(kp_owner_pid("my_kprobe_12"), -1);
	/* another pid namespace's runs are not this one's */
	assert_int_equal(kp_owner_pid("kprobe_1_4026532179"), -1);
	assert_int_equal(kp_owner_foreign_ns("kprobe_1_4026532179"), 4026532179UL);
	assert_int_equal(kp_owner_foreign_ns("kprobe_1"), 0);
	assert_int_equal(kp_owner_foreign_ns("kprobe_1_"), 0);
	assert_int_equal(kp_owner_foreign_ns("kprobe_1_12x"), 0);
	assert_int_equal(kp_owner_foreign_ns("kprobe_1_lat0"), 0);
	/* ... seen from inside one: its own runs carry its inode, the initial one's are foreign */
	kp_run_ns = 4026532179UL;
	assert_int_equal(kp_owner_pid("kprobe_1_4026532179"), 1);
	assert_int_equal(kp_owner_pid("kprobe_1234"), -1);
	assert_int_equal(kp_owner_pid("kprobe_1_4026532180"), -1);
	assert_int_equal(kp_owner_foreign_ns("kprobe_1_4026532179"), 0);
	assert_int_equal(kp_owner_foreign_ns("kprobe_1_4026532180"), 4026532180UL);
	kp_run_ns = 0;
}

static void test_dynevent_split(void **state)
{
	char g[64], e[64];

	(void)state;
	assert_int_equal(kp_dynevent_split("p:kprobe_42/vfs_read vfs_read+0", g, e, 64), 0);
	assert_string_equal(g, "kprobe_42");
	assert_string_equal(e, "vfs_read");
	assert_int_equal(kp_dynevent_split("r10:grp/ev vfs_read $retval", g, e, 64), 0);
	assert_string_equal(g, "grp");
	assert_string_equal(e, "ev");
	assert_int_equal(kp_dynevent_split("p:noslash vfs_read", g, e, 64), -1);
	assert_int_equal(kp_dynevent_split("garbage", g, e, 64), -1);
	assert_int_equal(kp_dynevent_split("p vfs_read a:b/c", g, e, 64), -1);
	assert_int_equal(kp_dynevent_split("p:/ev x", g, e, 64), -1);
	assert_int_equal(kp_dynevent_split("p:aaaaaaaaaa/ev x", g, e, 8), -1);
}

static void test_dynevent_find(void **state)
{
	const char *events = "p:kprobes/myopen do_sys_openat2\nr10:grp/ret vfs_read arg1=$retval\n";

	(void)state;
	assert_true(kp_dynevent_find(events, "grp", "ret"));
	assert_true(kp_dynevent_find(events, "kprobes", "myopen"));
	assert_false(kp_dynevent_find(events, "grp", "re"));
	assert_false(kp_dynevent_find(events, "kprobes", "ret"));
	assert_false(kp_dynevent_find(NULL, "grp", "ret"));
}

static void test_lost_line(void **state)
{
	unsigned long long n = 0;
	const char *l = "CPU:1 [LOST 4096 EVENTS]";

	(void)state;
	assert_true(kp_lost_line(l, strlen(l), &n));
	assert_int_equal(n, 4096);
	l = "CPU:1 [LOST 4096 EVENTS] trailing";
	assert_false(kp_lost_line(l, strlen(l), &n));
	l = "  cat-1 [001] d..1. 1.0: vfs_read: (vfs_read+0x0/0x10)";
	assert_false(kp_lost_line(l, strlen(l), &n));
}

/* kprobe_events and kprobe_profile of 6.12 with two groups' "kpdup" */
static const char kp_events[] = "p:mygrp/kp vfs_read\n"
				"r1:mygrp/ns hrtimer_nanosleep\n"
				"r10:mygrp/ns2 hrtimer_nanosleep\n"
				"p:mygrp/kpdup vfs_write\n"
				"p:othergrp/kpdup vfs_write\n";
static const char kp_profile[] =
	"  kp                                                         7               0\n"
	"  ns                                                         1               5\n"
	"  ns2                                                        5               0\n"
	"  kpdup                                                      0               0\n"
	"  kpdup                                                     12               3\n";

static void test_profile_find(void **state)
{
	struct kp_profile pr;

	(void)state;
	assert_int_equal(kp_profile_find(kp_events, kp_profile, "mygrp", "ns", &pr), 0);
	assert_int_equal(pr.hits, 1);
	assert_int_equal(pr.missed, 5);
	assert_int_equal(pr.maxactive, 1);
	assert_int_equal(kp_profile_find(kp_events, kp_profile, "mygrp", "ns2", &pr), 0);
	assert_int_equal(pr.hits, 5);
	assert_int_equal(pr.missed, 0);
	assert_int_equal(pr.maxactive, 10);
	assert_int_equal(kp_profile_find(kp_events, kp_profile, "mygrp", "kp", &pr), 0);
	assert_int_equal(pr.hits, 7);
	assert_int_equal(pr.maxactive, 0);
	/* the same event name in two groups: told apart by position */
	assert_int_equal(kp_profile_find(kp_events, kp_profile, "othergrp", "kpdup", &pr), 0);
	assert_int_equal(pr.hits, 12);
	assert_int_equal(pr.missed, 3);
	assert_int_equal(kp_profile_find(kp_events, kp_profile, "mygrp", "kpdup", &pr), 0);
	assert_int_equal(pr.hits, 0);
	assert_int_equal(kp_profile_find(kp_events, kp_profile, "mygrp", "nope", &pr), -1);
	assert_int_equal(kp_profile_find(NULL, kp_profile, "mygrp", "kp", &pr), -1);
}

static void test_profile_out_of_step(void **state)
{
	struct kp_profile pr;

	(void)state;
	/* a probe added between the two reads */
	assert_int_equal(kp_profile_find("p:g/a f\np:g/new f\np:g/b f\n", "  a 1 0\n  b 2 0\n", "g",
					 "b", &pr),
			 -1);
	/* one removed */
	assert_int_equal(kp_profile_find("p:g/a f\n", "  a 1 0\n  b 2 0\n", "g", "a", &pr), -1);
	/* garbage in the counters */
	assert_int_equal(kp_profile_find("p:g/a f\n", "  a 1 x\n", "g", "a", &pr), -1);
	assert_int_equal(kp_profile_find("p:g/a f\n", "  a 1 0\n", "g", "a", &pr), 0);
}

static void test_maxactive_suggest(void **state)
{
	struct kp_profile pr = { .hits = 1, .missed = 4, .maxactive = 1 };

	(void)state;
	assert_int_equal(kp_maxactive_suggest(&pr), 8); /* 5 calls per seen return */
	pr = (struct kp_profile){ .hits = 100, .missed = 1, .maxactive = 10 };
	assert_int_equal(kp_maxactive_suggest(&pr), 32); /* at least twice */
	pr = (struct kp_profile){ .hits = 0, .missed = 9, .maxactive = 1 };
	assert_int_equal(kp_maxactive_suggest(&pr), 16);
	pr = (struct kp_profile){ .hits = 1, .missed = 100000, .maxactive = 10 };
	assert_int_equal(kp_maxactive_suggest(&pr), KP_MAXACTIVE_MAX);
	pr.maxactive = KP_MAXACTIVE_MAX;
	assert_int_equal(kp_maxactive_suggest(&pr), 0);
}

/* The definition lines of README, as 6.12 and 6.1 print them */
static const char readme_612[] =
	"  dynamic_events\t\t- Create/append/remove/show the generic dynamic events\n"
	"\t  accepts: event-definitions (one definition per line)\n"
	"\t   Format: p[:[<group>/][<event>]] <place> [<args>]\n"
	"\t           r[maxactive][:[<group>/][<event>]] <place> [<args>]\n"
	"\t           f[:[<group>/][<event>]] <func-name>[%return] [<args>]\n"
	"\t           t[:[<group>/][<event>]] <tracepoint> [<args>]\n"
	"\t           e[:[<group>/][<event>]] <attached-group>.<attached-event> [<args>] [if "
	"<filter>]\n"
	"\t           -:[<group>/][<event>]\n";
static const char readme_61[] =
	"\t   Format: p[:[<group>/][<event>]] <place> [<args>]\n"
	"\t           r[maxactive][:[<group>/][<event>]] <place> [<args>]\n"
	"\t           e[:[<group>/][<event>]] <attached-group>.<attached-event> [<args>]\n"
	"\t     place: [<module>:]<symbol>[+<offset>]|<memaddr>\n";

static void test_readme_kinds(void **state)
{
	(void)state;
	assert_true(kp_readme_has_kind(readme_612, 'p'));
	assert_true(kp_readme_has_kind(readme_612, 'r'));
	assert_true(kp_readme_has_kind(readme_612, 'f'));
	assert_true(kp_readme_has_kind(readme_612, 't'));
	assert_true(kp_readme_has_kind(readme_612, 'e'));
	assert_true(kp_readme_has_kind(readme_61, 'p'));
	assert_true(kp_readme_has_kind(readme_61, 'e'));
	assert_false(kp_readme_has_kind(readme_61, 'f'));
	assert_false(kp_readme_has_kind(readme_61, 't'));
	assert_false(kp_readme_has_kind(readme_612, 'u'));
	assert_false(kp_readme_has_kind("", 'p'));
}

static void test_errlog_entry(void **state)
{
	struct kp_errlog_entry e;

	(void)state;
	assert_int_equal(kp_errlog_entry_parse(
				 "[   12.345678] trace_kprobe: error: Unknown type is specified\n"
				 "  Command: p:kprobe_153/vfs_read vfs_read @11:unknown_type\n"
				 "                                                   ^\n",
				 &e),
			 0);
	assert_string_equal(e.message, "Unknown type is specified");
	assert_string_equal(e.command, "p:kprobe_153/vfs_read vfs_read @11:unknown_type");
	assert_int_equal(e.column, 40);
	kp_errlog_entry_release(&e);

	/* a filter's entry; the caret at column 0 */
	assert_int_equal(kp_errlog_entry_parse(
				 "[  123.456789] event filter parse error: error: Field not found\n"
				 "  Command: pidd == 1\n"
				 "           ^\n",
				 &e),
			 0);
	assert_string_equal(e.message, "Field not found");
	assert_string_equal(e.command, "pidd == 1");
	assert_int_equal(e.column, 0);
	kp_errlog_entry_release(&e);

	/* no command: just the message */
	assert_int_equal(kp_errlog_entry_parse("[ 1.000000] trace_kprobe: error: Failed\n", &e), 0);
	assert_string_equal(e.message, "Failed");
	assert_null(e.command);
	assert_int_equal(e.column, -1);
	kp_errlog_entry_release(&e);

	assert_int_equal(kp_errlog_entry_parse("not an entry", &e), -1);
	assert_int_equal(kp_errlog_entry_parse(NULL, &e), -1);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_sum_over_cpus),
		cmocka_unit_test(test_stats_garbage),
		cmocka_unit_test(test_errlog_newest_entry),
		cmocka_unit_test(test_errlog_entry),
		cmocka_unit_test(test_owner_pid),
		cmocka_unit_test(test_dynevent_split),
		cmocka_unit_test(test_dynevent_find),
		cmocka_unit_test(test_lost_line),
		cmocka_unit_test(test_profile_find),
		cmocka_unit_test(test_profile_out_of_step),
		cmocka_unit_test(test_maxactive_suggest),
		cmocka_unit_test(test_readme_kinds),
	};
	/* clang-format on */

	return cmocka_run_group_tests_name("ktext", tests, NULL, NULL);
}
