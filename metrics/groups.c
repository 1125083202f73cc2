/*
 * Sets of counted groups (chapters, executing bodies, partners) found by
 * key, for the ledger: each agency's own, packed once counted, and their
 * sums kept in place.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

/* A set's own copy of a name: the pool's, or one of its own. */
static char *
groups_name(const struct groups *gs, const char *s)
{
	size_t	id;

	if (gs->pool == NULL)
		return (xstrdup(s));
	id = strpool_intern(gs->pool, s);	/* may move the names */
	return ((char *)gs->pool->names[id]);
}

/* The slot of a key: where it is, or the free one where it would go. */
static size_t *
groups_slot(const struct groups *gs, const char *key)
{
	size_t	i = name_hash(key) & (gs->nslots - 1);

	while (gs->slots[i] != 0 && strcmp(gs->v[gs->slots[i] - 1].key,
	    key) != 0)
		i = (i + 1) & (gs->nslots - 1);
	return (&gs->slots[i]);
}

/* Make the table twice as large (or the first one) and fill it again. */
static void
groups_rehash(struct groups *gs)
{
	size_t	i;

	free(gs->slots);
	gs->nslots = gs->nslots == 0 ? 32 : gs->nslots * 2;
	gs->slots = xcalloc(gs->nslots, sizeof *gs->slots);
	for (i = 0; i < gs->n; i++)
		*groups_slot(gs, gs->v[i].key) = i + 1;
}

/* Find or add the group with a key. */
struct group *
groups_get(struct groups *gs, const char *key)
{
	size_t	*slot;

	if (2 * (gs->n + 1) > gs->nslots)
		groups_rehash(gs);
	slot = groups_slot(gs, key);
	if (*slot != 0)
		return (&gs->v[*slot - 1]);
	if (gs->n == gs->cap) {
		gs->cap = gs->cap == 0 ? 16 : gs->cap * 2;
		gs->v = xreallocarray(gs->v, gs->cap, sizeof *gs->v);
	}
	memset(&gs->v[gs->n], 0, sizeof gs->v[gs->n]);
	gs->v[gs->n].key = groups_name(gs, key);
	*slot = ++gs->n;
	return (&gs->v[gs->n - 1]);
}

/* The group with a key, or NULL. */
struct group *
groups_find(const struct groups *gs, const char *key)
{
	size_t	*slot;

	if (gs->nslots == 0)
		return (NULL);
	slot = groups_slot(gs, key);
	return (*slot != 0 ? &gs->v[*slot - 1] : NULL);
}

/* Set the label of a group of a set, replacing any earlier one. */
void
group_label(struct groups *gs, struct group *g, const char *label)
{
	if (label != NULL && g->label != NULL && strcmp(label, g->label) == 0)
		return;
	if (gs->pool == NULL)
		free(g->label);
	g->label = label != NULL ? groups_name(gs, label) : NULL;
}

/* Empty a set of groups; its names stay in its pool, if it has one. */
void
groups_free(struct groups *gs)
{
	struct strpool	*pool = gs->pool;
	size_t		 i;

	for (i = 0; i < gs->n && pool == NULL; i++) {
		free(gs->v[i].key);
		free(gs->v[i].label);
	}
	free(gs->v);
	free(gs->slots);
	memset(gs, 0, sizeof *gs);
	gs->pool = pool;
}


/* Append an unsigned number as a varint: seven bits a byte, low first. */
static void
put_varint(unsigned char **b, size_t *len, size_t *cap, size_t v)
{
	if (*cap - *len < 10) {
		*cap = *cap == 0 ? 256 : *cap * 2;
		*b = xreallocarray(*b, *cap, 1);
	}
	for (; v >= 0x80; v >>= 7)
		(*b)[(*len)++] = (unsigned char)(v | 0x80);
	(*b)[(*len)++] = (unsigned char)v;
}

/* Read a varint at *off. */
static size_t
get_varint(const unsigned char *b, size_t *off)
{
	size_t	v = 0;
	int	shift = 0;

	do {
		v |= (size_t)(b[*off] & 0x7f) << shift;
		shift += 7;
	} while (b[(*off)++] & 0x80);
	return (v);
}

/* A tally's counts, all ints, one after the other. */
#define TALLY_INTS	(sizeof(struct tally) / sizeof(int))
_Static_assert(sizeof(struct tally) % sizeof(int) == 0, "a tally is ints");

/*
 * Pack a set of groups counted to the end, whose names are in its pool:
 * its key's and label's numbers and its counts, as varints.  An agency's
 * part is only read from then on, when it is summed or taken out of the
 * sums.  As arrays of groups (some 46 an agency, 104 bytes each, and
 * their hash index) 6,667 agencies' parts came to some 32 MB by their
 * sizes; packed, most counts take a byte.  With the measure rows deflated
 * too, napmond after a restart at 100,000 reports went from 145 to
 * 65-71 MB resident.
 */
void
packed_make(struct packed *pk, const struct groups *gs)
{
	const int	*counts;
	size_t		 cap = 0, i, k;

	memset(pk, 0, sizeof *pk);
	for (i = 0; i < gs->n; i++) {
		put_varint(&pk->b, &pk->len, &cap, strpool_intern(gs->pool,
		    gs->v[i].key));
		put_varint(&pk->b, &pk->len, &cap, gs->v[i].label == NULL ?
		    0 : strpool_intern(gs->pool, gs->v[i].label) + 1);
		counts = (const int *)&gs->v[i].tally;
		for (k = 0; k < TALLY_INTS; k++)
			put_varint(&pk->b, &pk->len, &cap,
			    (unsigned)counts[k]);
	}
	if (pk->len > 0)
		pk->b = xreallocarray(pk->b, pk->len, 1);
}

/* The group packed at *off into g (its names the pool's), or 0 at the
 * end. */
int
packed_next(const struct packed *pk, const struct strpool *pool,
    size_t *off, struct group *g)
{
	int	*counts = (int *)&g->tally;
	size_t	 label, k;

	if (*off >= pk->len)
		return (0);
	memset(g, 0, sizeof *g);
	g->key = (char *)pool->names[get_varint(pk->b, off)];
	label = get_varint(pk->b, off);
	g->label = label == 0 ? NULL : (char *)pool->names[label - 1];
	for (k = 0; k < TALLY_INTS; k++)
		counts[k] = (int)(unsigned)get_varint(pk->b, off);
	return (1);
}

/* Free a packed set. */
void
packed_free(struct packed *pk)
{
	free(pk->b);
	memset(pk, 0, sizeof *pk);
}
