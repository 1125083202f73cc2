/*
 * A pool of names kept once each, numbered in the order they came: the
 * ledger's executing bodies, partners and chapter titles.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

#define POOL_SLAB	65536	/* bytes of names a slab holds */

/* FNV-1a of a name. */
size_t
name_hash(const char *s)
{
	size_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h);
}

/* The slot of a name: where its number + 1 is, or the free one. */
static size_t *
strpool_slot(const struct strpool *sp, const char *s)
{
	size_t	i = name_hash(s) & (sp->nslots - 1);

	while (sp->slots[i] != 0 && strcmp(sp->names[sp->slots[i] - 1], s) !=
	    0)
		i = (i + 1) & (sp->nslots - 1);
	return (&sp->slots[i]);
}

/* Make a pool's table twice as large (or the first one), the names'
 * array with it. */
static void
strpool_grow(struct strpool *sp)
{
	size_t	i;

	free(sp->slots);
	sp->nslots = sp->nslots == 0 ? 256 : sp->nslots * 2;
	sp->slots = xcalloc(sp->nslots, sizeof *sp->slots);
	sp->names = xreallocarray(sp->names, sp->nslots / 2,
	    sizeof *sp->names);
	for (i = 0; i < sp->n; i++)
		*strpool_slot(sp, sp->names[i]) = i + 1;
}

/* Copy a name into the pool's current slab, starting one if it is full;
 * a name longer than a slab gets a slab of its own, full at once. */
static const char *
strpool_copy(struct strpool *sp, const char *s)
{
	size_t	 len = strlen(s) + 1;
	char	*at;

	if (sp->nslabs == 0 || len > POOL_SLAB - sp->used) {
		sp->slabs = xreallocarray(sp->slabs, sp->nslabs + 1,
		    sizeof *sp->slabs);
		sp->slabs[sp->nslabs++] = xcalloc(1, len > POOL_SLAB ? len :
		    POOL_SLAB);
		sp->used = 0;
	}
	at = sp->slabs[sp->nslabs - 1] + sp->used;
	memcpy(at, s, len);
	sp->used = len > POOL_SLAB ? POOL_SLAB : sp->used + len;
	return (at);
}

/* The number of a name in the pool, added on first sight; its text is
 * sp->names[number]. */
size_t
strpool_intern(struct strpool *sp, const char *s)
{
	size_t	*slot;

	if (2 * (sp->n + 1) > sp->nslots)
		strpool_grow(sp);
	slot = strpool_slot(sp, s);
	if (*slot == 0) {
		sp->names[sp->n] = strpool_copy(sp, s);
		*slot = ++sp->n;
	}
	return (*slot - 1);
}

/* Free a pool and every name in it. */
void
strpool_free(struct strpool *sp)
{
	size_t	i;

	for (i = 0; i < sp->nslabs; i++)
		free(sp->slabs[i]);
	free(sp->slabs);
	free(sp->slots);
	free(sp->names);
	memset(sp, 0, sizeof *sp);
}
