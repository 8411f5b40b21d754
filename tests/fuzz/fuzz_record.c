// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the parser of the records runs leave in /run/kprobe: any bytes as
 * a record's text; each probe taken must be two names the kernel would
 * take, and the names of record and lock files are judged too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ktext.h"
#include "runlock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char group[KP_RECORD_NAME_MAX], event[KP_RECORD_NAME_MAX];
	char *text = malloc(size + 1);
	const char *p;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	p = text;
	while (kp_record_next(&p, group, event))
		if (!*group || !*event || strchr(group, '/') || strchr(event, '\n') || p < text ||
		    p > text + strlen(text))
			abort();
	(void)kp_owner_pid(text);
	free(text);
	return 0;
}
