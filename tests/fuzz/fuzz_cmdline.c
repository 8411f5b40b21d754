// SPDX-License-Identifier: GPL-2.0-only
/* Fuzz the whole command line: the input is argv, split at NUL bytes */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[66];
	struct kp_config cfg;
	int argc = 1;
	size_t i, start = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "kprobe";
	for (i = 0; i <= size && argc < 64; i++) {
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	kp_config_init(&cfg);
	if (kp_options_parse(&cfg, argc, argv) == KP_PARSE_RUN) {
		/* a parse that goes on to trace has sane values */
		if (cfg.pid == 0 || cfg.tid == 0 || cfg.duration > KP_DURATION_MAX)
			abort();
		if (!cfg.cleanup && !cfg.list && !cfg.nr_probes)
			abort();
	}
	kp_config_destroy(&cfg);
	free(buf);
	return 0;
}
