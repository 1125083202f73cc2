/*
 * The SQLite store.  Reports are keyed by the name of their file in the
 * inbox: a file whose bytes change replaces its earlier report, and bytes
 * already stored (under any name) change nothing, so rescanning is free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "metrics.h"

struct store {
	sqlite3	*db;
};

/*
 * Each entry takes the schema from version i to i + 1; all that are due run
 * in one transaction with the user_version bump, so a crash mid-way leaves
 * the old schema whole.
 */
static const char *store_migrations[] = {
	"CREATE TABLE reports ("
	"  id INTEGER PRIMARY KEY,"
	"  file TEXT NOT NULL UNIQUE,"
	"  sha256 TEXT NOT NULL,"
	"  encoding TEXT NOT NULL,"
	"  agency TEXT,"
	"  year INTEGER NOT NULL,"
	"  ingested_at INTEGER NOT NULL);"
	"CREATE INDEX reports_sha256 ON reports(sha256);"
	"CREATE TABLE chapters ("
	"  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  number INTEGER NOT NULL,"
	"  title TEXT,"
	"  PRIMARY KEY (report_id, seq));"
	"CREATE TABLE measures ("
	"  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  measure TEXT NOT NULL,"
	"  chapter INTEGER NOT NULL,"
	"  title TEXT,"
	"  description TEXT,"
	"  line INTEGER NOT NULL,"
	"  deadline_text TEXT,"
	"  deadline_kind TEXT NOT NULL,"
	"  deadline_start INTEGER NOT NULL,"
	"  deadline_end INTEGER NOT NULL,"
	"  work_done TEXT,"
	"  status TEXT NOT NULL,"
	"  overdue INTEGER NOT NULL,"
	"  overdue_years INTEGER NOT NULL,"
	"  evidence_line INTEGER NOT NULL,"
	"  evidence_text TEXT,"
	"  PRIMARY KEY (report_id, seq));"
	"CREATE TABLE executors ("
	"  report_id INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  PRIMARY KEY (report_id, seq, position),"
	"  FOREIGN KEY (report_id, seq) REFERENCES measures(report_id, seq)"
	"    ON DELETE CASCADE);"
	"CREATE TABLE agreements ("
	"  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  kind TEXT,"
	"  partner TEXT,"
	"  partner_iso TEXT,"
	"  stage TEXT NOT NULL,"
	"  date TEXT,"
	"  measure TEXT,"
	"  evidence_line INTEGER NOT NULL,"
	"  evidence_text TEXT,"
	"  PRIMARY KEY (report_id, seq));"
	"CREATE INDEX agreements_name ON agreements(name);"
	"CREATE TABLE ingest_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  file TEXT NOT NULL,"
	"  sha256 TEXT,"
	"  outcome TEXT NOT NULL,"
	"  detail TEXT);",
};
_Static_assert(sizeof store_migrations / sizeof store_migrations[0] ==
    STORE_SCHEMA_VERSION, "one migration per schema version");

/* Fill cause with SQLite's last error, prefixed by what was being done. */
static int
store_error(struct store *store, const char *what, char **cause)
{
	xasprintf(cause, "%s: %s", what, sqlite3_errmsg(store->db));
	return (-1);
}

/* Run SQL that returns no rows. */
static int
store_exec(struct store *store, const char *sql, char **cause)
{
	char	*msg = NULL;

	if (sqlite3_exec(store->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		xasprintf(cause, "%s", msg != NULL ? msg : "SQLite error");
		sqlite3_free(msg);
		return (-1);
	}
	return (0);
}

/* Return the schema version, or -1. */
int
store_version(struct store *store)
{
	sqlite3_stmt	*stmt;
	int		 version = -1;

	if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (-1);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return (version);
}

/* Bring the schema to STORE_SCHEMA_VERSION in one transaction. */
static int
store_migrate(struct store *store, char **cause)
{
	char	*sql, *why;
	int	 version;

	if (store_exec(store, "BEGIN IMMEDIATE", cause) != 0)
		return (-1);
	if ((version = store_version(store)) < 0) {
		store_error(store, "reading the schema version", cause);
		goto fail;
	}
	if (version > STORE_SCHEMA_VERSION) {
		xasprintf(cause, "database schema version %d is newer than"
		    " this program's (%d)", version, STORE_SCHEMA_VERSION);
		goto fail;
	}
	for (; version < STORE_SCHEMA_VERSION; version++) {
		if (store_exec(store, store_migrations[version], &why) != 0) {
			xasprintf(cause, "migrating to schema version %d:"
			    " %s", version + 1, why);
			free(why);
			goto fail;
		}
	}
	xasprintf(&sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
	version = store_exec(store, sql, cause);
	free(sql);
	if (version != 0 || store_exec(store, "COMMIT", cause) != 0)
		goto fail;
	return (0);

fail:
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return (-1);
}

/* Open (creating if needed) a store; ":memory:" gives a private one. */
struct store *
store_open(const char *path, char **cause)
{
	struct store	*store;
	char		*why;

	store = xcalloc(1, sizeof *store);
	if (sqlite3_open(path, &store->db) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, store->db == NULL ?
		    "out of memory" : sqlite3_errmsg(store->db));
		goto fail;
	}
	sqlite3_busy_timeout(store->db, 5000);
	/*
	 * WAL lets a crash of napmond lose at most the transaction under way.
	 * synchronous = NORMAL keeps that (no corruption, a report fully in or
	 * absent) and fsyncs at checkpoints rather than at every commit: power
	 * loss may forget the last reports ingested, but their files are still
	 * in the inbox and are ingested again, while FULL cost an fsync per
	 * report and held ingest near 150 reports/s.
	 */
	if (store_exec(store, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON", &why) != 0 ||
	    store_migrate(store, &why) != 0) {
		xasprintf(cause, "%s: %s", path, why);
		free(why);
		goto fail;
	}
	return (store);

fail:
	sqlite3_close(store->db);
	free(store);
	return (NULL);
}

/* Close a store. */
void
store_close(struct store *store)
{
	if (store == NULL)
		return;
	sqlite3_close(store->db);
	free(store);
}

/* Bind text, or NULL for a NULL or empty string. */
static void
store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

/* Step a statement that returns no row and reset it. */
static int
store_step(struct store *store, sqlite3_stmt *stmt, const char *what,
    char **cause)
{
	int	rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_DONE)
		return (store_error(store, what, cause));
	return (0);
}

/* Return 1 if a report with these bytes is stored, 0 if not, -1 on error. */
int
store_known(struct store *store, const char *sha256)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(store->db,
	    "SELECT 1 FROM reports WHERE sha256 = ?", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_text(stmt, 1, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return (1);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Add a line to the ingest log. */
int
store_log(struct store *store, const char *file, const char *sha256,
    const char *outcome, const char *detail, long long now, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(store->db, "INSERT INTO ingest_log"
	    " (at, file, sha256, outcome, detail) VALUES (?, ?, ?, ?, ?)", -1,
	    &stmt, NULL) != SQLITE_OK)
		return (store_error(store, "logging", cause));
	sqlite3_bind_int64(stmt, 1, now);
	store_bind_text(stmt, 2, file);
	store_bind_text(stmt, 3, sha256);
	store_bind_text(stmt, 4, outcome);
	store_bind_text(stmt, 5, detail);
	rc = store_step(store, stmt, "logging", cause);
	sqlite3_finalize(stmt);
	return (rc);
}

/* Insert the report row; return its id or -1. */
static long long
store_put_report(struct store *store, const struct report *r,
    const char *name, long long now, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(store->db, "INSERT INTO reports (file, sha256,"
	    " encoding, agency, year, ingested_at) VALUES (?, ?, ?, ?, ?, ?)",
	    -1, &stmt, NULL) != SQLITE_OK)
		return (store_error(store, "storing the report", cause));
	store_bind_text(stmt, 1, name);
	store_bind_text(stmt, 2, r->sha256);
	store_bind_text(stmt, 3, encoding_name(r->encoding));
	store_bind_text(stmt, 4, r->agency);
	sqlite3_bind_int(stmt, 5, r->year);
	sqlite3_bind_int64(stmt, 6, now);
	rc = store_step(store, stmt, "storing the report", cause);
	sqlite3_finalize(stmt);
	if (rc != 0)
		return (-1);
	return (sqlite3_last_insert_rowid(store->db));
}

/* Insert the chapters of a report. */
static int
store_put_chapters(struct store *store, long long id, const struct report *r,
    char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc = 0;

	if (sqlite3_prepare_v2(store->db, "INSERT INTO chapters (report_id,"
	    " seq, number, title) VALUES (?, ?, ?, ?)", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (store_error(store, "storing chapters", cause));
	for (i = 0; i < r->nchapters && rc == 0; i++) {
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, i);
		sqlite3_bind_int(stmt, 3, r->chapters[i].number);
		store_bind_text(stmt, 4, r->chapters[i].title);
		rc = store_step(store, stmt, "storing a chapter", cause);
	}
	sqlite3_finalize(stmt);
	return (rc);
}

/* Insert the executing bodies of one measure. */
static int
store_put_executors(struct store *store, sqlite3_stmt *stmt, long long id,
    size_t seq, const struct measure *m, char **cause)
{
	size_t	i;

	for (i = 0; i < m->nexecutors; i++) {
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, seq);
		sqlite3_bind_int64(stmt, 3, i);
		store_bind_text(stmt, 4, m->executors[i]);
		if (store_step(store, stmt, "storing an executor", cause) != 0)
			return (-1);
	}
	return (0);
}

/* Bind the columns of one measure. */
static void
store_bind_measure(sqlite3_stmt *stmt, long long id, size_t seq,
    const struct measure *m)
{
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, seq);
	store_bind_text(stmt, 3, m->id != NULL ? m->id : "?");
	sqlite3_bind_int(stmt, 4, m->chapter);
	store_bind_text(stmt, 5, m->title);
	store_bind_text(stmt, 6, m->description);
	sqlite3_bind_int(stmt, 7, m->line);
	store_bind_text(stmt, 8, m->deadline.text);
	store_bind_text(stmt, 9, deadline_kind_name(m->deadline.kind));
	sqlite3_bind_int(stmt, 10, m->deadline.start);
	sqlite3_bind_int(stmt, 11, m->deadline.end);
	store_bind_text(stmt, 12, m->work_done);
	store_bind_text(stmt, 13, status_name(m->status));
	sqlite3_bind_int(stmt, 14, m->overdue);
	sqlite3_bind_int(stmt, 15, m->overdue_years);
	sqlite3_bind_int(stmt, 16, m->evidence.line);
	store_bind_text(stmt, 17, m->evidence.text);
}

/* Insert the measures of a report with their executing bodies. */
static int
store_put_measures(struct store *store, long long id, const struct report *r,
    char **cause)
{
	sqlite3_stmt	*stmt, *exec = NULL;
	size_t		 i;
	int		 rc = -1;

	if (sqlite3_prepare_v2(store->db, "INSERT INTO measures (report_id,"
	    " seq, measure, chapter, title, description, line, deadline_text,"
	    " deadline_kind, deadline_start, deadline_end, work_done, status,"
	    " overdue, overdue_years, evidence_line, evidence_text) VALUES"
	    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (store_error(store, "storing measures", cause));
	if (sqlite3_prepare_v2(store->db, "INSERT INTO executors (report_id,"
	    " seq, position, name) VALUES (?, ?, ?, ?)", -1, &exec,
	    NULL) != SQLITE_OK) {
		store_error(store, "storing executors", cause);
		goto out;
	}
	for (i = 0; i < r->nmeasures; i++) {
		store_bind_measure(stmt, id, i, &r->measures[i]);
		if (store_step(store, stmt, "storing a measure", cause) != 0 ||
		    store_put_executors(store, exec, id, i, &r->measures[i],
		    cause) != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(exec);
	sqlite3_finalize(stmt);
	return (rc);
}

/* Is agreement i named again later in the report at a stage as far? */
static int
store_superseded(const struct report *r, size_t i)
{
	const struct agreement	*a = &r->agreements[i], *b;
	size_t			 j;

	for (j = 0; j < r->nagreements; j++) {
		b = &r->agreements[j];
		if (j == i || strcmp(a->name, b->name) != 0)
			continue;
		if (b->stage > a->stage || (b->stage == a->stage && j > i))
			return (1);
	}
	return (0);
}

/* Insert the agreements of a report, one row per name at its furthest stage. */
static int
store_put_agreements(struct store *store, long long id,
    const struct report *r, char **cause)
{
	const struct agreement	*a;
	sqlite3_stmt		*stmt;
	size_t			 i;
	int			 rc = 0;

	if (sqlite3_prepare_v2(store->db, "INSERT INTO agreements (report_id,"
	    " seq, name, kind, partner, partner_iso, stage, date, measure,"
	    " evidence_line, evidence_text) VALUES"
	    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL) != SQLITE_OK)
		return (store_error(store, "storing agreements", cause));
	for (i = 0; i < r->nagreements && rc == 0; i++) {
		a = &r->agreements[i];
		if (a->name == NULL || store_superseded(r, i))
			continue;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, i);
		store_bind_text(stmt, 3, a->name);
		store_bind_text(stmt, 4, a->kind);
		store_bind_text(stmt, 5, a->partner);
		store_bind_text(stmt, 6, a->partner_iso);
		store_bind_text(stmt, 7, stage_name(a->stage));
		store_bind_text(stmt, 8, a->date);
		store_bind_text(stmt, 9, a->measure);
		sqlite3_bind_int(stmt, 10, a->evidence.line);
		store_bind_text(stmt, 11, a->evidence.text);
		rc = store_step(store, stmt, "storing an agreement", cause);
	}
	sqlite3_finalize(stmt);
	return (rc);
}

/* Delete the report stored under a file name; return 1 if there was one. */
static int
store_drop(struct store *store, const char *name, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(store->db, "DELETE FROM reports WHERE file = ?",
	    -1, &stmt, NULL) != SQLITE_OK)
		return (store_error(store, "replacing the report", cause));
	store_bind_text(stmt, 1, name);
	rc = store_step(store, stmt, "replacing the report", cause);
	sqlite3_finalize(stmt);
	if (rc != 0)
		return (-1);
	return (sqlite3_changes(store->db) > 0);
}

/*
 * Store a report read from the inbox file name, in one transaction, and log
 * it.  Return an ingest_result, or -1 with nothing changed.
 */
int
store_ingest(struct store *store, const struct report *r, const char *name,
    long long now, char **cause)
{
	const char	*outcome;
	long long	 id;
	int		 known, replaced;

	if ((known = store_known(store, r->sha256)) < 0)
		return (store_error(store, "looking the report up", cause));
	if (known)
		return (INGEST_UNCHANGED);
	if (store_exec(store, "BEGIN IMMEDIATE", cause) != 0)
		return (-1);
	if ((replaced = store_drop(store, name, cause)) < 0 ||
	    (id = store_put_report(store, r, name, now, cause)) < 0 ||
	    store_put_chapters(store, id, r, cause) != 0 ||
	    store_put_measures(store, id, r, cause) != 0 ||
	    store_put_agreements(store, id, r, cause) != 0)
		goto fail;
	outcome = replaced ? "replaced" : "added";
	if (store_log(store, name, r->sha256, outcome, NULL, now, cause) != 0 ||
	    store_exec(store, "COMMIT", cause) != 0)
		goto fail;
	return (replaced ? INGEST_REPLACED : INGEST_ADDED);

fail:
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return (-1);
}

/* Copy a text column, NULL when it is NULL. */
static char *
store_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s = sqlite3_column_text(stmt, i);

	return (s != NULL ? xstrdup((const char *)s) : NULL);
}

/* Find a loaded report by its row id (reports are in id order). */
static struct report *
store_find(struct corpus *c, long long id)
{
	size_t	lo = 0, hi = c->nreports, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->reports[mid].id == id)
			return (c->reports[mid].report);
		if (c->reports[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

/* Count rows of a table per report, so arrays are allocated once. */
static int
store_count(struct store *store, struct corpus *c, const char *table,
    size_t *counts, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*sql;
	size_t		 i = 0;
	int		 rc;

	xasprintf(&sql, "SELECT r.id, (SELECT count(*) FROM %s t WHERE"
	    " t.report_id = r.id) FROM reports r ORDER BY r.id", table);
	rc = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return (store_error(store, "counting", cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && i < c->nreports)
		counts[i++] = sqlite3_column_int64(stmt, 1);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return (store_error(store, "counting", cause));
	return (0);
}

/* Read the report rows. */
static int
store_load_reports(struct store *store, struct corpus *c, char **cause)
{
	sqlite3_stmt		*stmt;
	struct stored_report	*s;
	const char		*enc;
	size_t			 n = 0, cap = 16;
	int			 rc, e;

	if (sqlite3_prepare_v2(store->db, "SELECT id, file, ingested_at, sha256,"
	    " encoding, agency, year FROM reports ORDER BY id", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (store_error(store, "loading reports", cause));
	c->reports = xcalloc(cap, sizeof *c->reports);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			c->reports = xreallocarray(c->reports, cap,
			    sizeof *c->reports);
		}
		s = &c->reports[n++];
		memset(s, 0, sizeof *s);
		s->report = xcalloc(1, sizeof *s->report);
		s->id = sqlite3_column_int64(stmt, 0);
		s->name = store_text(stmt, 1);
		s->ingested = sqlite3_column_int64(stmt, 2);
		s->report->file = store_text(stmt, 1);
		snprintf(s->report->sha256, sizeof s->report->sha256, "%s",
		    (const char *)sqlite3_column_text(stmt, 3));
		enc = (const char *)sqlite3_column_text(stmt, 4);
		for (e = ENC_UTF8; e <= ENC_UTF16BE; e++) {
			if (strcmp(enc, encoding_name(e)) == 0)
				s->report->encoding = e;
		}
		s->report->agency = store_text(stmt, 5);
		s->report->year = sqlite3_column_int(stmt, 6);
	}
	c->nreports = n;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (store_error(store, "loading reports", cause));
	return (0);
}

/* Prepare a per-report child query and size the arrays it fills. */
static sqlite3_stmt *
store_children(struct store *store, struct corpus *c, const char *table,
    const char *sql, size_t **counts, char **cause)
{
	sqlite3_stmt	*stmt;

	*counts = xcalloc(c->nreports, sizeof **counts);
	if (store_count(store, c, table, *counts, cause) != 0)
		return (NULL);
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_error(store, "loading", cause);
		return (NULL);
	}
	return (stmt);
}

/* Read the chapters. */
static int
store_load_chapters(struct store *store, struct corpus *c, char **cause)
{
	sqlite3_stmt	*stmt;
	struct report	*r;
	struct chapter	*ch;
	size_t		*counts, i;
	int		 rc;

	stmt = store_children(store, c, "chapters", "SELECT report_id, number,"
	    " title FROM chapters ORDER BY report_id, seq", &counts, cause);
	if (stmt == NULL) {
		free(counts);
		return (-1);
	}
	for (i = 0; i < c->nreports; i++) {
		c->reports[i].report->chapters = xcalloc(counts[i],
		    sizeof (struct chapter));
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		r = store_find(c, sqlite3_column_int64(stmt, 0));
		ch = &r->chapters[r->nchapters++];
		ch->number = sqlite3_column_int(stmt, 1);
		ch->title = store_text(stmt, 2);
	}
	sqlite3_finalize(stmt);
	free(counts);
	if (rc != SQLITE_DONE)
		return (store_error(store, "loading chapters", cause));
	return (0);
}

/* Fill one measure from a row of the measures query. */
static void
store_row_measure(sqlite3_stmt *stmt, struct measure *m)
{
	const char	*kind, *status;
	int		 k;

	m->id = store_text(stmt, 1);
	m->chapter = sqlite3_column_int(stmt, 2);
	m->title = store_text(stmt, 3);
	m->description = store_text(stmt, 4);
	m->line = sqlite3_column_int(stmt, 5);
	m->deadline.text = store_text(stmt, 6);
	kind = (const char *)sqlite3_column_text(stmt, 7);
	for (k = DEADLINE_REGULAR; k <= DEADLINE_OTHER; k++) {
		if (strcmp(kind, deadline_kind_name(k)) == 0)
			m->deadline.kind = k;
	}
	m->deadline.start = sqlite3_column_int(stmt, 8);
	m->deadline.end = sqlite3_column_int(stmt, 9);
	m->work_done = store_text(stmt, 10);
	status = (const char *)sqlite3_column_text(stmt, 11);
	if ((k = status_from_name(status)) >= 0)
		m->status = k;
	m->overdue = sqlite3_column_int(stmt, 12);
	m->overdue_years = sqlite3_column_int(stmt, 13);
	m->evidence.line = sqlite3_column_int(stmt, 14);
	m->evidence.text = store_text(stmt, 15);
}

/* Read the measures. */
static int
store_load_measures(struct store *store, struct corpus *c, char **cause)
{
	sqlite3_stmt	*stmt;
	struct report	*r;
	size_t		*counts, i;
	int		 rc;

	/* The narrative (description, work_done) is most of a report's bytes
	 * and no indicator reads it: leave it in the database. */
	stmt = store_children(store, c, "measures", "SELECT report_id,"
	    " measure, chapter, title, NULL, line, deadline_text,"
	    " deadline_kind, deadline_start, deadline_end, NULL, status,"
	    " overdue, overdue_years, evidence_line, evidence_text"
	    " FROM measures ORDER BY report_id, seq", &counts, cause);
	if (stmt == NULL) {
		free(counts);
		return (-1);
	}
	for (i = 0; i < c->nreports; i++) {
		c->reports[i].report->measures = xcalloc(counts[i],
		    sizeof (struct measure));
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		r = store_find(c, sqlite3_column_int64(stmt, 0));
		store_row_measure(stmt, &r->measures[r->nmeasures++]);
	}
	sqlite3_finalize(stmt);
	free(counts);
	if (rc != SQLITE_DONE)
		return (store_error(store, "loading measures", cause));
	return (0);
}

/* Read the executing bodies into the measures already loaded. */
static int
store_load_executors(struct store *store, struct corpus *c, char **cause)
{
	sqlite3_stmt	*stmt;
	struct report	*r;
	struct measure	*m;
	int		 rc, seq;

	if (sqlite3_prepare_v2(store->db, "SELECT report_id, seq, count(*)"
	    " FROM executors GROUP BY report_id, seq", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (store_error(store, "loading executors", cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		r = store_find(c, sqlite3_column_int64(stmt, 0));
		m = &r->measures[sqlite3_column_int(stmt, 1)];
		m->executors = xcalloc(sqlite3_column_int(stmt, 2),
		    sizeof *m->executors);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE ||
	    sqlite3_prepare_v2(store->db, "SELECT report_id, seq, name FROM"
	    " executors ORDER BY report_id, seq, position", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (store_error(store, "loading executors", cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		r = store_find(c, sqlite3_column_int64(stmt, 0));
		seq = sqlite3_column_int(stmt, 1);
		m = &r->measures[seq];
		m->executors[m->nexecutors++] = store_text(stmt, 2);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (store_error(store, "loading executors", cause));
	return (0);
}

/* Fill one agreement from a row of the agreements query. */
static void
store_row_agreement(sqlite3_stmt *stmt, struct agreement *a)
{
	char	*date;
	int	 stage;

	a->name = store_text(stmt, 1);
	a->kind = store_text(stmt, 2);
	a->partner = store_text(stmt, 3);
	a->partner_iso = store_text(stmt, 4);
	if ((stage = stage_from_name((const char *)
	    sqlite3_column_text(stmt, 5))) >= 0)
		a->stage = stage;
	if ((date = store_text(stmt, 6)) != NULL)
		snprintf(a->date, sizeof a->date, "%s", date);
	free(date);
	a->measure = store_text(stmt, 7);
	a->evidence.line = sqlite3_column_int(stmt, 8);
	a->evidence.text = store_text(stmt, 9);
}

/* Read the agreements. */
static int
store_load_agreements(struct store *store, struct corpus *c, char **cause)
{
	sqlite3_stmt	*stmt;
	struct report	*r;
	size_t		*counts, i;
	int		 rc;

	stmt = store_children(store, c, "agreements", "SELECT report_id, name,"
	    " kind, partner, partner_iso, stage, date, measure, evidence_line,"
	    " evidence_text FROM agreements ORDER BY report_id, seq", &counts,
	    cause);
	if (stmt == NULL) {
		free(counts);
		return (-1);
	}
	for (i = 0; i < c->nreports; i++) {
		c->reports[i].report->agreements = xcalloc(counts[i],
		    sizeof (struct agreement));
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		r = store_find(c, sqlite3_column_int64(stmt, 0));
		store_row_agreement(stmt, &r->agreements[r->nagreements++]);
	}
	sqlite3_finalize(stmt);
	free(counts);
	if (rc != SQLITE_DONE)
		return (store_error(store, "loading agreements", cause));
	return (0);
}

/* Read the newest lines of the ingest log, oldest first. */
static int
store_load_log(struct store *store, struct corpus *c, char **cause)
{
	sqlite3_stmt		*stmt;
	struct ingest_entry	*e;
	int			 rc;

	if (sqlite3_prepare_v2(store->db, "SELECT at, file, sha256, outcome,"
	    " detail FROM (SELECT * FROM ingest_log ORDER BY id DESC LIMIT ?)"
	    " ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
		return (store_error(store, "loading the log", cause));
	sqlite3_bind_int(stmt, 1, STORE_LOG_KEEP);
	c->log = xcalloc(STORE_LOG_KEEP, sizeof *c->log);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		e = &c->log[c->nlog++];
		e->at = sqlite3_column_int64(stmt, 0);
		e->file = store_text(stmt, 1);
		e->sha256 = store_text(stmt, 2);
		e->outcome = store_text(stmt, 3);
		e->detail = store_text(stmt, 4);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (store_error(store, "loading the log", cause));
	return (0);
}

/* Read everything stored back, in one read transaction. */
struct corpus *
store_load(struct store *store, char **cause)
{
	struct corpus	*c;
	int		 rc;

	c = xcalloc(1, sizeof *c);
	if (store_exec(store, "BEGIN", cause) != 0) {
		free(c);
		return (NULL);
	}
	rc = store_load_reports(store, c, cause);
	if (rc == 0)
		rc = store_load_chapters(store, c, cause);
	if (rc == 0)
		rc = store_load_measures(store, c, cause);
	if (rc == 0)
		rc = store_load_executors(store, c, cause);
	if (rc == 0)
		rc = store_load_agreements(store, c, cause);
	if (rc == 0)
		rc = store_load_log(store, c, cause);
	sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	if (rc != 0) {
		corpus_free(c);
		return (NULL);
	}
	return (c);
}

/* Free a corpus. */
void
corpus_free(struct corpus *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nreports; i++) {
		free(c->reports[i].name);
		report_free(c->reports[i].report);
	}
	free(c->reports);
	for (i = 0; i < c->nlog; i++) {
		free(c->log[i].file);
		free(c->log[i].sha256);
		free(c->log[i].outcome);
		free(c->log[i].detail);
	}
	free(c->log);
	free(c);
}
