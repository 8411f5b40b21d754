// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core kernel's functions this boot has said ftrace can trace, kept
 * between runs in the run directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "namelist.h"
#include "runlock.h"
#include "strbuf.h"
#include "traceable.h"

#define BOOT_ID_MAX 64

/* A function's name as kallsyms spells it ("vfs_read", "foo.isra.0"), of @len bytes */
static bool good_name(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= KP_SYM_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!(s[i] == '_' || s[i] == '.' || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

/* A boot id as the kernel prints it: a UUID's hex digits and dashes */
static bool good_boot(const char *s, size_t len)
{
	size_t i;

	if (!len || len > BOOT_ID_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!(s[i] == '-' || (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void drop_names(struct kp_traceable *t)
{
	int i;

	for (i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	t->names = NULL;
	t->n = 0;
}

/* Insert @len bytes of @s, in order; 0 if kept or already there */
static int insert(struct kp_traceable *t, const char *s, size_t len)
{
	int lo = 0, hi = t->n;
	char *name, **more;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		int c = strncmp(t->names[mid], s, len);

		if (!c && t->names[mid][len] == '\0')
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	name = strndup(s, len);
	more = name ? realloc(t->names, (t->n + 1) * sizeof(*t->names)) : NULL;
	if (!more) {
		free(name);
		errno = ENOMEM;
		return -1;
	}
	t->names = more;
	memmove(&t->names[lo + 1], &t->names[lo], (t->n - lo) * sizeof(*t->names));
	t->names[lo] = name;
	t->n++;
	return 0;
}

int kp_traceable_parse(struct kp_traceable *t, const char *text, const char *boot)
{
	const char *line, *end, *first;

	memset(t, 0, sizeof(*t));
	if (!boot || !good_boot(boot, strlen(boot)))
		return 0;
	t->boot = strdup(boot);
	if (!t->boot) {
		errno = ENOMEM;
		return -1;
	}
	if (!text)
		return 0;
	first = strchrnul(text, '\n');
	if (strncmp(text, "boot ", 5) || (size_t)(first - text - 5) != strlen(boot) ||
	    memcmp(text + 5, boot, strlen(boot)) || !*first)
		return 0;
	for (line = first + 1; *line && t->n < KP_TRACEABLE_MAX; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (!good_name(line, (size_t)(end - line))) {
			/* not written by a run: none of it is trusted */
			drop_names(t);
			return 0;
		}
		if (insert(t, line, (size_t)(end - line))) {
			kp_traceable_destroy(t);
			return -1;
		}
	}
	return 0;
}

bool kp_traceable_has(const struct kp_traceable *t, const char *sym)
{
	return t->n && bsearch(&sym, t->names, t->n, sizeof(*t->names), cmp_name);
}

int kp_traceable_add(struct kp_traceable *t, const char *sym)
{
	int n = t->n;

	if (!t->boot || !good_name(sym, strlen(sym)) || t->n >= KP_TRACEABLE_MAX)
		return 0;
	if (insert(t, sym, strlen(sym)))
		return -1;
	t->changed |= t->n != n;
	return 0;
}

char *kp_traceable_format(const struct kp_traceable *t)
{
	struct kp_strbuf sb = { 0 };
	int i;

	if (kp_strbuf_printf(&sb, "boot %s\n", t->boot))
		goto fail;
	for (i = 0; i < t->n; i++)
		if (kp_strbuf_printf(&sb, "%s\n", t->names[i]))
			goto fail;
	return sb.buf;
fail:
	kp_strbuf_free(&sb);
	errno = ENOMEM;
	return NULL;
}

/* The first line of @path (a boot id), or NULL */
static char *read_boot_id(const char *path)
{
	char buf[BOOT_ID_MAX + 2];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return strdup(buf);
}

int kp_traceable_load(struct kp_traceable *t, const char *dir, const char *boot_path)
{
	char path[PATH_MAX], why[256], *boot, *text = NULL;
	int ret;

	memset(t, 0, sizeof(*t));
	if (kp_rundir_check(dir, false, why, sizeof(why)))
		return 0;
	boot = read_boot_id(boot_path);
	if (!boot)
		return 0;
	if (snprintf(path, sizeof(path), "%s/%s", dir, KP_TRACEABLE_FILE) < (int)sizeof(path))
		text = kp_record_read(path);
	ret = kp_traceable_parse(t, text, boot);
	free(text);
	free(boot);
	return ret;
}

int kp_traceable_save(struct kp_traceable *t, const char *dir)
{
	char path[PATH_MAX], tmp[PATH_MAX], why[256], *text;
	size_t len, done = 0;
	int fd, err = 0;

	if (!t->boot || !t->changed)
		return 0;
	if (kp_rundir_check(dir, true, why, sizeof(why)))
		return -1;
	if (snprintf(path, sizeof(path), "%s/%s", dir, KP_TRACEABLE_FILE) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.%d", dir, KP_TRACEABLE_FILE, (int)getpid()) >=
		    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	text = kp_traceable_format(t);
	if (!text)
		return -1;
	len = strlen(text);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(text);
		return -1;
	}
	while (done < len && !err) {
		ssize_t n = write(fd, text + done, len - done);

		if (n > 0)
			done += (size_t)n;
		else if (n == 0 || errno != EINTR)
			err = n ? errno : EIO;
	}
	free(text);
	if (close(fd) && !err)
		err = errno;
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		unlink(tmp);
		errno = err;
		return -1;
	}
	t->changed = false;
	return 0;
}

void kp_traceable_destroy(struct kp_traceable *t)
{
	drop_names(t);
	free(t->boot);
	memset(t, 0, sizeof(*t));
}
