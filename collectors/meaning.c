/*
 * A measure's status, read from its work-done narrative, and whether it is
 * overdue.  DOMAIN.md: a regular measure is ongoing whatever its text says;
 * an empty narrative is not_reported; otherwise a completion cue makes it
 * completed and anything else is work in progress.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Whether a sentence may end at the '.' (or '!' '?') at s[i].  The end of
 * the string is its NUL, not a length: a paragraph can be 64 MiB long and
 * has many sentences, so measuring it per call would be quadratic.
 */
static int
stop_ends_sentence(const char *s, size_t i)
{
	size_t		 j = i + 2, w = i;
	uint32_t	 next;

	if (s[i + 1] == '\0')
		return 1;
	if (s[i + 1] != ' ' || s[j] == '\0')
		return 0;
	while (w > 0 && s[w - 1] != ' ')
		w--;
	if (s[i] == '.' && i - w <= 1)
		return 0;	/* an initial or "s." of "və s." */
	next = utf8_next(s, &j);
	return is_upper_cp(next) || is_quote_cp(next) ||
	    (next >= '0' && next <= '9');
}

/*
 * Find the sentence of para holding byte pos; return its length.  It
 * starts two bytes after the last stop before pos - 1 that ends one, found
 * back from there a stop at a time, and ends after the first from pos on.
 */
size_t
sentence_around(const char *para, size_t pos, struct sentence *out)
{
	size_t	a = 0, b = pos, to, q;

	for (to = pos >= 2 ? pos - 1 : 0; (q = last_byte3(para, to, '.', '!',
	    '?')) != 0; to = q - 1)
		if (stop_ends_sentence(para, q - 1)) {
			a = q + 1;
			break;
		}
	for (;;) {
		b += strcspn(para + b, ".!?");
		if (para[b] == '\0' || stop_ends_sentence(para, b))
			break;
		b++;
	}
	if (para[b] != '\0')
		b++;
	out->start = para + a;
	out->len = b - a;
	return out->len;
}

/*
 * Longest evidence kept.  A broken file's "sentence" can run for megabytes,
 * and each agreement named in it keeps its own copy; real sentences stay
 * under 1,500 bytes.
 */
#define EVIDENCE_MAX	4096

/* Copy a sentence as evidence of what was read at at; of a sentence over
 * EVIDENCE_MAX, only the whole characters around at, marked with "…". */
char *
sentence_excerpt(const struct sentence *s, const char *at)
{
	const char	*a = s->start, *b, *end = s->start + s->len;
	char		*out;

	if (s->len <= EVIDENCE_MAX)
		return xstrndup(s->start, s->len);
	if (at - a > EVIDENCE_MAX / 4)
		a = at - EVIDENCE_MAX / 4;	/* a few words before it */
	if (end - a < EVIDENCE_MAX)
		a = end - EVIDENCE_MAX;
	b = a + EVIDENCE_MAX;
	while (((unsigned char)*a & 0xc0) == 0x80)
		a++;
	while (b < end && ((unsigned char)*b & 0xc0) == 0x80)
		b--;
	xasprintf(&out, "%s%.*s%s", a > s->start ? "\u2026" : "",
	    (int)(b - a), a, b < end ? "\u2026" : "");
	return out;
}

static void
set_evidence(struct evidence *e, const struct para *p, size_t pos)
{
	struct sentence	s;

	sentence_around(p->text, pos, &s);
	e->line = p->line;
	e->text = sentence_excerpt(&s, p->text + pos);
}

/* Whether the sentence around pos speaks of the measure itself. */
static int
about_measure(const struct lexicon *lex, const struct folded *f, size_t pos)
{
	struct sentence	s;
	size_t		k;

	sentence_around(f->text, pos, &s);
	for (k = 0; k < lex->measure_subjects.n; k++)
		if (folded_find(f, s.start, s.len, lex->measure_subjects.v[k],
		    strlen(lex->measure_subjects.v[k]), NULL) != NULL)
			return 1;
	return 0;
}

/* Find the first cue of the wanted status in the folded work paragraphs;
 * set where it stands. */
static int
find_status_cue(const struct lexicon *lex, struct measure_cells *c,
    enum status want, size_t *para, size_t *pos)
{
	const struct folded *f;
	const char	*hit, *end;
	size_t		 i, k;

	for (i = 0; i < c->nwork; i++) {
		f = cells_fold(c, i);
		for (k = 0; k < lex->nstatus_cues; k++) {
			if (lex->status_cues[k].value != (int)want)
				continue;
			hit = cue_find(&lex->status_cues[k], f, &end);
			if (hit != NULL)
				goto found;
		}
		for (k = 0; k < lex->nsubject_cues; k++) {
			if (lex->subject_cues[k].value != (int)want)
				continue;
			hit = cue_find(&lex->subject_cues[k], f, &end);
			if (hit != NULL && about_measure(lex, f,
			    (size_t)(hit - c->work[i].text)))
				goto found;
		}
	}
	return 0;
found:
	*para = i;
	*pos = (size_t)(hit - c->work[i].text);
	return 1;
}

static char *
join_work(const struct measure_cells *c)
{
	size_t	 i, len = 0;
	char	*out, *o;

	if (c->nwork == 0)
		return NULL;
	for (i = 0; i < c->nwork; i++)
		len += c->work[i].len + 1;
	out = o = xmalloc(len);
	for (i = 0; i < c->nwork; i++) {
		if (i > 0)
			*o++ = '\n';
		memcpy(o, c->work[i].text, c->work[i].len);
		o += c->work[i].len;
	}
	*o = '\0';
	return out;
}

/*
 * Read the status of a measure with a fixed deadline from its cues.  It is
 * doubtful when no cue says how far the work got, or when the text says
 * both that it is done and that it goes on.
 */
static void
judge_by_cues(const struct lexicon *lex, struct measure *m,
    struct measure_cells *c)
{
	size_t	para = 0, pos = 0, p2, q2;

	if (find_status_cue(lex, c, STATUS_COMPLETED, &para, &pos)) {
		m->status = STATUS_COMPLETED;
		if (find_status_cue(lex, c, STATUS_IN_PROGRESS, &p2, &q2))
			m->doubts |= DOUBT_CONFLICTING_CUES;
	} else {
		m->status = STATUS_IN_PROGRESS;
		if (!find_status_cue(lex, c, STATUS_IN_PROGRESS, &para,
		    &pos)) {
			para = pos = 0;	/* work reported, no cue: its start */
			m->doubts |= DOUBT_NO_CUE;
		}
	}
	set_evidence(&m->evidence, &c->work[para], pos);
}

/* Whether a measure's deadline has an end year: completion applies. */
static int
has_fixed_end(const struct measure *m)
{
	return m->deadline.kind == DEADLINE_YEAR ||
	    m->deadline.kind == DEADLINE_RANGE ||
	    m->deadline.kind == DEADLINE_UNTIL;
}

/* Decide a measure's status, evidence and overdue state. */
void
measure_judge(const struct lexicon *lex, struct measure *m,
    struct measure_cells *c, int ref_year)
{
	m->work_done = join_work(c);
	if (c->nwork == 0) {
		/* Counted as not completed on the strength of no text. */
		m->status = STATUS_NOT_REPORTED;
		if (has_fixed_end(m))
			m->doubts |= DOUBT_EMPTY_WORK_DONE;
	} else if (m->deadline.kind == DEADLINE_REGULAR) {
		m->status = STATUS_ONGOING;
		set_evidence(&m->evidence, &c->work[0], 0);
	} else
		judge_by_cues(lex, m, c);
	if (m->deadline.end == 0)
		m->overdue = 0;		/* no fixed end: cannot be late */
	else if (ref_year == 0)
		m->overdue = -1;
	else
		m->overdue = m->deadline.end < ref_year &&
		    m->status != STATUS_COMPLETED;
	m->overdue_years = m->overdue == 1 ? ref_year - m->deadline.end : 0;
}
