/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_UPROBE_H
#define KPROBE_UPROBE_H

/*
 * Uprobe locations: PATH:SYMBOL[+OFFS] or PATH:OFFSET, where PATH is a
 * file, a program on $PATH or a library's short name, turned into the
 * "/abs/path:0xOFFSET" that uprobe_events takes.
 */

/**
 * kp_uprobe_find_binary - the file a uprobe's PATH stands for
 * @name: a path (it contains '/'); else a program found on $PATH ("bash"),
 *        else a library in the ld.so cache by its short name ("libc") or
 *        soname ("libc.so.6"), of this machine's own ELF class
 * @out: on success, the file's absolute path with symlinks resolved, malloc'd
 *
 * Nothing is printed, so a caller can also use it to tell whether a word
 * names a binary. Returns 1 if found, 0 if not, -1 on allocation failure.
 */
int kp_uprobe_find_binary(const char *name, char **out);

/**
 * kp_uprobe_set_ldcache - the ld.so cache kp_uprobe_find_binary() reads
 * @path: a cache file, or NULL for the system's (KP_LDCACHE_PATH)
 *
 * For a test that brings its own cache; the file is read at each lookup.
 */
void kp_uprobe_set_ldcache(const char *path);

/**
 * kp_uprobe_resolve - the location to write to uprobe_events
 * @location: PATH:SYMBOL[+OFFS][%return] or PATH:OFFSET[...], as the user wrote it
 * @out: on success "/abs/path:0xOFFSET" (with any %return kept), malloc'd;
 *       an OFFSET and what follows it are passed through as written
 *
 * SYMBOL is looked up in the file's .symtab, else .dynsym, and turned
 * from a virtual address into a file offset through its PT_LOAD segment.
 * Returns 0, or -1 after printing why (no such file, not ELF, no such
 * function with the closest names, a stripped file, OFFS past the end of
 * the function).
 */
int kp_uprobe_resolve(const char *location, char **out);

#endif
