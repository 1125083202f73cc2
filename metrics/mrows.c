/*
 * Measure rows: each counted measure kept as its JSON text and the few
 * fields the filters read, an agency's rows in one block shared by
 * reference between the ledger and every snapshot that counts them.  As
 * cJSON trees, copied into each snapshot, the measures of 667 agencies
 * took some 40 MB of the 87 MB napmond held at 10,000 reports.  A block's
 * texts are one allocation: a string each left the refresher's heap in
 * pieces after a long ingest.  Once complete, a block's texts are kept
 * deflated: they are read only to answer /v1/measures, the page and the
 * exports, and were 40 MB at 100,000 reports (6,667 agencies).
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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
	free(b->z);
	cJSON_Delete(b->counts);
	free(b->counts_text);
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

/* The block is complete: deflate its texts, give back the room its rows
 * kept to grow. */
void
mrows_done(struct mrows *b)
{
	uLongf	zlen = compressBound(b->tlen);

	if (b->n > 0 && b->n < b->cap) {
		b->v = xreallocarray(b->v, b->n, sizeof *b->v);
		b->cap = b->n;
	}
	b->z = xcalloc(1, zlen);
	if (compress2(b->z, &zlen, (const Bytef *)b->text, b->tlen,
	    Z_BEST_SPEED) != Z_OK)
		abort();	/* only on a bound too small or no memory */
	b->z = xreallocarray(b->z, zlen, 1);
	b->zlen = zlen;
	free(b->text);
	b->text = NULL;
	b->tcap = 0;
}

/* A complete block's texts, inflated into a buffer the caller frees. */
char *
mrows_open(const struct mrows *b)
{
	uLongf	 len = b->tlen;
	char	*text = xreallocarray(NULL, b->tlen + 1, 1);

	if (b->tlen > 0 && (uncompress((Bytef *)text, &len, b->z, b->zlen) !=
	    Z_OK || len != b->tlen))
		abort();	/* napmond's own memory, deflated above */
	text[len] = '\0';
	return (text);
}

/* Row k of a block as a tree; *text keeps the block's texts, inflated at
 * the first call, for the caller to free after its last row. */
cJSON *
mrows_row(const struct mrows *b, size_t k, char **text)
{
	if (*text == NULL)
		*text = mrows_open(b);
	return (cJSON_ParseWithLength(*text + b->v[k].off, b->v[k].len));
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

/* Copy the rows of a block a filter lets through to p, comma first but for
 * the first of all; return where they end. */
static char *
mrows_join(const struct mrows *b, const struct measure_filter *f, char *p,
    int *first)
{
	const struct mrow	*r;
	char			*text = NULL;
	size_t			 k;

	for (k = 0; k < b->n; k++) {
		r = &b->v[k];
		if (!mrow_match(b, r, f))
			continue;
		if (text == NULL)
			text = mrows_open(b);
		if (!*first)
			*p++ = ',';
		*first = 0;
		p = mempcpy(p, text + r->off, r->len);
	}
	free(text);
	return (p);
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
	char			*text, *p;
	size_t			 len = sizeof head - 1 + sizeof tail, i, k;
	int			 first = 1;

	for (i = 0; i < nblocks; i++)
		for (k = 0; k < blocks[i]->n; k++)
			if (mrow_match(blocks[i], &blocks[i]->v[k], f))
				len += blocks[i]->v[k].len + 1;
	p = text = xreallocarray(NULL, len, 1);
	p = mempcpy(p, head, sizeof head - 1);
	for (i = 0; i < nblocks; i++)
		p = mrows_join(blocks[i], f, p, &first);
	p = mempcpy(p, tail, sizeof tail);
	if (lenp != NULL)
		*lenp = (size_t)(p - text) - 1;
	return (text);
}
