// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz one probe definition: parse, settle its kind with a host described
 * here (nothing of the machine's own is read), name, compose the
 * kprobe_events line
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Programs are the names starting with 'b' */
static int find_binary(const char *name, char **path)
{
	*path = NULL;
	if (name[0] != 'b')
		return 0;
	*path = strdup("/usr/bin/b");
	return *path ? 1 : -1;
}

static const struct kp_host_names host = {
	.modules = "bmod 1024 1 - Live 0x0000000000000000\n",
	.find_binary = find_binary,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kp_probe probes[2];
	char *def = malloc(size + 1);
	char *cmd;
	int n = 0;

	if (!def)
		return 0;
	memcpy(def, data, size);
	def[size] = '\0';
	kp_is_definition(def);
	if (!kp_probe_parse(def, &probes[0])) {
		n++;
		if (!kp_probe_parse(def, &probes[1]))
			n++;
		if (n == 2 && kp_probe_settle_kind(&probes[1], &host) < 0) {
			kp_probe_release(&probes[1]);
			n--;
		}
		if (!kp_probes_assign_names(probes, n)) {
			cmd = kp_probe_command(&probes[0], "kprobe_1");
			/*
			 * what reaches kprobe_events is one line, and the names the
			 * tool makes fit the kernel (a user's own the kernel judges)
			 */
			if (!cmd || strchr(cmd, '\n') ||
			    (!probes[0].named && strlen(probes[0].event) >= KP_NAME_MAX))
				abort();
			free(cmd);
			if (n == 2 && !probes[1].named && strlen(probes[1].event) >= KP_NAME_MAX)
				abort();
		}
	}
	while (n--)
		kp_probe_release(&probes[n]);
	cmd = kp_filter_compose(def, (pid_t)size);
	free(cmd);
	free(def);
	return 0;
}
