/*
 * The page's charts as inline SVG with real text: bars of a rate, bars
 * stacked by status, and the ladder of stages as a funnel.  Each is
 * followed by the same numbers as a table, for readers without SVG.
 */
#include <stdio.h>

#include "metrics_internal.h"

#define CHART_WIDTH	720
#define CHART_LABEL	230	/* px of the labels, left of the bars */
#define CHART_BARS	420	/* px of the longest bar */
#define CHART_ROW	22
#define CHART_LABEL_CHARS 32	/* characters of a label; the table has
				   them all */

/* Open an SVG of n rows, with its title for screen readers. */
static void
chart_open(FILE *f, const char *id, const char *title, size_t n)
{
	fprintf(f, "<figure><svg id=\"%s\" role=\"img\" width=\"%d\""
	    " height=\"%zu\" viewBox=\"0 0 %d %zu\""
	    " xmlns=\"http://www.w3.org/2000/svg\"><title>", id, CHART_WIDTH,
	    n * CHART_ROW + 4, CHART_WIDTH, n * CHART_ROW + 4);
	html_text(f, title);
	fputs("</title>", f);
}

/* Write a row's label, cut to fit; its full text as a tooltip. */
static void
chart_label(FILE *f, const char *label, size_t i)
{
	fprintf(f, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\"><title>",
	    CHART_LABEL - 6, i * CHART_ROW + 16);
	html_text(f, label);
	fputs("</title>", f);
	html_text_cut(f, label, CHART_LABEL_CHARS);
	fputs("</text>", f);
}

/* Close an SVG and its figure, with a caption. */
static void
chart_close(FILE *f, const char *caption)
{
	fputs("</svg><figcaption>", f);
	html_text(f, caption);
	fputs("</figcaption></figure>\n", f);
}

/* Start the table that gives a chart's numbers. */
static void
chart_table(FILE *f, const char *head, const char *const *names, int n)
{
	int	i;

	fputs("<details><summary>The numbers as a table</summary>"
	    "<table><thead><tr><th>", f);
	html_text(f, head);
	fputs("</th>", f);
	for (i = 0; i < n; i++) {
		fputs("<th>", f);
		html_text(f, names[i]);
		fputs("</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
}

/* Bars of each row's rate (0 to 1; < 0: none), as percentages. */
void
chart_rate(FILE *f, const char *id, const char *title,
    const struct chart_row *v, size_t n)
{
	static const char *const names[] = { "completion rate" };
	size_t	 i;
	double	 w;

	chart_open(f, id, title, n);
	for (i = 0; i < n; i++) {
		chart_label(f, v[i].label, i);
		w = v[i].rate > 0 ? v[i].rate * CHART_BARS : 0;
		fprintf(f, "<rect class=\"s0\" x=\"%d\" y=\"%zu\" width=\"%.1f\""
		    " height=\"16\"/>", CHART_LABEL, i * CHART_ROW + 4, w);
		if (v[i].rate < 0)
			fprintf(f, "<text x=\"%d\" y=\"%zu\">none fixed</text>",
			    CHART_LABEL + 4, i * CHART_ROW + 16);
		else
			fprintf(f, "<text x=\"%.1f\" y=\"%zu\">%.0f%%</text>",
			    CHART_LABEL + w + 4, i * CHART_ROW + 16,
			    v[i].rate * 100);
	}
	chart_close(f, title);
	chart_table(f, "", names, 1);
	for (i = 0; i < n; i++) {
		fputs("<tr><td>", f);
		html_text(f, v[i].label);
		if (v[i].rate < 0)
			fputs("</td><td>none fixed</td></tr>\n", f);
		else
			fprintf(f, "</td><td class=\"n\">%.1f%%</td></tr>\n",
			    v[i].rate * 100);
	}
	fputs("</tbody></table></details>\n", f);
}

/* Write a legend of the parts' classes. */
static void
chart_legend(FILE *f, const char *const *names, int nparts)
{
	int	i;

	fputs("<p class=\"legend\">", f);
	for (i = 0; i < nparts; i++) {
		fprintf(f, "<span><svg width=\"12\" height=\"12\">"
		    "<rect class=\"s%d\" width=\"12\" height=\"12\"/></svg> ",
		    i);
		html_text(f, names[i]);
		fputs("</span> ", f);
	}
	fputs("</p>\n", f);
}

/* Bars of each row's parts, stacked, scaled to the largest total. */
void
chart_stack(FILE *f, const char *id, const char *title,
    const struct chart_row *v, size_t n, const char *const *names,
    int nparts)
{
	size_t	 i;
	int	 p, max = 1, total;
	double	 x, w;

	for (i = 0; i < n; i++) {
		for (total = 0, p = 0; p < nparts; p++)
			total += v[i].part[p];
		if (total > max)
			max = total;
	}
	chart_legend(f, names, nparts);
	chart_open(f, id, title, n);
	for (i = 0; i < n; i++) {
		chart_label(f, v[i].label, i);
		x = CHART_LABEL;
		for (total = 0, p = 0; p < nparts; p++) {
			w = (double)v[i].part[p] * CHART_BARS / max;
			if (w > 0)
				fprintf(f, "<rect class=\"s%d\" x=\"%.1f\""
				    " y=\"%zu\" width=\"%.1f\" height=\"16\">"
				    "<title>%s: %d</title></rect>", p, x,
				    i * CHART_ROW + 4, w, names[p],
				    v[i].part[p]);
			x += w;
			total += v[i].part[p];
		}
		fprintf(f, "<text x=\"%.1f\" y=\"%zu\">%d</text>", x + 4,
		    i * CHART_ROW + 16, total);
	}
	chart_close(f, title);
	chart_table(f, "", names, nparts);
	for (i = 0; i < n; i++) {
		fputs("<tr><td>", f);
		html_text(f, v[i].label);
		fputs("</td>", f);
		for (p = 0; p < nparts; p++)
			fprintf(f, "<td class=\"n\">%d</td>", v[i].part[p]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></details>\n", f);
}

/* The stages in ladder order, each bar centred: a funnel. */
void
chart_funnel(FILE *f, const char *id, const char *title, const int *count)
{
	int	 s, max = 1;
	double	 w;

	for (s = 0; s < STAGE_COUNT; s++)
		if (count[s] > max)
			max = count[s];
	chart_open(f, id, title, STAGE_COUNT);
	for (s = 0; s < STAGE_COUNT; s++) {
		w = (double)count[s] * CHART_BARS / max;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s"
		    "</text><rect class=\"s1\" x=\"%.1f\" y=\"%d\""
		    " width=\"%.1f\" height=\"16\"/><text x=\"%d\" y=\"%d\">%d"
		    "</text>", CHART_LABEL - 6, s * CHART_ROW + 16,
		    stage_name(s), CHART_LABEL + (CHART_BARS - w) / 2,
		    s * CHART_ROW + 4, w, CHART_LABEL + CHART_BARS + 6,
		    s * CHART_ROW + 16, count[s]);
	}
	chart_close(f, title);
}
