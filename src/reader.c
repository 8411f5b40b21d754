// SPDX-License-Identifier: GPL-2.0-only
/*
 * Readers: move formatted event text from the kernel to the output.
 */
#include <errno.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reader.h"

#define READ_SIZE (64 * 1024)
/* Longest a missed signal can delay the end of a wait */
#define POLL_MS	  250

static ssize_t text_read(struct kp_reader *r, char *buf, size_t size)
{
	return read(r->fd, buf, size);
}

static int text_poll_fd(struct kp_reader *r)
{
	return r->fd;
}

static void text_close(struct kp_reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

static const struct kp_reader_ops text_ops = {
	.name = "text",
	.read = text_read,
	.poll_fd = text_poll_fd,
	.close = text_close,
};

void kp_reader_text_init(struct kp_reader *r, int fd)
{
	r->ops = &text_ops;
	r->fd = fd;
}

void kp_reader_close(struct kp_reader *r)
{
	if (r->ops)
		r->ops->close(r);
}

/* Only a pipe or socket tells poll() that its reader has gone */
static bool output_pollable(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* One read; returns 1 if there was data, 0 if none or EOF, -1 on error */
static int copy_once(struct kp_reader *r, struct kp_output *out, bool *eof)
{
	static char buf[READ_SIZE];
	ssize_t n;

	n = r->ops->read(r, buf, sizeof(buf));
	if (n < 0)
		return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
	if (!n) {
		*eof = true;
		return 0;
	}
	if (kp_output_write(out, buf, n))
		return out->closed ? 0 : -1;
	return 1;
}

int kp_reader_stream(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop)
{
	struct pollfd fds[2] = {
		{ .fd = r->ops->poll_fd(r), .events = POLLIN },
		{ .fd = out->fd, .events = 0 },
	};
	nfds_t nfds = output_pollable(out->fd) ? 2 : 1;
	bool eof = false;

	while (!*stop && !out->closed && !eof && !kp_output_full(out)) {
		int ret = poll(fds, nfds, POLL_MS);

		if (ret < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (nfds == 2 && (fds[1].revents & (POLLERR | POLLHUP))) {
			out->closed = true;
			break;
		}
		if (!ret || !(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (copy_once(r, out, &eof) < 0)
			return -1;
	}
	return 0;
}

int kp_reader_drain(struct kp_reader *r, struct kp_output *out, const volatile sig_atomic_t *stop,
		    int stop_at)
{
	bool eof = false;

	while (*stop < stop_at && !out->closed && !out->done && !eof) {
		int ret = copy_once(r, out, &eof);

		if (ret < 0)
			return -1;
		if (!ret)
			break;
	}
	return 0;
}
