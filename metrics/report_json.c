/*
 * A collected report as the JSON document `napmon parse` prints.
 * Unknown values are null, never empty strings or zeros.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json_util.h"

/* Add a string member, or null when it is NULL or empty. */
void
json_add_string_or_null(cJSON *o, const char *key, const char *value)
{
	if (value != NULL && *value != '\0')
		cJSON_AddStringToObject(o, key, value);
	else
		cJSON_AddNullToObject(o, key);
}

/* Add a number member, or null for 0 (unknown). */
void
json_add_int_or_null(cJSON *o, const char *key, int value)
{
	if (value != 0)
		cJSON_AddNumberToObject(o, key, value);
	else
		cJSON_AddNullToObject(o, key);
}

/* Add where a status or stage was read, or null. */
void
json_add_evidence(cJSON *o, const struct evidence *e)
{
	cJSON	*ev;

	if (e->line == 0) {
		cJSON_AddNullToObject(o, "evidence");
		return;
	}
	ev = cJSON_AddObjectToObject(o, "evidence");
	cJSON_AddNumberToObject(ev, "line", e->line);
	json_add_string_or_null(ev, "text", e->text);
}

static cJSON *
deadline_json(const struct deadline *d)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_string_or_null(o, "text", d->text);
	cJSON_AddStringToObject(o, "kind", deadline_kind_name(d->kind));
	json_add_int_or_null(o, "start", d->start);
	json_add_int_or_null(o, "end", d->end);
	return o;
}

/* Describe a measure as `napmon parse` does. */
cJSON *
measure_to_json(const struct measure *m, int narrative)
{
	cJSON	*o = cJSON_CreateObject(), *ex;
	size_t	 i;

	cJSON_AddStringToObject(o, "id", m->id);
	json_add_int_or_null(o, "chapter", m->chapter);
	json_add_string_or_null(o, "title", m->title);
	if (narrative)
		json_add_string_or_null(o, "description", m->description);
	cJSON_AddNumberToObject(o, "line", m->line);
	cJSON_AddItemToObject(o, "deadline", deadline_json(&m->deadline));
	ex = cJSON_AddArrayToObject(o, "executors");
	for (i = 0; i < m->nexecutors; i++)
		cJSON_AddItemToArray(ex, cJSON_CreateString(m->executors[i]));
	if (narrative)
		json_add_string_or_null(o, "work_done", m->work_done);
	cJSON_AddStringToObject(o, "status", status_name(m->status));
	if (m->overdue < 0)
		cJSON_AddNullToObject(o, "overdue");
	else
		cJSON_AddBoolToObject(o, "overdue", m->overdue);
	json_add_int_or_null(o, "overdue_years", m->overdue_years);
	json_add_evidence(o, &m->evidence);
	return o;
}

/* Describe an agreement as `napmon parse` does. */
cJSON *
agreement_to_json(const struct agreement *a)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "kind", a->kind);
	json_add_string_or_null(o, "partner", a->partner);
	json_add_string_or_null(o, "partner_iso", a->partner_iso);
	cJSON_AddStringToObject(o, "stage", stage_name(a->stage));
	json_add_string_or_null(o, "date", a->date);
	json_add_string_or_null(o, "measure", a->measure);
	json_add_evidence(o, &a->evidence);
	return o;
}

/* Build the whole document for one report. */
cJSON *
report_to_json(const struct report *r)
{
	cJSON		*doc = cJSON_CreateObject(), *rep, *arr, *c;
	struct tally	 t = { 0 };
	size_t		 i;

	rep = cJSON_AddObjectToObject(doc, "report");
	cJSON_AddStringToObject(rep, "file", r->file);
	cJSON_AddStringToObject(rep, "sha256", r->sha256);
	cJSON_AddStringToObject(rep, "encoding", encoding_name(r->encoding));
	json_add_string_or_null(rep, "agency", r->agency);
	json_add_int_or_null(rep, "year", r->year);
	arr = cJSON_AddArrayToObject(doc, "chapters");
	for (i = 0; i < r->nchapters; i++) {
		c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "number", r->chapters[i].number);
		json_add_string_or_null(c, "title", r->chapters[i].title);
		cJSON_AddItemToArray(arr, c);
	}
	arr = cJSON_AddArrayToObject(doc, "measures");
	for (i = 0; i < r->nmeasures; i++)
		cJSON_AddItemToArray(arr, measure_to_json(&r->measures[i], 1));
	arr = cJSON_AddArrayToObject(doc, "agreements");
	for (i = 0; i < r->nagreements; i++)
		cJSON_AddItemToArray(arr, agreement_to_json(&r->agreements[i]));
	tally_report(&t, r);
	cJSON_AddItemToObject(doc, "indicators", tally_to_json(&t));
	return doc;
}

/*
 * The same document written straight to a stream, byte for byte as
 * cJSON_Print() prints report_to_json(): building the tree (a malloc and a
 * copy per value) only to print and free it took a third of a parse.
 */

/* The bytes a JSON string escapes: control characters, '"' and '\'. */
static const unsigned char escaped[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1
};

static void
put_escape(FILE *f, unsigned char c)
{
	static const char	named[] = "\b\f\n\r\t\"\\";
	static const char	letter[] = "bfnrt\"\\";
	const char		*k;

	putc_unlocked('\\', f);
	if ((k = memchr(named, c, sizeof named - 1)) != NULL)
		putc_unlocked(letter[k - named], f);
	else
		fprintf(f, "u%04x", c);
}

static void
put_string(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s, *run;

	putc_unlocked('"', f);
	for (;;) {
		for (run = p; !escaped[*p]; p++)
			;
		fwrite_unlocked(run, 1, (size_t)(p - run), f);
		if (*p == '\0')
			break;
		put_escape(f, *p++);
	}
	putc_unlocked('"', f);
}

static void
put_string_or_null(FILE *f, const char *s)
{
	if (s != NULL && *s != '\0')
		put_string(f, s);
	else
		fputs_unlocked("null", f);
}

/* An int as cJSON prints the double it holds: every int is exact. */
static void
put_int(FILE *f, int v)
{
	char		 buf[16], *p = buf + sizeof buf;
	unsigned int	 u = v < 0 ? 0U - (unsigned int)v : (unsigned int)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	fwrite_unlocked(p, 1, (size_t)(buf + sizeof buf - p), f);
}

static void
put_int_or_null(FILE *f, int v)
{
	if (v != 0)
		put_int(f, v);
	else
		fputs_unlocked("null", f);
}

/* cJSON's test that a number printed reads back as the same. */
static int
same_double(double a, double b)
{
	double	most = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= most * DBL_EPSILON;
}

/* A rate in [0, 1]: a whole number as an int, else 15 significant digits
 * when they read back as the same, else 17, as cJSON prints it. */
static void
put_rate(FILE *f, double d)
{
	char	buf[32];
	double	test;

	if (d == (double)(int)d) {
		put_int(f, (int)d);
		return;
	}
	snprintf(buf, sizeof buf, "%1.15g", d);
	if (sscanf(buf, "%lg", &test) != 1 || !same_double(test, d))
		snprintf(buf, sizeof buf, "%1.17g", d);
	fputs_unlocked(buf, f);
}

static void
put_indent(FILE *f, int depth)
{
	while (depth-- > 0)
		putc_unlocked('\t', f);
}

/* Start a member of an object whose members stand at depth; all but the
 * first end the member before them. */
static void
put_key(FILE *f, int depth, const char *key, int first)
{
	fputs_unlocked(first ? "{\n" : ",\n", f);
	put_indent(f, depth);
	putc_unlocked('"', f);
	fputs_unlocked(key, f);
	fputs_unlocked("\":\t", f);
}

/* End an object whose members stand at depth. */
static void
put_end(FILE *f, int depth)
{
	putc_unlocked('\n', f);
	put_indent(f, depth - 1);
	putc_unlocked('}', f);
}

static void
put_evidence(FILE *f, int depth, const struct evidence *e)
{
	put_key(f, depth, "evidence", 0);
	if (e->line == 0) {
		fputs_unlocked("null", f);
		return;
	}
	put_key(f, depth + 1, "line", 1);
	put_int(f, e->line);
	put_key(f, depth + 1, "text", 0);
	put_string_or_null(f, e->text);
	put_end(f, depth + 1);
}

static void
put_deadline(FILE *f, int depth, const struct deadline *d)
{
	put_key(f, depth, "text", 1);
	put_string_or_null(f, d->text);
	put_key(f, depth, "kind", 0);
	put_string(f, deadline_kind_name(d->kind));
	put_key(f, depth, "start", 0);
	put_int_or_null(f, d->start);
	put_key(f, depth, "end", 0);
	put_int_or_null(f, d->end);
	put_end(f, depth);
}

/* measure_to_json(m, 1) as an object whose members stand at depth. */
static void
put_measure(FILE *f, int depth, const struct measure *m)
{
	size_t	i;

	put_key(f, depth, "id", 1);
	put_string(f, m->id);
	put_key(f, depth, "chapter", 0);
	put_int_or_null(f, m->chapter);
	put_key(f, depth, "title", 0);
	put_string_or_null(f, m->title);
	put_key(f, depth, "description", 0);
	put_string_or_null(f, m->description);
	put_key(f, depth, "line", 0);
	put_int(f, m->line);
	put_key(f, depth, "deadline", 0);
	put_deadline(f, depth + 1, &m->deadline);
	put_key(f, depth, "executors", 0);
	putc_unlocked('[', f);
	for (i = 0; i < m->nexecutors; i++) {
		if (i > 0)
			fputs_unlocked(", ", f);
		put_string(f, m->executors[i]);
	}
	putc_unlocked(']', f);
	put_key(f, depth, "work_done", 0);
	put_string_or_null(f, m->work_done);
	put_key(f, depth, "status", 0);
	put_string(f, status_name(m->status));
	put_key(f, depth, "overdue", 0);
	fputs_unlocked(m->overdue < 0 ? "null" : m->overdue ? "true" : "false",
	    f);
	put_key(f, depth, "overdue_years", 0);
	put_int_or_null(f, m->overdue_years);
	put_evidence(f, depth, &m->evidence);
	put_end(f, depth);
}

/* agreement_to_json() as an object whose members stand at depth. */
static void
put_agreement(FILE *f, int depth, const struct agreement *a)
{
	put_key(f, depth, "name", 1);
	put_string(f, a->name);
	put_key(f, depth, "kind", 0);
	put_string(f, a->kind);
	put_key(f, depth, "partner", 0);
	put_string_or_null(f, a->partner);
	put_key(f, depth, "partner_iso", 0);
	put_string_or_null(f, a->partner_iso);
	put_key(f, depth, "stage", 0);
	put_string(f, stage_name(a->stage));
	put_key(f, depth, "date", 0);
	put_string_or_null(f, a->date);
	put_key(f, depth, "measure", 0);
	put_string_or_null(f, a->measure);
	put_evidence(f, depth, &a->evidence);
	put_end(f, depth);
}

/* tally_to_json() as an object whose members stand at depth. */
static void
put_tally(FILE *f, int depth, const struct tally *t)
{
	double	rate = tally_completion_rate(t);
	int	i;

	put_key(f, depth, "measures", 1);
	put_key(f, depth + 1, "total", 1);
	put_int(f, t->measures);
	for (i = 0; i < STATUS_COUNT; i++) {
		put_key(f, depth + 1, status_name((enum status)i), 0);
		put_int(f, t->by_status[i]);
	}
	put_key(f, depth + 1, "overdue", 0);
	put_int(f, t->overdue);
	put_end(f, depth + 1);
	put_key(f, depth, "completion_rate", 0);
	if (rate < 0)
		fputs_unlocked("null", f);
	else
		put_rate(f, rate);
	put_key(f, depth, "agreements", 0);
	put_key(f, depth + 1, "total", 1);
	put_int(f, t->agreements);
	put_key(f, depth + 1, "by_stage", 0);
	for (i = 0; i < STAGE_COUNT; i++) {
		put_key(f, depth + 2, stage_name((enum stage)i), i == 0);
		put_int(f, t->by_stage[i]);
	}
	put_end(f, depth + 2);
	put_end(f, depth + 1);
	put_end(f, depth);
}

static void
put_head(FILE *f, int depth, const struct report *r)
{
	put_key(f, depth, "file", 1);
	put_string(f, r->file);
	put_key(f, depth, "sha256", 0);
	put_string(f, r->sha256);
	put_key(f, depth, "encoding", 0);
	put_string(f, encoding_name(r->encoding));
	put_key(f, depth, "agency", 0);
	put_string_or_null(f, r->agency);
	put_key(f, depth, "year", 0);
	put_int_or_null(f, r->year);
	put_end(f, depth);
}

/* Write report_to_json(r) as cJSON_Print() would, the object standing at
 * depth (1 in an array); the caller checks the stream for errors. */
void
report_write_json(FILE *f, const struct report *r, int depth)
{
	struct tally	t = { 0 };
	size_t		i;
	int		d = depth + 1;

	put_key(f, d, "report", 1);
	put_head(f, d + 1, r);
	put_key(f, d, "chapters", 0);
	putc_unlocked('[', f);
	for (i = 0; i < r->nchapters; i++) {
		if (i > 0)
			fputs_unlocked(", ", f);
		put_key(f, d + 2, "number", 1);
		put_int(f, r->chapters[i].number);
		put_key(f, d + 2, "title", 0);
		put_string_or_null(f, r->chapters[i].title);
		put_end(f, d + 2);
	}
	putc_unlocked(']', f);
	put_key(f, d, "measures", 0);
	putc_unlocked('[', f);
	for (i = 0; i < r->nmeasures; i++) {
		if (i > 0)
			fputs_unlocked(", ", f);
		put_measure(f, d + 2, &r->measures[i]);
	}
	putc_unlocked(']', f);
	put_key(f, d, "agreements", 0);
	putc_unlocked('[', f);
	for (i = 0; i < r->nagreements; i++) {
		if (i > 0)
			fputs_unlocked(", ", f);
		put_agreement(f, d + 2, &r->agreements[i]);
	}
	putc_unlocked(']', f);
	tally_report(&t, r);
	put_key(f, d, "indicators", 0);
	put_tally(f, d + 1, &t);
	put_end(f, d);
}
