/*
 * The SQLite store.  Reports are keyed by the name of their file in the
 * inbox: a file whose bytes change replaces its earlier report, and bytes
 * already stored (under any name) change nothing, so rescanning is free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "metrics_internal.h"

/* The statements of every ingest, prepared once. */
enum store_sql { SQL_KNOWN, SQL_LOG, SQL_REPORT, SQL_CHAPTER, SQL_MEASURE,
	SQL_EXECUTOR, SQL_AGREEMENT, SQL_DROP, SQL_COUNT };

static const char *const store_sql[SQL_COUNT] = {
	[SQL_KNOWN] = "SELECT 1 FROM reports WHERE sha256 = ?",
	[SQL_LOG] = "INSERT INTO ingest_log (at, file, sha256, outcome,"
	    " detail) VALUES (?, ?, ?, ?, ?)",
	[SQL_REPORT] = "INSERT INTO reports (file, sha256, encoding, agency,"
	    " year, ingested_at, format) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[SQL_CHAPTER] = "INSERT INTO chapters (report_id, seq, number, title)"
	    " VALUES (?, ?, ?, ?)",
	[SQL_MEASURE] = "INSERT INTO measures (report_id, seq, measure,"
	    " chapter, title, description, line, deadline_text, deadline_kind,"
	    " deadline_start, deadline_end, work_done, status, overdue,"
	    " overdue_years, evidence_line, evidence_text, doubts) VALUES"
	    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[SQL_EXECUTOR] = "INSERT INTO executors (report_id, seq, position,"
	    " name) VALUES (?, ?, ?, ?)",
	[SQL_AGREEMENT] = "INSERT INTO agreements (report_id, seq, name, kind,"
	    " partner, partner_iso, stage, date, measure, evidence_line,"
	    " evidence_text, partner_near, events, doubts)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[SQL_DROP] = "DELETE FROM reports WHERE file = ?",
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*stmts[SQL_COUNT];
	struct {
		const char	*sql;		/* a constant, by its address */
		sqlite3_stmt	*stmt;
	}		 queries[STORE_QUERIES];	/* store_query() */
	int		 batch;		/* a batch transaction is open */
	int		 batch_void;	/* ... and a write of it failed */
	struct checkpointer *checkpointer;
};

/*
 * Fill cause with SQLite's last error, prefixed by what was being done.  In
 * a batch, what failed may have written half a report: the batch is void.
 */
static int
store_error(struct store *store, const char *what, char **cause)
{
	if (store->batch)
		store->batch_void = 1;
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

/*
 * Open (creating if needed) a store; ":memory:" gives a private one.  Each
 * connection is used by one thread at a time (NOMUTEX), which spares SQLite
 * a lock around every call.
 */
struct store *
store_open(const char *path, char **cause)
{
	struct store	*store;
	char		*why;

	store = xcalloc(1, sizeof *store);
	if (sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, store->db == NULL ?
		    "out of memory" : sqlite3_errmsg(store->db));
		goto fail;
	}
	sqlite3_busy_timeout(store->db, STORE_BUSY_MS);
	/*
	 * WAL lets a crash of napmond lose at most the transaction under way.
	 * synchronous = NORMAL keeps that (no corruption, a report fully in or
	 * absent) and fsyncs at checkpoints rather than at every commit: power
	 * loss may forget the last reports ingested, but their files are still
	 * in the inbox and are ingested again, while FULL cost an fsync per
	 * report and held ingest near 150 reports/s.  An 8 MiB page cache
	 * (2 by default) keeps the tables' upper pages between reports.
	 */
	if (store_exec(store, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA cache_size = -8192;"
	    "PRAGMA foreign_keys = ON", &why) != 0 ||
	    store_migrate(store, &why) != 0) {
		xasprintf(cause, "%s: %s", path, why);
		free(why);
		goto fail;
	}
	if (strcmp(path, ":memory:") != 0)
		store->checkpointer = checkpointer_start(store->db, path);
	return (store);

fail:
	sqlite3_close(store->db);
	free(store);
	return (NULL);
}

/*
 * Open a second, read-only connection to a store another one writes: WAL
 * lets it read while the other writes.
 */
struct store *
store_open_reader(const char *path, char **cause)
{
	struct store	*store;

	store = xcalloc(1, sizeof *store);
	if (sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, store->db == NULL ?
		    "out of memory" : sqlite3_errmsg(store->db));
		sqlite3_close(store->db);
		free(store);
		return (NULL);
	}
	sqlite3_busy_timeout(store->db, STORE_BUSY_MS);
	sqlite3_exec(store->db, "PRAGMA cache_size = -8192", NULL, NULL, NULL);
	return (store);
}

/*
 * Open a second writing connection, for the corrections people make, to a
 * store another connection created and migrated.  A correction has no file
 * in the inbox to be read again after a power loss, so its commit waits
 * for the disk (synchronous = FULL); the log is left to the writer's
 * checkpointer, and a correction never stalls on a checkpoint of its own.
 */
struct store *
store_open_editor(const char *path, char **cause)
{
	struct store	*store;
	char		*why;

	store = xcalloc(1, sizeof *store);
	if (sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, store->db == NULL ?
		    "out of memory" : sqlite3_errmsg(store->db));
		goto fail;
	}
	sqlite3_busy_timeout(store->db, STORE_BUSY_MS);
	if (store_exec(store, "PRAGMA synchronous = FULL;"
	    "PRAGMA wal_autocheckpoint = 0", &why) != 0) {
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
	int	i;

	if (store == NULL)
		return;
	/* Stopped first, so closing db checkpoints the rest of the log. */
	sqlite3_wal_hook(store->db, NULL, NULL);
	checkpointer_stop(store->checkpointer);
	for (i = 0; i < SQL_COUNT; i++)
		sqlite3_finalize(store->stmts[i]);
	for (i = 0; i < STORE_QUERIES; i++)
		sqlite3_finalize(store->queries[i].stmt);
	sqlite3_close(store->db);
	free(store);
}

/* Let a connection's page cache grow to kib KiB (8 MiB at the start). */
void
store_cache(struct store *store, int kib)
{
	char	sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", -kib);
	sqlite3_exec(store->db, sql, NULL, NULL, NULL);
}

/*
 * Let go of the pages a connection keeps between transactions, for a while
 * of rest: after an ingest the writer's cache is full (8 MiB were a fifth
 * of napmond's resident memory at 10,000 reports), and the next ingest
 * reads what it needs of it again from the kernel's page cache.  The
 * writer's log is truncated too, once no reader is on it: it is otherwise
 * left as large as the largest ingest made it.
 */
void
store_shrink(struct store *store)
{
	sqlite3_db_release_memory(store->db);
	if (store->checkpointer != NULL)
		checkpointer_idle(store->checkpointer);
}

/*
 * Return a statement of the ingest, prepared at its first use: preparing
 * them for every report was a tenth of SQLite's share of an ingest.
 */
static sqlite3_stmt *
store_stmt(struct store *store, enum store_sql which)
{
	if (store->stmts[which] == NULL &&
	    sqlite3_prepare_v3(store->db, store_sql[which], -1,
	    SQLITE_PREPARE_PERSISTENT, &store->stmts[which], NULL) != SQLITE_OK)
		return (NULL);
	return (store->stmts[which]);
}

/*
 * A read statement of this connection for sql, a string constant known by
 * its address, prepared the first time it is asked and kept: a recount
 * reads each report of an agency with the same few queries, and preparing
 * them anew for each was a seventh of napmond's CPU time while it ingested
 * 100,000 reports (docs/performance.md).  NULL with SQLite's error.  Give
 * it back with store_query_done(), before sql is asked again.
 */
sqlite3_stmt *
store_query(struct store *store, const char *sql)
{
	sqlite3_stmt	*stmt;
	int		 i;

	for (i = 0; i < STORE_QUERIES && store->queries[i].sql != NULL; i++)
		if (store->queries[i].sql == sql)
			return (store->queries[i].stmt);
	if (sqlite3_prepare_v3(store->db, sql, -1, i < STORE_QUERIES ?
	    SQLITE_PREPARE_PERSISTENT : 0, &stmt, NULL) != SQLITE_OK)
		return (NULL);
	if (i < STORE_QUERIES) {
		store->queries[i].sql = sql;
		store->queries[i].stmt = stmt;
	}
	return (stmt);
}

/*
 * Give back a statement of store_query(): reset, so that it holds no read
 * transaction open, or finalized when there was no room to keep it.
 */
void
store_query_done(struct store *store, sqlite3_stmt *stmt)
{
	int	i;

	for (i = 0; i < STORE_QUERIES; i++)
		if (store->queries[i].stmt == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return;
		}
	sqlite3_finalize(stmt);
}

/*
 * Bind text, or NULL for a NULL or empty string.  SQLITE_STATIC: the text
 * outlives the statement's step, and copying every narrative was a tenth of
 * the writer's instructions.
 */
static void
store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
}

/*
 * Step a statement that returns no row and reset it.  Every statement binds
 * all of its parameters before each step, so none is cleared.
 */
static int
store_step(struct store *store, sqlite3_stmt *stmt, const char *what,
    char **cause)
{
	int	rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
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

	if ((stmt = store_stmt(store, SQL_KNOWN)) == NULL)
		return (-1);
	sqlite3_bind_text(stmt, 1, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
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

	if ((stmt = store_stmt(store, SQL_LOG)) == NULL)
		return (store_error(store, "logging", cause));
	sqlite3_bind_int64(stmt, 1, now);
	store_bind_text(stmt, 2, file);
	store_bind_text(stmt, 3, sha256);
	store_bind_text(stmt, 4, outcome);
	store_bind_text(stmt, 5, detail);
	return (store_step(store, stmt, "logging", cause));
}

/* Insert the report row; return its id or -1. */
static long long
store_put_report(struct store *store, const struct report *r,
    const char *name, long long now, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(store, SQL_REPORT)) == NULL)
		return (store_error(store, "storing the report", cause));
	store_bind_text(stmt, 1, name);
	store_bind_text(stmt, 2, r->sha256);
	store_bind_text(stmt, 3, encoding_name(r->encoding));
	store_bind_text(stmt, 4, r->agency);
	sqlite3_bind_int(stmt, 5, r->year);
	sqlite3_bind_int64(stmt, 6, now);
	store_bind_text(stmt, 7, format_name(r->format));
	if (store_step(store, stmt, "storing the report", cause) != 0)
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

	if ((stmt = store_stmt(store, SQL_CHAPTER)) == NULL)
		return (store_error(store, "storing chapters", cause));
	for (i = 0; i < r->nchapters && rc == 0; i++) {
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, i);
		sqlite3_bind_int(stmt, 3, r->chapters[i].number);
		store_bind_text(stmt, 4, r->chapters[i].title);
		rc = store_step(store, stmt, "storing a chapter", cause);
	}
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
	sqlite3_bind_int(stmt, 18, (int)m->doubts);
}

/* Insert the measures of a report with their executing bodies. */
static int
store_put_measures(struct store *store, long long id, const struct report *r,
    char **cause)
{
	sqlite3_stmt	*stmt, *exec;
	size_t		 i;

	if ((stmt = store_stmt(store, SQL_MEASURE)) == NULL ||
	    (exec = store_stmt(store, SQL_EXECUTOR)) == NULL)
		return (store_error(store, "storing measures", cause));
	for (i = 0; i < r->nmeasures; i++) {
		store_bind_measure(stmt, id, i, &r->measures[i]);
		if (store_step(store, stmt, "storing a measure", cause) != 0 ||
		    store_put_executors(store, exec, id, i, &r->measures[i],
		    cause) != 0)
			return (-1);
	}
	return (0);
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
	char			*events;
	size_t			 i;
	int			 rc = 0;

	if ((stmt = store_stmt(store, SQL_AGREEMENT)) == NULL)
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
		sqlite3_bind_int(stmt, 12, a->partner_near);
		events = events_json(a);
		sqlite3_bind_text(stmt, 13, events, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(stmt, 14, (int)a->doubts);
		rc = store_step(store, stmt, "storing an agreement", cause);
		free(events);
	}
	return (rc);
}

/* Delete the report stored under a file name; return 1 if there was one. */
static int
store_drop(struct store *store, const char *name, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(store, SQL_DROP)) == NULL)
		return (store_error(store, "replacing the report", cause));
	store_bind_text(stmt, 1, name);
	if (store_step(store, stmt, "replacing the report", cause) != 0)
		return (-1);
	return (sqlite3_changes(store->db) > 0);
}

/*
 * Open a transaction for a batch of ingests: one commit for several reports
 * writes the pages they share (the tables' upper levels, the indexes) once,
 * not once per report.  The reports of a batch go in without a savepoint
 * each, which journalled every page a report touched once more (a seventh
 * of an ingest's instructions), so one that fails voids the batch:
 * store_batch_end() then rolls it all back, and the caller stores the
 * reports again one at a time.  A crash loses the batch, whose files are
 * still in the inbox.
 */
int
store_batch_begin(struct store *store, char **cause)
{
	if (store_exec(store, "BEGIN IMMEDIATE", cause) != 0)
		return (-1);
	store->batch = 1;
	store->batch_void = 0;
	return (0);
}

/* Commit the batch; on failure, its own or a report's, none of it is
 * stored. */
int
store_batch_end(struct store *store, char **cause)
{
	int	void_ = store->batch_void;

	store->batch = store->batch_void = 0;
	if (void_)
		xasprintf(cause, "a report of the batch failed");
	if (void_ || store_exec(store, "COMMIT", cause) != 0) {
		if (!sqlite3_get_autocommit(store->db))
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		return (-1);
	}
	return (0);
}

/* Store the rows of a report; return an ingest_result or -1. */
static int
store_put(struct store *store, const struct report *r, const char *name,
    long long now, char **cause)
{
	long long	id;
	int		replaced;

	if ((replaced = store_drop(store, name, cause)) < 0 ||
	    (id = store_put_report(store, r, name, now, cause)) < 0 ||
	    store_put_chapters(store, id, r, cause) != 0 ||
	    store_put_measures(store, id, r, cause) != 0 ||
	    store_put_agreements(store, id, r, cause) != 0 ||
	    store_log(store, name, r->sha256, replaced ? "replaced" : "added",
	    NULL, now, cause) != 0)
		return (-1);
	return (replaced ? INGEST_REPLACED : INGEST_ADDED);
}

/*
 * Store a report read from the inbox file name, and log it: in the batch if
 * one is open, else in a transaction of its own.  Return an ingest_result,
 * or -1 with nothing of it changed (in a batch: with the batch void).
 */
int
store_ingest(struct store *store, const struct report *r, const char *name,
    long long now, char **cause)
{
	int	known, rc;

	if (store->batch_void) {
		xasprintf(cause, "the batch failed");
		return (-1);
	}
	if ((known = store_known(store, r->sha256)) < 0)
		return (store_error(store, "looking the report up", cause));
	if (known)
		return (INGEST_UNCHANGED);
	if (store->batch)
		return (store_put(store, r, name, now, cause));
	if (store_exec(store, "BEGIN IMMEDIATE", cause) != 0)
		return (-1);
	if ((rc = store_put(store, r, name, now, cause)) < 0 ||
	    store_exec(store, "COMMIT", cause) != 0) {
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		return (-1);
	}
	return (rc);
}

/* The connection, for the listings' own queries. */
sqlite3 *
store_db(struct store *store)
{
	return (store->db);
}
