// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the mapping of error_log columns back into the user's words: the
 * input is the kernel's column (two bytes), then the user's text and the
 * line written to the kernel, split at the first '\0'. Public functions
 * only: kp_errlog_entry_parse() on the whole text too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ktext.h"
#include "syntax.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kp_errlog_entry e;
	char *user, *cmd, *nul;
	size_t col;

	if (size < 2)
		return 0;
	col = (size_t)data[0] << 8 | data[1];
	user = malloc(size - 1);
	if (!user)
		return 0;
	memcpy(user, data + 2, size - 2);
	user[size - 2] = '\0';
	nul = memchr(user, '\0', size - 2);
	cmd = nul && nul < user + size - 2 ? nul + 1 : user + size - 2;
	if (kp_syntax_definition_column(user, cmd, col) > strlen(user))
		abort();
	if (kp_syntax_filter_column(user, cmd, col) > strlen(user))
		abort();
	if (!kp_errlog_entry_parse(user, &e))
		kp_errlog_entry_release(&e);
	free(user);
	return 0;
}
