/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_ARCHREGS_H
#define KPROBE_ARCHREGS_H

/*
 * The build architecture's names, as kprobe events spell them, of the
 * registers that hold a kernel function's first three arguments at its
 * entry: what --help's examples use (the man page lists every
 * architecture's). A build for an architecture not listed here shows
 * x86_64's, and says so.
 */
#if defined(__x86_64__)
#define KP_ARCH_NAME "x86_64"
#define KP_REG_ARG1  "%di"
#define KP_REG_ARG2  "%si"
#define KP_REG_ARG3  "%dx"
#elif defined(__aarch64__)
#define KP_ARCH_NAME "arm64"
#define KP_REG_ARG1  "%x0"
#define KP_REG_ARG2  "%x1"
#define KP_REG_ARG3  "%x2"
#elif defined(__arm__)
#define KP_ARCH_NAME "arm"
#define KP_REG_ARG1  "%r0"
#define KP_REG_ARG2  "%r1"
#define KP_REG_ARG3  "%r2"
#elif defined(__riscv)
#define KP_ARCH_NAME "riscv"
#define KP_REG_ARG1  "%a0"
#define KP_REG_ARG2  "%a1"
#define KP_REG_ARG3  "%a2"
#elif defined(__powerpc64__)
#define KP_ARCH_NAME "powerpc64"
#define KP_REG_ARG1  "%r3"
#define KP_REG_ARG2  "%r4"
#define KP_REG_ARG3  "%r5"
#elif defined(__s390x__)
#define KP_ARCH_NAME "s390x"
#define KP_REG_ARG1  "%r2"
#define KP_REG_ARG2  "%r3"
#define KP_REG_ARG3  "%r4"
#else
#define KP_ARCH_NAME "x86_64, not this build's architecture"
#define KP_REG_ARG1  "%di"
#define KP_REG_ARG2  "%si"
#define KP_REG_ARG3  "%dx"
#endif

#endif
