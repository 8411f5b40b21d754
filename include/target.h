/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TARGET_H
#define KPROBE_TARGET_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* How long the -c command has to exit after the run ended, before SIGKILL */
#define KP_COMMAND_GRACE_MS 5000

/*
 * What the run traces: every task (the default), one process and what it
 * starts (-p), one thread (-L), or a command this process runs and what it
 * starts (-c). Nothing here touches tracefs.
 */
struct kp_target {
	pid_t pid; /* -p, or the -c command once started; -1 */
	pid_t tid; /* -L, or -1 */
	/* -c */
	const char *command; /* or NULL */
	int hold_fd;	     /* the pipe the command waits on before exec; -1 */
	bool released;	     /* let go to exec */
	bool reaped;	     /* waited for: @status is its wait status */
	int status;
	int grace_ms; /* KP_COMMAND_GRACE_MS */
};

/**
 * kp_target_init - take the target from the command line
 * @t: the target
 * @pid: -p, or -1
 * @tid: -L, or -1
 * @command: -c, or NULL
 */
void kp_target_init(struct kp_target *t, pid_t pid, pid_t tid, const char *command);

/**
 * kp_target_check - refuse a -p process or -L thread that does not exist
 * @t: the target
 *
 * Returns 0, or -1 after saying which one is missing.
 */
int kp_target_check(const struct kp_target *t);

/**
 * kp_target_tasks - the threads of process @pid now
 * @pid: the process
 * @n: set to the number of threads
 *
 * Returns a malloc'd array of thread ids (the caller frees it), or NULL
 * with *@n == 0 if the process is gone or memory ran out.
 */
pid_t *kp_target_tasks(pid_t pid, int *n);

/**
 * kp_target_spawn - start the -c command, held before it execs
 * @t: a target with a command
 * @ignored: the signals to leave ignored in the command (those that were
 *	ignored when this process started); the others start at their default
 *
 * Forks a child that inherits stdin, stdout, stderr, the process group and
 * the signal mask, and waits until kp_target_release() before it execs
 * "/bin/sh -c COMMAND"; @t->pid is its pid. Returns 0, or -1 after saying
 * why.
 */
int kp_target_spawn(struct kp_target *t, const sigset_t *ignored);

/**
 * kp_target_release - let the held command exec (tracing is on)
 * @t: a target with a spawned command
 */
void kp_target_release(struct kp_target *t);

/**
 * kp_target_wait - wait for the command to exit
 * @t: a target with a spawned command
 * @timeout_ms: how long at most; 0: just look
 *
 * Returns true once the command has exited and been reaped.
 */
bool kp_target_wait(struct kp_target *t, int timeout_ms);

/**
 * kp_target_finish - see the command to its end once the run is over
 * @t: a target with a released command
 * @sig: the signal that ended the run, or 0 if the run ended on its own
 *	(the command exited, -d, -n, a closed output, an error)
 * @forward: @sig was sent to this process alone: pass it on
 *
 * A command that is still running gets @sig (if @forward) or, with no
 * @sig, SIGTERM; then it has @t->grace_ms to exit before SIGKILL. It is
 * always reaped. Returns the exit status to report: the command's own
 * (128+N if signal N killed it) when it exited by itself or after @sig,
 * 0 when this process had to end it.
 */
int kp_target_finish(struct kp_target *t, int sig, bool forward);

/**
 * kp_target_exit_code - the shell's view of a wait status
 * @status: from waitpid()
 *
 * Returns the exit code, or 128+N for a process killed by signal N.
 */
int kp_target_exit_code(int status);

/**
 * kp_target_destroy - release the target; idempotent
 * @t: the target
 *
 * A command still held is let go without running; one still running is
 * killed. Either way it is reaped: nothing is left behind.
 */
void kp_target_destroy(struct kp_target *t);

#endif
