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

/* The report of each agency and year that trends count: its latest. */
#define CHOSEN	"WITH chosen AS (SELECT coalesce(r.agency, '" UNKNOWN_AGENCY \
		"') AS agency, r.year AS year, max(r.id) AS id FROM reports r" \
		" WHERE " AGENCY_IS " AND r.year BETWEEN ?2 AND ?3" \
		" GROUP BY 1, 2) "

/* Prepare a query of the chosen reports: ?2 and ?3 are the years. */
static sqlite3_stmt *
trend_prepare(struct store *store, const char *sql, const char *agency)
{
	sqlite3_stmt	*stmt = history_prepare(store, sql, agency);

	if (stmt != NULL) {
		sqlite3_bind_int(stmt, 2, HISTORY_FIRST_YEAR);
		sqlite3_bind_int(stmt, 3, HISTORY_FIRST_YEAR + HISTORY_YEARS -
		    1);
	}
	return (stmt);
}

/* A year of an agency being counted. */
struct trend_row {
	char		*agency;
	int		 year;
	struct tally	 t;
};

/* Find or add the row of an agency and year; rows come sorted. */
static struct trend_row *
trend_row(struct trend_row **v, size_t *n, const char *agency, int year)
{
	struct trend_row	*r;

	if (*n > 0 && (r = &(*v)[*n - 1])->year == year &&
	    strcmp(r->agency, agency) == 0)
		return (r);
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	r = &(*v)[(*n)++];
	memset(r, 0, sizeof *r);
	r->agency = xstrdup(agency);
	r->year = year;
	return (r);
}

/* Is a deadline kind one with a fixed end, that completion applies to? */
static int
kind_fixed(const char *kind)
{
	return (strcmp(kind, "year") == 0 || strcmp(kind, "range") == 0 ||
	    strcmp(kind, "until") == 0);
}

/* Count k measures of a status (k < 0: take them out of the count). */
static void
trend_count(struct tally *t, int st, int fixed, int overdue, int k)
{
	t->measures += k;
	t->by_status[st] += k;
	if (fixed) {
		t->fixed += k;
		t->fixed_completed += st == STATUS_COMPLETED ? k : 0;
	}
	t->overdue += overdue == 1 ? k : 0;
}

/* Count the chosen reports' measures into rows, one query for all. */
static int
trend_measures(struct store *store, const char *agency,
    struct trend_row **v, size_t *n)
{
	sqlite3_stmt	*stmt;
	struct tally	*t;
	int		 rc, st;

	stmt = trend_prepare(store, CHOSEN "SELECT c.agency, c.year,"
	    " m.status, m.deadline_kind, m.overdue, count(*) FROM chosen c"
	    " JOIN measures m ON m.report_id = c.id"
	    " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2", agency);
	if (stmt == NULL)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		t = &trend_row(v, n, (const char *)sqlite3_column_text(stmt, 0),
		    sqlite3_column_int(stmt, 1))->t;
		if ((st = status_from_name((const char *)
		    sqlite3_column_text(stmt, 2))) < 0)
			continue;
		trend_count(t, st, kind_fixed((const char *)
		    sqlite3_column_text(stmt, 3)), sqlite3_column_int(stmt, 4),
		    sqlite3_column_int(stmt, 5));
	}
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* The row of an agency and year, by bisection of the sorted rows. */
static struct tally *
trend_find(struct trend_row *v, size_t n, const char *agency, int year)
{
	size_t	lo = 0, hi = n, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(v[mid].agency, agency);
		if (c == 0)
			c = v[mid].year < year ? -1 : v[mid].year > year;
		if (c == 0)
			return (&v[mid].t);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

/* Count the chosen reports' agreements by stage into the rows. */
static int
trend_agreements(struct store *store, const char *agency,
    struct trend_row **v, size_t *n)
{
	sqlite3_stmt	*stmt;
	struct tally	*t;
	int		 rc, st, k;

	stmt = trend_prepare(store, CHOSEN "SELECT c.agency, c.year,"
	    " a.stage, count(*) FROM chosen c JOIN agreements a"
	    " ON a.report_id = c.id GROUP BY 1, 2, 3 ORDER BY 1, 2", agency);
	if (stmt == NULL)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((st = stage_from_name((const char *)
		    sqlite3_column_text(stmt, 2))) < 0)
			continue;
		t = trend_find(*v, *n, (const char *)sqlite3_column_text(stmt,
		    0), sqlite3_column_int(stmt, 1));
		k = sqlite3_column_int(stmt, 3);
		if (t == NULL)	/* a report of agreements and no measure */
			t = &trend_row(v, n, (const char *)
			    sqlite3_column_text(stmt, 0),
			    sqlite3_column_int(stmt, 1))->t;
		t->agreements += k;
		t->by_stage[st] += k;
	}
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* The chosen reports' facts a correction names, each once: ?4 the kind. */
#define CORRECTED(fields, table, key) CHOSEN "SELECT DISTINCT c.agency," \
		" c.year, " fields " FROM corrections k JOIN chosen c" \
		" ON c.agency = k.agency AND (k.year IS NULL OR" \
		" k.year = c.year) JOIN " table " x ON x.report_id = c.id" \
		" AND x." key " = k.key WHERE k.kind = ?4"

/* Count again the measures a correction changes: out as read, in as
 * corrected. */
static int
trend_corrected_measures(struct store *store, const char *agency,
    const struct corrections *cs, struct trend_row *v, size_t n)
{
	sqlite3_stmt	*stmt;
	struct tally	*t;
	struct measure	 m;
	int		 rc, st, fixed;

	stmt = trend_prepare(store, CORRECTED("x.seq, x.measure, x.status,"
	    " x.deadline_kind, x.deadline_end, x.overdue", "measures",
	    "measure"), agency);
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_text(stmt, 4, "measure", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&m, 0, sizeof m);
		m.id = (char *)sqlite3_column_text(stmt, 3);
		if ((st = status_from_name((const char *)
		    sqlite3_column_text(stmt, 4))) < 0)
			continue;
		m.status = st;
		m.deadline.end = sqlite3_column_int(stmt, 6);
		m.overdue = sqlite3_column_int(stmt, 7);
		fixed = kind_fixed((const char *)sqlite3_column_text(stmt, 5));
		if ((t = trend_find(v, n, (const char *)sqlite3_column_text(
		    stmt, 0), sqlite3_column_int(stmt, 1))) == NULL ||
		    !corrections_trend_measure(cs, (const char *)
		    sqlite3_column_text(stmt, 0), sqlite3_column_int(stmt, 1),
		    &m))
			continue;
		trend_count(t, st, fixed, sqlite3_column_int(stmt, 7), -1);
		trend_count(t, m.status, fixed, m.overdue, 1);
	}
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Count again the agreements a correction moves to another stage. */
static int
trend_corrected_stages(struct store *store, const char *agency,
    const struct corrections *cs, struct trend_row *v, size_t n)
{
	sqlite3_stmt	*stmt;
	struct tally	*t;
	const char	*label;
	int		 rc, st, to, year;

	stmt = trend_prepare(store, CORRECTED("x.seq, x.name, x.stage",
	    "agreements", "name") " AND k.field = 'stage'", agency);
	if (stmt == NULL)
		return (-1);
	sqlite3_bind_text(stmt, 4, "agreement", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		label = (const char *)sqlite3_column_text(stmt, 0);
		year = sqlite3_column_int(stmt, 1);
		if ((st = stage_from_name((const char *)
		    sqlite3_column_text(stmt, 4))) < 0 ||
		    (t = trend_find(v, n, label, year)) == NULL ||
		    (to = corrections_trend_stage(cs, label, year,
		    (const char *)sqlite3_column_text(stmt, 3))) < 0)
			continue;
		t->by_stage[st]--;
		t->by_stage[to]++;
	}
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/*
 * Lay the corrections over the counted rows, as the indicators do: only
 * the facts they name are read again, so a store with none costs a
 * query of the corrections alone.
 */
static int
trend_corrected(struct store *store, const char *agency,
    struct trend_row *v, size_t n)
{
	struct corrections	 cs;
	char			*cause;
	int			 rc = 0;

	if (corrections_read(store_db(store), agency, &cs, &cause) != 0) {
		free(cause);
		return (-1);
	}
	if (cs.n > 0)
		rc = trend_corrected_measures(store, agency, &cs, v, n);
	if (cs.n > 0 && rc == 0)
		rc = trend_corrected_stages(store, agency, &cs, v, n);
	corrections_clear(&cs);
	return (rc);
}

/*
 * {"trends":[{agency, year, ...counts}], "overall":[{year, ...}]}: for
 * each agency (or the one asked) and report year, the indicators of that
 * year's report (its latest, when a year has two), corrected as the
 * indicators are, and per year their sum over the agencies that reported
 * that year.  Two grouped queries over the chosen reports: one a report
 * took 1 s at 10,000 reports.
 */
cJSON *
history_trends(struct store *store, const char *agency, char **cause)
{
	struct trend_row	*v = NULL;
	struct tally		 years[HISTORY_YEARS];
	cJSON			*doc, *rows, *overall;
	size_t			 n = 0, i;
	int			 present[HISTORY_YEARS], rc;

	rc = trend_measures(store, agency, &v, &n);
	if (rc == 0)
		rc = trend_agreements(store, agency, &v, &n);
	if (rc == 0)
		rc = trend_corrected(store, agency, v, n);
	doc = cJSON_CreateObject();
	rows = cJSON_AddArrayToObject(doc, "trends");
	memset(years, 0, sizeof years);
	memset(present, 0, sizeof present);
	for (i = 0; i < n; i++) {
		if (rc == 0) {
			cJSON_AddItemToArray(rows, trend_json(v[i].agency,
			    v[i].year, &v[i].t));
			tally_add(&years[v[i].year - HISTORY_FIRST_YEAR],
			    &v[i].t);
			present[v[i].year - HISTORY_FIRST_YEAR] = 1;
		}
		free(v[i].agency);
	}
	free(v);
	if (rc != 0) {
		cJSON_Delete(doc);
		history_error(store, "reading trends", cause);
		return (NULL);
	}
	overall = cJSON_AddArrayToObject(doc, "overall");
	for (i = 0; i < HISTORY_YEARS; i++)
		if (present[i])
			cJSON_AddItemToArray(overall, trend_json(NULL,
			    HISTORY_FIRST_YEAR + (int)i, &years[i]));
	return (doc);
}

/* One year of a measure's history. */
static cJSON *
measure_year_json(sqlite3_stmt *stmt)
{
	cJSON		*o = cJSON_CreateObject(), *d;
	struct evidence	 ev;

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
	ev.line = sqlite3_column_int(stmt, 8);
	ev.text = (char *)sqlite3_column_text(stmt, 9);
	json_add_evidence(o, &ev);
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
	struct corrections	 cs = { 0 };
	sqlite3_stmt		*stmt;
	cJSON			*doc, *rows, *last = NULL;
	int			 rc, year, last_year = 0;

	if (agency != NULL && corrections_read(store_db(store), agency, &cs,
	    cause) != 0)
		return (NULL);
	stmt = history_prepare(store, "SELECT r.year, m.status,"
	    " m.deadline_text, m.deadline_kind, m.deadline_start,"
	    " m.deadline_end, m.overdue_years, r.file, m.evidence_line,"
	    " m.evidence_text FROM reports r JOIN measures m"
	    " ON m.report_id = r.id WHERE " AGENCY_IS " AND m.measure = ?2"
	    " ORDER BY r.year, r.id", agency);
	if (stmt == NULL) {
		corrections_clear(&cs);
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
		corrections_history(&cs, agency, id, last);
		last_year = year;
		cJSON_AddItemToArray(rows, last);
	}
	sqlite3_finalize(stmt);
	corrections_clear(&cs);
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
