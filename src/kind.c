// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kinds of dynamic events, one row each: how a definition is
 * recognised, named, checked and written. Pure: the kernel's lists and
 * what the host has (modules, programs, libraries) are handed in by the
 * caller; only a kind's resolve, run by the check phase, reads files.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "grammar.h"
#include "kind.h"
#include "namelist.h"
#include "ktext.h"
#include "probe.h"
#include "uprobe.h"

/* @len bytes of @s into @buf with every non-name character made '_' */
static void sanitize(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, n = strlen(buf);

	for (i = 0; i < len && n < size - 1; i++)
		buf[n++] = kp_is_name_char(s[i]) ? s[i] : '_';
	buf[n] = '\0';
	if (isdigit((unsigned char)buf[0]))
		buf[0] = '_';
}

/* Length of @loc without a trailing %return */
static size_t bare_len(const char *loc)
{
	return kp_strip_return(loc, strlen(loc));
}

static char *dup_symbol(const char *s, size_t n)
{
	char *sym = strndup(s, n);

	if (!sym)
		error("out of memory");
	return sym;
}

/* [MOD:]SYM[+OFFS] or an address; p->symbol is the bare SYM */
static int kprobe_parse_location(struct kp_probe *p)
{
	const char *loc = p->location, *colon, *plus;
	size_t len = bare_len(loc), n;

	if (!len)
		return error("definition '%s' has no function", p->definition);
	if (isdigit((unsigned char)loc[0]))
		return 0;
	colon = memchr(loc, ':', len);
	if (colon) {
		len -= colon + 1 - loc;
		loc = colon + 1;
	}
	plus = memchr(loc, '+', len);
	n = plus ? (size_t)(plus - loc) : len;
	if (!n)
		return error("definition '%s' has no function", p->definition);
	p->symbol = dup_symbol(loc, n);
	return p->symbol ? 0 : -1;
}

/* SYM[_OFFS] (module dropped), or addr_<hex> for an address */
static void kprobe_default_name(const struct kp_probe *p, char *buf, size_t size)
{
	const char *loc = p->location, *colon;
	size_t len = bare_len(loc);

	buf[0] = '\0';
	if (isdigit((unsigned char)loc[0])) {
		size_t skip = (len > 2 && loc[0] == '0' && (loc[1] == 'x' || loc[1] == 'X')) ? 2
											     : 0;

		snprintf(buf, size, "addr_");
		sanitize(buf, size, loc + skip, len - skip);
		return;
	}
	colon = memchr(loc, ':', len);
	if (colon) {
		len -= colon + 1 - loc;
		loc = colon + 1;
	}
	sanitize(buf, size, loc, len);
}

static bool function_known(const char *location, const struct kp_kernel_text *k)
{
	return k->funcs && kp_func_find(k->funcs, location);
}

/* A function must be traceable; for kprobes, also off the blacklist */
static int check_function(const struct kp_probe *p, const struct kp_kernel_text *k, bool blacklist)
{
	char names[KP_SUGGEST_MAX][KP_SYM_MAX];

	if (!p->symbol)
		return 0;
	if (blacklist && k->blacklist && kp_blacklist_find(k->blacklist, p->symbol))
		return error("cannot probe '%s': it is on the kprobes blacklist", p->symbol);
	if (!k->funcs || kp_func_find(k->funcs, p->symbol))
		return 0;
	error("function '%s' is not in available_filter_functions", p->symbol);
	kp_suggest_note((const char(*)[KP_SYM_MAX])names,
			kp_func_suggest(k->funcs, p->symbol, names));
	if (!k->refused)
		note("(-F skips this check, for functions the kernel can probe but not trace)");
	return -1;
}

static int kprobe_check(const struct kp_probe *p, const struct kp_kernel_text *k)
{
	return check_function(p, k, true);
}

/* The ':' between PATH and SYMBOL or OFFSET, or NULL */
static const char *uprobe_colon(const char *location)
{
	return strrchr(location, ':');
}

bool kp_module_loaded(const char *modules, const char *name)
{
	size_t len = strlen(name);
	const char *line;

	for (line = modules; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (!strncmp(line, name, len) && line[len] == ' ')
			return true;
	return false;
}

/*
 * PATH:... is a uprobe when PATH is a path; NAME:... when NAME is not a
 * loaded module but a program on $PATH or a library in the ld.so cache,
 * which only @host can say.
 */
static enum kp_claim uprobe_claims(const char *location, const struct kp_host_names *host)
{
	const char *colon = uprobe_colon(location);
	enum kp_claim claim = KP_CLAIM_UNKNOWN;
	char *name, *path = NULL;

	if (!colon || colon == location)
		return KP_CLAIM_NO;
	if (memchr(location, '/', colon - location))
		return KP_CLAIM_YES;
	if (!host)
		return KP_CLAIM_UNKNOWN;
	name = strndup(location, colon - location);
	if (!name)
		return KP_CLAIM_UNKNOWN;
	if (kp_module_loaded(host->modules, name))
		claim = KP_CLAIM_NO;
	else if (host->find_binary && host->find_binary(name, &path) == 1)
		claim = KP_CLAIM_YES;
	free(path);
	free(name);
	return claim;
}

/* PATH:SYMBOL[+OFFS] or PATH:OFFSET; p->symbol is SYMBOL, NULL for an offset */
static int uprobe_parse_location(struct kp_probe *p)
{
	const char *colon = uprobe_colon(p->location), *s;
	size_t len;

	if (!colon || colon == p->location || !colon[1])
		return error("definition '%s': a uprobe needs PATH:SYMBOL or PATH:OFFSET",
			     p->definition);
	s = colon + 1;
	if (isdigit((unsigned char)*s))
		return 0;
	len = strcspn(s, "+%");
	if (!len)
		return error("definition '%s' has no function", p->definition);
	p->symbol = dup_symbol(s, len);
	return p->symbol ? 0 : -1;
}

/* SYMBOL[_OFFS], or BINARY_OFFSET for an offset */
static void uprobe_default_name(const struct kp_probe *p, char *buf, size_t size)
{
	const char *colon = uprobe_colon(p->location), *s = colon + 1, *base;
	size_t n;

	buf[0] = '\0';
	if (!isdigit((unsigned char)*s)) {
		sanitize(buf, size, s, bare_len(s));
		return;
	}
	for (base = colon; base > p->location && base[-1] != '/'; base--)
		;
	sanitize(buf, size, base, colon - base);
	n = strlen(buf);
	if (n < size - 1) {
		buf[n] = '_';
		buf[n + 1] = '\0';
	}
	sanitize(buf, size, s, bare_len(s));
}

static int uprobe_resolve(struct kp_probe *p)
{
	char *loc;

	if (kp_uprobe_resolve(p->location, &loc))
		return -1;
	free(p->location);
	p->location = loc;
	return 0;
}

/* [MOD:]SYM[%return]: an fprobe is on a function's entry or exit only */
static int fprobe_parse_location(struct kp_probe *p)
{
	const char *loc = p->location;
	size_t len = bare_len(loc);

	if (isdigit((unsigned char)loc[0]) || memchr(loc, '+', len))
		return error("definition '%s': an fprobe is on a function's entry or exit, "
			     "not on an address or offset",
			     p->definition);
	return kprobe_parse_location(p);
}

static int fprobe_check(const struct kp_probe *p, const struct kp_kernel_text *k)
{
	return check_function(p, k, false);
}

/* [MOD:]TRACEPOINT; p->symbol is the tracepoint */
static int tprobe_parse_location(struct kp_probe *p)
{
	const char *loc = p->location;

	if (p->is_return)
		return error("definition '%s': a tracepoint probe has no return form",
			     p->definition);
	if (isdigit((unsigned char)loc[0]) || strpbrk(loc, "+."))
		return error("definition '%s': a tracepoint probe needs a tracepoint name",
			     p->definition);
	return kprobe_parse_location(p);
}

static bool tracepoint_known(const char *location, const struct kp_kernel_text *k)
{
	return k->events && kp_tracepoint_find(k->events, location);
}

static int tprobe_check(const struct kp_probe *p, const struct kp_kernel_text *k)
{
	if (!p->symbol || !k->events || kp_tracepoint_find(k->events, p->symbol))
		return 0;
	error("no tracepoint '%s'", p->symbol);
	if (kp_event_find(k->events, "syscalls", p->symbol)) {
		note("'%s' is a syscall event, not a tracepoint: try 'e:syscalls.%s', or 't:%s'",
		     p->symbol, p->symbol,
		     strncmp(p->symbol, "sys_exit", 8) ? "sys_enter" : "sys_exit");
	} else {
		char names[KP_SUGGEST_MAX][KP_SYM_MAX];

		kp_suggest_note((const char(*)[KP_SYM_MAX])names,
				kp_tracepoint_suggest(k->events, p->symbol, names));
	}
	note("(-F skips this check, for a tracepoint with no trace event of its own)");
	return -1;
}

/* The '.' or '/' between SYSTEM and EVENT, or NULL */
static const char *eprobe_sep(const char *location)
{
	return strpbrk(location, "./");
}

/* SYSTEM.EVENT (or SYSTEM/EVENT) of an existing trace event */
static int eprobe_parse_location(struct kp_probe *p)
{
	const char *sep = eprobe_sep(p->location);

	if (p->is_return)
		return error("definition '%s': an eprobe has no return form", p->definition);
	if (!sep || sep == p->location || !sep[1] || strpbrk(sep + 1, "./"))
		return error("definition '%s': an eprobe needs SYSTEM.EVENT", p->definition);
	return 0;
}

static void eprobe_default_name(const struct kp_probe *p, char *buf, size_t size)
{
	const char *e = eprobe_sep(p->location) + 1;

	buf[0] = '\0';
	sanitize(buf, size, e, strlen(e));
}

static int eprobe_check(const struct kp_probe *p, const struct kp_kernel_text *k)
{
	char names[KP_SUGGEST_MAX][KP_SYM_MAX], system[KP_SYM_MAX];
	const char *sep = eprobe_sep(p->location);

	if (!k->events || (size_t)(sep - p->location) >= sizeof(system))
		return 0;
	snprintf(system, sizeof(system), "%.*s", (int)(sep - p->location), p->location);
	if (kp_event_find(k->events, system, sep + 1))
		return 0;
	error("no trace event '%s'", p->location);
	kp_suggest_note((const char(*)[KP_SYM_MAX])names,
			kp_event_suggest(k->events, p->location, names));
	return -1;
}

/* clang-format off */
const struct kp_kind kp_kinds[] = {
	[KP_KIND_KPROBE] = {
		.name		= "kprobe",
		.prefixes	= "pr",
		.file		= "kprobe_events",
		.needs_file	= "kprobe_events",
		.missing	= "this kernel has no kprobe_events "
				  "(it needs CONFIG_KPROBES and CONFIG_KPROBE_EVENTS)",
		.can_return	= true,
		.maxactive	= true,
		.check_needs	= KP_NEED_FUNCS | KP_NEED_BLACKLIST,
		.parse_location	= kprobe_parse_location,
		.default_name	= kprobe_default_name,
		.known		= function_known,
		.check		= kprobe_check,
	},
	[KP_KIND_UPROBE] = {
		.name		= "uprobe",
		.prefixes	= "pr",
		.file		= "uprobe_events",
		.needs_file	= "uprobe_events",
		.missing	= "this kernel has no uprobe_events "
				  "(it needs CONFIG_UPROBES and CONFIG_UPROBE_EVENTS)",
		.can_return	= true,
		.claims		= uprobe_claims,
		.parse_location	= uprobe_parse_location,
		.default_name	= uprobe_default_name,
		.resolve	= uprobe_resolve,
	},
	[KP_KIND_FPROBE] = {
		.name		= "fprobe",
		.prefixes	= "f",
		.file		= "dynamic_events",
		.needs_file	= "dynamic_events",
		.readme_letter	= 'f',
		.missing	= "this kernel has no fprobe events (it needs CONFIG_FPROBE_EVENTS)",
		.can_return	= true,
		.maxactive	= true,
		.check_needs	= KP_NEED_FUNCS,
		.parse_location	= fprobe_parse_location,
		.default_name	= kprobe_default_name,
		.known		= function_known,
		.check		= fprobe_check,
	},
	[KP_KIND_TPROBE] = {
		.name		= "tracepoint probe",
		.prefixes	= "t",
		.file		= "dynamic_events",
		.needs_file	= "dynamic_events",
		.readme_letter	= 't',
		.missing	= "this kernel has no tracepoint probe events "
				  "(it needs CONFIG_FPROBE_EVENTS)",
		.check_needs	= KP_NEED_EVENTS,
		/* 6.12 creates t: on an unknown tracepoint, which then never fires */
		.check_first	= true,
		.parse_location	= tprobe_parse_location,
		.default_name	= kprobe_default_name,
		.known		= tracepoint_known,
		.check		= tprobe_check,
	},
	[KP_KIND_EPROBE] = {
		.name		= "eprobe",
		.prefixes	= "e",
		.file		= "dynamic_events",
		.needs_file	= "dynamic_events",
		.readme_letter	= 'e',
		.missing	= "this kernel has no eprobe events (it needs CONFIG_EPROBE_EVENTS)",
		.check_first	= true,
		.check_needs	= KP_NEED_EVENTS,
		.parse_location	= eprobe_parse_location,
		.default_name	= eprobe_default_name,
		.check		= eprobe_check,
	},
};
/* clang-format on */

/* A kind added to the enum without a row does not compile */
_Static_assert(sizeof(kp_kinds) / sizeof(kp_kinds[0]) == KP_NR_KINDS,
	       "kp_kinds[] needs one row per enum kp_kind_id");

bool kp_kind_is_prefix(char c)
{
	int i;

	if (!c)
		return false;
	for (i = 0; i < KP_NR_KINDS; i++)
		if (strchr(kp_kinds[i].prefixes, c))
			return true;
	return false;
}

enum kp_kind_id kp_kind_of(const char *type, const char *location, const struct kp_host_names *host,
			   bool *open)
{
	enum kp_kind_id fallback = KP_NR_KINDS;
	bool unknown = false;
	int i;

	if (open)
		*open = false;
	for (i = 0; i < KP_NR_KINDS; i++) {
		const struct kp_kind *k = &kp_kinds[i];

		if (!type[0] || !strchr(k->prefixes, type[0]))
			continue;
		if (!k->claims) {
			if (fallback == KP_NR_KINDS)
				fallback = (enum kp_kind_id)i;
			continue;
		}
		switch (k->claims(location, host)) {
		case KP_CLAIM_YES:
			return (enum kp_kind_id)i;
		case KP_CLAIM_UNKNOWN:
			unknown = true;
			break;
		case KP_CLAIM_NO:
			break;
		}
	}
	if (open)
		*open = unknown && fallback != KP_NR_KINDS;
	return fallback;
}
