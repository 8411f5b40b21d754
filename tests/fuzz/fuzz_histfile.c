// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the hist file parser and the printer behind it: the first byte
 * picks the view (keys and their types, log2 or linear, JSON or text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "histprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum kp_view_type types[] = { KP_VIEW_STRING, KP_VIEW_UNSIGNED, KP_VIEW_SIGNED,
						   KP_VIEW_STACK };
	struct kp_hist_view v = { .event = "ev", .function = "f", .field = "count" };
	struct kp_hist_file hf;
	unsigned int e;
	unsigned long long lo, hi;
	char *text;

	if (!size)
		return 0;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	v.nr_keys = data[0] % 3;
	v.hist = data[0] & 4;
	v.json = data[0] & 8;
	v.step = data[0] & 16 ? 100 : 0;
	v.unit = data[0] & 32 ? "us" : NULL;
	for (int k = 0; k < v.nr_keys; k++) {
		v.keys[k].name = k ? "b" : "a";
		v.keys[k].type = types[(data[0] >> (6 + k)) & 3];
	}
	if (!kp_histfile_parse(text, &hf)) {
		struct kp_hist_file again = { 0 };

		/* -i: the same text read twice leaves nothing counted */
		if (hf.nr_tables && !kp_histfile_parse(text, &again) && again.nr_tables) {
			kp_hist_table_subtract(&again.tables[0], &hf.tables[0]);
			if (again.tables[0].hits)
				abort();
		}
		kp_histfile_free(&again);
		for (int i = 0; i < hf.nr_tables; i++) {
			struct kp_strbuf sb = { 0 };

			if (hf.tables[i].nr_keys > KP_HIST_KEYS_MAX ||
			    hf.tables[i].nr_vals > KP_HIST_VALS_MAX)
				abort();
			kp_hist_print(&v, &hf.tables[i], &sb);
			kp_strbuf_free(&sb);
		}
	}
	kp_histfile_free(&hf);
	kp_hist_log2_bucket(text, &e);
	if (!kp_hist_linear_bucket(text, &lo, &hi) && hi < lo)
		abort();
	free(text);
	return 0;
}
