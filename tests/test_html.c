/*
 * The page's escaping writers, the page rendered from a hostile report, and
 * the CSV writers' neutralising of cells a spreadsheet would run.
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
	tcase_add_test(tc, test_csv_measures);
	tcase_add_test(tc, test_csv_confidence);
	tcase_add_test(tc, test_csv_trends);
	suite_add_tcase(s, tc);
	return (check_run(s));
}
