// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's error_log: the reason behind a refused write, shown with
 * the kernel's own caret.
 */
#include <stdlib.h>
#include <string.h>

#include <tracefs.h>

#include "errlog.h"
#include "errors.h"
#include "ktext.h"

/*
 * Not tracefs_error_last(): libtracefs 1.6.4 finds where the last entry
 * starts by the '^' of the entry before it, so an entry whose echoed
 * command has a '^' of its own (a filter on "a^b") comes back as its
 * caret line alone; entries are found by their "[timestamp]" line here.
 */
char *kp_errlog_snapshot(struct tracefs_instance *instance)
{
	char *log = tracefs_instance_file_read(instance, "error_log", NULL);
	const char *last;
	char *copy = NULL;
	size_t len;

	last = kp_errlog_last(log, &len);
	if (last)
		copy = strndup(last, len);
	free(log);
	return copy;
}

void kp_note_lines(char *text)
{
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		note("%s", line);
}

bool kp_errlog_show_new(struct tracefs_instance *instance, const char *before)
{
	char *now = kp_errlog_snapshot(instance);
	bool shown = false;

	if (now && (!before || strcmp(now, before))) {
		kp_note_lines(now);
		shown = true;
	}
	free(now);
	return shown;
}
