/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_LDCACHE_H
#define KPROBE_LDCACHE_H

#include <stddef.h>

#define KP_LDCACHE_PATH "/etc/ld.so.cache"

/**
 * kp_ldcache_find - a library's path from the ld.so cache, by its short name
 * @cache: the cache file, normally KP_LDCACHE_PATH
 * @name: "libc" (the soname up to its first '.') or a whole soname ("libc.so.6")
 * @out: the library's path
 * @len: size of @out
 *
 * The cache also lists libraries of other ELF classes (32-bit copies on a
 * 64-bit machine): only one of this process's own class and machine is
 * taken, and one in a glibc-hwcaps subdirectory only if there is no other.
 * Returns 1 if found, 0 if not, -1 if @cache cannot be read or is not a
 * cache (errno set; nothing is printed).
 */
int kp_ldcache_find(const char *cache, const char *name, char *out, size_t len);

/**
 * kp_ldcache_lookup - kp_ldcache_find() on a cache already read
 * @buf: the cache's bytes, trusted in nothing: no byte past @size is read
 * @size: how many
 * @name: as for kp_ldcache_find()
 * @native: says whether a path found is a library of this process's class
 *	    and machine (1) or not; kp_elf_native() in kp_ldcache_find()
 * @out: the library's path
 * @len: size of @out
 *
 * Returns 1 if found, 0 if not, -1 with errno EINVAL if @buf is not a cache.
 */
int kp_ldcache_lookup(const unsigned char *buf, size_t size, const char *name,
		      int (*native)(const char *path), char *out, size_t len);

#endif
