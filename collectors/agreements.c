/*
 * Agreements named in a measure's work-done text, and the stage each one's
 * own clause gives it.
 *
 * A name opens with a quote mark and runs to the closing mark that follows
 * its agreement noun ("... Saziş”", "... İcra Protokolu”").  Marks are told
 * apart by where they stand, not by their glyph: exports use “ as a closing
 * mark too.  A name may quote another agreement inside it with no opening
 * mark of its own (“… dair Saziş”in həyata keçirilməsi üzrə Protokol”), so
 * the name runs to the last noun-and-mark before the next opening mark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* No agreement's name is longer; bounds the scan on broken quoting. */
#define NAME_MAX_BYTES	2048
#define MAX_DATES	64
/* Stage cues weighed for one name: a real clause has one or two, and each
 * is compared with every other (1,000,000 cues after a name hung). */
#define MAX_CUES	64

struct quote {
	size_t	pos;
	size_t	len;
	int	opening;
};

struct found {
	size_t		 open, name, name_end, end;
	const char	*kind;
	int		 stage;		/* -1 when the clause states none */
	struct date_hit	 date;		/* y == 0 when none */
	size_t		 evidence;	/* byte offset of the deciding cue */
};

struct occurrence {
	size_t	clip, start, end;
	int	stage;
};

struct occurrences {
	struct occurrence	*v;
	size_t			 n;
};

/*
 * Find the first quote mark that starts at or after byte from and before
 * limit in p (len bytes), and tell opening from closing by the characters
 * around it.  Marks are found one at a time, not listed first: a paragraph
 * of 50 MiB of quote marks made a list of 1.3 GB.
 */
static int
next_quote(const char *p, size_t len, size_t from, size_t limit,
    struct quote *q)
{
	size_t		i = from, at, j, k;
	uint32_t	c, prev = 0, next;

	/* Every mark starts with one of these bytes, and none of them is
	 * inside a character: skip the others undecoded. */
	while ((i = find_byte3(p, i, limit, '"', '\xc2', '\xe2')) < limit) {
		at = i;
		c = utf8_next(p, &i);
		if (!is_quote_cp(c))
			continue;
		if (at > 0) {		/* step back to the character before */
			for (k = at - 1; k > 0 &&
			    ((unsigned char)p[k] & 0xc0) == 0x80; k--)
				;
			prev = utf8_next(p, &k);
		}
		j = i;
		next = i < len ? utf8_next(p, &j) : 0;
		q->pos = at;
		q->len = i - at;
		q->opening = (prev == 0 || is_space_cp(prev) ||
		    strchr("([{,;:-/", (int)prev) != NULL ||
		    prev == 0x2013 || prev == 0x2014) &&
		    next != 0 && !is_space_cp(next);
		return 1;
	}
	return 0;
}

/* The kind of the agreement noun ending at q, or NULL. */
static const char *
noun_before(const struct lexicon *lex, const char *p, size_t from, size_t q)
{
	size_t	w = q, k;

	while (w > from && p[w - 1] != ' ' && p[w - 1] != '(')
		w--;
	if (w == q)
		return NULL;	/* no word: match_fold() would give 0 */
	for (k = 0; k < lex->nnouns; k++)
		if (match_fold(p + w, q - w, lex->nouns[k].form) == q - w)
			return lex->nouns[k].kind;
	return NULL;
}

/* Whether no word stands between from and the mark at q: "““", "Saziş ”". */
static int
no_word_before(const char *p, size_t from, size_t q)
{
	return q == from || p[q - 1] == ' ' || p[q - 1] == '(';
}

/*
 * Find the quoted agreement names of one paragraph; -1 when it names more
 * agreements than a report may hold (mentions too: each costs memory).
 */
static int
find_names(const struct lexicon *lex, const char *p, size_t len,
    struct found **out, size_t *nout)
{
	struct quote	 open, q, best = { 0, 0, 0 };
	struct found	*f = NULL;
	size_t		 n = 0, at, after, limit;
	const char	*kind, *k;

	for (at = 0; next_quote(p, len, at, len, &open);
	    at = open.pos + open.len) {
		if (!open.opening)
			continue;
		kind = NULL;
		limit = len - open.pos > NAME_MAX_BYTES ?
		    open.pos + NAME_MAX_BYTES + 1 : len;
		for (after = open.pos + open.len; next_quote(p, len, after,
		    limit, &q) && !q.opening; after = q.pos + q.len) {
			if (no_word_before(p, open.pos + open.len, q.pos))
				continue;	/* a doubled mark: look on */
			k = noun_before(lex, p, open.pos + open.len, q.pos);
			if (k == NULL)
				break;	/* a quoted name that is no agreement */
			kind = k;
			best = q;
		}
		if (kind == NULL)
			continue;
		if (n == COLLECT_MAX_AGREEMENTS) {
			free(f);
			return -1;
		}
		f = xgrowarray(f, n, sizeof *f);
		memset(&f[n], 0, sizeof f[n]);
		f[n].open = open.pos;
		f[n].name = open.pos + open.len;
		f[n].name_end = best.pos;
		f[n].end = best.pos + best.len;
		f[n].kind = kind;
		f[n++].stage = -1;
		open = best;		/* go on after its closing mark */
	}
	*out = f;
	*nout = n;
	return 0;
}

static void
add_occurrence(struct occurrences *occ, size_t clip, size_t start, size_t end,
    int stage)
{
	struct occurrence	*o;

	if (occ->n == MAX_CUES)
		return;
	occ->v = xgrowarray(occ->v, occ->n, sizeof *occ->v);
	o = &occ->v[occ->n++];
	o->clip = clip;
	o->start = start;
	o->end = end;
	o->stage = stage;
}

/* Whether a stage cue may start at byte j of a fold that holds a clip
 * from byte from: at the clip's start if a word starts there, else where a
 * word starts with a letter or digit. */
static int
cue_may_start(const char *fold, size_t from, size_t j)
{
	size_t		i = j;
	uint32_t	c;

	if (j > from) {
		c = utf8_next(fold, &i);
		if (!is_letter_cp(c) && !(c >= '0' && c <= '9'))
			return 0;
	}
	return at_word_start(fold, fold + j);
}

/* Record the stage cues that start in the clip p[from, to) of a
 * paragraph folded as f, their first part searched in the fold. */
static void
clip_cues(const struct lexicon *lex, const struct folded *f, size_t from,
    size_t to, struct occurrences *occ)
{
	const char	*p = f->text, *end;
	const struct cue *c;
	const size_t	*ids;
	size_t		 ff, ft, j, k, n, plen, at;

	ff = folded_offset(f, from, 0);
	ft = folded_offset(f, to, 0);
	for (j = ff; (j = may_start_word(f->fold, j, ft)) < ft; j++) {
		if (!lex->stage_leads[(unsigned char)f->fold[j]] ||
		    !cue_may_start(f->fold, ff, j))
			continue;
		ids = initial_candidates(&lex->stage_initials, f->fold + j, &n);
		for (k = 0, at = SIZE_MAX; k < n; k++) {
			c = &lex->stage_cues[ids[k]];
			plen = c->lens[0];
			if (plen == 0 || plen > ft - j ||
			    memcmp(f->fold + j, c->parts[0], plen) != 0)
				continue;
			if (at == SIZE_MAX)
				at = folded_offset(f, j, 1);
			if ((end = cue_rest(c, f, p + folded_offset(f,
			    j + plen, 1), p + to)) != NULL)
				add_occurrence(occ, from, at,
				    (size_t)(end - p), c->value);
		}
	}
}

/*
 * Record every stage cue in p[a, b) of a paragraph folded as f, one
 * sentence at a time.  A cue's first part is looked for in the fold, a
 * compare of bytes where a word starts with a byte that some cue starts
 * with: matching each word case-insensitively was a tenth of a parse.
 */
static void
find_cues(const struct lexicon *lex, const struct folded *f, size_t a,
    size_t b, struct occurrences *occ)
{
	struct sentence	 s;
	const char	*p = f->text;
	size_t		 from, to;

	while (a < b) {
		sentence_around(p, a, &s);
		from = a;
		to = (size_t)(s.start - p) + s.len;
		if (to > b)
			to = b;
		if (to <= from)
			to = from + 1;
		clip_cues(lex, f, from, to, occ);
		a = to;
	}
}

static int
date_later(const struct date_hit *a, const struct date_hit *b)
{
	if (a->y != b->y)
		return a->y > b->y;
	if (a->m != b->m)
		return a->m > b->m;
	return a->d > b->d;
}

/* The latest date in the words that lead to occurrence o. */
static void
date_of(const struct lexicon *lex, const char *p,
    const struct occurrences *occ, const struct occurrence *o,
    struct date_hit *best)
{
	struct date_hit	hits[MAX_DATES];
	size_t		from = o->clip, i, n;

	for (i = 0; i < occ->n; i++)	/* start after the cue before it */
		if (occ->v[i].clip == o->clip && occ->v[i].end <= o->start &&
		    occ->v[i].end > from)
			from = occ->v[i].end;
	n = dates_scan(lex, p + from, o->end - from, hits, MAX_DATES);
	memset(best, 0, sizeof *best);
	for (i = 0; i < n; i++)
		if (best->y == 0 || date_later(&hits[i], best))
			*best = hits[i];
}

/* Decide one agreement's stage, date and evidence from its cues. */
static void
judge(const struct lexicon *lex, const char *p, const struct occurrences *occ,
    struct found *f)
{
	struct date_hit	d;
	size_t		i;
	int		decided = 0;

	for (i = 0; i < occ->n; i++)
		if (occ->v[i].stage > f->stage)
			f->stage = occ->v[i].stage;
	for (i = 0; i < occ->n; i++) {
		if (occ->v[i].stage != f->stage)
			continue;
		date_of(lex, p, occ, &occ->v[i], &d);
		if (!decided || (d.y != 0 && (f->date.y == 0 ||
		    date_later(&d, &f->date)))) {
			f->date = d;
			f->evidence = occ->v[i].start;
			decided = 1;
		}
	}
}

/* Whether a sentence ends between a and b. */
static int
sentence_between(const char *p, size_t a, size_t b)
{
	struct sentence	s;

	sentence_around(p, a, &s);
	return (size_t)(s.start - p) + s.len < b;
}

/*
 * Where the clause after a name ends, given the next name: at the next name
 * when both share a sentence, else where the next name's sentence starts,
 * for what leads up to a name ("2016-cı ildə imzalanmış “B”") is B's.
 */
static size_t
clause_end(const char *p, const struct found *a, const struct found *next)
{
	struct sentence	s;
	size_t		start;

	sentence_around(p, next->open, &s);
	start = (size_t)(s.start - p);
	return start > a->end ? start : next->open;
}

/* Stage each named agreement of a paragraph from its own clause. */
static void
stage_names(const struct lexicon *lex, const struct folded *fp,
    struct found *f, size_t n)
{
	const char		*p = fp->text;
	struct occurrences	 occ;
	struct sentence		 s;
	size_t			 i, pre, stop, len = fp->len;

	for (i = n; i-- > 0; ) {
		memset(&occ, 0, sizeof occ);
		sentence_around(p, f[i].open, &s);
		pre = (size_t)(s.start - p);
		if (i > 0 && f[i - 1].end > pre)
			pre = f[i - 1].end;
		stop = i + 1 < n ? clause_end(p, &f[i], &f[i + 1]) : len;
		find_cues(lex, fp, pre, f[i].open, &occ);
		find_cues(lex, fp, f[i].end, stop, &occ);
		judge(lex, p, &occ, &f[i]);
		free(occ.v);
		/* "“A” layihəsinin, habelə “B” layihəsinin ... aparılır":
		 * names joined in one sentence share the verb after the last. */
		if (f[i].stage < 0 && i + 1 < n &&
		    !sentence_between(p, f[i].end, f[i + 1].open)) {
			f[i].stage = f[i + 1].stage;
			f[i].date = f[i + 1].date;
			f[i].evidence = f[i + 1].evidence;
		}
	}
}

/* Add an agreement to the report; -1 when it holds too many already. */
static int
add_agreement(const struct lexicon *lex, struct report *r,
    const struct measure *m, const struct para *pa, const struct found *f)
{
	struct agreement	*a;
	struct sentence		 s;

	if (r->nagreements == COLLECT_MAX_AGREEMENTS)
		return -1;
	r->agreements = xgrowarray(r->agreements, r->nagreements,
	    sizeof *r->agreements);
	a = &r->agreements[r->nagreements++];
	memset(a, 0, sizeof *a);
	a->name = normalize_space(pa->text + f->name, f->name_end - f->name);
	a->kind = xstrdup(f->kind);
	a->stage = (enum stage)f->stage;
	if (f->date.y != 0)
		snprintf(a->date, sizeof a->date, "%04d-%02d-%02d", f->date.y,
		    f->date.m, f->date.d);
	a->measure = xstrdup(m->id);
	sentence_around(pa->text, f->evidence, &s);
	a->evidence.line = pa->line;
	a->evidence.text = sentence_excerpt(&s, pa->text + f->evidence);
	partner_find(lex, a->name, &a->partner, &a->partner_iso);
	return 0;
}

/*
 * Add the staged agreements of one measure's narrative to the report; -1
 * when that would make more than COLLECT_MAX_AGREEMENTS.
 */
int
agreements_find(const struct lexicon *lex, const struct measure *m,
    struct measure_cells *c, struct report *r)
{
	struct found	*f;
	size_t		 i, k, n;
	int		 rc = 0;

	for (i = 0; i < c->nwork && rc == 0; i++) {
		if (find_names(lex, c->work[i].text, c->work[i].len, &f,
		    &n) != 0)
			return -1;
		if (n > 0)
			stage_names(lex, cells_fold(c, i), f, n);
		for (k = 0; k < n && rc == 0; k++)
			if (f[k].stage >= 0)	/* else only a mention */
				rc = add_agreement(lex, r, m, &c->work[i],
				    &f[k]);
		free(f);
	}
	return rc;
}
