/*
 * History across the years, read from SQLite when asked (DOMAIN.md's
 * "History across the years"): each agency's indicators report year by
 * report year and their sum over the agencies (trends), one measure's
 * status in every year, and the changes of agreements' stages between an
 * agency's reports.  Each reads the rows it answers about.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

/* An agency's label, or NULL for any, matched as agency_label() shows it. */
#define AGENCY_IS	"(?1 IS NULL OR coalesce(r.agency, '" UNKNOWN_AGENCY \
			"') = ?1)"

static int
history_error(struct store *store, const char *what, char **cause)
{
	xasprintf(cause, "%s: %s", what, sqlite3_errmsg(store_db(store)));
	return (-1);
}

/* Prepare sql with ?1 bound to an agency label (NULL: any). */
static sqlite3_stmt *
history_prepare(struct store *store, const char *sql, const char *agency)
{
	sqlite3_stmt	*stmt;

	if (sqlite3_prepare_v2(store_db(store), sql, -1, &stmt, NULL) !=
	    SQLITE_OK)
		return (NULL);
	if (agency != NULL)
		sqlite3_bind_text(stmt, 1, agency, -1, SQLITE_STATIC);
	return (stmt);
}

/* Count one report's measures and agreements, as its year's indicators. */
static int
history_tally(struct store *store, long long id, struct tally *t)
{
	sqlite3_stmt	*stmt;
	int		 rc, st, n;
	const char	*kind;

	memset(t, 0, sizeof *t);
	if (sqlite3_prepare_v2(store_db(store), "SELECT status, deadline_kind,"
	    " overdue, count(*) FROM measures WHERE report_id = ?"
	    " GROUP BY 1, 2, 3", -1, &stmt, NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((st = status_from_name((const char *)
		    sqlite3_column_text(stmt, 0))) < 0)
			continue;
		kind = (const char *)sqlite3_column_text(stmt, 1);
		n = sqlite3_column_int(stmt, 3);
		t->measures += n;
		t->by_status[st] += n;
		if (strcmp(kind, "year") == 0 || strcmp(kind, "range") == 0 ||
		    strcmp(kind, "until") == 0) {
			t->fixed += n;
			t->fixed_completed += st == STATUS_COMPLETED ? n : 0;
		}
		t->overdue += sqlite3_column_int(stmt, 2) == 1 ? n : 0;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE || sqlite3_prepare_v2(store_db(store),
	    "SELECT stage, count(*) FROM agreements WHERE report_id = ?"
	    " GROUP BY 1", -1, &stmt, NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((st = stage_from_name((const char *)
		    sqlite3_column_text(stmt, 0))) < 0)
			continue;
		t->agreements += sqlite3_column_int(stmt, 1);
		t->by_stage[st] += sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* One row of the trends: a year's counts, with the overdue on top. */
static cJSON *
trend_json(const char *agency, int year, const struct tally *t)
{
	cJSON	*o = cJSON_CreateObject(), *counts = tally_to_json(t), *item;

	if (agency != NULL)
		cJSON_AddStringToObject(o, "agency", agency);
	cJSON_AddNumberToObject(o, "year", year);
	while ((item = counts->child) != NULL) {
		cJSON_DetachItemViaPointer(counts, item);
		cJSON_AddItemToObject(o, item->string, item);
	}
	cJSON_Delete(counts);
	cJSON_AddNumberToObject(o, "overdue", t->overdue);
	return (o);
}

/* Add one year's counts of an agency into the overall ones of that year. */
static void
overall_add(struct tally *years, int *present, int year, int from,
    const struct tally *t)
{
	struct tally	*y = &years[year - from];
	int		 i;

	present[year - from] = 1;
	y->measures += t->measures;
	for (i = 0; i < STATUS_COUNT; i++)
		y->by_status[i] += t->by_status[i];
	y->fixed += t->fixed;
	y->fixed_completed += t->fixed_completed;
	y->overdue += t->overdue;
	y->agreements += t->agreements;
	for (i = 0; i < STAGE_COUNT; i++)
		y->by_stage[i] += t->by_stage[i];
}

/*
 * {"trends":[{agency, year, ...counts}], "overall":[{year, ...}]}: for
 * each agency (or the one asked) and report year, the indicators of that
 * year's report (its latest, when a year has two), and per year their sum
 * over the agencies that reported that year.
 */
cJSON *
history_trends(struct store *store, const char *agency, char **cause)
{
	sqlite3_stmt	*stmt;
	cJSON		*doc, *rows, *overall;
	struct tally	 t, years[HISTORY_YEARS];
	int		 present[HISTORY_YEARS], rc, year, i;

	stmt = history_prepare(store, "SELECT coalesce(r.agency, '"
	    UNKNOWN_AGENCY "'), r.year, max(r.id) FROM reports r WHERE "
	    AGENCY_IS " AND r.year BETWEEN ?2 AND ?3"
	    " GROUP BY 1, 2 ORDER BY 1, 2", agency);
	if (stmt == NULL) {
		history_error(store, "reading trends", cause);
		return (NULL);
	}
	sqlite3_bind_int(stmt, 2, HISTORY_FIRST_YEAR);
	sqlite3_bind_int(stmt, 3, HISTORY_FIRST_YEAR + HISTORY_YEARS - 1);
	memset(years, 0, sizeof years);
	memset(present, 0, sizeof present);
	doc = cJSON_CreateObject();
	rows = cJSON_AddArrayToObject(doc, "trends");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		year = sqlite3_column_int(stmt, 1);
		if (history_tally(store, sqlite3_column_int64(stmt, 2),
		    &t) != 0)
			break;
		cJSON_AddItemToArray(rows, trend_json((const char *)
		    sqlite3_column_text(stmt, 0), year, &t));
		overall_add(years, present, year, HISTORY_FIRST_YEAR, &t);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(doc);
		history_error(store, "reading trends", cause);
		return (NULL);
	}
	overall = cJSON_AddArrayToObject(doc, "overall");
	for (i = 0; i < HISTORY_YEARS; i++)
		if (present[i])
			cJSON_AddItemToArray(overall, trend_json(NULL,
			    HISTORY_FIRST_YEAR + i, &years[i]));
	return (doc);
}

/* One year of a measure's history. */
static cJSON *
measure_year_json(sqlite3_stmt *stmt)
{
	cJSON	*o = cJSON_CreateObject(), *d, *ev;

	cJSON_AddNumberToObject(o, "year", sqlite3_column_int(stmt, 0));
	cJSON_AddStringToObject(o, "status", (const char *)
	    sqlite3_column_text(stmt, 1));
	d = cJSON_AddObjectToObject(o, "deadline");
	json_add_string_or_null(d, "text", (const char *)
	    sqlite3_column_text(stmt, 2));
	cJSON_AddStringToObject(d, "kind", (const char *)
	    sqlite3_column_text(stmt, 3));
	json_add_int_or_null(d, "start", sqlite3_column_int(stmt, 4));
	json_add_int_or_null(d, "end", sqlite3_column_int(stmt, 5));
	json_add_int_or_null(o, "overdue_years", sqlite3_column_int(stmt, 6));
	cJSON_AddStringToObject(o, "report", (const char *)
	    sqlite3_column_text(stmt, 7));
	if (sqlite3_column_int(stmt, 8) == 0)
		cJSON_AddNullToObject(o, "evidence");
	else {
		ev = cJSON_AddObjectToObject(o, "evidence");
		cJSON_AddNumberToObject(ev, "line",
		    sqlite3_column_int(stmt, 8));
		json_add_string_or_null(ev, "text", (const char *)
		    sqlite3_column_text(stmt, 9));
	}
	return (o);
}

/*
 * {"history":[{year, status, deadline, overdue_years, report, evidence}]}:
 * one measure of an agency in each of its report years, oldest first (a
 * year's latest report, when it has two).
 */
cJSON *
history_measure(struct store *store, const char *agency, const char *id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	cJSON		*doc, *rows, *last = NULL;
	int		 rc, year, last_year = 0;

	stmt = history_prepare(store, "SELECT r.year, m.status,"
	    " m.deadline_text, m.deadline_kind, m.deadline_start,"
	    " m.deadline_end, m.overdue_years, r.file, m.evidence_line,"
	    " m.evidence_text FROM reports r JOIN measures m"
	    " ON m.report_id = r.id WHERE " AGENCY_IS " AND m.measure = ?2"
	    " ORDER BY r.year, r.id", agency);
	if (stmt == NULL) {
		history_error(store, "reading a measure's history", cause);
		return (NULL);
	}
	sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
	doc = cJSON_CreateObject();
	rows = cJSON_AddArrayToObject(doc, "history");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		year = sqlite3_column_int(stmt, 0);
		if (last != NULL && year == last_year)	/* the later wins */
			cJSON_DeleteItemFromArray(rows,
			    cJSON_GetArraySize(rows) - 1);
		last = measure_year_json(stmt);
		last_year = year;
		cJSON_AddItemToArray(rows, last);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(doc);
		history_error(store, "reading a measure's history", cause);
		return (NULL);
	}
	return (doc);
}

/* Following one agency's agreement rows for the changes of stage. */
struct changes {
	struct store			*store;
	const struct transition_filter	*filter;
	const char			*agency;
	cJSON				*list;
	char				*name;	/* the name followed */
	enum stage			 stage;
	int				 year;
	char				*error;	/* the first failure */
};

/* Whether a change passes the filter. */
static int
change_wanted(const struct transition_filter *f, enum stage from,
    enum stage to, int year)
{
	return (f->from < 0 || (int)from == f->from) &&
	    (f->to < 0 || (int)to == f->to) &&
	    (f->year == 0 || year == f->year);
}

/* Describe a change of stage, from what c followed to row v. */
static cJSON *
change_json(const struct changes *c, const struct sighting *v)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "agency", c->agency);
	cJSON_AddStringToObject(o, "name", v->name);
	cJSON_AddStringToObject(o, "from", stage_name(c->stage));
	cJSON_AddStringToObject(o, "to", stage_name(v->stage));
	cJSON_AddNumberToObject(o, "from_year", c->year);
	cJSON_AddNumberToObject(o, "to_year", v->year);
	cJSON_AddStringToObject(o, "report", v->file);
	return (o);
}

/* Take in one agreement row of an agency. */
static void
changes_row(const struct sighting *v, void *arg)
{
	struct changes	*c = arg;

	if (c->name != NULL && strcmp(c->name, v->name) == 0) {
		if (v->stage != c->stage && change_wanted(c->filter,
		    c->stage, v->stage, v->year))
			cJSON_AddItemToArray(c->list, change_json(c, v));
	} else {
		free(c->name);
		c->name = xstrdup(v->name);
	}
	c->stage = v->stage;
	c->year = v->year;
}

/* store_agencies() callback: the changes of one agency. */
static void
changes_agency(const char *agency, void *arg)
{
	struct changes	*c = arg;

	if (c->error != NULL || (c->filter->agency != NULL &&
	    strcmp(agency_label(agency), c->filter->agency) != 0))
		return;
	c->agency = agency_label(agency);
	(void)store_sightings(c->store, agency, changes_row, c, &c->error);
	free(c->name);
	c->name = NULL;
}

/*
 * {"transitions":[{agency, name, from, to, from_year, to_year, report}]}:
 * each change of an agreement's stage between two reports of its agency
 * that name it, those the filter lets through.
 */
cJSON *
history_transitions(struct store *store, const struct transition_filter *f,
    char **cause)
{
	struct changes	 c;
	cJSON		*doc;

	memset(&c, 0, sizeof c);
	c.store = store;
	c.filter = f;
	doc = cJSON_CreateObject();
	c.list = cJSON_AddArrayToObject(doc, "transitions");
	if (store_agencies(store, changes_agency, &c, cause) != 0) {
		cJSON_Delete(doc);
		return (NULL);
	}
	if (c.error != NULL) {
		*cause = c.error;
		cJSON_Delete(doc);
		return (NULL);
	}
	return (doc);
}
