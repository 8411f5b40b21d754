/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TEST_LDCACHE_FILE_H
#define KPROBE_TEST_LDCACHE_FILE_H

/**
 * write_ldcache - write an ld.so cache of the new format for a test
 * @file: where
 * @ents: @n { soname, path } pairs, in lookup order
 * @hwcap: @n hwcap values (0: none)
 * @n: how many entries (the file must fit in 4 KB)
 *
 * So a test finds libraries in a cache of its own, whatever this machine's
 * /etc/ld.so.cache holds (or whether it has one). Fails the test when the
 * file cannot be written.
 */
void write_ldcache(const char *file, const char *const (*ents)[2], const int *hwcap, int n);

#endif
