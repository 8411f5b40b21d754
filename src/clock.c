// SPDX-License-Identifier: GPL-2.0-only
/*
 * -T: a record's time stamp as the kernel's, wall, epoch or relative time.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"

static const char *const kind_names[] = {
	[KP_TIME_MONO] = "mono",
	[KP_TIME_WALL] = "wall",
	[KP_TIME_EPOCH] = "epoch",
	[KP_TIME_REL] = "rel",
};

int kp_time_parse(const char *s, enum kp_time_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (!strcmp(s, kind_names[i])) {
			*kind = (enum kp_time_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *kp_time_name(enum kp_time_kind kind)
{
	return kind_names[kind];
}

const char *kp_clock_trace_clock(enum kp_time_kind kind)
{
	return kind == KP_TIME_MONO ? NULL : "boot";
}

void kp_clock_init(struct kp_clock *c, enum kp_time_kind kind)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
}

void kp_clock_set_offset(struct kp_clock *c, long long boot_before, long long real,
			 long long boot_after)
{
	c->offset_ns = real - (boot_before + (boot_after - boot_before) / 2);
}

static long long ns_of(const struct timespec *ts)
{
	return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

int kp_clock_sync(struct kp_clock *c)
{
	long long best = -1;
	int i;

	if (c->kind == KP_TIME_MONO)
		return 0;
	/* the pair read closest together: the least disturbed by a preemption */
	for (i = 0; i < 3; i++) {
		struct timespec b1, r, b2;

		if (clock_gettime(CLOCK_BOOTTIME, &b1) || clock_gettime(CLOCK_REALTIME, &r) ||
		    clock_gettime(CLOCK_BOOTTIME, &b2))
			return -1;
		if (best < 0 || ns_of(&b2) - ns_of(&b1) < best) {
			best = ns_of(&b2) - ns_of(&b1);
			kp_clock_set_offset(c, ns_of(&b1), ns_of(&r), ns_of(&b2));
		}
	}
	return 0;
}

void kp_clock_start(struct kp_clock *c)
{
	struct timespec now;

	if (!clock_gettime(CLOCK_BOOTTIME, &now))
		c->start_ns = (unsigned long long)ns_of(&now);
}

/* ns2usecs(): nanoseconds to microseconds, rounded to the nearest */
static long long usecs(long long ns)
{
	return ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);
}

/* "SECS.USECS", the seconds padded to 5 columns unless in JSON */
static int seconds(char *buf, long long us, bool json)
{
	char secs[24];
	long long mag = us < 0 ? -us : us;

	snprintf(secs, sizeof(secs), "%s%lld", us < 0 ? "-" : "", mag / 1000000);
	return snprintf(buf, KP_CLOCK_TEXT_MAX, json ? "%s.%06lld" : "%5s.%06lld", secs,
			mag % 1000000);
}

size_t kp_clock_format(const struct kp_clock *c, unsigned long long ts, bool json, char *buf)
{
	long long us, secs, rem;
	char date[32];
	struct tm tm;
	time_t t;
	int n = 0;

	switch (c->kind) {
	case KP_TIME_MONO:
		n = seconds(buf, usecs((long long)ts), json);
		break;
	case KP_TIME_REL:
		n = seconds(buf, usecs((long long)(ts - c->start_ns)), json);
		break;
	case KP_TIME_WALL:
	case KP_TIME_EPOCH:
		us = usecs((long long)ts + c->offset_ns);
		if (c->kind == KP_TIME_EPOCH) {
			n = seconds(buf, us, true);
			break;
		}
		/* the second it falls in: before 1970 too */
		secs = us / 1000000;
		rem = us % 1000000;
		if (rem < 0) {
			secs--;
			rem += 1000000;
		}
		t = (time_t)secs;
		if (!localtime_r(&t, &tm) ||
		    !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm))
			snprintf(date, sizeof(date), "%lld", secs);
		n = snprintf(buf, KP_CLOCK_TEXT_MAX, json ? "\"%s.%06lld\"" : "%s.%06lld", date,
			     rem);
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}
