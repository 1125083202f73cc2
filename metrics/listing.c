/*
 * The lists that grow with the archive, read from SQLite when asked for
 * rather than held: the agreements with their history, a page of names at
 * a time, and the reports with the ingest log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

#define LISTING_PAGE	256	/* agreement names per page */

struct listing {
	struct store	*store;
	char		*agency;	/* the filter, copied: a listing */
	int		 stage;		/* outlives the request it answers */
	char		*partner_iso;
	int		 stuck, regressed, stuck_reports;
	char		*after;		/* the last name listed */
	int		 inclusive;	/* list after too: a cursor's page
					   starts within its name */
	struct cursor	 resume;	/* skip to after this agreement */
	int		 limit;		/* agreements to list; 0: all */
	char		*next;		/* where a limited listing stopped */
	int		 started;
	int		 done;
	int		 listed;
};

/* A page of rows, grouped by name and agency, oldest report first. */
struct page {
	struct listed_row	*v;
	size_t		 n;
	size_t		 cap;
};

/* Copy a text column, NULL when it is NULL. */
char *
column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s = sqlite3_column_text(stmt, i);

	return (s != NULL ? xstrdup((const char *)s) : NULL);
}

/* Read a doubts column: DOUBTS_UNJUDGED for a row stored before napmon
 * judged its facts (NULL). */
unsigned
column_doubts(sqlite3_stmt *stmt, int i)
{
	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return (DOUBTS_UNJUDGED);
	return ((unsigned)sqlite3_column_int(stmt, i));
}

/* Start listing the agreements a filter lets through. */
struct listing *
listing_agreements(struct store *store, const struct agreement_filter *f)
{
	struct listing	*l;

	l = xcalloc(1, sizeof *l);
	l->store = store;
	l->agency = f->agency != NULL ? xstrdup(f->agency) : NULL;
	l->stage = f->stage;
	l->partner_iso = f->partner_iso != NULL ? xstrdup(f->partner_iso) :
	    NULL;
	l->stuck = f->stuck;
	l->regressed = f->regressed;
	l->stuck_reports = f->stuck_reports > 0 ? f->stuck_reports :
	    STUCK_REPORTS_DEFAULT;
	l->limit = f->limit;
	if (f->after != NULL && cursor_decode(f->after, &l->resume) == 0) {
		l->after = xstrdup(l->resume.name);
		l->inclusive = 1;
	}
	return (l);
}

/* Where a limited listing stopped, for the next request; NULL when it
 * listed all. */
const char *
listing_next_cursor(const struct listing *l)
{
	return (l->next);
}

/* Free a listing. */
void
listing_free(struct listing *l)
{
	if (l == NULL)
		return;
	free(l->agency);
	free(l->partner_iso);
	free(l->after);
	free(l->next);
	cursor_clear(&l->resume);
	free(l);
}

/* Free a page's rows. */
static void
page_clear(struct page *pg)
{
	size_t	i;

	for (i = 0; i < pg->n; i++) {
		free(pg->v[i].a.name);
		free(pg->v[i].a.kind);
		free(pg->v[i].a.partner);
		free(pg->v[i].a.partner_iso);
		free(pg->v[i].a.measure);
		free(pg->v[i].a.evidence.text);
		free(pg->v[i].events);
		free(pg->v[i].agency);
		free(pg->v[i].file);
		free(pg->v[i].corrected);
	}
	free(pg->v);
	memset(pg, 0, sizeof *pg);
}

/* Take one row of the page query. */
static void
page_row(struct page *pg, sqlite3_stmt *stmt)
{
	struct listed_row	*r;
	char		*date;
	int		 stage;

	if (pg->n == pg->cap) {
		pg->cap = pg->cap == 0 ? 256 : pg->cap * 2;
		pg->v = xreallocarray(pg->v, pg->cap, sizeof *pg->v);
	}
	r = &pg->v[pg->n++];
	memset(r, 0, sizeof *r);
	r->agency = column_text(stmt, 0);
	r->a.name = column_text(stmt, 1);
	r->a.kind = column_text(stmt, 2);
	r->a.partner = column_text(stmt, 3);
	r->a.partner_iso = column_text(stmt, 4);
	if ((stage = stage_from_name((const char *)
	    sqlite3_column_text(stmt, 5))) >= 0)
		r->a.stage = stage;
	if ((date = column_text(stmt, 6)) != NULL)
		snprintf(r->a.date, sizeof r->a.date, "%s", date);
	free(date);
	r->a.measure = column_text(stmt, 7);
	r->a.evidence.line = sqlite3_column_int(stmt, 8);
	r->a.evidence.text = column_text(stmt, 9);
	r->year = sqlite3_column_int(stmt, 10);
	r->file = column_text(stmt, 11);
	r->a.partner_near = sqlite3_column_int(stmt, 12);
	r->events = column_text(stmt, 13);
	r->a.doubts = column_doubts(stmt, 14);
}

/*
 * A name corrected in a field, whatever its rows say: a filter on the field
 * must not leave it out, for its corrected value may be the one asked.
 */
#define CORRECTED(field)	" OR %s.name IN (SELECT key FROM corrections" \
				" WHERE kind = 'agreement' AND field = '" \
				field "')"

/* The partner and stage conditions of a filter on agreement rows a. */
static void
listing_narrow(const struct listing *l, FILE *f, const char *a)
{
	if (l->partner_iso != NULL)
		fprintf(f, " AND (%s.partner_iso = ?4" CORRECTED("partner_iso")
		    ")", a, a);
	if (l->stage >= 0)
		fprintf(f, " AND (%s.stage = ?5" CORRECTED("stage") ")", a, a);
}

/*
 * The conditions a filter puts on agreement rows a (and reports r), for
 * the database to narrow the names with its indexes: names with a row of
 * the agency, partner or stage asked, or corrected.  What counts is the
 * latest row of each, which listing_wants() checks; these only spare
 * reading the rest.  ?3 is the agency (NULL for the reports naming none),
 * ?4 the partner's ISO code, ?5 the stage.
 */
static void
listing_where(const struct listing *l, FILE *f, const char *a)
{
	if (l->agency != NULL)
		fputs(" AND r.agency IS ?3", f);
	listing_narrow(l, f, a);
}

/* Prepare a query built by a stream, binding the filter's values. */
static sqlite3_stmt *
listing_prepare(const struct listing *l, sqlite3 *db, char *sql)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return (NULL);
	if (l->agency != NULL && strcmp(l->agency, UNKNOWN_AGENCY) != 0)
		sqlite3_bind_text(stmt, 3, l->agency, -1, SQLITE_STATIC);
	if (l->partner_iso != NULL)
		sqlite3_bind_text(stmt, 4, l->partner_iso, -1, SQLITE_STATIC);
	if (l->stage >= 0)
		sqlite3_bind_text(stmt, 5, stage_name(l->stage), -1,
		    SQLITE_STATIC);
	return (stmt);
}

/* Find the last of the next page of names; 0 when none is left. */
static int
listing_names(struct listing *l, sqlite3 *db, char **last, int *full)
{
	sqlite3_stmt	*stmt;
	FILE		*f;
	char		*sql = NULL;
	size_t		 len;
	int		 rc, n = 0;

	if ((f = open_memstream(&sql, &len)) == NULL)
		abort();
	fputs("SELECT DISTINCT a.name FROM agreements a", f);
	if (l->agency != NULL)
		fputs(" JOIN reports r ON r.id = a.report_id", f);
	fputs(l->inclusive ? " WHERE a.name >= ?1" : " WHERE a.name > ?1", f);
	listing_where(l, f, "a");
	fputs(" ORDER BY a.name LIMIT ?2", f);
	if (fclose(f) != 0 || (stmt = listing_prepare(l, db, sql)) == NULL)
		return (-1);
	/* The empty string sorts before every name. */
	sqlite3_bind_text(stmt, 1, l->after != NULL ? l->after : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, LISTING_PAGE);
	*last = NULL;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		n++;
		free(*last);
		*last = column_text(stmt, 0);
	}
	sqlite3_finalize(stmt);
	*full = n == LISTING_PAGE;
	return (rc == SQLITE_DONE ? n : -1);
}

/*
 * Read the rows of the names after l->after up to last: of the agency
 * asked, and of the names with a row of the partner or stage asked.
 */
static int
listing_rows(struct listing *l, sqlite3 *db, const char *last,
    struct page *pg)
{
	sqlite3_stmt	*stmt;
	FILE		*f;
	char		*sql = NULL;
	size_t		 len;
	int		 rc;

	if ((f = open_memstream(&sql, &len)) == NULL)
		abort();
	fputs("SELECT r.agency, a.name, a.kind,"
	    " a.partner, a.partner_iso, a.stage, a.date, a.measure,"
	    " a.evidence_line, a.evidence_text, r.year, r.file,"
	    " a.partner_near, a.events, a.doubts"
	    " FROM agreements a JOIN reports r ON r.id = a.report_id", f);
	fputs(l->inclusive ? " WHERE a.name >= ?1 AND a.name <= ?2" :
	    " WHERE a.name > ?1 AND a.name <= ?2", f);
	if (l->agency != NULL)
		fputs(" AND r.agency IS ?3", f);
	if (l->partner_iso != NULL || l->stage >= 0) {
		fputs(" AND a.name IN (SELECT b.name FROM agreements b"
		    " WHERE b.name >= ?1 AND b.name <= ?2", f);
		listing_narrow(l, f, "b");
		fputc(')', f);
	}
	fputs(" ORDER BY a.name, r.agency, r.year, r.id", f);
	if (fclose(f) != 0 || (stmt = listing_prepare(l, db, sql)) == NULL)
		return (-1);
	/* The empty string sorts before every name. */
	sqlite3_bind_text(stmt, 1, l->after != NULL ? l->after : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, last, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		page_row(pg, stmt);
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Do two rows follow the same agreement (same name, same agency)? */
static int
row_same(const struct listed_row *x, const struct listed_row *y)
{
	if (strcmp(x->a.name, y->a.name) != 0)
		return (0);
	if (x->agency == NULL || y->agency == NULL)
		return (x->agency == y->agency);
	return (strcmp(x->agency, y->agency) == 0);
}

/* Does the filter let an agreement, at its latest row, through? */
static int
listing_wants(const struct listing *l, const struct listed_row *latest,
    const struct row_history *h)
{
	if ((l->stuck && !h->stuck) || (l->regressed && !h->regressed))
		return (0);
	if (l->agency != NULL &&
	    strcmp(agency_label(latest->agency), l->agency) != 0)
		return (0);
	if (l->stage >= 0 && latest->a.stage != (enum stage)l->stage)
		return (0);
	if (l->partner_iso != NULL && (latest->a.partner_iso == NULL ||
	    strcmp(latest->a.partner_iso, l->partner_iso) != 0))
		return (0);
	return (1);
}

/* Order agencies as SQLite does: the reports naming none first. */
static int
agency_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return ((a != NULL) - (b != NULL));
	return (strcmp(a, b));
}

/* Whether a group of rows was listed before the cursor the listing
 * resumes from: in its name, an agency up to the cursor's. */
static int
listed_before(const struct listing *l, const struct listed_row *r)
{
	const struct cursor	*c = &l->resume;

	return (c->name != NULL && strcmp(r->a.name, c->name) == 0 &&
	    agency_cmp(r->agency, c->has_agency ? c->agency : NULL) <= 0);
}

/* Write the agreements of a page that the filter lets through. */
static void
listing_write(struct listing *l, const struct page *pg, FILE *f)
{
	struct row_history	h;
	size_t			i, j;

	for (i = 0; i < pg->n && l->next == NULL; i = j) {
		for (j = i + 1; j < pg->n && row_same(&pg->v[i], &pg->v[j]);
		    j++)
			;
		if (listed_before(l, &pg->v[i]))
			continue;
		rows_history(&pg->v[i], j - i, l->stuck_reports, &h);
		if (!listing_wants(l, &pg->v[j - 1], &h))
			continue;
		if (l->listed++ > 0)
			fputc(',', f);
		listed_agreement_write(f, &pg->v[i], j - i, &h);
		if (l->limit > 0 && l->listed == l->limit)
			l->next = cursor_encode(pg->v[i].a.name,
			    pg->v[i].agency);
	}
}

/* Read one page of names and write its agreements. */
static int
listing_page(struct listing *l, FILE *f, char **cause)
{
	sqlite3		*db = store_db(l->store);
	struct page	 pg = { 0 };
	char		*last;
	int		 n, full, rc = -1;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if ((n = listing_names(l, db, &last, &full)) < 0)
		goto fail;
	if (n > 0 && (listing_rows(l, db, last, &pg) != 0 ||
	    corrections_rows(db, pg.v, pg.n) != 0)) {
		free(last);
		goto fail;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	listing_write(l, &pg, f);
	page_clear(&pg);
	free(l->after);
	l->after = last;
	l->inclusive = 0;
	l->done = !full || l->next != NULL;
	return (0);

fail:
	xasprintf(cause, "listing agreements: %s", sqlite3_errmsg(db));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	page_clear(&pg);
	return (rc);
}

/*
 * Put the next part of the JSON array in *text: 1 while there is one, 0 at
 * the end, -1 on error.  Pages the filter empties are skipped, so every part
 * given holds something.
 */
int
listing_next(struct listing *l, char **text, char **cause)
{
	FILE	*f;
	size_t	 len;
	int	 rc, listed;

	*text = NULL;
	if (l->done)
		return (0);
	if ((f = open_memstream(text, &len)) == NULL)
		abort();
	if (!l->started) {
		fputc('[', f);
		l->started = 1;
	}
	listed = l->listed;
	do
		rc = listing_page(l, f, cause);
	while (rc == 0 && !l->done && l->listed == listed);
	if (rc == 0 && l->done)
		fputc(']', f);
	if (fclose(f) != 0)
		abort();
	if (rc != 0) {
		free(*text);
		*text = NULL;
		return (-1);
	}
	return (1);
}

/* Describe the reports stored. */
static int
store_reports_list(sqlite3 *db, cJSON *list)
{
	sqlite3_stmt	*stmt;
	cJSON		*o;
	char		 when[32];
	int		 rc;

	if (sqlite3_prepare_v2(db, "SELECT file, sha256, agency, year,"
	    " encoding, (SELECT count(*) FROM measures m WHERE m.report_id ="
	    " r.id), (SELECT count(*) FROM agreements a WHERE a.report_id ="
	    " r.id), ingested_at, format FROM reports r ORDER BY id", -1,
	    &stmt, NULL) != SQLITE_OK)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file",
		    (const char *)sqlite3_column_text(stmt, 0));
		cJSON_AddStringToObject(o, "sha256",
		    (const char *)sqlite3_column_text(stmt, 1));
		json_add_string_or_null(o, "agency",
		    (const char *)sqlite3_column_text(stmt, 2));
		cJSON_AddNumberToObject(o, "year", sqlite3_column_int(stmt, 3));
		json_add_string_or_null(o, "format",
		    (const char *)sqlite3_column_text(stmt, 8));
		cJSON_AddStringToObject(o, "encoding",
		    (const char *)sqlite3_column_text(stmt, 4));
		cJSON_AddNumberToObject(o, "measures",
		    sqlite3_column_int(stmt, 5));
		cJSON_AddNumberToObject(o, "agreements",
		    sqlite3_column_int(stmt, 6));
		time_iso(sqlite3_column_int64(stmt, 7), when, sizeof when);
		cJSON_AddStringToObject(o, "ingested", when);
		cJSON_AddItemToArray(list, o);
	}
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Describe the newest lines of the ingest log, oldest first. */
static int
store_reports_log(sqlite3 *db, cJSON *list, cJSON *quarantined)
{
	sqlite3_stmt	*stmt;
	cJSON		*o;
	char		 when[32];
	const char	*outcome;
	int		 rc;

	if (sqlite3_prepare_v2(db, "SELECT at, file, sha256, outcome, detail"
	    " FROM (SELECT * FROM ingest_log ORDER BY id DESC LIMIT ?1)"
	    " ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_int(stmt, 1, STORE_LOG_KEEP);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		o = cJSON_CreateObject();
		time_iso(sqlite3_column_int64(stmt, 0), when, sizeof when);
		cJSON_AddStringToObject(o, "at", when);
		cJSON_AddStringToObject(o, "file",
		    (const char *)sqlite3_column_text(stmt, 1));
		json_add_string_or_null(o, "sha256",
		    (const char *)sqlite3_column_text(stmt, 2));
		outcome = (const char *)sqlite3_column_text(stmt, 3);
		cJSON_AddStringToObject(o, "outcome", outcome);
		json_add_string_or_null(o, "detail",
		    (const char *)sqlite3_column_text(stmt, 4));
		if (strcmp(outcome, "quarantined") == 0)
			cJSON_AddItemToArray(quarantined,
			    cJSON_Duplicate(o, 1));
		cJSON_AddItemToArray(list, o);
	}
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* What was ingested and what was quarantined, in one read transaction. */
cJSON *
store_reports(struct store *store, char **cause)
{
	sqlite3	*db = store_db(store);
	cJSON	*doc, *reports, *quarantined, *log;
	int	 rc;

	doc = cJSON_CreateObject();
	reports = cJSON_AddArrayToObject(doc, "reports");
	quarantined = cJSON_AddArrayToObject(doc, "quarantined");
	log = cJSON_AddArrayToObject(doc, "log");
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		xasprintf(cause, "listing reports: %s", sqlite3_errmsg(db));
		cJSON_Delete(doc);
		return (NULL);
	}
	rc = store_reports_list(db, reports);
	if (rc == 0)
		rc = store_reports_log(db, log, quarantined);
	if (rc != 0) {
		xasprintf(cause, "listing reports: %s", sqlite3_errmsg(db));
		cJSON_Delete(doc);
		doc = NULL;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return (doc);
}
