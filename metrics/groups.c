/*
 * Sets of counted groups (chapters, executing bodies, partners) found by
 * key, for the ledger: each agency's own, their names kept once in a pool,
 * and their sums kept in place.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

#define POOL_SLAB	65536	/* bytes of names a slab holds */

/* FNV-1a of a group's key. */
static size_t
groups_hash(const char *key)
{
	size_t	h = 2166136261u;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return (h);
}

/* The slot of a name in a pool: where it is, or where it would go. */
static const char **
strpool_slot(const struct strpool *sp, const char *s)
{
	size_t	i = groups_hash(s) & (sp->nslots - 1);

	while (sp->slots[i] != NULL && strcmp(sp->slots[i], s) != 0)
		i = (i + 1) & (sp->nslots - 1);
	return (&sp->slots[i]);
}

/* Make a pool's table twice as large (or the first one). */
static void
strpool_rehash(struct strpool *sp)
{
	const char	**old = sp->slots;
	size_t		  n = sp->nslots, i;

	sp->nslots = n == 0 ? 256 : n * 2;
	sp->slots = xcalloc(sp->nslots, sizeof *sp->slots);
	for (i = 0; i < n; i++)
		if (old[i] != NULL)
			*strpool_slot(sp, old[i]) = old[i];
	free(old);
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

/* The pool's copy of a name, made on first sight. */
const char *
strpool_intern(struct strpool *sp, const char *s)
{
	const char	**slot;

	if (2 * (sp->n + 1) > sp->nslots)
		strpool_rehash(sp);
	slot = strpool_slot(sp, s);
	if (*slot == NULL) {
		*slot = strpool_copy(sp, s);
		sp->n++;
	}
	return (*slot);
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
	memset(sp, 0, sizeof *sp);
}

/* A set's own copy of a name: the pool's, or one of its own. */
static char *
groups_name(const struct groups *gs, const char *s)
{
	if (gs->pool != NULL)
		return ((char *)strpool_intern(gs->pool, s));
	return (xstrdup(s));
}

/* The slot of a key: where it is, or the free one where it would go. */
static size_t *
groups_slot(const struct groups *gs, const char *key)
{
	size_t	i = groups_hash(key) & (gs->nslots - 1);

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

/* The group with a key in a set packed by groups_pack(), or NULL. */
const struct group *
groups_find(const struct groups *gs, const char *key)
{
	size_t	i;

	for (i = 0; i < gs->n; i++)
		if (strcmp(gs->v[i].key, key) == 0)
			return (&gs->v[i]);
	return (NULL);
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

/*
 * Trim a set counted to the end to its size, without the index that found
 * groups by key: an agency's part is only read from then on, and the
 * doubled arrays and tables of 6,667 agencies' partners and executing
 * bodies were some 45 MB at 100,000 reports.
 */
void
groups_pack(struct groups *gs)
{
	free(gs->slots);
	gs->slots = NULL;
	gs->nslots = 0;
	if (gs->n > 0 && gs->n < gs->cap) {
		gs->v = xreallocarray(gs->v, gs->n, sizeof *gs->v);
		gs->cap = gs->n;
	}
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

/* Make room for as many provenances as the sums have groups. */
static void
sums_grow(struct sums *s)
{
	size_t	cap = s->gs.cap;

	if (s->npv >= cap)
		return;
	s->pv = xreallocarray(s->pv, cap, sizeof *s->pv);
	memset(s->pv + s->npv, 0, (cap - s->npv) * sizeof *s->pv);
	s->npv = cap;
}

/*
 * Add one part's groups to the sums (sign 1), or take them out (-1).  A
 * group's label is the one of the latest part to give one (the highest
 * `first`), as when every part was merged in order; a part taken out that
 * gave a label leaves it lost until sums_relabel() finds the next.
 */
void
sums_add(struct sums *s, const struct groups *from, long long first,
    int sign)
{
	const struct group	*fg;
	struct group		*g;
	struct summed		*pv;
	size_t			 i;

	for (i = 0; i < from->n; i++) {
		fg = &from->v[i];
		g = groups_get(&s->gs, fg->key);
		sums_grow(s);
		pv = &s->pv[g - s->gs.v];
		tally_addk(&g->tally, &fg->tally, sign);
		pv->parts += sign;
		if (pv->parts == 0) {
			group_label(&s->gs, g, NULL);
			pv->label_first = 0;
			pv->lost = 0;
		} else if (fg->label != NULL && sign > 0 &&
		    first >= pv->label_first) {
			group_label(&s->gs, g, fg->label);
			pv->label_first = first;
			pv->lost = 0;
		} else if (fg->label != NULL && sign < 0 &&
		    first == pv->label_first)
			s->lost = pv->lost = 1;
	}
}

/* Start looking for the labels lost: none until a part gives one. */
void
sums_relabel_begin(struct sums *s)
{
	size_t	i;

	for (i = 0; i < s->gs.n; i++) {
		if (s->pv[i].lost) {
			group_label(&s->gs, &s->gs.v[i], NULL);
			s->pv[i].label_first = 0;
		}
	}
}

/* Let one summed part give the labels lost, if it is the latest yet. */
void
sums_relabel(struct sums *s, const struct groups *from, long long first)
{
	const struct group	*fg;
	size_t			 i;

	for (i = 0; i < s->gs.n; i++) {
		if (!s->pv[i].lost || first < s->pv[i].label_first)
			continue;
		fg = groups_find(from, s->gs.v[i].key);
		if (fg != NULL && fg->label != NULL) {
			group_label(&s->gs, &s->gs.v[i], fg->label);
			s->pv[i].label_first = first;
		}
	}
}

/* Every summed part has been asked: the labels are found. */
void
sums_relabel_end(struct sums *s)
{
	size_t	i;

	for (i = 0; i < s->gs.n; i++)
		s->pv[i].lost = 0;
	s->lost = 0;
}

/* Whether a summed group has any part adding to it. */
int
sums_counted(const struct sums *s, size_t i)
{
	return (s->pv[i].parts > 0);
}

/* Empty the sums. */
void
sums_free(struct sums *s)
{
	groups_free(&s->gs);
	free(s->pv);
	memset(s, 0, sizeof *s);
}
