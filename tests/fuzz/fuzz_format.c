// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the formatter with hostile records: any bytes as the record of a
 * kprobe with every argument type, a kretprobe, an eprobe, a stack trace
 * and a task rename (records shorter than their format, data_loc offsets
 * and lengths anywhere), in text and in JSON, each record in a heap buffer
 * of exactly its length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define COMMON                                                                         \
	"format:\n"                                                                    \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"         \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"         \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"

static const char *const formats[][3] = {
	{ "kprobes",
	  "name: p\nID: 1\n" COMMON
	  "\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	  "\tfield:s8 a;\toffset:16;\tsize:1;\tsigned:1;\n"
	  "\tfield:u16 b;\toffset:17;\tsize:2;\tsigned:0;\n"
	  "\tfield:u32 c;\toffset:19;\tsize:4;\tsigned:0;\n"
	  "\tfield:s64 d;\toffset:23;\tsize:8;\tsigned:1;\n"
	  "\tfield:__data_loc char[] s;\toffset:31;\tsize:4;\tsigned:1;\n"
	  "\tfield:u8 ch;\toffset:35;\tsize:1;\tsigned:0;\n"
	  "\tfield:u64 sym;\toffset:36;\tsize:8;\tsigned:0;\n"
	  "\tfield:u8 arr[];\toffset:44;\tsize:3;\tsigned:0;\n"
	  "\tfield:__data_loc char[] t;\toffset:47;\tsize:4;\tsigned:1;\n\n"
	  "print fmt: \"(%lx) a=%d b=0x%x c=%u d=%Ld s=\\\"%s\\\" ch='%c' sym=%pS arr={%u,%u,%u} "
	  "t=\\\"%s\\\"\", REC->__probe_ip, REC->a, REC->b, REC->c, REC->d, __get_str(s), REC->ch, "
	  "REC->sym, REC->arr[0], REC->arr[1], REC->arr[2], __get_str(t)\n" },
	{ "kprobes",
	  "name: r\nID: 2\n" COMMON
	  "\tfield:unsigned long __probe_func;\toffset:8;\tsize:8;\tsigned:0;\n"
	  "\tfield:unsigned long __probe_ret_ip;\toffset:16;\tsize:8;\tsigned:0;\n"
	  "\tfield:u64 arg1;\toffset:24;\tsize:8;\tsigned:0;\n\n"
	  "print fmt: \"(%lx <- %lx) arg1=0x%Lx\", REC->__probe_func, REC->__probe_ret_ip, "
	  "REC->arg1\n" },
	{ "eprobes",
	  "name: e\nID: 3\n" COMMON "\tfield:u64 nr;\toffset:8;\tsize:8;\tsigned:0;\n"
	  "\tfield:__data_loc char[] name;\toffset:16;\tsize:4;\tsigned:1;\n"
	  "\tfield:s32 fd;\toffset:20;\tsize:4;\tsigned:1;\n\n"
	  "print fmt: \" nr=0x%Lx name=\\\"%s\\\" fd=%d\", REC->nr, __get_str(name), REC->fd\n",
	  "syscalls/sys_enter_openat" },
	{ "ftrace",
	  "name: kernel_stack\nID: 4\n" COMMON "\tfield:int size;\toffset:8;\tsize:4;\tsigned:1;\n"
	  "\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n\n"
	  "print fmt: \"\\t=> %ps\\n\", (void *)REC->caller[0]\n" },
	{ "task",
	  "name: task_rename\nID: 5\n" COMMON "\tfield:pid_t pid;\toffset:8;\tsize:4;\tsigned:1;\n"
	  "\tfield:char oldcomm[16];\toffset:12;\tsize:16;\tsigned:0;\n"
	  "\tfield:char newcomm[16];\toffset:28;\tsize:16;\tsigned:0;\n"
	  "\tfield:short oom_score_adj;\toffset:44;\tsize:2;\tsigned:1;\n\n"
	  "print fmt: \"pid=%d\", REC->pid\n" },
};

static const char kallsyms[] = "ffffffff81000000 T _stext\n"
			       "ffffffff81000100 T f\n"
			       "ffffffffc0000000 t m\t[mod]\n"
			       "ffffffffc0000040 t n\t[mod]\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kp_format *f[2];
	static struct kp_strbuf sb;
	struct kp_record r = { 0 };
	unsigned char *rec;
	int j;

	if (!f[0]) {
		for (j = 0; j < 2; j++) {
			struct kp_format_opts o = { .json = j, .stack = true, .line_max = 256 };

			f[j] = kp_format_new(&o);
			if (!f[j] || kp_format_set_kallsyms(f[j], kallsyms))
				abort();
			for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
				if (formats[i][2] ? kp_format_add_eprobe(f[j], formats[i][0],
									 formats[i][1],
									 formats[i][2], NULL)
						  : kp_format_add_event(f[j], formats[i][0],
									formats[i][1], NULL))
					abort();
		}
	}
	if (size < 2 || size - 1 > 512)
		return 0;
	/*
	 * The first byte picks the event; the rest is the record, in a heap
	 * buffer of exactly its size: a byte read past it is an ASan report
	 */
	rec = malloc(size - 1);
	if (!rec)
		return 0;
	memcpy(rec, data + 1, size - 1);
	if (size - 1 >= 2) {
		uint16_t type = (uint16_t)(data[0] % 6);

		memcpy(rec, &type, 2);
	}
	r.ts = data[0] * 1000003ULL;
	r.data = rec;
	r.size = (unsigned int)(size - 1);
	for (j = 0; j < 2; j++) {
		kp_strbuf_reset(&sb);
		(void)kp_format_record(f[j], &r, &sb);
	}
	free(rec);
	return 0;
}
