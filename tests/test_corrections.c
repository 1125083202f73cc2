/*
 * Corrections (metrics/corrections.c, overlay.c): what a body may say and
 * the reason a refused one gets; the corrected value in the indicators, the
 * measures, the agreement listing and the trends, beside what napmon read;
 * a correction kept through a new version of its report and a newer
 * year's; stale once its fact is gone; taken back.  Over hand-built
 * reports of one agency.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "metrics_internal.h"
#include "report_fixture.h"
#include "check_run.h"

#define AGENCY	"Sınaq Xidməti"
#define SAZIS	"Readmissiya haqqında Saziş"

static struct store	*store;

/* Store a fixture report of AGENCY under a file name. */
static void
ingest(const char *name, int year, const char *sha, size_t nmeasures)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	char			*cause = NULL;

	fixture_report(&r, m, &a, AGENCY, year, sha, STAGE_NEGOTIATING,
	    STATUS_IN_PROGRESS);
	r.nmeasures = nmeasures;
	ck_assert_msg(store_ingest(store, &r, name, 1700000000, &cause) >= 0,
	    "%s", cause);
}

static void
setup(void)
{
	char	*cause = NULL;

	store = store_open(":memory:", &cause);
	ck_assert_msg(store != NULL, "%s", cause);
	ingest("r2015.txt", 2015, "a015", 2);
	ingest("r2016.txt", 2016, "a016", 2);
}

static void
teardown(void)
{
	store_close(store);
	store = NULL;
}

/* POST a body as alice; return corrections_add()'s result. */
static int
post(const char *body, cJSON **stored, char **cause)
{
	*cause = NULL;
	return (corrections_add(store, body, strlen(body), "alice",
	    1700000100, stored, cause));
}

/* POST a body that must be stored; return its id. */
static long long
post_ok(const char *body)
{
	cJSON		*stored;
	char		*cause;
	long long	 id;

	ck_assert_msg(post(body, &stored, &cause) == 0, "%s: %s", body,
	    cause);
	id = (long long)cJSON_GetObjectItem(stored, "id")->valuedouble;
	cJSON_Delete(stored);
	return (id);
}

/* A fresh snapshot of the store, counted from nothing. */
static struct snapshot *
take(void)
{
	struct ledger	*l = ledger_open(store, 0);
	struct snapshot	*s;
	char		*cause = NULL;

	s = ledger_snapshot(l, 1700000200, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	ledger_free(l);
	return (s);
}

/*
 * The measure of the snapshot with this id, from its measures read as a
 * document; the last few documents stay, for the measures they hold.
 */
static const cJSON *
measure(const struct snapshot *s, const char *id)
{
	static cJSON	*docs[4];
	static size_t	 next;
	const cJSON	*m;
	cJSON		*doc = snapshot_measures(s, NULL);

	cJSON_Delete(docs[next]);
	docs[next] = doc;
	next = (next + 1) % 4;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(doc, "measures"))
		if (strcmp(cJSON_GetObjectItem(m, "id")->valuestring, id) == 0)
			return (m);
	ck_abort_msg("no measure %s", id);
	return (NULL);
}

/* The agreements a filter lets through, as an array. */
static cJSON *
listing(const struct agreement_filter *f)
{
	struct listing	*l = listing_agreements(store, f);
	cJSON		*doc;
	char		*page, *end, *cause = NULL;

	ck_assert_int_eq(listing_next(l, &page, &cause), 1);
	ck_assert_int_eq(listing_next(l, &end, &cause), 0);
	listing_free(l);
	doc = cJSON_Parse(page);
	ck_assert_msg(doc != NULL, "%s", page);
	free(page);
	return (doc);
}

/* The one agreement of the listing, as a document of its own. */
static cJSON *
listed(void)
{
	struct agreement_filter	 f = { .stage = -1 };
	struct listing		*l = listing_agreements(store, &f);
	cJSON			*doc, *a;
	char			*page, *end, *cause = NULL;

	ck_assert_int_eq(listing_next(l, &page, &cause), 1);
	ck_assert_int_eq(listing_next(l, &end, &cause), 0);
	listing_free(l);
	doc = cJSON_Parse(page);
	ck_assert_msg(doc != NULL && cJSON_GetArraySize(doc) == 1, "%s", page);
	free(page);
	a = cJSON_DetachItemFromArray(doc, 0);
	cJSON_Delete(doc);
	return (a);
}

/* A string member at a path of up to two keys. */
static const char *
at(const cJSON *o, const char *k1, const char *k2)
{
	const cJSON	*v = cJSON_GetObjectItem(o, k1);

	if (k2 != NULL)
		v = cJSON_GetObjectItem(v, k2);
	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* A tally count of the indicators at a path of two keys. */
static int
count(const struct snapshot *s, const char *k1, const char *k2)
{
	return (cJSON_GetObjectItem(cJSON_GetObjectItem(s->indicators, k1),
	    k2)->valueint);
}

static const struct {
	const char	*body;
	const char	*reason;	/* what the 400 says */
} refused[] = {
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"field\":\"status\","
	    "\"value\":\"completed\",\"colour\":\"red\"}", "unknown field 'colour'" },
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"field\":\"status\","
	    "\"value\":\"completed\",\"who\":\"mallory\"}", "who: napmond takes it" },
	{ "{\"agency\":", "body: not JSON" },
	{ "[1,2]", "body: not a JSON object" },
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"field\":\"status\","
	    "\"value\":\"done\"}", "value: a status is one of" },
	{ "{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"stage\",\"value\":\"sealed\"}", "value: a stage is one of" },
	{ "{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"date\",\"value\":\"2015-02-29\"}", "value: a date is" },
	{ "{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"partner_iso\",\"value\":\"ru\"}", "value: a partner_iso" },
	{ "{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"status\",\"value\":\"completed\"}", "field: an agreement's" },
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"field\":\"stage\","
	    "\"value\":\"signed\"}", "field: a measure's is status" },
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"9.9\",\"field\":\"status\","
	    "\"value\":\"completed\"}", "unknown measure '9.9' for agency" },
	{ "{\"agency\":\"Başqa\",\"measure\":\"3.5\",\"field\":\"status\","
	    "\"value\":\"completed\"}", "unknown measure '3.5' for agency 'Başqa'" },
	{ "{\"agency\":\"" AGENCY "\",\"agreement\":\"Yoxdur\",\"field\":\"stage\","
	    "\"value\":\"signed\"}", "unknown agreement 'Yoxdur'" },
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"year\":2014,"
	    "\"field\":\"status\",\"value\":\"completed\"}", "in 2014" },
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"year\":\"2015\","
	    "\"field\":\"status\",\"value\":\"completed\"}", "year: not a year" },
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"agreement\":\""
	    SAZIS "\",\"field\":\"status\",\"value\":\"completed\"}",
	    "measure or agreement" },
	{ "{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"field\":\"status\","
	    "\"value\":\"completed\",\"value\":\"ongoing\"}", "given twice" },
	{ "{\"measure\":\"3.5\",\"field\":\"status\",\"value\":\"completed\"}",
	    "agency: needed" },
};

/* Each bad body is refused with its reason, and nothing is stored. */
START_TEST(test_refused)
{
	cJSON	*stored, *list;
	char	*cause;
	size_t	 i;

	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		ck_assert_msg(post(refused[i].body, &stored, &cause) == 1,
		    "accepted: %s", refused[i].body);
		ck_assert_msg(strstr(cause, refused[i].reason) != NULL,
		    "%s: said '%s', not '%s'", refused[i].body, cause,
		    refused[i].reason);
		ck_assert_ptr_null(stored);
		free(cause);
	}
	list = corrections_list(store, &cause);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(list,
	    "corrections")), 0);
	cJSON_Delete(list);
}
END_TEST

/* A stored correction says who made it, as the caller names them. */
START_TEST(test_stored)
{
	cJSON	*stored;
	char	*cause;

	ck_assert_int_eq(post("{\"agency\":\"" AGENCY "\",\"agreement\":\""
	    SAZIS "\",\"field\":\"date\",\"value\":\"2016-02-29\",\"year\":2016,"
	    "\"note\":\"the signed copy\"}", &stored, &cause), 0);
	ck_assert_str_eq(at(stored, "who", NULL), "alice");
	ck_assert_str_eq(at(stored, "agreement", NULL), SAZIS);
	ck_assert_str_eq(at(stored, "value", NULL), "2016-02-29");
	ck_assert_str_eq(at(stored, "note", NULL), "the signed copy");
	ck_assert_int_eq(cJSON_GetObjectItem(stored, "year")->valueint, 2016);
	ck_assert_int_gt(cJSON_GetObjectItem(stored, "id")->valueint, 0);
	cJSON_Delete(stored);
}
END_TEST

/* A measure's status: counted corrected, overdue judged again, shown with
 * what was read. */
START_TEST(test_measure_overlay)
{
	struct snapshot	*before, *after;
	const cJSON	*m;

	before = take();
	ck_assert_str_eq(at(measure(before, "3.5"), "status", NULL),
	    "in_progress");
	post_ok("{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"field\":"
	    "\"status\",\"value\":\"completed\",\"note\":\"seen done\"}");
	after = take();
	m = measure(after, "3.5");
	ck_assert_str_eq(at(m, "status", NULL), "completed");
	ck_assert_str_eq(at(m, "source", NULL), "human");
	ck_assert_str_eq(at(m, "read", "status"), "in_progress");
	ck_assert_str_eq(at(m, "correction", "who"), "alice");
	ck_assert_str_eq(at(m, "correction", "note"), "seen done");
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(m, "overdue")));
	ck_assert_int_eq(count(after, "measures", "completed"),
	    count(before, "measures", "completed") + 1);
	ck_assert_int_eq(count(after, "measures", "overdue"),
	    count(before, "measures", "overdue") - 1);
	/* The other measure is as read, with nothing added. */
	ck_assert_ptr_null(cJSON_GetObjectItem(measure(after, "1.1"),
	    "source"));
	snapshot_free(before);
	snapshot_free(after);
}
END_TEST

/* A correction of another year than the counted report's changes nothing
 * counted. */
START_TEST(test_measure_other_year)
{
	struct snapshot	*s;

	post_ok("{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"year\":2015,"
	    "\"field\":\"status\",\"value\":\"completed\"}");
	s = take();
	ck_assert_str_eq(at(measure(s, "3.5"), "status", NULL),
	    "in_progress");
	snapshot_free(s);
}
END_TEST

/* An agreement's stage and partner: in the indicators and the listing,
 * every year's row when no year is named, one row when one is. */
START_TEST(test_agreement_overlay)
{
	struct snapshot	*s;
	cJSON		*a, *h;

	post_ok("{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"stage\",\"value\":\"signed\"}");
	post_ok("{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"partner_iso\",\"value\":\"GE\",\"year\":2016}");
	s = take();
	ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(
	    cJSON_GetObjectItem(s->indicators, "agreements"), "by_stage"),
	    "signed")->valueint, 1);
	snapshot_free(s);
	a = listed();
	ck_assert_str_eq(at(a, "stage", NULL), "signed");
	ck_assert_str_eq(at(a, "partner_iso", NULL), "GE");
	ck_assert_str_eq(at(a, "source", NULL), "human");
	ck_assert_str_eq(at(a, "read", "stage"), "negotiating");
	ck_assert_str_eq(at(a, "read", "partner_iso"), "RU");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(a,
	    "corrections")), 2);
	/* The newest of the two. */
	ck_assert_str_eq(at(a, "correction", "field"), "partner_iso");
	h = cJSON_GetObjectItem(a, "history");
	ck_assert_str_eq(at(cJSON_GetArrayItem(h, 0), "stage", NULL),
	    "signed");
	ck_assert_str_eq(at(cJSON_GetArrayItem(h, 1), "stage", NULL),
	    "signed");
	cJSON_Delete(a);
}
END_TEST

/* A listing filtered by stage or partner goes by the corrected values. */
START_TEST(test_filtered)
{
	struct agreement_filter	 f = { .stage = STAGE_SIGNED };
	cJSON			*doc;

	doc = listing(&f);
	ck_assert_int_eq(cJSON_GetArraySize(doc), 0);
	cJSON_Delete(doc);
	post_ok("{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"stage\",\"value\":\"signed\"}");
	post_ok("{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"partner_iso\",\"value\":\"GE\"}");
	doc = listing(&f);
	ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
	cJSON_Delete(doc);
	f.stage = STAGE_NEGOTIATING;
	doc = listing(&f);
	ck_assert_int_eq(cJSON_GetArraySize(doc), 0);
	cJSON_Delete(doc);
	f.stage = -1;
	f.partner_iso = "GE";
	doc = listing(&f);
	ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
	cJSON_Delete(doc);
	f.partner_iso = "RU";
	doc = listing(&f);
	ck_assert_int_eq(cJSON_GetArraySize(doc), 0);
	cJSON_Delete(doc);
}
END_TEST

/* The newest correction of a field wins. */
START_TEST(test_newest_wins)
{
	cJSON	*a;

	post_ok("{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"stage\",\"value\":\"signed\"}");
	post_ok("{\"agency\":\"" AGENCY "\",\"agreement\":\"" SAZIS "\","
	    "\"field\":\"stage\",\"value\":\"ratified\"}");
	a = listed();
	ck_assert_str_eq(at(a, "stage", NULL), "ratified");
	ck_assert_str_eq(at(a, "read", "stage"), "negotiating");
	cJSON_Delete(a);
}
END_TEST

/* Through a new version of the report and a newer year's; stale when its
 * fact is gone, and holding again when it comes back. */
START_TEST(test_survives_and_stale)
{
	struct snapshot	*s;
	cJSON		*list;
	char		*cause;

	post_ok("{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"field\":"
	    "\"status\",\"value\":\"completed\"}");
	ingest("r2016.txt", 2016, "b016", 2);
	ingest("r2017.txt", 2017, "a017", 2);
	s = take();
	ck_assert_str_eq(at(measure(s, "3.5"), "status", NULL), "completed");
	ck_assert_str_eq(at(measure(s, "3.5"), "report", NULL), "r2017.txt");
	snapshot_free(s);
	list = corrections_list(store, &cause);
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(list, "corrections"), 0), "stale")));
	cJSON_Delete(list);
	/* The 2017 report loses measure 3.5. */
	ingest("r2017.txt", 2017, "b017", 1);
	list = corrections_list(store, &cause);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(list, "corrections"), 0), "stale")));
	cJSON_Delete(list);
	ingest("r2017.txt", 2017, "c017", 2);
	s = take();
	ck_assert_str_eq(at(measure(s, "3.5"), "status", NULL), "completed");
	snapshot_free(s);
}
END_TEST

/* A measure's history shows a correction in the years it covers, with
 * what was read, and leaves the other years as read. */
START_TEST(test_measure_history)
{
	cJSON		*doc, *y2016, *y2017;
	char		*cause = NULL;

	ingest("r2017.txt", 2017, "a017", 2);
	post_ok("{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"year\":2017,"
	    "\"field\":\"status\",\"value\":\"completed\"}");
	doc = history_measure(store, AGENCY, "3.5", &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	/* 2015, 2016 and 2017. */
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "history")), 3);
	y2016 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "history"), 1);
	y2017 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "history"), 2);
	ck_assert_int_eq(cJSON_GetObjectItem(y2016, "year")->valueint, 2016);
	ck_assert_str_eq(at(y2016, "status", NULL), "in_progress");
	ck_assert_ptr_null(cJSON_GetObjectItem(y2016, "source"));
	ck_assert_int_gt(cJSON_GetObjectItem(y2016, "overdue_years")->valueint,
	    0);
	ck_assert_str_eq(at(y2017, "status", NULL), "completed");
	ck_assert_str_eq(at(y2017, "source", NULL), "human");
	ck_assert_str_eq(at(y2017, "read", "status"), "in_progress");
	ck_assert_str_eq(at(y2017, "correction", "who"), "alice");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(y2017, "overdue_years")));
	cJSON_Delete(doc);
}
END_TEST

/* The trends of the agency, read now. */
static cJSON *
trends(void)
{
	cJSON	*doc;
	char	*cause = NULL;

	doc = history_trends(store, NULL, &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	return (doc);
}

/* The row of a year in a member of the trends ("trends", "overall"). */
static const cJSON *
trend_year(const cJSON *doc, const char *member, int year)
{
	const cJSON	*t;

	cJSON_ArrayForEach(t, cJSON_GetObjectItem(doc, member))
		if (cJSON_GetObjectItem(t, "year")->valueint == year)
			return (t);
	ck_abort_msg("no %s row of %d", member, year);
	return (NULL);
}

/* A count of a trend row at a path of up to two keys. */
static double
trend_count(const cJSON *t, const char *k1, const char *k2)
{
	const cJSON	*v = cJSON_GetObjectItem(t, k1);

	if (k2 != NULL)
		v = cJSON_GetObjectItem(v, k2);
	ck_assert_msg(cJSON_IsNumber(v), "%s.%s", k1, k2 ? k2 : "");
	return (v->valuedouble);
}

/* The line of the trends' CSV that starts with a prefix. */
static char *
csv_line(const char *csv, const char *prefix)
{
	const char	*p = strstr(csv, prefix), *end;

	ck_assert_msg(p != NULL, "no line %s in %s", prefix, csv);
	end = strstr(p, "\r\n");
	return (strndup(p, end - p));
}

/* A status and a stage corrected in 2016: that year's trend counts them,
 * overdue judged again, and the CSV with it; 2015's is as read; taken
 * back, the trends are as they were. */
START_TEST(test_trends)
{
	cJSON		*before, *after, *back;
	const cJSON	*t;
	char		*csv_before, *csv_after, *l1, *l2;
	char		*agency, *cause;
	long long	 status_id, stage_id;

	before = trends();
	status_id = post_ok("{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\","
	    "\"year\":2016,\"field\":\"status\",\"value\":\"completed\"}");
	stage_id = post_ok("{\"agency\":\"" AGENCY "\",\"agreement\":\""
	    SAZIS "\",\"year\":2016,\"field\":\"stage\",\"value\":"
	    "\"signed\"}");
	after = trends();
	t = trend_year(after, "trends", 2016);
	ck_assert_double_eq(trend_count(t, "measures", "completed"),
	    trend_count(trend_year(before, "trends", 2016), "measures",
	    "completed") + 1);
	ck_assert_double_eq(trend_count(t, "measures", "in_progress"), 0);
	ck_assert_double_eq(trend_count(t, "measures", "total"), 2);
	ck_assert_double_eq(trend_count(t, "overdue", NULL), 0);
	ck_assert_double_eq(trend_count(t, "completion_rate", NULL), 1);
	ck_assert_double_eq(trend_count(cJSON_GetObjectItem(t, "agreements"),
	    "by_stage", "signed"), 1);
	ck_assert_double_eq(trend_count(cJSON_GetObjectItem(t, "agreements"),
	    "by_stage", "negotiating"), 0);
	/* The overall row sums the corrected one. */
	ck_assert_double_eq(trend_count(trend_year(after, "overall", 2016),
	    "overdue", NULL), 0);
	/* 2015 is as read. */
	ck_assert(cJSON_Compare(trend_year(after, "trends", 2015),
	    trend_year(before, "trends", 2015), 1));
	ck_assert(cJSON_Compare(trend_year(after, "overall", 2015),
	    trend_year(before, "overall", 2015), 1));
	csv_before = render_trends_csv(before);
	csv_after = render_trends_csv(after);
	l1 = csv_line(csv_before, AGENCY ",2016,");
	l2 = csv_line(csv_after, AGENCY ",2016,");
	ck_assert_str_ne(l1, l2);
	ck_assert_str_eq(l2, AGENCY ",2016,2,1,0,1,0,1,0,0,0,0,0,0,1,0,0");
	free(l1);
	free(l2);
	l1 = csv_line(csv_before, AGENCY ",2015,");
	l2 = csv_line(csv_after, AGENCY ",2015,");
	ck_assert_str_eq(l1, l2);
	free(l1);
	free(l2);
	free(csv_before);
	free(csv_after);
	ck_assert_int_eq(corrections_delete(store, status_id, &agency, &cause),
	    1);
	free(agency);
	ck_assert_int_eq(corrections_delete(store, stage_id, &agency, &cause),
	    1);
	free(agency);
	back = trends();
	ck_assert(cJSON_Compare(back, before, 1));
	cJSON_Delete(before);
	cJSON_Delete(after);
	cJSON_Delete(back);
}
END_TEST

/* Taken back: its agency told, the value as read again, and only once. */
START_TEST(test_delete)
{
	struct snapshot	*s;
	long long	 id;
	char		*agency, *cause;

	id = post_ok("{\"agency\":\"" AGENCY "\",\"measure\":\"3.5\",\"field\":"
	    "\"status\",\"value\":\"completed\"}");
	ck_assert_int_eq(corrections_delete(store, id, &agency, &cause), 1);
	ck_assert_str_eq(agency, AGENCY);
	free(agency);
	ck_assert_int_eq(corrections_delete(store, id, &agency, &cause), 0);
	ck_assert_ptr_null(agency);
	s = take();
	ck_assert_str_eq(at(measure(s, "3.5"), "status", NULL),
	    "in_progress");
	snapshot_free(s);
	/* Ids are never given again. */
	ck_assert_int_gt(post_ok("{\"agency\":\"" AGENCY "\",\"measure\":"
	    "\"3.5\",\"field\":\"status\",\"value\":\"ongoing\"}"), id);
}
END_TEST

static Suite *
corrections_suite(void)
{
	Suite	*s = suite_create("corrections");
	TCase	*tc = tcase_create("corrections");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_stored);
	tcase_add_test(tc, test_measure_overlay);
	tcase_add_test(tc, test_measure_other_year);
	tcase_add_test(tc, test_agreement_overlay);
	tcase_add_test(tc, test_filtered);
	tcase_add_test(tc, test_newest_wins);
	tcase_add_test(tc, test_survives_and_stale);
	tcase_add_test(tc, test_delete);
	tcase_add_test(tc, test_measure_history);
	tcase_add_test(tc, test_trends);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_run(corrections_suite()));
}
