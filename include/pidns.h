/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_PIDNS_H
#define KPROBE_PIDNS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Pid namespaces: runs in different ones may share one tracefs, and the
 * kernel's tracing files (set_event_pid, common_pid, filters) take and
 * show the initial namespace's pids, the kernel's. Pure but for reading
 * /proc.
 */

/* PROC_PID_INIT_INO (include/linux/proc_ns.h): the initial pid namespace's inode */
#define KP_PIDNS_INIT_INO 0xEFFFFFFCUL

/*
 * The pid namespace this process is in: 0 for the initial one (or when
 * /proc/self/ns/pid cannot be read), else its inode. Run names carry it
 * ("kprobe_<pid>_<inode>"): see kp_owner_pid().
 */
extern unsigned long kp_run_ns;

/**
 * kp_pidns_detect - set kp_run_ns from /proc/self/ns/pid
 *
 * Returns kp_run_ns.
 */
unsigned long kp_pidns_detect(void);

/**
 * kp_pidns_proc_ours - does /proc number tasks as this process's namespace does?
 *
 * Not when it is another namespace's procfs (unshare -p without
 * --mount-proc): /proc/self is then not getpid().
 */
bool kp_pidns_proc_ours(void);

/**
 * kp_pidns_alive - does any process still live in pid namespace @ino?
 * @proc: where procfs is ("/proc"; a test's fixture)
 * @ino: the namespace's inode
 *
 * Meaningful in the initial namespace only, whose /proc lists every
 * process. Returns 1, 0, or -1 when @proc cannot be read.
 */
int kp_pidns_alive(const char *proc, unsigned long ino);

/**
 * kp_run_name - this tool's name for the run of @pid in namespace kp_run_ns
 * @buf: where to write it
 * @size: its size (32 is enough)
 * @pid: the run's pid, as its namespace numbers it
 *
 * "kprobe_<pid>" in the initial namespace (perf-tools' form, which older
 * runs clean up too), "kprobe_<pid>_<inode>" in another.
 */
void kp_run_name(char *buf, size_t size, pid_t pid);

/**
 * kp_pidns_quiet_signal - a signal that @pid may be sent without effect
 * @status: /proc/PID/status of the thread
 *
 * SIGURG or SIGWINCH, whichever the thread neither catches nor blocks:
 * the kernel drops it as ignored, but its signal_generate tracepoint
 * still records the thread's kernel pid. Returns the signal, or 0 when
 * neither will do (or @status has no SigBlk/SigCgt lines).
 */
int kp_pidns_quiet_signal(const char *status);

/**
 * kp_pidns_generated - the pids that signal_generate lines name, in order
 * @trace: the instance's trace file, as read
 * @pids: filled with the "pid=" of each signal_generate line
 * @max: room in @pids
 *
 * Returns how many were found (at most @max).
 */
int kp_pidns_generated(const char *trace, pid_t *pids, int max);

#endif
