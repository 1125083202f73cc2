/*
 * The measures of the snapshot, and the trends, as CSV (RFC 4180, CRLF line
 * ends), with a UTF-8 byte order mark so that spreadsheets read Azerbaijani
 * letters right.
 *
 * A spreadsheet runs a cell starting with = + - @, a tab or a CR as a
 * formula, and a report's title can be "=HYPERLINK(...)".  So every text
 * cell, which may come from a report, that starts with one of them gets a
 * ' before it, as OWASP advises; the numbers napmon formats itself (years,
 * counts, rates) are written as they are, so a negative one stays a number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

static const char *csv_columns[] = { "agency", "year", "report", "id",
	"chapter", "title", "deadline", "deadline_kind", "deadline_end",
	"executors", "status", "overdue", "overdue_years", "confidence",
	"reasons" };

static const char	*csv_text(const cJSON *, const char *, char *, size_t);

/* Write one field, quoted when it holds a separator, quote or line end;
 * a text field a spreadsheet would run as a formula starts with '. */
static void
csv_cell(FILE *f, const char *s, int text, int last)
{
	int	formula;

	if (s == NULL)
		s = "";
	formula = text && *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
	if (strpbrk(s, ",\"\r\n") != NULL) {
		fputc('"', f);
		if (formula)
			fputc('\'', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		if (formula)
			fputc('\'', f);
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

/* Write a text field, which may come from a report. */
static void
csv_field(FILE *f, const char *s, int last)
{
	csv_cell(f, s, 1, last);
}

/* Write a member: a number as napmon formats it, anything else as text. */
static void
csv_member(FILE *f, const cJSON *o, const char *key, int last)
{
	char	buf[32];

	csv_cell(f, csv_text(o, key, buf, sizeof buf),
	    !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, key)), last);
}

/* Return a member as text: strings as they are, numbers in decimal. */
static const char *
csv_text(const cJSON *o, const char *key, char *buf, size_t len)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (cJSON_IsString(v))
		return (v->valuestring);
	if (cJSON_IsNumber(v)) {
		snprintf(buf, len, "%d", v->valueint);
		return (buf);
	}
	if (cJSON_IsBool(v))
		return (cJSON_IsTrue(v) ? "yes" : "no");
	return ("");
}

/* The strings of an array member joined by sep, into one cell's text. */
static char *
csv_join(const cJSON *o, const char *key, const char *sep)
{
	const cJSON	*e;
	char		*text = NULL;
	const char	*between = "";
	size_t		 len = 0;
	FILE		*f;

	if ((f = open_memstream(&text, &len)) == NULL)
		abort();
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o, key)) {
		if (cJSON_IsString(e))
			fprintf(f, "%s%s", between, e->valuestring);
		between = sep;
	}
	if (fclose(f) != 0)
		abort();
	return (text);
}

/*
 * Write one measure as a row.  Its confidence is empty for a row stored
 * before napmon judged any (the JSON has none either); the reasons are
 * the names of its doubts, joined by ';' as they have no space.
 */
static void
csv_row(FILE *f, const cJSON *m)
{
	const cJSON	*d;
	char		*ex, *reasons;

	d = cJSON_GetObjectItemCaseSensitive(m, "deadline");
	ex = csv_join(m, "executors", "; ");
	reasons = csv_join(m, "reasons", ";");
	csv_member(f, m, "agency", 0);
	csv_member(f, m, "year", 0);
	csv_member(f, m, "report", 0);
	csv_member(f, m, "id", 0);
	csv_member(f, m, "chapter", 0);
	csv_member(f, m, "title", 0);
	csv_member(f, d, "text", 0);
	csv_member(f, d, "kind", 0);
	csv_member(f, d, "end", 0);
	csv_field(f, ex, 0);
	csv_member(f, m, "status", 0);
	csv_member(f, m, "overdue", 0);
	csv_member(f, m, "overdue_years", 0);
	csv_member(f, m, "confidence", 0);
	csv_field(f, reasons, 1);
	free(ex);
	free(reasons);
}

/* Render the snapshot's measures as CSV. */
char *
render_measures_csv(const struct snapshot *snap)
{
	const struct mrows	*b;
	cJSON			*m;
	FILE			*f;
	char			*buf = NULL, *text;
	size_t			 len = 0, i, k, n;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	fputs("\xef\xbb\xbf", f);
	n = sizeof csv_columns / sizeof csv_columns[0];
	for (i = 0; i < n; i++)
		csv_field(f, csv_columns[i], i == n - 1);
	for (i = 0; i < snap->nmeasures; i++) {
		b = snap->measures[i];
		text = NULL;
		for (k = 0; k < b->n; k++) {
			m = mrows_row(b, k, &text);
			csv_row(f, m);
			cJSON_Delete(m);
		}
		free(text);
	}
	if (fclose(f) != 0)
		abort();
	return (buf);
}

/* Write a number member, "" when it is null or absent; rates as decimals. */
static void
csv_number(FILE *f, const cJSON *o, const char *key, int last)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);
	char		 buf[32] = "";

	if (cJSON_IsNumber(v))
		snprintf(buf, sizeof buf, "%.4g", v->valuedouble);
	csv_cell(f, buf, 0, last);
}

/* Write one row of trends: agency (empty for all), year and the counts. */
static void
csv_trend(FILE *f, const cJSON *t)
{
	const cJSON	*m = cJSON_GetObjectItemCaseSensitive(t, "measures");
	const cJSON	*by = cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(t, "agreements"),
			    "by_stage");
	int		 i;

	csv_member(f, t, "agency", 0);
	csv_number(f, t, "year", 0);
	csv_number(f, m, "total", 0);
	for (i = 0; i < STATUS_COUNT; i++)
		csv_number(f, m, status_name(i), 0);
	csv_number(f, t, "completion_rate", 0);
	csv_number(f, t, "overdue", 0);
	for (i = 0; i < STAGE_COUNT; i++)
		csv_number(f, by, stage_name(i), i == STAGE_COUNT - 1);
}

/* Render history_trends()'s document as CSV: a row per agency and year,
 * then the overall rows with an empty agency. */
char *
render_trends_csv(const cJSON *trends)
{
	const cJSON	*t;
	FILE		*f;
	char		*buf = NULL;
	size_t		 len = 0;
	int		 i;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	fputs("\xef\xbb\xbf" "agency,year,measures", f);
	for (i = 0; i < STATUS_COUNT; i++)
		fprintf(f, ",%s", status_name(i));
	fputs(",completion_rate,overdue", f);
	for (i = 0; i < STAGE_COUNT; i++)
		fprintf(f, ",%s", stage_name(i));
	fputs("\r\n", f);
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(trends,
	    "trends"))
		csv_trend(f, t);
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(trends,
	    "overall"))
		csv_trend(f, t);
	if (fclose(f) != 0)
		abort();
	return (buf);
}
