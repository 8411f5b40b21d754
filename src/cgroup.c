// SPDX-License-Identifier: GPL-2.0-only
/*
 * --cgroup: where a cgroup v2 is, and which threads its subtree holds
 * now that it did not at the last look-up. session.c writes them to
 * set_event_pid (event-fork follows their children).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "errors.h"

/* The mounts file's "\040" (space), "\011", "\012", "\134" escapes, undone */
static void unescape(const char *s, size_t len, char *buf, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 1 < size; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			buf[o++] = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
					  (s[i + 3] - '0'));
			i += 3;
			continue;
		}
		buf[o++] = s[i];
	}
	buf[o] = '\0';
}

int kp_cgroup_mount_of(const char *mounts, char *buf, size_t size)
{
	const char *line = mounts;

	/* "SOURCE MOUNTPOINT TYPE OPTIONS 0 0" */
	for (; line && *line; line = strchr(line, '\n'), line += !!line) {
		const char *dir = strchr(line, ' '), *type, *end;

		if (!dir || (end = strchr(line, '\n'), end && dir > end))
			continue;
		dir++;
		type = strchr(dir, ' ');
		if (!type || (end && type > end))
			continue;
		if (strncmp(type + 1, "cgroup2 ", 8))
			continue;
		unescape(dir, (size_t)(type - dir), buf, size);
		return 0;
	}
	return -1;
}

int kp_cgroup_resolve(const char *mount, const char *path, char *buf, size_t size)
{
	size_t mlen = strlen(mount);
	const char *rel = path, *p;
	int n;

	while (mlen > 1 && mount[mlen - 1] == '/')
		mlen--;
	if (*path == '/') {
		if (strncmp(path, mount, mlen) || (path[mlen] && path[mlen] != '/'))
			return error("cgroup '%s' is not under the cgroup2 mount '%.*s'", path,
				     (int)mlen, mount);
		rel = path + mlen;
	}
	for (p = rel; *p; p += strcspn(p, "/")) {
		p += strspn(p, "/");
		if (!strncmp(p, "..", 2) && (!p[2] || p[2] == '/'))
			return error("cgroup '%s' leaves the cgroup2 mount ('..')", path);
	}
	rel += strspn(rel, "/");
	n = snprintf(buf, size, "%.*s%s%s", (int)mlen, mount, *rel ? "/" : "", rel);
	if (n < 0 || (size_t)n >= size)
		return error("cgroup '%s' is too long a path", path);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	return 0;
}

int kp_cgroup_parse(const char *text, pid_t **ids, int *n)
{
	const char *p = text;

	while (*p) {
		char *end;
		long v;
		pid_t *more;

		if (*p == '\n') {
			p++;
			continue;
		}
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || errno || v <= 0 || v > 0x7fffffff || (*end && *end != '\n'))
			return error("cannot read '%.*s' as a task id", (int)strcspn(p, "\n"), p);
		more = realloc(*ids, (size_t)(*n + 1) * sizeof(**ids));
		if (!more)
			return error("out of memory");
		*ids = more;
		(*ids)[(*n)++] = (pid_t)v;
		p = end;
	}
	return 0;
}

/* The whole of a small kernel file, NUL-terminated; NULL with errno set */
static char *slurp(const char *path)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		int e = fd < 0 ? errno : ENOMEM;

		if (fd >= 0)
			close(fd);
		free(buf);
		errno = e;
		return NULL;
	}
	for (;;) {
		ssize_t r;

		if (len + 1 >= cap) {
			char *more = realloc(buf, cap * 2);

			if (!more) {
				free(buf);
				close(fd);
				errno = ENOMEM;
				return NULL;
			}
			buf = more;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = errno;

			close(fd);
			if (r < 0) {
				free(buf);
				errno = e;
				return NULL;
			}
			break;
		}
		len += (size_t)r;
	}
	buf[len] = '\0';
	return buf;
}

int kp_cgroup_open(struct kp_cgroup *cg, const char *path, const char *mounts_file)
{
	char mount[PATH_MAX], file[PATH_MAX + 16];
	char *mounts = slurp(mounts_file);
	struct stat st;

	memset(cg, 0, sizeof(*cg));
	if (!mounts)
		return error_errno("cannot read '%s'", mounts_file);
	if (kp_cgroup_mount_of(mounts, mount, sizeof(mount))) {
		free(mounts);
		return error("cannot trace cgroup '%s': no cgroup2 filesystem is mounted "
			     "(--cgroup needs cgroup v2)",
			     path);
	}
	free(mounts);
	if (kp_cgroup_resolve(mount, path, cg->dir, sizeof(cg->dir)))
		return -1;
	snprintf(file, sizeof(file), "%s/cgroup.threads", cg->dir);
	if (stat(cg->dir, &st) || !S_ISDIR(st.st_mode) || access(file, R_OK))
		return error("no cgroup '%s' (no '%s')", path, file);
	return 0;
}

/* Every thread of @dir's cgroup and of those below it, into @ids */
static int subtree(const char *dir, pid_t **ids, int *n, int depth)
{
	char path[PATH_MAX + 16], *text;
	struct dirent *d;
	DIR *dp;
	int err;

	snprintf(path, sizeof(path), "%s/cgroup.threads", dir);
	text = slurp(path);
	if (!text) {
		/* a child cgroup removed while it was being read holds nothing */
		if (depth && errno == ENOENT)
			return 0;
		return error_errno("cannot read '%s'", path);
	}
	err = kp_cgroup_parse(text, ids, n);
	free(text);
	if (err)
		return -1;
	dp = opendir(dir);
	if (!dp)
		return depth && errno == ENOENT ? 0 : error_errno("cannot read '%s'", dir);
	while (!err && (d = readdir(dp))) {
		if (d->d_type != DT_DIR || d->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) >= (int)sizeof(path))
			continue;
		err = subtree(path, ids, n, depth + 1);
	}
	closedir(dp);
	return err;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

pid_t *kp_cgroup_joined(struct kp_cgroup *cg, int *n)
{
	pid_t *now = NULL, *joined;
	int nnow = 0, i;

	*n = -1;
	if (subtree(cg->dir, &now, &nnow, 0)) {
		free(now);
		return NULL;
	}
	if (nnow)
		qsort(now, (size_t)nnow, sizeof(*now), cmp_pid);
	joined = malloc((size_t)(nnow ? nnow : 1) * sizeof(*joined));
	if (!joined) {
		free(now);
		error("out of memory");
		return NULL;
	}
	*n = 0;
	for (i = 0; i < nnow; i++)
		if (!cg->nseen ||
		    !bsearch(&now[i], cg->seen, (size_t)cg->nseen, sizeof(*now), cmp_pid))
			joined[(*n)++] = now[i];
	free(cg->seen);
	cg->seen = now;
	cg->nseen = nnow;
	if (!*n) {
		free(joined);
		return NULL;
	}
	return joined;
}

void kp_cgroup_destroy(struct kp_cgroup *cg)
{
	free(cg->seen);
	cg->seen = NULL;
	cg->nseen = 0;
}
