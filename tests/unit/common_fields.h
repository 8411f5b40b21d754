/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_TEST_COMMON_FIELDS_H
#define KPROBE_TEST_COMMON_FIELDS_H

/*
 * The fields every event's format file starts with (x86_64), after its
 * "format:" line, and the blank line after them
 */
#define COMMON_FIELDS                                                                  \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"         \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"         \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"

#endif
