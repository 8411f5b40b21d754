# SPDX-License-Identifier: GPL-2.0-only
VERSION		:= 0.1.0
PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/sbin
MANDIR		?= $(PREFIX)/share/man
DESTDIR		?=
PKG_CONFIG	?= pkg-config
CC		?= cc

COMPLETIONDIR	?= $(PREFIX)/share/bash-completion/completions

# Cross builds: "make ARCH=arm64" (or armhf; the kernel's names arm64 and
# arm, and CROSS_COMPILE=aarch64-linux-gnu- alone, work too) builds with
# Debian's cross compiler against a sysroot of that architecture's Debian
# packages, which scripts/sysroot.sh fetches and unpacks without changing
# this machine's dpkg architectures. The objects and programs go to
# build/ARCH/ (kprobe, tests/unit/test_*), beside the native build.
NATIVE_ARCH	:= $(shell dpkg --print-architecture 2>/dev/null || echo unknown)
ifeq ($(origin ARCH),undefined)
ARCH		:= $(patsubst %-,%,$(if $(CROSS_COMPILE),$(CROSS_COMPILE),$(NATIVE_ARCH)))
endif
# Debian's name of the architecture
DEB_ARCH_aarch64 := arm64
DEB_ARCH_aarch64-linux-gnu := arm64
DEB_ARCH_arm	:= armhf
DEB_ARCH_arm-linux-gnueabihf := armhf
DEB_ARCH_x86	:= amd64
DEB_ARCH_x86_64	:= amd64
DEB_ARCH_x86_64-linux-gnu := amd64
DEB_ARCH	:= $(or $(DEB_ARCH_$(ARCH)),$(ARCH))
TRIPLET_arm64	:= aarch64-linux-gnu
TRIPLET_armhf	:= arm-linux-gnueabihf
TRIPLET_amd64	:= x86_64-linux-gnu
ifneq ($(DEB_ARCH),$(NATIVE_ARCH))
CROSS		:= $(DEB_ARCH)
TRIPLET		:= $(TRIPLET_$(DEB_ARCH))
$(if $(TRIPLET),,$(error ARCH=$(ARCH): not arm64, armhf or amd64))
CROSS_COMPILE	?= $(TRIPLET)-
KPROBE_CROSS_CACHE ?= /var/cache/kprobe-cross
SYSROOT		?= $(KPROBE_CROSS_CACHE)/$(DEB_ARCH)/sysroot
# the build directory of this architecture's objects and programs
B		:= build/$(DEB_ARCH)/
ifneq ($(filter default undefined,$(origin CC)),)
CC		:= $(CROSS_COMPILE)gcc
endif
override PKG_CONFIG := PKG_CONFIG_SYSROOT_DIR=$(SYSROOT) \
		   PKG_CONFIG_LIBDIR=$(SYSROOT)/usr/lib/$(TRIPLET)/pkgconfig:$(SYSROOT)/usr/share/pkgconfig \
		   pkg-config
ARCH_CFLAGS	:= --sysroot=$(SYSROOT)
else
B		:=
ARCH_CFLAGS	:=
endif
STRIP		?= $(CROSS_COMPILE)strip
NM		?= $(CROSS_COMPILE)nm

# Quiet when pkg-config or a -dev package is missing: "make check" and
# "make demo" install them first (scripts/deps.sh) and build in a new make
BUILD_PKGS	:= libtracefs libtraceevent libelf libbpf
BUILD_FOUND	:= $(shell $(PKG_CONFIG) --exists $(BUILD_PKGS) 2>/dev/null && echo yes)
TRACE_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libtracefs libtraceevent 2>/dev/null)
TRACE_LIBS	:= $(shell $(PKG_CONFIG) --libs libtracefs libtraceevent 2>/dev/null)
ELF_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libelf libbpf 2>/dev/null)
ELF_LIBS	:= $(shell $(PKG_CONFIG) --libs libelf libbpf 2>/dev/null)
# the formatter parses format files with libtraceevent: pure, but linked with it
TEP_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libtraceevent 2>/dev/null)
TEP_LIBS	:= $(shell $(PKG_CONFIG) --libs libtraceevent 2>/dev/null)
CMOCKA_CFLAGS	= $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS	= $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
ifeq ($(CROSS),)
need_pkgs	= $(if $(BUILD_FOUND),,$(error $(PKG_CONFIG) does not find all of $(BUILD_PKGS): \
		  run 'make deps' as root, or install the build group of scripts/packages))
else
need_pkgs	= $(if $(BUILD_FOUND),,$(error no $(BUILD_PKGS) for $(DEB_ARCH) in $(SYSROOT): \
		  run 'scripts/sysroot.sh $(DEB_ARCH)' as root (make ARCH=$(DEB_ARCH) runs it)))
endif

# The cross build's sysroot (unless SYSROOT was given) and qemu-user
ifeq ($(origin SYSROOT),file)
sysroot		= KPROBE_CROSS_CACHE=$(KPROBE_CROSS_CACHE) scripts/sysroot.sh $(DEB_ARCH) >/dev/null
else
sysroot		= test -d $(SYSROOT)/usr/lib/$(TRIPLET)
endif
QEMU_USER	:= /usr/bin/qemu-$(if $(filter arm64,$(DEB_ARCH)),aarch64,arm)-static

# Installs the missing Debian packages of the named groups (scripts/packages)
DEPS		:= scripts/deps.sh
SUBMAKE		:= $(MAKE) --no-print-directory

CFLAGS		?= -O2 -g
WARNINGS	:= -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wmissing-prototypes
ALL_CFLAGS	= $(ARCH_CFLAGS) -std=gnu11 $(WARNINGS) -Iinclude $(TRACE_CFLAGS) $(ELF_CFLAGS) \
		  -DKPROBE_VERSION='"$(VERSION)"' -D_GNU_SOURCE \
		  -D_FILE_OFFSET_BITS=64 $(CPPFLAGS) $(CFLAGS)

# Everything but main.c, by concern (README.md's source layout)
# command line: options, --list
CLI_OBJS	:= src/options.o src/funclist.o src/btfsig.o src/btfcheck.o
# definitions: grammar, kinds, locations, names the kernel has
DEF_OBJS	:= src/grammar.o src/probe.o src/syntax.o src/kind.o src/uprobe.o src/elfsyms.o \
		   src/ldcache.o src/namelist.o src/evname.o
# set-up and teardown in tracefs, the traced processes, the end-of-run report
SETUP_OBJS	:= src/session.o src/symcheck.o src/dynevent.o src/errlog.o src/instance.o \
		   src/follow.o src/tfswrite.o src/stale.o src/runlock.o src/target.o src/missed.o \
		   src/pidns.o src/cgroup.o src/traceable.o
# event path: reading the ring buffer, formatting, writing out
EVENT_OBJS	:= src/reader.o src/rawreader.o src/ring.o src/merge.o src/fmtevent.o \
		   src/format.o src/fmthead.o src/fmtsym.o src/fmtstack.o src/ustack.o \
		   src/ksymtab.o src/kallsyms.o src/comm.o src/output.o src/textout.o src/ksymsrc.o \
		   src/modwatch.o src/clock.o src/recorder.o src/tail.o src/until.o src/ustackseen.o
# in-kernel aggregates: hist triggers and synthetic events, the hist files, their printing
AGG_OBJS	:= src/aggregate.o src/aggprobes.o src/histspec.o src/histfile.o src/histprint.o
# shared: diagnostics, tracefs text parsers, buffers
SHARED_OBJS	:= src/errors.o src/ktext.o src/strbuf.o src/json.o
SRC_OBJS	:= $(CLI_OBJS) $(DEF_OBJS) $(SETUP_OBJS) $(EVENT_OBJS) $(AGG_OBJS) \
		   $(SHARED_OBJS)
OBJS		:= $(addprefix $(B),$(SRC_OBJS))
# The only objects that call libtracefs (check-tracefs enforces it); their
# unit tests replace it with tests/unit/mock_tracefs.c
TRACEFS_OBJS	:= $(addprefix $(B),src/session.o src/symcheck.o src/dynevent.o src/errlog.o \
		   src/instance.o src/follow.o src/tfswrite.o src/stale.o src/missed.o \
		   src/rawreader.o src/aggregate.o)
PURE_OBJS	:= $(filter-out $(TRACEFS_OBJS),$(OBJS))
HEADERS		:= $(wildcard include/*.h)

# Unit tests of the TRACEFS_OBJS: libtracefs replaced by tests/unit/mock_tracefs.c
# (test_missed replaces what it needs itself)
TRACEFS_TESTS	:= $(addprefix $(B)tests/unit/test_,dynevent instance stale session rawreader \
		   aggregate tfswrite)
SRC_UNIT_TESTS	:= tests/unit/test_errors tests/unit/test_syntax tests/unit/test_probe \
		   tests/unit/test_options tests/unit/test_ktext tests/unit/test_namelist \
		   tests/unit/test_output tests/unit/test_uprobe tests/unit/test_ring \
		   tests/unit/test_format tests/unit/test_json tests/unit/test_funclist \
		   tests/unit/test_missed tests/unit/test_command tests/unit/test_kind \
		   tests/unit/test_runlock tests/unit/test_ksymtab tests/unit/test_eprobe \
		   tests/unit/test_ldcache \
		   tests/unit/test_histfile tests/unit/test_histspec tests/unit/test_histprint \
		   tests/unit/test_evname tests/unit/test_comm tests/unit/test_until \
		   tests/unit/test_tail tests/unit/test_clock tests/unit/test_ustack tests/unit/test_pidns \
		   tests/unit/test_cgroup tests/unit/test_modwatch \
		   tests/unit/test_fmtstack tests/unit/test_ustackseen tests/unit/test_btfcheck \
		   tests/unit/test_traceable
UNIT_TESTS	:= $(addprefix $(B),$(SRC_UNIT_TESTS)) $(TRACEFS_TESTS)
MOCK		:= tests/unit/mock_tracefs.c tests/unit/mock_tracefs.h
# Shared by the pure unit tests: fixture files read whole
TEST_HELPERS	:= tests/unit/slurp.c tests/unit/slurp.h tests/unit/ldcache_file.c \
		   tests/unit/ldcache_file.h tests/unit/common_fields.h

# The program the host tests and the ELF unit tests probe: PIE (based away
# from 0, so symbol addresses and file offsets differ), non-PIE, stripped
TARGETS		:= $(B)tests/host/uprobe_target $(B)tests/host/uprobe_target_nopie \
		   $(B)tests/host/uprobe_target_stripped
# On armhf the probed targets are ARM code, which its uprobes take, and a
# Thumb one (Debian's armhf gcc makes Thumb-2), which they refuse
ifeq ($(DEB_ARCH),armhf)
TARGET_CFLAGS	:= -marm
TARGETS		+= $(B)tests/host/uprobe_target_thumb
endif

# tracefs calls the TRACEFS_TESTS replace with -Wl,--wrap (every one the TRACEFS_OBJS make)
WRAPPED		:= tracefs_tracing_dir tracefs_file_exists \
		   tracefs_instance_create tracefs_instance_is_new tracefs_instance_destroy \
		   tracefs_instance_free tracefs_instance_alloc tracefs_instances \
		   tracefs_instance_file_append tracefs_instance_file_write \
		   tracefs_instance_file_read tracefs_instance_file_open \
		   tracefs_event_file_write tracefs_event_file_read tracefs_event_file_append \
		   tracefs_option_enable \
		   tracefs_option_disable tracefs_trace_off tracefs_instance_get_file \
		   tracefs_put_tracing_file tracefs_list_free tracefs_instance_get_name \
		   tracefs_option_name tracefs_cpu_alloc_fd tracefs_cpu_read tracefs_cpu_free_fd
WRAP_FLAGS	:= $(foreach f,$(WRAPPED),-Wl,--wrap=$(f))

# The boundary, checked on the objects (part of check-unit): only the
# TRACEFS_OBJS may call libtracefs, and each tracefs_* they call is WRAPPED
# and replaced in tests/unit/mock_tracefs.c
define check_tracefs
	$(if $(filter-out $(OBJS),$(TRACEFS_OBJS)),$(error TRACEFS_OBJS not in OBJS: \
		$(filter-out $(OBJS),$(TRACEFS_OBJS))))
	$(quiet) CHECK "tracefs callers"
	$(Q)st=0; \
	for o in $(B)src/main.o $(PURE_OBJS); do \
		for f in $$($(NM) -u $$o | awk '$$2 ~ /^tracefs_/ { print $$2 }'); do \
			echo "$$o calls $$f, but only the Makefile's TRACEFS_OBJS call libtracefs"; \
			st=1; \
		done; \
	done; \
	for o in $(TRACEFS_OBJS); do \
		for f in $$($(NM) -u $$o | awk '$$2 ~ /^tracefs_/ { print $$2 }'); do \
			case " $(WRAPPED) " in \
			*" $$f "*) grep -q "__wrap_$$f(" tests/unit/mock_tracefs.c || { \
				echo "$$o calls $$f: WRAPPED, but tests/unit/mock_tracefs.c has no __wrap_$$f"; \
				st=1; } ;; \
			*) echo "$$o calls $$f, which the Makefile's WRAPPED (the unit tests' mock) lacks"; \
				st=1 ;; \
			esac; \
		done; \
	done; \
	exit $$st
endef

# "make V=1" shows the full commands
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

SRCS		:= $(SRC_OBJS:.o=.c)
PURE_SRCS	:= $(patsubst $(B)%.o,%.c,$(PURE_OBJS))
ASAN_FLAGS	:= -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
		   -fno-sanitize-recover=undefined
ASAN_TESTS	:= $(patsubst $(B)tests/unit/%,build/asan/%,$(UNIT_TESTS))

FUZZ_CC		?= clang
FUZZ_FLAGS	:= -std=gnu11 -g -O1 -Iinclude -D_GNU_SOURCE $(TEP_CFLAGS) \
		   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_TARGETS	:= tests/fuzz/fuzz_definition tests/fuzz/fuzz_cmdline tests/fuzz/fuzz_ktext \
		   tests/fuzz/fuzz_output tests/fuzz/fuzz_ring tests/fuzz/fuzz_format \
		   tests/fuzz/fuzz_ksymtab tests/fuzz/fuzz_fmtevent tests/fuzz/fuzz_layout \
		   tests/fuzz/fuzz_errcol tests/fuzz/fuzz_ldcache tests/fuzz/fuzz_elf \
		   tests/fuzz/fuzz_btf tests/fuzz/fuzz_record tests/fuzz/fuzz_histfile
FUZZ_SECONDS	?= 60
export FUZZ_SECONDS

.PHONY: bench all check check-arm64 check-armhf check-unit check-tracefs check-hardening check-asan check-valgrind lint fuzz vm-check \
	demo deps install uninstall clean

ifeq ($(CROSS),)
all: kprobe
else
# The sysroot first (a new make finds its packages), then the tool and the
# programs the unit tests probe; "kprobe" names build/ARCH/kprobe
.PHONY: kprobe
all kprobe:
	$(Q)$(DEPS) cross
	$(Q)$(sysroot)
	+$(Q)$(SUBMAKE) $(B)kprobe $(TARGETS)
endif

$(B)kprobe: $(B)src/main.o $(OBJS)
	$(need_pkgs)
	$(quiet) LD $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(TRACE_LIBS) $(ELF_LIBS)

$(B)src/%.o: src/%.c $(HEADERS)
	$(need_pkgs)
	$(quiet) CC $@
	$(Q)$(if $(B),mkdir -p $(@D) && )$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(TRACEFS_TESTS): $(B)tests/unit/test_%: tests/unit/test_%.c $(MOCK) $(OBJS) $(HEADERS)
	$(quiet) CC $@
	$(Q)$(if $(B),mkdir -p $(@D) && )$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) \
		$(WRAP_FLAGS) -o $@ $< tests/unit/mock_tracefs.c $(OBJS) $(CMOCKA_LIBS) $(TRACE_LIBS) $(ELF_LIBS)

$(B)tests/unit/test_missed: tests/unit/test_missed.c $(B)src/missed.o $(PURE_OBJS) $(HEADERS)
	$(quiet) CC $@
	$(Q)$(if $(B),mkdir -p $(@D) && )$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) $(WRAP_FLAGS) \
		-o $@ $< $(B)src/missed.o \
		$(PURE_OBJS) $(CMOCKA_LIBS) $(TRACE_LIBS) $(ELF_LIBS) $(TEP_LIBS)

$(B)tests/unit/test_%: tests/unit/test_%.c $(TEST_HELPERS) $(PURE_OBJS) $(HEADERS)
	$(quiet) CC $@
	$(Q)$(if $(B),mkdir -p $(@D) && )$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(filter %.c,$(TEST_HELPERS)) $(PURE_OBJS) \
		$(CMOCKA_LIBS) $(ELF_LIBS) $(TEP_LIBS)

$(B)tests/host/uprobe_target: tests/host/uprobe_target.c
	$(quiet) CC $@
	$(Q)$(if $(B),mkdir -p $(@D) && )$(CC) $(ARCH_CFLAGS) $(TARGET_CFLAGS) -O2 -g -fno-omit-frame-pointer -fpie -pie \
		-Wl,-Ttext-segment=0x10000 -o $@ $<

$(B)tests/host/uprobe_target_nopie: tests/host/uprobe_target.c
	$(quiet) CC $@
	$(Q)$(if $(B),mkdir -p $(@D) && )$(CC) $(ARCH_CFLAGS) $(TARGET_CFLAGS) -O2 -g -fno-omit-frame-pointer -fno-pie -no-pie -o $@ $<

$(B)tests/host/uprobe_target_thumb: tests/host/uprobe_target.c
	$(quiet) CC $@
	$(Q)$(if $(B),mkdir -p $(@D) && )$(CC) $(ARCH_CFLAGS) -mthumb -O2 -g -o $@ $<

$(B)tests/host/uprobe_target_stripped: $(B)tests/host/uprobe_target
	$(quiet) STRIP $@
	$(Q)$(STRIP) -o $@ $<

# Unit tests, this machine's kernel, the Debian package, then real kprobes on
# 6.1 and 6.12 in QEMU; installs what is missing first
check:
	$(Q)$(DEPS) build unit host deb vm
	$(Q)$(SUBMAKE) kprobe check-tracefs $(UNIT_TESTS) $(TARGETS)
	tests/check.sh unit host deb vm

deps:
	$(DEPS) build unit host deb vm hardening

ifeq ($(CROSS),)
check-unit: check-tracefs $(UNIT_TESTS) $(TARGETS)
	tests/check.sh unit
else
# The unit tests of the cross build, run by qemu-user with the sysroot's
# libraries, from build/ARCH/ (where their fixtures are linked in)
CROSS_UNIT_ENV	= KPROBE_UNIT_ROOT=$(B) KPROBE_UNIT_RUN="$(QEMU_USER) -L $(SYSROOT)" \
		  KPROBE_UNIT_EXEC="$(QEMU_USER) -L $(SYSROOT)"
.PHONY: cross-programs check-cross
cross-programs:
	$(Q)$(DEPS) cross
	$(Q)$(sysroot)
	+$(Q)$(SUBMAKE) check-tracefs $(B)kprobe $(UNIT_TESTS) $(TARGETS)
	$(Q)ln -sfn ../../../../tests/unit/fixtures $(B)tests/unit/fixtures
	$(Q)ln -sfn ../../../../tests/host/uprobe_target.c $(B)tests/host/uprobe_target.c

check-unit: cross-programs
	$(CROSS_UNIT_ENV) tests/check.sh unit

# the unit tests, the scenarios in QEMU and the package (built, and installed
# in the VM), one summary line
check-cross: cross-programs
	$(Q)$(DEPS) vm deb
	$(CROSS_UNIT_ENV) tests/check.sh unit vm-$(DEB_ARCH) deb-$(DEB_ARCH)
endif

# The arm64 (armhf) build's unit tests under qemu-user and its scenarios on
# Debian's arm64 6.1 and 6.12 kernels in qemu-system-aarch64, side by side
# (armhf: the armmp kernel in qemu-system-arm)
check-arm64 check-armhf:
	+$(Q)$(SUBMAKE) ARCH=$(@:check-%=%) check-cross

check-tracefs: $(B)src/main.o $(OBJS)
	$(check_tracefs)

# Sanitizers, valgrind, static analysis and fuzzing
check-hardening:
	$(Q)$(DEPS) build unit vm hardening
	$(Q)$(SUBMAKE) $(UNIT_TESTS) $(ASAN_TESTS) $(FUZZ_TARGETS) $(TARGETS) build/asan/kprobe
	tests/check.sh unit-asan unit-valgrind lint fuzz vm-asan

check-asan: $(ASAN_TESTS) $(TARGETS) build/asan/kprobe
	tests/check.sh unit-asan vm-asan

check-valgrind: $(UNIT_TESTS) $(TARGETS)
	tests/check.sh unit-valgrind

lint:
	tests/check.sh lint

fuzz: $(FUZZ_TARGETS)
	tests/check.sh fuzz

vm-check:
	$(Q)$(DEPS) build vm
	$(Q)$(SUBMAKE) kprobe
	tests/vm/check.sh ./kprobe

# kprobe against kprobe-perf, trace-cmd and cat trace_pipe on Linux 6.12 in QEMU,
# then CPU per event on this machine's own kernel and CPU, with uprobes
# (not part of check); "make bench ARCH=arm64": build/arm64/kprobe on
# Debian's arm64 6.12 in qemu-system-aarch64 (the machine's own kernel
# cannot run it)
ifeq ($(CROSS),)
bench:
	$(Q)$(DEPS) build vm bench
	$(Q)$(SUBMAKE) kprobe tests/host/uprobe_target
	tests/vm/bench.sh ./kprobe
	@echo
	tests/host/bench.sh ./kprobe
else
bench:
	$(Q)$(DEPS) vm cross
	+$(Q)$(SUBMAKE) kprobe
	BENCH_ARCH=$(DEB_ARCH) tests/vm/bench.sh $(B)kprobe
endif

demo:
	$(Q)$(DEPS) build vm
	$(Q)$(SUBMAKE) kprobe
	tests/vm/demo.sh ./kprobe

build/asan/kprobe: src/main.c $(SRCS) $(HEADERS)
	$(quiet) CC $@
	$(Q)mkdir -p build/asan
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) $(LDFLAGS) -o $@ src/main.c $(SRCS) $(TRACE_LIBS) $(ELF_LIBS)

$(patsubst $(B)tests/unit/%,build/asan/%,$(TRACEFS_TESTS)): build/asan/test_%: tests/unit/test_%.c \
		$(MOCK) $(SRCS) $(HEADERS)
	$(quiet) CC $@
	$(Q)mkdir -p build/asan
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) $(WRAP_FLAGS) -o $@ $< \
		tests/unit/mock_tracefs.c $(SRCS) $(CMOCKA_LIBS) $(TRACE_LIBS) $(ELF_LIBS)

build/asan/test_missed: tests/unit/test_missed.c src/missed.c $(PURE_SRCS) $(HEADERS)
	$(quiet) CC $@
	$(Q)mkdir -p build/asan
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) $(WRAP_FLAGS) -o $@ $< \
		src/missed.c $(PURE_SRCS) $(CMOCKA_LIBS) $(TRACE_LIBS) $(ELF_LIBS) $(TEP_LIBS)

build/asan/test_%: tests/unit/test_%.c $(TEST_HELPERS) $(PURE_SRCS) $(HEADERS)
	$(quiet) CC $@
	$(Q)mkdir -p build/asan
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(filter %.c,$(TEST_HELPERS)) \
		$(PURE_SRCS) $(CMOCKA_LIBS) $(ELF_LIBS) $(TEP_LIBS)

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(PURE_SRCS) $(HEADERS)
	$(quiet) FUZZ $@
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) $(ELF_CFLAGS) -o $@ $< $(PURE_SRCS) $(ELF_LIBS) $(TEP_LIBS)

install: $(B)kprobe
	install -D -m 0755 $(B)kprobe $(DESTDIR)$(BINDIR)/kprobe
	install -D -m 0644 man/kprobe.8 $(DESTDIR)$(MANDIR)/man8/kprobe.8
	install -D -m 0644 completion/kprobe $(DESTDIR)$(COMPLETIONDIR)/kprobe

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kprobe $(DESTDIR)$(MANDIR)/man8/kprobe.8 \
		$(DESTDIR)$(COMPLETIONDIR)/kprobe

clean:
	rm -rf kprobe src/*.o $(patsubst $(B)%,%,$(UNIT_TESTS) $(TARGETS)) $(FUZZ_TARGETS) build
