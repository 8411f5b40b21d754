/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_CLOCK_H
#define KPROBE_CLOCK_H

#include <stdbool.h>
#include <stddef.h>

/* -T, --time: what the time column shows */
enum kp_time_kind {
	KP_TIME_MONO,  /* the kernel's time stamp, as it prints it (the default) */
	KP_TIME_WALL,  /* local date and time, microseconds */
	KP_TIME_EPOCH, /* seconds since 1970, microseconds */
	KP_TIME_REL,   /* seconds since tracing began, microseconds */
};

/*
 * Record time stamps turned into the time -T asks for. For all but mono
 * the instance's trace clock is "boot": CLOCK_BOOTTIME, which keeps
 * counting while the machine is suspended, so a record's stamp plus
 * CLOCK_REALTIME - CLOCK_BOOTTIME is its wall time, before and after a
 * suspend alike; that offset is read again before every batch of records
 * is printed, so that a settimeofday() or a stepping NTP is followed.
 * Pure but for kp_clock_sync() and kp_clock_start(), which read clocks.
 */
struct kp_clock {
	enum kp_time_kind kind;
	long long offset_ns;	     /* CLOCK_REALTIME - CLOCK_BOOTTIME */
	unsigned long long start_ns; /* CLOCK_BOOTTIME when tracing began (rel) */
};

/* Longest text kp_clock_format() makes, its NUL included */
#define KP_CLOCK_TEXT_MAX 48

/**
 * kp_time_parse - a -T value
 * @s: "mono", "wall", "epoch" or "rel"
 * @kind: set
 *
 * Returns 0, or -1 for anything else.
 */
int kp_time_parse(const char *s, enum kp_time_kind *kind);

/**
 * kp_time_name - the -T value that names @kind ("mono", "wall", ...)
 * @kind: the -T kind
 */
const char *kp_time_name(enum kp_time_kind kind);

/**
 * kp_clock_trace_clock - the trace clock the instance needs for @kind
 * @kind: the -T kind
 *
 * Returns "boot", or NULL for mono (the instance's clock is left as it is).
 */
const char *kp_clock_trace_clock(enum kp_time_kind kind);

/**
 * kp_clock_init - a clock for @kind, its offset and start zero
 * @c: the clock
 * @kind: the -T kind
 */
void kp_clock_init(struct kp_clock *c, enum kp_time_kind kind);

/**
 * kp_clock_set_offset - the offset from three readings
 * @c: the clock
 * @boot_before: CLOCK_BOOTTIME just before @real, in ns
 * @real: CLOCK_REALTIME, in ns
 * @boot_after: CLOCK_BOOTTIME just after @real, in ns
 *
 * The offset is @real less the middle of the two boot readings.
 */
void kp_clock_set_offset(struct kp_clock *c, long long boot_before, long long real,
			 long long boot_after);

/**
 * kp_clock_sync - read CLOCK_REALTIME - CLOCK_BOOTTIME again
 * @c: the clock; nothing is read for mono
 *
 * Keeps the closest of three readings. Returns 0, or -1 with errno if the
 * clocks cannot be read (the offset is left as it was).
 */
int kp_clock_sync(struct kp_clock *c);

/**
 * kp_clock_start - tracing begins now, for rel
 * @c: the clock
 */
void kp_clock_start(struct kp_clock *c);

/**
 * kp_clock_format - the time of a record
 * @c: the clock
 * @ts: the record's time stamp, ns of the instance's trace clock
 * @json: for a JSON value: wall as a string in quotes, the others numbers
 * @buf: at least KP_CLOCK_TEXT_MAX bytes
 *
 * Microseconds rounded as the kernel rounds them (ns2usecs()). mono:
 * "%5lu.%06lu" as the kernel prints it; wall: "2026-12-02T15:04:05.123456"
 * in local time; epoch: "1796223845.123456"; rel: "%5lld.%06lu", negative
 * with a '-' before the seconds. In JSON the numbers are not padded.
 * Returns the length of the text in @buf.
 */
size_t kp_clock_format(const struct kp_clock *c, unsigned long long ts, bool json, char *buf);

#endif
