// SPDX-License-Identifier: GPL-2.0-only
/*
 * kprobe: trace kernel functions with kprobe events, in a private ftrace
 * instance, and leave nothing behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btfsig.h"
#include "errors.h"
#include "funclist.h"
#include "kind.h"
#include "missed.h"
#include "options.h"
#include "reader.h"
#include "recorder.h"
#include "session.h"
#include "uprobe.h"

/*
 * Raised once per SIGINT/SIGTERM/SIGHUP: 1 ends the wait, 2 ends the
 * drain. The end of the -c command raises it to 1; any other signal that
 * would kill this process raises it to 2.
 */
static volatile sig_atomic_t stop;
/* --until: the condition never came (kprobe(8), EXIT STATUS) */
#define KP_EXIT_NEVER 3
/* The last such signal, and whether it came from kill(2), not the terminal */
static volatile sig_atomic_t stop_signal, stop_forward;
/* A signal that kills once the run is torn down (re-raised by main()) */
static volatile sig_atomic_t fatal_signal;
/* The signals that were ignored when this process started, for -c */
static sigset_t ignored_at_start;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
		if (stop < 2)
			stop++;
	} else {
		/* no drain: what is buffered is dropped, and the kill goes on */
		stop = 2;
		fatal_signal = sig;
		/* this process's own limits: -c's command is ended as at the end of a run */
		if (sig == SIGXFSZ || sig == SIGXCPU)
			return;
	}
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

/*
 * Every signal whose default action ends the process, but those that say
 * this process itself went wrong (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP,
 * SIGABRT, SIGSYS: a handler cannot go on after them) and SIGPIPE (ignored:
 * a closed output is EPIPE). INT, TERM and HUP end the run; the others
 * end it too and then kill this process with the same signal.
 */
static const int ending_sigs[] = {
	SIGINT,	   SIGTERM, SIGHUP,  SIGQUIT,	SIGUSR1, SIGUSR2,
	SIGALRM,   SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO,
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};

static bool was_ignored(int sig)
{
	struct sigaction old;

	return !sigaction(sig, NULL, &old) && old.sa_handler == SIG_IGN;
}

static int handle(int sig, const struct sigaction *sa)
{
	/* as today for INT, TERM and HUP; any other one ignored at start stays so */
	if (sig != SIGINT && sig != SIGTERM && sig != SIGHUP && sigismember(&ignored_at_start, sig))
		return 0;
	if (sigaction(sig, sa, NULL))
		return error_errno("cannot install signal handler");
	return 0;
}

static int setup_signals(bool command)
{
	struct sigaction sa;
	size_t i;
	int sig;

	sigemptyset(&ignored_at_start);
	for (i = 0; i < sizeof(ending_sigs) / sizeof(ending_sigs[0]); i++)
		if (was_ignored(ending_sigs[i]))
			sigaddset(&ignored_at_start, ending_sigs[i]);
	for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		if (was_ignored(sig))
			sigaddset(&ignored_at_start, sig);
	if (was_ignored(SIGPIPE))
		sigaddset(&ignored_at_start, SIGPIPE);
	if (was_ignored(SIGCHLD))
		sigaddset(&ignored_at_start, SIGCHLD);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal; /* no SA_RESTART: waits return EINTR */
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(ending_sigs) / sizeof(ending_sigs[0]); i++)
		if (handle(ending_sigs[i], &sa))
			return -1;
	for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		if (handle(sig, &sa))
			return -1;
	if (command) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_child;
		sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
		sigfillset(&sa.sa_mask);
		if (sigaction(SIGCHLD, &sa, NULL))
			return error_errno("cannot install signal handler");
	}
	/* a closed output pipe shows up as EPIPE, and ends the run cleanly */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* After the teardown: die of the signal that was to kill, as it would have */
static void reraise_fatal(void)
{
	sigset_t one;
	int sig = fatal_signal;

	if (!sig)
		return;
	fflush(NULL);
	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
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
	if (cfg->until.event)
		fprintf(stderr, " into the ring buffer until %s%s%s", cfg->until.event,
			cfg->until.filter ? " if " : "",
			cfg->until.filter ? cfg->until.filter : "");
	if (cfg->until.event && cfg->duration >= 0)
		fprintf(stderr, ", for at most %g seconds...\n", cfg->duration);
	else if (cfg->duration >= 0)
		fprintf(stderr, " for %g seconds (buffered)...\n", cfg->duration);
	else
		fprintf(stderr, ". Ctrl-C to end.\n");
}

/*
 * Trace until stopped: live, the reader streams events as they come; -d
 * sleeps for the duration instead, unless the reader is timed (it prints
 * while it waits: an aggregate's -i), and the flight recorder (--until)
 * waits for its trigger. Then tracing is turned off and what is still
 * buffered is printed; a second Ctrl-C cuts that short.
 */
static int trace(struct kp_session *s, struct kp_output *out, struct kp_reader_loss *loss)
{
	struct kp_reader *r = &s->reader;
	bool until = s->cfg->until.event, buffered = s->cfg->duration >= 0 || until;
	int err = 0;

	/* the flight recorder's stream waits for its trigger, and for -d too */
	if (buffered && !until && !r->timed)
		kp_reader_wait(s->cfg->duration, &stop);
	else
		err = kp_reader_stream(r, out, &stop);
	kp_session_stop(s);
	/* -d: the headers come with the buffer, from the kernel or from here */
	if (!err && buffered && s->cfg->headers && !r->with_headers)
		err = kp_session_print_headers(s, out);
	/* a closed output: each reader's drain sees it (an aggregate still counts) */
	if (!err)
		err = kp_reader_drain(r, out, &stop, 2);
	kp_reader_report(r, loss);
	return err;
}

/* --until: 0 if the trigger stopped the buffer; else said, and KP_EXIT_NEVER */
static int until_end(const struct kp_config *cfg, const struct kp_reader *r)
{
	if (kp_reader_recorder_fired(r))
		return 0;
	error("condition never met: no %s%s%s came; %s", cfg->until.event,
	      cfg->until.filter ? " with " : "", cfg->until.filter ? cfg->until.filter : "",
	      cfg->dump ? "the buffer was printed" : "nothing printed (--dump prints the buffer)");
	return KP_EXIT_NEVER;
}

/*
 * The run; *@code is what to exit with when nothing failed: -c's
 * command's status, or 128+N for a signal N that came before it started.
 */
static int run(struct kp_config *cfg, int out_fd, int *code)
{
	struct kp_session session;
	struct kp_output out = { 0 };
	struct kp_reader_loss loss = { 0 };
	struct kp_cpu_stats st;
	unsigned long long lost, missed = 0;
	bool traced = false;
	int err;

	err = kp_session_init(&session, cfg);
	if (err)
		return err;
	/* no probe left that can fire (their modules gone): the run ends */
	session.stop = &stop;
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
	kp_output_init(&out, out_fd, cfg->output);
	/* a reader that does not take the events: the second Ctrl-C still ends the run */
	kp_output_set_stop(&out, &stop, 2);
	if (cfg->view) {
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
	if (!err)
		err = kp_session_open_reader(&session);
	if (err)
		goto cleanup;

	/* -d and --until: headers come with the buffer; live: print them now */
	kp_output_set_limit(&out, cfg->count);
	if (cfg->headers && cfg->duration < 0 && !cfg->until.event) {
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
		err = trace(&session, &out, &loss);
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
	if (traced && cfg->until.event && !err)
		*code = until_end(cfg, &session.reader);
	if (kp_session_lost(&session, &st)) {
		st.overrun = out.lost;
		warning("cannot read the ring buffer stats; loss counted from trace_pipe only");
	}
	missed = kp_missed_report(cfg->probes, cfg->nr_probes, session.name);
	if (traced && kp_reader_summary(&session.reader, &out, missed))
		err = -1;
	if (traced && !err)
		kp_session_ustacks_end(&session, !out.done && !out.closed);
cleanup:
	kp_output_destroy(&out);
	if (kp_session_destroy(&session))
		err = -1;
	if (traced && loss.counts) {
		if (!cfg->quiet || loss.dropped || missed)
			fprintf(stderr, "%llu events counted, %llu dropped, %llu missed\n",
				loss.counted, loss.dropped, missed);
	} else if (traced) {
		lost = st.overrun + st.dropped + st.commit_overrun + loss.unread;
		/* the flight recorder keeps the newest events by overwriting the oldest */
		if (cfg->until.event) {
			lost -= st.overrun;
			if (st.overrun && !cfg->quiet)
				fprintf(stderr,
					"kprobe: %llu older events were overwritten in the ring "
					"buffer (-b sets how far back it reaches)\n",
					st.overrun);
		}
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
	const char *path = secure_getenv("KPROBE_VMLINUX_BTF");

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
	reraise_fatal();
	return err ? 1 : code;
}
