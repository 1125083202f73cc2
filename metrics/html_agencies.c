/*
 * The agencies on the page: the filter that picks one, the table of them
 * all a page at a time, and what an agency no report names gets instead of
 * its page.  An archive holds 10-60 agencies; a generated one of 100,000
 * reports 6,667, so nothing here writes every agency in one page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_page.h"

/* Agencies an unknown name's page offers, whose names hold it. */
#define HTML_AGENCY_HINTS	10

/* Return the agencies of the snapshot, by name. */
static const cJSON *
agencies(const struct html *h)
{
	return (member(h->snap->indicators, "by_agency"));
}

/*
 * The form's agency filter: a <select> of every agency while they are few,
 * past HTML_AGENCY_SELECT a text field for the name, since a list (or a
 * <datalist>) would write them all into every page again.
 */
void
html_agency_field(struct html *h)
{
	const cJSON	*g;
	FILE		*f = h->f;

	if (cJSON_GetArraySize(agencies(h)) <= HTML_AGENCY_SELECT) {
		fputs("<label>Agency <select name=\"agency\">"
		    "<option value=\"\">all</option>", f);
		cJSON_ArrayForEach(g, agencies(h))
			html_option(f, g->string, g->string, h->v->agency);
		fputs("</select></label>", f);
	} else {
		fputs("<label>Agency <input name=\"agency\" type=\"text\""
		    " size=\"32\" placeholder=\"all\""
		    " aria-describedby=\"agency-hint\" value=\"", f);
		html_attr(f, h->v->agency);
		fputs("\"></label><small id=\"agency-hint\">the name exactly as"
		    " the agency table writes it; empty for all</small> ", f);
	}
	/* Keep the page of the agency table when the other filters change:
	 * the table does not depend on them. */
	if (h->v->agency == NULL && h->v->agencies_from > 0)
		fprintf(f, "<input type=\"hidden\" name=\"agencies_from\""
		    " value=\"%d\">", h->v->agencies_from);
}

/* Write a link to the page of the agency table from row from. */
static void
link_agencies(struct html *h, const char *id, int from, const char *label)
{
	struct html_view	to = *h->v;

	to.agencies_from = from;
	fprintf(h->f, "<a id=\"%s\" href=\"", id);
	html_href(h->f, &to);
	fprintf(h->f, "\">%s</a> ", label);
}

/* Links to the first, the previous and the next page of the table. */
static void
html_agency_pages(struct html *h, int more)
{
	int	from = h->v->agencies_from;

	if (from == 0 && !more)
		return;
	fputs("<nav class=\"pages\">", h->f);
	if (from > 0)
		link_agencies(h, "agencies-first", 0, "first agencies");
	if (from > HTML_AGENCY_ROWS)
		link_agencies(h, "agencies-previous", from - HTML_AGENCY_ROWS,
		    "previous agencies");
	if (more)
		link_agencies(h, "agencies-next", from + HTML_AGENCY_ROWS,
		    "next agencies");
	fputs("</nav>\n", h->f);
}

/* One agency's counts as a row of the table, its name a link to its page. */
static void
html_agency_row(struct html *h, const cJSON *g)
{
	const cJSON	*m = member(g, "measures");
	double		 rate;
	int		 s;

	fputs("<tr><td>", h->f);
	link_agency(h, g->string);
	fprintf(h->f, "</td><td class=\"n\">%.0f</td>", number(m, "total"));
	for (s = 0; s < STATUS_COUNT; s++)
		fprintf(h->f, "<td class=\"n\">%.0f</td>",
		    number(m, status_name(s)));
	fprintf(h->f, "<td class=\"n\">%.0f</td>", number(m, "overdue"));
	if ((rate = number(g, "completion_rate")) < 0)
		fputs("<td>none fixed</td>", h->f);
	else
		fprintf(h->f, "<td class=\"n\">%.1f%%</td>", rate * 100);
	fprintf(h->f, "<td class=\"n\">%.0f</td></tr>\n",
	    number(member(g, "agreements"), "total"));
}

/* Say which agencies the table holds, of how many. */
static void
html_agency_range(struct html *h, int shown, int total)
{
	int	from = h->v->agencies_from;

	if (shown > 0)
		fprintf(h->f, "<p id=\"agencies-range\">Agencies %d-%d of %d",
		    from + 1, from + shown, total);
	else if (total > 0)
		fprintf(h->f, "<p id=\"agencies-range\">No agencies from %d:"
		    " there are %d", from + 1, total);
	else
		fputs("<p id=\"agencies-range\">No agencies", h->f);
	/* A file has no pages: its readers are sent to the list that has
	 * them all, so that the file stays as bounded as the page. */
	if (h->v->file && shown < total)
		fputs("; indicators.json, beside this file, has them all, and"
		    " napmond's page lists them a page at a time", h->f);
	fputs(".</p>", h->f);
}

/*
 * The table of the agencies' counts, HTML_AGENCY_ROWS of them from
 * v->agencies_from, in the order of the indicators.
 */
void
html_agencies(struct html *h)
{
	const cJSON	*g;
	int		 n = 0, shown = 0, total, s;

	total = cJSON_GetArraySize(agencies(h));
	fputs("<section><h2>Every agency</h2>", h->f);
	/* The range is known before the rows: it is written above them. */
	if (h->v->agencies_from < total)
		shown = total - h->v->agencies_from;
	if (shown > HTML_AGENCY_ROWS)
		shown = HTML_AGENCY_ROWS;
	html_agency_range(h, shown, total);
	fputs("<table id=\"agencies\"><thead><tr><th>agency</th>"
	    "<th>measures</th>", h->f);
	for (s = 0; s < STATUS_COUNT; s++)
		fprintf(h->f, "<th>%s</th>", html_status_labels[s]);
	fputs("<th>overdue</th><th>completion rate</th><th>agreements</th>"
	    "</tr></thead><tbody>\n", h->f);
	cJSON_ArrayForEach(g, agencies(h)) {
		if (n >= h->v->agencies_from + shown)
			break;
		if (n++ >= h->v->agencies_from)
			html_agency_row(h, g);
	}
	fputs("</tbody></table>", h->f);
	if (!h->v->file)
		html_agency_pages(h, h->v->agencies_from + shown < total);
	fputs("</section>\n", h->f);
}

/*
 * What a page of an agency no report names shows instead of empty tables:
 * that the name must be exact, and the agencies whose names hold what was
 * typed (A-Z in any case), so that a name typed in part still leads home.
 */
void
html_no_agency(struct html *h)
{
	const cJSON	*g;
	FILE		*f = h->f;
	int		 n = 0;

	fputs("<section id=\"no-agency\"><h2>No such agency</h2><p>No report"
	    " names an agency &ldquo;", f);
	html_text(f, h->v->agency);
	fputs("&rdquo;: the name must be written exactly as the agency table"
	    " writes it.</p>", f);
	cJSON_ArrayForEach(g, agencies(h)) {
		if (strcasestr(g->string, h->v->agency) == NULL)
			continue;
		if (n == HTML_AGENCY_HINTS) {
			fputs("<li>and more</li>", f);
			break;
		}
		fputs(n++ == 0 ? "<p>Agencies whose names hold it:</p><ul>"
		    "<li>" : "<li>", f);
		link_agency(h, g->string);
		fputs("</li>", f);
	}
	fputs(n > 0 ? "</ul></section>\n" : "</section>\n", f);
}
