/* The indicator snapshot, its filters and its renderings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "report_fixture.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

static struct store	*store;
static struct corpus	*corpus;
static struct snapshot	*snap;

/* Store one hand-built report. */
static void
put(const char *name, const char *agency, int year, const char *sha,
    enum stage stage, enum status second)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	char			*cause = NULL;

	fixture_report(&r, m, &a, agency, year, sha, stage, second);
	ck_assert_int_ge(store_ingest(store, &r, name, 1700000000, &cause), 0);
}

/* Two years of one agency, one year of another, then the snapshot. */
static void
setup(void)
{
	char	*cause = NULL;

	store = store_open(":memory:", &cause);
	ck_assert_msg(store != NULL, "%s", cause);
	/* Ingested out of order: the year decides which report is latest. */
	put("dmx-2017.txt", "DMX", 2017, SHA_B, STAGE_SIGNED,
	    STATUS_COMPLETED);
	put("dmx-2016.txt", "DMX", 2016, SHA_A, STAGE_NEGOTIATING,
	    STATUS_IN_PROGRESS);
	put("din-2016.txt", "DİN", 2016, SHA_C, STAGE_DRAFTING,
	    STATUS_IN_PROGRESS);
	ck_assert_int_eq(store_log(store, "bad.txt", NULL, "quarantined",
	    "no measures", 1700000001, &cause), 0);
	corpus = store_load(store, &cause);
	ck_assert_msg(corpus != NULL, "%s", cause);
	snap = snapshot_build(corpus, 1700000002);
}

/* Free it all. */
static void
teardown(void)
{
	snapshot_free(snap);
	corpus_free(corpus);
	store_close(store);
}

/* Return the number at a path of keys separated by '/'. */
static double
num(const cJSON *o, const char *path)
{
	char	*copy, *key, *rest;

	copy = strdup(path);
	for (key = strtok_r(copy, "/", &rest); key != NULL;
	    key = strtok_r(NULL, "/", &rest)) {
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		ck_assert_msg(o != NULL, "no %s in %s", key, path);
	}
	free(copy);
	ck_assert(cJSON_IsNumber(o));
	return (o->valuedouble);
}

START_TEST(test_latest_report_counts)
{
	const cJSON	*doc = snap->indicators;

	/* Two measures from each agency's latest report. */
	ck_assert_int_eq(num(doc, "measures/total"), 4);
	ck_assert_int_eq(num(doc, "reports"), 3);
	ck_assert_int_eq(num(doc, "by_agency/DMX/measures/total"), 2);
	ck_assert_int_eq(num(doc, "by_agency/DİN/measures/total"), 2);
	ck_assert_int_eq(num(doc, "by_chapter/3/measures/total"), 2);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    doc, "by_chapter"), "3"), "title")->valuestring,
	    "Beynəlxalq əməkdaşlıq");
	ck_assert_int_eq(num(doc,
	    "by_executor/Xarici İşlər Nazirliyi/measures/total"), 2);
	ck_assert_int_eq(num(doc,
	    "by_executor/Dövlət Miqrasiya Xidməti/measures/total"), 4);
	ck_assert_int_eq(snap->overall.by_status[STATUS_COMPLETED], 1);
	ck_assert_int_eq(snap->overall.by_status[STATUS_IN_PROGRESS], 1);
	ck_assert_int_eq(snap->overall.fixed, 2);
	ck_assert_int_eq(snap->nagencies, 2);
}
END_TEST

START_TEST(test_agreement_history)
{
	const cJSON	*list, *a, *h, *t;

	list = cJSON_GetObjectItemCaseSensitive(snap->agreements, "agreements");
	/* One agreement per agency, counted once at its latest stage. */
	ck_assert_int_eq(cJSON_GetArraySize(list), 2);
	ck_assert_int_eq(snap->overall.agreements, 2);
	ck_assert_int_eq(snap->overall.by_stage[STAGE_SIGNED], 1);
	ck_assert_int_eq(snap->overall.by_stage[STAGE_NEGOTIATING], 0);
	cJSON_ArrayForEach(a, list) {
		if (strcmp(cJSON_GetObjectItem(a, "agency")->valuestring,
		    "DMX") == 0)
			break;
	}
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(cJSON_GetObjectItem(a, "stage")->valuestring,
	    "signed");
	ck_assert_str_eq(cJSON_GetObjectItem(a, "date")->valuestring,
	    "2017-05-01");
	ck_assert_str_eq(cJSON_GetObjectItem(a, "partner_iso")->valuestring,
	    "RU");
	h = cJSON_GetObjectItem(a, "history");
	ck_assert_int_eq(cJSON_GetArraySize(h), 2);
	ck_assert_int_eq(num(cJSON_GetArrayItem(h, 0), "year"),
	    2016);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(h, 0),
	    "stage")->valuestring, "negotiating");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(h, 1),
	    "report")->valuestring, "dmx-2017.txt");
	t = cJSON_GetArrayItem(cJSON_GetObjectItem(a, "transitions"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(t, "from")->valuestring,
	    "negotiating");
	ck_assert_str_eq(cJSON_GetObjectItem(t, "to")->valuestring, "signed");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(
	    snap->indicators, "transitions")), 1);
	ck_assert_int_eq(num(snap->indicators,
	    "by_partner/Rusiya Federasiyası/agreements/total"), 2);
}
END_TEST

START_TEST(test_overdue)
{
	const cJSON	*o;

	/* DİN's 2016 measure 3.5 (deadline 2014) is in progress: 2 years. */
	o = cJSON_GetObjectItem(snap->indicators, "overdue_measures");
	ck_assert_int_eq(cJSON_GetArraySize(o), 1);
	o = cJSON_GetArrayItem(o, 0);
	ck_assert_str_eq(cJSON_GetObjectItem(o, "agency")->valuestring, "DİN");
	ck_assert_int_eq(num(o, "overdue_years"), 2);
}
END_TEST

START_TEST(test_filters)
{
	struct measure_filter	 mf = { NULL, -1, -1, 0 };
	struct agreement_filter	 af = { NULL, -1, NULL };
	cJSON			*doc;

	mf.agency = "DMX";
	doc = snapshot_measures(snap, &mf);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "measures")), 2);
	cJSON_Delete(doc);
	mf.agency = NULL;
	mf.overdue = 1;
	doc = snapshot_measures(snap, &mf);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "measures")), 1);
	cJSON_Delete(doc);
	mf.overdue = 0;
	mf.chapter = 1;
	mf.status = STATUS_ONGOING;
	doc = snapshot_measures(snap, &mf);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "measures")), 2);
	cJSON_Delete(doc);
	af.stage = STAGE_DRAFTING;
	doc = snapshot_agreements(snap, &af);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "agreements")), 1);
	cJSON_Delete(doc);
	af.stage = -1;
	af.partner_iso = "KZ";
	doc = snapshot_agreements(snap, &af);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "agreements")), 0);
	cJSON_Delete(doc);
}
END_TEST

START_TEST(test_reports_document)
{
	const cJSON	*q;

	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(snap->reports,
	    "reports")), 3);
	q = cJSON_GetObjectItem(snap->reports, "quarantined");
	ck_assert_int_eq(cJSON_GetArraySize(q), 1);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(q, 0),
	    "detail")->valuestring, "no measures");
}
END_TEST

START_TEST(test_prometheus)
{
	struct prom_state	 st = { "0.1.0", 3, 1700000000, 4, 5 };
	char			*text;

	text = render_prom(snap, &st);
	ck_assert_ptr_nonnull(strstr(text,
	    "napmon_measures{agency=\"DMX\",status=\"completed\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "napmon_completion_ratio{agency=\"DMX\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "napmon_completion_ratio{agency=\"DİN\"} 0\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "napmon_agreements{agency=\"DMX\",stage=\"signed\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text, "napmon_reports{agency=\"DMX\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(text, "napmon_ingest_failures_total 3\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "# TYPE napmon_ingest_failures_total counter\n"));
	ck_assert_ptr_nonnull(strstr(text, "napmon_store_failures_total 4\n"));
	ck_assert_ptr_nonnull(strstr(text, "napmon_export_failures_total 5\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "napmon_build_info{version=\"0.1.0\"} 1\n"));
	free(text);
}
END_TEST

START_TEST(test_csv)
{
	char	*text;

	text = render_measures_csv(snap);
	ck_assert(strncmp(text, "\xef\xbb\xbf" "agency,year,", 15) == 0);
	ck_assert_ptr_nonnull(strstr(text, "\r\nDMX,2017,dmx-2017.txt,3.5,3,"));
	ck_assert_ptr_nonnull(strstr(text,
	    "Dövlət Miqrasiya Xidməti; Xarici İşlər Nazirliyi"));
	free(text);
}
END_TEST

/* Gather the indicator tests. */
static Suite *
indicators_suite(void)
{
	Suite	*s = suite_create("indicators");
	TCase	*tc;

	tc = tcase_create("snapshot");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_latest_report_counts);
	tcase_add_test(tc, test_agreement_history);
	tcase_add_test(tc, test_overdue);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_reports_document);
	tcase_add_test(tc, test_prometheus);
	tcase_add_test(tc, test_csv);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite. */
int
main(void)
{
	SRunner	*sr = srunner_create(indicators_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
