// SPDX-License-Identifier: GPL-2.0-only
/*
 * The program the host tests put uprobes on. It makes a known number of
 * calls with known arguments, so the events can be checked exactly.
 *
 *   uprobe_target [-w] CALLS WORD   call kpt_add(i, 1000 + i) and
 *                                   kpt_greet(WORD) CALLS times, and
 *                                   getppid() CALLS times; with -w, print
 *                                   the PID and wait for SIGUSR1 first
 *   uprobe_target --offsets         print where kpt_add and kpt_greet are in
 *                                   this file, from this process's own mappings,
 *                                   and kpc_site: the return from
 *                                   kpc_leaf() into kpc_inner()
 *   uprobe_target --chain CALLS     call main -> kpc_outer ->
 *                                   kpc_inner -> kpc_leaf CALLS
 *                                   times: a uprobe at kpc_site sees the
 *                                   user stack kpc_inner, kpc_outer,
 *                                   main (the kernel walks frame pointers: built
 *                                   with them; at a function's entry the
 *                                   caller's frame is not set up yet)
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* noinline and used: the calls must stay calls, with these names */
__attribute__((noinline, used)) long kpt_add(int a, long b)
{
	__asm__ volatile("" ::: "memory");
	return a + b;
}

__attribute__((noinline, used)) size_t kpt_greet(const char *word)
{
	__asm__ volatile("" ::: "memory");
	return strlen(word);
}

/* Where kpc_leaf() returns to in kpc_inner(), for --offsets */
static const void *chain_site;

__attribute__((noinline, used)) long kpc_leaf(long a)
{
	chain_site = __builtin_return_address(0);
	__asm__ volatile("" ::: "memory");
	return a + 1;
}

__attribute__((noinline, used)) long kpc_inner(long a)
{
	long r = kpc_leaf(a) * 2;

	__asm__ volatile("" ::: "memory");
	return r;
}

__attribute__((noinline, used)) long kpc_outer(long a)
{
	long r = kpc_inner(a) * 3;

	__asm__ volatile("" ::: "memory");
	return r;
}

/* An indirect function: its symbol is the resolver, which probes must refuse */
static long ifunc_impl(void)
{
	return 1;
}

static long (*ifunc_resolver(void))(void)
{
	return ifunc_impl;
}

long kpt_ifunc(void) __attribute__((ifunc("ifunc_resolver")));

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

/* The file offset of @addr, from /proc/self/maps, as uprobes count it */
static int print_offset(const char *name, const void *addr)
{
	unsigned long start, end, off;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &off) != 3)
			continue;
		if ((uintptr_t)addr >= start && (uintptr_t)addr < end) {
			printf("%s 0x%lx\n", name, (unsigned long)((uintptr_t)addr - start + off));
			fclose(f);
			return 0;
		}
	}
	fclose(f);
	return -1;
}

int main(int argc, char **argv)
{
	size_t total = 0;
	long sum = 0;
	int calls, i, arg = 1;

	if (argc == 2 && !strcmp(argv[1], "--offsets"))
		return print_offset("kpt_add", (const void *)kpt_add) ||
		       print_offset("kpt_greet", (const void *)kpt_greet) ||
		       kpc_outer(0) != 6 || print_offset("kpc_site", chain_site);
	if (argc == 3 && !strcmp(argv[1], "--chain")) {
		for (i = 0, calls = atoi(argv[2]); i < calls; i++)
			sum += kpc_outer(i);
		return sum != 3L * calls * (calls + 1);
	}
	if (argc > 1 && !strcmp(argv[1], "-w")) {
		sigset_t none;

		signal(SIGUSR1, on_usr1);
		printf("%d\n", (int)getpid());
		fflush(stdout);
		sigemptyset(&none);
		while (!go)
			sigsuspend(&none);
		arg++;
	}
	if (argc != arg + 2) {
		fprintf(stderr, "usage: uprobe_target [-w] CALLS WORD | --offsets\n");
		return 2;
	}
	calls = atoi(argv[arg]);
	for (i = 0; i < calls; i++) {
		sum += kpt_add(i, 1000 + i);
		total += kpt_greet(argv[arg + 1]);
		sum += getppid() > 0;
		sum += kpt_ifunc();
	}
	return sum < 0 || total != (size_t)calls * strlen(argv[arg + 1]);
}
