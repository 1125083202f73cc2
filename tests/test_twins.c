/*
 * Twins: each text report of the fixtures and the sample has a Word and an
 * OpenDocument twin made from it as real tables (tests/twins/make-twins.py);
 * each twin must parse to the same chapters, measures and agreements as
 * its text.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector.h"
#include "check_run.h"

static const char *const bases[] = {
	"adliyye-2014", "dim-2013", "dmx-2017", "emsmn-2015", "xin-2017",
	"dmx-2016-report"
};
#define NBASES	(int)(sizeof bases / sizeof bases[0])

static const struct {
	const char	*ext;
	enum format	 format;
} twins[] = { { "docx", FORMAT_DOCX }, { "odt", FORMAT_ODT } };

static struct lexicon	*lex;

/* NULL and a string differ; two NULLs or equal strings do not. */
static void
same_str(const char *a, const char *b, const char *what, const char *where)
{
	if (a == NULL || b == NULL)
		ck_assert_msg(a == b, "%s: %s: %s against %s", where, what,
		    a ? a : "null", b ? b : "null");
	else
		ck_assert_msg(strcmp(a, b) == 0, "%s: %s: \"%s\" against "
		    "\"%s\"", where, what, a, b);
}

/* The same chapters, numbers and titles, in the same order. */
static void
same_chapters(const struct report *t, const struct report *w)
{
	size_t	i;

	ck_assert_uint_eq(t->nchapters, w->nchapters);
	for (i = 0; i < t->nchapters; i++) {
		ck_assert_int_eq(t->chapters[i].number, w->chapters[i].number);
		same_str(t->chapters[i].title, w->chapters[i].title,
		    "chapter title", w->file);
	}
}

/* The same id, title, deadline, executing bodies and status. */
static void
same_measure(const struct measure *a, const struct measure *b,
    const char *where)
{
	size_t	k;

	same_str(a->id, b->id, "measure id", where);
	same_str(a->title, b->title, "title", a->id);
	same_str(a->deadline.text, b->deadline.text, "deadline", a->id);
	ck_assert_int_eq(a->deadline.kind, b->deadline.kind);
	ck_assert_int_eq(a->deadline.start, b->deadline.start);
	ck_assert_int_eq(a->deadline.end, b->deadline.end);
	ck_assert_msg(a->nexecutors == b->nexecutors, "%s %s: %zu executors "
	    "against %zu", where, a->id, a->nexecutors, b->nexecutors);
	for (k = 0; k < a->nexecutors; k++)
		same_str(a->executors[k], b->executors[k], "executor", a->id);
	ck_assert_msg(a->status == b->status, "%s %s: %s against %s", where,
	    a->id, status_name(a->status), status_name(b->status));
}

/* The same name, kind, partner, stage and date. */
static void
same_agreement(const struct agreement *a, const struct agreement *b,
    const char *where)
{
	same_str(a->name, b->name, "agreement", where);
	same_str(a->kind, b->kind, "kind", a->name);
	same_str(a->partner, b->partner, "partner", a->name);
	ck_assert_msg(a->stage == b->stage, "%s %s: %s against %s", where,
	    a->name, stage_name(a->stage), stage_name(b->stage));
	same_str(a->date, b->date, "date", a->name);
}

/* The text report a twin was made from: a fixture, else the sample. */
static void
text_path(const char *base, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s.txt", FIXTURES_DIR, base);
	if (access(out, R_OK) != 0)
		snprintf(out, cap, "%s/%s.txt", SAMPLES_DIR, base);
}

/* Twin _i: the first NBASES are the Word twins, the others the ODF ones. */
START_TEST(twin_reads_as_its_text)
{
	const char	*base = bases[_i % NBASES];
	int		 f = _i / NBASES;
	char		 tpath[1024], wpath[1024], *cause = NULL;
	struct report	*t, *w;
	size_t		 i;

	text_path(base, tpath, sizeof tpath);
	snprintf(wpath, sizeof wpath, "%s/%s.%s", TWINS_DIR, base,
	    twins[f].ext);
	ck_assert_msg(collect_file(lex, tpath, NULL, &t, &cause) == 0, "%s",
	    cause);
	ck_assert_msg(collect_file(lex, wpath, NULL, &w, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(t->format, FORMAT_TEXT);
	ck_assert_int_eq(w->format, twins[f].format);
	ck_assert_int_eq(w->encoding, ENC_UTF8);
	same_str(t->agency, w->agency, "agency", wpath);
	ck_assert_int_eq(t->year, w->year);
	same_chapters(t, w);
	ck_assert_msg(t->nmeasures == w->nmeasures, "%s: %zu measures against "
	    "%zu", wpath, t->nmeasures, w->nmeasures);
	for (i = 0; i < t->nmeasures; i++)
		same_measure(&t->measures[i], &w->measures[i], wpath);
	ck_assert_msg(t->nagreements == w->nagreements, "%s: %zu agreements "
	    "against %zu", wpath, t->nagreements, w->nagreements);
	for (i = 0; i < t->nagreements; i++)
		same_agreement(&t->agreements[i], &w->agreements[i], wpath);
	/* a twin that reads as nothing would match a text of nothing */
	ck_assert_uint_gt(w->nmeasures, 0);
	report_free(t);
	report_free(w);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("twins");
	TCase	*tc = tcase_create("twins");
	int	 status;

	if ((lex = check_lexicon()) == NULL)
		return EXIT_FAILURE;
	tcase_add_loop_test(tc, twin_reads_as_its_text, 0, 2 * NBASES);
	suite_add_tcase(s, tc);
	status = check_run(s);
	lexicon_free(lex);
	return status;
}
