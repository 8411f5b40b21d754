# arch.sh - what the scenarios need to know about the guest's architecture
# and kernel (sourced by lib.sh; busybox ash and bash compatible).
#
# One row per architecture (uname -m):
#
#   ARG1 ARG2 ARG3  the registers of a function's first three arguments at its
#                   entry, as kprobe events name them
#   RETADDR         where a function's return address is at its entry
#   SYS             the prefix of the syscall wrappers' symbols ("${SYS}openat")
#   SYSCALL_ENTRY   a regex of the frame at the bottom of a system call's
#                   kernel stack (the entry from user space)
#   NR_OPENAT       the number of the openat system call
#   AT_FDCWD_X64    openat's dfd AT_FDCWD (-100) as the C library leaves it in
#                   the register, which a syscall event's field holds whole:
#                   zero-extended from 32 bits on x86_64, sign-extended on arm64
#   UOPEN           the workload's function a uprobe on its opens names, the
#                   file name its first argument: libc's open, or on armhf the
#                   workload's own workload_open (its static libc is Thumb-2
#                   code, and 32-bit ARM's uprobes take ARM code only)
#   RET_ENOENT_64   what a return probe's "ret=$retval:s64 uret=$retval:u64
#                   xret=$retval:x64" prints for -ENOENT: a 32-bit kernel's
#                   register is zero-extended to 64 bits
#
# and what the kernel has, detected from the kernel itself (not from its
# version): /init reads them once while tracefs is mounted (arch_detect) and
# exports them as KVM_*; a scenario tests them with has_fprobes,
# has_data_symbols and has_user_stacks.
#
#   KVM_FPROBES     1: fprobe events (f:), which the README's synopsis lists
#                   (CONFIG_FPROBE_EVENTS: not in Debian's arm64 6.12)
#   KVM_DATA_SYMS   1: /proc/kallsyms has data symbols such as linux_banner
#                   (CONFIG_KALLSYMS_ALL: not in Debian's arm64 6.1)
#   KVM_USTACKS     1: the userstacktrace option records user stacks
#                   (CONFIG_USER_STACKTRACE_SUPPORT, whose stack_trace_save_user
#                   /proc/kallsyms names: not in Debian's arm64 6.1)

case $(uname -m) in
x86_64)
	ARG1=%di ARG2=%si ARG3=%dx RETADDR='+0(%sp)' SYS=__x64_sys_
	SYSCALL_ENTRY='entry_SYSCALL_64' NR_OPENAT=257 AT_FDCWD_X64=0xffffff9c
	RET_ENOENT_64='ret=-2 uret=18446744073709551614 xret=0xfffffffffffffffe' UOPEN=open
	;;
aarch64)
	ARG1=%x0 ARG2=%x1 ARG3=%x2 RETADDR=%x30 SYS=__arm64_sys_
	SYSCALL_ENTRY='el0_svc' NR_OPENAT=56 AT_FDCWD_X64=0xffffffffffffff9c
	RET_ENOENT_64='ret=-2 uret=18446744073709551614 xret=0xfffffffffffffffe' UOPEN=open
	;;
armv7*|armv8l)
	ARG1=%r0 ARG2=%r1 ARG3=%r2 RETADDR=%lr SYS=sys_
	SYSCALL_ENTRY='ret_fast_syscall|vector_swi' NR_OPENAT=322 AT_FDCWD_X64=0xffffff9c
	RET_ENOENT_64='ret=4294967294 uret=4294967294 xret=0xfffffffe' UOPEN=workload_open
	;;
*)
	echo >&2 "arch.sh: no facts for $(uname -m)"
	;;
esac

# arch_detect TRACEFS - print the KVM_* assignments for this kernel
arch_detect() {
	_ad_f=0
	grep -q '^[[:space:]]*f\[:\[<group>/\]\[<event>\]\] <func-name>' "$1/README" 2>/dev/null && _ad_f=1
	_ad_d=0
	grep -q ' [dDrR] linux_banner$' /proc/kallsyms 2>/dev/null && _ad_d=1
	_ad_u=0
	grep -q ' [tT] stack_trace_save_user$' /proc/kallsyms 2>/dev/null && _ad_u=1
	echo "KVM_FPROBES=$_ad_f KVM_DATA_SYMS=$_ad_d KVM_USTACKS=$_ad_u"
}

# has_fprobes - does this kernel have fprobe events?
has_fprobes() {
	[ "${KVM_FPROBES:-0}" = 1 ]
}

# has_data_symbols - does /proc/kallsyms name data (linux_banner)?
has_data_symbols() {
	[ "${KVM_DATA_SYMS:-0}" = 1 ]
}

# has_user_stacks - does the userstacktrace option record user stacks?
has_user_stacks() {
	[ "${KVM_USTACKS:-0}" = 1 ]
}
