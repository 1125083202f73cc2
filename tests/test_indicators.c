/*
 * The ledger's snapshot, the listings, their filters and renderings, and
 * the promise of the ledger: counting what changed gives what counting
 * everything again gives.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "report_fixture.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA_D "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define SHA_E "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
#define SHA_F "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
#define SHA_G "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA_H "2222222222222222222222222222222222222222222222222222222222222222"

static struct store	*store;
static struct ledger	*ledger;
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

	int			 rc;

	fixture_report(&r, m, &a, agency, year, sha, stage, second);
	rc = store_ingest(store, &r, name, 1700000000, &cause);
	ck_assert_msg(rc >= 0, "%s", cause);
	/* As napmond does: a replaced file may have named another agency. */
	if (ledger != NULL && rc == INGEST_REPLACED)
		ledger_touch_all(ledger);
	else if (ledger != NULL && rc == INGEST_ADDED)
		ledger_touch(ledger, agency);
}

/* Take a new snapshot of the ledger. */
static struct snapshot *
take(struct ledger *l)
{
	struct snapshot	*s;
	char		*cause = NULL;

	s = ledger_snapshot(l, 1700000002, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	return (s);
}

/* List the agreements a filter lets through, as one document. */
static cJSON *
agreements(const struct agreement_filter *f)
{
	struct listing	*l;
	cJSON		*doc;
	char		*page, *cause = NULL, *all;
	size_t		 len = 0;
	int		 rc;

	l = listing_agreements(store, f);
	all = strdup("{\"agreements\":");
	while ((rc = listing_next(l, &page, &cause)) > 0) {
		len = strlen(all) + strlen(page) + 1;
		all = realloc(all, len + 1);
		strcat(all, page);
		free(page);
	}
	ck_assert_msg(rc == 0, "%s", cause);
	strcat(all, "}");
	listing_free(l);
	doc = cJSON_Parse(all);
	ck_assert_msg(doc != NULL, "not JSON: %.200s", all);
	free(all);
	return (doc);
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
	ledger = ledger_open(store, 0);
	snap = take(ledger);
}

/* Free it all. */
static void
teardown(void)
{
	snapshot_free(snap);
	ledger_free(ledger);
	ledger = NULL;
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
	struct agreement_filter	 all = { .stage = -1 };
	cJSON			*doc, *list, *a, *h, *t;

	doc = agreements(&all);
	list = cJSON_GetObjectItemCaseSensitive(doc, "agreements");
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
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(
	    cJSON_GetObjectItem(snap->indicators, "by_partner"),
	    "Rusiya Federasiyası"), "partner_iso")->valuestring, "RU");
	cJSON_Delete(doc);
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
	struct agreement_filter	 af = { .stage = -1 };
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
	doc = agreements(&af);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "agreements")), 1);
	cJSON_Delete(doc);
	af.stage = -1;
	af.partner_iso = "KZ";
	doc = agreements(&af);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "agreements")), 0);
	cJSON_Delete(doc);
	af.partner_iso = "RU";
	af.agency = "DİN";
	doc = agreements(&af);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "agreements")), 1);
	cJSON_Delete(doc);
}
END_TEST

START_TEST(test_reports_document)
{
	cJSON	*doc, *q;
	char	*cause = NULL;

	doc = store_reports(store, &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "reports")), 3);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "log")), 4);
	q = cJSON_GetObjectItem(doc, "quarantined");
	ck_assert_int_eq(cJSON_GetArraySize(q), 1);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(q, 0),
	    "detail")->valuestring, "no measures");
	cJSON_Delete(doc);
}
END_TEST

START_TEST(test_prometheus)
{
	struct prom_state	 st = { .version = "0.1.0",
	    .ingest_failures = 3, .last_scan = 1700000000,
	    .store_failures = 4, .export_failures = 5, .scan_interval = 60,
	    .process = { 1699999000.5, 25 << 20, 12, -1 } };
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
	ck_assert_ptr_nonnull(strstr(text,
	    "napmon_last_scan_timestamp_seconds 1700000000\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "napmon_scan_interval_seconds 60\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "process_start_time_seconds 1699999000.5\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "process_resident_memory_bytes 26214400\n"));
	ck_assert_ptr_nonnull(strstr(text, "process_open_fds 12\n"));
	/* An unknown value leaves its family out, not a made-up sample. */
	ck_assert_ptr_null(strstr(text, "process_max_fds"));
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

/* Does the ledger, kept up to date, agree with one that counts it all? */
static void
assert_same_as_fresh(void)
{
	struct ledger	*fresh = ledger_open(store, 0);
	struct snapshot	*kept, *whole;
	char		*kept_text, *whole_text;
	size_t		 len;

	kept = take(ledger);
	whole = take(fresh);
	ck_assert_int_eq(kept->nreports, whole->nreports);
	ck_assert_msg(cJSON_Compare(kept->indicators, whole->indicators, 1),
	    "indicators differ:\n%s\n%s", cJSON_Print(kept->indicators),
	    cJSON_Print(whole->indicators));
	/* The text napmond serves, by_agency copied from each agency's
	 * kept text, is what printing the whole tree gives. */
	kept_text = json_text(kept->indicators, &len);
	whole_text = cJSON_PrintUnformatted(kept->indicators);
	ck_assert_str_eq(kept_text, whole_text);
	free(kept_text);
	free(whole_text);
	kept_text = snapshot_measures_text(kept, NULL, NULL);
	whole_text = snapshot_measures_text(whole, NULL, NULL);
	ck_assert_str_eq(kept_text, whole_text);
	free(kept_text);
	free(whole_text);
	snapshot_free(kept);
	snapshot_free(whole);
	ledger_free(fresh);
}

START_TEST(test_ledger_incremental)
{
	struct prom_state	 st = { .version = "0.1.0" };
	char			*text;

	/* A newer year: DMX now counts its 2018 report. */
	put("dmx-2018.txt", "DMX", 2018, SHA_D, STAGE_IN_FORCE,
	    STATUS_COMPLETED);
	assert_same_as_fresh();
	/* An older year changes the history, not the latest report. */
	put("din-2015.txt", "DİN", 2015, SHA_E, STAGE_SUBMITTED,
	    STATUS_NOT_REPORTED);
	assert_same_as_fresh();
	/* A new agency, and a report naming none. */
	put("asan-2016.txt", "ASAN", 2016, SHA_F, STAGE_SIGNING,
	    STATUS_COMPLETED);
	put("anon-2016.txt", NULL, 2016, SHA_G, STAGE_DRAFTING,
	    STATUS_IN_PROGRESS);
	assert_same_as_fresh();
	/* DİN's file now holds another agency's report: DİN keeps 2015. */
	put("din-2016.txt", "ASAN", 2017, SHA_H, STAGE_SIGNED,
	    STATUS_COMPLETED);
	assert_same_as_fresh();
	snapshot_free(snap);
	snap = take(ledger);
	ck_assert_int_eq(num(snap->indicators, "reports"), 7);
	text = render_prom(snap, &st);
	ck_assert_ptr_nonnull(strstr(text, "napmon_reports{agency=\"DİN\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "napmon_reports{agency=\"ASAN\"} 2\n"));
	free(text);
	ck_assert_int_eq(num(snap->indicators,
	    "by_agency/(unknown)/measures/total"), 2);
	ck_assert_int_eq(num(snap->indicators,
	    "agreements/by_stage/in_force"), 1);
	ck_assert_int_eq(num(snap->indicators,
	    "agreements/by_stage/submitted"), 1);
}
END_TEST

/* Store a report whose chapter 1 has a title of its own (or no titles at
 * all) and whose agreement is with another partner. */
static void
put_labelled(const char *name, const char *agency, int year, const char *sha,
    const char *title, const char *partner, const char *iso)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	struct chapter		 ch[] = { { 1, (char *)title } };
	char			*cause = NULL;

	fixture_report(&r, m, &a, agency, year, sha, STAGE_SIGNED,
	    STATUS_COMPLETED);
	r.chapters = ch;
	r.nchapters = title != NULL;
	a.partner = (char *)partner;
	a.partner_iso = (char *)iso;
	ck_assert_int_eq(store_ingest(store, &r, name, 1700000000, &cause),
	    INGEST_ADDED);
	ledger_touch(ledger, agency);
}

/* Return the string at a path of keys separated by '/'. */
static const char *
str(const cJSON *o, const char *path)
{
	char	*copy, *key, *rest;

	copy = strdup(path);
	for (key = strtok_r(copy, "/", &rest); key != NULL;
	    key = strtok_r(NULL, "/", &rest))
		o = cJSON_GetObjectItemCaseSensitive(o, key);
	free(copy);
	return (cJSON_IsString(o) ? o->valuestring : NULL);
}

/*
 * The sums kept in place: a group's label is the latest agency's to give
 * one, and comes back to the one before when that agency stops giving it;
 * a partner no agency names any more leaves the counts.
 */
START_TEST(test_ledger_labels)
{
	const char	*title = fixture_chapters[0].title;

	put_labelled("asan-2016.txt", "ASAN", 2016, SHA_F, "Yeni fəsil",
	    "Qazaxıstan Respublikası", "KZ");
	assert_same_as_fresh();
	snapshot_free(snap);
	snap = take(ledger);
	ck_assert_str_eq(str(snap->indicators, "by_chapter/1/title"),
	    "Yeni fəsil");
	ck_assert_str_eq(str(snap->indicators,
	    "by_partner/Qazaxıstan Respublikası/partner_iso"), "KZ");
	/* ASAN's newer report gives no titles and names Russia instead. */
	put_labelled("asan-2017.txt", "ASAN", 2017, SHA_G, NULL,
	    "Rusiya Federasiyası", "RU");
	assert_same_as_fresh();
	snapshot_free(snap);
	snap = take(ledger);
	ck_assert_str_eq(str(snap->indicators, "by_chapter/1/title"), title);
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(snap->indicators, "by_partner"),
	    "Qazaxıstan Respublikası"));
	ck_assert_int_eq(num(snap->indicators,
	    "by_partner/Rusiya Federasiyası/agreements/total"), 3);
}
END_TEST

START_TEST(test_listing_pages)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a, many[700];
	struct agreement_filter	 all = { .stage = -1 };
	cJSON			*doc, *e;
	char			*cause = NULL, *prev = NULL;
	int			 i, n = 0;

	/* More names than fit a page, in an order SQLite must sort. */
	fixture_report(&r, m, &a, "DSX", 2016, SHA_D, STAGE_SIGNED,
	    STATUS_COMPLETED);
	for (i = 0; i < 700; i++) {
		many[i] = a;
		ck_assert_int_gt(asprintf(&many[i].name, "Saziş %03d",
		    (i * 3) % 700), 0);
	}
	r.agreements = many;
	r.nagreements = 700;
	ck_assert_int_eq(store_ingest(store, &r, "dsx.txt", 1, &cause),
	    INGEST_ADDED);
	doc = agreements(&all);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "agreements")) {
		/* Each once, in order of name. */
		if (prev != NULL)
			ck_assert_int_le(strcmp(prev, cJSON_GetObjectItem(e,
			    "name")->valuestring), 0);
		prev = cJSON_GetObjectItem(e, "name")->valuestring;
		n++;
	}
	/* DMX's and DİN's agreement share a name: listed apart. */
	ck_assert_int_eq(n, 702);
	cJSON_Delete(doc);
	for (i = 0; i < 700; i++)
		free(many[i].name);
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
	tcase_add_test(tc, test_ledger_incremental);
	tcase_add_test(tc, test_ledger_labels);
	tcase_add_test(tc, test_listing_pages);
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
