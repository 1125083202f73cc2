/*
 * The ledger: the indicators kept by agency.  The current state of an agency
 * is its latest report (by year, then by ingest order): its measures are the
 * ones counted.  An agreement is followed by agency and name across every
 * report of that agency, and counted at the stage of the latest report that
 * names it.  Nothing one agency's reports say changes another's counts, so a
 * new report costs the recount of its own agency (one report's measures and
 * the agency's agreement rows), taking its old groups out of the sums kept
 * in place and its new ones in, and a walk of the agencies' counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "metrics_internal.h"

#define NO_PARTNER	"(none)"
/* Overdue measures /v1/indicators lists; /v1/measures?overdue=true has
 * them all. */
#define OVERDUE_LISTED	100

/* What one agency contributes to the indicators. */
struct part {
	char		*agency;	/* NULL: the reports naming none */
	int		 stale;
	int		 reports;
	long long	 first;		/* its first counted report's id */
	struct tally	 tally;
	struct groups	 chapters;	/* while it is counted */
	struct groups	 executors;
	struct groups	 partners;
	struct packed	 pk_chapters;	/* the same once counted */
	struct packed	 pk_executors;
	struct packed	 pk_partners;
	struct mrows	*measures;
	int		 changes[STAGE_COUNT][STAGE_COUNT]; /* from, to */
	int		 summed;	/* its groups are in the ledger's sums */
};

struct ledger {
	struct store	*store;
	struct part	**parts;
	size_t		  nparts;
	int		  all_stale;	/* look for agencies anew */
	int		  stuck_reports;
	struct strpool	  names;	/* of the parts' groups */
	struct sums	  chapters;	/* every summed part's groups */
	struct sums	  executors;
	struct sums	  partners;
};

/* Following one agency's agreement rows, a name at a time. */
struct walk {
	struct part	*part;
	int		 stuck_reports;
	char		*name;		/* the name being followed */
	enum stage	 stage;		/* as its latest row has it */
	enum stage	 high;		/* the furthest any row gave it */
	int		 run;		/* rows in a row at its stage */
	int		 regressed;	/* a row below an earlier one */
	unsigned	 doubts;	/* of its latest row */
	char		*partner;
	char		*partner_iso;
};

/* Return the label an agency is shown and counted under. */
const char *
agency_label(const char *agency)
{
	return (agency != NULL ? agency : UNKNOWN_AGENCY);
}

/* Format a unix time as ISO 8601 UTC. */
void
time_iso(long long t, char *buf, size_t len)
{
	time_t		tt = t;
	struct tm	tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Forget what a part counted. */
static void
part_clear(struct part *p)
{
	groups_free(&p->chapters);
	groups_free(&p->executors);
	groups_free(&p->partners);
	packed_free(&p->pk_chapters);
	packed_free(&p->pk_executors);
	packed_free(&p->pk_partners);
	mrows_unref(p->measures);
	p->measures = NULL;
	memset(p->changes, 0, sizeof p->changes);
	memset(&p->tally, 0, sizeof p->tally);
	p->reports = 0;
	p->first = 0;
}

/* Free a part. */
static void
part_free(struct part *p)
{
	part_clear(p);
	free(p->agency);
	free(p);
}

/*
 * Describe one measure of a report: `napmon parse`'s shape, less the
 * narrative, plus where it comes from (agency, year, report).
 */
static cJSON *
part_measure_json(const struct stored_report *s, const struct measure *m)
{
	cJSON	*o = measure_to_json(m, 0);

	cJSON_AddStringToObject(o, "agency", agency_label(s->report->agency));
	cJSON_AddNumberToObject(o, "year", s->report->year);
	cJSON_AddStringToObject(o, "report", s->name);
	corrections_measure_json(s, m, o);
	return (o);
}

/* Count the measures and chapters of one counted report. */
static void
part_report(struct part *p, const struct stored_report *s)
{
	const struct measure	*m;
	const struct chapter	*ch;
	cJSON			*o;
	char			 key[16];
	size_t			 i, k;

	for (i = 0; i < s->report->nmeasures; i++) {
		m = &s->report->measures[i];
		tally_measure(&p->tally, m);
		snprintf(key, sizeof key, "%d", m->chapter);
		tally_measure(&groups_get(&p->chapters, key)->tally, m);
		for (k = 0; k < m->nexecutors; k++) {
			tally_measure(&groups_get(&p->executors,
			    m->executors[k])->tally, m);
		}
		o = part_measure_json(s, m);
		mrows_add(p->measures, m, o);
		cJSON_Delete(o);
	}
	for (i = 0; i < s->report->nchapters; i++) {
		ch = &s->report->chapters[i];
		snprintf(key, sizeof key, "%d", ch->number);
		if (ch->title != NULL)
			group_label(&p->chapters, groups_get(&p->chapters,
			    key), ch->title);
	}
}

/* Count the measures of an agency's counted reports. */
static int
part_measures(struct part *p, struct store *store, char **cause)
{
	struct stored_report	 s;
	long long		*ids;
	size_t			 nids, i;
	int			 rc = 0;

	if (store_counted(store, p->agency, &ids, &nids, &p->reports,
	    cause) != 0)
		return (-1);
	/* Oldest first, as they were ingested. */
	for (i = nids; i-- > 0 && rc == 0;) {
		if ((rc = store_report_load(store, ids[i], &s, cause)) == 0) {
			if (p->first == 0 || ids[i] < p->first)
				p->first = ids[i];
			part_report(p, &s);
		}
		stored_report_clear(&s);
	}
	free(ids);
	return (rc);
}

/* Count the agreement a walk has followed to its last row. */
static void
walk_count(struct walk *w)
{
	struct group	*g;

	if (w->name == NULL)
		return;
	w->part->tally.agreements++;
	w->part->tally.by_stage[w->stage]++;
	w->part->tally.stuck += w->run >= w->stuck_reports;
	w->part->tally.regressed += w->regressed;
	w->part->tally.review += tally_doubted(w->doubts);
	g = groups_get(&w->part->partners, w->partner != NULL ? w->partner :
	    NO_PARTNER);
	g->tally.agreements++;
	g->tally.by_stage[w->stage]++;
	if (g->label == NULL && w->partner_iso != NULL)
		group_label(&w->part->partners, g, w->partner_iso);
	free(w->name);
	free(w->partner);
	free(w->partner_iso);
	w->name = w->partner = w->partner_iso = NULL;
}

/*
 * Take in one agreement row: a new name, or the next report of one.  A
 * change of stage is counted by from and to; DOMAIN.md's stuck and
 * regressed are followed as the rows go.
 */
static void
walk_row(const struct sighting *v, void *arg)
{
	struct walk	*w = arg;

	if (w->name != NULL && strcmp(w->name, v->name) == 0) {
		if (v->stage != w->stage)
			w->part->changes[w->stage][v->stage]++;
		w->run = v->stage == w->stage ? w->run + 1 : 1;
		w->regressed |= v->stage < w->high;
		free(w->partner);
		free(w->partner_iso);
	} else {
		walk_count(w);
		w->name = xstrdup(v->name);
		w->run = 1;
		w->regressed = 0;
		w->high = v->stage;
	}
	if (v->stage > w->high)
		w->high = v->stage;
	w->stage = v->stage;
	w->doubts = v->doubts;
	w->partner = v->partner != NULL ? xstrdup(v->partner) : NULL;
	w->partner_iso = v->partner_iso != NULL ? xstrdup(v->partner_iso) :
	    NULL;
}

/* Add the stuck and regressed agreements to a tally's JSON. */
static void
add_history_counts(cJSON *counts, const struct tally *t)
{
	cJSON	*a = cJSON_GetObjectItemCaseSensitive(counts, "agreements");

	json_add_number_cs(a, "stuck", t->stuck);
	json_add_number_cs(a, "regressed", t->regressed);
}

/*
 * An agency's counts as by_agency has them, made once per recount: each
 * snapshot's by_agency refers to them rather than building 6,667 trees
 * (some 170,000 nodes at 100,000 reports) anew every time: the document
 * took 10-13 ms to build, 3 ms since.
 */
static cJSON *
agency_counts_json(const struct tally *t)
{
	cJSON	*o = tally_to_json(t);

	add_history_counts(o, t);
	return (o);
}

/* Pack a part's groups counted to the end. */
static void
part_pack(struct part *p)
{
	packed_make(&p->pk_chapters, &p->chapters);
	packed_make(&p->pk_executors, &p->executors);
	packed_make(&p->pk_partners, &p->partners);
	groups_free(&p->chapters);
	groups_free(&p->executors);
	groups_free(&p->partners);
}

/* Recount an agency from the store. */
static int
part_count(struct part *p, struct store *store, int stuck_reports,
    char **cause)
{
	struct walk	w = { .part = p, .stuck_reports = stuck_reports };
	size_t		len;
	int		rc;

	part_clear(p);
	p->measures = mrows_new(p->agency);
	if (part_measures(p, store, cause) != 0)
		return (-1);
	rc = store_sightings(store, p->agency, walk_row, &w, cause);
	walk_count(&w);
	mrows_done(p->measures);
	p->measures->counts = agency_counts_json(&p->tally);
	p->measures->counts_text = json_text(p->measures->counts, &len);
	part_pack(p);
	if (rc == 0)
		p->stale = 0;
	return (rc);
}

/* Find an agency's part, adding a stale one if there is none. */
static struct part *
ledger_part(struct ledger *l, const char *agency)
{
	struct part	*p;
	size_t		 i;

	for (i = 0; i < l->nparts; i++) {
		p = l->parts[i];
		if (agency == NULL ? p->agency == NULL :
		    p->agency != NULL && strcmp(p->agency, agency) == 0)
			return (p);
	}
	p = xcalloc(1, sizeof *p);
	p->agency = agency != NULL ? xstrdup(agency) : NULL;
	p->chapters.pool = p->executors.pool = p->partners.pool = &l->names;
	p->stale = 1;
	l->parts = xreallocarray(l->parts, l->nparts + 1, sizeof *l->parts);
	l->parts[l->nparts++] = p;
	return (p);
}

/* store_agencies() callback: mark an agency to count. */
static void
ledger_found(const char *agency, void *arg)
{
	ledger_touch(arg, agency);
}

/* Open a ledger on a store; its first snapshot counts every agency. */
struct ledger *
ledger_open(struct store *store, int stuck_reports)
{
	struct ledger	*l;

	l = xcalloc(1, sizeof *l);
	l->store = store;
	l->all_stale = 1;
	l->stuck_reports = stuck_reports > 0 ? stuck_reports :
	    STUCK_REPORTS_DEFAULT;
	return (l);
}

/* Free a ledger. */
void
ledger_free(struct ledger *l)
{
	size_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nparts; i++)
		part_free(l->parts[i]);
	free(l->parts);
	sums_free(&l->chapters);
	sums_free(&l->executors);
	sums_free(&l->partners);
	strpool_free(&l->names);
	free(l);
}

/* A report of this agency was added: recount it at the next snapshot. */
void
ledger_touch(struct ledger *l, const char *agency)
{
	ledger_part(l, agency)->stale = 1;
}

/*
 * A report was replaced, perhaps by one of another agency: recount all,
 * and drop the agencies left with no report.
 */
void
ledger_touch_all(struct ledger *l)
{
	l->all_stale = 1;
}

/* Drop every part, to count the agencies the store has anew. */
static int
ledger_restart(struct ledger *l, char **cause)
{
	size_t	i;

	for (i = 0; i < l->nparts; i++)
		part_free(l->parts[i]);
	l->nparts = 0;
	sums_free(&l->chapters);
	sums_free(&l->executors);
	sums_free(&l->partners);
	strpool_free(&l->names);
	if (store_agencies(l->store, ledger_found, l, cause) != 0)
		return (-1);
	l->all_stale = 0;
	return (0);
}

/* Add a part's groups to the ledger's sums (1) or take them out (-1). */
static void
ledger_sum(struct ledger *l, struct part *p, int sign)
{
	sums_add(&l->chapters, &p->pk_chapters, &l->names, p->first, sign);
	sums_add(&l->executors, &p->pk_executors, &l->names, p->first, sign);
	sums_add(&l->partners, &p->pk_partners, &l->names, p->first, sign);
	p->summed = sign > 0;
}

/*
 * Find the labels that left the sums with a part: rare, since a part
 * recounted is summed again with the same first report and gives its
 * labels back as it is.
 */
static void
ledger_relabel(struct ledger *l)
{
	struct part	*p;
	size_t		 i;

	if (l->chapters.lost + l->executors.lost + l->partners.lost == 0)
		return;
	sums_relabel_begin(&l->chapters);
	sums_relabel_begin(&l->executors);
	sums_relabel_begin(&l->partners);
	for (i = 0; i < l->nparts; i++) {
		p = l->parts[i];
		if (!p->summed)
			continue;
		sums_relabel(&l->chapters, &p->pk_chapters, &l->names,
		    p->first);
		sums_relabel(&l->executors, &p->pk_executors, &l->names,
		    p->first);
		sums_relabel(&l->partners, &p->pk_partners, &l->names,
		    p->first);
	}
	sums_relabel_end(&l->chapters);
	sums_relabel_end(&l->executors);
	sums_relabel_end(&l->partners);
}

/* Recount the stale parts, taking each out of the sums and back in. */
static int
ledger_recount(struct ledger *l, char **cause)
{
	struct part	*p;
	size_t		 i;

	if (l->all_stale && ledger_restart(l, cause) != 0)
		return (-1);
	for (i = 0; i < l->nparts; i++) {
		p = l->parts[i];
		if (!p->stale)
			continue;
		if (p->summed)
			ledger_sum(l, p, -1);
		if (part_count(p, l->store, l->stuck_reports, cause) != 0)
			return (-1);
		if (p->reports > 0)
			ledger_sum(l, p, 1);
	}
	ledger_relabel(l);
	return (0);
}

/* Order parts as their measures were ingested. */
static int
part_cmp(const void *a, const void *b)
{
	const struct part	*x = *(struct part *const *)a;
	const struct part	*y = *(struct part *const *)b;

	return (x->first < y->first ? -1 : x->first > y->first);
}

/* Render the counted groups of sums as {key: tally}, with each label as
 * `label`. */
static cJSON *
groups_json(const struct groups *gs, const struct sums *s, const char *label)
{
	cJSON	*o, *g;
	size_t	 i;

	o = cJSON_CreateObject();
	for (i = 0; i < gs->n; i++) {
		if (!sums_counted(s, i))
			continue;
		g = tally_to_json(&gs->v[i].tally);
		if (label != NULL && strcmp(label, "partner_iso") == 0)
			json_add_string_or_null(g, label, gs->v[i].label);
		else if (label != NULL && gs->v[i].label != NULL)
			cJSON_AddStringToObject(g, label, gs->v[i].label);
		cJSON_AddItemToObject(o, gs->v[i].key, g);
	}
	return (o);
}

/*
 * Take every counted part into the snapshot, in the order their measures
 * were ingested: its counts, its measures (by reference) and its changes
 * of stage.
 */
static void
ledger_merge(struct ledger *l, struct snapshot *snap,
    int changes[STAGE_COUNT][STAGE_COUNT])
{
	struct part	*p;
	struct group	*g;
	size_t		 i;
	int		 a, b;

	if (l->nparts > 1)
		qsort(l->parts, l->nparts, sizeof *l->parts, part_cmp);
	snap->measures = xcalloc(l->nparts, sizeof *snap->measures);
	snap->agencies = xcalloc(l->nparts, sizeof *snap->agencies);
	for (i = 0; i < l->nparts; i++) {
		p = l->parts[i];
		if (p->reports == 0)
			continue;
		snap->nreports += p->reports;
		tally_add(&snap->overall, &p->tally);
		g = &snap->agencies[snap->nagencies++];
		g->key = xstrdup(agency_label(p->agency));
		g->reports = p->reports;
		g->tally = p->tally;
		snap->measures[snap->nmeasures++] = mrows_ref(p->measures);
		for (a = 0; a < STAGE_COUNT; a++)
			for (b = 0; b < STAGE_COUNT; b++)
				changes[a][b] += p->changes[a][b];
	}
}

/* The changes of stage between reports, counted by from and to: the
 * list of them grows with the archive, and GET /v1/transitions has it. */
static cJSON *
changes_json(const int changes[STAGE_COUNT][STAGE_COUNT])
{
	cJSON	*arr = cJSON_CreateArray(), *o;
	int	 a, b;

	for (a = 0; a < STAGE_COUNT; a++)
		for (b = 0; b < STAGE_COUNT; b++) {
			if (changes[a][b] == 0)
				continue;
			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "from", stage_name(a));
			cJSON_AddStringToObject(o, "to", stage_name(b));
			cJSON_AddNumberToObject(o, "count", changes[a][b]);
			cJSON_AddItemToArray(arr, o);
		}
	return (arr);
}

/*
 * The first OVERDUE_LISTED overdue measures, as "overdue_measures"; when
 * there are more, "overdue_measures_next" says where all are.  Listed
 * whole, they were 1.5 MB of the 1.7 MB indicators of 667 agencies.
 */
static void
overdue_page(cJSON *doc, const struct snapshot *snap)
{
	cJSON			*list = cJSON_AddArrayToObject(doc,
				    "overdue_measures");
	const struct mrows	*b;
	char			*text;
	size_t			 i, k;
	int			 n = 0;

	for (i = 0; i < snap->nmeasures && n <= OVERDUE_LISTED; i++) {
		b = snap->measures[i];
		text = NULL;
		for (k = 0; k < b->n && n <= OVERDUE_LISTED; k++) {
			if (!b->v[k].overdue)
				continue;
			if (n++ == OVERDUE_LISTED)
				cJSON_AddStringToObject(doc,
				    "overdue_measures_next",
				    "/v1/measures?overdue=true");
			else
				cJSON_AddItemToArray(list,
				    mrows_row(b, k, &text));
		}
		free(text);
	}
}

/*
 * {agency: counts}, each a reference to the counts its block keeps, under
 * a name that lives as long as the snapshot.  The reference carries the
 * counts' text too, which json_write() copies rather than print them
 * again: 6,667 agencies' counts were 25 ms of every recount at 100,000
 * reports.
 */
static cJSON *
agencies_json(const struct snapshot *snap)
{
	cJSON	*o = cJSON_CreateObject(), *ref;
	size_t	 i;

	for (i = 0; i < snap->nagencies; i++) {
		ref = cJSON_CreateObjectReference(
		    snap->measures[i]->counts->child);
		ref->valuestring = snap->measures[i]->counts_text;
		cJSON_AddItemToObjectCS(o, snap->agencies[i].key, ref);
	}
	return (o);
}

/* Assemble the indicator document. */
static cJSON *
ledger_document(const struct ledger *l, const struct snapshot *snap,
    const int changes[STAGE_COUNT][STAGE_COUNT])
{
	cJSON	*doc;
	char	 when[32];

	doc = tally_to_json(&snap->overall);
	add_history_counts(doc, &snap->overall);
	time_iso(snap->built, when, sizeof when);
	cJSON_AddStringToObject(doc, "generated", when);
	cJSON_AddNumberToObject(doc, "reports", snap->nreports);
	cJSON_AddItemToObject(doc, "by_agency", agencies_json(snap));
	cJSON_AddItemToObject(doc, "by_chapter", groups_json(&l->chapters.gs,
	    &l->chapters, "title"));
	cJSON_AddItemToObject(doc, "by_executor",
	    groups_json(&l->executors.gs, &l->executors, NULL));
	cJSON_AddItemToObject(doc, "by_partner", groups_json(&l->partners.gs,
	    &l->partners, "partner_iso"));
	overdue_page(doc, snap);
	cJSON_AddItemToObject(doc, "transitions", changes_json(changes));
	return (doc);
}

/* Recount what changed and compute the indicator snapshot. */
struct snapshot *
ledger_snapshot(struct ledger *l, long long now, char **cause)
{
	struct snapshot	*snap;
	int		 changes[STAGE_COUNT][STAGE_COUNT] = { 0 };

	if (ledger_recount(l, cause) != 0) {
		/* Count it all again next time, rather than half. */
		l->all_stale = 1;
		return (NULL);
	}
	snap = xcalloc(1, sizeof *snap);
	snap->refs = 1;
	snap->built = now;
	ledger_merge(l, snap, changes);
	snap->indicators = ledger_document(l, snap, changes);
	return (snap);
}

/* Take one more reference to a snapshot, for another thread. */
struct snapshot *
snapshot_ref(struct snapshot *snap)
{
	__atomic_add_fetch(&snap->refs, 1, __ATOMIC_RELAXED);
	return (snap);
}

/* Drop a reference to a snapshot, freeing it with the last. */
void
snapshot_free(struct snapshot *snap)
{
	struct groups	gs = { 0 };
	size_t		i;

	if (snap == NULL ||
	    __atomic_sub_fetch(&snap->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	gs.v = snap->agencies;
	gs.n = snap->nagencies;
	groups_free(&gs);
	cJSON_Delete(snap->indicators);
	for (i = 0; i < snap->nmeasures; i++)
		mrows_unref(snap->measures[i]);
	free(snap->measures);
	free(snap);
}

/* Return {"measures":[...]} with the measures a filter lets through. */
cJSON *
snapshot_measures(const struct snapshot *snap, const struct measure_filter *f)
{
	cJSON	*doc;
	char	*text;
	size_t	 len;

	text = snapshot_measures_text(snap, f, &len);
	doc = cJSON_ParseWithLength(text, len);
	free(text);
	return (doc);
}

/* The same as text (f NULL: every measure), joined rather than printed. */
char *
snapshot_measures_text(const struct snapshot *snap,
    const struct measure_filter *f, size_t *len)
{
	return (mrows_text(snap->measures, snap->nmeasures, f, len));
}
