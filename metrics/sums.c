/*
 * Every agency's groups of one kind summed, kept in place: a recount takes
 * its agency's old counts out and puts its new ones in.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

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

/* Mark group k's label lost, or found again (lost 0). */
static void
sums_lose(struct sums *s, size_t k, int lost)
{
	s->lost += lost - s->pv[k].lost;
	s->pv[k].lost = lost;
}

/*
 * Add one part's groups to the sums (sign 1), or take them out (-1).  A
 * group's label is the one of the latest part to give one (the highest
 * `first`), as when every part was merged in order; a part taken out that
 * gave a label leaves it lost until it comes back with it or
 * sums_relabel() finds the next.
 */
void
sums_add(struct sums *s, const struct packed *from,
    const struct strpool *pool, long long first, int sign)
{
	struct group	 fg, *g;
	struct summed	*pv;
	size_t		 off = 0, k;

	while (packed_next(from, pool, &off, &fg)) {
		g = groups_get(&s->gs, fg.key);
		sums_grow(s);
		k = g - s->gs.v;
		pv = &s->pv[k];
		tally_addk(&g->tally, &fg.tally, sign);
		pv->parts += sign;
		if (pv->parts == 0) {
			group_label(&s->gs, g, NULL);
			pv->label_first = 0;
			sums_lose(s, k, 0);
		} else if (fg.label != NULL && sign > 0 &&
		    first >= pv->label_first) {
			group_label(&s->gs, g, fg.label);
			pv->label_first = first;
			sums_lose(s, k, 0);
		} else if (fg.label != NULL && sign < 0 &&
		    first == pv->label_first)
			sums_lose(s, k, 1);
	}
}

/* Start looking for the labels lost: none until a part gives one. */
void
sums_relabel_begin(struct sums *s)
{
	size_t	i;

	for (i = 0; i < s->gs.n && s->lost > 0; i++) {
		if (s->pv[i].lost) {
			group_label(&s->gs, &s->gs.v[i], NULL);
			s->pv[i].label_first = 0;
		}
	}
}

/* Let one summed part give the labels lost, if it is the latest yet. */
void
sums_relabel(struct sums *s, const struct packed *from,
    const struct strpool *pool, long long first)
{
	struct group	 fg, *g;
	struct summed	*pv;
	size_t		 off = 0;

	while (s->lost > 0 && packed_next(from, pool, &off, &fg)) {
		if (fg.label == NULL || (g = groups_find(&s->gs, fg.key)) ==
		    NULL)
			continue;
		pv = &s->pv[g - s->gs.v];
		if (pv->lost && first >= pv->label_first) {
			group_label(&s->gs, g, fg.label);
			pv->label_first = first;
		}
	}
}

/* Every summed part has been asked: the labels are found. */
void
sums_relabel_end(struct sums *s)
{
	size_t	i;

	for (i = 0; i < s->gs.n && s->lost > 0; i++)
		sums_lose(s, i, 0);
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
