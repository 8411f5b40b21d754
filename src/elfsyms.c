// SPDX-License-Identifier: GPL-2.0-only
/*
 * Function symbols of ELF files, through libelf: which functions a binary
 * defines, and where each one is in the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfsyms.h"
#include "errors.h"

static int cmp_func(const void *a, const void *b)
{
	const struct kp_elf_func *fa = a, *fb = b;
	int c = strcmp(fa->name, fb->name);

	if (c)
		return c;
	/* the same name twice (static functions): the lower address first */
	return fa->value < fb->value ? -1 : fa->value > fb->value;
}

/* The symbol table to read: .symtab, else .dynsym */
static Elf_Scn *symbol_section(Elf *elf, struct kp_elf_file *f)
{
	Elf_Scn *scn = NULL, *dynsym = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB) {
			f->from_symtab = true;
			return scn;
		}
		if (sh.sh_type == SHT_DYNSYM)
			dynsym = scn;
	}
	f->has_dynsym = dynsym != NULL;
	return dynsym;
}

static int read_functions(Elf *elf, Elf_Scn *scn, struct kp_elf_file *f)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t i, n, names_len = 0;
	GElf_Shdr sh;
	char *o;

	if (!data || !gelf_getshdr(scn, &sh) || !sh.sh_entsize)
		return error("cannot read the symbols of '%s': %s", f->path, elf_errmsg(-1));
	n = sh.sh_size / sh.sh_entsize;
	f->funcs = calloc(n ? n : 1, sizeof(*f->funcs));
	if (!f->funcs)
		return error("out of memory");
	for (i = 0; i < n; i++) {
		struct kp_elf_func *fn = &f->funcs[f->nr_funcs];
		const char *name;
		GElf_Sym sym;

		if (!gelf_getsym(data, (int)i, &sym))
			break;
		if ((GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
		     GELF_ST_TYPE(sym.st_info) != STT_GNU_IFUNC) ||
		    sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		name = elf_strptr(elf, sh.sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		fn->name = strdup(name);
		if (!fn->name)
			return error("out of memory");
		fn->value = sym.st_value;
		fn->size = sym.st_size;
		fn->ifunc = GELF_ST_TYPE(sym.st_info) == STT_GNU_IFUNC;
		/* ARM's ELF ABI: a Thumb function's address has bit 0 set */
		fn->thumb = f->machine == EM_ARM && (sym.st_value & 1);
		if (fn->thumb)
			fn->value &= ~(uint64_t)1;
		names_len += strlen(name) + 1;
		f->nr_funcs++;
	}
	qsort(f->funcs, f->nr_funcs, sizeof(*f->funcs), cmp_func);

	f->names = malloc(names_len + 1);
	if (!f->names)
		return error("out of memory");
	o = f->names;
	for (i = 0; i < f->nr_funcs; i++) {
		size_t len = strlen(f->funcs[i].name);

		memcpy(o, f->funcs[i].name, len);
		o[len] = '\n';
		o += len + 1;
	}
	*o = '\0';
	return 0;
}

static int read_loads(Elf *elf, struct kp_elf_file *f)
{
	size_t i, n;

	if (elf_getphdrnum(elf, &n))
		return error("cannot read the program headers of '%s': %s", f->path,
			     elf_errmsg(-1));
	f->loads = calloc(n ? n : 1, sizeof(*f->loads));
	if (!f->loads)
		return error("out of memory");
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		f->loads[f->nr_loads].vaddr = ph.p_vaddr;
		f->loads[f->nr_loads].offset = ph.p_offset;
		f->loads[f->nr_loads].filesz = ph.p_filesz;
		f->nr_loads++;
	}
	return 0;
}

/* Open @path as ELF; returns the descriptor, or -1 with *@elf NULL */
static int elf_open_fd(const char *path, Elf **elf)
{
	int fd;

	*elf = NULL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	*elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!*elf || elf_kind(*elf) != ELF_K_ELF) {
		if (*elf)
			elf_end(*elf);
		*elf = NULL;
		close(fd);
		errno = ENOEXEC;
		return -1;
	}
	return fd;
}

/* Fill @f from @elf, named @path in messages; frees nothing on failure */
static int read_elf(struct kp_elf_file *f, Elf *elf, const char *path)
{
	Elf_Scn *scn;
	GElf_Ehdr eh;

	f->path = strdup(path);
	if (!f->path)
		return error("out of memory");
	if (!gelf_getehdr(elf, &eh))
		return error("cannot read the ELF header of '%s': %s", path, elf_errmsg(-1));
	f->elf_class = gelf_getclass(elf);
	f->machine = eh.e_machine;
	f->type = eh.e_type;
	if (read_loads(elf, f))
		return -1;
	scn = symbol_section(elf, f);
	if (scn && read_functions(elf, scn, f))
		return -1;
	if (!f->names) {
		f->names = strdup("");
		if (!f->names)
			return error("out of memory");
	}
	return 0;
}

int kp_elf_open(struct kp_elf_file *f, const char *path)
{
	Elf *elf;
	int fd, err;

	memset(f, 0, sizeof(*f));
	fd = elf_open_fd(path, &elf);
	if (fd < 0) {
		if (errno == ENOEXEC)
			return error("'%s' is not an ELF file", path);
		return error_errno("cannot open '%s'", path);
	}
	err = read_elf(f, elf, path);
	elf_end(elf);
	close(fd);
	if (err)
		kp_elf_close(f);
	return err;
}

int kp_elf_open_memory(struct kp_elf_file *f, const char *name, void *image, size_t size)
{
	Elf *elf;
	int err;

	memset(f, 0, sizeof(*f));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return error("cannot use libelf: %s", elf_errmsg(-1));
	elf = elf_memory(image, size);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		return error("'%s' is not an ELF file", name);
	}
	err = read_elf(f, elf, name);
	elf_end(elf);
	if (err)
		kp_elf_close(f);
	return err;
}

void kp_elf_close(struct kp_elf_file *f)
{
	size_t i;

	for (i = 0; i < f->nr_funcs; i++)
		free(f->funcs[i].name);
	free(f->funcs);
	free(f->loads);
	free(f->names);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

static int cmp_name(const void *key, const void *elem)
{
	const struct kp_elf_func *fn = elem;

	return strcmp(key, fn->name);
}

const struct kp_elf_func *kp_elf_func_find(const struct kp_elf_file *f, const char *name)
{
	const struct kp_elf_func *fn;

	if (!f->nr_funcs)
		return NULL;
	fn = bsearch(name, f->funcs, f->nr_funcs, sizeof(*f->funcs), cmp_name);
	/* the first of equal names: the lowest address */
	while (fn && fn > f->funcs && !strcmp(fn[-1].name, name))
		fn--;
	return fn;
}

int kp_elf_file_offset(const struct kp_elf_file *f, uint64_t vaddr, uint64_t *off)
{
	size_t i;

	for (i = 0; i < f->nr_loads; i++) {
		const struct kp_elf_load *l = &f->loads[i];

		if (vaddr >= l->vaddr && vaddr - l->vaddr < l->filesz) {
			*off = vaddr - l->vaddr + l->offset;
			return 0;
		}
	}
	return -1;
}

/* Class and machine of the ELF file at @path; -1 if it cannot be opened */
static int elf_ident(const char *path, int *elf_class, unsigned int *machine)
{
	GElf_Ehdr eh;
	Elf *elf;
	int fd;

	fd = elf_open_fd(path, &elf);
	if (fd < 0)
		return errno == ENOEXEC ? 0 : -1;
	*elf_class = gelf_getclass(elf);
	*machine = gelf_getehdr(elf, &eh) ? eh.e_machine : EM_NONE;
	elf_end(elf);
	close(fd);
	return 1;
}

int kp_elf_native(const char *path)
{
	unsigned int machine = EM_NONE, self_machine = EM_NONE;
	int elf_class = ELFCLASSNONE, self_class = ELFCLASSNONE;
	int ret;

	ret = elf_ident(path, &elf_class, &machine);
	if (ret <= 0)
		return ret;
	if (elf_ident("/proc/self/exe", &self_class, &self_machine) <= 0)
		self_class = sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32;
	if (elf_class != self_class)
		return 0;
	return self_machine == EM_NONE || machine == self_machine;
}
