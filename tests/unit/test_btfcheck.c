// SPDX-License-Identifier: GPL-2.0-only
/*
 * BTF that libbpf's btf_dump must not be given: corrupt ids, declarations
 * that loop or name strings that do not exist, anonymous types it would
 * write out wrongly or divide by, types at addresses a CPU cannot read.
 * Each is refused (EINVAL) and the rest of the BTF still has signatures.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btfsig.h"

static void assert_refused(struct kp_btf_sigs *s, const char *func)
{
	char *sig = (char *)"unset";

	errno = 0;
	assert_int_equal(kp_btf_signature(s, func, &sig), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(sig);
}

/*
 * BTF whose types refer to types that do not exist (a corrupt file) is
 * refused as a whole, where libbpf's btf_dump would write past its tables
 */
static void test_btf_corrupt_types(void **state)
{
	static const int bad_ids[] = { 99, 4, 3 };
	struct kp_btf_sigs s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		struct btf *btf = btf__new_empty();
		int intt, proto, anon;

		assert_non_null(btf);
		intt = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
		proto = btf__add_func_proto(btf, intt);
		btf__add_func_param(btf, "x", intt);
		assert_true(btf__add_func(btf, "fine", BTF_FUNC_GLOBAL, proto) > 0);
		/* 4 types and void: the last id is 4 */
		anon = btf__add_struct(btf, NULL, 4);
		btf__add_field(btf, "m", bad_ids[i], 0, 0);
		assert_int_equal(btf__type_cnt(btf), 5);
		errno = 0;
		memset(&s, 0xff, sizeof(s));
		if (bad_ids[i] < 5) {
			assert_int_equal(kp_btf_sigs_from(&s, btf), 0);
			kp_btf_sigs_free(&s);
			continue;
		}
		assert_int_equal(kp_btf_sigs_from(&s, btf), -1);
		assert_int_equal(errno, EINVAL);
		assert_null(s.btf);
		(void)anon;
	}
}

/*
 * A declaration that loops back into itself (libbpf would use up memory on
 * it) or names a parameter with no name (libbpf would crash) has no
 * signature, the rest do; a typedef ends the walk
 */
static void test_btf_bad_declarations(void **state)
{
	static const char *const bad[] = { "far_member", "huge_union", "big_member", "func_param" };
	struct btf *btf = btf__new_empty();
	int intt, proto, loop, anon;
	struct kp_btf_sigs s;
	size_t i;
	char *sig;

	(void)state;
	assert_non_null(btf);
	intt = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	/* volatile const volatile const ... */
	loop = btf__type_cnt(btf);
	assert_int_equal(btf__add_volatile(btf, loop + 1), loop);
	assert_int_equal(btf__add_const(btf, loop), loop + 1);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "a", loop);
	assert_true(btf__add_func(btf, "modifier_loop", BTF_FUNC_GLOBAL, proto) > 0);
	proto = btf__add_func_proto(btf, intt);
	btf__add_func_param(btf, "x", intt);
	assert_true(btf__add_func(btf, "fine", BTF_FUNC_GLOBAL, proto) > 0);
	/* typedef const t_t t_t: printed by its name */
	loop = btf__type_cnt(btf);
	assert_int_equal(btf__add_typedef(btf, "t_t", loop + 1), loop);
	assert_int_equal(btf__add_const(btf, loop), loop + 1);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "t", loop);
	assert_true(btf__add_func(btf, "typedef_loop", BTF_FUNC_GLOBAL, proto) > 0);

	/* int (*cb)(int NAME) with NAME past the strings, as a corrupt file has it */
	proto = btf__add_func_proto(btf, intt);
	btf__add_func_param(btf, "n", intt);
	((struct btf_param *)btf_params(btf__type_by_id(btf, proto)))[0].name_off = 0x7fffffff;
	loop = btf__add_ptr(btf, proto);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "cb", loop);
	assert_true(btf__add_func(btf, "bad_name", BTF_FUNC_GLOBAL, proto) > 0);

	/* union { int m at bit 2^31 } of 4 bytes; one of 1 MiB */
	anon = btf__add_union(btf, NULL, 4);
	assert_int_equal(btf__add_field(btf, "m", intt, 0, 0), 0);
	((struct btf_member *)btf_members(btf__type_by_id(btf, anon)))[0].offset = 1U << 31;
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "u", anon);
	assert_true(btf__add_func(btf, "far_member", BTF_FUNC_GLOBAL, proto) > 0);
	anon = btf__add_union(btf, NULL, 1 << 20);
	assert_int_equal(btf__add_field(btf, "m", intt, 0, 0), 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "u", anon);
	assert_true(btf__add_func(btf, "huge_union", BTF_FUNC_GLOBAL, proto) > 0);
	/* union { huge_t m } of 4 bytes, huge_t of 4 GB less a little */
	loop = btf__add_int(btf, "huge_t", 4, 0);
	((struct btf_type *)btf__type_by_id(btf, loop))->size = 0xfd000000;
	anon = btf__add_union(btf, NULL, 4);
	assert_int_equal(btf__add_field(btf, "m", loop, 0, 0), 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "u", anon);
	assert_true(btf__add_func(btf, "big_member", BTF_FUNC_GLOBAL, proto) > 0);
	/* a function as a parameter's type */
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "f", btf__find_by_name(btf, "fine"));
	assert_true(btf__add_func(btf, "func_param", BTF_FUNC_GLOBAL, proto) > 0);
	/* and one anonymous union btf_dump writes out */
	anon = btf__add_union(btf, NULL, 8);
	assert_int_equal(btf__add_field(btf, "i", intt, 0, 0), 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "u", anon);
	assert_true(btf__add_func(btf, "anon_union", BTF_FUNC_GLOBAL, proto) > 0);

	assert_int_equal(kp_btf_sigs_from(&s, btf), 0);
	assert_int_equal(kp_btf_signature(&s, "anon_union", &sig), 1);
	assert_string_equal(sig, "anon_union(union {\n\tint i;\n} u)");
	free(sig);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		assert_int_equal(kp_btf_signature(&s, bad[i], &sig), -1);
		assert_int_equal(errno, EINVAL);
		assert_null(sig);
	}
	errno = 0;
	assert_int_equal(kp_btf_signature(&s, "bad_name", &sig), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(sig);
	errno = 0;
	assert_int_equal(kp_btf_signature(&s, "modifier_loop", &sig), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(sig);
	assert_int_equal(kp_btf_signature(&s, "typedef_loop", &sig), 1);
	assert_string_equal(sig, "typedef_loop(t_t t)");
	free(sig);
	assert_int_equal(kp_btf_signature(&s, "fine", &sig), 1);
	assert_string_equal(sig, "fine(int x)");
	free(sig);
	kp_btf_sigs_free(&s);
}

/*
 * An anonymous union btf_dump would divide by the alignment of: a member
 * of an int of size 0 (alignment 0), a member whose struct contains itself
 * through a typedef (libbpf would recurse until its stack ran out), one
 * reached 2^20 ways (exponential time); a sound one, with a named struct
 * member, beside them
 */
static void test_btf_no_alignment(void **state)
{
	struct btf *btf = btf__new_empty();
	int intt, zero, proto, anon, named, td, wide, i;
	struct kp_btf_sigs s;
	char *sig;

	(void)state;
	assert_non_null(btf);
	intt = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	assert_true(btf__add_int(btf, "long int", 8, BTF_INT_SIGNED) > 0);

	zero = btf__add_int(btf, "empty_t", 1, 0);
	((struct btf_type *)btf__type_by_id(btf, zero))->size = 0;
	anon = btf__add_union(btf, NULL, 4);
	assert_int_equal(btf__add_field(btf, "e", zero, 0, 0), 0);
	assert_int_equal(btf__add_field(btf, "i", intt, 0, 0), 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "u", anon);
	assert_true(btf__add_func(btf, "zero_align", BTF_FUNC_GLOBAL, proto) > 0);

	/* struct loop { loop_t self; } with typedef struct loop loop_t */
	named = btf__type_cnt(btf);
	td = named + 1;
	assert_int_equal(btf__add_struct(btf, "loop", 4), named);
	assert_int_equal(btf__add_field(btf, "self", td, 0, 0), 0);
	assert_int_equal(btf__add_typedef(btf, "loop_t", named), td);
	anon = btf__add_union(btf, NULL, 4);
	assert_int_equal(btf__add_field(btf, "l", td, 0, 0), 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "u", anon);
	assert_true(btf__add_func(btf, "align_loop", BTF_FUNC_GLOBAL, proto) > 0);

	/* w20 { w19 a; w19 b; } ... w1 { w0 a; w0 b; }, w0 an int, sizes faked */
	wide = intt;
	for (i = 1; i <= 20; i++) {
		char name[16];
		int w;

		snprintf(name, sizeof(name), "w%d", i);
		w = btf__add_struct(btf, name, 4);
		assert_int_equal(btf__add_field(btf, "a", wide, 0, 0), 0);
		assert_int_equal(btf__add_field(btf, "b", wide, 0, 0), 0);
		wide = w;
	}
	anon = btf__add_union(btf, NULL, 4);
	assert_int_equal(btf__add_field(btf, "w", wide, 0, 0), 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "u", anon);
	assert_true(btf__add_func(btf, "align_wide", BTF_FUNC_GLOBAL, proto) > 0);

	named = btf__add_struct(btf, "plain", 4);
	assert_int_equal(btf__add_field(btf, "x", intt, 0, 0), 0);
	anon = btf__add_union(btf, NULL, 4);
	assert_int_equal(btf__add_field(btf, "i", intt, 0, 0), 0);
	assert_int_equal(btf__add_field(btf, "p", named, 0, 0), 0);
	proto = btf__add_func_proto(btf, intt);
	btf__add_func_param(btf, "u", anon);
	assert_true(btf__add_func(btf, "sound", BTF_FUNC_GLOBAL, proto) > 0);

	assert_int_equal(kp_btf_sigs_from(&s, btf), 0);
	assert_refused(&s, "zero_align");
	assert_refused(&s, "align_loop");
	assert_refused(&s, "align_wide");
	assert_int_equal(kp_btf_signature(&s, "sound", &sig), 1);
	assert_string_equal(sig, "sound(union {\n\tint i;\n\tstruct plain p;\n} u)");
	free(sig);
	kp_btf_sigs_free(&s);
}

/*
 * A header whose length is not a multiple of 4 puts every type at an odd
 * address (libbpf 1.1 checks only the types' offset): refused as a whole;
 * the same bytes with the header libbpf writes are taken
 */
static void test_btf_unaligned_types(void **state)
{
	struct btf *btf = btf__new_empty(), *copy;
	const unsigned char *raw;
	struct btf_header hdr;
	struct kp_btf_sigs s;
	unsigned char *buf;
	unsigned int size;
	int intt, proto;
	char *sig;

	(void)state;
	assert_non_null(btf);
	intt = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	proto = btf__add_func_proto(btf, intt);
	btf__add_func_param(btf, "x", intt);
	assert_true(btf__add_func(btf, "fine", BTF_FUNC_GLOBAL, proto) > 0);
	raw = btf__raw_data(btf, &size);
	assert_non_null(raw);
	memcpy(&hdr, raw, sizeof(hdr));
	assert_int_equal(hdr.hdr_len, sizeof(hdr));

	buf = calloc(1, size + 1);
	assert_non_null(buf);
	memcpy(buf, raw, size);
	copy = btf__new(buf, size);
	assert_false(libbpf_get_error(copy));
	assert_int_equal(kp_btf_sigs_from(&s, copy), 0);
	assert_int_equal(kp_btf_signature(&s, "fine", &sig), 1);
	assert_string_equal(sig, "fine(int x)");
	free(sig);
	kp_btf_sigs_free(&s);

	hdr.hdr_len++;
	memcpy(buf, &hdr, sizeof(hdr));
	buf[sizeof(hdr)] = 0;
	memcpy(buf + sizeof(hdr) + 1, raw + sizeof(hdr), size - sizeof(hdr));
	copy = btf__new(buf, size + 1);
	assert_false(libbpf_get_error(copy));
	memset(&s, 0xff, sizeof(s));
	errno = 0;
	assert_int_equal(kp_btf_sigs_from(&s, copy), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(s.btf);
	free(buf);
	btf__free(btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_btf_corrupt_types),
		cmocka_unit_test(test_btf_bad_declarations),
		cmocka_unit_test(test_btf_no_alignment),
		cmocka_unit_test(test_btf_unaligned_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
