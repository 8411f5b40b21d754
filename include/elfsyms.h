/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_ELFSYMS_H
#define KPROBE_ELFSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One function symbol of an ELF file */
struct kp_elf_func {
	char *name;	/* owned by the kp_elf_file */
	uint64_t value; /* st_value: a virtual address */
	uint64_t size;	/* st_size, 0 if unknown */
	bool ifunc;	/* STT_GNU_IFUNC: the symbol is the resolver, not the function */
	bool thumb;	/* 32-bit ARM's Thumb code (bit 0 of st_value, cleared in value) */
};

/*
 * The function symbols of one ELF file and its loadable segments: what a
 * uprobe needs to turn SYMBOL+OFFS into the file offset the kernel wants.
 */
struct kp_elf_file {
	char *path;
	bool from_symtab;	   /* functions come from .symtab, else .dynsym */
	bool has_dynsym;	   /* a .dynsym exists (a stripped file may have one) */
	int elf_class;		   /* ELFCLASS32 or ELFCLASS64 */
	unsigned int machine;	   /* e_machine */
	unsigned int type;	   /* ET_EXEC, ET_DYN... */
	struct kp_elf_func *funcs; /* defined functions, sorted by name */
	size_t nr_funcs;
	struct kp_elf_load {
		uint64_t vaddr, offset, filesz;
	} * loads; /* PT_LOAD segments */
	size_t nr_loads;
	char *names; /* every function name, one per line, for suggestions */
};

/**
 * kp_elf_open - read the function symbols of an ELF file
 * @f: filled in on success; free with kp_elf_close()
 * @path: the file
 *
 * Functions are taken from .symtab, or from .dynsym when the file has
 * been stripped of .symtab. Returns 0, or -1 after printing why the file
 * cannot be read or is not ELF.
 */
int kp_elf_open(struct kp_elf_file *f, const char *path);

/**
 * kp_elf_open_memory - kp_elf_open() on an ELF image already in memory
 * @f: filled in on success; free with kp_elf_close()
 * @name: what messages call it
 * @image: the file's bytes, @size of them; libelf may keep pointers into
 *	   them only until this returns
 * @size: how many
 *
 * Returns 0, or -1 after printing why the image is not ELF or is corrupt.
 */
int kp_elf_open_memory(struct kp_elf_file *f, const char *name, void *image, size_t size);

/**
 * kp_elf_close - free what kp_elf_open() allocated; safe to call twice
 * @f: the file
 */
void kp_elf_close(struct kp_elf_file *f);

/**
 * kp_elf_func_find - look a function up by name
 * @f: an open file
 * @name: the symbol name
 *
 * Returns the symbol, or NULL if @f defines no function of that name.
 */
const struct kp_elf_func *kp_elf_func_find(const struct kp_elf_file *f, const char *name);

/**
 * kp_elf_file_offset - the file offset of a virtual address
 * @f: an open file
 * @vaddr: an address inside one of its PT_LOAD segments
 * @off: the offset in the file, which is what uprobe_events takes
 *
 * Returns 0, or -1 if no loadable segment maps @vaddr from the file.
 */
int kp_elf_file_offset(const struct kp_elf_file *f, uint64_t vaddr, uint64_t *off);

/**
 * kp_elf_native - is an ELF file of this process's own class and machine?
 * @path: the file
 *
 * Returns 1 if it is, 0 if it is not or is no ELF file, -1 if it cannot
 * be opened (errno is set; nothing is printed).
 */
int kp_elf_native(const char *path);

#endif
