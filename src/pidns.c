// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pid namespaces: which one this run is in, its run names, and the
 * pieces of the kernel pid look-up (instance.c does the tracing).
 */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidns.h"

unsigned long kp_run_ns;

unsigned long kp_pidns_detect(void)
{
	struct stat st;

	kp_run_ns = 0;
	if (!stat("/proc/self/ns/pid", &st) && st.st_ino != KP_PIDNS_INIT_INO)
		kp_run_ns = (unsigned long)st.st_ino;
	return kp_run_ns;
}

int kp_pidns_alive(const char *proc, unsigned long ino)
{
	struct dirent *d;
	DIR *dir = opendir(proc);
	int alive = 0;

	if (!dir)
		return -1;
	while (!alive && (d = readdir(dir))) {
		char path[PATH_MAX];
		struct stat st;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s/ns/pid", proc, d->d_name);
		alive = !stat(path, &st) && (unsigned long)st.st_ino == ino;
	}
	closedir(dir);
	return alive;
}

bool kp_pidns_proc_ours(void)
{
	char buf[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	if (n <= 0)
		return false;
	buf[n] = '\0';
	return strtol(buf, NULL, 10) == (long)getpid();
}

void kp_run_name(char *buf, size_t size, pid_t pid)
{
	if (kp_run_ns)
		snprintf(buf, size, "kprobe_%d_%lu", (int)pid, kp_run_ns);
	else
		snprintf(buf, size, "kprobe_%d", (int)pid);
}

/* The signal mask on the "KEY:\t%016llx" line of @status; -1 if there is none */
static int mask_of(const char *status, const char *key, unsigned long long *mask)
{
	const char *p = status;
	size_t len = strlen(key);

	for (; p && *p; p = strchr(p, '\n'), p += !!p) {
		if (!strncmp(p, key, len) && p[len] == ':') {
			char *end;

			*mask = strtoull(p + len + 1, &end, 16);
			return end == p + len + 1 ? -1 : 0;
		}
		if (!strchr(p, '\n'))
			break;
	}
	return -1;
}

int kp_pidns_quiet_signal(const char *status)
{
	static const int sigs[] = { SIGURG, SIGWINCH };
	unsigned long long blocked, caught;
	size_t i;

	if (!status || mask_of(status, "SigBlk", &blocked) || mask_of(status, "SigCgt", &caught))
		return 0;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		unsigned long long bit = 1ULL << (sigs[i] - 1);

		if (!(blocked & bit) && !(caught & bit))
			return sigs[i];
	}
	return 0;
}

int kp_pidns_generated(const char *trace, pid_t *pids, int max)
{
	const char *line = trace;
	int n = 0;

	/* "signal_generate: sig=23 errno=0 code=0 comm=NAME pid=PID grp=1 res=1" */
	for (; line && *line && n < max; line = strchr(line, '\n'), line += !!line) {
		size_t len = strcspn(line, "\n");
		const char *ev = strstr(line, ": signal_generate: ");
		const char *grp, *pid;

		if (!ev || ev > line + len)
			continue;
		grp = strstr(ev, " grp=");
		if (!grp || grp > line + len)
			continue;
		for (pid = grp; pid > ev && strncmp(pid, " pid=", 5); pid--)
			;
		if (pid > ev) {
			long v = strtol(pid + 5, NULL, 10);

			if (v > 0)
				pids[n++] = (pid_t)v;
		}
	}
	return n;
}
