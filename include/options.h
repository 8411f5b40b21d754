/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_OPTIONS_H
#define KPROBE_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "clock.h"
#include "histspec.h"
#include "probe.h"
#include "until.h"

/* Longest -d accepted: one year */
#define KP_DURATION_MAX (365.0 * 24 * 3600)
/* The kernel's PID_MAX_LIMIT */
#define KP_PID_MAX	4194304

/*
 * -b: the instance's ring buffer, KB per CPU. The default keeps up with
 * three processes opening files as fast as they can on two CPUs.
 */
#define KP_BUFFER_KB_DEFAULT 4096
#define KP_BUFFER_KB_MIN     4
#define KP_BUFFER_KB_MAX     1048576

/* --reader */
enum kp_reader_kind {
	KP_READER_RAW,	/* trace_pipe_raw, formatted here */
	KP_READER_TEXT, /* trace_pipe (or trace), the kernel's text */
};

/* What the command line asks for; sentinels mean "not given" */
struct kp_config {
	double duration;	    /* -d, seconds; < 0: trace until stopped */
	pid_t pid;		    /* -p; -1: any */
	pid_t tid;		    /* -L; -1: any */
	const char *command;	    /* -c, run with /bin/sh -c; NULL: none */
	const char *cgroup;	    /* --cgroup PATH; NULL: none */
	unsigned long long count;   /* -n; 0: no limit */
	unsigned long long last;    /* --last; 0: every event */
	const char *output;	    /* -o; NULL: standard output */
	bool quiet;		    /* -q */
	unsigned long buffer_kb;    /* -b */
	enum kp_reader_kind reader; /* --reader */
	enum kp_time_kind time;	    /* -T */
	bool stack;		    /* -s */
	bool ustack;		    /* --ustack */
	bool headers;		    /* -H */
	bool view;		    /* -v */
	bool force;		    /* -F */
	bool cleanup;		    /* --cleanup */
	bool list;		    /* -l */
	const char *list_arg;	    /* -l's PATTERN or PATH_OR_NAME:PATTERN; NULL: all */
	bool json;		    /* --json */
	bool latency;		    /* --latency */
	bool dump;		    /* --dump */
	struct kp_agg_spec agg;	    /* --by, --hist, --latency, --trigger, -i */
	struct kp_until until;	    /* --until; until.event NULL: not given */
	bool debug;		    /* --debug (also KPROBE_DEBUG=1) */
	struct kp_probe *probes;
	int nr_probes;
};

enum kp_parse_result {
	KP_PARSE_RUN,	/* go on and trace */
	KP_PARSE_EXIT,	/* --help or --version was printed: exit 0 */
	KP_PARSE_USAGE, /* usage error was printed: exit 2 */
};

/**
 * kp_config_init - set every field to its "not given" sentinel
 * @cfg: the config
 */
void kp_config_init(struct kp_config *cfg);

/**
 * kp_config_destroy - free the probes; safe to call twice
 * @cfg: the config
 */
void kp_config_destroy(struct kp_config *cfg);

/**
 * kp_options_parse - parse the command line into @cfg
 * @cfg: initialised with kp_config_init()
 * @argc: argument count
 * @argv: arguments
 *
 * Returns a kp_parse_result; on KP_PARSE_USAGE the reason and a usage
 * hint have been printed to stderr.
 */
enum kp_parse_result kp_options_parse(struct kp_config *cfg, int argc, char **argv);

/**
 * kp_parse_duration - strictly parse a -d value
 * @s: decimal seconds, fractions allowed ("0", "2", "0.5")
 * @out: the value
 *
 * Returns 0, or -1 if @s is empty, not plain decimal, negative or above
 * KP_DURATION_MAX.
 */
int kp_parse_duration(const char *s, double *out);

/**
 * kp_parse_pid - strictly parse a -p or -L value
 * @s: a positive decimal number no larger than KP_PID_MAX
 * @out: the value
 *
 * Returns 0 or -1.
 */
int kp_parse_pid(const char *s, pid_t *out);

/**
 * kp_parse_count - strictly parse a -n value
 * @s: a positive decimal number of events
 * @out: the value
 *
 * Returns 0, or -1 if @s is empty, 0, not plain decimal or too large.
 */
int kp_parse_count(const char *s, unsigned long long *out);

/**
 * kp_parse_buffer_kb - strictly parse a -b value
 * @s: decimal KB, KP_BUFFER_KB_MIN to KP_BUFFER_KB_MAX
 * @out: the value
 *
 * Returns 0, or -1 if @s is not such a number.
 */
int kp_parse_buffer_kb(const char *s, unsigned long *out);

/**
 * kp_usage - print the help text
 * @f: where to
 */
void kp_usage(FILE *f);

#endif
