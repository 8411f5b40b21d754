// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's own events under names no other tool gives (see evname.h),
 * and their format files with the names the output shows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "evname.h"

int kp_evname_assign(struct kp_probe *probes, int n, int pid)
{
	int i;

	for (i = 0; i < n; i++) {
		struct kp_probe *p = &probes[i];
		char *name;

		if (p->group || p->shown)
			continue;
		if (asprintf(&name, "%s__%d", p->event, pid) < 0)
			return error("out of memory");
		if (strlen(name) >= KP_NAME_MAX) {
			free(name);
			continue;
		}
		p->shown = p->event;
		p->event = name;
	}
	return 0;
}

char *kp_evname_format(const char *format, const char *shown)
{
	const char *line = format, *end;
	char *out;

	while (strncmp(line, "name: ", 6)) {
		line = strchr(line, '\n');
		if (!line)
			return strdup(format);
		line++;
	}
	end = strchr(line, '\n');
	if (!end)
		end = line + strlen(line);
	if (asprintf(&out, "%.*sname: %s%s", (int)(line - format), format, shown, end) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return out;
}
