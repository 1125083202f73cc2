/*
 * The agreements on the page: a table of one page of the listing, each with
 * its stage by year, and one agreement's own page with its events and their
 * evidence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_page.h"

/* An agreement's history as a row of dated steps. */
static void
html_steps(FILE *f, const cJSON *a)
{
	const cJSON	*s;

	fputs("<ol class=\"steps\">", f);
	cJSON_ArrayForEach(s, member(a, "history")) {
		fprintf(f, "<li>%.0f: ", number(s, "year"));
		html_text(f, string(s, "stage"));
		if (string(s, "date") != NULL) {
			fputs(" (", f);
			html_text(f, string(s, "date"));
			fputc(')', f);
		}
		fputs("</li>", f);
	}
	fputs("</ol>", f);
}

/* Write a link to an agreement's page, or its name in a file. */
static void
link_agreement(struct html *h, const cJSON *a)
{
	struct html_view	to = { .stage = -1 };

	if (h->v->file) {
		html_text(h->f, string(a, "name"));
		return;
	}
	to.agency = string(a, "agency");
	to.agreement = string(a, "name");
	fputs("<a href=\"", h->f);
	html_href(h->f, &to);
	fputs("\">", h->f);
	html_text(h->f, string(a, "name"));
	fputs("</a>", h->f);
}

/* One agreement as a row of the table. */
static void
html_agreement_row(struct html *h, const cJSON *a)
{
	FILE	*f = h->f;

	fputs("<tr><td>", f);
	link_agreement(h, a);
	fputs("</td><td>", f);
	html_text(f, string(a, "agency"));
	fputs("</td><td>", f);
	html_text(f, string(a, "partner"));
	fputs("</td><td>", f);
	html_text(f, string(a, "stage"));
	fprintf(f, "%s%s</td><td>", cJSON_IsTrue(member(a, "stuck")) ?
	    ", stuck" : "", cJSON_IsTrue(member(a, "regressed")) ?
	    ", regressed" : "");
	html_steps(f, a);
	fputs("</td></tr>\n", f);
}

/* Read a listing whole as one JSON array; NULL on failure. */
static cJSON *
listing_read(struct listing *l, char **cause)
{
	FILE	*f;
	char	*all = NULL, *text;
	size_t	 len = 0;
	cJSON	*doc;
	int	 rc;

	if ((f = open_memstream(&all, &len)) == NULL)
		abort();
	while ((rc = listing_next(l, &text, cause)) > 0) {
		fputs(text, f);
		free(text);
	}
	if (fclose(f) != 0)
		abort();
	doc = rc == 0 ? cJSON_Parse(all) : NULL;
	if (rc == 0 && doc == NULL)
		*cause = xstrdup("listing agreements: not JSON");
	free(all);
	return (doc);
}

/* Filter the agreements the page's filters ask for. */
static void
html_agreement_filter(const struct html_view *v, struct agreement_filter *f)
{
	memset(f, 0, sizeof *f);
	f->agency = v->agency;
	f->stage = v->stage;
	f->partner_iso = v->partner;
	f->stuck = v->only != NULL && strcmp(v->only, "stuck") == 0;
	f->regressed = v->only != NULL && strcmp(v->only, "regressed") == 0;
	f->stuck_reports = v->stuck_reports;
	f->limit = HTML_ROWS;
	f->after = v->after;
}

/* Links to the stuck or regressed agreements alone, keeping filters. */
static void
html_only_links(struct html *h)
{
	static const char *const only[] = { "stuck", "regressed" };
	struct html_view	 to = *h->v;
	size_t			 i;

	fputs("<p>Show: ", h->f);
	for (i = 0; i < 2; i++) {
		to.only = only[i];
		to.after = NULL;
		fputs("<a href=\"", h->f);
		html_href(h->f, &to);
		fprintf(h->f, "\">%s agreements</a> ", only[i]);
	}
	to.only = NULL;
	fputs("<a href=\"", h->f);
	html_href(h->f, &to);
	fputs("\">all agreements</a></p>", h->f);
}

/*
 * A page of HTML_ROWS agreements the filters let through, read from the
 * store; the year, which the listing does not filter, keeps those whose
 * latest report is of that year.
 */
int
html_agreements(struct html *h, char **cause)
{
	struct agreement_filter	 af;
	struct listing		*l;
	const cJSON		*a;
	cJSON			*doc;
	int			 shown = 0;

	html_agreement_filter(h->v, &af);
	l = listing_agreements(h->store, &af);
	if ((doc = listing_read(l, cause)) == NULL) {
		listing_free(l);
		return (-1);
	}
	fputs("<section><h2>Agreements", h->f);
	if (h->v->only != NULL) {
		fputs(": ", h->f);
		html_text(h->f, h->v->only);
	}
	fputs("</h2>", h->f);
	if (!h->v->file)
		html_only_links(h);
	fputs("<table id=\"agreements\"><thead><tr><th>agreement</th>"
	    "<th>agency</th><th>partner</th><th>stage</th>"
	    "<th>history</th></tr></thead><tbody>\n", h->f);
	cJSON_ArrayForEach(a, doc) {
		if (h->v->year > 0 && number(a, "year") != h->v->year)
			continue;
		html_agreement_row(h, a);
		shown++;
	}
	fputs("</tbody></table>", h->f);
	if (shown == 0)
		fputs("<p>None.</p>", h->f);
	if (listing_next_cursor(l) != NULL && h->v->file)
		fputs("<p>The first rows; agreements.json has all.</p>", h->f);
	else if (listing_next_cursor(l) != NULL)
		html_next(h, listing_next_cursor(l), h->v->from);
	fputs("</section>\n", h->f);
	cJSON_Delete(doc);
	listing_free(l);
	return (0);
}

/* Find an agreement of an agency by name; NULL when none. */
static cJSON *
agreement_find(struct html *h, char **cause, int *failed)
{
	struct agreement_filter	 af = { .agency = h->v->agency, .stage = -1,
				    .stuck_reports = h->v->stuck_reports };
	struct listing		*l;
	cJSON			*doc, *a, *found = NULL;

	l = listing_agreements(h->store, &af);
	doc = listing_read(l, cause);
	listing_free(l);
	if ((*failed = doc == NULL))
		return (NULL);
	cJSON_ArrayForEach(a, doc) {
		if (string(a, "name") != NULL &&
		    strcmp(string(a, "name"), h->v->agreement) == 0) {
			found = cJSON_DetachItemViaPointer(doc, a);
			break;
		}
	}
	cJSON_Delete(doc);
	return (found);
}

/* One agreement's page: what it is, its steps, its events with evidence. */
int
html_agreement(struct html *h, char **cause)
{
	const cJSON	*e;
	cJSON		*a;
	FILE		*f = h->f;
	int		 failed;

	if ((a = agreement_find(h, cause, &failed)) == NULL && failed)
		return (-1);
	if (a == NULL) {
		fputs("<p id=\"missing\">No such agreement of this agency.</p>",
		    f);
		return (0);
	}
	fputs("<section><h2>Agreement</h2><dl><dt>name</dt><dd id=\"name\">",
	    f);
	html_text(f, string(a, "name"));
	fputs("</dd><dt>agency</dt><dd>", f);
	link_agency(h, string(a, "agency"));
	fputs("</dd><dt>partner</dt><dd>", f);
	html_text(f, string(a, "partner"));
	fputs("</dd><dt>stage</dt><dd>", f);
	html_text(f, string(a, "stage"));
	fputs("</dd><dt>measure</dt><dd>", f);
	html_text(f, string(a, "measure"));
	fputs("</dd></dl><h3>Stage by year</h3>", f);
	html_steps(f, a);
	fputs("<h3>Events of its latest report</h3><table><thead><tr>"
	    "<th>stage</th><th>date</th><th>evidence</th></tr></thead>"
	    "<tbody>\n", f);
	cJSON_ArrayForEach(e, member(a, "events")) {
		fputs("<tr><td>", f);
		html_text(f, string(e, "stage"));
		fputs("</td><td>", f);
		html_text(f, string(e, "date"));
		fputs("</td>", f);
		html_evidence(f, member(e, "evidence"));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
	cJSON_Delete(a);
	return (0);
}
