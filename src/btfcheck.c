// SPDX-License-Identifier: GPL-2.0-only
/*
 * What btf_dump can be given: libbpf trusts a BTF's type ids and names,
 * so a corrupt or hostile file is refused here, before a dump walks it.
 */
#include <stdbool.h>
#include <stdint.h>

#include <bpf/btf.h>

#include "btfcheck.h"

/* Is @id a type of @btf (or void)? */
static bool id_ok(const struct btf *btf, unsigned int id)
{
	return id < btf__type_cnt(btf);
}

/*
 * Does every type of @btf refer only to types it has? libbpf 1.1 (Debian
 * 12) does not check when it parses BTF (1.3 does), and btf_dump indexes
 * its own per-type tables with those ids, for every type of the BTF, not
 * only those of the declaration asked for: one id out of range is a write
 * past its table. So a BTF with any is refused as a whole.
 */
bool kp_btf_ids_ok(const struct btf *btf)
{
	const struct btf *base = btf__base_btf(btf);
	unsigned int id, i, n = btf__type_cnt(btf);

	for (id = base ? btf__type_cnt(base) : 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		/*
		 * libbpf 1.1 checks that the type section starts 4 bytes into
		 * the data, not that the header's length keeps it so: a type
		 * read at an odd address is a fault on strict-alignment CPUs
		 */
		if (!t || ((uintptr_t)t & 3))
			return false;
		switch (btf_kind(t)) {
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_FUNC:
		case BTF_KIND_VAR:
			if (!id_ok(btf, t->type))
				return false;
			break;
		case BTF_KIND_ARRAY:
			if (!id_ok(btf, btf_array(t)->type) ||
			    !id_ok(btf, btf_array(t)->index_type))
				return false;
			break;
		case BTF_KIND_FUNC_PROTO:
			if (!id_ok(btf, t->type))
				return false;
			for (i = 0; i < btf_vlen(t); i++)
				if (!id_ok(btf, btf_params(t)[i].type))
					return false;
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			for (i = 0; i < btf_vlen(t); i++)
				if (!id_ok(btf, btf_members(t)[i].type))
					return false;
			break;
		case BTF_KIND_DATASEC:
			for (i = 0; i < btf_vlen(t); i++)
				if (!id_ok(btf, btf_var_secinfos(t)[i].type))
					return false;
			break;
		default:
			break;
		}
	}
	return true;
}

/*
 * The types one declaration's check has been through: each is checked
 * once (types reached many ways would make it exponential), one met again
 * while its own check is under way is a loop, and a declaration of more
 * than DECL_TYPES_MAX unnamed types (a real one has a handful) is refused.
 */
#define DECL_TYPES_MAX 256
/*
 * btf_dump pads an anonymous struct or union it writes out with a "long:
 * 64;" line per 8 bytes of a gap: one of a hostile size would be written
 * at hundreds of megabytes. Those a kernel passes by value are far smaller.
 */
#define ANON_SIZE_MAX  4096

struct decl_walk {
	unsigned int ids[DECL_TYPES_MAX];
	bool done[DECL_TYPES_MAX]; /* false: under way */
	unsigned int n;
};

static bool decl_check(const struct btf *btf, unsigned int id, struct decl_walk *w);

static bool decl_ok(const struct btf *btf, unsigned int id, struct decl_walk *w)
{
	unsigned int i, at;

	if (!id)
		return true;
	for (i = 0; i < w->n; i++)
		if (w->ids[i] == id)
			return w->done[i];
	if (w->n == DECL_TYPES_MAX)
		return false;
	at = w->n++;
	w->ids[at] = id;
	w->done[at] = false;
	if (!decl_check(btf, id, w))
		return false;
	w->done[at] = true;
	return true;
}

/*
 * Can btf_dump write the declaration of type @id (not void)? It follows pointers,
 * modifiers, arrays and function prototypes as they are (ids_ok() has
 * checked that they exist): a loop of them (const to volatile to the same
 * const) makes it grow its stack of declarations until memory runs out,
 * and then print a wrong one. A named type (a typedef, a struct) ends the
 * walk, as it ends btf_dump's. The names it writes must exist: a name
 * past the string section is a NULL it prints. So are the parameters of a
 * function pointer, and the members and values of an anonymous struct,
 * union or enum, which it writes out.
 */
/* Does member @i of struct or union @t lie within it, bit field or not? */
static bool member_inside(const struct btf *btf, const struct btf_type *t, unsigned int i)
{
	unsigned long long off = btf_member_bit_offset(t, i), bits = btf_member_bitfield_size(t, i);

	if (!bits) {
		long long size = btf__resolve_size(btf, btf_members(t)[i].type);

		if (size < 0)
			return false;
		bits = (unsigned long long)size * 8;
	}
	return off + bits <= (unsigned long long)t->size * 8;
}

/*
 * btf__align_of() as libbpf 1.1 computes it, call for call, but with at
 * most *@budget calls: libbpf's own follows typedefs, arrays and members
 * with no limit, so a loop among them would exhaust its stack and a type
 * reached many ways would take exponential time. Returns 0 where libbpf
 * would too (a type with no alignment, an int of size 0) and where the
 * budget ran out.
 */
static int align_of(const struct btf *btf, unsigned int id, unsigned int *budget)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	/* libbpf's guess from the size of long, else the host's */
	unsigned int ptr = btf__pointer_size(btf) ? btf__pointer_size(btf) : sizeof(void *);
	int max_align = 1;
	unsigned int i;

	if (!t || !*budget)
		return 0;
	(*budget)--;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return (int)(t->size < ptr ? t->size : ptr);
	case BTF_KIND_PTR:
		return (int)ptr;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return align_of(btf, t->type, budget);
	case BTF_KIND_ARRAY:
		return align_of(btf, btf_array(t)->type, budget);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < btf_vlen(t); i++) {
			int align = align_of(btf, btf_members(t)[i].type, budget);

			if (align <= 0)
				return 0;
			if (align > max_align)
				max_align = align;
			if (!btf_member_bitfield_size(t, i) &&
			    btf_members(t)[i].offset % (8 * align))
				return 1;
		}
		return (t->size % max_align) ? 1 : max_align;
	default:
		return 0;
	}
}

/*
 * btf_dump writes an anonymous struct or union out with the alignment of
 * each member and of the whole, and divides by them (libbpf 1.1's
 * btf_dump_emit_bit_padding()): each must be one libbpf can work out, and
 * not 0. A real one's members are a handful of types deep.
 */
#define ALIGN_CALLS_MAX 4096

static bool aligned_ok(const struct btf *btf, unsigned int id, const struct btf_type *t)
{
	unsigned int i, budget = ALIGN_CALLS_MAX;

	if (align_of(btf, id, &budget) <= 0)
		return false;
	for (i = 0; i < btf_vlen(t); i++) {
		budget = ALIGN_CALLS_MAX;
		if (align_of(btf, btf_members(t)[i].type, &budget) <= 0)
			return false;
	}
	return true;
}

static bool decl_check(const struct btf *btf, unsigned int id, struct decl_walk *w)
{
	const struct btf_type *t;
	unsigned int i;

	if (id >= btf__type_cnt(btf))
		return false;
	t = btf__type_by_id(btf, id);
	if (!t)
		return false;
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return decl_ok(btf, t->type, w);
	case BTF_KIND_ARRAY:
		return decl_ok(btf, btf_array(t)->type, w) &&
		       btf_array(t)->index_type < btf__type_cnt(btf);
	case BTF_KIND_FUNC_PROTO:
		if (!decl_ok(btf, t->type, w))
			return false;
		/* a function pointer's parameters are written with their names */
		for (i = 0; i < btf_vlen(t); i++)
			if (!btf__name_by_offset(btf, btf_params(t)[i].name_off) ||
			    !decl_ok(btf, btf_params(t)[i].type, w))
				return false;
		return true;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const char *name = btf__name_by_offset(btf, t->name_off);

		if (!name)
			return false;
		if (*name)
			return true;
		/* written out with padding up to its size and to each member */
		if (t->size > ANON_SIZE_MAX || !aligned_ok(btf, id, t))
			return false;
		for (i = 0; i < btf_vlen(t); i++)
			if (!member_inside(btf, t, i) ||
			    !btf__name_by_offset(btf, btf_members(t)[i].name_off) ||
			    !decl_ok(btf, btf_members(t)[i].type, w))
				return false;
		return true;
	}
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
	case BTF_KIND_DECL_TAG:
		/* not the type of anything: btf_dump refuses them */
		return false;
	case BTF_KIND_ENUM:
		/* an anonymous one is written with its values */
		for (i = 0; i < btf_vlen(t); i++)
			if (!btf__name_by_offset(btf, btf_enum(t)[i].name_off))
				return false;
		return btf__name_by_offset(btf, t->name_off) != NULL;
	case BTF_KIND_ENUM64:
		for (i = 0; i < btf_vlen(t); i++)
			if (!btf__name_by_offset(btf, btf_enum64(t)[i].name_off))
				return false;
		return btf__name_by_offset(btf, t->name_off) != NULL;
	default:
		return btf__name_by_offset(btf, t->name_off) != NULL;
	}
}

bool kp_btf_decl_ok(const struct btf *btf, unsigned int id)
{
	struct decl_walk w = { .n = 0 };

	return decl_ok(btf, id, &w);
}
