// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command line: options, then DEFINITION [FILTER] pairs.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "archregs.h"
#include "aggprobes.h"
#include "errors.h"
#include "options.h"
#include "syntax.h"

#ifndef KPROBE_VERSION
#define KPROBE_VERSION "unknown"
#endif

enum {
	OPT_CLEANUP = 256,
	OPT_VERSION,
	OPT_READER,
	OPT_JSON,
	OPT_BY,
	OPT_HIST,
	OPT_LATENCY,
	OPT_TRIGGER,
	OPT_DEBUG,
	OPT_UNTIL,
	OPT_LAST,
	OPT_DUMP,
	OPT_USTACK,
	OPT_CGROUP,
	OPT_MAX
};

/*
 * Every option, once, in --help's order: getopt_long's arrays, the names in
 * conflict messages and --help are all made from this table. An option
 * whose value is a character also has that short form.
 */
static const struct kp_option {
	const char *name; /* the long name */
	int val;	  /* the short letter, or OPT_* */
	int has_arg;	  /* getopt_long's no_argument or required_argument */
	const char *arg;  /* the value's name in --help; NULL: none */
	const char *help; /* --help's text, '\n' between its lines */
} options[] = {
	{ "duration", 'd', required_argument, "SECS",
	  "trace for SECS seconds (fractions allowed), buffered,\n"
	  "and print the events at the end" },
	{ "pid", 'p', required_argument, "PID",
	  "only the process PID: all its threads, and threads\n"
	  "and children it creates after start" },
	{ "tid", 'L', required_argument, "TID", "only the thread TID" },
	{ "command", 'c', required_argument, "CMD",
	  "run CMD with /bin/sh -c and trace only it, its threads\n"
	  "and its children; end when it exits, with its status" },
	{ "cgroup", OPT_CGROUP, required_argument, "PATH",
	  "only the tasks of cgroup v2 PATH (relative to its mount,\n"
	  "or absolute) and below, their children, and tasks that\n"
	  "join it later (looked for every 100 ms)" },
	{ "count", 'n', required_argument, "N", "stop after N events" },
	{ "output", 'o', required_argument, "FILE",
	  "write the events to FILE instead of standard output" },
	{ "quiet", 'q', no_argument, NULL, "no status messages, only errors and warnings" },
	{ "buffer-size", 'b', required_argument, "KB",
	  "ring buffer per CPU, in KB (default 4096)" },
	{ "reader", OPT_READER, required_argument, "KIND",
	  "raw (default): format the binary records here;\n"
	  "text: copy the kernel's own text" },
	{ "stack", 's', no_argument, NULL,
	  "print the stack after each event: a kernel probe's\n"
	  "kernel stack, a uprobe's user stack" },
	{ "ustack", OPT_USTACK, no_argument, NULL,
	  "print the user stack after each event, a kernel\n"
	  "probe's too, its frames named from the process's files" },
	{ "headers", 'H', no_argument, NULL, "print the column headers" },
	{ "time", 'T', required_argument, "KIND",
	  "the time column: mono (default: the kernel's time\n"
	  "stamp), wall (local date and time), epoch (seconds\n"
	  "since 1970) or rel (seconds since tracing began)" },
	{ "view", 'v', no_argument, NULL, "print each event's format file and exit" },
	{ "force", 'F', no_argument, NULL, "skip the check that the function is traceable" },
	/* -l's PATTERN is the first operand, not the option's value */
	{ "list", 'l', no_argument, "[PATTERN]",
	  "list the kernel functions that can be probed (with\n"
	  "signatures where the kernel has BTF), or with\n"
	  "PATH_OR_NAME:PATTERN a program's or library's, and exit" },
	{ "json", OPT_JSON, no_argument, NULL,
	  "one JSON object per line instead of the kernel's text" },
	{ "by", OPT_BY, required_argument, "KEY[,KEY...]",
	  "count in the kernel per KEY instead of printing events:\n"
	  "an argument's name, comm, pid, cpu or stack (at most 3)" },
	{ "hist", OPT_HIST, required_argument, "FIELD[:STEP]",
	  "a histogram of argument FIELD in the kernel: log2\n"
	  "buckets, or linear ones STEP wide" },
	{ "latency", OPT_LATENCY, no_argument, NULL,
	  "also probe each function's return, and histogram each\n"
	  "call's time in microseconds, per thread" },
	{ "interval", 'i', required_argument, "SECS",
	  "with --by, --hist or --latency: print every SECS, and\n"
	  "start again from zero" },
	{ "trigger", OPT_TRIGGER, required_argument, "SPEC",
	  "attach the kernel's trigger SPEC to each event as it is,\n"
	  "and print its hist file at the end" },
	{ "until", OPT_UNTIL, required_argument, "SPEC",
	  "flight recorder: 'EVENT [if FILTER]': keep the newest\n"
	  "events in the ring buffer (-b) without reading it, stop\n"
	  "it in the kernel when EVENT comes with FILTER true, and\n"
	  "print it; exit 3 if that never comes" },
	{ "last", OPT_LAST, required_argument, "N",
	  "with --until: only the last N events, the trigger's last" },
	{ "dump", OPT_DUMP, no_argument, NULL,
	  "with --until: print the buffer also when EVENT never came" },
	{ "cleanup", OPT_CLEANUP, no_argument, NULL,
	  "remove probes and instances left by killed runs, and exit" },
	{ "debug", OPT_DEBUG, no_argument, NULL,
	  "log every write to tracefs on standard error\n"
	  "(as KPROBE_DEBUG=1 does), for bug reports" },
	{ "help", 'h', no_argument, NULL, "this help" },
	{ "version", OPT_VERSION, no_argument, NULL, "print the version" },
};

#define NR_OPTIONS (sizeof(options) / sizeof(options[0]))

/* Options that exclude each other, rejected right after parsing, in this order */
/* clang-format off */
static const struct {
	int a, b;
} conflicts[] = {
	{ 'p', 'L' },
	{ 'd', 'v' },
	{ 'c', 'p' },
	{ 'c', 'L' },
	{ 'c', 'v' },
	{ 'c', OPT_CGROUP }, { 'p', OPT_CGROUP }, { 'L', OPT_CGROUP }, { OPT_CGROUP, 'v' },
	{ 'n', 'v' },
	{ 'c', OPT_CLEANUP },
	{ 'n', OPT_CLEANUP },
	{ 'o', OPT_CLEANUP },
	{ 'l', 'd' }, { 'l', 'p' }, { 'l', 'L' }, { 'l', 'c' }, { 'l', 'n' }, { 'l', 'o' }, { 'l', 'q' },
	{ 'l', 's' }, { 'l', 'H' }, { 'l', 'v' }, { 'l', 'F' }, { 'l', OPT_CLEANUP },
	{ OPT_JSON, 'H' },
	{ OPT_JSON, 'v' },
	{ OPT_JSON, 'l' },
	/* aggregates print no stream */
	{ OPT_BY, 's' }, { OPT_BY, 'n' }, { OPT_BY, OPT_READER }, { OPT_BY, 'H' },
	{ OPT_HIST, 's' }, { OPT_HIST, 'n' }, { OPT_HIST, OPT_READER }, { OPT_HIST, 'H' },
	{ OPT_LATENCY, 's' }, { OPT_LATENCY, 'n' }, { OPT_LATENCY, OPT_READER },
	{ OPT_LATENCY, 'H' },
	{ OPT_TRIGGER, 's' }, { OPT_TRIGGER, 'n' }, { OPT_TRIGGER, OPT_READER },
	{ OPT_TRIGGER, 'H' },
	{ 'i', 's' }, { 'i', 'n' }, { 'i', OPT_READER }, { 'i', 'H' },
	{ 'l', OPT_BY }, { 'l', OPT_HIST }, { 'l', OPT_LATENCY }, { 'l', OPT_TRIGGER }, { 'l', 'i' },
	{ OPT_CLEANUP, OPT_BY }, { OPT_CLEANUP, OPT_HIST }, { OPT_CLEANUP, OPT_LATENCY },
	{ OPT_CLEANUP, OPT_TRIGGER }, { OPT_CLEANUP, 'i' },
	/* the flight recorder prints one buffer, up to its trigger's event */
	{ OPT_UNTIL, 'n' }, { OPT_UNTIL, 'v' }, { OPT_UNTIL, OPT_BY }, { OPT_UNTIL, OPT_HIST },
	{ OPT_UNTIL, OPT_LATENCY }, { OPT_UNTIL, OPT_TRIGGER }, { OPT_UNTIL, 'i' },
	{ 'l', OPT_UNTIL }, { OPT_CLEANUP, OPT_UNTIL },
	/* -T is the time of printed events */
	{ 'T', 'v' }, { 'T', OPT_BY }, { 'T', OPT_HIST }, { 'T', OPT_LATENCY }, { 'T', OPT_TRIGGER },
	{ 'T', 'i' }, { 'l', 'T' }, { OPT_CLEANUP, 'T' },
	{ 'l', OPT_USTACK }, { OPT_BY, OPT_USTACK }, { OPT_HIST, OPT_USTACK },
	{ OPT_LATENCY, OPT_USTACK }, { OPT_TRIGGER, OPT_USTACK }, { 'i', OPT_USTACK },
	{ 'l', OPT_CGROUP }, { OPT_CLEANUP, OPT_CGROUP },
};
/* clang-format on */

/* The DEFINITION forms --help lists, each kind under a heading (README.md's Usage) */
static const char *const definition_forms[] = {
	"kernel function entry and return (kprobe):",
	"  p[:[GROUP/]EVENT] [MOD:]SYMBOL[+OFFS]|ADDR [ARGS]",
	"  r[MAXACTIVE][:[GROUP/]EVENT] SYMBOL [ARGS]",
	"  SYMBOL%return [ARGS]",
	"user function entry and return (uprobe):",
	"  p[:[GROUP/]EVENT] PATH:SYMBOL[+OFFS]|PATH:0xOFFS [ARGS]",
	"  r[:[GROUP/]EVENT] PATH:SYMBOL [ARGS]",
	"kernel function entry or exit (fprobe):",
	"  f[:[GROUP/]EVENT] SYMBOL[%return] [ARGS]",
	"  fMAXACTIVE[:[GROUP/]EVENT] SYMBOL%return [ARGS]",
	"tracepoint (tracepoint probe), trace event (eprobe):",
	"  t[:[GROUP/]EVENT] TRACEPOINT [ARGS]",
	"  e[:[GROUP/]EVENT] SYSTEM.EVENT [ARGS]",
};

static const char usage_head[] =
	"Usage: kprobe [options] DEFINITION [FILTER] [DEFINITION [FILTER]]...\n"
	"       kprobe -l [PATTERN | PATH_OR_NAME:PATTERN]\n"
	"Trace kernel functions with kprobe events, in a private ftrace instance.\n"
	"\n"
	"  DEFINITION  the kernel's dynamic event syntax, the event name optional:\n";

static const char usage_tail[] =
	"\n"
	"Examples (" KP_ARCH_NAME ": the first arguments are " KP_REG_ARG1 ", " KP_REG_ARG2
	", " KP_REG_ARG3 ", ...):\n"
	"  kprobe p:do_sys_openat2                        trace open() entry\n"
	"  kprobe 'r:do_sys_openat2 $retval'              trace open() return value\n"
	"  kprobe 'r:myopen do_sys_openat2 $retval'       use a custom event name\n"
	"  kprobe 'p:do_sys_openat2 file=+0(" KP_REG_ARG2 "):string' 'file ~ \"*stat\"'\n"
	"                                                 opened files ending in \"stat\"\n"
	"  kprobe -s 'p:myprobe tcp_retransmit_skb'       show kernel stacks\n"
	"  kprobe -d 5 -p 1234 p:vfs_read r:vfs_read      5 s of one process's reads\n"
	"  kprobe -c 'make -j4' p:do_sys_openat2          the files a build opens\n"
	"  kprobe -n 100 -o opens.txt p:do_sys_openat2    first 100 opens, to a file\n"
	"  kprobe --by comm p:do_sys_openat2              opens per process name\n"
	"  kprobe --hist count 'p:ksys_read count=" KP_REG_ARG3 ":u64' read sizes, log2 buckets\n"
	"  kprobe --latency -d 10 p:vfs_read              how long vfs_read takes\n"
	"\n"
	"See kprobe(8) for more.\n";

/* --help's text starts in this column; the option and its value go before it */
#define HELP_COLUMN 23

static void print_option(FILE *f, const struct kp_option *o)
{
	const char *line, *end;
	int n;

	if (o->val < OPT_CLEANUP)
		n = fprintf(f, "  -%c, --%s", o->val, o->name);
	else
		n = fprintf(f, "      --%s", o->name);
	if (o->arg)
		n += fprintf(f, " %s", o->arg);
	for (line = o->help; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		fprintf(f, "%*s%.*s\n", n < HELP_COLUMN - 1 ? HELP_COLUMN - n : 1, "",
			(int)(end - line), line);
		n = 0;
	}
}

void kp_usage(FILE *f)
{
	size_t i;

	fputs(usage_head, f);
	for (i = 0; i < sizeof(definition_forms) / sizeof(definition_forms[0]); i++)
		fprintf(f, "%14s%s\n", "", definition_forms[i]);
	fputs("  FILTER      ftrace filter expression for the definition before it\n"
	      "\n"
	      "Options:\n",
	      f);
	for (i = 0; i < NR_OPTIONS; i++)
		print_option(f, &options[i]);
	fputs(usage_tail, f);
}

void kp_config_init(struct kp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->duration = -1;
	cfg->pid = -1;
	cfg->tid = -1;
	cfg->buffer_kb = KP_BUFFER_KB_DEFAULT;
	cfg->reader = KP_READER_RAW;
}

void kp_config_destroy(struct kp_config *cfg)
{
	int i;

	for (i = 0; i < cfg->nr_probes; i++)
		kp_probe_release(&cfg->probes[i]);
	kp_until_release(&cfg->until);
	free(cfg->probes);
	cfg->probes = NULL;
	cfg->nr_probes = 0;
}

int kp_parse_duration(const char *s, double *out)
{
	const char *c;
	int dots = 0, digits = 0;
	double d;

	for (c = s; *c; c++) {
		if (*c == '.')
			dots++;
		else if (isdigit((unsigned char)*c))
			digits++;
		else
			return -1;
	}
	if (!digits || dots > 1 || c - s > 32)
		return -1;
	errno = 0;
	d = strtod(s, NULL);
	if (errno || d < 0 || d > KP_DURATION_MAX)
		return -1;
	*out = d;
	return 0;
}

int kp_parse_pid(const char *s, pid_t *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v <= 0 || v > KP_PID_MAX)
		return -1;
	*out = (pid_t)v;
	return 0;
}

int kp_parse_count(const char *s, unsigned long long *out)
{
	const char *c;
	unsigned long long v;

	for (c = s; *c; c++)
		if (!isdigit((unsigned char)*c))
			return -1;
	if (c == s)
		return -1;
	errno = 0;
	v = strtoull(s, NULL, 10);
	if (errno || !v)
		return -1;
	*out = v;
	return 0;
}

int kp_parse_buffer_kb(const char *s, unsigned long *out)
{
	unsigned long long v;

	if (kp_parse_count(s, &v) || v < KP_BUFFER_KB_MIN || v > KP_BUFFER_KB_MAX)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

static enum kp_parse_result usage_hint(void)
{
	fputs("Try 'kprobe --help' for more information.\n", stderr);
	return KP_PARSE_USAGE;
}

static enum kp_parse_result usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static enum kp_parse_result usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	/* a false positive of clang-analyzer 14 on va_start in a static function */
	vsnprintf(msg, sizeof(msg), fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	va_end(ap);
	error("%s", msg);
	return usage_hint();
}

/* getopt_long's arrays, from the table: ":d:p:L:...", ':' first for missing values */
static void getopt_arrays(const char **shortopts, const struct option **longopts)
{
	static char buf[3 * NR_OPTIONS + 2];
	static struct option longs[NR_OPTIONS + 1];

	if (!buf[0]) {
		size_t i, n = 0;

		buf[n++] = ':';
		for (i = 0; i < NR_OPTIONS; i++) {
			longs[i] = (struct option){ options[i].name, options[i].has_arg, NULL,
						    options[i].val };
			if (options[i].val >= OPT_CLEANUP)
				continue;
			buf[n++] = (char)options[i].val;
			if (options[i].has_arg == required_argument)
				buf[n++] = ':';
		}
		buf[n] = '\0';
	}
	*shortopts = buf;
	*longopts = longs;
}

/* "-p" or "--cleanup": how the user would name option @val */
static const char *option_name(int val, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < NR_OPTIONS && options[i].val != val; i++)
		;
	if (val < OPT_CLEANUP)
		snprintf(buf, size, "-%c", val);
	else
		snprintf(buf, size, "--%s", i < NR_OPTIONS ? options[i].name : "?");
	return buf;
}

static enum kp_parse_result check_conflicts(const bool *seen)
{
	char a[32], b[32];
	size_t i;

	for (i = 0; i < sizeof(conflicts) / sizeof(conflicts[0]); i++)
		if (seen[conflicts[i].a] && seen[conflicts[i].b])
			return usage_error("use either %s or %s, not both",
					   option_name(conflicts[i].a, a, sizeof(a)),
					   option_name(conflicts[i].b, b, sizeof(b)));
	return KP_PARSE_RUN;
}

static int add_probe(struct kp_config *cfg, const char *def)
{
	struct kp_probe *probes;

	probes = realloc(cfg->probes, (cfg->nr_probes + 1) * sizeof(*probes));
	if (!probes)
		return error("out of memory");
	cfg->probes = probes;
	if (kp_probe_parse(def, &cfg->probes[cfg->nr_probes]))
		return -1;
	cfg->nr_probes++;
	return 0;
}

static int set_filter(struct kp_probe *p, const char *filter)
{
	if (kp_text_check("filter", filter, KP_FILTER_MAX) || kp_syntax_filter_check(filter))
		return -1;
	p->filter = strdup(filter);
	if (!p->filter)
		return error("out of memory");
	return 0;
}

enum kp_parse_result kp_options_parse(struct kp_config *cfg, int argc, char **argv)
{
	bool seen[OPT_MAX] = { false };
	bool expect_filter = false;
	const struct option *longopts;
	const char *shortopts;
	int opt, i;

	getopt_arrays(&shortopts, &longopts);
	optind = 0; /* 0: glibc starts afresh, also for a second parse */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (opt > 0 && opt < OPT_MAX)
			seen[opt] = true;
		switch (opt) {
		case 'd':
			if (kp_parse_duration(optarg, &cfg->duration))
				return usage_error("invalid duration '%s' (seconds, 0 to 31536000)",
						   optarg);
			break;
		case 'p':
			if (kp_parse_pid(optarg, &cfg->pid))
				return usage_error("invalid PID '%s'", optarg);
			break;
		case 'L':
			if (kp_parse_pid(optarg, &cfg->tid))
				return usage_error("invalid TID '%s'", optarg);
			break;
		case 'c':
			if (!*optarg)
				return usage_error("%s", "empty command for -c");
			cfg->command = optarg;
			break;
		case OPT_CGROUP:
			if (!*optarg)
				return usage_error("%s", "empty cgroup path for --cgroup");
			cfg->cgroup = optarg;
			break;
		case 'n':
			if (kp_parse_count(optarg, &cfg->count))
				return usage_error(
					"invalid count '%s' (a number of events, 1 or more)",
					optarg);
			break;
		case 'o':
			if (!*optarg)
				return usage_error("%s", "empty file name for -o");
			cfg->output = optarg;
			break;
		case 'b':
			if (kp_parse_buffer_kb(optarg, &cfg->buffer_kb))
				return usage_error(
					"invalid buffer size '%s' (KB per CPU, %d to %d)", optarg,
					KP_BUFFER_KB_MIN, KP_BUFFER_KB_MAX);
			break;
		case OPT_READER:
			if (!strcmp(optarg, "raw"))
				cfg->reader = KP_READER_RAW;
			else if (!strcmp(optarg, "text"))
				cfg->reader = KP_READER_TEXT;
			else
				return usage_error("invalid reader '%s' (raw or text)", optarg);
			break;
		case 'q':
			cfg->quiet = true;
			break;
		case 's':
			cfg->stack = true;
			break;
		case OPT_USTACK:
			cfg->ustack = true;
			break;
		case 'H':
			cfg->headers = true;
			break;
		case 'v':
			cfg->view = true;
			break;
		case 'F':
			cfg->force = true;
			break;
		case 'l':
			cfg->list = true;
			break;
		case 'h':
			kp_usage(stdout);
			return KP_PARSE_EXIT;
		case OPT_CLEANUP:
			cfg->cleanup = true;
			break;
		case OPT_JSON:
			cfg->json = true;
			break;
		case OPT_BY:
			if (kp_agg_parse_by(&cfg->agg, optarg))
				return usage_hint();
			break;
		case OPT_HIST:
			if (kp_agg_parse_hist(&cfg->agg, optarg))
				return usage_hint();
			break;
		case OPT_LATENCY:
			cfg->latency = true;
			break;
		case 'i':
			if (kp_parse_duration(optarg, &cfg->agg.interval) || cfg->agg.interval <= 0)
				return usage_error("invalid interval '%s' (seconds, more than 0)",
						   optarg);
			break;
		case OPT_TRIGGER:
			if (kp_text_check("trigger", optarg, KP_FILTER_MAX))
				return usage_hint();
			if (!*optarg)
				return usage_error("%s", "empty trigger for --trigger");
			cfg->agg.trigger = optarg;
			break;
		case 'T':
			if (kp_time_parse(optarg, &cfg->time))
				return usage_error("invalid time '%s' (mono, wall, epoch or rel)",
						   optarg);
			break;
		case OPT_UNTIL:
			kp_until_release(&cfg->until);
			if (kp_until_parse(optarg, &cfg->until))
				return usage_hint();
			break;
		case OPT_LAST:
			if (kp_parse_count(optarg, &cfg->last))
				return usage_error("invalid count '%s' for --last (a number of "
						   "events, 1 or more)",
						   optarg);
			break;
		case OPT_DUMP:
			cfg->dump = true;
			break;
		case OPT_DEBUG:
			cfg->debug = true;
			kp_debug_enable();
			break;
		case OPT_VERSION:
			printf("kprobe %s\n", KPROBE_VERSION);
			return KP_PARSE_EXIT;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (check_conflicts(seen) != KP_PARSE_RUN)
		return KP_PARSE_USAGE;
	if (kp_agg_check(&cfg->agg, cfg->latency))
		return usage_hint();
	if (seen['i'] && cfg->agg.mode == KP_AGG_NONE)
		return usage_error("%s", "-i needs --by, --hist, --latency or --trigger");
	if (cfg->json && cfg->reader == KP_READER_TEXT)
		return usage_error("%s", "--json needs the raw reader: not with --reader text");
	if (cfg->time != KP_TIME_MONO && cfg->reader == KP_READER_TEXT)
		return usage_error("-T %s needs the raw reader: not with --reader text",
				   kp_time_name(cfg->time));
	if (seen[OPT_LAST] && !cfg->until.event)
		return usage_error("%s", "--last needs --until");
	if (seen[OPT_DUMP] && !cfg->until.event)
		return usage_error("%s", "--dump needs --until");
	if (cfg->list) {
		/* -l [PATTERN]: the pattern is never a definition */
		if (argc - optind > 1)
			return usage_error("unexpected '%.200s': %s takes one pattern",
					   argv[optind + 1], "-l");
		cfg->list_arg = optind < argc ? argv[optind] : NULL;
		return KP_PARSE_RUN;
	}

	for (i = optind; i < argc; i++) {
		if (kp_is_definition(argv[i])) {
			if (add_probe(cfg, argv[i]))
				return usage_hint();
			expect_filter = true;
		} else if (expect_filter) {
			if (set_filter(&cfg->probes[cfg->nr_probes - 1], argv[i]))
				return usage_hint();
			expect_filter = false;
		} else if (!cfg->nr_probes) {
			return usage_error(
				"invalid definition '%.200s' (should start with p: or r:, "
				"or be SYMBOL%%return)",
				argv[i]);
		} else {
			return usage_error("unexpected '%.200s': a definition takes one filter",
					   argv[i]);
		}
	}

	if (cfg->cleanup) {
		if (cfg->nr_probes)
			return usage_error("%s takes no definitions", "--cleanup");
		return KP_PARSE_RUN;
	}
	if (!cfg->nr_probes)
		return usage_error("%s", "no probe definition given");
	/* $comm for --by comm, return probes for --latency: before the names are made */
	if (kp_agg_prepare_probes(cfg))
		return usage_hint();
	if (kp_probes_assign_names(cfg->probes, cfg->nr_probes))
		return usage_hint();
	return KP_PARSE_RUN;
}
