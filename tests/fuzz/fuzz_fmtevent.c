// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the reading of format files: any text as the format of an event of
 * each kind the formatter knows (kprobe, eprobe, kernel_stack, task
 * rename), then records of that event of sizes up to 128 bytes, each in
 * a heap buffer of exactly its size, formatted in text and JSON. The first byte picks the system and the record's filler.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const systems[][2] = {
	{ "kprobes", NULL },
	{ "eprobes", "syscalls/sys_enter_openat" },
	{ "ftrace", NULL },
	{ "task", NULL },
};

static void format_records(struct kp_format *f, uint16_t id, uint8_t fill)
{
	struct kp_strbuf sb = { 0 };
	unsigned int size;

	for (size = 0; size <= 128; size += 3) {
		unsigned char *rec = malloc(size ? size : 1);
		struct kp_record r = { .ts = 1000000, .cpu = 1, .data = rec, .size = size };
		unsigned int i;

		if (!rec)
			break;
		for (i = 0; i < size; i++)
			rec[i] = (unsigned char)(fill + i);
		if (size >= 2)
			memcpy(rec, &id, 2);
		kp_strbuf_reset(&sb);
		(void)kp_format_record(f, &r, &sb);
		free(rec);
	}
	kp_strbuf_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *const *sys, *at;
	uint16_t id = 0;
	char *text;
	int j;

	if (!size)
		return 0;
	sys = systems[data[0] % (sizeof(systems) / sizeof(systems[0]))];
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	/* the records are of the event the text names, if it names one */
	at = strstr(text, "ID: ");
	if (at)
		id = (uint16_t)strtoul(at + 4, NULL, 10);
	for (j = 0; j < 2; j++) {
		struct kp_format_opts o = { .json = j, .stack = true, .line_max = 256 };
		struct kp_format *f = kp_format_new(&o);
		char *why = NULL;
		int err;

		if (!f)
			break;
		(void)kp_format_set_kallsyms(f, "ffffffff81000000 T _stext\n"
						"ffffffff81000100 T f\n");
		err = sys[1] ? kp_format_add_eprobe(f, sys[0], text, sys[1], &why)
			     : kp_format_add_event(f, sys[0], text, &why);
		free(why);
		if (!err)
			format_records(f, id, data[0]);
		kp_format_free(f);
	}
	free(text);
	return 0;
}
