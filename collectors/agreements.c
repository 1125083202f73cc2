/*
 * Agreements named in a measure's work-done text, and every stage event
 * each one's own clause states: the furthest is the agreement's stage.
 *
 * A clause is the words around a name up to the next name: before it in
 * its sentence, and after it to where the next name's sentence starts (the
 * stage may come in the next sentence: "Saziş ...", "Sənəd ...").  Stage
 * cues are fixed phrases or verb stems whose endings the suffix grammar
 * reads (morph.c); a cue's date is the latest date in the words that lead
 * to it from the cue before it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_DATES	64
/* Stage cues weighed for one name: a real clause has one or two, and each
 * is compared with every other (1,000,000 cues after a name hung). */
#define MAX_CUES	64

struct occurrence {
	size_t		 clip;		/* where its piece of clause starts */
	size_t		 start, end;	/* the cue, the verb's endings too */
	int		 stage;		/* an enum stage, or CUE_NONE */
	int		 verb;		/* a verb stem's, else a fixed phrase's */
	struct verb_form form;		/* form -1: none the grammar reads */
	int		 paren;		/* an act cited "(24 yanvar 2023-cü
					   il)": its date follows the cue */
};

struct occurrences {
	struct occurrence	*v;
	size_t			 n;
};

/* The event of one stage, as far as the clause has told it. */
struct event_hit {
	int		 set;
	struct date_hit	 date;		/* y == 0 when none */
	size_t		 cue, cue_end;	/* the deciding cue */
	int		 form;
};

struct found {
	struct name_span span;
	size_t		 pre;		/* where its clause starts */
	size_t		 lead, lead_end; /* its sentence before the first
					   name in it */
	const struct folded *fold;	/* of its paragraph */
	int		 stage;		/* the furthest event; -1 if none */
	struct event_hit events[STAGE_COUNT];
};

static void
add_occurrence(struct occurrences *occ, const struct occurrence *o)
{
	if (occ->n == MAX_CUES)
		return;
	occ->v = xgrowarray(occ->v, occ->n, sizeof *occ->v);
	occ->v[occ->n++] = *o;
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

/* Whether the word after a verb makes its clause a condition:
 * "imzalandığı təqdirdə". */
static int
conditional(const struct lexicon *lex, const char *after, const char *end)
{
	const char	*w = after;

	while (w < end && *w == ' ')
		w++;
	return w > after && lexicon_has_word(&lex->condition_words, w,
	    word_rest(w, (size_t)(end - w)));
}

/*
 * Find the rest of a verb cue whose first part ends at after_first, before
 * end: the parts between, then its stem, which must start a word.  Return
 * where the stem's word ends, and set the form the grammar reads in its
 * endings; NULL when a part is missing.
 */
static const char *
verb_end(const struct lexicon *lex, const struct cue *c,
    const struct folded *f, const char *after_first, const char *end,
    struct verb_form *vf)
{
	const char	*stem_end = after_first, *at, *stem;
	size_t		 last = c->nparts - 1, m;

	if (last > 0) {
		if ((at = cue_rest(c, f, after_first, end, last)) == NULL ||
		    (stem = folded_find(f, at, (size_t)(end - at),
		    c->parts[last], c->lens[last], &m)) == NULL)
			return NULL;
		stem_end = stem + m;
	}
	m = word_rest(stem_end, (size_t)(end - stem_end));
	*vf = grammar_read(&lex->grammar, c->stem, stem_end, m);
	if (vf->attests != ATTEST_NO && conditional(lex, stem_end + m, end))
		vf->attests = ATTEST_NO;
	return stem_end + m;
}

/* Record one cue whose first part is at fold byte j of the clip
 * p[from, to). */
static void
cue_at(const struct lexicon *lex, const struct folded *f, const struct cue *c,
    size_t j, size_t from, size_t to, struct occurrences *occ)
{
	const char		*p = f->text, *end, *after_first;
	const char		*last = c->parts[c->nparts - 1];
	struct occurrence	 o;

	memset(&o, 0, sizeof o);
	o.clip = from;
	o.start = folded_offset(f, j, 1);
	o.stage = c->value;
	o.verb = c->verb;
	o.form.form = -1;
	o.form.attests = ATTEST_YES;
	after_first = p + folded_offset(f, j + c->lens[0], 1);
	if (c->verb)
		end = verb_end(lex, c, f, after_first, p + to, &o.form);
	else {
		end = cue_rest(c, f, after_first, p + to, c->nparts);
		o.paren = c->lens[c->nparts - 1] > 0 &&
		    last[c->lens[c->nparts - 1] - 1] == '(';
	}
	if (end == NULL)
		return;
	o.end = (size_t)(end - p);
	add_occurrence(occ, &o);
}

/* Record the stage cues that start in the clip p[from, to) of a
 * paragraph folded as f, their first part searched in the fold. */
static void
clip_cues(const struct lexicon *lex, const struct folded *f, size_t from,
    size_t to, struct occurrences *occ)
{
	const struct cue *c;
	const size_t	*ids;
	size_t		 ff, ft, j, k, n, plen;

	ff = folded_offset(f, from, 0);
	ft = folded_offset(f, to, 0);
	for (j = ff; (j = may_start_word(f->fold, j, ft)) < ft; j++) {
		if (!lex->stage_leads[(unsigned char)f->fold[j]] ||
		    !cue_may_start(f->fold, ff, j))
			continue;
		ids = initial_candidates(&lex->stage_initials, f->fold + j, &n);
		for (k = 0; k < n; k++) {
			c = &lex->stage_cues[ids[k]];
			plen = c->lens[0];
			if (plen == 0 || plen > ft - j ||
			    memcmp(f->fold + j, c->parts[0], plen) != 0)
				continue;
			cue_at(lex, f, c, j, from, to, occ);
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

/* The latest date in p[from, to); y == 0 when there is none. */
static struct date_hit
latest_date(const struct lexicon *lex, const char *p, size_t from, size_t to)
{
	struct date_hit	hits[MAX_DATES], best;
	size_t		i, n;

	memset(&best, 0, sizeof best);
	if (to <= from)
		return best;
	n = dates_scan(lex, p + from, to - from, hits, MAX_DATES);
	for (i = 0; i < n; i++)
		if (best.y == 0 || date_later(&hits[i], &best))
			best = hits[i];
	return best;
}

/* Whether no stage cue stands in f's sentence before its first name,
 * whose date may then be f's: "Milli Məclis 2023-cü il mayın 26-da “A”
 * Sazişi və “B” Memorandumu təsdiqləyib". */
static int
lead_is_free(const struct lexicon *lex, const struct found *f)
{
	struct occurrences	occ;
	int			free_of_cues;

	memset(&occ, 0, sizeof occ);
	clip_cues(lex, f->fold, f->lead, f->lead_end, &occ);
	free_of_cues = occ.n == 0;
	free(occ.v);
	return free_of_cues;
}

/*
 * The date of occurrence o: the latest in the words that lead to it from
 * the cue before it in its clip.  The first cue after the name, with none
 * before the name either, also takes a date that stands before the name
 * ("2019-cu il 5 martda “…” Saziş imzalanıb").  A cited act takes the
 * date in its parentheses.
 */
static struct date_hit
date_of(const struct lexicon *lex, const char *p, const struct found *f,
    const struct occurrences *occ, const struct occurrence *o)
{
	struct date_hit	d;
	size_t		from = o->clip, i;
	int		before_name = 0;

	if (o->paren)
		return latest_date(lex, p, o->end, o->end + strcspn(p + o->end,
		    ")"));
	for (i = 0; i < occ->n; i++) {
		if (occ->v[i].clip == o->clip && occ->v[i].end <= o->start &&
		    occ->v[i].end > from)
			from = occ->v[i].end;
		if (occ->v[i].start < f->span.open)
			before_name = 1;
	}
	d = latest_date(lex, p, from, o->end);
	if (d.y == 0 && from == f->span.close_end && !before_name)
		d = latest_date(lex, p, f->pre, f->span.open);
	if (d.y == 0 && from == f->span.close_end && !before_name &&
	    f->lead_end < f->pre && lead_is_free(lex, f))
		d = latest_date(lex, p, f->lead, f->lead_end);
	return d;
}

/*
 * Whether another cue reads o's last word from further back: "… təsdiq
 * edilməsi haqqında qanunu imzalayıb" is not also a signing.  Of two that
 * read the same words, a fixed phrase reads them, else the first listed.
 */
static int
shadowed(const struct occurrences *occ, size_t k)
{
	const struct occurrence	*o = &occ->v[k], *q;
	size_t			 i;

	for (i = 0; i < occ->n; i++) {
		q = &occ->v[i];
		if (i == k || q->end != o->end || q->start > o->start)
			continue;
		if (q->start < o->start ||
		    (q->verb != o->verb ? !q->verb : i < k))
			return 1;
	}
	return 0;
}

/* Whether occurrence o says its event has happened. */
static int
attested(const struct lexicon *lex, const char *p, const struct occurrence *o)
{
	struct sentence	s;

	if (o->stage < 0 || o->form.attests == ATTEST_NO)
		return 0;
	if (o->form.attests == ATTEST_YES)
		return 1;
	sentence_around(p, o->start, &s);
	return dates_day_named(lex, s.start, s.len);
}

/* Add an occurrence's event to f: a dated one wins over an undated one of
 * the same stage, and a later over an earlier. */
static void
note_event(struct found *f, const struct occurrence *o, struct date_hit d)
{
	struct event_hit	*e = &f->events[o->stage];

	if (e->set && (d.y == 0 || (e->date.y != 0 &&
	    !date_later(&d, &e->date))))
		return;
	e->set = 1;
	e->date = d;
	e->cue = o->start;
	e->cue_end = o->end;
	e->form = o->form.form;
	if (o->stage > f->stage)
		f->stage = o->stage;
}

/* Decide one agreement's events from the cues of its clause. */
static void
judge(const struct lexicon *lex, const char *p, const struct occurrences *occ,
    struct found *f)
{
	size_t	i;

	for (i = 0; i < occ->n; i++)
		if (!shadowed(occ, i) && attested(lex, p, &occ->v[i]))
			note_event(f, &occ->v[i],
			    date_of(lex, p, f, occ, &occ->v[i]));
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

	sentence_around(p, next->span.open, &s);
	start = (size_t)(s.start - p);
	return start > a->span.end ? start : next->span.open;
}

/*
 * Where the clause of a name that follows another in its sentence starts:
 * after the last comma between them, for "“A” … imzalanmış, “B” … təqdim
 * olunmuşdur" joins two clauses, and only what follows the comma leads up
 * to B.
 */
static size_t
after_comma(const char *p, size_t from, size_t to)
{
	size_t	k;

	for (k = to; k > from; k--)
		if (p[k - 1] == ',')
			return k;
	return from;
}

/* Where the first name of the sentence that starts at lead opens, of
 * names f[0..i]. */
static size_t
first_in_sentence(const struct found *f, size_t i, size_t lead)
{
	while (i > 0 && f[i - 1].span.open >= lead)
		i--;
	return f[i].span.open;
}

/* Give a name with no stage of its own the events of one it is joined to. */
static void
share_events(struct found *to, const struct found *from)
{
	to->stage = from->stage;
	memcpy(to->events, from->events, sizeof to->events);
}

/* Whether only joining words ("və", "habelə") and commas stand in
 * p[a, b): two names listed, with no verb of their own between them. */
static int
only_joiners(const struct lexicon *lex, const char *p, size_t a, size_t b)
{
	size_t	w;

	while (a < b) {
		if (p[a] == ' ' || p[a] == ',') {
			a++;
			continue;
		}
		for (w = a; w < b && p[w] != ' ' && p[w] != ','; w++)
			;
		if (!lexicon_has_word(&lex->joiners, p + a, w - a))
			return 0;
		a = w;
	}
	return 1;
}

/* Stage each named agreement of a paragraph from its own clause. */
static void
stage_names(const struct lexicon *lex, const struct folded *fp,
    struct found *f, size_t n)
{
	const char		*p = fp->text;
	struct occurrences	 occ;
	struct sentence		 s;
	size_t			 i, stop, len = fp->len;

	for (i = n; i-- > 0; ) {
		memset(&occ, 0, sizeof occ);
		sentence_around(p, f[i].span.open, &s);
		f[i].fold = fp;
		f[i].lead = f[i].pre = (size_t)(s.start - p);
		f[i].lead_end = first_in_sentence(f, i, f[i].lead);
		if (i > 0 && f[i - 1].span.end > f[i].pre)
			f[i].pre = after_comma(p, f[i - 1].span.end,
			    f[i].span.open);
		stop = i + 1 < n ? clause_end(p, &f[i], &f[i + 1]) : len;
		find_cues(lex, fp, f[i].pre, f[i].span.open, &occ);
		find_cues(lex, fp, f[i].span.close_end, stop, &occ);
		judge(lex, p, &occ, &f[i]);
		free(occ.v);
		/* "“A” layihəsinin, habelə “B” layihəsinin ... aparılır":
		 * names joined in one sentence share the verb after the last. */
		if (f[i].stage < 0 && i + 1 < n &&
		    !sentence_between(p, f[i].span.end, f[i + 1].span.open))
			share_events(&f[i], &f[i + 1]);
	}
	/* "sənədlər imzalanıb: “A” və “B”": and the verb before the first. */
	for (i = 1; i < n; i++)
		if (f[i].stage < 0 && only_joiners(lex, p, f[i - 1].span.end,
		    f[i].span.open))
			share_events(&f[i], &f[i - 1]);
}

/*
 * The agreement's name: the quoted words, and when the noun stands after
 * the closing mark, the noun in its dictionary form with its initial as
 * written ("“… haqqında” Sazişin" is "… haqqında Saziş").
 */
static char *
name_of(const char *p, const struct name_span *n)
{
	char	*quoted = normalize_space(p + n->name, n->name_end - n->name);
	char	*name;
	size_t	 i = 0, k = 0;

	if (!n->noun_after)
		return quoted;
	utf8_next(p + n->noun, &i);	/* the initial, as written */
	utf8_next(n->kind, &k);
	xasprintf(&name, "%s %.*s%s", quoted, (int)i, p + n->noun, n->kind + k);
	free(quoted);
	return name;
}

/* Make the furthest event the agreement's stage, date and evidence. */
static void
take_furthest(struct agreement *a)
{
	const struct stage_event	*ev = &a->events[a->nevents - 1];

	a->stage = ev->stage;
	memcpy(a->date, ev->date, sizeof a->date);
	a->evidence.line = ev->evidence.line;
	free(a->evidence.text);
	a->evidence.text = xstrdup(ev->evidence.text);
}

/*
 * What is doubtful in an event: a stage read from a later sentence than
 * the name (the bare noun or a synonym there was taken to mean it), and a
 * signing, ratification or entry into force that gives no date.
 */
static unsigned
event_doubts(const char *p, const struct found *f, const struct event_hit *e,
    const struct stage_event *ev)
{
	unsigned	doubts = 0;

	if (e->cue >= f->span.end && sentence_between(p, f->span.end, e->cue))
		doubts |= DOUBT_STAGE_FROM_NEXT_SENTENCE;
	if (ev->stage >= STAGE_SIGNED && *ev->date == '\0')
		doubts |= DOUBT_NO_DATE;
	return doubts;
}

/* Copy the events of f into a, in ladder order; the furthest is a's. */
static void
put_events(const struct lexicon *lex, struct agreement *a,
    const struct para *pa, const struct found *f)
{
	const struct event_hit	*e;
	struct stage_event	*ev;
	struct sentence		 s;
	int			 st;

	a->events = xcalloc(STAGE_COUNT, sizeof *a->events);
	for (st = 0; st < STAGE_COUNT; st++) {
		if (!(e = &f->events[st])->set)
			continue;
		ev = &a->events[a->nevents++];
		ev->stage = (enum stage)st;
		if (e->date.y != 0)
			snprintf(ev->date, sizeof ev->date, "%04d-%02d-%02d",
			    e->date.y, e->date.m, e->date.d);
		sentence_around(pa->text, e->cue, &s);
		ev->evidence.line = pa->line;
		ev->evidence.text = sentence_excerpt(&s, pa->text + e->cue);
		/* Paragraphs are normalised already: copy, don't squeeze. */
		ev->cue = xstrndup(pa->text + e->cue, e->cue_end - e->cue);
		if (e->form >= 0)	/* a longer name is cut, not lost */
			snprintf(ev->form, sizeof ev->form, "%s",
			    lex->grammar.forms[e->form].name);
		ev->doubts = event_doubts(pa->text, f, e, ev);
	}
	take_furthest(a);
}

/* The agreement's doubts: its furthest event's, and its partner's. */
static void
settle_doubts(struct agreement *a)
{
	a->doubts = a->events[a->nevents - 1].doubts;
	if (a->partner_near)
		a->doubts |= DOUBT_NEAR_PARTNER;
}

/*
 * A party named in the clause before a name that names none: "Azərbaycan
 * ilə Serbiya arasında “Polis əməkdaşlığı haqqında Saziş” imzalandı".
 * Only an exact name: a letter off in free text is too often another word.
 */
static void
partner_before(const struct lexicon *lex, const char *p,
    const struct found *f, struct agreement *a)
{
	char	*clause = xstrndup(p + f->pre, f->span.open - f->pre);
	int	 near;

	partner_find(lex, clause, &a->partner, &a->partner_iso, &near);
	if (near) {
		free(a->partner);
		free(a->partner_iso);
		a->partner = a->partner_iso = NULL;
	}
	free(clause);
}

/*
 * Move the events of src into dst, an agreement of the same name the
 * measure named before: one agreement, with every event the text states
 * ("“…” Saziş … imzalanmışdır. “…” Saziş … Fərmanı ilə təsdiq
 * edilmişdir").  Of two events of one stage the dated, then the later,
 * stays; what src keeps is freed with it.
 */
static void
merge_events(struct agreement *dst, struct agreement *src)
{
	struct stage_event	 tmp, *e, *d;
	size_t			 i, k;

	for (i = 0; i < src->nevents; i++) {
		e = &src->events[i];
		for (k = 0; k < dst->nevents &&
		    dst->events[k].stage < e->stage; k++)
			;
		d = &dst->events[k];
		if (k < dst->nevents && d->stage == e->stage) {
			if (*e->date != '\0' && strcmp(e->date, d->date) > 0) {
				tmp = *d;	/* the one src frees */
				*d = *e;
				*e = tmp;
			}
			continue;
		}
		memmove(d + 1, d, (dst->nevents - k) * sizeof *d);
		*d = *e;
		memset(e, 0, sizeof *e);
		dst->nevents++;
	}
	if (dst->partner == NULL) {
		dst->partner = src->partner;
		dst->partner_iso = src->partner_iso;
		dst->partner_near = src->partner_near;
		src->partner = src->partner_iso = NULL;
	}
	take_furthest(dst);
}

/* The agreement of this name the measure named already, or NULL. */
static struct agreement *
named_before(struct report *r, const char *measure, const char *name)
{
	size_t	i;

	for (i = r->nagreements; i-- > 0 &&
	    strcmp(r->agreements[i].measure, measure) == 0; )
		if (strcmp(r->agreements[i].name, name) == 0)
			return &r->agreements[i];
	return NULL;
}

/* Add an agreement to the report, or its events to one of that name the
 * measure named before; -1 when the report holds too many already. */
static int
add_agreement(const struct lexicon *lex, struct report *r,
    const struct measure *m, const struct para *pa, const struct found *f)
{
	struct agreement	*a, *same;
	char			*name = name_of(pa->text, &f->span);

	if ((same = named_before(r, m->id, name)) != NULL) {
		a = xcalloc(1, sizeof *a);
		a->name = name;
		put_events(lex, a, pa, f);
		merge_events(same, a);
		settle_doubts(same);
		agreement_free(a);
		free(a);
		return 0;
	}
	if (r->nagreements == COLLECT_MAX_AGREEMENTS) {
		free(name);
		return -1;
	}
	r->agreements = xgrowarray(r->agreements, r->nagreements,
	    sizeof *r->agreements);
	a = &r->agreements[r->nagreements++];
	memset(a, 0, sizeof *a);
	a->name = name;
	a->kind = xstrdup(f->span.kind);
	a->noun = xstrndup(pa->text + f->span.noun,
	    f->span.noun_end - f->span.noun);
	a->measure = xstrdup(m->id);
	put_events(lex, a, pa, f);
	partner_find(lex, a->name, &a->partner, &a->partner_iso,
	    &a->partner_near);
	if (a->partner == NULL)
		partner_before(lex, pa->text, f, a);
	settle_doubts(a);
	return 0;
}

/* The names of one paragraph, each with no stage yet. */
static int
found_names(const struct lexicon *lex, const struct para *pa,
    struct found **out, size_t *nout)
{
	struct name_span	*spans;
	struct found		*f;
	size_t			 i, n;

	if (names_find(lex, pa->text, pa->len, &spans, &n) != 0)
		return -1;
	f = n > 0 ? xcalloc(n, sizeof *f) : NULL;
	for (i = 0; i < n; i++) {
		f[i].span = spans[i];
		f[i].stage = -1;
	}
	free(spans);
	*out = f;
	*nout = n;
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
		if (found_names(lex, &c->work[i], &f, &n) != 0)
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
