/*
 * Measure rows: each counted measure kept as its JSON text and the few
 * fields the filters read, an agency's rows in one block shared by
 * reference between the ledger and every snapshot that counts them.  As
 * cJSON trees, copied into each snapshot, the measures of 667 agencies
 * took some 40 MB of the 87 MB napmond held at 10,000 reports.  A block's
 * texts are one allocation: a string each left the refresher's heap in
 * pieces after a long ingest.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

/* Start an agency's block, with one reference. */
struct mrows *
mrows_new(const char *agency)
{
	struct mrows	*b = xcalloc(1, sizeof *b);

	b->refs = 1;
	b->agency = xstrdup(agency_label(agency));
	return (b);
}

/* Take one more reference to a block. */
struct mrows *
mrows_ref(struct mrows *b)
{
	__atomic_add_fetch(&b->refs, 1, __ATOMIC_RELAXED);
	return (b);
}

/*
 * Drop a reference, freeing the block with the last: the refresher's
 * ledger and the loop's snapshot let go of one in either order.
 */
void
mrows_unref(struct mrows *b)
{
	if (b == NULL || __atomic_sub_fetch(&b->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(b->text);
	free(b->v);
	free(b->agency);
	free(b);
}

/* Add a measure, described by a JSON object, to a block. */
void
mrows_add(struct mrows *b, const struct measure *m, const cJSON *o)
{
	struct mrow	*r;
	char		*text;

	if (b->n == b->cap) {
		b->cap = b->cap == 0 ? 16 : b->cap * 2;
		b->v = xreallocarray(b->v, b->cap, sizeof *b->v);
	}
	r = &b->v[b->n++];
	text = json_text(o, &r->len);
	if (b->tlen + r->len > b->tcap) {
		b->tcap = b->tcap == 0 ? 4096 : b->tcap;
		while (b->tlen + r->len > b->tcap)
			b->tcap *= 2;
		b->text = xreallocarray(b->text, b->tcap, 1);
	}
	r->off = b->tlen;
	memcpy(b->text + b->tlen, text, r->len);
	b->tlen += r->len;
	free(text);
	r->status = m->status;
	r->chapter = m->chapter;
	r->overdue = m->overdue > 0;
}

/* The block is complete: give back the room its arrays kept to grow. */
void
mrows_done(struct mrows *b)
{
	if (b->n > 0 && b->n < b->cap) {
		b->v = xreallocarray(b->v, b->n, sizeof *b->v);
		b->cap = b->n;
	}
	if (b->tlen > 0 && b->tlen < b->tcap) {
		b->text = xreallocarray(b->text, b->tlen, 1);
		b->tcap = b->tlen;
	}
}

/* Does a row pass a filter (NULL: every row)? */
int
mrow_match(const struct mrows *b, const struct mrow *r,
    const struct measure_filter *f)
{
	if (f == NULL)
		return (1);
	if (f->agency != NULL && strcmp(f->agency, b->agency) != 0)
		return (0);
	if (f->status >= 0 && r->status != f->status)
		return (0);
	if (f->chapter >= 0 && r->chapter != f->chapter)
		return (0);
	return (!f->overdue || r->overdue);
}

/*
 * Write {"measures":[...]} with the rows a filter lets through, as
 * json_text() would print the tree: the texts are joined, not parsed.
 */
char *
mrows_text(struct mrows *const *blocks, size_t nblocks,
    const struct measure_filter *f, size_t *lenp)
{
	static const char	 head[] = "{\"measures\":[", tail[] = "]}";
	const struct mrow	*r;
	char			*text, *p;
	size_t			 len = sizeof head - 1 + sizeof tail, i, k;
	int			 first = 1;

	for (i = 0; i < nblocks; i++)
		for (k = 0; k < blocks[i]->n; k++)
			if (mrow_match(blocks[i], &blocks[i]->v[k], f))
				len += blocks[i]->v[k].len + 1;
	p = text = xreallocarray(NULL, len, 1);
	p = mempcpy(p, head, sizeof head - 1);
	for (i = 0; i < nblocks; i++) {
		for (k = 0; k < blocks[i]->n; k++) {
			r = &blocks[i]->v[k];
			if (!mrow_match(blocks[i], r, f))
				continue;
			if (!first)
				*p++ = ',';
			first = 0;
			p = mempcpy(p, MROW_JSON(blocks[i], r), r->len);
		}
	}
	p = mempcpy(p, tail, sizeof tail);
	if (lenp != NULL)
		*lenp = (size_t)(p - text) - 1;
	return (text);
}
