/*
 * Hand-built reports for the store and indicator tests, so that they do not
 * depend on what the parser reads from a file.  Strings are literals; the
 * reports are never freed.
 */
#ifndef NAPMON_REPORT_FIXTURE_H
#define NAPMON_REPORT_FIXTURE_H

#include <string.h>

#include "collector.h"

static char *fixture_executors[] = { "Dövlət Miqrasiya Xidməti",
	"Xarici İşlər Nazirliyi" };

static struct chapter fixture_chapters[] = {
	{ 1, "Normativ-hüquqi bazanın təkmilləşdirilməsi" },
	{ 3, "Beynəlxalq əməkdaşlıq" },
};

/* Fill a report of one agency and year: two measures, one agreement. */
static inline void
fixture_report(struct report *r, struct measure m[2], struct agreement *a,
    const char *agency, int year, const char *sha, enum stage stage,
    enum status second)
{
	memset(r, 0, sizeof *r);
	memset(m, 0, 2 * sizeof *m);
	memset(a, 0, sizeof *a);
	r->file = "report.txt";
	snprintf(r->sha256, sizeof r->sha256, "%s", sha);
	r->encoding = ENC_UTF8;
	r->agency = (char *)agency;
	r->year = year;
	r->chapters = fixture_chapters;
	r->nchapters = 2;

	m[0].id = "1.1";
	m[0].chapter = 1;
	m[0].title = "Qanunların hazırlanması";
	m[0].line = 12;
	m[0].deadline.text = "Mütəmadi";
	m[0].deadline.kind = DEADLINE_REGULAR;
	m[0].executors = fixture_executors;
	m[0].nexecutors = 1;
	m[0].work_done = "İşlər davam etdirilir.";
	m[0].status = STATUS_ONGOING;
	m[0].overdue = -1;

	m[1].id = "3.5";
	m[1].chapter = 3;
	m[1].title = "Readmissiya sazişlərinin bağlanması";
	m[1].line = 80;
	m[1].deadline.text = "2014-cü il";
	m[1].deadline.kind = DEADLINE_YEAR;
	m[1].deadline.start = 2014;
	m[1].deadline.end = 2014;
	m[1].executors = fixture_executors;
	m[1].nexecutors = 2;
	m[1].status = second;
	m[1].overdue = second != STATUS_COMPLETED;
	m[1].overdue_years = second != STATUS_COMPLETED ? year - 2014 : 0;
	m[1].evidence.line = 85;
	m[1].evidence.text = "Saziş imzalanmışdır.";
	r->measures = m;
	r->nmeasures = 2;

	a->name = "Readmissiya haqqında Saziş";
	a->kind = "saziş";
	a->partner = "Rusiya Federasiyası";
	a->partner_iso = "RU";
	a->stage = stage;
	if (stage == STAGE_SIGNED)
		snprintf(a->date, sizeof a->date, "%d-05-01", year);
	a->measure = "3.5";
	a->evidence.line = 85;
	r->agreements = a;
	r->nagreements = 1;
}

#endif
