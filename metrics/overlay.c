/*
 * The corrections laid over the facts as they are read: a counted report's
 * measures (for the ledger, hence the indicators, measures, /metrics and
 * the exports), an agency's agreement rows (the ledger's walk, the
 * transitions), the rows of the agreement listing and the facts the trends
 * count.  A corrected fact keeps, beside the value, what napmon read and
 * who corrected it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

#define FIELDS_MAX	3	/* an agreement's stage, date, partner_iso */

/* The corrections laid over one fact, with the values they replaced. */
struct applied {
	const struct correction	*c[FIELDS_MAX];
	char			*read[FIELDS_MAX];	/* NULL: none read */
	size_t			 n;
};

/* The newest correction of a field of a fact, or NULL. */
static const struct correction *
overlay_find(const struct corrections *cs, const char *agency,
    enum correction_kind kind, const char *key, int year, const char *field)
{
	const struct correction	*c, *found = NULL;
	size_t			 i;

	if (agency == NULL || key == NULL)
		return (NULL);
	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		if (c->kind == kind && (c->year == 0 || c->year == year) &&
		    strcmp(c->field, field) == 0 && strcmp(c->key, key) == 0 &&
		    strcmp(c->agency, agency) == 0)
			found = c;
	}
	return (found);
}

/* Remember a correction laid over a field and the value it replaced. */
static void
applied_add(struct applied *a, const struct correction *c, const char *read)
{
	a->c[a->n] = c;
	a->read[a->n++] = read != NULL && *read != '\0' ? xstrdup(read) : NULL;
}

/* One correction as a corrected fact shows it. */
static cJSON *
applied_one(const struct correction *c)
{
	cJSON	*o = cJSON_CreateObject();
	char	 when[32];

	cJSON_AddNumberToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "field", c->field);
	cJSON_AddStringToObject(o, "who", c->who);
	time_iso(c->created, when, sizeof when);
	cJSON_AddStringToObject(o, "when", when);
	json_add_string_or_null(o, "note", c->note);
	return (o);
}

/*
 * The members a correction adds to its fact: "source": "human", "read"
 * (what napmon read of each field corrected), "correction" (the newest)
 * and, when several fields are, "corrections" (all).  Frees a's copies.
 */
static cJSON *
applied_json(struct applied *a)
{
	cJSON	*o = cJSON_CreateObject(), *read, *all;
	size_t	 i, newest = 0;

	cJSON_AddStringToObject(o, "source", "human");
	read = cJSON_AddObjectToObject(o, "read");
	for (i = 0; i < a->n; i++) {
		json_add_string_or_null(read, a->c[i]->field, a->read[i]);
		free(a->read[i]);
		if (a->c[i]->id > a->c[newest]->id)
			newest = i;
	}
	cJSON_AddItemToObject(o, "correction", applied_one(a->c[newest]));
	if (a->n > 1) {
		all = cJSON_AddArrayToObject(o, "corrections");
		for (i = 0; i < a->n; i++)
			cJSON_AddItemToArray(all, applied_one(a->c[i]));
	}
	return (o);
}

/* Judge overdue again for a corrected status, as the parser does, against
 * the report's year; a deadline with no end, or no year, is left as read. */
static void
measure_overdue(struct measure *m, int year)
{
	if (m->deadline.end == 0 || year == 0)
		return;
	m->overdue = m->deadline.end < year && m->status != STATUS_COMPLETED;
	m->overdue_years = m->overdue ? year - m->deadline.end : 0;
}

/*
 * Lay an agency's corrections over the measures of a report read back;
 * s->corrected keeps, per measure, what to show of them.  -1 on error.
 */
int
corrections_report(sqlite3 *db, struct stored_report *s)
{
	struct report		*r = s->report;
	struct corrections	 cs;
	const struct correction	*c;
	struct applied		 a;
	char			*cause;
	size_t			 i;

	if (r->agency == NULL)
		return (0);
	if (corrections_read(db, r->agency, &cs, &cause) != 0) {
		free(cause);
		return (-1);
	}
	for (i = 0; i < r->nmeasures && cs.n > 0; i++) {
		c = overlay_find(&cs, r->agency, CORRECTION_MEASURE,
		    r->measures[i].id, r->year, "status");
		if (c == NULL)
			continue;
		memset(&a, 0, sizeof a);
		applied_add(&a, c, status_name(r->measures[i].status));
		r->measures[i].status = status_from_name(c->value);
		measure_overdue(&r->measures[i], r->year);
		if (s->corrected == NULL)
			s->corrected = xcalloc(r->nmeasures,
			    sizeof *s->corrected);
		s->corrected[i] = applied_json(&a);
	}
	corrections_clear(&cs);
	return (0);
}

/* Add to a measure's JSON what its correction shows, if it has one. */
void
corrections_measure_json(const struct stored_report *s,
    const struct measure *m, cJSON *o)
{
	cJSON	*add, *item;

	if (s->corrected == NULL ||
	    (add = s->corrected[m - s->report->measures]) == NULL)
		return;
	while ((item = add->child) != NULL) {
		cJSON_DetachItemViaPointer(add, item);
		cJSON_AddItemToObject(o, item->string, item);
	}
}

/*
 * Lay an agency's status corrections over a year of a measure's history
 * (history_measure()'s rows): the status that year's indicators count,
 * its years overdue judged again, and what was read.
 */
void
corrections_history(const struct corrections *cs, const char *agency,
    const char *id, cJSON *row)
{
	const struct correction	*c;
	struct applied		 a = { 0 };
	cJSON			*add, *item;
	int			 year, end;

	year = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(row, "year"));
	if ((c = overlay_find(cs, agency, CORRECTION_MEASURE, id, year,
	    "status")) == NULL)
		return;
	applied_add(&a, c, cJSON_GetStringValue(cJSON_GetObjectItem(row,
	    "status")));
	cJSON_ReplaceItemInObject(row, "status", cJSON_CreateString(c->value));
	end = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(
	    cJSON_GetObjectItem(row, "deadline"), "end"));
	if (end > 0 && end < year && status_from_name(c->value) !=
	    STATUS_COMPLETED)
		cJSON_ReplaceItemInObject(row, "overdue_years",
		    cJSON_CreateNumber(year - end));
	else
		cJSON_ReplaceItemInObject(row, "overdue_years",
		    cJSON_CreateNull());
	add = applied_json(&a);
	while ((item = add->child) != NULL) {
		cJSON_DetachItemViaPointer(add, item);
		cJSON_AddItemToObject(row, item->string, item);
	}
	cJSON_Delete(add);
}

/*
 * Lay an agency's status corrections over a measure of its report of a
 * year, read for the trends (id, status, deadline end, overdue): the
 * status counted, overdue judged again.  1 if one was laid over it.
 */
int
corrections_trend_measure(const struct corrections *cs, const char *agency,
    int year, struct measure *m)
{
	const struct correction	*c;

	if ((c = overlay_find(cs, agency, CORRECTION_MEASURE, m->id, year,
	    "status")) == NULL)
		return (0);
	m->status = status_from_name(c->value);
	measure_overdue(m, year);
	return (1);
}

/* The stage a correction gives an agreement of an agency's report of a
 * year, for the trends; -1 if none does. */
int
corrections_trend_stage(const struct corrections *cs, const char *agency,
    int year, const char *name)
{
	const struct correction	*c;

	if ((c = overlay_find(cs, agency, CORRECTION_AGREEMENT, name, year,
	    "stage")) == NULL)
		return (-1);
	return (stage_from_name(c->value));
}

/* Lay an agency's corrections over one of its agreement rows. */
void
corrections_sighting(const struct corrections *cs, const char *agency,
    struct sighting *v)
{
	const struct correction	*c;

	if ((c = overlay_find(cs, agency, CORRECTION_AGREEMENT, v->name,
	    v->year, "stage")) != NULL)
		v->stage = stage_from_name(c->value);
	if ((c = overlay_find(cs, agency, CORRECTION_AGREEMENT, v->name,
	    v->year, "date")) != NULL)
		v->date = c->value;
	if ((c = overlay_find(cs, agency, CORRECTION_AGREEMENT, v->name,
	    v->year, "partner_iso")) != NULL)
		v->partner_iso = c->value;
}

/* Lay the corrections over one row of the listing. */
static void
overlay_row(const struct corrections *cs, struct listed_row *r)
{
	const struct correction	*c;
	struct applied		 a;
	cJSON			*add;
	char			*text;
	size_t			 len;

	memset(&a, 0, sizeof a);
	if ((c = overlay_find(cs, r->agency, CORRECTION_AGREEMENT, r->a.name,
	    r->year, "stage")) != NULL) {
		applied_add(&a, c, stage_name(r->a.stage));
		r->a.stage = stage_from_name(c->value);
	}
	if ((c = overlay_find(cs, r->agency, CORRECTION_AGREEMENT, r->a.name,
	    r->year, "date")) != NULL) {
		applied_add(&a, c, r->a.date);
		snprintf(r->a.date, sizeof r->a.date, "%s", c->value);
	}
	if ((c = overlay_find(cs, r->agency, CORRECTION_AGREEMENT, r->a.name,
	    r->year, "partner_iso")) != NULL) {
		applied_add(&a, c, r->a.partner_iso);
		free(r->a.partner_iso);
		r->a.partner_iso = xstrdup(c->value);
	}
	if (a.n == 0)
		return;
	/* Written into the listing's own text: the members, from ','. */
	add = applied_json(&a);
	text = json_text(add, &len);
	text[0] = ',';
	text[len - 1] = '\0';
	r->corrected = text;
	cJSON_Delete(add);
}

/* Lay the corrections over a page of the listing's rows.  -1 on error. */
int
corrections_rows(sqlite3 *db, struct listed_row *v, size_t n)
{
	struct corrections	cs;
	char			*cause;
	size_t			i;

	if (corrections_read(db, NULL, &cs, &cause) != 0) {
		free(cause);
		return (-1);
	}
	for (i = 0; i < n && cs.n > 0; i++)
		overlay_row(&cs, &v[i]);
	corrections_clear(&cs);
	return (0);
}
