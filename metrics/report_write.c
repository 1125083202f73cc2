/*
 * napmon's own documents written straight to a stream through json_out.h,
 * byte for byte as cJSON would print them: a report as `napmon parse`
 * prints it, and an agreement of the listing with its history.  Building
 * the cJSON tree (a malloc and a copy per value) only to print and free it
 * took a third of a parse.
 */
#include <stdio.h>
#include <string.h>

#include "json_out.h"
#include "metrics_internal.h"

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
