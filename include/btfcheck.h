/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_BTFCHECK_H
#define KPROBE_BTFCHECK_H

#include <stdbool.h>

struct btf;

/**
 * kp_btf_ids_ok - does every type of @btf refer only to types it has?
 * @btf: parsed BTF (a module's: its own types, on top of its base)
 *
 * libbpf 1.1 does not check when it parses (1.3 does), and btf_dump
 * indexes its tables with those ids for every type: a BTF with any id
 * out of range must not be dumped at all. Returns true if none is.
 */
bool kp_btf_ids_ok(const struct btf *btf);

/**
 * kp_btf_decl_ok - can btf_dump write the declaration of type @id?
 * @btf: BTF that passed kp_btf_ids_ok()
 * @id: the type; 0 (void) is fine
 *
 * False for a declaration that loops back into itself, names a string
 * past the string section, has an anonymous struct or union too large or
 * with members outside it, or reaches more than a few hundred types.
 */
bool kp_btf_decl_ok(const struct btf *btf, unsigned int id);

#endif
