/*
 * A collected report as the JSON document `napmon parse` prints.
 * Unknown values are null, never empty strings or zeros.
 */
#include "metrics_internal.h"

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

/* Add "confidence" and, when it is low, the "reasons": the names of the
 * doubts, each of which says which field it is about. */
void
json_add_confidence(cJSON *o, unsigned doubts)
{
	cJSON	*arr;
	int	 i;

	if (doubts & DOUBTS_UNJUDGED)
		return;
	cJSON_AddStringToObject(o, "confidence",
	    confidence_name(confidence_of(doubts)));
	if (doubts == 0)
		return;
	arr = cJSON_AddArrayToObject(o, "reasons");
	for (i = 0; i < DOUBT_COUNT; i++)
		if (doubts & 1u << i)
			cJSON_AddItemToArray(arr,
			    cJSON_CreateString(doubt_name(1u << i)));
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
	json_add_confidence(o, m->doubts);
	return o;
}

/* How the partner's name was matched: "exact", "near" or NULL. */
const char *
partner_match_name(const struct agreement *a)
{
	if (a->partner == NULL)
		return NULL;
	return a->partner_near ? "near" : "exact";
}

/* An agreement's stage events, each with its date and evidence. */
static cJSON *
events_to_json(const struct agreement *a)
{
	cJSON	*arr = cJSON_CreateArray(), *e;
	size_t	 i;

	for (i = 0; i < a->nevents; i++) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "stage",
		    stage_name(a->events[i].stage));
		json_add_string_or_null(e, "date", a->events[i].date);
		json_add_evidence(e, &a->events[i].evidence);
		json_add_confidence(e, a->events[i].doubts);
		cJSON_AddItemToArray(arr, e);
	}
	return arr;
}

/* The events as the store keeps them: compact JSON, to be freed. */
char *
events_json(const struct agreement *a)
{
	cJSON	*arr = events_to_json(a);
	char	*s = cJSON_PrintUnformatted(arr);

	cJSON_Delete(arr);
	return s;
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
	json_add_string_or_null(o, "partner_match", partner_match_name(a));
	cJSON_AddStringToObject(o, "stage", stage_name(a->stage));
	json_add_string_or_null(o, "date", a->date);
	json_add_string_or_null(o, "measure", a->measure);
	json_add_evidence(o, &a->evidence);
	json_add_confidence(o, a->doubts);
	cJSON_AddItemToObject(o, "events", events_to_json(a));
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
	cJSON_AddStringToObject(rep, "format", format_name(r->format));
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
