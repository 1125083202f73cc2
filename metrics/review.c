/*
 * The review queue: every fact napmon read with low confidence, one item
 * per field of a measure or agreement row, newest report first, read from
 * SQLite a page at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

/* The doubted rows of both kinds, in the queue's order.  The partial
 * indexes on doubts > 0 keep it to the doubted rows. */
#define REVIEW_SQL \
	"SELECT year, rid, file, agency, sha256, kind, seq, key, value," \
	" date, partner_iso, doubts, evidence_line, evidence_text FROM (" \
	" SELECT r.year, r.id AS rid, r.file, r.agency, r.sha256, 0 AS kind," \
	"  m.seq, m.measure AS key, m.status AS value, NULL AS date," \
	"  NULL AS partner_iso, m.doubts, m.evidence_line, m.evidence_text" \
	"  FROM measures m JOIN reports r ON r.id = m.report_id" \
	"  WHERE m.doubts > 0 AND (?1 = 0 OR r.agency IS ?2)" \
	" UNION ALL" \
	" SELECT r.year, r.id, r.file, r.agency, r.sha256, 1, a.seq, a.name," \
	"  a.stage, a.date, a.partner_iso, a.doubts, a.evidence_line," \
	"  a.evidence_text" \
	"  FROM agreements a JOIN reports r ON r.id = a.report_id" \
	"  WHERE a.doubts > 0 AND (?1 = 0 OR r.agency IS ?2))" \
	" WHERE ?3 = 0 OR year < ?4 OR (year = ?4 AND (rid < ?5 OR" \
	"  (rid = ?5 AND (kind > ?6 OR (kind = ?6 AND seq >= ?7)))))" \
	" ORDER BY year DESC, rid DESC, kind, seq"

/*
 * The item's id: the first 16 hex digits of SHA-256 over the report's
 * bytes' hash, the kind, the measure's id or agreement's name and the
 * field.  The same report and fact give it again after a restart or a new
 * ingest of the same bytes.
 */
static void
review_id(const char *sha256, int kind, const char *key,
    enum fact_field field, char out[17])
{
	char	*text, hex[65];
	int	 n;

	n = xasprintf(&text, "%s\n%s\n%s\n%s", sha256 != NULL ? sha256 : "",
	    kind == 0 ? "measure" : "agreement", key, fact_field_name(field));
	sha256_hex((const unsigned char *)text, (size_t)n, hex);
	free(text);
	memcpy(out, hex, 16);
	out[16] = '\0';
}

/* The value a field of a row holds, or NULL. */
static const char *
review_value(sqlite3_stmt *stmt, enum fact_field field)
{
	int	col = field == FIELD_DATE ? 9 : field == FIELD_PARTNER ? 10 : 8;

	return ((const char *)sqlite3_column_text(stmt, col));
}

/* Add the item of one field of a row. */
static void
review_item(cJSON *items, sqlite3_stmt *stmt, enum fact_field field,
    unsigned doubts)
{
	cJSON		*o = cJSON_CreateObject(), *arr, *ev;
	const char	*key = (const char *)sqlite3_column_text(stmt, 7);
	char		 id[17];
	int		 kind = sqlite3_column_int(stmt, 5), i;

	review_id((const char *)sqlite3_column_text(stmt, 4), kind, key, field,
	    id);
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "agency", agency_label((const char *)
	    sqlite3_column_text(stmt, 3)));
	cJSON_AddStringToObject(o, "report", (const char *)
	    sqlite3_column_text(stmt, 2));
	cJSON_AddNumberToObject(o, "year", sqlite3_column_int(stmt, 0));
	cJSON_AddStringToObject(o, kind == 0 ? "measure" : "agreement", key);
	cJSON_AddStringToObject(o, "field", fact_field_name(field));
	json_add_string_or_null(o, "value", review_value(stmt, field));
	arr = cJSON_AddArrayToObject(o, "reasons");
	for (i = 0; i < DOUBT_COUNT; i++)
		if (doubts & 1u << i)
			cJSON_AddItemToArray(arr,
			    cJSON_CreateString(doubt_name(1u << i)));
	if (sqlite3_column_int(stmt, 12) == 0)
		cJSON_AddNullToObject(o, "evidence");
	else {
		ev = cJSON_AddObjectToObject(o, "evidence");
		cJSON_AddNumberToObject(ev, "line",
		    sqlite3_column_int(stmt, 12));
		json_add_string_or_null(ev, "text", (const char *)
		    sqlite3_column_text(stmt, 13));
	}
	cJSON_AddItemToArray(items, o);
}

/* Whether the field of a row comes after where the page before stopped. */
static int
review_after(sqlite3_stmt *stmt, const struct review_at *at, int f)
{
	return (sqlite3_column_int64(stmt, 1) != at->report ||
	    sqlite3_column_int(stmt, 5) != at->kind ||
	    sqlite3_column_int64(stmt, 6) != at->seq || f > at->field);
}

/* Bind the agency filter and where to start. */
static void
review_bind(sqlite3_stmt *stmt, const struct review_filter *rf,
    const struct review_at *at)
{
	int	unknown = rf->agency != NULL &&
		    strcmp(rf->agency, UNKNOWN_AGENCY) == 0;

	sqlite3_bind_int(stmt, 1, rf->agency != NULL);
	if (rf->agency != NULL && !unknown)
		sqlite3_bind_text(stmt, 2, rf->agency, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, rf->after != NULL);
	sqlite3_bind_int64(stmt, 4, at->year);
	sqlite3_bind_int64(stmt, 5, at->report);
	sqlite3_bind_int64(stmt, 6, at->kind);
	sqlite3_bind_int64(stmt, 7, at->seq);
}

/*
 * {"items":[...]} of the facts a filter lets through; with a limit, at most
 * that many and "next", the cursor to list on from (null after the last).
 */
cJSON *
review_list(struct store *store, const struct review_filter *rf,
    char **cause)
{
	struct review_at	 at = { 0 }, last = { 0 };
	sqlite3_stmt		*stmt;
	cJSON			*doc, *items;
	char			 next[128];
	unsigned		 doubts, of;
	int			 rc = SQLITE_DONE, f, n = 0, full = 0;

	if (rf->after != NULL && review_cursor_decode(rf->after, &at) != 0) {
		xasprintf(cause, "after: not a cursor this listing gave");
		return (NULL);
	}
	if (sqlite3_prepare_v2(store_db(store), REVIEW_SQL, -1, &stmt,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "reading the review queue: %s",
		    sqlite3_errmsg(store_db(store)));
		return (NULL);
	}
	review_bind(stmt, rf, &at);
	doc = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(doc, "items");
	while (!full && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		doubts = (unsigned)sqlite3_column_int(stmt, 11);
		for (f = 0; f < FIELD_COUNT; f++) {
			if ((of = doubts_of(doubts, (enum fact_field)f)) == 0 ||
			    (rf->after != NULL && !review_after(stmt, &at, f)))
				continue;
			if (rf->limit > 0 && n == rf->limit) {
				full = 1;
				break;
			}
			review_item(items, stmt, (enum fact_field)f, of);
			n++;
			last = (struct review_at){ sqlite3_column_int64(stmt,
			    0), sqlite3_column_int64(stmt, 1),
			    sqlite3_column_int(stmt, 5),
			    sqlite3_column_int64(stmt, 6), f };
		}
	}
	if (!full && rc != SQLITE_DONE) {
		xasprintf(cause, "reading the review queue: %s",
		    sqlite3_errmsg(store_db(store)));
		sqlite3_finalize(stmt);
		cJSON_Delete(doc);
		return (NULL);
	}
	sqlite3_finalize(stmt);
	if (rf->limit > 0 && full) {
		snprintf(next, sizeof next, "%lld.%lld.%lld.%lld.%lld",
		    last.year, last.report, last.kind, last.seq, last.field);
		cJSON_AddStringToObject(doc, "next", next);
	} else if (rf->limit > 0)
		cJSON_AddNullToObject(doc, "next");
	return (doc);
}
