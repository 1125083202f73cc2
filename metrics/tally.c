/*
 * Counting measures and agreements into the indicators DOMAIN.md defines.
 */
#include <string.h>

#include "metrics_internal.h"

/* Whether a deadline has a fixed end: the measures completion applies to. */
static int
is_fixed(const struct measure *m)
{
	return m->deadline.kind == DEADLINE_YEAR ||
	    m->deadline.kind == DEADLINE_RANGE ||
	    m->deadline.kind == DEADLINE_UNTIL;
}

/* The facts of a record to review; none of a row never judged. */
int
tally_doubted(unsigned doubts)
{
	return doubts & DOUBTS_UNJUDGED ? 0 : doubted_fields(doubts);
}

void
tally_measure(struct tally *t, const struct measure *m)
{
	t->measures++;
	t->by_status[m->status]++;
	if (is_fixed(m)) {
		t->fixed++;
		t->fixed_completed += m->status == STATUS_COMPLETED;
	}
	t->overdue += m->overdue == 1;
	t->review += tally_doubted(m->doubts);
}

void
tally_agreement(struct tally *t, const struct agreement *a)
{
	t->agreements++;
	t->by_stage[a->stage]++;
	t->review += tally_doubted(a->doubts);
}

void
tally_report(struct tally *t, const struct report *r)
{
	size_t	i;

	for (i = 0; i < r->nmeasures; i++)
		tally_measure(t, &r->measures[i]);
	for (i = 0; i < r->nagreements; i++)
		tally_agreement(t, &r->agreements[i]);
}

/* Add one set of counts into another k times (-1: take it out). */
void
tally_addk(struct tally *to, const struct tally *from, int k)
{
	int	i;

	to->measures += k * from->measures;
	for (i = 0; i < STATUS_COUNT; i++)
		to->by_status[i] += k * from->by_status[i];
	to->fixed += k * from->fixed;
	to->fixed_completed += k * from->fixed_completed;
	to->overdue += k * from->overdue;
	to->agreements += k * from->agreements;
	for (i = 0; i < STAGE_COUNT; i++)
		to->by_stage[i] += k * from->by_stage[i];
	to->stuck += k * from->stuck;
	to->regressed += k * from->regressed;
	to->review += k * from->review;
}

/* Add one set of counts into another. */
void
tally_add(struct tally *to, const struct tally *from)
{
	tally_addk(to, from, 1);
}

/* Completed over fixed-deadline measures; negative when there are none. */
double
tally_completion_rate(const struct tally *t)
{
	return t->fixed == 0 ? -1.0 : (double)t->fixed_completed / t->fixed;
}

/* Add a number under a key that outlives the tree (a literal). */
cJSON *
json_add_number_cs(cJSON *o, const char *key, double v)
{
	cJSON	*n = cJSON_CreateNumber(v);

	cJSON_AddItemToObjectCS(o, key, n);
	return (n);
}

/* Add an object under a key that outlives the tree. */
static cJSON *
add_object_cs(cJSON *o, const char *key)
{
	cJSON	*n = cJSON_CreateObject();

	cJSON_AddItemToObjectCS(o, key, n);
	return (n);
}

/*
 * A tally as JSON.  Its keys are literals and names from static tables,
 * not copied: the 6,667 agencies of a 100,000-report archive have one
 * tally each, and their 150,000 key copies were made and freed with every
 * snapshot.
 */
cJSON *
tally_to_json(const struct tally *t)
{
	cJSON	*o = cJSON_CreateObject(), *m, *a, *by;
	double	 rate = tally_completion_rate(t);
	int	 i;

	m = add_object_cs(o, "measures");
	json_add_number_cs(m, "total", t->measures);
	for (i = 0; i < STATUS_COUNT; i++)
		json_add_number_cs(m, status_name((enum status)i),
		    t->by_status[i]);
	json_add_number_cs(m, "overdue", t->overdue);
	if (rate < 0)
		cJSON_AddItemToObjectCS(o, "completion_rate",
		    cJSON_CreateNull());
	else
		json_add_number_cs(o, "completion_rate", rate);
	a = add_object_cs(o, "agreements");
	json_add_number_cs(a, "total", t->agreements);
	by = add_object_cs(a, "by_stage");
	for (i = 0; i < STAGE_COUNT; i++)
		json_add_number_cs(by, stage_name((enum stage)i),
		    t->by_stage[i]);
	return o;
}
