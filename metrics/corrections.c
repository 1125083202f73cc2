/*
 * Corrections in the store: a person's value for a fact napmon read, added,
 * listed (each with whether its fact still exists) and taken back.  A
 * correction names its fact by agency, measure id or agreement name and,
 * optionally, year, never by a row id: an ingest replaces its file's rows
 * whole, and the names are what stays from one version to the next.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

#define CORRECTION_TEXT_MAX	1000	/* bytes of a name, value or note */

static const char *const kind_names[] = { "measure", "agreement" };

/* The members a body may have. */
static const char *const body_members[] = { "agency", "measure",
	"agreement", "year", "field", "value", "note" };
#define NMEMBERS (sizeof body_members / sizeof body_members[0])

/*
 * Is there a fact for a correction to lay over?  A measure's is in the
 * report its agency is counted by (the latest), or in one of the year it
 * names; an agreement's is in any report of its agency (of that year),
 * for its history is followed across them all.  1, 0, or -1 on error.
 */
static int
fact_exists(sqlite3 *db, enum correction_kind kind, const char *agency,
    const char *key, int year)
{
	sqlite3_stmt	*stmt;
	const char	*sql;
	int		 rc;

	if (kind == CORRECTION_AGREEMENT)
		sql = "SELECT EXISTS (SELECT 1 FROM agreements a JOIN reports r"
		    " ON r.id = a.report_id WHERE r.agency = ?1 AND"
		    " a.name = ?2 AND (?3 IS NULL OR r.year = ?3))";
	else if (year != 0)
		sql = "SELECT EXISTS (SELECT 1 FROM measures m JOIN reports r"
		    " ON r.id = m.report_id WHERE r.agency = ?1 AND"
		    " m.measure = ?2 AND r.year = ?3)";
	else
		sql = "SELECT EXISTS (SELECT 1 FROM measures WHERE measure = ?2"
		    " AND report_id = (SELECT id FROM reports WHERE agency = ?1"
		    " ORDER BY year DESC, id DESC LIMIT 1))";
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_text(stmt, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, key, -1, SQLITE_STATIC);
	if (year != 0)
		sqlite3_bind_int(stmt, 3, year);
	else
		sqlite3_bind_null(stmt, 3);
	rc = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) :
	    -1;
	sqlite3_finalize(stmt);
	return (rc);
}

/* Is a date YYYY-MM-DD, and a day the calendar has? */
static int
date_ok(const char *s)
{
	static const int	days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };
	int			y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d,
	    &n) != 3 || n != 10 || s[4] != '-' || s[7] != '-')
		return (0);
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1])
		return (0);
	return (m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)));
}

/* Check a value for its field; NULL or why not. */
static const char *
value_check(const char *field, const char *value)
{
	if (strcmp(field, "status") == 0 && status_from_name(value) < 0)
		return ("value: a status is one of completed, in_progress,"
		    " ongoing, not_reported");
	if (strcmp(field, "stage") == 0 && stage_from_name(value) < 0)
		return ("value: a stage is one of drafting, submitted,"
		    " under_review, negotiating, signing, signed, ratified,"
		    " in_force");
	if (strcmp(field, "date") == 0 && !date_ok(value))
		return ("value: a date is YYYY-MM-DD, a day from 1900 to 2100");
	if (strcmp(field, "partner_iso") == 0 && (strlen(value) != 2 ||
	    value[0] < 'A' || value[0] > 'Z' || value[1] < 'A' ||
	    value[1] > 'Z'))
		return ("value: a partner_iso is an ISO 3166 code of two"
		    " capital letters");
	return (NULL);
}

/* Is field one a correction of this kind may change? */
static int
field_ok(enum correction_kind kind, const char *field)
{
	if (kind == CORRECTION_MEASURE)
		return (strcmp(field, "status") == 0);
	return (strcmp(field, "stage") == 0 || strcmp(field, "date") == 0 ||
	    strcmp(field, "partner_iso") == 0);
}

/* A string member of at most CORRECTION_TEXT_MAX bytes: 1 if there is
 * one, 0 if absent or null, -1 if it is something else. */
static int
body_string(const cJSON *doc, const char *key, char **to)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(doc, key);

	if (v == NULL || cJSON_IsNull(v))
		return (0);
	if (!cJSON_IsString(v) || *v->valuestring == '\0' ||
	    strlen(v->valuestring) > CORRECTION_TEXT_MAX)
		return (-1);
	*to = xstrdup(v->valuestring);
	return (1);
}

/* Refuse members a body may not have, or has twice. */
static char *
body_members_check(const cJSON *doc)
{
	const cJSON	*m, *n;
	char		*why;
	size_t		 i;

	cJSON_ArrayForEach(m, doc) {
		for (i = 0; i < NMEMBERS; i++)
			if (strcmp(m->string, body_members[i]) == 0)
				break;
		if (strcmp(m->string, "who") == 0)
			return (xstrdup("who: napmond takes it from the"
			    " connection, not from the body"));
		if (i == NMEMBERS) {
			xasprintf(&why, "unknown field '%s'", m->string);
			return (why);
		}
		for (n = m->next; n != NULL; n = n->next)
			if (strcmp(n->string, m->string) == 0) {
				xasprintf(&why, "field '%s' given twice",
				    m->string);
				return (why);
			}
	}
	return (NULL);
}

/* Read the year, if any: 0 when absent or null. */
static const char *
body_year(const cJSON *doc, int *year)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(doc, "year");

	*year = 0;
	if (v == NULL || cJSON_IsNull(v))
		return (NULL);
	if (!cJSON_IsNumber(v) || v->valuedouble != (int)v->valuedouble ||
	    v->valueint < 1900 || v->valueint > 2100)
		return ("year: not a year from 1900 to 2100");
	*year = v->valueint;
	return (NULL);
}

/* Read the fact a body names: agency, measure or agreement, year. */
static const char *
body_fact(const cJSON *doc, struct correction *c)
{
	char	*agreement = NULL;
	int	 m, a;

	if (body_string(doc, "agency", &c->agency) != 1)
		return ("agency: needed, a string");
	if ((m = body_string(doc, "measure", &c->key)) < 0)
		return ("measure: not a measure id");
	if ((a = body_string(doc, "agreement", &agreement)) < 0)
		return ("agreement: not an agreement's name");
	if (m + a != 1) {
		free(agreement);
		return ("measure or agreement: one of them, not both");
	}
	c->kind = m ? CORRECTION_MEASURE : CORRECTION_AGREEMENT;
	if (a)
		c->key = agreement;
	return (body_year(doc, &c->year));
}

/* Read what a body changes: field, value, note. */
static const char *
body_change(const cJSON *doc, struct correction *c)
{
	if (body_string(doc, "field", &c->field) != 1)
		return ("field: needed: status (a measure's), stage, date or"
		    " partner_iso (an agreement's)");
	if (!field_ok(c->kind, c->field))
		return (c->kind == CORRECTION_MEASURE ? "field: a measure's is"
		    " status" : "field: an agreement's are stage, date,"
		    " partner_iso");
	if (body_string(doc, "value", &c->value) != 1)
		return ("value: needed, a string");
	if (body_string(doc, "note", &c->note) < 0)
		return ("note: a string of at most 1000 bytes");
	return (value_check(c->field, c->value));
}

/* Read a POST body into a correction; NULL, or why it is refused. */
static char *
body_read(const char *body, size_t len, struct correction *c)
{
	cJSON		*doc;
	const char	*why = NULL;
	char		*cause;

	if (len > CORRECTION_BODY_MAX)
		return (xstrdup("body: larger than 4096 bytes"));
	if ((doc = cJSON_ParseWithLength(body, len)) == NULL)
		return (xstrdup("body: not JSON"));
	if (!cJSON_IsObject(doc))
		why = "body: not a JSON object";
	else if ((cause = body_members_check(doc)) != NULL) {
		cJSON_Delete(doc);
		return (cause);
	}
	if (why == NULL)
		why = body_fact(doc, c);
	if (why == NULL)
		why = body_change(doc, c);
	cJSON_Delete(doc);
	return (why != NULL ? xstrdup(why) : NULL);
}

/* Free what a correction holds. */
static void
correction_clear(struct correction *c)
{
	free(c->agency);
	free(c->key);
	free(c->field);
	free(c->value);
	free(c->note);
	free(c->who);
	memset(c, 0, sizeof *c);
}

/* Describe a correction as the API shows it. */
static cJSON *
correction_json(const struct correction *c)
{
	cJSON	*o = cJSON_CreateObject();
	char	 when[32];

	cJSON_AddNumberToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "agency", c->agency);
	cJSON_AddStringToObject(o, kind_names[c->kind], c->key);
	json_add_int_or_null(o, "year", c->year);
	cJSON_AddStringToObject(o, "field", c->field);
	cJSON_AddStringToObject(o, "value", c->value);
	json_add_string_or_null(o, "note", c->note);
	cJSON_AddStringToObject(o, "who", c->who);
	time_iso(c->created, when, sizeof when);
	cJSON_AddStringToObject(o, "created", when);
	return (o);
}

/* Insert a correction checked already; its id, or -1. */
static long long
correction_insert(sqlite3 *db, const struct correction *c)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(db, "INSERT INTO corrections (agency, kind,"
	    " key, year, field, value, note, who, created_at) VALUES"
	    " (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL) != SQLITE_OK)
		return (-1);
	sqlite3_bind_text(stmt, 1, c->agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, kind_names[c->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, c->key, -1, SQLITE_STATIC);
	if (c->year != 0)
		sqlite3_bind_int(stmt, 4, c->year);
	sqlite3_bind_text(stmt, 5, c->field, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, c->value, -1, SQLITE_STATIC);
	if (c->note != NULL)
		sqlite3_bind_text(stmt, 7, c->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, c->who, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 9, c->created);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db) : -1);
}

/* Say the fact a correction names is not there to correct. */
static char *
fact_unknown(const struct correction *c)
{
	char	*why;

	if (c->year != 0)
		xasprintf(&why, "unknown %s '%s' for agency '%s' in %d",
		    kind_names[c->kind], c->key, c->agency, c->year);
	else
		xasprintf(&why, "unknown %s '%s' for agency '%s'%s",
		    kind_names[c->kind], c->key, c->agency,
		    c->kind == CORRECTION_MEASURE ? " in its latest report" :
		    "");
	return (why);
}

/*
 * Store the correction a POST body asks for, checked against the facts in
 * the same transaction; the answer is given only once it is committed.
 */
int
corrections_add(struct store *store, const char *body, size_t len,
    const char *who, long long now, cJSON **stored, char **cause)
{
	sqlite3			*db = store_db(store);
	struct correction	 c;
	int			 exists;

	memset(&c, 0, sizeof c);
	*stored = NULL;
	if ((*cause = body_read(body, len, &c)) != NULL) {
		correction_clear(&c);
		return (1);
	}
	c.who = xstrdup(who);
	c.created = now;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if ((exists = fact_exists(db, c.kind, c.agency, c.key, c.year)) < 0)
		goto fail;
	if (exists == 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		*cause = fact_unknown(&c);
		correction_clear(&c);
		return (1);
	}
	if ((c.id = correction_insert(db, &c)) < 0 ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	*stored = correction_json(&c);
	correction_clear(&c);
	return (0);

fail:
	xasprintf(cause, "storing the correction: %s", sqlite3_errmsg(db));
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	correction_clear(&c);
	return (-1);
}

/* Read one row of the corrections query. */
static void
correction_row(sqlite3_stmt *stmt, struct correction *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	c->agency = column_text(stmt, 1);
	c->kind = strcmp((const char *)sqlite3_column_text(stmt, 2),
	    "agreement") == 0 ? CORRECTION_AGREEMENT : CORRECTION_MEASURE;
	c->key = column_text(stmt, 3);
	c->year = sqlite3_column_int(stmt, 4);
	c->field = column_text(stmt, 5);
	c->value = column_text(stmt, 6);
	c->note = column_text(stmt, 7);
	c->who = column_text(stmt, 8);
	c->created = sqlite3_column_int64(stmt, 9);
}

/* Read the corrections of an agency (NULL: all), oldest first. */
int
corrections_read(sqlite3 *db, const char *agency, struct corrections *cs,
    char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 cap = 0;
	int		 rc;

	memset(cs, 0, sizeof *cs);
	if (sqlite3_prepare_v2(db, "SELECT id, agency, kind, key, year, field,"
	    " value, note, who, created_at FROM corrections WHERE ?1 IS NULL"
	    " OR agency = ?1 ORDER BY id", -1, &stmt, NULL) != SQLITE_OK) {
		xasprintf(cause, "reading corrections: %s", sqlite3_errmsg(db));
		return (-1);
	}
	if (agency != NULL)
		sqlite3_bind_text(stmt, 1, agency, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (cs->n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			cs->v = xreallocarray(cs->v, cap, sizeof *cs->v);
		}
		correction_row(stmt, &cs->v[cs->n++]);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		xasprintf(cause, "reading corrections: %s", sqlite3_errmsg(db));
		corrections_clear(cs);
		return (-1);
	}
	return (0);
}

/* Free what corrections_read() read. */
void
corrections_clear(struct corrections *cs)
{
	size_t	i;

	for (i = 0; i < cs->n; i++)
		correction_clear(&cs->v[i]);
	free(cs->v);
	memset(cs, 0, sizeof *cs);
}

/*
 * {"corrections":[...]}, oldest first, each with "stale": true when the
 * fact it corrected is no longer in the store (it then changes nothing, and
 * holds again if a later report brings the fact back).
 */
cJSON *
corrections_list(struct store *store, char **cause)
{
	sqlite3			*db = store_db(store);
	struct corrections	 cs;
	cJSON			*doc, *list, *o;
	size_t			 i;
	int			 exists = 0;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		xasprintf(cause, "reading corrections: %s", sqlite3_errmsg(db));
		return (NULL);
	}
	if (corrections_read(db, NULL, &cs, cause) != 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return (NULL);
	}
	doc = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(doc, "corrections");
	for (i = 0; i < cs.n && exists >= 0; i++) {
		exists = fact_exists(db, cs.v[i].kind, cs.v[i].agency,
		    cs.v[i].key, cs.v[i].year);
		o = correction_json(&cs.v[i]);
		cJSON_AddBoolToObject(o, "stale", exists == 0);
		cJSON_AddItemToArray(list, o);
	}
	if (exists < 0) {
		xasprintf(cause, "reading corrections: %s", sqlite3_errmsg(db));
		cJSON_Delete(doc);
		doc = NULL;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	corrections_clear(&cs);
	return (doc);
}

/* Take a correction back; its agency, to recount, in *agency. */
int
corrections_delete(struct store *store, long long id, char **agency,
    char **cause)
{
	sqlite3		*db = store_db(store);
	sqlite3_stmt	*stmt = NULL;
	int		 rc;

	*agency = NULL;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "DELETE FROM corrections WHERE id = ?1"
	    " RETURNING agency", -1, &stmt, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*agency = column_text(stmt, 0);
		rc = sqlite3_step(stmt);
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (rc != SQLITE_DONE ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return (*agency != NULL);

fail:
	xasprintf(cause, "taking the correction back: %s", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	free(*agency);
	*agency = NULL;
	return (-1);
}
