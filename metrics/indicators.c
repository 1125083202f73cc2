/*
 * The indicator snapshot.  The current state of an agency is its latest
 * report (by year, then by ingest order): its measures are the ones counted.
 * An agreement is followed by agency and name across every report of that
 * agency, and counted at the stage of the latest report that names it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_util.h"

#define UNKNOWN_AGENCY	"(unknown)"
#define NO_PARTNER	"(none)"

/* A growing set of groups, found by key. */
struct groups {
	struct group	*v;
	size_t		 n;
	size_t		 cap;
};

/* One agreement row of one report, for following history. */
struct sighting {
	const char		*agency;
	const struct agreement	*a;
	const struct stored_report *s;
};

/* Find or add the group with a key. */
static struct group *
groups_get(struct groups *gs, const char *key)
{
	size_t	i;

	for (i = 0; i < gs->n; i++) {
		if (strcmp(gs->v[i].key, key) == 0)
			return (&gs->v[i]);
	}
	if (gs->n == gs->cap) {
		gs->cap = gs->cap == 0 ? 16 : gs->cap * 2;
		gs->v = xreallocarray(gs->v, gs->cap, sizeof *gs->v);
	}
	memset(&gs->v[gs->n], 0, sizeof gs->v[gs->n]);
	gs->v[gs->n].key = xstrdup(key);
	return (&gs->v[gs->n++]);
}

/* Free the groups of a set. */
static void
groups_free(struct groups *gs)
{
	size_t	i;

	for (i = 0; i < gs->n; i++)
		free(gs->v[i].key);
	free(gs->v);
}

/* Return the agency a report counts under. */
static const char *
ind_agency(const struct stored_report *s)
{
	return (s->report->agency != NULL ? s->report->agency : UNKNOWN_AGENCY);
}

/* Is report i the latest of its agency (by year, then by ingest order)? */
static int
ind_latest(const struct corpus *c, size_t i)
{
	const struct stored_report	*s = &c->reports[i], *o;
	size_t				 j;

	for (j = 0; j < c->nreports; j++) {
		o = &c->reports[j];
		if (j == i || strcmp(ind_agency(o), ind_agency(s)) != 0)
			continue;
		/* Reports naming no agency are all their own latest. */
		if (s->report->agency == NULL)
			continue;
		if (o->report->year > s->report->year ||
		    (o->report->year == s->report->year && o->id > s->id))
			return (0);
	}
	return (1);
}

/* Format a unix time as ISO 8601 UTC. */
static void
ind_time(long long t, char *buf, size_t len)
{
	time_t		tt = t;
	struct tm	tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * Describe one measure of a report: `napmon parse`'s shape, less the
 * narrative, plus where it comes from (agency, year, report).
 */
static cJSON *
ind_measure(const struct stored_report *s, const struct measure *m)
{
	cJSON	*o = measure_to_json(m, 0);

	cJSON_AddStringToObject(o, "agency", ind_agency(s));
	cJSON_AddNumberToObject(o, "year", s->report->year);
	cJSON_AddStringToObject(o, "report", s->name);
	return (o);
}

/* Count the measures of the latest reports, overall and per group. */
static void
ind_measures(struct snapshot *snap, const struct corpus *c,
    const char *latest, struct groups *agencies, struct groups *chapters,
    struct groups *executors, cJSON *list, cJSON *overdue)
{
	const struct stored_report	*s;
	const struct measure		*m;
	char				 key[16];
	size_t				 i, j, k;

	for (i = 0; i < c->nreports; i++) {
		s = &c->reports[i];
		groups_get(agencies, ind_agency(s))->reports++;
		if (!latest[i])
			continue;
		for (j = 0; j < s->report->nmeasures; j++) {
			m = &s->report->measures[j];
			tally_measure(&snap->overall, m);
			tally_measure(&groups_get(agencies,
			    ind_agency(s))->tally, m);
			snprintf(key, sizeof key, "%d", m->chapter);
			tally_measure(&groups_get(chapters, key)->tally, m);
			for (k = 0; k < m->nexecutors; k++) {
				tally_measure(&groups_get(executors,
				    m->executors[k])->tally, m);
			}
			cJSON_AddItemToArray(list, ind_measure(s, m));
			if (m->overdue == 1)
				cJSON_AddItemToArray(overdue, ind_measure(s, m));
		}
	}
}

/* Order sightings by agency, name, year, then ingest order. */
static int
ind_sighting_cmp(const void *a, const void *b)
{
	const struct sighting	*x = a, *y = b;
	int			 d;

	if ((d = strcmp(x->agency, y->agency)) != 0)
		return (d);
	if ((d = strcmp(x->a->name, y->a->name)) != 0)
		return (d);
	if (x->s->report->year != y->s->report->year)
		return (x->s->report->year < y->s->report->year ? -1 : 1);
	return (x->s->id < y->s->id ? -1 : x->s->id > y->s->id);
}

/* Gather every agreement row of every report, sorted for history. */
static struct sighting *
ind_sightings(const struct corpus *c, size_t *n)
{
	struct sighting	*v;
	size_t		 i, j, total = 0;

	for (i = 0; i < c->nreports; i++)
		total += c->reports[i].report->nagreements;
	v = xcalloc(total, sizeof *v);
	*n = 0;
	for (i = 0; i < c->nreports; i++) {
		for (j = 0; j < c->reports[i].report->nagreements; j++) {
			v[*n].agency = ind_agency(&c->reports[i]);
			v[*n].a = &c->reports[i].report->agreements[j];
			v[*n].s = &c->reports[i];
			(*n)++;
		}
	}
	qsort(v, *n, sizeof *v, ind_sighting_cmp);
	return (v);
}

/* Describe a stage change between two sightings of one agreement. */
static cJSON *
ind_transition(const struct sighting *from, const struct sighting *to)
{
	cJSON	*o;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "agency", to->agency);
	cJSON_AddStringToObject(o, "name", to->a->name);
	cJSON_AddStringToObject(o, "from", stage_name(from->a->stage));
	cJSON_AddStringToObject(o, "to", stage_name(to->a->stage));
	cJSON_AddNumberToObject(o, "from_year", from->s->report->year);
	cJSON_AddNumberToObject(o, "to_year", to->s->report->year);
	return (o);
}

/* Describe one agreement from its sightings, oldest first. */
static cJSON *
ind_agreement(const struct sighting *v, size_t n, cJSON *transitions)
{
	const struct agreement	*a = v[n - 1].a;
	cJSON			*o, *h, *e, *t;
	size_t			 i;

	o = agreement_to_json(a);
	cJSON_AddStringToObject(o, "agency", v[n - 1].agency);
	cJSON_AddNumberToObject(o, "year", v[n - 1].s->report->year);
	h = cJSON_AddArrayToObject(o, "history");
	t = cJSON_AddArrayToObject(o, "transitions");
	for (i = 0; i < n; i++) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "year", v[i].s->report->year);
		cJSON_AddStringToObject(e, "stage", stage_name(v[i].a->stage));
		json_add_string_or_null(e, "date", v[i].a->date);
		cJSON_AddStringToObject(e, "report", v[i].s->name);
		cJSON_AddItemToArray(h, e);
		if (i > 0 && v[i].a->stage != v[i - 1].a->stage) {
			cJSON_AddItemToArray(t, ind_transition(&v[i - 1], &v[i]));
			cJSON_AddItemToArray(transitions,
			    ind_transition(&v[i - 1], &v[i]));
		}
	}
	return (o);
}

/* Follow each agreement across reports; count it at its latest stage. */
static void
ind_agreements(struct snapshot *snap, const struct corpus *c,
    struct groups *agencies, struct groups *partners, cJSON *list,
    cJSON *transitions)
{
	struct sighting		*v;
	const struct agreement	*a;
	struct group		*p;
	size_t			 n, i, j;

	v = ind_sightings(c, &n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n; j++) {
			if (strcmp(v[j].agency, v[i].agency) != 0 ||
			    strcmp(v[j].a->name, v[i].a->name) != 0)
				break;
		}
		a = v[j - 1].a;
		tally_agreement(&snap->overall, a);
		tally_agreement(&groups_get(agencies, v[i].agency)->tally, a);
		p = groups_get(partners, a->partner != NULL ? a->partner :
		    NO_PARTNER);
		tally_agreement(&p->tally, a);
		cJSON_AddItemToArray(list, ind_agreement(&v[i], j - i,
		    transitions));
	}
	free(v);
}

/* Render a set of groups as {key: tally}. */
static cJSON *
ind_groups_json(const struct groups *gs)
{
	cJSON	*o;
	size_t	 i;

	o = cJSON_CreateObject();
	for (i = 0; i < gs->n; i++)
		cJSON_AddItemToObject(o, gs->v[i].key, tally_to_json(&gs->v[i].tally));
	return (o);
}

/* Add each chapter's title (from the latest report naming it). */
static void
ind_chapter_titles(cJSON *by_chapter, const struct corpus *c)
{
	const struct chapter	*ch;
	cJSON			*o;
	char			 key[16];
	size_t			 i, j;

	for (i = 0; i < c->nreports; i++) {
		for (j = 0; j < c->reports[i].report->nchapters; j++) {
			ch = &c->reports[i].report->chapters[j];
			snprintf(key, sizeof key, "%d", ch->number);
			if ((o = cJSON_GetObjectItemCaseSensitive(by_chapter,
			    key)) == NULL || ch->title == NULL)
				continue;
			cJSON_DeleteItemFromObjectCaseSensitive(o, "title");
			cJSON_AddStringToObject(o, "title", ch->title);
		}
	}
}

/* Add each partner's ISO code to its group. */
static void
ind_partner_isos(cJSON *by_partner, cJSON *agreements)
{
	cJSON	*a, *o, *name, *iso;

	cJSON_ArrayForEach(a, agreements) {
		name = cJSON_GetObjectItemCaseSensitive(a, "partner");
		iso = cJSON_GetObjectItemCaseSensitive(a, "partner_iso");
		o = cJSON_GetObjectItemCaseSensitive(by_partner,
		    cJSON_IsString(name) ? name->valuestring : NO_PARTNER);
		if (o != NULL &&
		    cJSON_GetObjectItemCaseSensitive(o, "partner_iso") == NULL)
			cJSON_AddItemToObject(o, "partner_iso",
			    cJSON_Duplicate(iso, 0));
	}
}

/* Describe what was ingested and what was quarantined. */
static cJSON *
ind_reports(const struct corpus *c)
{
	const struct stored_report	*s;
	const struct ingest_entry	*e;
	cJSON				*doc, *list, *q, *o;
	char				 when[32];
	size_t				 i;

	doc = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(doc, "reports");
	for (i = 0; i < c->nreports; i++) {
		s = &c->reports[i];
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", s->name);
		cJSON_AddStringToObject(o, "sha256", s->report->sha256);
		json_add_string_or_null(o, "agency", s->report->agency);
		cJSON_AddNumberToObject(o, "year", s->report->year);
		cJSON_AddStringToObject(o, "encoding",
		    encoding_name(s->report->encoding));
		cJSON_AddNumberToObject(o, "measures", s->report->nmeasures);
		cJSON_AddNumberToObject(o, "agreements",
		    s->report->nagreements);
		ind_time(s->ingested, when, sizeof when);
		cJSON_AddStringToObject(o, "ingested", when);
		cJSON_AddItemToArray(list, o);
	}
	q = cJSON_AddArrayToObject(doc, "quarantined");
	list = cJSON_AddArrayToObject(doc, "log");
	for (i = 0; i < c->nlog; i++) {
		e = &c->log[i];
		o = cJSON_CreateObject();
		ind_time(e->at, when, sizeof when);
		cJSON_AddStringToObject(o, "at", when);
		cJSON_AddStringToObject(o, "file", e->file);
		json_add_string_or_null(o, "sha256", e->sha256);
		cJSON_AddStringToObject(o, "outcome", e->outcome);
		json_add_string_or_null(o, "detail", e->detail);
		if (strcmp(e->outcome, "quarantined") == 0)
			cJSON_AddItemToArray(q, cJSON_Duplicate(o, 1));
		cJSON_AddItemToArray(list, o);
	}
	return (doc);
}

/* Assemble the indicator document from the counts gathered. */
static void
ind_document(struct snapshot *snap, const struct corpus *c,
    struct groups *agencies, struct groups *chapters, struct groups *executors,
    struct groups *partners, cJSON *overdue, cJSON *transitions)
{
	cJSON	*doc, *o;
	char	 when[32];

	doc = tally_to_json(&snap->overall);
	ind_time(snap->built, when, sizeof when);
	cJSON_AddStringToObject(doc, "generated", when);
	cJSON_AddNumberToObject(doc, "reports", c->nreports);
	cJSON_AddItemToObject(doc, "by_agency", ind_groups_json(agencies));
	o = ind_groups_json(chapters);
	ind_chapter_titles(o, c);
	cJSON_AddItemToObject(doc, "by_chapter", o);
	cJSON_AddItemToObject(doc, "by_executor", ind_groups_json(executors));
	o = ind_groups_json(partners);
	ind_partner_isos(o, cJSON_GetObjectItemCaseSensitive(snap->agreements,
	    "agreements"));
	cJSON_AddItemToObject(doc, "by_partner", o);
	cJSON_AddItemToObject(doc, "overdue_measures", overdue);
	cJSON_AddItemToObject(doc, "transitions", transitions);
	snap->indicators = doc;
}

/* Compute the indicator snapshot of everything stored. */
struct snapshot *
snapshot_build(const struct corpus *c, long long now)
{
	struct snapshot	*snap;
	struct groups	 agencies = { 0 }, chapters = { 0 }, executors = { 0 };
	struct groups	 partners = { 0 };
	cJSON		*overdue, *transitions;
	char		*latest;
	size_t		 i;

	snap = xcalloc(1, sizeof *snap);
	snap->built = now;
	snap->nreports = c->nreports;
	latest = xcalloc(c->nreports, 1);
	for (i = 0; i < c->nreports; i++)
		latest[i] = ind_latest(c, i);
	snap->measures = cJSON_CreateObject();
	snap->agreements = cJSON_CreateObject();
	overdue = cJSON_CreateArray();
	transitions = cJSON_CreateArray();
	ind_measures(snap, c, latest,  &agencies, &chapters, &executors,
	    cJSON_AddArrayToObject(snap->measures, "measures"), overdue);
	ind_agreements(snap, c, &agencies, &partners,
	    cJSON_AddArrayToObject(snap->agreements, "agreements"), transitions);
	ind_document(snap, c, &agencies, &chapters, &executors, &partners,
	    overdue, transitions);
	snap->reports = ind_reports(c);
	/* The agency groups outlive the build, for /metrics. */
	snap->agencies = agencies.v;
	snap->nagencies = agencies.n;
	groups_free(&chapters);
	groups_free(&executors);
	groups_free(&partners);
	free(latest);
	return (snap);
}

/* Free a snapshot. */
void
snapshot_free(struct snapshot *snap)
{
	struct groups	gs;

	if (snap == NULL)
		return;
	gs.v = snap->agencies;
	gs.n = snap->nagencies;
	groups_free(&gs);
	cJSON_Delete(snap->indicators);
	cJSON_Delete(snap->measures);
	cJSON_Delete(snap->agreements);
	cJSON_Delete(snap->reports);
	free(snap);
}

/* Does a string member equal want (always true when want is NULL)? */
static int
ind_match(const cJSON *o, const char *key, const char *want)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (want == NULL)
		return (1);
	return (cJSON_IsString(v) && strcmp(v->valuestring, want) == 0);
}

/* Return {"measures":[...]} with the measures a filter lets through. */
cJSON *
snapshot_measures(const struct snapshot *snap, const struct measure_filter *f)
{
	const cJSON	*m;
	cJSON		*doc, *list;

	doc = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(doc, "measures");
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(snap->measures,
	    "measures")) {
		if (!ind_match(m, "agency", f->agency) ||
		    !ind_match(m, "status", f->status < 0 ? NULL :
		    status_name(f->status)))
			continue;
		if (f->chapter >= 0 && cJSON_GetObjectItemCaseSensitive(m,
		    "chapter")->valueint != f->chapter)
			continue;
		if (f->overdue &&
		    !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "overdue")))
			continue;
		cJSON_AddItemToArray(list, cJSON_Duplicate(m, 1));
	}
	return (doc);
}

/* Return {"agreements":[...]} with the agreements a filter lets through. */
cJSON *
snapshot_agreements(const struct snapshot *snap,
    const struct agreement_filter *f)
{
	const cJSON	*a;
	cJSON		*doc, *list;

	doc = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(doc, "agreements");
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(snap->agreements,
	    "agreements")) {
		if (!ind_match(a, "agency", f->agency) ||
		    !ind_match(a, "partner_iso", f->partner_iso) ||
		    !ind_match(a, "stage", f->stage < 0 ? NULL :
		    stage_name(f->stage)))
			continue;
		cJSON_AddItemToArray(list, cJSON_Duplicate(a, 1));
	}
	return (doc);
}
