/*
 * History across the years (DOMAIN.md): trends, a measure's history, the
 * changes of stage, stuck and regressed agreements, over hand-built
 * reports of three agencies: DMX every year 2014-2019, its agreement
 * stuck at negotiating since 2015; DİN in 2014, 2015, 2017 and 2018 (it
 * skipped 2016), its agreement back from signed to negotiating in 2018;
 * XİN 2015-2019, its agreement moving up to in force.  The expected
 * figures below were worked out by hand from DOMAIN.md's definitions.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "metrics_internal.h"
#include "report_fixture.h"
#include "check_run.h"

struct year {
	const char	*agency;
	int		 year;
	enum stage	 stage;
	enum status	 status;	/* of measure 3.5 (deadline 2014) */
};

static const struct year years[] = {
	{ "DMX", 2014, STAGE_DRAFTING, STATUS_COMPLETED },
	{ "DMX", 2015, STAGE_NEGOTIATING, STATUS_IN_PROGRESS },
	{ "DMX", 2016, STAGE_NEGOTIATING, STATUS_IN_PROGRESS },
	{ "DMX", 2017, STAGE_NEGOTIATING, STATUS_COMPLETED },
	{ "DMX", 2018, STAGE_NEGOTIATING, STATUS_COMPLETED },
	{ "DMX", 2019, STAGE_NEGOTIATING, STATUS_COMPLETED },
	{ "DİN", 2014, STAGE_SUBMITTED, STATUS_COMPLETED },
	{ "DİN", 2015, STAGE_SIGNING, STATUS_IN_PROGRESS },
	{ "DİN", 2017, STAGE_SIGNED, STATUS_IN_PROGRESS },
	{ "DİN", 2018, STAGE_NEGOTIATING, STATUS_IN_PROGRESS },
	{ "XİN", 2015, STAGE_SIGNED, STATUS_COMPLETED },
	{ "XİN", 2016, STAGE_SIGNED, STATUS_COMPLETED },
	{ "XİN", 2017, STAGE_RATIFIED, STATUS_COMPLETED },
	{ "XİN", 2018, STAGE_RATIFIED, STATUS_COMPLETED },
	{ "XİN", 2019, STAGE_IN_FORCE, STATUS_COMPLETED },
};
#define NYEARS	(sizeof years / sizeof years[0])

static struct store	*store;

/* Store every report, newest first: the years, not the order, count. */
static void
setup(void)
{
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	char			 name[64], sha[65], *cause = NULL;
	size_t			 i;

	store = store_open(":memory:", &cause);
	ck_assert_msg(store != NULL, "%s", cause);
	for (i = NYEARS; i-- > 0; ) {
		fixture_report(&r, m, &a, years[i].agency, years[i].year,
		    "", years[i].stage, years[i].status);
		snprintf(sha, sizeof sha, "%064zu", i + 1);
		memcpy(r.sha256, sha, sizeof r.sha256);
		snprintf(name, sizeof name, "%s-%d.txt", years[i].agency,
		    years[i].year);
		ck_assert_int_eq(store_ingest(store, &r, name, 1700000000,
		    &cause), INGEST_ADDED);
	}
}

static void
teardown(void)
{
	store_close(store);
}

/* The number at a path of keys separated by '/'. */
static double
num(const cJSON *o, const char *path)
{
	char	*copy = strdup(path), *key, *rest;

	for (key = strtok_r(copy, "/", &rest); key != NULL;
	    key = strtok_r(NULL, "/", &rest)) {
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		ck_assert_msg(o != NULL, "no %s in %s", key, path);
	}
	free(copy);
	ck_assert_msg(cJSON_IsNumber(o), "%s is no number", path);
	return (o->valuedouble);
}

static const char *
str(const cJSON *o, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	ck_assert_msg(cJSON_IsString(v), "%s is no string", key);
	return (v->valuestring);
}

/* The row of trends for an agency (NULL: overall) and year, or NULL. */
static const cJSON *
trend(const cJSON *doc, const char *agency, int year)
{
	const cJSON	*row;

	cJSON_ArrayForEach(row, cJSON_GetObjectItem(doc, agency != NULL ?
	    "trends" : "overall")) {
		if (num(row, "year") == year && (agency == NULL ||
		    strcmp(str(row, "agency"), agency) == 0))
			return (row);
	}
	return (NULL);
}

START_TEST(trends_per_agency_and_year)
{
	cJSON		*doc;
	const cJSON	*row;
	char		*cause = NULL;

	doc = history_trends(store, NULL, &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "trends")), NYEARS);
	row = trend(doc, "DMX", 2016);
	ck_assert_ptr_nonnull(row);
	ck_assert_int_eq(num(row, "measures/total"), 2);
	ck_assert_int_eq(num(row, "measures/ongoing"), 1);
	ck_assert_int_eq(num(row, "measures/in_progress"), 1);
	ck_assert_int_eq(num(row, "completion_rate"), 0);
	ck_assert_int_eq(num(row, "overdue"), 1);
	ck_assert_int_eq(num(row, "agreements/by_stage/negotiating"), 1);
	ck_assert_ptr_null(trend(doc, "DİN", 2016));	/* skipped */
	ck_assert_int_eq(num(trend(doc, "DİN", 2018),
	    "agreements/by_stage/negotiating"), 1);
	/* 2016 overall: DMX and XİN, not DİN. */
	row = trend(doc, NULL, 2016);
	ck_assert_int_eq(num(row, "measures/total"), 4);
	ck_assert_int_eq(num(row, "measures/completed"), 1);
	ck_assert_int_eq(num(row, "measures/in_progress"), 1);
	ck_assert(num(row, "completion_rate") == 0.5);
	ck_assert_int_eq(num(row, "overdue"), 1);
	ck_assert_int_eq(num(row, "agreements/by_stage/negotiating"), 1);
	ck_assert_int_eq(num(row, "agreements/by_stage/signed"), 1);
	row = trend(doc, NULL, 2014);
	ck_assert(num(row, "completion_rate") == 1.0);
	ck_assert_int_eq(num(row, "agreements/by_stage/drafting"), 1);
	ck_assert_int_eq(num(row, "agreements/by_stage/submitted"), 1);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "overall")), 6);
	cJSON_Delete(doc);

	doc = history_trends(store, "XİN", &cause);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "trends")), 5);
	ck_assert_int_eq(num(trend(doc, "XİN", 2019),
	    "agreements/by_stage/in_force"), 1);
	cJSON_Delete(doc);
}
END_TEST

START_TEST(measure_history_over_the_years)
{
	cJSON		*doc, *h;
	char		*cause = NULL;

	doc = history_measure(store, "DİN", "3.5", &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	h = cJSON_GetObjectItem(doc, "history");
	ck_assert_int_eq(cJSON_GetArraySize(h), 4);
	ck_assert_int_eq(num(cJSON_GetArrayItem(h, 0), "year"), 2014);
	ck_assert_str_eq(str(cJSON_GetArrayItem(h, 0), "status"),
	    "completed");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(h, 0),
	    "overdue_years")));
	ck_assert_int_eq(num(cJSON_GetArrayItem(h, 2), "year"), 2017);
	ck_assert_int_eq(num(cJSON_GetArrayItem(h, 2), "overdue_years"), 3);
	ck_assert_int_eq(num(cJSON_GetArrayItem(h, 3), "deadline/end"), 2014);
	ck_assert_str_eq(str(cJSON_GetArrayItem(h, 3), "report"),
	    "DİN-2018.txt");
	cJSON_Delete(doc);
	doc = history_measure(store, "DİN", "9.9", &cause);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "history")), 0);
	cJSON_Delete(doc);
}
END_TEST

/* How many changes of stage a filter lets through. */
static int
changes(const char *agency, int from, int to, int year)
{
	struct transition_filter	 f = { agency, from, to, year };
	cJSON				*doc;
	char				*cause = NULL;
	int				 n;

	doc = history_transitions(store, &f, &cause);
	ck_assert_msg(doc != NULL, "%s", cause);
	n = cJSON_GetArraySize(cJSON_GetObjectItem(doc, "transitions"));
	cJSON_Delete(doc);
	return (n);
}

START_TEST(transitions_filtered)
{
	ck_assert_int_eq(changes(NULL, -1, -1, 0), 6);
	ck_assert_int_eq(changes("DMX", -1, -1, 0), 1);
	ck_assert_int_eq(changes(NULL, STAGE_SIGNED, -1, 0), 2);
	ck_assert_int_eq(changes(NULL, -1, -1, 2017), 2);
	ck_assert_int_eq(changes("DİN", STAGE_SIGNED, STAGE_NEGOTIATING,
	    2018), 1);
	ck_assert_int_eq(changes("XİN", -1, STAGE_DRAFTING, 0), 0);
}
END_TEST

/* The agreements a filter lets through, as one array. */
static cJSON *
list_filtered(const struct agreement_filter *f)
{
	struct listing		*l = listing_agreements(store, f);
	char			*page, *cause = NULL, *all = strdup("");
	int			 rc;
	cJSON			*doc;

	/* The pages are the pieces of one array. */
	while ((rc = listing_next(l, &page, &cause)) > 0) {
		all = realloc(all, strlen(all) + strlen(page) + 1);
		strcat(all, page);
		free(page);
	}
	ck_assert_msg(rc == 0, "%s", cause);
	listing_free(l);
	doc = cJSON_Parse(all);
	ck_assert_msg(doc != NULL, "not JSON: %.200s", all);
	free(all);
	return (doc);
}

/* The agreements listed with stuck, regressed and a stuck_reports. */
static cJSON *
listed(int stuck, int regressed, int stuck_reports)
{
	struct agreement_filter	 f = { .stage = -1, .stuck = stuck,
	    .regressed = regressed, .stuck_reports = stuck_reports };

	return (list_filtered(&f));
}

/* How many agreements a filter on agency, partner and stage lets through. */
static int
count_filtered(const char *agency, const char *iso, int stage)
{
	struct agreement_filter	 f = { .agency = agency, .stage = stage,
	    .partner_iso = iso };
	cJSON			*doc = list_filtered(&f);
	int			 n = cJSON_GetArraySize(doc);

	cJSON_Delete(doc);
	return (n);
}

/*
 * The database narrows the names by agency, partner and stage; the stage
 * that counts is still the latest report's: all three agencies name the
 * same agreement, and some were signed once but are at another stage now.
 */
START_TEST(filters_on_the_latest_row)
{
	ck_assert_int_eq(count_filtered(NULL, NULL, -1), 3);
	ck_assert_int_eq(count_filtered(NULL, "RU", -1), 3);
	ck_assert_int_eq(count_filtered(NULL, "TR", -1), 0);
	ck_assert_int_eq(count_filtered(NULL, NULL, STAGE_NEGOTIATING), 2);
	ck_assert_int_eq(count_filtered(NULL, NULL, STAGE_SIGNED), 0);
	ck_assert_int_eq(count_filtered("DİN", "RU", STAGE_NEGOTIATING), 1);
	ck_assert_int_eq(count_filtered("XİN", NULL, STAGE_IN_FORCE), 1);
	ck_assert_int_eq(count_filtered("XİN", NULL, STAGE_RATIFIED), 0);
	ck_assert_int_eq(count_filtered("NONE", NULL, -1), 0);
}
END_TEST

/*
 * A listing in pages of one: each page's cursor leads to the next, within
 * one name of three agencies too, and together they are the whole list.
 */
START_TEST(pages_follow_their_cursors)
{
	struct agreement_filter	 f = { .stage = -1, .limit = 1 };
	struct listing		*l;
	struct cursor		 c;
	char			*page, *cause = NULL, *after = NULL;
	const char		*agencies[] = { "DMX", "DİN", "XİN" };
	cJSON			*doc;
	int			 pages = 0, rc;

	do {
		f.after = after;
		l = listing_agreements(store, &f);
		while ((rc = listing_next(l, &page, &cause)) > 0) {
			doc = cJSON_Parse(page);
			ck_assert_msg(doc != NULL, "%s", page);
			ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
			ck_assert_str_eq(str(cJSON_GetArrayItem(doc, 0),
			    "agency"), agencies[pages]);
			cJSON_Delete(doc);
			free(page);
		}
		ck_assert_int_eq(rc, 0);
		free(after);
		after = listing_next_cursor(l) != NULL ?
		    strdup(listing_next_cursor(l)) : NULL;
		listing_free(l);
		pages++;
	} while (after != NULL && pages < 3);
	ck_assert_int_eq(pages, 3);
	free(after);
	ck_assert_int_eq(cursor_decode("zz.n", &c), -1);
	ck_assert_int_eq(cursor_decode("41.q", &c), -1);
	ck_assert_int_eq(cursor_decode("41.a", &c), -1);
	ck_assert_int_eq(cursor_decode("4100.n", &c), -1);
	ck_assert_int_eq(cursor_decode("41.n", &c), 0);
	ck_assert_str_eq(c.name, "A");
	ck_assert(!c.has_agency);
	cursor_clear(&c);
}
END_TEST

/* The listed agreement of an agency. */
static const cJSON *
of_agency(const cJSON *list, const char *agency)
{
	const cJSON	*a;

	cJSON_ArrayForEach(a, list)
		if (strcmp(str(a, "agency"), agency) == 0)
			return (a);
	ck_abort_msg("no agreement of %s", agency);
	return (NULL);
}

START_TEST(stuck_and_regressed)
{
	cJSON		*all = listed(0, 0, 0), *doc;
	const cJSON	*a, *reg;

	ck_assert_int_eq(cJSON_GetArraySize(all), 3);
	a = of_agency(all, "DMX");
	ck_assert_int_eq(num(a, "first_seen"), 2014);
	ck_assert_int_eq(num(a, "years_at_stage"), 4);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(a, "stuck")));
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(a, "regressed")));
	a = of_agency(all, "DİN");
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(a, "stuck")));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(a, "regressed")));
	ck_assert_int_eq(num(a, "years_at_stage"), 0);
	reg = cJSON_GetObjectItem(a, "regression");
	ck_assert_int_eq(num(reg, "before/year"), 2017);
	ck_assert_str_eq(str(cJSON_GetObjectItem(reg, "before"), "stage"),
	    "signed");
	ck_assert_int_eq(num(reg, "after/year"), 2018);
	ck_assert_str_eq(str(cJSON_GetObjectItem(reg, "after"), "stage"),
	    "negotiating");
	a = of_agency(all, "XİN");
	ck_assert_int_eq(num(a, "first_seen"), 2015);
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(a, "stuck")));
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(a, "regressed")));
	cJSON_Delete(all);

	doc = listed(1, 0, 0);
	ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
	ck_assert_str_eq(str(cJSON_GetArrayItem(doc, 0), "agency"), "DMX");
	cJSON_Delete(doc);
	doc = listed(0, 1, 0);
	ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
	ck_assert_str_eq(str(cJSON_GetArrayItem(doc, 0), "agency"), "DİN");
	cJSON_Delete(doc);
	doc = listed(1, 0, 5);		/* DMX: 5 reports at negotiating */
	ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
	cJSON_Delete(doc);
	doc = listed(1, 0, 6);
	ck_assert_int_eq(cJSON_GetArraySize(doc), 0);
	cJSON_Delete(doc);
}
END_TEST

/* The indicators count stuck, regressed and changes by from and to. */
START_TEST(indicators_count_history)
{
	struct ledger	*l = ledger_open(store, 0);
	struct snapshot	*s;
	const cJSON	*t, *ind;
	char		*cause = NULL;
	int		 total = 0;

	s = ledger_snapshot(l, 1700000002, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	ind = s->indicators;
	ck_assert_int_eq(num(ind, "agreements/stuck"), 1);
	ck_assert_int_eq(num(ind, "agreements/regressed"), 1);
	ck_assert_int_eq(num(ind, "by_agency/DMX/agreements/stuck"), 1);
	ck_assert_int_eq(num(ind, "by_agency/DİN/agreements/regressed"), 1);
	ck_assert_int_eq(num(ind, "by_agency/XİN/agreements/stuck"), 0);
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(ind, "transitions")) {
		ck_assert_int_eq(num(t, "count"), 1);
		total++;
	}
	ck_assert_int_eq(total, 6);
	snapshot_free(s);
	ledger_free(l);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("history");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, trends_per_agency_and_year);
	tcase_add_test(tc, measure_history_over_the_years);
	tcase_add_test(tc, transitions_filtered);
	tcase_add_test(tc, stuck_and_regressed);
	tcase_add_test(tc, filters_on_the_latest_row);
	tcase_add_test(tc, pages_follow_their_cursors);
	tcase_add_test(tc, indicators_count_history);
	suite_add_tcase(s, tc);
	return (check_run(s));
}
