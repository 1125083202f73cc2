/* The SQLite store: ingest, idempotence, replacement, the review queue. */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "check_run.h"
#include "metrics_internal.h"
#include "report_fixture.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

static struct store	*store;

/* Open a private in-memory store. */
static void
setup(void)
{
	char	*cause = NULL;

	store = store_open(":memory:", &cause);
	ck_assert_msg(store != NULL, "%s", cause);
}

/* Close it. */
static void
teardown(void)
{
	store_close(store);
}

/* The agreement rows of one agency, as the ledger reads them. */
struct rows {
	int		n;
	enum stage	stage[4];
	char		date[4][16];
	char		iso[4][8];
};

/* store_sightings() callback: keep a row. */
static void
keep_row(const struct sighting *v, void *arg)
{
	struct rows	*rows = arg;

	ck_assert_int_lt(rows->n, 4);
	rows->stage[rows->n] = v->stage;
	snprintf(rows->date[rows->n], sizeof rows->date[0], "%s",
	    v->date != NULL ? v->date : "");
	snprintf(rows->iso[rows->n], sizeof rows->iso[0], "%s",
	    v->partner_iso != NULL ? v->partner_iso : "");
	rows->n++;
}

/* Read the agreement rows of an agency. */
static void
load_rows(const char *agency, struct rows *rows)
{
	char	*cause = NULL;

	memset(rows, 0, sizeof *rows);
	ck_assert_msg(store_sightings(store, agency, keep_row, rows,
	    &cause) == 0, "%s", cause);
}

/* Read back the one counted report of an agency. */
static void
load_latest(const char *agency, struct stored_report *s)
{
	long long	*ids;
	size_t		 nids;
	int		 nreports;
	char		*cause = NULL;

	ck_assert_msg(store_counted(store, agency, &ids, &nids, &nreports,
	    &cause) == 0, "%s", cause);
	ck_assert_uint_eq(nids, 1);
	ck_assert_msg(store_report_load(store, ids[0], s, &cause) == 0, "%s",
	    cause);
	free(ids);
}

/* The size of an array of the /v1/reports document. */
static int
reports_count(const char *key)
{
	cJSON	*doc;
	char	*cause = NULL;
	int	 n;

	doc = store_reports(store, &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	n = cJSON_GetArraySize(cJSON_GetObjectItem(doc, key));
	cJSON_Delete(doc);
	return (n);
}

/* A string of the last log line, or NULL. */
static char *
last_log(const char *key)
{
	cJSON	*doc, *log, *v;
	char	*cause = NULL, *value = NULL;

	doc = store_reports(store, &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	log = cJSON_GetObjectItem(doc, "log");
	v = cJSON_GetObjectItem(cJSON_GetArrayItem(log,
	    cJSON_GetArraySize(log) - 1), key);
	if (cJSON_IsString(v))
		value = strdup(v->valuestring);
	cJSON_Delete(doc);
	return (value);
}

START_TEST(test_ingest_roundtrip)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	struct stored_report	 s;
	struct rows		 rows;
	const struct report	*back;
	char			*cause = NULL, *outcome;

	fixture_report(&r, m, &a, "Dövlət Miqrasiya Xidməti", 2016, SHA_A,
	    STAGE_NEGOTIATING, STATUS_IN_PROGRESS);
	ck_assert_int_eq(store_ingest(store, &r, "dmx-2016.txt", 1000, &cause),
	    INGEST_ADDED);
	ck_assert_int_eq(reports_count("reports"), 1);
	load_latest("Dövlət Miqrasiya Xidməti", &s);
	ck_assert_str_eq(s.name, "dmx-2016.txt");
	ck_assert_int_eq(s.ingested, 1000);
	back = s.report;
	ck_assert_str_eq(back->sha256, SHA_A);
	ck_assert_str_eq(back->agency, "Dövlət Miqrasiya Xidməti");
	ck_assert_int_eq(back->year, 2016);
	ck_assert_uint_eq(back->nchapters, 2);
	ck_assert_int_eq(back->chapters[1].number, 3);
	ck_assert_uint_eq(back->nmeasures, 2);
	ck_assert_str_eq(back->measures[1].id, "3.5");
	ck_assert_int_eq(back->measures[1].deadline.kind, DEADLINE_YEAR);
	ck_assert_int_eq(back->measures[1].deadline.end, 2014);
	ck_assert_int_eq(back->measures[1].status, STATUS_IN_PROGRESS);
	ck_assert_int_eq(back->measures[1].overdue, 1);
	ck_assert_int_eq(back->measures[1].overdue_years, 2);
	ck_assert_int_eq(back->measures[0].overdue, -1);
	ck_assert_uint_eq(back->measures[1].nexecutors, 2);
	ck_assert_str_eq(back->measures[1].executors[1],
	    "Xarici İşlər Nazirliyi");
	ck_assert_ptr_null(back->measures[1].description);
	stored_report_clear(&s);
	load_rows("Dövlət Miqrasiya Xidməti", &rows);
	ck_assert_int_eq(rows.n, 1);
	ck_assert_str_eq(rows.iso[0], "RU");
	ck_assert_int_eq(rows.stage[0], STAGE_NEGOTIATING);
	ck_assert_str_eq(rows.date[0], "");
	ck_assert_int_eq(reports_count("log"), 1);
	outcome = last_log("outcome");
	ck_assert_str_eq(outcome, "added");
	free(outcome);
}
END_TEST

START_TEST(test_same_bytes_twice)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	struct stored_report	 s;
	char			*cause = NULL;

	fixture_report(&r, m, &a, "DMX", 2016, SHA_A, STAGE_SIGNED,
	    STATUS_COMPLETED);
	ck_assert_int_eq(store_ingest(store, &r, "a.txt", 1, &cause),
	    INGEST_ADDED);
	ck_assert_int_eq(store_known(store, SHA_A), 1);
	ck_assert_int_eq(store_known(store, SHA_B), 0);
	ck_assert_int_eq(store_ingest(store, &r, "a.txt", 2, &cause),
	    INGEST_UNCHANGED);
	/* The same bytes under another name are the same report. */
	ck_assert_int_eq(store_ingest(store, &r, "copy.txt", 3, &cause),
	    INGEST_UNCHANGED);
	ck_assert_int_eq(reports_count("reports"), 1);
	load_latest("DMX", &s);
	ck_assert_int_eq(s.ingested, 1);
	stored_report_clear(&s);
	ck_assert_int_eq(reports_count("log"), 1);
}
END_TEST

START_TEST(test_changed_bytes_replace)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	struct stored_report	 s;
	struct rows		 rows;
	char			*cause = NULL, *outcome;

	fixture_report(&r, m, &a, "DMX", 2016, SHA_A, STAGE_SIGNING,
	    STATUS_IN_PROGRESS);
	ck_assert_int_eq(store_ingest(store, &r, "a.txt", 1, &cause),
	    INGEST_ADDED);
	fixture_report(&r, m, &a, "DMX", 2016, SHA_B, STAGE_SIGNED,
	    STATUS_COMPLETED);
	r.nmeasures = 1;
	ck_assert_int_eq(store_ingest(store, &r, "a.txt", 2, &cause),
	    INGEST_REPLACED);
	ck_assert_int_eq(reports_count("reports"), 1);
	load_latest("DMX", &s);
	ck_assert_str_eq(s.report->sha256, SHA_B);
	ck_assert_uint_eq(s.report->nmeasures, 1);
	stored_report_clear(&s);
	load_rows("DMX", &rows);
	ck_assert_int_eq(rows.n, 1);
	ck_assert_int_eq(rows.stage[0], STAGE_SIGNED);
	ck_assert_str_eq(rows.date[0], "2016-05-01");
	ck_assert_int_eq(reports_count("log"), 2);
	outcome = last_log("outcome");
	ck_assert_str_eq(outcome, "replaced");
	free(outcome);
}
END_TEST

START_TEST(test_duplicate_agreement_keeps_furthest)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a[2];
	struct rows		 rows;
	char			*cause = NULL;

	fixture_report(&r, m, &a[0], "DMX", 2016, SHA_A, STAGE_SIGNED,
	    STATUS_COMPLETED);
	a[1] = a[0];
	a[1].stage = STAGE_DRAFTING;
	r.agreements = a;
	r.nagreements = 2;
	ck_assert_int_eq(store_ingest(store, &r, "a.txt", 1, &cause),
	    INGEST_ADDED);
	load_rows("DMX", &rows);
	ck_assert_int_eq(rows.n, 1);
	ck_assert_int_eq(rows.stage[0], STAGE_SIGNED);
}
END_TEST

/* An agreement's events and near-miss partner are kept with its row. */
START_TEST(test_events_stored)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	struct stage_event	 ev[2];
	sqlite3_stmt		*stmt;
	cJSON			*events;
	char			*cause = NULL;

	fixture_report(&r, m, &a, "DMX", 2016, SHA_A, STAGE_SIGNED,
	    STATUS_COMPLETED);
	memset(ev, 0, sizeof ev);
	ev[0].stage = STAGE_NEGOTIATING;
	ev[0].evidence.line = 7;
	ev[0].evidence.text = "danışıqlar aparılıb";
	ev[1].stage = STAGE_SIGNED;
	snprintf(ev[1].date, sizeof ev[1].date, "2016-05-03");
	a.events = ev;
	a.nevents = 2;
	a.partner_near = 1;
	ck_assert_int_eq(store_ingest(store, &r, "a.txt", 1, &cause),
	    INGEST_ADDED);
	ck_assert_int_eq(sqlite3_prepare_v2(store_db(store), "SELECT"
	    " partner_near, events FROM agreements", -1, &stmt, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(stmt, 0), 1);
	events = cJSON_Parse((const char *)sqlite3_column_text(stmt, 1));
	ck_assert_int_eq(cJSON_GetArraySize(events), 2);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(events, 0),
	    "stage")->valuestring, "negotiating");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(events,
	    0), "date")));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(events, 1),
	    "date")->valuestring, "2016-05-03");
	cJSON_Delete(events);
	sqlite3_finalize(stmt);
}
END_TEST

/* The review queue: doubted fields only, newest report first, a page at a
 * time; rows stored before napmon judged them are not in it. */
START_TEST(test_review_queue)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	struct review_filter	 rf = { 0 };
	struct stored_report	 s;
	cJSON			*doc, *items, *it;
	char			*cause = NULL, *next;

	fixture_report(&r, m, &a, "DMX", 2015, SHA_A, STAGE_SIGNED,
	    STATUS_NOT_REPORTED);
	m[1].doubts = DOUBT_EMPTY_WORK_DONE;
	ck_assert_int_eq(store_ingest(store, &r, "a.txt", 1, &cause),
	    INGEST_ADDED);
	fixture_report(&r, m, &a, "DMX", 2016, SHA_B, STAGE_SIGNED,
	    STATUS_COMPLETED);
	a.doubts = DOUBT_NO_DATE | DOUBT_NEAR_PARTNER;
	a.date[0] = '\0';
	ck_assert_int_eq(store_ingest(store, &r, "b.txt", 2, &cause),
	    INGEST_ADDED);
	load_latest("DMX", &s);
	ck_assert_uint_eq(s.report->measures[1].doubts, 0);
	stored_report_clear(&s);

	ck_assert_ptr_nonnull(doc = review_list(store, &rf, &cause));
	items = cJSON_GetObjectItem(doc, "items");
	ck_assert_int_eq(cJSON_GetArraySize(items), 3);
	it = cJSON_GetArrayItem(items, 0);	/* 2016's agreement first */
	ck_assert_str_eq(cJSON_GetObjectItem(it, "report")->valuestring,
	    "b.txt");
	ck_assert_str_eq(cJSON_GetObjectItem(it, "field")->valuestring, "date");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(it, "value")));
	it = cJSON_GetArrayItem(items, 1);
	ck_assert_str_eq(cJSON_GetObjectItem(it, "field")->valuestring,
	    "partner_iso");
	ck_assert_str_eq(cJSON_GetObjectItem(it, "value")->valuestring, "RU");
	it = cJSON_GetArrayItem(items, 2);
	ck_assert_str_eq(cJSON_GetObjectItem(it, "measure")->valuestring,
	    "3.5");
	ck_assert_str_eq(cJSON_GetObjectItem(it, "value")->valuestring,
	    "not_reported");
	ck_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(it,
	    "reasons"), 0)->valuestring, "empty_work_done");
	ck_assert_ptr_null(cJSON_GetObjectItem(doc, "next"));
	cJSON_Delete(doc);

	/* Two fields of one row, split over two pages. */
	rf.limit = 1;
	ck_assert_ptr_nonnull(doc = review_list(store, &rf, &cause));
	next = strdup(cJSON_GetObjectItem(doc, "next")->valuestring);
	cJSON_Delete(doc);
	rf.after = next;
	rf.limit = 2;
	ck_assert_ptr_nonnull(doc = review_list(store, &rf, &cause));
	items = cJSON_GetObjectItem(doc, "items");
	ck_assert_int_eq(cJSON_GetArraySize(items), 2);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0),
	    "field")->valuestring, "partner_iso");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(doc, "next")));
	cJSON_Delete(doc);
	free(next);

	/* A row from before the doubts column: no confidence, not queued. */
	ck_assert_int_eq(sqlite3_exec(store_db(store), "UPDATE measures SET"
	    " doubts = NULL", NULL, NULL, NULL), SQLITE_OK);
	rf.after = NULL;
	rf.limit = 0;
	rf.agency = "DMX";
	ck_assert_ptr_nonnull(doc = review_list(store, &rf, &cause));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "items")), 2);
	cJSON_Delete(doc);
	load_latest("DMX", &s);
	ck_assert_uint_eq(s.report->measures[1].doubts, DOUBTS_UNJUDGED);
	doc = measure_to_json(&s.report->measures[1], 0);
	ck_assert_ptr_null(cJSON_GetObjectItem(doc, "confidence"));
	cJSON_Delete(doc);
	stored_report_clear(&s);
	rf.agency = "nobody";
	ck_assert_ptr_nonnull(doc = review_list(store, &rf, &cause));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "items")), 0);
	cJSON_Delete(doc);
}
END_TEST

/* Make the store refuse a report of this agency, as a full disk would. */
static void
refuse_agency(const char *agency)
{
	char	*sql;

	xasprintf(&sql, "CREATE TRIGGER refuse BEFORE INSERT ON reports WHEN"
	    " NEW.agency = '%s' BEGIN SELECT RAISE(ABORT, 'refused'); END",
	    agency);
	ck_assert_int_eq(sqlite3_exec(store_db(store), sql, NULL, NULL, NULL),
	    SQLITE_OK);
	free(sql);
}

START_TEST(test_batch_commits_together)
{
	struct report		 r[2];
	struct measure		 m[2][2];
	struct agreement	 a[2];
	char			*cause = NULL;

	fixture_report(&r[0], m[0], &a[0], "DMX", 2016, SHA_A, STAGE_SIGNED,
	    STATUS_COMPLETED);
	fixture_report(&r[1], m[1], &a[1], "XIN", 2016, SHA_B, STAGE_SIGNED,
	    STATUS_COMPLETED);
	ck_assert_msg(store_batch_begin(store, &cause) == 0, "%s", cause);
	ck_assert_int_eq(store_ingest(store, &r[0], "a.txt", 1, &cause),
	    INGEST_ADDED);
	/* Bytes stored earlier in the batch are known in it. */
	ck_assert_int_eq(store_ingest(store, &r[0], "copy.txt", 1, &cause),
	    INGEST_UNCHANGED);
	ck_assert_int_eq(store_ingest(store, &r[1], "b.txt", 1, &cause),
	    INGEST_ADDED);
	ck_assert_msg(store_batch_end(store, &cause) == 0, "%s", cause);
	ck_assert_int_eq(reports_count("reports"), 2);
	ck_assert_int_eq(reports_count("log"), 2);
}
END_TEST

START_TEST(test_batch_void_stores_nothing)
{
	struct report		 r[3];
	struct measure		 m[3][2];
	struct agreement	 a[3];
	char			*cause = NULL;

	fixture_report(&r[0], m[0], &a[0], "DMX", 2016, SHA_A, STAGE_SIGNED,
	    STATUS_COMPLETED);
	fixture_report(&r[1], m[1], &a[1], "Bad", 2016, SHA_B, STAGE_SIGNED,
	    STATUS_COMPLETED);
	fixture_report(&r[2], m[2], &a[2], "XIN", 2016, SHA_C, STAGE_SIGNED,
	    STATUS_COMPLETED);
	refuse_agency("Bad");
	ck_assert_msg(store_batch_begin(store, &cause) == 0, "%s", cause);
	ck_assert_int_eq(store_ingest(store, &r[0], "a.txt", 1, &cause),
	    INGEST_ADDED);
	ck_assert_int_eq(store_ingest(store, &r[1], "bad.txt", 1, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "refused"));
	free(cause);
	cause = NULL;
	/* The rest of a void batch is refused at once. */
	ck_assert_int_eq(store_ingest(store, &r[2], "c.txt", 1, &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(store_batch_end(store, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	ck_assert_int_eq(reports_count("reports"), 0);
	ck_assert_int_eq(reports_count("log"), 0);
	/* One at a time, the good ones go in and the bad one alone fails. */
	ck_assert_int_eq(store_ingest(store, &r[0], "a.txt", 2, &cause),
	    INGEST_ADDED);
	ck_assert_int_eq(store_ingest(store, &r[1], "bad.txt", 2, &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(store_ingest(store, &r[2], "c.txt", 2, &cause),
	    INGEST_ADDED);
	ck_assert_int_eq(reports_count("reports"), 2);
	/* And a batch after a void one commits. */
	ck_assert_msg(store_batch_begin(store, &cause) == 0, "%s", cause);
	ck_assert_int_eq(store_log(store, "q.txt", NULL, "quarantined", "no",
	    3, &cause), 0);
	ck_assert_msg(store_batch_end(store, &cause) == 0, "%s", cause);
	ck_assert_int_eq(reports_count("quarantined"), 1);
}
END_TEST

START_TEST(test_log_quarantine)
{
	char	*cause = NULL, *detail, *sha256;

	ck_assert_int_eq(store_log(store, "bad.txt", NULL, "quarantined",
	    "no measures found", 5, &cause), 0);
	ck_assert_int_eq(reports_count("reports"), 0);
	ck_assert_int_eq(reports_count("log"), 1);
	ck_assert_int_eq(reports_count("quarantined"), 1);
	detail = last_log("detail");
	ck_assert_str_eq(detail, "no measures found");
	free(detail);
	sha256 = last_log("sha256");
	ck_assert_ptr_null(sha256);
}
END_TEST

/* The statements a connection keeps for SQL asked again. */
static int
live_statements(struct store *s)
{
	sqlite3_stmt	*stmt = NULL;
	int		 n = 0;

	while ((stmt = sqlite3_next_stmt(store_db(s), stmt)) != NULL)
		n++;
	return (n);
}

/*
 * A query asked again is the same statement, given back reset; past
 * STORE_QUERIES kept, one more is finalized when it is given back.
 */
START_TEST(test_queries_kept_prepared)
{
	static const char	*const sql[STORE_QUERIES + 1] = {
	    "SELECT 0", "SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4",
	    "SELECT 5", "SELECT 6", "SELECT 7", "SELECT 8", "SELECT 9",
	    "SELECT 10", "SELECT 11", "SELECT 12", "SELECT 13", "SELECT 14",
	    "SELECT 15", "SELECT 16" };
	const char	*years = "SELECT year FROM reports ORDER BY year";
	struct report	 r;
	struct measure	 m[2];
	struct agreement a;
	struct store	*s;
	sqlite3_stmt	*stmt, *again;
	char		*cause = NULL;
	int		 i, before;

	s = store_open(":memory:", &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	fixture_report(&r, m, &a, "DMX", 2016, SHA_A, STAGE_SIGNED,
	    STATUS_COMPLETED);
	ck_assert_int_eq(store_ingest(s, &r, "a.txt", 1, &cause), INGEST_ADDED);
	fixture_report(&r, m, &a, "DMX", 2017, SHA_B, STAGE_SIGNED,
	    STATUS_COMPLETED);
	ck_assert_int_eq(store_ingest(s, &r, "b.txt", 1, &cause), INGEST_ADDED);
	stmt = store_query(s, years);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(stmt, 0), 2016);
	store_query_done(s, stmt);
	ck_assert(!sqlite3_stmt_busy(stmt));
	again = store_query(s, years);
	ck_assert_ptr_eq(again, stmt);
	ck_assert_int_eq(sqlite3_step(again), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(again, 0), 2016);
	store_query_done(s, again);
	for (i = 0; i < STORE_QUERIES - 1; i++)
		store_query_done(s, store_query(s, sql[i]));
	before = live_statements(s);
	stmt = store_query(s, sql[STORE_QUERIES]);
	ck_assert_ptr_nonnull(stmt);
	ck_assert_int_eq(live_statements(s), before + 1);
	store_query_done(s, stmt);
	ck_assert_int_eq(live_statements(s), before);
	store_close(s);
}
END_TEST

/* Gather the store tests. */
static Suite *
store_suite(void)
{
	Suite	*s = suite_create("store");
	TCase	*tc;

	tc = tcase_create("ingest");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ingest_roundtrip);
	tcase_add_test(tc, test_queries_kept_prepared);
	tcase_add_test(tc, test_same_bytes_twice);
	tcase_add_test(tc, test_changed_bytes_replace);
	tcase_add_test(tc, test_duplicate_agreement_keeps_furthest);
	tcase_add_test(tc, test_events_stored);
	tcase_add_test(tc, test_review_queue);
	tcase_add_test(tc, test_log_quarantine);
	tcase_add_test(tc, test_batch_commits_together);
	tcase_add_test(tc, test_batch_void_stores_nothing);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite. */
int
main(void)
{
	return (check_run(store_suite()));
}
