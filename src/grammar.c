// SPDX-License-Identifier: GPL-2.0-only
/*
 * The definition grammar's tokenizer: the words of a definition and their
 * columns, for the parser and for the error carets alike.
 */
#include <ctype.h>
#include <string.h>

#include "grammar.h"
#include "kind.h"

bool kp_is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

size_t kp_strip_return(const char *s, size_t len)
{
	size_t rlen = strlen(KP_RETURN_SUFFIX);

	if (len > rlen && !memcmp(s + len - rlen, KP_RETURN_SUFFIX, rlen))
		return len - rlen;
	return len;
}

bool kp_word_next(const char *s, size_t from, struct kp_span *w)
{
	w->start = from + strspn(s + from, KP_BLANKS);
	w->len = strcspn(s + w->start, KP_BLANKS);
	return w->len > 0;
}

size_t kp_def_type_len(const char *s)
{
	size_t n = 1;

	if (!kp_kind_is_prefix(s[0]))
		return 0;
	if (s[0] == 'r' || s[0] == 'f')
		while (isdigit((unsigned char)s[n]))
			n++;
	if (s[n] == ':')
		return n;
	/* "p SYMBOL": the kernel's form; "p == 1" is a filter */
	if (s[n] == ' ' || s[n] == '\t') {
		const char *w = s + n + strspn(s + n, KP_BLANKS);

		if (isalnum((unsigned char)*w) || *w == '_' || *w == '/')
			return n;
	}
	return 0;
}

/* Length of what of @s is in the first @len bytes, up to one of @stop */
static size_t span_to(const char *s, size_t len, const char *stop)
{
	size_t n = 0;

	while (n < len && s[n] && !strchr(stop, s[n]))
		n++;
	return n;
}

void kp_def_tokenize(const char *def, size_t len, struct kp_def_tokens *t)
{
	const char *slash;
	size_t i;

	memset(t, 0, sizeof(*t));
	len = span_to(def, len, ""); /* to the NUL, if that comes first */
	t->start = strspn(def, KP_BLANKS);
	if (t->start > len)
		t->start = len;
	t->end = len;
	while (t->end > t->start && strchr(KP_BLANKS, def[t->end - 1]))
		t->end--;
	t->type.start = t->start;
	t->type.len = span_to(def + t->start, len - t->start, ": \t");
	i = t->start + t->type.len;
	t->colon = i < len && def[i] == ':';
	t->head.start = t->colon ? i + 1 : i;
	if (t->colon)
		t->head.len = span_to(def + t->head.start, len - t->head.start, KP_BLANKS);
	i = t->head.start + t->head.len;
	while (i < len && strchr(KP_BLANKS, def[i]))
		i++;
	t->next.start = i;
	t->next.len = span_to(def + i, len - i, KP_BLANKS);
	/* GROUP/EVENT, unless the word has a ':': then it is a uprobe's PATH:SYMBOL */
	slash = memchr(def + t->head.start, '/', t->head.len);
	if (slash && !memchr(def + t->head.start, ':', t->head.len)) {
		t->grouped = true;
		t->group.start = t->head.start;
		t->group.len = slash - (def + t->head.start);
		t->event.start = slash + 1 - def;
		t->event.len = t->head.start + t->head.len - t->event.start;
	}
}
