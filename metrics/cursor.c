/*
 * The cursors of the paged listings, of agreements and of the review
 * queue: where a page stopped, kept by the client and handed back.  Its
 * own file, for tests/fuzz/fuzz_query.c checks cursors as the server
 * does, without the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

/* Append s as hex digits. */
static void
hex_put(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		fprintf(f, "%02x", (unsigned char)*s);
}

/* Read n hex digits into a new string; NULL if they are not hex. */
static char *
hex_get(const char *s, size_t n)
{
	char		*out;
	size_t		 i;
	unsigned int	 byte;

	if (n % 2 != 0)
		return (NULL);
	out = xcalloc(1, n / 2 + 1);
	for (i = 0; i < n; i += 2) {
		if (strspn(s + i, "0123456789abcdef") < 2 ||
		    sscanf(s + i, "%2x", &byte) != 1 || byte == 0) {
			free(out);
			return (NULL);
		}
		out[i / 2] = (char)byte;
	}
	return (out);
}

/*
 * The cursor of a listing that stopped after an agreement: its name and
 * agency in hex, "NAME.aAGENCY", or "NAME.n" for the reports naming no
 * agency.  Opaque to clients; hex keeps it safe in a URL.
 */
char *
cursor_encode(const char *name, const char *agency)
{
	FILE	*f;
	char	*out = NULL;
	size_t	 len;

	if ((f = open_memstream(&out, &len)) == NULL)
		abort();
	hex_put(f, name);
	fputs(agency != NULL ? ".a" : ".n", f);
	if (agency != NULL)
		hex_put(f, agency);
	if (fclose(f) != 0)
		abort();
	return (out);
}

/* Read a cursor; -1 when it is not one listing_next_cursor() made. */
int
cursor_decode(const char *s, struct cursor *c)
{
	const char	*dot = strchr(s, '.');

	memset(c, 0, sizeof c[0]);
	if (dot == NULL || dot == s || (dot[1] != 'a' && dot[1] != 'n') ||
	    (dot[1] == 'n' && dot[2] != '\0') ||
	    (c->name = hex_get(s, (size_t)(dot - s))) == NULL)
		return (-1);
	c->has_agency = dot[1] == 'a';
	if (c->has_agency && (dot[2] == '\0' ||
	    (c->agency = hex_get(dot + 2, strlen(dot + 2))) == NULL)) {
		cursor_clear(c);
		return (-1);
	}
	return (0);
}

void
cursor_clear(struct cursor *c)
{
	free(c->name);
	free(c->agency);
	memset(c, 0, sizeof c[0]);
}

/*
 * A review queue's cursor: the five numbers of review_at joined by dots,
 * opaque to clients and safe in a URL.  -1 when s is not one review_list()
 * made.
 */
int
review_cursor_decode(const char *s, struct review_at *at)
{
	long long	*v[] = { &at->year, &at->report, &at->kind, &at->seq,
			    &at->field };
	size_t		 i, n;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		/* Digits only, few enough to fit: no sign, no overflow. */
		if ((n = strspn(s, "0123456789")) == 0 || n > 18)
			return (-1);
		*v[i] = strtoll(s, NULL, 10);
		s += n;
		if (*s != (i + 1 < sizeof v / sizeof v[0] ? '.' : '\0'))
			return (-1);
		s++;
	}
	return (at->kind > 1 || at->field >= FIELD_COUNT ? -1 : 0);
}

/* Whether s is a cursor review_list() may have made: 0 if so, else -1. */
int
review_cursor_check(const char *s)
{
	struct review_at	at;

	return (review_cursor_decode(s, &at));
}
