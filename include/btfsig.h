/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_BTFSIG_H
#define KPROBE_BTFSIG_H

struct btf;

/* One function of a BTF */
struct kp_btf_func {
	const char *name; /* in the BTF's string section */
	unsigned int id;  /* of the BTF_KIND_FUNC */
};

struct kp_btf_module;
struct kp_btf_dump;
struct kp_btf_sigbuf;

/* A kernel's BTF, with its functions indexed by name */
struct kp_btf_sigs {
	struct btf *btf;
	struct kp_btf_func *funcs; /* sorted by name */
	unsigned int nr_funcs;
	char *dir;		       /* where modules' BTF files are, by module name */
	struct kp_btf_module *modules; /* loaded when first asked for */
	unsigned int nr_modules;
	/*
	 * btf_dumps shared by the signatures: making one walks every type of
	 * the BTF. A dump names two types of one name "name" and "name___2"
	 * in the order it meets them, so a signature goes to a dump that has
	 * met, of each name it shares with another type, none or the same
	 * type; one that names two such types gets a dump of its own, as the
	 * signature would alone.
	 */
	struct kp_btf_dump *dumps;
	unsigned int nr_dumps;
	struct kp_btf_sigbuf *text; /* what they print into */
	unsigned int *shared;	    /* per type id: 1 + its name's group, 0 if not shared */
	unsigned int nr_groups;
};

/* A module's BTF, on top of the kernel's */
struct kp_btf_module {
	char *name;
	struct kp_btf_sigs *sigs; /* NULL: the module has no BTF */
};

/**
 * kp_btf_sigs_load - read BTF and index its functions
 * @s: filled in on success; free with kp_btf_sigs_free()
 * @path: a BTF file; NULL for the running kernel's (/sys/kernel/btf/vmlinux,
 *        or where libbpf looks for it otherwise). Modules' BTF is looked for
 *        next to it, in files named after the modules.
 *
 * Returns 0, or -1 with errno set when there is no BTF there or it cannot
 * be parsed; nothing is printed.
 */
int kp_btf_sigs_load(struct kp_btf_sigs *s, const char *path);

/**
 * kp_btf_sigs_from - index the functions of BTF the caller built or loaded
 * @s: filled in on success; it takes over @btf, which kp_btf_sigs_free() frees
 * @btf: the BTF
 *
 * Returns 0, or -1 with errno set to ENOMEM, or EINVAL when a type of
 * @btf refers to a type it does not have (a corrupt file); @btf is freed
 * on failure too.
 */
int kp_btf_sigs_from(struct kp_btf_sigs *s, struct btf *btf);

/**
 * kp_btf_sigs_free - free what was loaded; safe to call twice
 * @s: the index
 */
void kp_btf_sigs_free(struct kp_btf_sigs *s);

/**
 * kp_btf_signature - a function's C signature, with parameter names
 * @s: the index
 * @func: the function's name
 * @out: on success "vfs_read(struct file *file, char *buf, size_t count,
 *       loff_t *pos)", malloc'd; "f(void)" without parameters, "..." for
 *       variadic ones
 *
 * Returns 1, 0 if the BTF has no such function, or -1 with errno set
 * (EINVAL when its declaration loops back into itself).
 */
int kp_btf_signature(struct kp_btf_sigs *s, const char *func, char **out);

/**
 * kp_btf_module_signature - a module function's C signature
 * @s: the kernel's index, from kp_btf_sigs_load()
 * @module: the module's name; its BTF is read (once) from the directory of
 *          the kernel's BTF, on top of the kernel's
 * @func: the function's name
 * @out: as for kp_btf_signature()
 *
 * Returns 1, 0 if the module has no BTF or no such function, or -1 with
 * errno set.
 */
int kp_btf_module_signature(struct kp_btf_sigs *s, const char *module, const char *func,
			    char **out);

#endif
