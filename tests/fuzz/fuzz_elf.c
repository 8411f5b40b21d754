// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the ELF symbol reader: any bytes as an ELF file, read from memory
 * (a heap buffer of exactly their size) with libelf; then every function
 * found is looked up and its address turned into a file offset.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfsyms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kp_elf_file f;
	unsigned char *image = malloc(size ? size : 1);
	uint64_t off;

	if (!image)
		return 0;
	memcpy(image, data, size);
	if (!kp_elf_open_memory(&f, "fuzz", image, size)) {
		for (size_t i = 0; i < f.nr_funcs; i++) {
			if (!kp_elf_func_find(&f, f.funcs[i].name))
				abort();
			(void)kp_elf_file_offset(&f, f.funcs[i].value, &off);
		}
		(void)kp_elf_func_find(&f, "main");
		kp_elf_close(&f);
	}
	free(image);
	return 0;
}
