/*
 * The page's escaping writers, the page rendered from a hostile report, its
 * agency table paged and its agency filter over many agencies, and the CSV
 * writers' neutralising of cells a spreadsheet would run.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "metrics_internal.h"	/* the measure rows a snapshot holds */
#include "report_fixture.h"

#define HOSTILE_TITLE	"<script>document.title='pwned'</script>"
#define HOSTILE_AGENCY	"\"><img src=x onerror=alert(1)>"
#define HOSTILE_NAME	"javascript:alert('x') Saziş"

/* Run a writer on s into a string to free. */
static char *
written(void (*writer)(FILE *, const char *), const char *s)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	writer(f, s);
	fclose(f);
	return (buf);
}

START_TEST(test_text_escapes)
{
	char	*s;

	s = written(html_text, "a<b>&\"c'd");
	ck_assert_str_eq(s, "a&lt;b&gt;&amp;&quot;c&#39;d");
	free(s);
	s = written(html_attr, "\" onmouseover='x'");
	ck_assert_str_eq(s, "&quot; onmouseover=&#39;x&#39;");
	free(s);
	/* Letters pass as they are; a control character does not. */
	s = written(html_text, "Ədliyyə\x01\tı");
	ck_assert_str_eq(s, "Ədliyyə\xef\xbf\xbd\tı");
	free(s);
	s = written(html_text, NULL);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_url_arg)
{
	char	*s;

	s = written(html_url_arg, "javascript:alert(1)");
	ck_assert_str_eq(s, "javascript%3Aalert%281%29");
	free(s);
	s = written(html_url_arg, "a b&c=d\"<ə");
	ck_assert_str_eq(s, "a%20b%26c%3Dd%22%3C%C9%99");
	free(s);
	s = written(html_url_arg, "Az-1._~");
	ck_assert_str_eq(s, "Az-1._~");
	free(s);
}
END_TEST

START_TEST(test_text_cut)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	/* Cut after three characters, not three bytes: ə is two. */
	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	html_text_cut(f, "əəəə<", 3);
	fputc('|', f);
	html_text_cut(f, "a<", 3);
	fclose(f);
	ck_assert_str_eq(buf, "əəə\xe2\x80\xa6|a&lt;");
	free(buf);
}
END_TEST

/* Render the page of a store holding one hostile report. */
static char *
hostile_page(const struct html_view *v)
{
	struct store		*store;
	struct ledger		*ledger;
	struct snapshot		*snap;
	struct report		 r;
	struct measure		 m[2];
	struct agreement	 a;
	char			*cause = NULL, *page;

	ck_assert_ptr_nonnull(store = store_open(":memory:", &cause));
	fixture_report(&r, m, &a, HOSTILE_AGENCY, 2016,
	    "abababababababababababababababababababababababababababababababab",
	    STAGE_SIGNED, STATUS_IN_PROGRESS);
	m[1].title = HOSTILE_TITLE;
	m[1].evidence.text = "=HYPERLINK(\"http://example.invalid\")";
	a.name = HOSTILE_NAME;
	ck_assert_int_ge(store_ingest(store, &r, "hostile.txt", 1700000000,
	    &cause), 0);
	ledger = ledger_open(store, 0);
	ck_assert_ptr_nonnull(snap = ledger_snapshot(ledger, 1700000001,
	    &cause));
	page = render_html(store, snap, v, &cause);
	ck_assert_msg(page != NULL, "%s", cause);
	snapshot_free(snap);
	ledger_free(ledger);
	store_close(store);
	return (page);
}

/* Assert every href of a page is one of ours: a path of the page. */
static void
assert_hrefs_ours(const char *page)
{
	const char	*p = page;

	while ((p = strstr(p, "href=\"")) != NULL) {
		p += strlen("href=\"");
		ck_assert_msg(*p == '/', "href not ours: %.40s", p);
		ck_assert_msg(strcspn(p, ":\"") == strcspn(p, "\""),
		    "a colon in an href: %.60s", p);
	}
}

START_TEST(test_hostile_page)
{
	struct html_view	 v = { .stage = -1 };
	char			*page;

	page = hostile_page(&v);
	ck_assert_ptr_null(strstr(page, "<script"));
	ck_assert_ptr_null(strstr(page, "<img"));
	ck_assert_ptr_nonnull(strstr(page,
	    "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(page,
	    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	ck_assert_ptr_nonnull(strstr(page, "javascript:alert(&#39;x&#39;)"));
	assert_hrefs_ours(page);
	free(page);

	/* The agency's page and the agreement's, their names in links. */
	v.agency = HOSTILE_AGENCY;
	page = hostile_page(&v);
	ck_assert_ptr_null(strstr(page, "<img"));
	ck_assert_ptr_nonnull(strstr(page, "agreement=javascript%3Aalert"));
	assert_hrefs_ours(page);
	free(page);
	v.agreement = HOSTILE_NAME;
	page = hostile_page(&v);
	ck_assert_ptr_nonnull(strstr(page, "<dd id=\"name\">javascript:alert("
	    "&#39;x&#39;) Saziş</dd>"));
	assert_hrefs_ours(page);
	free(page);
}
END_TEST

START_TEST(test_page_figures)
{
	struct html_view	 v = { .stage = -1 };
	char			*page;

	/* Two measures: one ongoing, one in progress and overdue. */
	page = hostile_page(&v);
	ck_assert_ptr_nonnull(strstr(page,
	    "id=\"fig-measures\" data-value=\"2\""));
	ck_assert_ptr_nonnull(strstr(page,
	    "id=\"fig-overdue\" data-value=\"1\""));
	ck_assert_ptr_nonnull(strstr(page,
	    "id=\"fig-completion_rate\" data-value=\"0\""));
	ck_assert_ptr_nonnull(strstr(page, "data-measure=\"3.5\""));
	free(page);
}
END_TEST

/*
 * Render a page of an empty store with a snapshot of n agencies, built by
 * hand: the agency table and the agency filter read its indicators alone.
 */
static char *
agencies_page(int n, const struct html_view *v)
{
	struct snapshot	 snap = { .refs = 1 };
	struct store	*store;
	cJSON		*by, *g, *m, *stages;
	char		 name[32], *cause = NULL, *page;
	int		 i, s;

	snap.indicators = cJSON_CreateObject();
	cJSON_AddNumberToObject(snap.indicators, "reports", n);
	cJSON_AddStringToObject(snap.indicators, "generated",
	    "2026-12-03T07:00:00Z");
	stages = cJSON_AddObjectToObject(cJSON_AddObjectToObject(
	    snap.indicators, "agreements"), "by_stage");
	for (s = 0; s < STAGE_COUNT; s++)
		cJSON_AddNumberToObject(stages, stage_name(s), 0);
	by = cJSON_AddObjectToObject(snap.indicators, "by_agency");
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "Agency %03d", i);
		g = cJSON_AddObjectToObject(by, name);
		m = cJSON_AddObjectToObject(g, "measures");
		cJSON_AddNumberToObject(m, "total", i);
		cJSON_AddNumberToObject(m, "completed", i);
		cJSON_AddNumberToObject(g, "completion_rate", 1);
	}
	ck_assert_ptr_nonnull(store = store_open(":memory:", &cause));
	page = render_html(store, &snap, v, &cause);
	ck_assert_msg(page != NULL, "%s", cause);
	store_close(store);
	cJSON_Delete(snap.indicators);
	return (page);
}

/* Count the times a string occurs in a page from start to the first end
 * after it (to the page's end when end is NULL). */
static int
occurs(const char *page, const char *start, const char *end, const char *s)
{
	const char	*p, *stop;
	int		 n = 0;

	ck_assert_ptr_nonnull(p = strstr(page, start));
	stop = end != NULL ? strstr(p, end) : p + strlen(p);
	ck_assert_ptr_nonnull(stop);
	while ((p = strstr(p, s)) != NULL && p < stop) {
		n++;
		p += strlen(s);
	}
	return (n);
}

/* The rows of the agency table. */
static int
agency_rows(const char *page)
{
	return (occurs(page, "<table id=\"agencies\">", "</table>",
	    "<tr><td>"));
}

START_TEST(test_agency_pages)
{
	struct html_view	 v = { .stage = -1, .year = 2016,
				    .partner = "RU", .from = 100 };
	char			*page;

	/* The first page: 100 agencies, and the next page keeps every
	 * filter, the measures' from among them. */
	page = agencies_page(250, &v);
	ck_assert_int_eq(agency_rows(page), HTML_AGENCY_ROWS);
	ck_assert_ptr_nonnull(strstr(page, "Agencies 1-100 of 250."));
	ck_assert_ptr_nonnull(strstr(page, ">Agency 099</a>"));
	ck_assert_ptr_null(strstr(page, ">Agency 100</a>"));
	ck_assert_ptr_nonnull(strstr(page, "<a id=\"agencies-next\" href=\""
	    "/?year=2016&amp;partner=RU&amp;from=100&amp;"
	    "agencies_from=100\">"));
	ck_assert_ptr_null(strstr(page, "agencies-first"));
	free(page);

	/* The second, in the order of the indicators. */
	v.agencies_from = 100;
	page = agencies_page(250, &v);
	ck_assert_int_eq(agency_rows(page), HTML_AGENCY_ROWS);
	ck_assert_ptr_nonnull(strstr(page, "Agencies 101-200 of 250."));
	ck_assert_ptr_nonnull(strstr(page, "<tr><td><a href=\"/?agency="
	    "Agency%20100&amp;year=2016&amp;partner=RU\">Agency 100</a>"));
	ck_assert_ptr_nonnull(strstr(page, "agencies_from=200\">next"));
	ck_assert_ptr_nonnull(strstr(page, "<a id=\"agencies-first\" href=\""
	    "/?year=2016&amp;partner=RU&amp;from=100\">"));
	free(page);

	/* The third: the 50 left, a way back and no way on. */
	v.agencies_from = 200;
	page = agencies_page(250, &v);
	ck_assert_int_eq(agency_rows(page), 50);
	ck_assert_ptr_nonnull(strstr(page, "Agencies 201-250 of 250."));
	ck_assert_ptr_nonnull(strstr(page, ">Agency 249</a>"));
	ck_assert_ptr_null(strstr(page, "agencies-next"));
	ck_assert_ptr_nonnull(strstr(page, "<a id=\"agencies-previous\""
	    " href=\"/?year=2016&amp;partner=RU&amp;from=100&amp;"
	    "agencies_from=100\">"));
	free(page);

	/* Past the last: none, said so, and the way to the first. */
	v.agencies_from = 300;
	page = agencies_page(250, &v);
	ck_assert_int_eq(agency_rows(page), 0);
	ck_assert_ptr_nonnull(strstr(page, "No agencies from 301: there are"
	    " 250."));
	ck_assert_ptr_nonnull(strstr(page, "agencies-first"));
	free(page);

	/* Few agencies: one page, no links. */
	v.agencies_from = 0;
	page = agencies_page(12, &v);
	ck_assert_int_eq(agency_rows(page), 12);
	ck_assert_ptr_nonnull(strstr(page, "Agencies 1-12 of 12."));
	ck_assert_ptr_null(strstr(page, "agencies_from="));
	free(page);
}
END_TEST

START_TEST(test_agency_field)
{
	struct html_view	 v = { .stage = -1, .agencies_from = 100 };
	char			*page;

	/* Up to 200 agencies, a list of them; the page of the table kept. */
	page = agencies_page(HTML_AGENCY_SELECT, &v);
	ck_assert_int_eq(occurs(page, "<select name=\"agency\">",
	    "</select>", "<option value=\"Agency "), HTML_AGENCY_SELECT);
	ck_assert_ptr_null(strstr(page, "type=\"text\""));
	ck_assert_ptr_nonnull(strstr(page, "<input type=\"hidden\""
	    " name=\"agencies_from\" value=\"100\">"));
	free(page);

	/* Past 200, a text field and a hint: no list of them all. */
	page = agencies_page(HTML_AGENCY_SELECT + 1, &v);
	ck_assert_ptr_null(strstr(page, "<select name=\"agency\">"));
	ck_assert_ptr_null(strstr(page, "<datalist"));
	ck_assert_ptr_nonnull(strstr(page, "<input name=\"agency\""
	    " type=\"text\""));
	ck_assert_ptr_nonnull(strstr(page, "id=\"agency-hint\">the name"
	    " exactly"));
	ck_assert_int_eq(occurs(page, "<form", "</form>", "Agency 0"), 0);
	free(page);
}
END_TEST

START_TEST(test_agency_unknown)
{
	struct html_view	 v = { .stage = -1 };
	char			*page;

	/* A name no report gives: said so, with the names that hold it. */
	v.agency = "agency 24";
	page = agencies_page(250, &v);
	ck_assert_ptr_nonnull(strstr(page, "<section id=\"no-agency\">"));
	ck_assert_ptr_nonnull(strstr(page, "No report names an agency"
	    " &ldquo;agency 24&rdquo;: the name must be written exactly"));
	ck_assert_int_eq(occurs(page, "id=\"no-agency\"", "</section>",
	    "<li><a href=\"/?agency=Agency%2024"), 10);
	ck_assert_ptr_null(strstr(page, "and more"));
	ck_assert_ptr_nonnull(strstr(page, "value=\"agency 24\""));
	ck_assert_ptr_null(strstr(page, "id=\"overdue\""));
	free(page);

	/* Too many to name: ten, then "and more". */
	v.agency = "AGENCY 1";
	page = agencies_page(250, &v);
	ck_assert_int_eq(occurs(page, "id=\"no-agency\"", "</section>",
	    "<li><a href="), 10);
	ck_assert_ptr_nonnull(strstr(page, "<li>and more</li>"));
	free(page);

	/* None near, and what was typed escaped wherever it is written. */
	v.agency = HOSTILE_AGENCY;
	page = agencies_page(250, &v);
	ck_assert_ptr_null(strstr(page, "<img"));
	ck_assert_ptr_null(strstr(page, "Agencies whose names hold it"));
	ck_assert_ptr_nonnull(strstr(page, "value=\"&quot;&gt;&lt;img"));
	free(page);

	/* A known agency has its page. */
	v.agency = "Agency 007";
	page = agencies_page(250, &v);
	ck_assert_ptr_null(strstr(page, "no-agency"));
	ck_assert_ptr_nonnull(strstr(page, "id=\"overdue\""));
	free(page);
}
END_TEST

START_TEST(test_agency_file)
{
	struct html_view	 v = { .stage = -1, .file = 1 };
	char			*page;

	/* A file holds the first page and says where the rest is. */
	page = agencies_page(250, &v);
	ck_assert_int_eq(agency_rows(page), HTML_AGENCY_ROWS);
	ck_assert_ptr_nonnull(strstr(page, "Agencies 1-100 of 250;"
	    " indicators.json, beside this file, has them all"));
	ck_assert_ptr_null(strstr(page, "href=\"/?"));
	ck_assert_ptr_null(strstr(page, "<form"));
	free(page);
}
END_TEST

START_TEST(test_csv_measures)
{
	struct snapshot	 snap = { 0 };
	struct measure	 measure = { .chapter = 2 };
	struct mrows	*rows = mrows_new("@SUM(A1)");
	cJSON		*m;
	char		*text;

	snap.measures = &rows;
	snap.nmeasures = 1;
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "agency", "@SUM(A1)");
	cJSON_AddNumberToObject(m, "year", 2016);
	cJSON_AddStringToObject(m, "report", "+r.txt");
	cJSON_AddStringToObject(m, "id", "-1");
	cJSON_AddNumberToObject(m, "chapter", 2);
	cJSON_AddStringToObject(m, "title", "=HYPERLINK(\"http://x\",\"y\")");
	mrows_add(rows, &measure, m);
	mrows_done(rows);
	cJSON_Delete(m);
	text = render_measures_csv(&snap);
	ck_assert_ptr_nonnull(strstr(text, "\r\n'@SUM(A1),2016,'+r.txt,'-1,2,"
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
	free(text);
	mrows_unref(rows);
}
END_TEST

/* A measure's row as the ledger keeps it, with its confidence judged from
 * doubts (DOUBTS_UNJUDGED: never judged). */
static void
confidence_row(struct mrows *rows, const char *id, unsigned doubts)
{
	struct measure	 measure = { .chapter = 1 };
	cJSON		*m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "agency", "DMX");
	cJSON_AddNumberToObject(m, "year", 2016);
	cJSON_AddStringToObject(m, "id", id);
	cJSON_AddStringToObject(m, "status", "in_progress");
	json_add_confidence(m, doubts);
	if (strcmp(id, "9.9") == 0)	/* a reason a spreadsheet would run */
		cJSON_InsertItemInArray(cJSON_GetObjectItem(m, "reasons"), 0,
		    cJSON_CreateString("=CMD()"));
	mrows_add(rows, &measure, m);
	cJSON_Delete(m);
}

/* The confidence and the reasons, ';'-joined, are the last two columns;
 * empty for a row never judged. */
START_TEST(test_csv_confidence)
{
	struct snapshot	 snap = { 0 };
	struct mrows	*rows = mrows_new("DMX");
	char		*text;

	snap.measures = &rows;
	snap.nmeasures = 1;
	confidence_row(rows, "1.1", 0);
	confidence_row(rows, "1.2", doubt_from_name("no_cue") |
	    doubt_from_name("empty_work_done"));
	confidence_row(rows, "1.3", DOUBTS_UNJUDGED);
	confidence_row(rows, "9.9", doubt_from_name("conflicting_cues"));
	mrows_done(rows);
	text = render_measures_csv(&snap);
	ck_assert_ptr_nonnull(strstr(text, ",overdue_years,confidence,"
	    "reasons\r\n"));
	ck_assert_ptr_nonnull(strstr(text, ",1.1,,,,,,,in_progress,,,high,"
	    "\r\n"));
	ck_assert_ptr_nonnull(strstr(text, ",1.2,,,,,,,in_progress,,,low,"
	    "no_cue;empty_work_done\r\n"));
	ck_assert_ptr_nonnull(strstr(text, ",1.3,,,,,,,in_progress,,,,"
	    "\r\n"));
	ck_assert_ptr_nonnull(strstr(text, ",9.9,,,,,,,in_progress,,,low,"
	    "'=CMD();conflicting_cues\r\n"));
	free(text);
	mrows_unref(rows);
}
END_TEST

START_TEST(test_csv_trends)
{
	cJSON	*doc, *t, *m;
	char	*text;

	doc = cJSON_CreateObject();
	t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "agency", "\tTab Nazirliyi");
	cJSON_AddNumberToObject(t, "year", 2015);
	m = cJSON_AddObjectToObject(t, "measures");
	/* A number napmon writes stays a number, negative or not. */
	cJSON_AddNumberToObject(m, "total", -3);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "trends"), t);
	text = render_trends_csv(doc);
	ck_assert_ptr_nonnull(strstr(text, "\r\n'\tTab Nazirliyi,2015,-3,"));
	free(text);
	cJSON_Delete(doc);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("html");
	TCase	*tc = tcase_create("html");

	tcase_add_test(tc, test_text_escapes);
	tcase_add_test(tc, test_url_arg);
	tcase_add_test(tc, test_text_cut);
	tcase_add_test(tc, test_hostile_page);
	tcase_add_test(tc, test_page_figures);
	tcase_add_test(tc, test_agency_pages);
	tcase_add_test(tc, test_agency_field);
	tcase_add_test(tc, test_agency_unknown);
	tcase_add_test(tc, test_agency_file);
	tcase_add_test(tc, test_csv_measures);
	tcase_add_test(tc, test_csv_confidence);
	tcase_add_test(tc, test_csv_trends);
	suite_add_tcase(s, tc);
	return (check_run(s));
}
