// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the BTF signatures: any bytes as a kernel's BTF (libbpf's
 * btf__new() from a heap buffer of exactly their size), its functions
 * indexed, then the signature of each one written out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btfsig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kp_btf_sigs s;
	unsigned char *buf;
	struct btf *btf;
	unsigned int i;

	if (size > UINT32_MAX)
		return 0;
	libbpf_set_print(quiet);
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	btf = btf__new(buf, (uint32_t)size);
	free(buf);
	if (!btf || libbpf_get_error(btf))
		return 0;
	memset(&s, 0, sizeof(s));
	/* it takes @btf over, and frees it on failure too */
	if (kp_btf_sigs_from(&s, btf))
		return 0;
	for (i = 0; i < s.nr_funcs && i < 256; i++) {
		char *sig = NULL;

		if (kp_btf_signature(&s, s.funcs[i].name, &sig) == 1)
			free(sig);
	}
	kp_btf_sigs_free(&s);
	return 0;
}
