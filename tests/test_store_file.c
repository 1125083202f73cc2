/*
 * The SQLite store in a file: migrations from each older schema, a newer one
 * refused, and the log the writer truncates when idle.
 */
#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check_run.h"
#include "metrics_internal.h"
#include "report_fixture.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static char	tmpdir[] = "/tmp/napmon-store-XXXXXX";

/* Make a scratch folder for file databases. */
static void
setup_dir(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Remove the scratch folder and what is in it. */
static void
teardown_dir(void)
{
	char	cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(tmpdir, "/tmp/napmon-store-XXXXXX");
}

/* Run SQL on a database file outside the store. */
static int
raw_sql(const char *path, const char *sql)
{
	sqlite3	*db;
	int	 rc;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return (rc);
}

/* Return one integer that a query gives. */
static int
raw_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	int		 n = -1;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return (n);
}

START_TEST(test_migration_fresh_and_reopen)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	struct store		*s;
	char			 path[128], *cause = NULL;

	snprintf(path, sizeof path, "%s/napmon.db", tmpdir);
	s = store_open(path, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	ck_assert_int_eq(store_version(s), STORE_SCHEMA_VERSION);
	fixture_report(&r, m, &a, "DMX", 2016, SHA_A, STAGE_SIGNED,
	    STATUS_COMPLETED);
	ck_assert_int_eq(store_ingest(s, &r, "a.txt", 1, &cause), INGEST_ADDED);
	store_close(s);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM"
	    " pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
	s = store_open(path, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	ck_assert_int_eq(store_known(s, SHA_A), 1);
	store_close(s);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM measures"), 2);
}
END_TEST

/* The size of a file, -1 if there is none. */
static long long
file_size(const char *path)
{
	struct stat	st;

	return (stat(path, &st) == 0 ? (long long)st.st_size : -1);
}

/*
 * Wait up to three seconds (the retries are a second apart) for a file to
 * be empty; its last size.
 */
static long long
wait_empty(const char *path)
{
	long long	size = -1;
	int		i;

	for (i = 0; i < 60; i++) {
		if ((size = file_size(path)) == 0)
			break;
		usleep(50 * 1000);
	}
	return (size);
}

/* Ingest n reports of one agency, a year each, with hashes from seed. */
static void
ingest_years(struct store *s, int n, char seed)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	char			 sha[65], *cause = NULL;
	int			 i;

	for (i = 0; i < n; i++) {
		snprintf(sha, sizeof sha, "%c%063d", seed, i);
		fixture_report(&r, m, &a, "DMX", 1900 + i, sha, STAGE_SIGNED,
		    STATUS_COMPLETED);
		ck_assert_int_eq(store_ingest(s, &r, sha, 1, &cause),
		    INGEST_ADDED);
	}
}

START_TEST(test_idle_writer_truncates_log)
{
	struct store	*s;
	sqlite3		*reader;
	char		 path[128], wal[140], *cause = NULL;

	snprintf(path, sizeof path, "%s/napmon.db", tmpdir);
	snprintf(wal, sizeof wal, "%s-wal", path);
	s = store_open(path, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	ingest_years(s, 50, 'a');
	ck_assert_int_gt(file_size(wal), 0);

	/* A reader in a transaction on the log keeps it whole. */
	ck_assert_int_eq(sqlite3_open(path, &reader), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM"
	    " reports", NULL, NULL, NULL), SQLITE_OK);
	store_shrink(s);
	usleep(300 * 1000);
	ck_assert_int_gt(file_size(wal), 0);
	ck_assert_int_eq(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	/* Once it lets go, the next try cuts the log, losing nothing. */
	ck_assert_int_eq(wait_empty(wal), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM reports"), 50);

	/* Writing again, the log grows again and is cut again at rest. */
	ingest_years(s, 5, 'b');
	ck_assert_int_gt(file_size(wal), 0);
	store_shrink(s);
	ck_assert_int_eq(wait_empty(wal), 0);
	sqlite3_close(reader);
	store_close(s);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM reports"), 55);
}
END_TEST

/* The format of the report listed at i: NULL when it is JSON null. */
static const char *
listed_format(cJSON *doc, int i)
{
	cJSON	*r = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "reports"), i);
	cJSON	*f = cJSON_GetObjectItem(r, "format");

	ck_assert_ptr_nonnull(f);
	return (cJSON_IsNull(f) ? NULL : cJSON_GetStringValue(f));
}

/*
 * Each report keeps the format it was read from; rows stored before
 * the format column (schema version 6) say null, not a guess.
 */
START_TEST(test_migration_keeps_format)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	struct store		*s;
	cJSON			*doc;
	char			 path[128], *cause = NULL;

	snprintf(path, sizeof path, "%s/napmon.db", tmpdir);
	s = store_open(path, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	fixture_report(&r, m, &a, "DMX", 2016, SHA_A, STAGE_SIGNED,
	    STATUS_COMPLETED);
	r.format = FORMAT_DOCX;
	ck_assert_int_eq(store_ingest(s, &r, "a.docx", 1, &cause),
	    INGEST_ADDED);
	store_close(s);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM reports"
	    " WHERE format = 'docx'"), 1);

	/* The same row in a schema of version 5, before the column (and
	 * the doubts of version 7 and the indexes of version 8, after it). */
	ck_assert_int_eq(raw_sql(path, "DROP INDEX agreements_partner;"
	    "DROP INDEX agreements_stage;"
	    "CREATE INDEX agreements_partner ON agreements(partner_iso, name);"
	    "CREATE INDEX agreements_stage ON agreements(stage, name);"
	    "DROP INDEX measures_doubted;"
	    "DROP INDEX agreements_doubted;"
	    "ALTER TABLE measures DROP COLUMN doubts;"
	    "ALTER TABLE agreements DROP COLUMN doubts;"
	    "ALTER TABLE reports DROP COLUMN format;"
	    "PRAGMA user_version = 5"), SQLITE_OK);
	s = store_open(path, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	ck_assert_int_eq(store_version(s), STORE_SCHEMA_VERSION);
	fixture_report(&r, m, &a, "DMX", 2017, SHA_B, STAGE_SIGNED,
	    STATUS_COMPLETED);
	r.format = FORMAT_ODT;
	ck_assert_int_eq(store_ingest(s, &r, "b.odt", 1, &cause),
	    INGEST_ADDED);
	doc = store_reports(s, &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	ck_assert_ptr_null(listed_format(doc, 0));
	ck_assert_str_eq(listed_format(doc, 1), "odt");
	cJSON_Delete(doc);
	store_close(s);
	/* Version 8 indexes partner and stage without the name. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM sqlite_master"
	    " WHERE name IN ('agreements_partner', 'agreements_stage')"
	    " AND sql NOT LIKE '%name%'"), 2);
}
END_TEST

START_TEST(test_migration_newer_refused)
{
	char	 path[128], *cause = NULL;

	snprintf(path, sizeof path, "%s/napmon.db", tmpdir);
	ck_assert_int_eq(raw_sql(path, "PRAGMA user_version = 99"), SQLITE_OK);
	ck_assert_ptr_null(store_open(path, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "newer"));
	free(cause);
}
END_TEST

START_TEST(test_migration_is_one_transaction)
{
	char	 path[128], *cause = NULL;

	/* A clashing table makes the migration fail half-way. */
	snprintf(path, sizeof path, "%s/napmon.db", tmpdir);
	ck_assert_int_eq(raw_sql(path, "CREATE TABLE ingest_log (x)"),
	    SQLITE_OK);
	ck_assert_ptr_null(store_open(path, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "schema version 1"));
	free(cause);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'reports'"), 0);
}
END_TEST

/* Gather the tests of store files. */
static Suite *
store_file_suite(void)
{
	Suite	*s = suite_create("store_file");
	TCase	*tc = tcase_create("migration");

	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_migration_fresh_and_reopen);
	tcase_add_test(tc, test_migration_keeps_format);
	tcase_add_test(tc, test_migration_newer_refused);
	tcase_add_test(tc, test_idle_writer_truncates_log);
	tcase_add_test(tc, test_migration_is_one_transaction);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite. */
int
main(void)
{
	return (check_run(store_file_suite()));
}
