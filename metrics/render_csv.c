/*
 * The measures of the snapshot, and the trends, as CSV (RFC 4180, CRLF line
 * ends), with a UTF-8 byte order mark so that spreadsheets read Azerbaijani
 * letters right.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

static const char *csv_columns[] = { "agency", "year", "report", "id",
	"chapter", "title", "deadline", "deadline_kind", "deadline_end",
	"executors", "status", "overdue", "overdue_years" };

/* Write one field, quoted when it holds a separator, quote or line end. */
static void
csv_field(FILE *f, const char *s, int last)
{
	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") != NULL) {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
	fputs(last ? "\r\n" : ",", f);
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

/* Write one measure as a row. */
static void
csv_row(FILE *f, const cJSON *m)
{
	const cJSON	*d, *e;
	char		 buf[32], *ex = NULL;
	const char	*sep = "";
	size_t		 exlen = 0;
	FILE		*exf;

	d = cJSON_GetObjectItemCaseSensitive(m, "deadline");
	if ((exf = open_memstream(&ex, &exlen)) == NULL)
		abort();
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(m,
	    "executors")) {
		fprintf(exf, "%s%s", sep, e->valuestring);
		sep = "; ";
	}
	if (fclose(exf) != 0)
		abort();
	csv_field(f, csv_text(m, "agency", buf, sizeof buf), 0);
	csv_field(f, csv_text(m, "year", buf, sizeof buf), 0);
	csv_field(f, csv_text(m, "report", buf, sizeof buf), 0);
	csv_field(f, csv_text(m, "id", buf, sizeof buf), 0);
	csv_field(f, csv_text(m, "chapter", buf, sizeof buf), 0);
	csv_field(f, csv_text(m, "title", buf, sizeof buf), 0);
	csv_field(f, csv_text(d, "text", buf, sizeof buf), 0);
	csv_field(f, csv_text(d, "kind", buf, sizeof buf), 0);
	csv_field(f, csv_text(d, "end", buf, sizeof buf), 0);
	csv_field(f, ex, 0);
	csv_field(f, csv_text(m, "status", buf, sizeof buf), 0);
	csv_field(f, csv_text(m, "overdue", buf, sizeof buf), 0);
	csv_field(f, csv_text(m, "overdue_years", buf, sizeof buf), 1);
	free(ex);
}

/* Render the snapshot's measures as CSV. */
char *
render_measures_csv(const struct snapshot *snap)
{
	const struct mrows	*b;
	cJSON			*m;
	FILE			*f;
	char			*buf = NULL;
	size_t			 len = 0, i, k, n;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	fputs("\xef\xbb\xbf", f);
	n = sizeof csv_columns / sizeof csv_columns[0];
	for (i = 0; i < n; i++)
		csv_field(f, csv_columns[i], i == n - 1);
	for (i = 0; i < snap->nmeasures; i++) {
		b = snap->measures[i];
		for (k = 0; k < b->n; k++) {
			m = cJSON_ParseWithLength(b->v[k].json, b->v[k].len);
			csv_row(f, m);
			cJSON_Delete(m);
		}
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
	csv_field(f, buf, last);
}

/* Write one row of trends: agency (empty for all), year and the counts. */
static void
csv_trend(FILE *f, const cJSON *t)
{
	const cJSON	*m = cJSON_GetObjectItemCaseSensitive(t, "measures");
	const cJSON	*by = cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(t, "agreements"),
			    "by_stage");
	char		 buf[32];
	int		 i;

	csv_field(f, csv_text(t, "agency", buf, sizeof buf), 0);
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
