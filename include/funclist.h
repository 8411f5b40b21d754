/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_FUNCLIST_H
#define KPROBE_FUNCLIST_H

#include <stdbool.h>
#include <stdio.h>

struct kp_btf_sigs;

/* What a --list argument asks for */
struct kp_list_request {
	char *target;  /* a binary's path or name; NULL: the kernel */
	char *module;  /* the kernel module whose functions to list; NULL: all */
	char *pattern; /* glob over function names */
};

/**
 * kp_list_request_parse - split a --list argument
 * @arg: NULL or PATTERN for kernel functions; PATH_OR_NAME:PATTERN for a
 *       binary's or library's (or, if NAME is no binary, a kernel module's);
 *       a path alone (it contains '/') for all of a binary's functions
 * @req: filled in; free with kp_list_request_release()
 *
 * Returns 0, or -1 on allocation failure (printed).
 */
int kp_list_request_parse(const char *arg, struct kp_list_request *req);

/**
 * kp_list_request_settle - decide whether NAME in NAME:PATTERN is a binary
 * @req: a parsed request
 *
 * A NAME that is no program on $PATH and no library in the ld.so cache is
 * taken as a kernel module: its functions are listed. Returns 0, or -1 on
 * allocation failure (printed).
 */
int kp_list_request_settle(struct kp_list_request *req);

/**
 * kp_list_request_release - free what kp_list_request_parse() allocated
 * @req: the request
 */
void kp_list_request_release(struct kp_list_request *req);

/**
 * kp_list_kernel - print the kernel functions that can be probed
 * @funcs: available_filter_functions' text ("name" or "name [module]" lines)
 * @blacklist: the kprobes blacklist's text, or NULL if it could not be read
 * @req: pattern and module
 * @btf: signatures to print instead of bare names, or NULL; modules' BTF
 *       is loaded into it as their functions come up
 * @out: where to
 *
 * Prints each traceable, non-blacklisted function matching the pattern
 * once, sorted by name, one per line: "name" or its signature, followed by
 * " [module]" for a module's function. Returns how many were printed, or
 * -1 with errno set (EPIPE when @out was closed).
 */
long kp_list_kernel(const char *funcs, const char *blacklist, const struct kp_list_request *req,
		    struct kp_btf_sigs *btf, FILE *out);

/**
 * kp_list_binary - print the functions a binary or library defines
 * @req: target and pattern
 * @out: where to
 *
 * Names come from .symtab, else .dynsym (with a warning that the file is
 * stripped), sorted, once each. Returns how many were printed, or -1
 * after printing why (errno EPIPE, and nothing printed, when @out was closed).
 */
long kp_list_binary(const struct kp_list_request *req, FILE *out);

#endif
