// SPDX-License-Identifier: GPL-2.0-only
/*
 * kprobe: trace kernel functions with kprobe events, in a private ftrace
 * instance, and leave nothing behind.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "btfsig.h"
#include "errors.h"
#include "funclist.h"
#include "kind.h"
#include "missed.h"
#include "options.h"
#include "rawreader.h"
#include "reader.h"
#include "session.h"
#include "uprobe.h"

/*
 * Raised once per SIGINT/SIGTERM/SIGHUP: 1 ends the wait, 2 ends the
 * drain. The end of the -c command raises it to 1.
 */
static volatile sig_atomic_t stop;
/* The last such signal, and whether it came from kill(2), not the terminal */
static volatile sig_atomic_t stop_signal, stop_forward;
/* The signals that were ignored when this process started, for -c */
static sigset_t ignored_at_start;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (stop < 2)
		stop++;
	stop_signal = sig;
	/* the terminal signals the whole process group, -c's command too */
	stop_forward = si->si_code != SI_KERNEL;
}

static void on_child(int sig)
{
	(void)sig;
	if (!stop)
		stop = 1;
}

static int setup_signals(bool command)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	static const int kept[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD };
	struct sigaction sa, old;
	size_t i;

	sigemptyset(&ignored_at_start);
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (!sigaction(kept[i], NULL, &old) && old.sa_handler == SIG_IGN)
			sigaddset(&ignored_at_start, kept[i]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal; /* no SA_RESTART: waits return EINTR */
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL))
			return error_errno("cannot install signal handler");
	if (command) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_child;
		sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGCHLD, &sa, NULL))
			return error_errno("cannot install signal handler");
	}
	/* a closed output pipe shows up as EPIPE, and ends the run cleanly */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static void announce(const struct kp_config *cfg)
{
	int i;

	const char *kind = kp_kinds[cfg->probes[0].kind].name;

	/* "Tracing uprobe readline", as perf-tools says; "probes" for a mix of kinds */
	for (i = 1; i < cfg->nr_probes; i++)
		if (cfg->probes[i].kind != cfg->probes[0].kind)
			kind = "probe";
	fprintf(stderr, "Tracing %s%s ", kind, cfg->nr_probes > 1 ? "s" : "");
	for (i = 0; i < cfg->nr_probes; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", kp_probe_shown(&cfg->probes[i]));
	if (cfg->duration >= 0)
		fprintf(stderr, " for %g seconds (buffered)...\n", cfg->duration);
	else
		fprintf(stderr, ". Ctrl-C to end.\n");
}

/* Sleep for -d, or until a signal or the end of -c's command */
static void wait_duration(double secs)
{
	struct timespec now, end, left;
	sigset_t wake, old;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)secs;
	end.tv_nsec += (long)((secs - (time_t)secs) * 1e9);
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	/* the signals come in only during ppoll(), so none is missed before it */
	sigemptyset(&wake);
	sigaddset(&wake, SIGINT);
	sigaddset(&wake, SIGTERM);
	sigaddset(&wake, SIGHUP);
	sigaddset(&wake, SIGCHLD);
	sigprocmask(SIG_BLOCK, &wake, &old);
	while (!stop) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		ppoll(NULL, 0, &left, &old);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Stream trace_pipe until stopped, then print what was still buffered */
static int trace_live(struct kp_session *s, struct kp_output *out)
{
	struct kp_reader reader = { 0 };
	int fd, err;

	fd = kp_session_open(s, "trace_pipe");
	if (fd < 0)
		return -1;
	kp_reader_text_init(&reader, fd);
	err = kp_reader_stream(&reader, out, &stop);
	if (err)
		error_errno("cannot read trace_pipe");
	kp_session_stop(s);
	if (!err && !out->closed)
		err = kp_reader_drain(&reader, out, &stop, 2);
	kp_reader_close(&reader);
	return err;
}

/* -d: record for the duration, then print the buffer */
static int trace_buffered(struct kp_session *s, struct kp_output *out)
{
	struct kp_reader reader = { 0 };
	int fd, err;

	wait_duration(s->cfg->duration);
	kp_session_stop(s);
	fd = kp_session_open(s, "trace");
	if (fd < 0)
		return -1;
	kp_reader_text_init(&reader, fd);
	/* the first Ctrl-C ended the wait; a second one cuts the printing short */
	err = kp_reader_drain(&reader, out, &stop, 2);
	if (err)
		error_errno("cannot read trace");
	kp_reader_close(&reader);
	return err;
}

/*
 * The raw reader on the instance, or NULL (after saying why once) when
 * it cannot print these events exactly as the kernel would: then the
 * kernel's text is read instead.
 */
static int raw_open(struct kp_session *s, struct kp_raw_reader *rr, bool *opened)
{
	const struct kp_config *cfg = s->cfg;
	struct kp_format_opts opts = { .json = cfg->json,
				       .stack = cfg->stack,
				       .syms_early = cfg->duration < 0 };
	struct kp_raw_event *events;
	char *why = NULL;
	int i, err;

	*opened = false;
	events = calloc(cfg->nr_probes, sizeof(*events));
	if (!events)
		return error("out of memory");
	for (i = 0; i < cfg->nr_probes; i++) {
		events[i].group = kp_probe_group(&cfg->probes[i], s->name);
		events[i].event = cfg->probes[i].event;
		events[i].shown = cfg->probes[i].shown;
		events[i].user = cfg->probes[i].kind == KP_KIND_UPROBE;
		/* an eprobe's line names the event it probes, which its format does not */
		if (cfg->probes[i].kind == KP_KIND_EPROBE)
			events[i].probed = cfg->probes[i].location;
	}
	err = kp_raw_open(rr, s->inst.tfs, events, cfg->nr_probes, &opts, &why);
	free(events);
	if (!err) {
		*opened = true;
		return 0;
	}
	kp_raw_close(rr);
	if (!why)
		return -1;
	if (cfg->json) {
		/* JSON comes from the records only: there is no text path for it */
		error("%s: cannot print it as JSON", why);
		free(why);
		return -1;
	}
	warning("%s: reading the kernel's text instead", why);
	free(why);
	return 0;
}

/* Records the raw reader had to skip are never skipped silently */
static void raw_report(const struct kp_raw_reader *rr)
{
	if (rr->merge.corrupt)
		warning("%llu sub-buffers of the ring buffer were cut short by a corrupt event",
			rr->merge.corrupt);
	if (rr->unknown)
		warning("%llu records could not be printed", rr->unknown);
}

/* Stream the raw records until stopped, then print what was still buffered */
static int trace_live_raw(struct kp_session *s, struct kp_raw_reader *rr, struct kp_output *out)
{
	int err = kp_raw_stream(rr, out, &stop);

	if (err)
		error_errno("cannot read trace_pipe_raw");
	kp_session_stop(s);
	if (!err && !out->closed)
		err = kp_raw_drain(rr, out, &stop, 2);
	raw_report(rr);
	return err;
}

/* -d with the raw reader: record for the duration, then print the buffer */
static int trace_buffered_raw(struct kp_session *s, struct kp_raw_reader *rr, struct kp_output *out)
{
	int err;

	wait_duration(s->cfg->duration);
	kp_session_stop(s);
	if (s->cfg->headers && kp_session_print_headers(s, out))
		return -1;
	/* the first Ctrl-C ended the wait; a second one cuts the printing short */
	err = kp_raw_drain(rr, out, &stop, 2);
	if (err)
		error_errno("cannot read trace_pipe_raw");
	raw_report(rr);
	return err;
}

/*
 * The run; *@code is what to exit with when nothing failed: -c's
 * command's status, or 128+N for a signal N that came before it started.
 */
static int run(struct kp_config *cfg, int out_fd, int *code)
{
	struct kp_session session;
	struct kp_raw_reader rr = { 0 };
	bool raw = false;
	struct kp_output out = { 0 };
	unsigned long long unread = 0;
	struct kp_cpu_stats st;
	unsigned long long lost, missed = 0;
	bool traced = false;
	int err;

	err = kp_session_init(&session, cfg);
	if (err)
		return err;
	err = kp_session_check(&session);
	if (err)
		goto cleanup;
	if (cfg->cleanup) {
		err = kp_session_cleanup_stale(&session, true) < 0 ? -1 : 0;
		goto cleanup;
	}
	kp_session_cleanup_stale(&session, false);

	err = kp_session_check_functions(&session);
	if (err)
		goto cleanup;
	err = kp_session_create_probes(&session);
	if (err)
		goto cleanup;
	if (cfg->view) {
		kp_output_init(&out, out_fd, false);
		err = kp_session_print_formats(&session, &out);
		goto cleanup;
	}
	/* -c: the command waits between fork and exec until tracing is on */
	if (cfg->command) {
		err = kp_target_spawn(&session.target, &ignored_at_start);
		if (err)
			goto cleanup;
	}
	err = kp_session_start(&session);
	if (err)
		goto cleanup;
	if (cfg->reader == KP_READER_RAW)
		err = raw_open(&session, &rr, &raw);
	if (err)
		goto cleanup;

	/* -d: headers come with the buffer; live: print them now */
	kp_output_init(&out, out_fd, !raw && cfg->duration >= 0 && !cfg->headers);
	kp_output_set_limit(&out, cfg->count);
	if (cfg->headers && cfg->duration < 0) {
		err = kp_session_print_headers(&session, &out);
		if (err)
			goto cleanup;
	}
	if (!stop) {
		if (!cfg->quiet)
			announce(cfg);
		traced = true;
		if (cfg->command)
			kp_target_release(&session.target);
		if (raw)
			err = cfg->duration >= 0 ? trace_buffered_raw(&session, &rr, &out)
						 : trace_live_raw(&session, &rr, &out);
		else
			err = cfg->duration >= 0 ? trace_buffered(&session, &out)
						 : trace_live(&session, &out);
		kp_output_finish(&out);
		unread = raw ? kp_raw_unread(&rr) : 0;
		if (unread)
			warning("%llu events stayed in the ring buffer: trace_pipe_raw did not hand "
				"them out; counted as lost",
				unread);
	}
	if (!cfg->quiet)
		fprintf(stderr, "\nEnding tracing...\n");
	kp_session_stop(&session);
	if (session.target.released)
		*code = kp_target_finish(&session.target, stop_signal, stop_forward);
	else if (cfg->command && stop_signal)
		*code = 128 + stop_signal;
	else if (cfg->command && kp_target_wait(&session.target, 0))
		*code = kp_target_exit_code(session.target.status); /* died while held */
	if (kp_session_lost(&session, &st)) {
		st.overrun = out.lost;
		warning("cannot read the ring buffer stats; loss counted from trace_pipe only");
	}
	missed = kp_missed_report(cfg->probes, cfg->nr_probes, session.name);
cleanup:
	kp_raw_close(&rr);
	kp_output_destroy(&out);
	if (kp_session_destroy(&session))
		err = -1;
	if (traced) {
		lost = st.overrun + st.dropped + st.commit_overrun + unread;
		if (!cfg->quiet || lost || missed)
			fprintf(stderr, "%llu events printed, %llu lost, %llu missed\n", out.events,
				lost, missed);
	}
	return err;
}

/*
 * Where kernel BTF comes from: the running kernel's, unless the test hook
 * KPROBE_VMLINUX_BTF names another file (a missing one: no BTF).
 */
static const char *btf_path(void)
{
	const char *path = getenv("KPROBE_VMLINUX_BTF");

	return path && *path ? path : NULL;
}

static int list_kernel(const struct kp_list_request *req)
{
	struct kp_btf_sigs btf;
	char *funcs, *blacklist;
	bool have_btf;
	long n;

	if (kp_kernel_functions_read(&funcs, &blacklist))
		return -1;
	have_btf = !kp_btf_sigs_load(&btf, btf_path());
	if (!have_btf)
		warning("no kernel BTF (%s): listing names without signatures",
			btf_path() ? btf_path() : "/sys/kernel/btf/vmlinux");
	if (!blacklist)
		warning("cannot read the kprobes blacklist (is debugfs mounted?); "
			"blacklisted functions are listed too");
	n = kp_list_kernel(funcs, blacklist, req, have_btf ? &btf : NULL, stdout);
	if (have_btf)
		kp_btf_sigs_free(&btf);
	free(funcs);
	free(blacklist);
	if (n < 0 && errno != EPIPE)
		return error_errno("cannot list functions");
	if (!n && req->module)
		return error("no function of module '%s' matches '%s' (is it a program, library "
			     "or loaded module?)",
			     req->module, req->pattern);
	if (!n) {
		char *path = NULL;

		error("no kernel function that can be probed matches '%s'", req->pattern);
		/* perf-tools' "uprobe -l bash" lists a program's functions */
		if (kp_uprobe_find_binary(req->pattern, &path) == 1)
			note("'%s' is %s: '-l %s:*' lists its functions", req->pattern, path,
			     req->pattern);
		free(path);
		return -1;
	}
	return 0;
}

/* -l: list functions, kernel or binary */
static int list(const struct kp_config *cfg)
{
	struct kp_list_request req;
	int err;

	/* | head: a closed pipe ends the listing quietly */
	signal(SIGPIPE, SIG_IGN);
	if (kp_list_request_parse(cfg->list_arg, &req))
		return -1;
	err = kp_list_request_settle(&req);
	if (!err && req.target) {
		long n = kp_list_binary(&req, stdout);

		if (!n)
			err = error("no function in '%s' matches '%s'", req.target, req.pattern);
		else if (n < 0 && errno != EPIPE)
			err = -1;
	} else if (!err) {
		err = list_kernel(&req);
	}
	kp_list_request_release(&req);
	return err;
}

int main(int argc, char **argv)
{
	struct kp_config cfg;
	int out_fd = STDOUT_FILENO;
	int err = 0, code = 0;

	kp_config_init(&cfg);
	switch (kp_options_parse(&cfg, argc, argv)) {
	case KP_PARSE_EXIT:
		goto out;
	case KP_PARSE_USAGE:
		kp_config_destroy(&cfg);
		return 2;
	case KP_PARSE_RUN:
		break;
	}
	if (cfg.list) {
		err = list(&cfg);
		goto out;
	}
	err = setup_signals(cfg.command);
	/* before anything is set up: a file that cannot be written ends the run here */
	if (!err && cfg.output) {
		out_fd = kp_output_open(cfg.output);
		err = out_fd < 0;
	}
	if (!err)
		err = run(&cfg, out_fd, &code);
	if (out_fd != STDOUT_FILENO && out_fd >= 0)
		close(out_fd);
out:
	kp_config_destroy(&cfg);
	return err ? 1 : code;
}
