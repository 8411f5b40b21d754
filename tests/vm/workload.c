// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * workload - small, predictable event generator for the VM tests.
 *
 *   workload open PATH N [GAP_MS]
 *	open()+close() PATH N times, GAP_MS (default 10) apart.
 *   workload thread-later DELAY_MS PATH N
 *	print "pid P", wait DELAY_MS, then start a new thread that prints
 *	"thread T" and opens PATH N times (10 ms apart); wait for it.
 *   workload tid DELAY_MS PATH N
 *	start a second thread and print "pid P" and "tid T" (T: that
 *	thread); after DELAY_MS both threads open PATH N times, 10 ms apart.
 *	(In thread-later and tid, SIGUSR1 ends the DELAY_MS wait at once, so
 *	a scenario can give a long delay and signal when its tracer is ready.)
 *   workload sleepers N MS
 *	start N threads that each make one nanosleep() of MS milliseconds,
 *	all at once (after a barrier); the main thread only waits for them.
 *   workload read PATH SIZE N
 *	open PATH once and make N read() calls of SIZE bytes (SIZE <= 65536)
 *	on it, rewinding before each (use /dev/zero: each returns SIZE).
 *   workload naps N MS
 *	make N nanosleep() calls of MS milliseconds, one after the other.
 *   workload spin SECS
 *	busy loop for SECS seconds (fractions allowed).
 *   workload fork MODE [ARG]...
 *	run "workload MODE ARG..." in a forked child, print "pid CHILD" and
 *	exit with its status. The child makes no system call but those of
 *	MODE, while a shell's own child would open /dev/null and redirections
 *	under the same pid before it execs: use this to count events by pid.
 *   workload churn SECS PATH
 *	for SECS seconds, start children one after another (clone() as
 *	vfork() does, sharing files, cwd and signal handlers), each of which
 *	opens PATH once (an event for a probe on the open) and exits; then
 *	print "children N" and the highest and lowest pid seen as "pids LOW
 *	HIGH". Every child is a new task: a stream of new and freed pids.
 *   workload stamp PATH
 *	open()+close() PATH once, and print the wall clock (CLOCK_REALTIME,
 *	what date shows) just before and just after the open() as "before
 *	SECS.NSECS" and "after SECS.NSECS".
 *   workload fault-open PATH N
 *	N times: open()+close() PATH, then openat() a name in a new
 *	anonymous page never touched, which a probe's fetch cannot read (it
 *	takes no page faults: "(fault)") and the system call reads as ""
 *	(ENOENT, no file descriptor).
 *   workload sigdfl CMD [ARG]...
 *	reset SIGINT, SIGQUIT, SIGTERM, SIGHUP and SIGPIPE to their default
 *	action, unblock all signals, then exec CMD. Background jobs of a
 *	non-interactive shell start with SIGINT ignored; this undoes that.
 *
 * Lines on stdout are flushed at once so scenarios can wait for them.
 * Exit status: 0 on success, 1 on error, 2 on usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct job {
	const char *path;
	long n;
	long delay_ms;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: workload open PATH N [GAP_MS]\n"
		"       workload thread-later DELAY_MS PATH N\n"
		"       workload tid DELAY_MS PATH N\n"
		"       workload sleepers N MS\n"
		"       workload read PATH SIZE N\n"
		"       workload naps N MS\n"
		"       workload spin SECS\n"
		"       workload fork MODE [ARG]...\n"
		"       workload churn SECS PATH\n"
		"       workload stamp PATH\n"
		"       workload fault-open PATH N\n"
		"       workload sigdfl CMD [ARG]...\n");
	exit(2);
}

static long num(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0)
		usage();
	return v;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

/* wait up to ms milliseconds, less if SIGUSR1 arrives */
static void wait_go(long ms)
{
	while (!go && ms > 0) {
		sleep_ms(ms < 10 ? ms : 10);
		ms -= 10;
	}
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/*
 * Each open of open_loop, a function of the workload's own for uprobes on
 * armhf, whose static libc is Thumb-2 code (its uprobes take ARM code only)
 */
__attribute__((noinline)) int workload_open(const char *path)
{
	return open(path, O_RDONLY);
}

static void open_loop(const char *path, long n, long gap_ms)
{
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = workload_open(path);
		if (fd >= 0)
			close(fd);
		if (gap_ms && i + 1 < n)
			sleep_ms(gap_ms);
	}
}

static int fault_open(const char *path, long n)
{
	long i;

	for (i = 0; i < n; i++) {
		char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				  -1, 0);
		long fd;

		if (page == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		open_loop(path, 1, 0);
		fd = syscall(SYS_openat, AT_FDCWD, page, O_RDONLY);
		if (fd >= 0)
			close((int)fd);
		munmap(page, 4096);
	}
	return 0;
}

static void *later_thread(void *arg)
{
	struct job *j = arg;

	printf("thread %d\n", (int)gettid_());
	fflush(stdout);
	open_loop(j->path, j->n, 10);
	return NULL;
}

static int thread_later(struct job *j)
{
	pthread_t t;

	printf("pid %d\n", (int)getpid());
	fflush(stdout);
	wait_go(j->delay_ms);
	if (pthread_create(&t, NULL, later_thread, j)) {
		perror("pthread_create");
		return 1;
	}
	pthread_join(t, NULL);
	return 0;
}

static pthread_mutex_t tid_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tid_cond = PTHREAD_COND_INITIALIZER;
static pid_t second_tid;

static void *tid_thread(void *arg)
{
	struct job *j = arg;

	pthread_mutex_lock(&tid_lock);
	second_tid = gettid_();
	pthread_cond_signal(&tid_cond);
	pthread_mutex_unlock(&tid_lock);
	wait_go(j->delay_ms);
	open_loop(j->path, j->n, 10);
	return NULL;
}

static int two_threads(struct job *j)
{
	pthread_t t;

	if (pthread_create(&t, NULL, tid_thread, j)) {
		perror("pthread_create");
		return 1;
	}
	pthread_mutex_lock(&tid_lock);
	while (!second_tid)
		pthread_cond_wait(&tid_cond, &tid_lock);
	pthread_mutex_unlock(&tid_lock);
	printf("pid %d\ntid %d\n", (int)getpid(), (int)second_tid);
	fflush(stdout);
	wait_go(j->delay_ms);
	open_loop(j->path, j->n, 10);
	pthread_join(t, NULL);
	return 0;
}

static pthread_barrier_t sleep_barrier;

static void *sleeper(void *arg)
{
	long ms = *(long *)arg;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	pthread_barrier_wait(&sleep_barrier);
	nanosleep(&ts, NULL);
	return NULL;
}

static int sleepers(long n, long ms)
{
	pthread_t t[64];
	long i;

	if (n < 1 || n > 64)
		usage();
	pthread_barrier_init(&sleep_barrier, NULL, (unsigned int)n);
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, sleeper, &ms)) {
			perror("pthread_create");
			return 1;
		}
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}

static int read_loop(const char *path, long size, long n)
{
	static char buf[65536];
	int fd;

	if (size > (long)sizeof(buf))
		usage();
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "workload: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (long i = 0; i < n; i++) {
		lseek(fd, 0, SEEK_SET);
		if (read(fd, buf, size) < 0) {
			fprintf(stderr, "workload: read %s: %s\n", path, strerror(errno));
			close(fd);
			return 1;
		}
	}
	close(fd);
	return 0;
}

static int naps(long n, long ms)
{
	for (long i = 0; i < n; i++)
		sleep_ms(ms);
	return 0;
}

static int spin(const char *secs)
{
	struct timespec start, now;
	double limit = strtod(secs, NULL);
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		for (int i = 0; i < 100000; i++)
			x++;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) +
		 (now.tv_nsec - start.tv_nsec) / 1e9 < limit);
	return 0;
}

struct churn_child {
	const char *path;
};

/* A child of churn: only system calls, on its own small stack */
static int churn_child(void *arg)
{
	const struct churn_child *c = arg;
	long fd = syscall(SYS_openat, AT_FDCWD, c->path, O_RDONLY);

	if (fd >= 0)
		syscall(SYS_close, fd);
	syscall(SYS_exit, fd >= 0 ? 0 : 1);
	return 0;
}

static int churn(const char *secs, const char *path)
{
	/*
	 * clone() as vfork() does it (the parent waits until the child is
	 * gone, no copy of the address space) and sharing the file table,
	 * the cwd and the signal handlers too: a new process costs the
	 * least the kernel lets it cost, so the most pids a second
	 */
	static char stack[16384] __attribute__((aligned(16)));
	const int flags = CLONE_VM | CLONE_VFORK | CLONE_FILES | CLONE_FS | CLONE_SIGHAND | SIGCHLD;
	struct churn_child arg = { path };
	struct timespec start, now;
	double limit = strtod(secs, NULL);
	long children = 0;
	pid_t low = 0, high = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		int status;
		pid_t child = clone(churn_child, stack + sizeof(stack), flags, &arg);

		if (child < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			perror("clone");
			return 1;
		}
		while (waitpid(child, &status, 0) < 0)
			if (errno != EINTR)
				return 1;
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "workload: child %d could not open %s\n", (int)child, path);
			return 1;
		}
		children++;
		if (!low || child < low)
			low = child;
		if (child > high)
			high = child;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < limit);
	printf("children %ld\npids %d %d\n", children, (int)low, (int)high);
	return 0;
}

static int sigdfl(char **argv)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE };
	sigset_t none;
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[0], argv);
	fprintf(stderr, "workload: exec %s: %s\n", argv[0], strerror(errno));
	return 127;
}

static int stamp(const char *path)
{
	struct timespec before, after;
	int fd;

	clock_gettime(CLOCK_REALTIME, &before);
	fd = open(path, O_RDONLY);
	clock_gettime(CLOCK_REALTIME, &after);
	if (fd >= 0)
		close(fd);
	printf("before %lld.%09ld\nafter %lld.%09ld\n", (long long)before.tv_sec, before.tv_nsec,
	       (long long)after.tv_sec, after.tv_nsec);
	return 0;
}

static int run(int argc, char **argv)
{
	struct job j = { 0 };

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "stamp") && argc == 3)
		return stamp(argv[2]);
	if (!strcmp(argv[1], "open") && (argc == 4 || argc == 5)) {
		open_loop(argv[2], num(argv[3]), argc == 5 ? num(argv[4]) : 10);
		return 0;
	}
	if (!strcmp(argv[1], "thread-later") && argc == 5) {
		j.delay_ms = num(argv[2]);
		j.path = argv[3];
		j.n = num(argv[4]);
		return thread_later(&j);
	}
	if (!strcmp(argv[1], "tid") && argc == 5) {
		j.delay_ms = num(argv[2]);
		j.path = argv[3];
		j.n = num(argv[4]);
		return two_threads(&j);
	}
	if (!strcmp(argv[1], "sleepers") && argc == 4)
		return sleepers(num(argv[2]), num(argv[3]));
	if (!strcmp(argv[1], "read") && argc == 5)
		return read_loop(argv[2], num(argv[3]), num(argv[4]));
	if (!strcmp(argv[1], "naps") && argc == 4)
		return naps(num(argv[2]), num(argv[3]));
	if (!strcmp(argv[1], "spin") && argc == 3)
		return spin(argv[2]);
	if (!strcmp(argv[1], "churn") && argc == 4)
		return churn(argv[2], argv[3]);
	if (!strcmp(argv[1], "sigdfl") && argc >= 3)
		return sigdfl(argv + 2);
	if (!strcmp(argv[1], "fault-open") && argc == 4)
		return fault_open(argv[2], num(argv[3]));
	usage();
	return 2;
}

static int fork_run(int argc, char **argv)
{
	pid_t child;
	int status;

	fflush(stdout);
	child = fork();
	if (child < 0) {
		perror("fork");
		return 1;
	}
	if (child == 0)
		_exit(run(argc, argv));
	printf("pid %d\n", (int)child);
	fflush(stdout);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, on_usr1);
	if (argc >= 3 && !strcmp(argv[1], "fork"))
		return fork_run(argc - 1, argv + 1);
	return run(argc, argv);
}
