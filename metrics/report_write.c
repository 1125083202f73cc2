/*
 * JSON written straight to a stream, byte for byte as cJSON prints it: a
 * report as `napmon parse` prints it, and any cJSON document compact, for
 * the answers and the export files.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "metrics_internal.h"

/*
 * The same document written straight to a stream, byte for byte as
 * cJSON_Print() prints report_to_json(): building the tree (a malloc and a
 * copy per value) only to print and free it took a third of a parse.  The
 * pieces go to a buffer of the writer's own and from there to the stream a
 * buffer at a time: a stdio call per piece, most of them a few bytes, took
 * a fifth of the writing.
 */
#define OUT_SIZE	16384

struct out {
	FILE	*f;
	size_t	 n;
	char	 buf[OUT_SIZE];
};

static void
out_flush(struct out *o)
{
	fwrite_unlocked(o->buf, 1, o->n, o->f);
	o->n = 0;
}

static inline void
out_bytes(struct out *o, const void *p, size_t n)
{
	if (n > OUT_SIZE - o->n) {
		out_flush(o);
		if (n > OUT_SIZE) {	/* a long text: straight through */
			fwrite_unlocked(p, 1, n, o->f);
			return;
		}
	}
	memcpy(o->buf + o->n, p, n);
	o->n += n;
}

static inline void
out_byte(struct out *o, char c)
{
	if (o->n == OUT_SIZE)
		out_flush(o);
	o->buf[o->n++] = c;
}

static inline void
out_str(struct out *o, const char *s)
{
	out_bytes(o, s, strlen(s));
}

/* The bytes a JSON string escapes: control characters, '"' and '\'. */
static const unsigned char escaped[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1
};

#ifdef __SSE2__
/* Which of the 16 bytes at s a JSON string escapes, a bit each. */
static inline unsigned int
escapes16(const char *s)
{
	const __m128i	space = _mm_set1_epi8(' ');
	__m128i		v, bad;

	v = _mm_loadu_si128((const __m128i *)(const void *)s);
	/* Below ' ' unsigned: the minimum of v and ' ' is v itself and v is
	 * not ' '. */
	bad = _mm_andnot_si128(_mm_cmpeq_epi8(v, space),
	    _mm_cmpeq_epi8(_mm_min_epu8(v, space), v));
	bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(v,
	    _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
	return (unsigned int)_mm_movemask_epi8(bad);
}
#endif

/*
 * The offset of the first byte of s from i on (len bytes in all) that
 * needs an escape, or len: tested 16 at a time with SSE2, the last of a
 * string of 16 or more in its last 16 bytes; else one at a time.
 */
static size_t
plain_run(const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
	unsigned int	mask;

	for (; len - i >= 16; i += 16)
		if ((mask = escapes16(s + i)) != 0)
			return i + (size_t)__builtin_ctz(mask);
	if (i < len && len >= 16) {
		mask = escapes16(s + len - 16) >> (16 - (len - i));
		return mask != 0 ? i + (size_t)__builtin_ctz(mask) : len;
	}
#endif
	while (i < len && !escaped[(unsigned char)s[i]])
		i++;
	return i;
}

static void
put_escape(struct out *o, unsigned char c)
{
	static const char	letter[256] = { ['\b'] = 'b', ['\f'] = 'f',
	    ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't', ['"'] = '"',
	    ['\\'] = '\\' };
	static const char	hex[] = "0123456789abcdef";
	char			e[6] = { '\\', 'u', '0', '0' };

	if (letter[c] != '\0') {
		e[1] = letter[c];
		out_bytes(o, e, 2);
	} else {
		e[4] = hex[c >> 4];
		e[5] = hex[c & 15];
		out_bytes(o, e, 6);
	}
}

static void
put_string(struct out *o, const char *s)
{
	size_t	len = strlen(s), i = 0, n;

	out_byte(o, '"');
	for (;;) {
		n = plain_run(s, i, len);
		out_bytes(o, s + i, n - i);
		if ((i = n) == len)
			break;
		put_escape(o, (unsigned char)s[i++]);
	}
	out_byte(o, '"');
}

static void
put_string_or_null(struct out *o, const char *s)
{
	if (s != NULL && *s != '\0')
		put_string(o, s);
	else
		out_bytes(o, "null", 4);
}

/* An int as cJSON prints the double it holds: every int is exact. */
static void
put_int(struct out *o, int v)
{
	char		 buf[16], *p = buf + sizeof buf;
	unsigned int	 u = v < 0 ? 0U - (unsigned int)v : (unsigned int)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	out_bytes(o, p, (size_t)(buf + sizeof buf - p));
}

static void
put_int_or_null(struct out *o, int v)
{
	if (v != 0)
		put_int(o, v);
	else
		out_str(o, "null");
}

/* cJSON's test that a number printed reads back as the same. */
static int
same_double(double a, double b)
{
	double	most = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= most * DBL_EPSILON;
}

/*
 * A number as cJSON prints it: in 15 significant digits when they read back
 * as the same, else 17; NaN and the infinities as null.  One equal to whole,
 * its int, is that int in 15 digits, written without printf (but -0).
 */
static void
put_number(struct out *o, double d, int whole)
{
	char	buf[32];
	double	test;

	if (isnan(d) || isinf(d)) {
		out_bytes(o, "null", 4);
		return;
	}
	if (d == (double)whole && !(d == 0 && signbit(d))) {
		put_int(o, whole);
		return;
	}
	snprintf(buf, sizeof buf, "%1.15g", d);
	if (sscanf(buf, "%lg", &test) != 1 || !same_double(test, d))
		snprintf(buf, sizeof buf, "%1.17g", d);
	out_str(o, buf);
}

/* A rate in [0, 1], as cJSON prints it. */
static void
put_rate(struct out *o, double d)
{
	put_number(o, d, (int)d);
}

static void
put_indent(struct out *o, int depth)
{
	while (depth-- > 0)
		out_byte(o, '\t');
}

/* Start a member of an object whose members stand at depth; all but the
 * first end the member before them.  Inline, so that the length of each
 * key, a literal, is known where it is written. */
static inline void
put_key(struct out *o, int depth, const char *key, int first)
{
	out_str(o, first ? "{\n" : ",\n");
	put_indent(o, depth);
	out_byte(o, '"');
	out_str(o, key);
	out_str(o, "\":\t");
}

/* End an object whose members stand at depth. */
static void
put_end(struct out *o, int depth)
{
	out_byte(o, '\n');
	put_indent(o, depth - 1);
	out_byte(o, '}');
}

static void
put_evidence(struct out *o, int depth, const struct evidence *e)
{
	put_key(o, depth, "evidence", 0);
	if (e->line == 0) {
		out_str(o, "null");
		return;
	}
	put_key(o, depth + 1, "line", 1);
	put_int(o, e->line);
	put_key(o, depth + 1, "text", 0);
	put_string_or_null(o, e->text);
	put_end(o, depth + 1);
}

/* json_add_confidence() at depth. */
static void
put_confidence(struct out *o, int depth, unsigned doubts)
{
	int	i, first = 1;

	if (doubts & DOUBTS_UNJUDGED)
		return;
	put_key(o, depth, "confidence", 0);
	put_string(o, confidence_name(confidence_of(doubts)));
	if (doubts == 0)
		return;
	put_key(o, depth, "reasons", 0);
	out_byte(o, '[');
	for (i = 0; i < DOUBT_COUNT; i++) {
		if (!(doubts & 1u << i))
			continue;
		if (!first)
			out_str(o, ", ");
		first = 0;
		put_string(o, doubt_name(1u << i));
	}
	out_byte(o, ']');
}

static void
put_deadline(struct out *o, int depth, const struct deadline *d)
{
	put_key(o, depth, "text", 1);
	put_string_or_null(o, d->text);
	put_key(o, depth, "kind", 0);
	put_string(o, deadline_kind_name(d->kind));
	put_key(o, depth, "start", 0);
	put_int_or_null(o, d->start);
	put_key(o, depth, "end", 0);
	put_int_or_null(o, d->end);
	put_end(o, depth);
}

/* measure_to_json(m, 1) as an object whose members stand at depth. */
static void
put_measure(struct out *o, int depth, const struct measure *m)
{
	size_t	i;

	put_key(o, depth, "id", 1);
	put_string(o, m->id);
	put_key(o, depth, "chapter", 0);
	put_int_or_null(o, m->chapter);
	put_key(o, depth, "title", 0);
	put_string_or_null(o, m->title);
	put_key(o, depth, "description", 0);
	put_string_or_null(o, m->description);
	put_key(o, depth, "line", 0);
	put_int(o, m->line);
	put_key(o, depth, "deadline", 0);
	put_deadline(o, depth + 1, &m->deadline);
	put_key(o, depth, "executors", 0);
	out_byte(o, '[');
	for (i = 0; i < m->nexecutors; i++) {
		if (i > 0)
			out_str(o, ", ");
		put_string(o, m->executors[i]);
	}
	out_byte(o, ']');
	put_key(o, depth, "work_done", 0);
	put_string_or_null(o, m->work_done);
	put_key(o, depth, "status", 0);
	put_string(o, status_name(m->status));
	put_key(o, depth, "overdue", 0);
	out_str(o, m->overdue < 0 ? "null" : m->overdue ? "true" : "false");
	put_key(o, depth, "overdue_years", 0);
	put_int_or_null(o, m->overdue_years);
	put_evidence(o, depth, &m->evidence);
	put_confidence(o, depth, m->doubts);
	put_end(o, depth);
}

/* An agreement's events as cJSON_Print() prints them, each object's
 * members at depth. */
static void
put_events(struct out *o, int depth, const struct agreement *a)
{
	size_t	i;

	out_byte(o, '[');
	for (i = 0; i < a->nevents; i++) {
		if (i > 0)
			out_str(o, ", ");
		put_key(o, depth, "stage", 1);
		put_string(o, stage_name(a->events[i].stage));
		put_key(o, depth, "date", 0);
		put_string_or_null(o, a->events[i].date);
		put_evidence(o, depth, &a->events[i].evidence);
		put_confidence(o, depth, a->events[i].doubts);
		put_end(o, depth);
	}
	out_byte(o, ']');
}

/* agreement_to_json() as an object whose members stand at depth. */
static void
put_agreement(struct out *o, int depth, const struct agreement *a)
{
	put_key(o, depth, "name", 1);
	put_string(o, a->name);
	put_key(o, depth, "kind", 0);
	put_string(o, a->kind);
	put_key(o, depth, "partner", 0);
	put_string_or_null(o, a->partner);
	put_key(o, depth, "partner_iso", 0);
	put_string_or_null(o, a->partner_iso);
	put_key(o, depth, "partner_match", 0);
	put_string_or_null(o, partner_match_name(a));
	put_key(o, depth, "stage", 0);
	put_string(o, stage_name(a->stage));
	put_key(o, depth, "date", 0);
	put_string_or_null(o, a->date);
	put_key(o, depth, "measure", 0);
	put_string_or_null(o, a->measure);
	put_evidence(o, depth, &a->evidence);
	put_confidence(o, depth, a->doubts);
	put_key(o, depth, "events", 0);
	put_events(o, depth + 2, a);
	put_end(o, depth);
}

/* tally_to_json() as an object whose members stand at depth. */
static void
put_tally(struct out *o, int depth, const struct tally *t)
{
	double	rate = tally_completion_rate(t);
	int	i;

	put_key(o, depth, "measures", 1);
	put_key(o, depth + 1, "total", 1);
	put_int(o, t->measures);
	for (i = 0; i < STATUS_COUNT; i++) {
		put_key(o, depth + 1, status_name((enum status)i), 0);
		put_int(o, t->by_status[i]);
	}
	put_key(o, depth + 1, "overdue", 0);
	put_int(o, t->overdue);
	put_end(o, depth + 1);
	put_key(o, depth, "completion_rate", 0);
	if (rate < 0)
		out_str(o, "null");
	else
		put_rate(o, rate);
	put_key(o, depth, "agreements", 0);
	put_key(o, depth + 1, "total", 1);
	put_int(o, t->agreements);
	put_key(o, depth + 1, "by_stage", 0);
	for (i = 0; i < STAGE_COUNT; i++) {
		put_key(o, depth + 2, stage_name((enum stage)i), i == 0);
		put_int(o, t->by_stage[i]);
	}
	put_end(o, depth + 2);
	put_end(o, depth + 1);
	put_end(o, depth);
}

static void
put_head(struct out *o, int depth, const struct report *r)
{
	put_key(o, depth, "file", 1);
	put_string(o, r->file);
	put_key(o, depth, "sha256", 0);
	put_string(o, r->sha256);
	put_key(o, depth, "format", 0);
	put_string(o, format_name(r->format));
	put_key(o, depth, "encoding", 0);
	put_string(o, encoding_name(r->encoding));
	put_key(o, depth, "agency", 0);
	put_string_or_null(o, r->agency);
	put_key(o, depth, "year", 0);
	put_int_or_null(o, r->year);
	put_end(o, depth);
}

/* report_to_json(r), the object standing at depth. */
static void
put_report(struct out *o, const struct report *r, int depth)
{
	struct tally	t = { 0 };
	size_t		i;
	int		d = depth + 1;

	put_key(o, d, "report", 1);
	put_head(o, d + 1, r);
	put_key(o, d, "chapters", 0);
	out_byte(o, '[');
	for (i = 0; i < r->nchapters; i++) {
		if (i > 0)
			out_str(o, ", ");
		put_key(o, d + 2, "number", 1);
		put_int(o, r->chapters[i].number);
		put_key(o, d + 2, "title", 0);
		put_string_or_null(o, r->chapters[i].title);
		put_end(o, d + 2);
	}
	out_byte(o, ']');
	put_key(o, d, "measures", 0);
	out_byte(o, '[');
	for (i = 0; i < r->nmeasures; i++) {
		if (i > 0)
			out_str(o, ", ");
		put_measure(o, d + 2, &r->measures[i]);
	}
	out_byte(o, ']');
	put_key(o, d, "agreements", 0);
	out_byte(o, '[');
	for (i = 0; i < r->nagreements; i++) {
		if (i > 0)
			out_str(o, ", ");
		put_agreement(o, d + 2, &r->agreements[i]);
	}
	out_byte(o, ']');
	tally_report(&t, r);
	put_key(o, d, "indicators", 0);
	put_tally(o, d + 1, &t);
	put_end(o, d);
}

/* Write report_to_json(r) as cJSON_Print() would, the object standing at
 * depth (1 in an array); the caller checks the stream for errors. */
void
report_write_json(FILE *f, const struct report *r, int depth)
{
	struct out	o;

	o.f = f;
	o.n = 0;
	put_report(&o, r, depth);
	out_flush(&o);
}

/* A cJSON value as cJSON_PrintUnformatted() prints it. */
static void
put_value(struct out *o, const cJSON *v)
{
	const cJSON	*c;

	switch (v->type & 0xff) {
	case cJSON_False:
		out_bytes(o, "false", 5);
		break;
	case cJSON_True:
		out_bytes(o, "true", 4);
		break;
	case cJSON_Number:
		put_number(o, v->valuedouble, v->valueint);
		break;
	case cJSON_String:
		put_string(o, v->valuestring != NULL ? v->valuestring : "");
		break;
	case cJSON_Raw:
		out_str(o, v->valuestring);
		break;
	case cJSON_Array:
		out_byte(o, '[');
		for (c = v->child; c != NULL; c = c->next) {
			if (c != v->child)
				out_byte(o, ',');
			put_value(o, c);
		}
		out_byte(o, ']');
		break;
	case cJSON_Object:
		/* A reference to an object printed before, with its text: the
		 * ledger's by_agency. */
		if ((v->type & cJSON_IsReference) && v->valuestring != NULL) {
			out_str(o, v->valuestring);
			break;
		}
		out_byte(o, '{');
		for (c = v->child; c != NULL; c = c->next) {
			if (c != v->child)
				out_byte(o, ',');
			put_string(o, c->string != NULL ? c->string : "");
			out_byte(o, ':');
			put_value(o, c);
		}
		out_byte(o, '}');
		break;
	default:
		out_bytes(o, "null", 4);
	}
}

/* Start a member of a compact object; keys are literals, nothing to escape. */
static inline void
put_member(struct out *o, const char *key, int first)
{
	out_byte(o, first ? '{' : ',');
	out_byte(o, '"');
	out_str(o, key);
	out_bytes(o, "\":", 2);
}

/* json_add_confidence()'s members, compact. */
static void
put_confidence_members(struct out *o, unsigned doubts)
{
	int	i, first = 1;

	if (doubts & DOUBTS_UNJUDGED)
		return;
	put_member(o, "confidence", 0);
	put_string(o, confidence_name(confidence_of(doubts)));
	if (doubts == 0)
		return;
	put_member(o, "reasons", 0);
	out_byte(o, '[');
	for (i = 0; i < DOUBT_COUNT; i++) {
		if (!(doubts & 1u << i))
			continue;
		if (!first)
			out_byte(o, ',');
		first = 0;
		put_string(o, doubt_name(1u << i));
	}
	out_byte(o, ']');
}

/*
 * agreement_to_json()'s members, compact, the object left open.  cJSON
 * leaves out a member whose string is NULL: so does this, for the kind.
 */
static void
put_agreement_members(struct out *o, const struct agreement *a)
{
	put_member(o, "name", 1);
	put_string(o, a->name);
	if (a->kind != NULL) {
		put_member(o, "kind", 0);
		put_string(o, a->kind);
	}
	put_member(o, "partner", 0);
	put_string_or_null(o, a->partner);
	put_member(o, "partner_iso", 0);
	put_string_or_null(o, a->partner_iso);
	put_member(o, "partner_match", 0);
	put_string_or_null(o, partner_match_name(a));
	put_member(o, "stage", 0);
	put_string(o, stage_name(a->stage));
	put_member(o, "date", 0);
	put_string_or_null(o, a->date);
	put_member(o, "measure", 0);
	put_string_or_null(o, a->measure);
	put_member(o, "evidence", 0);
	if (a->evidence.line == 0)
		out_bytes(o, "null", 4);
	else {
		put_member(o, "line", 1);
		put_int(o, a->evidence.line);
		put_member(o, "text", 0);
		put_string_or_null(o, a->evidence.text);
		out_byte(o, '}');
	}
	put_confidence_members(o, a->doubts);
}

/* A row's events as stored: JSON that the store's writer printed. */
static void
put_stored_events(struct out *o, const char *events)
{
	put_member(o, "events", 0);
	out_str(o, events != NULL ? events : "null");
}

/* The year, stage, date and report of each row, oldest first. */
static void
put_history(struct out *o, const struct listed_row *v, size_t n)
{
	size_t	i;

	out_byte(o, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			out_byte(o, ',');
		put_member(o, "year", 1);
		put_int(o, v[i].year);
		put_member(o, "stage", 0);
		put_string(o, stage_name(v[i].a.stage));
		put_member(o, "date", 0);
		put_string_or_null(o, v[i].a.date);
		put_member(o, "report", 0);
		put_string(o, v[i].file);
		out_byte(o, '}');
	}
	out_byte(o, ']');
}

/* Each change of stage from one row to the next. */
static void
put_transitions(struct out *o, const struct listed_row *v, size_t n)
{
	size_t	i;
	int	first = 1;

	out_byte(o, '[');
	for (i = 1; i < n; i++) {
		if (v[i].a.stage == v[i - 1].a.stage)
			continue;
		if (!first)
			out_byte(o, ',');
		first = 0;
		put_member(o, "agency", 1);
		put_string(o, agency_label(v[i].agency));
		put_member(o, "name", 0);
		put_string(o, v[i].a.name);
		put_member(o, "from", 0);
		put_string(o, stage_name(v[i - 1].a.stage));
		put_member(o, "to", 0);
		put_string(o, stage_name(v[i].a.stage));
		put_member(o, "from_year", 0);
		put_int(o, v[i - 1].year);
		put_member(o, "to_year", 0);
		put_int(o, v[i].year);
		out_byte(o, '}');
	}
	out_byte(o, ']');
}

/*
 * What an agreement's n rows (one per report of its agency naming it,
 * oldest first) say of its history, as DOMAIN.md defines it: stuck when
 * its last stuck_reports rows share a stage, regressed when a row is
 * below the furthest stage an earlier row gave it (the first such pair).
 */
void
rows_history(const struct listed_row *v, size_t n, int stuck_reports,
    struct row_history *h)
{
	size_t	i, high = 0, since = n - 1;

	memset(h, 0, sizeof *h);
	h->first_seen = v[0].year;
	while (since > 0 && v[since - 1].a.stage == v[n - 1].a.stage)
		since--;
	h->years_at_stage = v[n - 1].year - v[since].year;
	h->stuck = stuck_reports > 0 && n - since >= (size_t)stuck_reports;
	for (i = 1; i < n && !h->regressed; i++) {
		if (v[i].a.stage < v[high].a.stage) {
			h->regressed = 1;
			h->high = high;
			h->low = i;
		} else if (v[i].a.stage > v[high].a.stage)
			high = i;
	}
}

/* One side of a regression: the year, stage and evidence of a row. */
static void
put_regression_side(struct out *o, const char *key, int first,
    const struct listed_row *r)
{
	put_member(o, key, first);
	put_member(o, "year", 1);
	put_int(o, r->year);
	put_member(o, "stage", 0);
	put_string(o, stage_name(r->a.stage));
	put_member(o, "report", 0);
	put_string(o, r->file);
	put_member(o, "evidence", 0);
	put_string_or_null(o, r->a.evidence.text);
	out_byte(o, '}');
}

/* first_seen, years_at_stage, stuck and regressed, with the two rows
 * of a regression. */
static void
put_row_history(struct out *o, const struct listed_row *v,
    const struct row_history *h)
{
	put_member(o, "first_seen", 0);
	put_int(o, h->first_seen);
	put_member(o, "years_at_stage", 0);
	put_int(o, h->years_at_stage);
	put_member(o, "stuck", 0);
	out_str(o, h->stuck ? "true" : "false");
	put_member(o, "regressed", 0);
	if (!h->regressed) {
		out_str(o, "false");
		return;
	}
	out_str(o, "true");
	put_member(o, "regression", 0);
	put_regression_side(o, "before", 1, &v[h->high]);
	put_regression_side(o, "after", 0, &v[h->low]);
	out_byte(o, '}');
}

/*
 * One agreement of the listing from its n rows, oldest first: the latest
 * row, its agency and year, the history and the changes of stage.  Written
 * straight from the rows, compact: building it as a cJSON tree first took
 * a third of writing agreements.json, most of it in malloc and free.
 */
void
listed_agreement_write(FILE *f, const struct listed_row *v, size_t n,
    const struct row_history *h)
{
	const struct listed_row	*latest = &v[n - 1];
	struct out		 o;

	o.f = f;
	o.n = 0;
	put_agreement_members(&o, &latest->a);
	put_stored_events(&o, latest->events);
	if (latest->corrected != NULL)
		out_str(&o, latest->corrected);
	put_member(&o, "agency", 0);
	put_string(&o, agency_label(latest->agency));
	put_member(&o, "year", 0);
	put_int(&o, latest->year);
	put_row_history(&o, v, h);
	put_member(&o, "history", 0);
	put_history(&o, v, n);
	put_member(&o, "transitions", 0);
	put_transitions(&o, v, n);
	out_byte(&o, '}');
	out_flush(&o);
}

/*
 * Write a cJSON document as cJSON_PrintUnformatted() prints it, byte for
 * byte, without its buffer grown by realloc() as it goes and its sprintf()
 * for every number: that printing was a quarter of a recount of the
 * indicators and 45% of writing agreements.json.  The caller checks the
 * stream for errors.
 */
void
json_write(FILE *f, const cJSON *doc)
{
	struct out	o;

	o.f = f;
	o.n = 0;
	put_value(&o, doc);
	out_flush(&o);
}

/* The same in a string of its own, with its length. */
char *
json_text(const cJSON *doc, size_t *len)
{
	FILE	*f;
	char	*text = NULL;

	if ((f = open_memstream(&text, len)) == NULL)
		abort();
	json_write(f, doc);
	if (fclose(f) != 0)
		abort();
	return (text);
}
