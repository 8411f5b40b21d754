/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_BTFSIG_H
#define KPROBE_BTFSIG_H

struct btf;

/* A kernel's BTF, with its functions indexed by name */
struct kp_btf_sigs {
	struct btf *btf;
	struct kp_btf_func {
		const char *name; /* in the BTF's string section */
		unsigned int id;  /* of the BTF_KIND_FUNC */
	} * funcs;		  /* sorted by name */
	unsigned int nr_funcs;
};

/**
 * kp_btf_sigs_load - read BTF and index its functions
 * @s: filled in on success; free with kp_btf_sigs_free()
 * @path: a BTF file; NULL for the running kernel's (/sys/kernel/btf/vmlinux,
 *        or where libbpf looks for it otherwise)
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
 * Returns 0, or -1 with errno set to ENOMEM.
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
 * Returns 1, 0 if the BTF has no such function, or -1 with errno set.
 */
int kp_btf_signature(const struct kp_btf_sigs *s, const char *func, char **out);

#endif
