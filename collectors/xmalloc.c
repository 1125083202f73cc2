/*
 * Allocation wrappers that never return NULL: collector.h declares those
 * every module uses, internal.h xmalloc() and xgrowarray() for the
 * collectors' own.
 */
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Abort on exhausted memory: a report parser has nothing sane to do then. */
static void *
checked(void *p)
{
	if (p == NULL) {
		fputs("napmon: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size ? size : 1));
}

/* Memory that is written before it is read: calloc() clearing the big
 * buffers of a parse (its text, each paragraph's fold) cost 3% of it. */
void *
xmalloc(size_t n)
{
	return checked(malloc(n ? n : 1));
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	return checked(reallocarray(p, n ? n : 1, size ? size : 1));
}

/*
 * Make room for element n of an array that grows one element at a time:
 * the capacity doubles at each power of two, so that n appends copy O(n)
 * bytes even where realloc must move the block, as ASan's always does (a
 * million measures took minutes there, growing by one).
 */
void *
xgrowarray(void *p, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return p;	/* room is left since n was a power of two */
	return xreallocarray(p, n != 0 ? 2 * n : 1, size);
}

char *
xstrndup(const char *s, size_t n)
{
	return checked(strndup(s, n));
}

char *
xstrdup(const char *s)
{
	return checked(strdup(s));
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n < 0)
		checked(NULL);
	return n;
}

/*
 * A Word file's parse holds its XML member and the text written from it,
 * some 180 kB each for 30 pages.  Left to itself, glibc maps blocks that
 * size afresh for each file, or gives the heap's top back after each and
 * takes it again: 50 page faults a file, 6% of its parse.  Blocks under
 * 256 kB come from the heap and 1 MiB of free top stays; bigger texts
 * (napmond's indicators, pages and lists) get pages of their own, so they
 * leave no holes in the heap between what lives on (napmond.c).
 */
void
collect_malloc_bounds(void)
{
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
}
