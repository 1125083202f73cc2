/*
 * Reading stored reports back, for the ledger: the agencies, the reports of
 * one whose measures count, a report's measures (without their narrative),
 * and an agency's agreement rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

/* Fill cause with SQLite's last error, prefixed by what was being read. */
static int
readback_error(struct store *store, const char *what, char **cause)
{
	xasprintf(cause, "%s: %s", what, sqlite3_errmsg(store_db(store)));
	return (-1);
}

/* Bind an agency, NULL for the reports that name none. */
static void
store_bind_agency(sqlite3_stmt *stmt, int i, const char *agency)
{
	if (agency == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, agency, -1, SQLITE_STATIC);
}

/* Call fn with each agency that has reports (NULL: those naming none). */
int
store_agencies(struct store *store, store_agency_fn *fn, void *arg,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_query(store, "SELECT DISTINCT agency FROM"
	    " reports ORDER BY agency")) == NULL)
		return (readback_error(store, "listing agencies", cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(stmt, 0), arg);
	store_query_done(store, stmt);
	if (rc != SQLITE_DONE)
		return (readback_error(store, "listing agencies", cause));
	return (0);
}

/*
 * Find the reports of an agency whose measures count: its latest (by year,
 * then ingest order), or all of them for the reports naming no agency.
 */
int
store_counted(struct store *store, const char *agency, long long **ids,
    size_t *nids, int *nreports, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 cap = 1;
	int		 rc;

	if ((stmt = store_query(store, "SELECT id FROM reports WHERE"
	    " agency IS ?1 ORDER BY year DESC, id DESC")) == NULL)
		return (readback_error(store, "reading an agency", cause));
	store_bind_agency(stmt, 1, agency);
	*ids = xcalloc(cap, sizeof **ids);
	*nids = 0;
	*nreports = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		(*nreports)++;
		if (agency != NULL && *nids == 1)
			continue;
		if (*nids == cap) {
			cap *= 2;
			*ids = xreallocarray(*ids, cap, sizeof **ids);
		}
		(*ids)[(*nids)++] = sqlite3_column_int64(stmt, 0);
	}
	store_query_done(store, stmt);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		return (readback_error(store, "reading an agency", cause));
	}
	return (0);
}

/* A query about one report, kept prepared (store_query()). */
static sqlite3_stmt *
store_about(struct store *store, const char *sql, long long id)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_query(store, sql)) == NULL)
		return (NULL);
	sqlite3_bind_int64(stmt, 1, id);
	return (stmt);
}

/* Read the report row itself. */
static int
store_load_row(struct store *store, struct stored_report *s)
{
	sqlite3_stmt	*stmt;
	const char	*enc;
	int		 rc, e;

	if ((stmt = store_about(store, "SELECT file, ingested_at, sha256,"
	    " encoding, agency, year FROM reports WHERE id = ?1",
	    s->id)) == NULL)
		return (-1);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->name = column_text(stmt, 0);
		s->ingested = sqlite3_column_int64(stmt, 1);
		s->report->file = column_text(stmt, 0);
		snprintf(s->report->sha256, sizeof s->report->sha256, "%s",
		    (const char *)sqlite3_column_text(stmt, 2));
		enc = (const char *)sqlite3_column_text(stmt, 3);
		for (e = ENC_UTF8; e <= ENC_UTF16BE; e++) {
			if (strcmp(enc, encoding_name(e)) == 0)
				s->report->encoding = e;
		}
		s->report->agency = column_text(stmt, 4);
		s->report->year = sqlite3_column_int(stmt, 5);
	}
	store_query_done(store, stmt);
	return (rc == SQLITE_ROW ? 0 : -1);
}

/* Read the chapters of a report. */
static int
store_load_chapters(struct store *store, struct stored_report *s)
{
	sqlite3_stmt	*stmt;
	struct report	*r = s->report;
	struct chapter	*ch;
	size_t		 cap = 0;
	int		 rc;

	if ((stmt = store_about(store, "SELECT number, title FROM chapters"
	    " WHERE report_id = ?1 ORDER BY seq", s->id)) == NULL)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (r->nchapters == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			r->chapters = xreallocarray(r->chapters, cap,
			    sizeof *r->chapters);
		}
		ch = &r->chapters[r->nchapters++];
		memset(ch, 0, sizeof *ch);
		ch->number = sqlite3_column_int(stmt, 0);
		ch->title = column_text(stmt, 1);
	}
	store_query_done(store, stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Fill one measure from a row of the measures query. */
static void
store_row_measure(sqlite3_stmt *stmt, struct measure *m)
{
	const char	*kind, *status;
	int		 k;

	memset(m, 0, sizeof *m);
	m->id = column_text(stmt, 0);
	m->chapter = sqlite3_column_int(stmt, 1);
	m->title = column_text(stmt, 2);
	m->line = sqlite3_column_int(stmt, 3);
	m->deadline.text = column_text(stmt, 4);
	kind = (const char *)sqlite3_column_text(stmt, 5);
	for (k = DEADLINE_REGULAR; k <= DEADLINE_OTHER; k++) {
		if (strcmp(kind, deadline_kind_name(k)) == 0)
			m->deadline.kind = k;
	}
	m->deadline.start = sqlite3_column_int(stmt, 6);
	m->deadline.end = sqlite3_column_int(stmt, 7);
	status = (const char *)sqlite3_column_text(stmt, 8);
	if ((k = status_from_name(status)) >= 0)
		m->status = k;
	m->overdue = sqlite3_column_int(stmt, 9);
	m->overdue_years = sqlite3_column_int(stmt, 10);
	m->evidence.line = sqlite3_column_int(stmt, 11);
	m->evidence.text = column_text(stmt, 12);
	m->doubts = column_doubts(stmt, 13);
}

/*
 * Read the measures of a report.  The narrative (description, work done) is
 * most of a report's bytes and no indicator reads it: it stays in SQLite.
 */
static int
store_load_measures(struct store *store, struct stored_report *s)
{
	sqlite3_stmt	*stmt;
	struct report	*r = s->report;
	size_t		 cap = 0;
	int		 rc;

	if ((stmt = store_about(store, "SELECT measure, chapter, title, line,"
	    " deadline_text, deadline_kind, deadline_start, deadline_end,"
	    " status, overdue, overdue_years, evidence_line, evidence_text,"
	    " doubts FROM measures WHERE report_id = ?1 ORDER BY seq",
	    s->id)) == NULL)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (r->nmeasures == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			r->measures = xreallocarray(r->measures, cap,
			    sizeof *r->measures);
		}
		store_row_measure(stmt, &r->measures[r->nmeasures++]);
	}
	store_query_done(store, stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Read the executing bodies into the measures of a report. */
static int
store_load_executors(struct store *store, struct stored_report *s)
{
	sqlite3_stmt	*stmt;
	struct measure	*m;
	size_t		 seq;
	int		 rc;

	if ((stmt = store_about(store, "SELECT seq, name FROM executors"
	    " WHERE report_id = ?1 ORDER BY seq, position", s->id)) == NULL)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(stmt, 0);
		if (seq >= s->report->nmeasures)
			continue;
		m = &s->report->measures[seq];
		m->executors = xreallocarray(m->executors, m->nexecutors + 1,
		    sizeof *m->executors);
		m->executors[m->nexecutors++] = column_text(stmt, 1);
	}
	store_query_done(store, stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Read one report back, its chapters and measures, in one transaction. */
int
store_report_load(struct store *store, long long id, struct stored_report *s,
    char **cause)
{
	int	rc;

	memset(s, 0, sizeof *s);
	s->id = id;
	s->report = xcalloc(1, sizeof *s->report);
	if (sqlite3_exec(store_db(store), "BEGIN", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return (readback_error(store, "loading a report", cause));
	rc = store_load_row(store, s);
	if (rc == 0)
		rc = store_load_chapters(store, s);
	if (rc == 0)
		rc = store_load_measures(store, s);
	if (rc == 0)
		rc = store_load_executors(store, s);
	if (rc == 0)
		rc = corrections_report(store_db(store), s);
	if (rc != 0)
		readback_error(store, "loading a report", cause);
	sqlite3_exec(store_db(store), "COMMIT", NULL, NULL, NULL);
	return (rc);
}

/* Free what store_report_load() read. */
void
stored_report_clear(struct stored_report *s)
{
	size_t	i;

	for (i = 0; s->corrected != NULL && i < s->report->nmeasures; i++)
		cJSON_Delete(s->corrected[i]);
	free(s->corrected);
	free(s->name);
	report_free(s->report);
	memset(s, 0, sizeof *s);
}

/*
 * Call fn with every agreement row of an agency's reports, grouped by name
 * and, within a name, oldest report first, with the corrections laid over.
 */
int
store_sightings(struct store *store, const char *agency,
    store_sighting_fn *fn, void *arg, char **cause)
{
	struct corrections	 cs = { 0 };
	sqlite3_stmt		*stmt;
	struct sighting		 v;
	int			 rc, stage;

	if (agency != NULL && corrections_read(store_db(store), agency, &cs,
	    cause) != 0)
		return (-1);
	if ((stmt = store_query(store, "SELECT a.name, a.stage,"
	    " a.partner, a.partner_iso, a.date, r.year, r.id, r.file, a.doubts"
	    " FROM reports r JOIN agreements a ON a.report_id = r.id"
	    " WHERE r.agency IS ?1"
	    " ORDER BY a.name, r.year, r.id")) == NULL) {
		corrections_clear(&cs);
		return (readback_error(store, "reading agreements", cause));
	}
	store_bind_agency(stmt, 1, agency);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v.name = (const char *)sqlite3_column_text(stmt, 0);
		stage = stage_from_name((const char *)
		    sqlite3_column_text(stmt, 1));
		v.stage = stage >= 0 ? stage : STAGE_DRAFTING;
		v.partner = (const char *)sqlite3_column_text(stmt, 2);
		v.partner_iso = (const char *)sqlite3_column_text(stmt, 3);
		v.date = (const char *)sqlite3_column_text(stmt, 4);
		v.year = sqlite3_column_int(stmt, 5);
		v.report_id = sqlite3_column_int64(stmt, 6);
		v.file = (const char *)sqlite3_column_text(stmt, 7);
		v.doubts = column_doubts(stmt, 8);
		corrections_sighting(&cs, agency, &v);
		fn(&v, arg);
	}
	store_query_done(store, stmt);
	corrections_clear(&cs);
	if (rc != SQLITE_DONE)
		return (readback_error(store, "reading agreements", cause));
	return (0);
}
