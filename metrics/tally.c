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

/* Add one set of counts into another. */
void
tally_add(struct tally *to, const struct tally *from)
{
	int	i;

	to->measures += from->measures;
	for (i = 0; i < STATUS_COUNT; i++)
		to->by_status[i] += from->by_status[i];
	to->fixed += from->fixed;
	to->fixed_completed += from->fixed_completed;
	to->overdue += from->overdue;
	to->agreements += from->agreements;
	for (i = 0; i < STAGE_COUNT; i++)
		to->by_stage[i] += from->by_stage[i];
	to->stuck += from->stuck;
	to->regressed += from->regressed;
	to->review += from->review;
}

/* Completed over fixed-deadline measures; negative when there are none. */
double
tally_completion_rate(const struct tally *t)
{
	return t->fixed == 0 ? -1.0 : (double)t->fixed_completed / t->fixed;
}

cJSON *
tally_to_json(const struct tally *t)
{
	cJSON	*o = cJSON_CreateObject(), *m, *a, *by;
	double	 rate = tally_completion_rate(t);
	int	 i;

	m = cJSON_AddObjectToObject(o, "measures");
	cJSON_AddNumberToObject(m, "total", t->measures);
	for (i = 0; i < STATUS_COUNT; i++)
		cJSON_AddNumberToObject(m, status_name((enum status)i),
		    t->by_status[i]);
	cJSON_AddNumberToObject(m, "overdue", t->overdue);
	if (rate < 0)
		cJSON_AddNullToObject(o, "completion_rate");
	else
		cJSON_AddNumberToObject(o, "completion_rate", rate);
	a = cJSON_AddObjectToObject(o, "agreements");
	cJSON_AddNumberToObject(a, "total", t->agreements);
	by = cJSON_AddObjectToObject(a, "by_stage");
	for (i = 0; i < STAGE_COUNT; i++)
		cJSON_AddNumberToObject(by, stage_name((enum stage)i),
		    t->by_stage[i]);
	return o;
}
