// SPDX-License-Identifier: GPL-2.0-only
/* Fuzz the text classifier and the output with arbitrary trace text, cut into arbitrary pieces */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "output.h"
#include "textout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct kp_output o;
	struct kp_textout t;
	size_t off = 1, cut;

	if (fd < 0)
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (!size)
		return 0;
	kp_output_init(&o, fd, NULL);
	kp_textout_init(&t, &o, data[0] & 1);
	kp_output_set_limit(&o, (data[0] >> 1) & 3); /* -n 1 to 3, or none */
	cut = data[0] >> 1;
	while (off < size) {
		size_t n = cut ? cut : size - off;

		if (n > size - off)
			n = size - off;
		if (kp_textout_write(&t, (const char *)data + off, n))
			abort();
		off += n;
	}
	kp_textout_finish(&t);
	/* never more events than lines, nor than -n */
	if (o.events > size || (o.limit && o.events > o.limit))
		abort();
	return 0;
}
