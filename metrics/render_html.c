/*
 * The page a person reads: the indicators, their charts, the overdue
 * measures and the agreements with their history, as one self-contained
 * HTML document with no script and no outside asset.  Fed by what the JSON
 * routes serve: the snapshot's documents, the agreement listing and the
 * trends.  Every piece of report text goes through html.c's writers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_page.h"

#define HTML_CHART_ROWS	30	/* agencies a chart shows; the table pages */

const char *const html_status_labels[STATUS_COUNT] = { "completed",
	"in progress", "ongoing", "not reported" };

static const char html_style[] =
"body{font:15px/1.45 sans-serif;margin:1em auto;max-width:1100px;"
"padding:0 1em;color:#111;background:#fff}"
"h1,h2,h3,p,td,th,dd,li,summary,figcaption{overflow-wrap:anywhere}"
"table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5em 0}"
"th,td{border:1px solid #999;padding:2px 5px;text-align:left;"
"vertical-align:top}"
"th{background:#e8e8e8}td.n{text-align:right}"
"dl.figures{display:flex;flex-wrap:wrap;gap:.5em}"
"dl.figures div{border:1px solid #999;padding:.3em .8em;min-width:8em}"
"dl.figures dt{font-size:85%}dl.figures dd{margin:0;font-size:150%}"
"svg{max-width:100%;height:auto}svg text{font:12px sans-serif;fill:#111}"
".s0{fill:#1b2f5e}.s1{fill:#5b7fbf}.s2{fill:#b9cde9}"
".s3{fill:#fff;stroke:#333}"
"ol.steps{display:flex;flex-wrap:wrap;list-style:none;padding:0;gap:.3em}"
"ol.steps li{border:1px solid #777;padding:1px 6px}"
"form{background:#f2f2f2;padding:.5em}form label{margin-right:1em}"
".legend span{margin-right:1em}nav.pages{margin:.5em 0}"
"#agencies th:first-child,#agreements th:first-child{width:30%}"
"#overdue th:nth-child(3),#overdue th:nth-child(6),"
"#measures th:nth-child(3),#measures th:nth-child(6){width:28%}";

/*
 * Write the address of a page: the filters of to, each value
 * percent-encoded, so that no report text reaches an href as it is.
 */
void
html_href(FILE *f, const struct html_view *to)
{
	const char	*sep = "?";

	fputs("/", f);
#define HREF_ARG(key, value) do {					\
	fprintf(f, "%s" key "=", sep);					\
	html_url_arg(f, value);						\
	sep = "&amp;";							\
} while (0)
	if (to->agency != NULL)
		HREF_ARG("agency", to->agency);
	if (to->year > 0) {
		fprintf(f, "%syear=%d", sep, to->year);
		sep = "&amp;";
	}
	if (to->stage >= 0)
		HREF_ARG("stage", stage_name(to->stage));
	if (to->partner != NULL)
		HREF_ARG("partner", to->partner);
	if (to->only != NULL)
		HREF_ARG("only", to->only);
	if (to->agreement != NULL)
		HREF_ARG("agreement", to->agreement);
	if (to->after != NULL)
		HREF_ARG("after", to->after);
	if (to->from > 0) {
		fprintf(f, "%sfrom=%d", sep, to->from);
		sep = "&amp;";
	}
	if (to->agencies_from > 0)
		fprintf(f, "%sagencies_from=%d", sep, to->agencies_from);
#undef HREF_ARG
}

/* Write a link to a page of the view for an agency, keeping the filters
 * but the pages of rows; in a file, the agency's name alone. */
void
link_agency(struct html *h, const char *agency)
{
	struct html_view	to = *h->v;

	if (h->v->file) {
		html_text(h->f, agency);
		return;
	}
	to.agency = agency;
	to.agreement = to.after = NULL;
	to.from = to.agencies_from = 0;
	fputs("<a href=\"", h->f);
	html_href(h->f, &to);
	fputs("\">", h->f);
	html_text(h->f, agency);
	fputs("</a>", h->f);
}

/* Write the head of the document and the page's title. */
static void
html_head(struct html *h, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"az\"><head><meta charset=\"utf-8\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    HTML_CSP "\"><meta name=\"viewport\" content=\"width=device-width\">"
	    "<title>", h->f);
	html_text(h->f, title);
	fprintf(h->f, " - napmon</title><style>%s</style></head>\n<body>\n"
	    "<header><h1 id=\"title\">", html_style);
	html_text(h->f, title);
	fprintf(h->f, "</h1><p>Indicators of %d reports, counted ",
	    (int)number(h->snap->indicators, "reports"));
	html_text(h->f, string(h->snap->indicators, "generated"));
	fputc('.', h->f);
	if (!h->v->file && (h->v->agency != NULL || h->v->agreement != NULL))
		fputs(" <a href=\"/\">All agencies</a>", h->f);
	fputs("</p></header>\n", h->f);
}

/* Write an <option>, selected when it is the value filtered. */
void
html_option(FILE *f, const char *value, const char *label,
    const char *selected)
{
	fputs("<option value=\"", f);
	html_attr(f, value);
	fputs(selected != NULL && strcmp(value, selected) == 0 ?
	    "\" selected>" : "\">", f);
	html_text(f, label);
	fputs("</option>", f);
}

/* The filters as a form that asks for the page again, without script. */
static void
html_form(struct html *h)
{
	const cJSON	*g;
	FILE		*f = h->f;
	int		 s;

	fputs("<form method=\"get\" action=\"/\">", f);
	html_agency_field(h);
	fputs("<label>Year <input name=\"year\""
	    " type=\"number\" min=\"1900\" max=\"2100\" value=\"", f);
	if (h->v->year > 0)
		fprintf(f, "%d", h->v->year);
	fputs("\"></label><label>Stage <select name=\"stage\">"
	    "<option value=\"\">any</option>", f);
	for (s = 0; s < STAGE_COUNT; s++)
		html_option(f, stage_name(s), stage_name(s), h->v->stage == s ?
		    stage_name(s) : NULL);
	fputs("</select></label><label>Partner <select name=\"partner\">"
	    "<option value=\"\">any</option>", f);
	cJSON_ArrayForEach(g, member(h->snap->indicators, "by_partner")) {
		if (string(g, "partner_iso") != NULL)
			html_option(f, string(g, "partner_iso"), g->string,
			    h->v->partner);
	}
	fputs("</select></label><button type=\"submit\">Show</button>"
	    "</form>\n", f);
}

/* Write one figure with a stable id and its value as data, for tests and
 * for readers that scrape. */
static void
html_figure(FILE *f, const char *id, const char *label, double value,
    int rate)
{
	fprintf(f, "<div><dt>%s</dt><dd id=\"fig-%s\" data-value=\"", label,
	    id);
	if (value < 0)
		fputs("\">none", f);
	else if (rate)
		fprintf(f, "%.6g\">%.1f%%", value, value * 100);
	else
		fprintf(f, "%.0f\">%.0f", value, value);
	fputs("</dd></div>", f);
}

/* The overall figures of the scope as numbers. */
static void
html_figures(struct html *h)
{
	const cJSON	*m = member(h->scope, "measures");
	const cJSON	*a = member(h->scope, "agreements");
	FILE		*f = h->f;

	fputs("<section><h2>Figures</h2><dl class=\"figures\">", f);
	html_figure(f, "measures", "measures", number(m, "total"), 0);
	html_figure(f, "completed", "completed", number(m, "completed"), 0);
	html_figure(f, "in_progress", "in progress", number(m, "in_progress"),
	    0);
	html_figure(f, "ongoing", "ongoing", number(m, "ongoing"), 0);
	html_figure(f, "not_reported", "not reported",
	    number(m, "not_reported"), 0);
	html_figure(f, "overdue", "overdue", number(m, "overdue"), 0);
	html_figure(f, "completion_rate", "completion rate",
	    number(h->scope, "completion_rate"), 1);
	html_figure(f, "agreements", "agreements", number(a, "total"), 0);
	html_figure(f, "stuck", "stuck", number(a, "stuck"), 0);
	html_figure(f, "regressed", "regressed", number(a, "regressed"), 0);
	fputs("</dl></section>\n", f);
}

/* Fill a chart row with a group's measures by status and its rate. */
static void
row_of_group(struct chart_row *r, const char *label, const cJSON *g)
{
	const cJSON	*m = member(g, "measures");
	int		 s;

	memset(r, 0, sizeof *r);
	r->label = label;
	for (s = 0; s < STATUS_COUNT; s++)
		r->part[s] = (int)number(m, status_name(s));
	r->rate = number(g, "completion_rate");
}

/* Charts of the agencies and the chapters, and the funnel of stages. */
static void
html_charts(struct html *h)
{
	const cJSON		*g, *by;
	struct chart_row	*rows;
	size_t			 n = 0, max;
	int			 count[STAGE_COUNT], s;

	by = member(h->snap->indicators, "by_agency");
	max = cJSON_GetArraySize(by) + cJSON_GetArraySize(member(
	    h->snap->indicators, "by_chapter")) + 1;
	rows = xcalloc(max, sizeof *rows);
	cJSON_ArrayForEach(g, by) {
		if (n < HTML_CHART_ROWS)
			row_of_group(&rows[n++], g->string, g);
	}
	fputs("<section><h2>Agencies</h2>", h->f);
	if ((size_t)cJSON_GetArraySize(by) > n)
		fprintf(h->f, "<p>The charts show the first %zu agencies of"
		    " %d; the table below lists them %d at a time.</p>", n,
		    cJSON_GetArraySize(by), HTML_AGENCY_ROWS);
	chart_rate(h->f, "chart-rate", "Completion rate by agency", rows, n);
	chart_stack(h->f, "chart-status", "Measures by status, per agency",
	    rows, n, html_status_labels, STATUS_COUNT);
	n = 0;
	cJSON_ArrayForEach(g, member(h->snap->indicators, "by_chapter")) {
		row_of_group(&rows[n], string(g, "title") != NULL ?
		    string(g, "title") : g->string, g);
		n++;
	}
	fputs("</section>\n<section><h2>Chapters</h2>", h->f);
	chart_stack(h->f, "chart-chapters", "Measures by status, per chapter",
	    rows, n, html_status_labels, STATUS_COUNT);
	free(rows);
	by = member(member(h->scope, "agreements"), "by_stage");
	for (s = 0; s < STAGE_COUNT; s++)
		count[s] = (int)number(by, stage_name(s));
	fputs("</section>\n<section><h2>Agreements by stage</h2>", h->f);
	chart_funnel(h->f, "chart-stages", "Agreements per stage, in ladder"
	    " order", count);
	fputs("</section>\n", h->f);
}

/* Does a measure of the snapshot pass the page's filters? */
static int
measure_wanted(const struct html_view *v, const cJSON *m)
{
	const char	*agency = string(m, "agency");

	if (v->agency != NULL && (agency == NULL ||
	    strcmp(agency, v->agency) != 0))
		return (0);
	return (v->year == 0 || number(m, "year") == v->year);
}

/* Write an evidence cell: the line and the sentence. */
void
html_evidence(FILE *f, const cJSON *e)
{
	if (!cJSON_IsObject(e)) {
		fputs("<td></td>", f);
		return;
	}
	fprintf(f, "<td><span class=\"line\">line %.0f:</span> ",
	    number(e, "line"));
	html_text(f, string(e, "text"));
	fputs("</td>", f);
}

/* Write a "next" link to the rows after these. */
void
html_next(struct html *h, const char *after, int from)
{
	struct html_view	to = *h->v;

	to.after = after != NULL ? after : h->v->after;
	to.from = from;
	fputs("<nav class=\"pages\"><a rel=\"next\" href=\"", h->f);
	html_href(h->f, &to);
	fputs("\">next rows</a></nav>\n", h->f);
}

/* One measure as a row: agency, id, title, deadline, status or years
 * overdue, evidence. */
static void
html_measure_row(FILE *f, const cJSON *m, int overdue)
{
	const cJSON	*d = member(m, "deadline");

	fputs("<tr data-agency=\"", f);
	html_attr(f, string(m, "agency"));
	fputs("\" data-measure=\"", f);
	html_attr(f, string(m, "id"));
	fputs("\"><td>", f);
	html_text(f, string(m, "agency"));
	fputs("</td><td>", f);
	html_text(f, string(m, "id"));
	fputs("</td><td>", f);
	html_text(f, string(m, "title"));
	fputs("</td><td>", f);
	html_text(f, string(d, "text"));
	if (overdue) {
		fprintf(f, "</td><td class=\"n\">%.0f</td>",
		    number(m, "overdue_years"));
	} else {
		fputs("</td><td>", f);
		html_text(f, string(m, "status"));
		fputs("</td>", f);
	}
	html_evidence(f, member(m, "evidence"));
	fputs("</tr>\n", f);
}

/*
 * The measures of the snapshot the filters let through, HTML_ROWS from
 * v->from: only the overdue ones, or all (an agency's page).
 */
static void
html_measures(struct html *h, int overdue, const char *id, const char *title)
{
	const struct mrows	*b;
	cJSON			*m;
	char			*text;
	size_t			 i, k;
	int			 n = 0, shown = 0, more = 0;

	fprintf(h->f, "<section><h2>%s</h2><table id=\"%s\"><thead><tr>"
	    "<th>agency</th><th>measure</th><th>title</th><th>deadline</th>"
	    "<th>%s</th><th>evidence</th></tr></thead><tbody>\n", title, id,
	    overdue ? "years overdue" : "status");
	for (i = 0; i < h->snap->nmeasures && !more; i++) {
		b = h->snap->measures[i];
		if (h->v->agency != NULL && strcmp(b->agency, h->v->agency) != 0)
			continue;
		text = NULL;
		for (k = 0; k < b->n && !more; k++) {
			if (overdue && !b->v[k].overdue)
				continue;
			m = mrows_row(b, k, &text);
			if (measure_wanted(h->v, m) && n++ >= h->v->from) {
				if (shown == HTML_ROWS)
					more = 1;
				else {
					html_measure_row(h->f, m, overdue);
					shown++;
				}
			}
			cJSON_Delete(m);
		}
		free(text);
	}
	fputs("</tbody></table>", h->f);
	if (shown == 0)
		fputs("<p>None.</p>", h->f);
	if (more && h->v->file)
		fputs("<p>The first rows; measures.json has all.</p>", h->f);
	else if (more)
		html_next(h, NULL, h->v->from + HTML_ROWS);
	fputs("</section>\n", h->f);
}

/* The trends of the scope, year by year: measures by status. */
static int
html_trends(struct html *h, char **cause)
{
	struct chart_row	*rows;
	char			(*labels)[8];
	const cJSON		*t, *list;
	cJSON			*doc;
	size_t			 n = 0;

	if ((doc = history_trends(h->store, h->v->agency, cause)) == NULL)
		return (-1);
	list = member(doc, h->v->agency != NULL ? "trends" : "overall");
	rows = xcalloc(cJSON_GetArraySize(list) + 1, sizeof *rows);
	labels = xcalloc(cJSON_GetArraySize(list) + 1, sizeof *labels);
	cJSON_ArrayForEach(t, list) {
		snprintf(labels[n], sizeof labels[n], "%.0f",
		    number(t, "year"));
		row_of_group(&rows[n], labels[n], t);
		n++;
	}
	fputs("<section><h2>Year by year</h2>", h->f);
	chart_stack(h->f, "chart-trends", "Measures by status, per report"
	    " year", rows, n, html_status_labels, STATUS_COUNT);
	chart_rate(h->f, "chart-trend-rate", "Completion rate, per report"
	    " year", rows, n);
	fputs("</section>\n", h->f);
	free(rows);
	free(labels);
	cJSON_Delete(doc);
	return (0);
}

/* The body of the page the view asks for. */
static int
html_body(struct html *h, char **cause)
{
	if (h->v->agency != NULL && h->scope == NULL) {
		html_no_agency(h);
		return (0);
	}
	if (h->v->agreement != NULL)
		return (html_agreement(h, cause));
	html_figures(h);
	/*
	 * The trends are read from the store: an agency's in a few ms, but
	 * all the archive's took 700 ms at 10,000 reports, so the overview
	 * leaves them to each agency's page and /v1/trends.
	 */
	if (h->v->agency == NULL) {
		html_charts(h);
		html_agencies(h);
	} else if (html_trends(h, cause) != 0)
		return (-1);
	html_measures(h, 1, "overdue", "Overdue measures");
	if (h->v->agency != NULL)
		html_measures(h, 0, "measures", "Measures");
	return (html_agreements(h, cause));
}

/*
 * Render the page a view asks for, from the snapshot and the store; NULL
 * with *cause on a failure of the store.  An agency the snapshot does not
 * know gets a page that says so, not an error: it may be reported
 * tomorrow, and a name typed in the form may be near one it knows.
 */
char *
render_html(struct store *store, const struct snapshot *snap,
    const struct html_view *v, char **cause)
{
	struct html	 h = { .store = store, .snap = snap, .v = v };
	char		*buf = NULL, *title = NULL;
	size_t		 len = 0;
	int		 rc;

	h.scope = snap->indicators;
	if (v->agency != NULL)
		h.scope = member(member(snap->indicators, "by_agency"),
		    v->agency);
	if ((h.f = open_memstream(&buf, &len)) == NULL)
		abort();
	if (v->agreement != NULL)
		title = xstrdup(v->agreement);
	else if (v->agency != NULL)
		title = xstrdup(v->agency);
	else
		title = xstrdup("Human-rights action plan: progress");
	html_head(&h, title);
	free(title);
	if (!v->file)
		html_form(&h);
	rc = html_body(&h, cause);
	fputs("<footer><p>napmon: counted from the agencies' reports;"
	    " the same numbers as JSON at /v1/indicators.</p></footer>\n"
	    "</body></html>\n", h.f);
	if (fclose(h.f) != 0)
		abort();
	if (rc != 0) {
		free(buf);
		return (NULL);
	}
	return (buf);
}
