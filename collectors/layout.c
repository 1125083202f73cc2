/*
 * Structure: lines -> title, chapters, measures and their cells.
 *
 * A Word table exported to text keeps neither its blank lines nor its tabs
 * reliably, so a cell is recognised by what it holds: a measure number, a
 * chapter line, a header cell, the work-done marker, a deadline.  Position
 * decides only what content cannot: the title is the first cell after the
 * number, the executing bodies the cell after the deadline.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum state { ST_NONE, ST_CHAPTER_TITLE, ST_HEAD, ST_WORK };

struct builder {
	const struct lexicon	*lex;
	struct report		*r;
	struct measure_cells	*cells;
	const struct line	**head;		/* the current measure's cells */
	size_t			 nhead;
	enum state		 state;
	int			 chapter;
	size_t			 records;	/* chapters, measures, bodies */
	int			 full;		/* more than COLLECT_MAX_RECORDS */
};

/*
 * Remove every occurrence of the lexicon's artefacts from a line of len
 * bytes, in one pass per artefact that copies what is kept forward; return
 * the new length.  Searching again from the start and moving the rest of
 * the line down for each one was quadratic in a line made of artefacts.
 */
static size_t
drop_artefacts(const struct lexicon *lex, char *s, size_t len)
{
	size_t		 k, n;
	const char	*a, *from, *end;
	char		*to;

	for (k = 0; k < lex->artefacts.n; k++) {
		a = lex->artefacts.v[k];
		n = strlen(a);
		if (n == 0 || (to = memmem(s, len, a, n)) == NULL)
			continue;
		for (from = to, end = s + len; from < end; )
			if ((size_t)(end - from) >= n && memcmp(from, a, n) == 0)
				from += n;
			else
				*to++ = *from++;
		*to = '\0';
		len = (size_t)(to - s);
	}
	return len;
}

/*
 * Where each artefact next starts in the text being split, at or after the
 * start of a line before, or NULL when it does not: a search of the text
 * per artefact that goes on where it found the last, not one of each line.
 */
struct ahead {
	const char	**at;
	const char	 *soonest;	/* the first of them; NULL: none */
};

/*
 * Whether the line at p (len bytes, not yet changed) of the text (to end)
 * holds an artefact.  A line that holds none loses none, so it is left as
 * it is; most lines end before the soonest artefact.
 */
static int
holds_artefact(const struct lexicon *lex, struct ahead *a, const char *p,
    size_t len, const char *end)
{
	size_t		 k, n;
	int		 holds = 0;

	if (a->soonest == NULL || a->soonest >= p + len)
		return 0;
	a->soonest = NULL;
	for (k = 0; k < lex->artefacts.n; k++) {
		n = strlen(lex->artefacts.v[k]);
		if (a->at[k] != NULL && a->at[k] < p)
			a->at[k] = memmem(p, (size_t)(end - p),
			    lex->artefacts.v[k], n);
		if (n != 0 && a->at[k] != NULL && a->at[k] < p + len)
			holds = 1;
		if (a->at[k] != NULL && (a->soonest == NULL ||
		    a->at[k] < a->soonest))
			a->soonest = a->at[k];
	}
	return holds;
}

/*
 * Split decoded text into normalised lines, keeping their numbers.  The
 * lines are normalised in place in text, and blank ones, which nothing
 * reads, are not kept: a file of 50 MiB of newlines used to cost a copy and
 * a record per line, 2.5 GB in all.  Refuse more than COLLECT_MAX_LINES.
 */
int
lines_split(const struct lexicon *lex, char *text, size_t len,
    struct lines *out, char **cause)
{
	char		*p = text, *end = text + len, *nl, *lead, *stop;
	struct ahead	 ahead;
	size_t		 n, k;
	int		 no = 1, rc = 0;

	memset(out, 0, sizeof *out);
	ahead.at = xreallocarray(NULL, lex->artefacts.n, sizeof *ahead.at);
	ahead.soonest = text;	/* to be found at the first line */
	for (k = 0; k < lex->artefacts.n; k++)
		ahead.at[k] = memmem(text, len, lex->artefacts.v[k],
		    strlen(lex->artefacts.v[k]));
	for (;; no++) {
		for (lead = p; lead < end && (*lead == ' ' || *lead == '\t'); )
			lead++;
		stop = lead + line_stop(lead, 0, (size_t)(end - lead));
		nl = stop < end && *stop == '\n' ? stop :
		    memchr(stop, '\n', (size_t)(end - stop));
		if (nl != NULL)
			*nl = '\0';
		n = (size_t)((nl ? nl : end) - p);
		if (holds_artefact(lex, &ahead, p, n, end)) {
			n = drop_artefacts(lex, p, n);
			n = normalize_space_in_place(p, n);
		} else if (lead == p + n)
			n = 0;		/* blanks only, half the lines */
		else if (stop == p + n && stop[-1] != ' ') {
			/* only an indent to lose, if that: skip it */
			n = (size_t)(stop - lead);
			p = lead;
		} else
			n = normalize_space_in_place(p, n);
		if (n != 0) {
			if (out->n == COLLECT_MAX_LINES) {
				xasprintf(cause, "more than %d lines at line "
				    "%d: not a progress report",
				    COLLECT_MAX_LINES, no);
				rc = -1;
				break;
			}
			out->v = xgrowarray(out->v, out->n, sizeof *out->v);
			out->v[out->n].text = p;
			out->v[out->n].len = n;
			out->v[out->n++].no = no;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(ahead.at);
	return rc;
}

void
lines_free(struct lines *l)
{
	free(l->v);
}

/* Whether a line is a measure number: 1.1, 1.2., 3.5.1 (bounded digits). */
static int
is_measure_number(const char *s)
{
	int	groups = 0, digits;

	for (;;) {
		for (digits = 0; *s >= '0' && *s <= '9'; s++)
			digits++;
		if (digits == 0 || digits > 3)
			return 0;
		groups++;
		if (*s == '\0')
			return groups >= 2;
		if (*s != '.')
			return 0;
		s++;
		if (*s == '\0')
			return groups >= 2;
	}
}

/* Whether the whole line is one of the words, maybe with a trailing colon. */
static int
line_is(const struct strlist *words, const struct line *l)
{
	const char	*s = l->text;
	size_t		 len = l->len;

	while (len > 0 && (s[len - 1] == ':' || s[len - 1] == '.'))
		len--;
	return len > 0 && lexicon_has_word(words, s, len);
}

/* Read "Birinci Fəsil" or "3-cü Fəsil"; return the number and set *rest. */
static int
chapter_line(const struct lexicon *lex, const struct line *l,
    const char **rest)
{
	const struct named	*o;
	const size_t		*ids;
	const char		*s = l->text;
	size_t			 len = l->len, m = 0, k, n, used;
	int			 num = 0;

	if ((num = year_token(s, len, &used)) > 0 && num < 100)
		m = used;	/* a numeral with its suffix, "3-cü" */
	else {
		/* Every line is asked: try only the words of its letter. */
		ids = initial_candidates(&lex->ordinal_initials, s, &n);
		for (num = 0, k = 0; k < n; k++) {
			o = &lex->ordinals[ids[k]];
			m = match_fold(s, len, o->word);
			if (m != 0 && s[m] == ' ') {
				num = o->value;
				break;
			}
		}
	}
	if (num <= 0 || s[m] != ' ')
		return 0;
	s += m + 1;
	len -= m + 1;
	for (k = 0; k < lex->chapter_words.n; k++) {
		m = match_fold(s, len, lex->chapter_words.v[k]);
		if (m != 0 && (s[m] == '\0' || s[m] == ' ' || s[m] == '.' ||
		    s[m] == ':')) {
			s += m;
			while (*s == ' ' || *s == '.' || *s == ':' || *s == '-')
				s++;
			*rest = s;
			return num;
		}
	}
	return 0;
}

/* Count one more chapter, measure or body; 0 once there are too many. */
static int
room_for_one(struct builder *b)
{
	if (b->records == COLLECT_MAX_RECORDS) {
		b->full = 1;
		return 0;
	}
	b->records++;
	return 1;
}

/* Split the executing bodies' cell on commas, dropping noise prefixes. */
static void
split_executors(struct builder *b, const char *cell, struct measure *m)
{
	const struct lexicon	*lex = b->lex;
	const char		*p = cell, *e;
	char			*name;
	size_t			 n;

	while (*p != '\0') {
		e = p + strcspn(p, ",;");
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == '.' || p[n - 1] == ' '))
			n--;
		name = normalize_space(p, n);
		strip_prefix_fold(name, (const char *const *)lex->noise_prefixes.v,
		    lex->noise_prefixes.n);
		if (*name == '\0')
			free(name);
		else if (!room_for_one(b)) {
			free(name);
			return;
		} else {
			m->executors = xgrowarray(m->executors,
			    m->nexecutors, sizeof *m->executors);
			m->executors[m->nexecutors++] = name;
		}
		p = *e != '\0' ? e + 1 : e;
	}
}

/* Join cells [from, to) with newlines; NULL when the range is empty. */
static char *
join_cells(const struct line **cells, size_t from, size_t to)
{
	size_t	 i, len = 0;
	char	*out, *o;

	if (from >= to)
		return NULL;
	for (i = from; i < to; i++)
		len += cells[i]->len + 1;
	out = o = xmalloc(len);
	for (i = from; i < to; i++) {
		if (i > from)
			*o++ = '\n';
		memcpy(o, cells[i]->text, cells[i]->len);
		o += cells[i]->len;
	}
	*o = '\0';
	return out;
}

/* A cell short enough to be a deadline or a list of bodies, not prose. */
#define CELL_MAX	160

/* Give the finished measure its title, description, deadline, executors. */
static void
close_head(struct builder *b)
{
	struct measure	*m;
	size_t		 n = b->nhead, k, dl = 0, ex;

	if (b->r->nmeasures == 0 || n == 0)
		return;
	m = &b->r->measures[b->r->nmeasures - 1];
	if (m->title != NULL)
		return;
	m->title = xstrdup(b->head[0]->text);
	for (k = 1; k < n && dl == 0; k++)
		if (b->head[k]->len <= CELL_MAX &&
		    deadline_parse(b->lex, b->head[k]->text, &m->deadline))
			dl = k;
	if (dl == 0 && n >= 3 && b->head[n - 2]->len <= CELL_MAX) {
		/* No year and no regular word: a deadline of another kind,
		 * known only by standing just before the bodies. */
		dl = n - 2;
		m->deadline.text = xstrdup(b->head[dl]->text);
		m->deadline.kind = DEADLINE_OTHER;
	}
	ex = dl != 0 ? dl + 1 : n - (n >= 2);
	m->description = join_cells(b->head, 1, dl != 0 ? dl : ex);
	if (ex < n) {
		char *bodies = join_cells(b->head, ex, n);

		split_executors(b, bodies, m);
		free(bodies);
	}
	b->nhead = 0;
}

static void
open_measure(struct builder *b, const struct line *l)
{
	struct measure	*m;
	size_t		 len = l->len;

	close_head(b);
	if (!room_for_one(b))
		return;
	b->r->measures = xgrowarray(b->r->measures, b->r->nmeasures,
	    sizeof *b->r->measures);
	b->cells = xgrowarray(b->cells, b->r->nmeasures,
	    sizeof *b->cells);
	m = &b->r->measures[b->r->nmeasures];
	memset(m, 0, sizeof *m);
	memset(&b->cells[b->r->nmeasures], 0, sizeof *b->cells);
	b->r->nmeasures++;
	m->id = xstrndup(l->text, l->text[len - 1] == '.' ? len - 1 : len);
	m->chapter = b->chapter;
	m->line = l->no;
	m->deadline.kind = DEADLINE_OTHER;
	m->overdue = -1;
	b->state = ST_HEAD;
}

static void
open_chapter(struct builder *b, int number, const char *title)
{
	struct chapter	*c;

	close_head(b);
	if (!room_for_one(b))
		return;
	b->r->chapters = xgrowarray(b->r->chapters, b->r->nchapters,
	    sizeof *b->r->chapters);
	c = &b->r->chapters[b->r->nchapters++];
	c->number = number;
	c->title = *title != '\0' ? xstrdup(title) : NULL;
	b->chapter = number;
	b->state = c->title == NULL ? ST_CHAPTER_TITLE : ST_NONE;
}

static void
add_work(struct builder *b, const struct line *l)
{
	struct measure_cells	*c = &b->cells[b->r->nmeasures - 1];

	c->work = xgrowarray(c->work, c->nwork, sizeof *c->work);
	c->work[c->nwork].text = l->text;
	c->work[c->nwork].len = l->len;
	c->work[c->nwork++].line = l->no;
}

/* Feed one non-empty line to the state machine. */
static void
feed(struct builder *b, const struct line *l)
{
	const char	*rest;
	int		 ch;

	if (line_is(&b->lex->header_cells, l)) {
		close_head(b);
		b->state = ST_NONE;
	} else if ((ch = chapter_line(b->lex, l, &rest)) > 0)
		open_chapter(b, ch, rest);
	else if (is_measure_number(l->text))
		open_measure(b, l);
	else if (b->r->nmeasures > 0 && b->state != ST_CHAPTER_TITLE &&
	    line_is(&b->lex->work_done_markers, l)) {
		close_head(b);
		b->state = ST_WORK;
	} else if (b->state == ST_CHAPTER_TITLE) {
		b->r->chapters[b->r->nchapters - 1].title = xstrdup(l->text);
		b->state = ST_NONE;
	} else if (b->state == ST_HEAD) {
		b->head = xgrowarray(b->head, b->nhead, sizeof *b->head);
		b->head[b->nhead++] = l;
	} else if (b->state == ST_WORK)
		add_work(b, l);
	/* Anything else is the title, a chapter's introduction or a stray
	 * line between tables: none of it belongs to a measure. */
}

/* Year of the report: the one the title follows with "il ərzində". */
static int
title_year(const struct lexicon *lex, const char *t, const char *by)
{
	size_t	len = strlen(t), i, used, k;
	int	y, after_by = 0;

	for (i = 0; i < len; i++) {
		/* A year starts with a digit: ask at_word_start() there. */
		if (t[i] < '0' || t[i] > '9' || !at_word_start(t, t + i) ||
		    (y = year_token(t + i, len - i, &used)) < 1000)
			continue;
		for (k = 0; k < lex->title_year_markers.n; k++)
			if (t[i + used] == ' ' && match_fold(t + i + used + 1,
			    len - i - used - 1, lex->title_year_markers.v[k]))
				return y;
		if (by != NULL && t + i > by && after_by == 0)
			after_by = y;
	}
	return after_by;
}

/* Walk back from "tərəfindən" over the capitalised words of a body's name. */
static const char *
name_start(const char *pre, const char *end)
{
	const char	*p = end, *w;

	while (p > pre) {
		for (w = p; w > pre && w[-1] != ' '; w--)
			;
		if (w == p)
			break;
		{
			size_t i = 0;
			uint32_t c = utf8_next(w, &i);

			if (!is_upper_cp(c) && !(p - w == 2 &&
			    memcmp(w, "və", 2) == 0))	/* joins two nouns */
				break;
		}
		p = w > pre ? w - 1 : w;
		if (w == pre)
			return w;
	}
	return p == end ? end : p + 1;
}

/*
 * Agency: the body named before "tərəfindən" in the title paragraph.  The
 * title is folded once for the searches, then each is a memmem() in the
 * fold: its lines are normalised, as folded_find() wants.
 */
static char *
title_agency(const struct lexicon *lex, const char *t, const char **by)
{
	static const char	 by_word[] = "tərəfindən";	/* a fold */
	struct folded		 f;
	size_t			 len = strlen(t), m, k;
	const char		*start = NULL, *hit, *p, *marker;
	char			*agency;

	folded_init(&f, t, len);
	*by = folded_find(&f, t, len, by_word, sizeof by_word - 1, NULL);
	for (k = 0; *by != NULL && *by != t && k < lex->agency_markers.n;
	    k++) {
		marker = lex->agency_markers.v[k];
		for (p = t; (hit = folded_find(&f, p, (size_t)(*by - p), marker,
		    strlen(marker), &m)) != NULL; p = hit + m)
			if (start == NULL || hit + m > start)
				start = hit + m;
	}
	folded_free(&f);
	if (*by == NULL || *by == t)
		return NULL;
	if (start == NULL)
		start = name_start(t, *by - 1);
	agency = normalize_space(start, (size_t)(*by - start));
	strip_prefix_fold(agency, (const char *const *)lex->noise_prefixes.v,
	    lex->noise_prefixes.n);
	if (*agency == '\0') {
		free(agency);
		return NULL;
	}
	return agency;
}

/* Read the title paragraph: every line before the first table cell. */
static void
read_title(const struct lexicon *lex, const struct lines *ls,
    struct report *r)
{
	size_t		 i, n = 0;
	const struct line **cells = NULL;
	char		*title;
	const char	*rest, *by;

	for (i = 0; i < ls->n; i++) {
		const struct line *l = &ls->v[i];

		if (line_is(&lex->header_cells, l) || is_measure_number(l->text) ||
		    chapter_line(lex, l, &rest) > 0 ||
		    strcmp(l->text, "HESABAT") == 0)
			break;
		cells = xgrowarray(cells, n, sizeof *cells);
		cells[n++] = &ls->v[i];
	}
	title = join_cells(cells, 0, n);
	free(cells);
	if (title == NULL)
		return;
	r->agency = title_agency(lex, title, &by);
	r->year = title_year(lex, title, by);
	free(title);
}

/* Read the structure of a report's lines into r and per-measure cells. */
int
layout_read(const struct lexicon *lex, const struct lines *ls,
    struct report *r, struct measure_cells **cells, char **cause)
{
	struct builder	 b;
	size_t		 i;

	memset(&b, 0, sizeof b);
	b.lex = lex;
	b.r = r;
	read_title(lex, ls, r);
	for (i = 0; i < ls->n && !b.full; i++)
		feed(&b, &ls->v[i]);
	close_head(&b);
	free(b.head);
	*cells = b.cells;
	if (b.full) {
		xasprintf(cause, "more than %d chapters, measures and executing "
		    "bodies: not a progress report", COLLECT_MAX_RECORDS);
		return -1;
	}
	if (r->nmeasures == 0) {
		*cause = xstrdup("no measures found: not a progress report");
		return -1;
	}
	return 0;
}
