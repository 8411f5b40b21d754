// SPDX-License-Identifier: GPL-2.0-only
/* Fuzz one probe definition: parse, name, compose the kprobe_events line */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
		if (!kp_probes_assign_names(probes, n)) {
			cmd = kp_probe_command(&probes[0], "kprobe_1");
			/* what reaches kprobe_events is one line, and names fit the kernel */
			if (!cmd || strchr(cmd, '\n') || strlen(probes[0].event) >= KP_NAME_MAX)
				abort();
			free(cmd);
		}
	}
	while (n--)
		kp_probe_release(&probes[n]);
	cmd = kp_filter_compose(def, (pid_t)size);
	free(cmd);
	free(def);
	return 0;
}
