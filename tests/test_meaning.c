/*
 * Meaning: deadlines, dates, statuses, stages and partners, each read from
 * small reports written here, with the lexicon the project ships.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "check_run.h"

static struct lexicon	*lex;

/* Line of the first work-done paragraph in a report made by make(). */
#define WORK_LINE	20

/* Parse a one-measure report of 2015 with this deadline and narrative. */
static struct report *
make(const char *deadline, const char *work, int as_of)
{
	struct collect_options	 opt = { .as_of_year = as_of };
	struct report		*r;
	char			*text, *cause = NULL;

	xasprintf(&text, "Milli Fəaliyyət Proqramının icrası məqsədilə "
	    "Ədliyyə Nazirliyi tərəfindən 2015-ci il ərzində görülmüş işlər "
	    "barədə\n\nHESABAT\n\n\t№№\n\tTədbirin adı\n\tİcra müddəti\n"
	    "\tİcra orqanları\n\n\tBirinci Fəsil\nNormativ baza\n\n\t1.1\n"
	    "\tQanunvericiliyin təkmilləşdirilməsi\n\t%s\n\tƏdliyyə Nazirliyi"
	    "\n\n\tGörülmüş işlər\n\n\t%s\n", deadline, work);
	ck_assert_msg(collect_bytes(lex, "t.txt", (unsigned char *)text,
	    strlen(text), &opt, &r, &cause) == 0, "%s", cause);
	free(text);
	return r;
}

/* The only agreement of a narrative, asserting there is exactly one. */
static struct report *
one_agreement(const char *work)
{
	struct report	*r = make("Mütəmadi", work, 0);

	ck_assert_msg(r->nagreements == 1, "%zu agreements in: %s",
	    r->nagreements, work);
	return r;
}

START_TEST(deadlines)
{
	static const struct {
		const char		*cell;
		int			 known;
		enum deadline_kind	 kind;
		int			 start, end;
	} cases[] = {
		{ "Mütəmadi", 1, DEADLINE_REGULAR, 0, 0 },
		{ "mütəmadi olaraq", 1, DEADLINE_REGULAR, 0, 0 },
		{ "2014-cü il", 1, DEADLINE_YEAR, 2014, 2014 },
		{ "2015-ci il ərzində", 1, DEADLINE_YEAR, 2015, 2015 },
		{ "2016-cı il", 1, DEADLINE_YEAR, 2016, 2016 },
		{ "2012-2013-cü illər", 1, DEADLINE_RANGE, 2012, 2013 },
		{ "2012–2014-cü illər", 1, DEADLINE_RANGE, 2012, 2014 },
		{ "2013-cü ilin sonunadək", 1, DEADLINE_UNTIL, 0, 2013 },
		{ "2012-ci ilin II yarısı", 1, DEADLINE_UNTIL, 0, 2012 },
		{ "2012-ci ilin I rübü", 1, DEADLINE_UNTIL, 0, 2012 },
		{ "Hesabat dövründə", 0, DEADLINE_OTHER, 0, 0 },
		{ "2014-2012-ci illər", 0, DEADLINE_OTHER, 0, 0 },
		{ "2012-ci ildə qəbul edilmiş qanunun tələblərinə uyğun "
		  "olaraq layihə hazırlanmışdır", 0, DEADLINE_OTHER, 0, 0 },
	};
	struct deadline	d;
	size_t		i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int known = deadline_parse(lex, cases[i].cell, &d);

		ck_assert_msg(known == cases[i].known && d.kind == cases[i].kind
		    && d.start == cases[i].start && d.end == cases[i].end,
		    "'%s': known %d kind %d %d-%d", cases[i].cell, known,
		    d.kind, d.start, d.end);
		free(d.text);
	}
}
END_TEST

START_TEST(dates)
{
	static const struct {
		const char	*text;
		int		 y, m, d;
	} cases[] = {
		{ "2016-cı il 21 noyabr tarixində", 2016, 11, 21 },
		{ "23-24 noyabr 2016-cı il tarixlərdə", 2016, 11, 23 },
		{ "2016-cı ilin oktyabrın 10-da", 2016, 10, 10 },
		{ "15 mart 2017-ci il tarixində", 2017, 3, 15 },
		{ "2017-ci il 1 may tarixindən", 2017, 5, 1 },
		{ "2016-cı ilin dekabrın 8-də", 2016, 12, 8 },
		{ "2016-cı ilin yanvar ayının 15-dən", 2016, 1, 15 },
		{ "29 fevral 2016-cı il", 2016, 2, 29 },
		{ "layihə 21.11.2016 tarixində", 2016, 11, 21 },
		{ "31 fevral 2016-cı il", 0, 0, 0 },
		{ "29 fevral 2017-ci il", 0, 0, 0 },
		{ "2016-cı ildə", 0, 0, 0 },
	};
	struct date_hit	h[4];
	size_t		i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = dates_scan(lex, cases[i].text, strlen(cases[i].text), h, 4);
		if (cases[i].y == 0) {
			ck_assert_msg(n == 0, "'%s' is no date", cases[i].text);
			continue;
		}
		ck_assert_msg(n == 1 && h[0].y == cases[i].y &&
		    h[0].m == cases[i].m && h[0].d == cases[i].d,
		    "'%s': %zu dates, %d-%d-%d", cases[i].text, n, h[0].y,
		    h[0].m, h[0].d);
	}
}
END_TEST

START_TEST(regular_is_ongoing_whatever_it_says)
{
	struct report *r = make("Mütəmadi", "Tədbir tam icra olunmuşdur.", 0);

	ck_assert_int_eq(r->measures[0].status, STATUS_ONGOING);
	ck_assert_int_eq(r->measures[0].evidence.line, WORK_LINE);
	ck_assert_int_eq(r->measures[0].overdue, 0);
	report_free(r);
}
END_TEST

START_TEST(completed_with_evidence)
{
	struct report *r = make("2015-ci il", "Seminarlar keçirilmişdir. "
	    "Tədbir tam icra olunmuşdur.", 0);

	ck_assert_int_eq(r->measures[0].status, STATUS_COMPLETED);
	ck_assert_int_eq(r->measures[0].evidence.line, WORK_LINE);
	ck_assert_str_eq(r->measures[0].evidence.text,
	    "Tədbir tam icra olunmuşdur.");
	report_free(r);
}
END_TEST

START_TEST(completion_cue_needs_the_measure_as_subject)
{
	struct report *r = make("2015-ci il", "Beynəlxalq təşkilatlarla birgə "
	    "layihələr icra edilmişdir.", 0);

	ck_assert_int_eq(r->measures[0].status, STATUS_IN_PROGRESS);
	report_free(r);
	r = make("2015-ci il", "Bu tədbir icra edilmişdir.", 0);
	ck_assert_int_eq(r->measures[0].status, STATUS_COMPLETED);
	report_free(r);
}
END_TEST

START_TEST(empty_narrative_is_not_reported)
{
	struct report *r = make("2013-cü il", "", 0);

	ck_assert_int_eq(r->measures[0].status, STATUS_NOT_REPORTED);
	ck_assert_int_eq(r->measures[0].evidence.line, 0);
	ck_assert_int_eq(r->measures[0].overdue, 1);	/* and late */
	ck_assert_int_eq(r->measures[0].overdue_years, 2);
	report_free(r);
}
END_TEST

START_TEST(overdue_against_report_year_or_as_of)
{
	struct report *r = make("2013-cü ilin sonunadək",
	    "İşlər davam etdirilir.", 0);

	ck_assert_int_eq(r->measures[0].status, STATUS_IN_PROGRESS);
	ck_assert_str_eq(r->measures[0].evidence.text,
	    "İşlər davam etdirilir.");
	ck_assert_int_eq(r->measures[0].overdue, 1);
	ck_assert_int_eq(r->measures[0].overdue_years, 2);
	report_free(r);
	r = make("2013-cü ilin sonunadək", "İşlər davam etdirilir.", 2019);
	ck_assert_int_eq(r->measures[0].overdue_years, 6);
	report_free(r);
	r = make("2016-cı il", "İşlər davam etdirilir.", 0);
	ck_assert_int_eq(r->measures[0].overdue, 0);
	report_free(r);
	r = make("2013-cü il", "Tədbir tam icra olunmuşdur.", 0);
	ck_assert_int_eq(r->measures[0].overdue, 0);
	report_free(r);
}
END_TEST

START_TEST(stages_from_cues)
{
	static const struct {
		const char	*after;
		enum stage	 stage;
	} cases[] = {
		{ "layihəsi hazırlanmışdır.", STAGE_DRAFTING },
		{ "layihəsi hazırlanaraq Xarici İşlər Nazirliyinə "
		  "göndərilmişdir.", STAGE_DRAFTING },
		{ "layihəsi qarşı tərəfə təqdim edilməsi üçün Xarici İşlər "
		  "Nazirliyinə təqdim edilmişdir.", STAGE_DRAFTING },
		{ "layihəsi qarşı tərəfə təqdim olunmuşdur.", STAGE_SUBMITTED },
		{ "layihəsi Litva tərəfinə təqdim edilmişdir.",
		  STAGE_SUBMITTED },
		{ "layihəsi qarşı tərəfdə baxılmaqdadır.", STAGE_UNDER_REVIEW },
		{ "layihəsi üzrə danışıqlar aparılır.", STAGE_NEGOTIATING },
		{ "layihəsinin müzakirəsi Bakıda keçirilmişdir.",
		  STAGE_NEGOTIATING },
		{ "layihəsinin bir çox maddələri razılaşdırılmışdır.",
		  STAGE_NEGOTIATING },
		{ "layihəsi imzalanma mərhələsindədir.", STAGE_SIGNING },
		{ "layihəsi üzrə danışıqlar başa çatmışdır.", STAGE_SIGNING },
		{ "imzalanmışdır.", STAGE_SIGNED },
		{ "imzalanmış və ratifikasiya edilmişdir.", STAGE_RATIFIED },
		{ "qüvvəyə minmişdir.", STAGE_IN_FORCE },
	};
	char		*work;
	size_t		 i;
	struct report	*r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		xasprintf(&work, "“Azərbaycan Respublikası Hökuməti ilə Litva "
		    "Respublikası Hökuməti arasında readmissiya haqqında "
		    "Saziş” %s", cases[i].after);
		r = one_agreement(work);
		ck_assert_msg(r->agreements[0].stage == cases[i].stage,
		    "'%s': %s", cases[i].after,
		    stage_name(r->agreements[0].stage));
		ck_assert_int_eq(r->agreements[0].evidence.line, WORK_LINE);
		report_free(r);
		free(work);
	}
}
END_TEST

START_TEST(intent_is_not_a_stage)
{
	struct report *r = make("Mütəmadi", "“Azərbaycan Respublikası ilə "
	    "Litva Respublikası arasında readmissiya haqqında Saziş” "
	    "layihəsinin imzalanması istiqamətində işlər görülür.", 0);

	ck_assert_int_eq(r->nagreements, 0);	/* a mention only */
	report_free(r);
}
END_TEST

START_TEST(date_of_the_deciding_event)
{
	struct report *r = one_agreement("«Azərbaycan Respublikası ilə "
	    "Özbəkistan Respublikası arasında dostluq haqqında Müqavilə» "
	    "15 mart 2017-ci il tarixində imzalanmış və Milli Məclis "
	    "tərəfindən 2017-ci ilin oktyabrın 10-da ratifikasiya "
	    "edilmişdir.");

	ck_assert_int_eq(r->agreements[0].stage, STAGE_RATIFIED);
	ck_assert_str_eq(r->agreements[0].date, "2017-10-10");
	ck_assert_str_eq(r->agreements[0].kind, "müqavilə");
	ck_assert_str_eq(r->agreements[0].partner_iso, "UZ");
	report_free(r);
	r = one_agreement("“Azərbaycan Respublikası və Moldova Respublikası "
	    "arasında readmissiya haqqında Saziş” layihəsinin ilkin "
	    "müzakirəsi 23-25 fevral 2016-cı il tarixlərdə Kişinyovda, "
	    "digəri isə 18-19 oktyabr 2016-cı il tarixlərdə Bakıda "
	    "keçirilmişdir.");
	ck_assert_int_eq(r->agreements[0].stage, STAGE_NEGOTIATING);
	ck_assert_str_eq(r->agreements[0].date, "2016-10-18");
	report_free(r);
}
END_TEST

START_TEST(stage_in_the_next_sentence)
{
	struct report *r = one_agreement("“Azərbaycan Respublikası Hökuməti "
	    "ilə Kanada Hökuməti arasında gənclər mübadiləsi haqqında "
	    "Saziş” layihəsi hazırlanmışdır. Layihə 2017-ci il 3 iyul "
	    "tarixində Kanada tərəfinə təqdim edilmişdir.");

	ck_assert_int_eq(r->agreements[0].stage, STAGE_SUBMITTED);
	ck_assert_str_eq(r->agreements[0].date, "2017-07-03");
	ck_assert_str_eq(r->agreements[0].evidence.text,
	    "Layihə 2017-ci il 3 iyul tarixində Kanada tərəfinə təqdim "
	    "edilmişdir.");
	report_free(r);
}
END_TEST

/* Each doubt is set where the parser saw its cause, and only there. */
START_TEST(doubts_where_their_cause_is)
{
	struct report	*r;

	r = make("2015-ci il", "Tədbir tam icra olunmuşdur.", 0);
	ck_assert_uint_eq(r->measures[0].doubts, 0);
	report_free(r);
	r = make("2015-ci il", "Tədbir tam icra olunmuşdur. Bu istiqamətdə "
	    "işlər davam etdirilir.", 0);
	ck_assert_int_eq(r->measures[0].status, STATUS_COMPLETED);
	ck_assert_uint_eq(r->measures[0].doubts, DOUBT_CONFLICTING_CUES);
	report_free(r);
	r = make("2015-ci il", "İşlər davam etdirilir.", 0);
	ck_assert_uint_eq(r->measures[0].doubts, 0);
	report_free(r);
	r = make("2015-ci il", "Seminarlar keçirilmişdir.", 0);
	ck_assert_uint_eq(r->measures[0].doubts, DOUBT_NO_CUE);
	report_free(r);
	r = make("2013-cü il", "", 0);
	ck_assert_uint_eq(r->measures[0].doubts, DOUBT_EMPTY_WORK_DONE);
	report_free(r);
	/* No fixed end: an empty section says nothing of completion. */
	r = make("Mütəmadi", "", 0);
	ck_assert_uint_eq(r->measures[0].doubts, 0);
	report_free(r);

	r = one_agreement("“Azərbaycan Respublikası ilə Emənistan Respublikası "
	    "arasında turizm haqqında Saziş” 2016-cı il 5 may tarixində "
	    "imzalanmışdır.");
	ck_assert_int_eq(r->agreements[0].partner_near, 1);
	ck_assert_uint_eq(r->agreements[0].doubts, DOUBT_NEAR_PARTNER);
	report_free(r);
	r = one_agreement("“Azərbaycan Respublikası ilə Ermənistan "
	    "Respublikası arasında turizm haqqında Saziş” imzalanmışdır.");
	ck_assert_uint_eq(r->agreements[0].doubts, DOUBT_NO_DATE);
	ck_assert_uint_eq(r->agreements[0].events[0].doubts, DOUBT_NO_DATE);
	report_free(r);
	/* Undated, but not an event of a day: nothing doubtful. */
	r = one_agreement("“Azərbaycan Respublikası ilə Ermənistan "
	    "Respublikası arasında turizm haqqında Saziş” layihəsi "
	    "hazırlanmışdır.");
	ck_assert_uint_eq(r->agreements[0].doubts, 0);
	report_free(r);
	r = one_agreement("“Azərbaycan Respublikası Hökuməti ilə Kanada "
	    "Hökuməti arasında gənclər mübadiləsi haqqında Saziş” layihəsi "
	    "hazırlanmışdır. Layihə 2017-ci il 3 iyul tarixində Kanada "
	    "tərəfinə təqdim edilmişdir.");
	ck_assert_uint_eq(r->agreements[0].doubts,
	    DOUBT_STAGE_FROM_NEXT_SENTENCE);
	ck_assert_uint_eq(r->agreements[0].events[0].doubts, 0);
	report_free(r);
}
END_TEST

START_TEST(participle_before_a_name_is_that_names)
{
	struct report *r = make("Mütəmadi", "“Azərbaycan Respublikası Hökuməti "
	    "ilə Gürcüstan Hökuməti arasında təhsil haqqında Saziş” layihəsi "
	    "hazırlanmışdır. Bundan əlavə, 2016-cı il 9 mart tarixində "
	    "imzalanmış “Azərbaycan Respublikası Hökuməti ilə Litva "
	    "Respublikası Hökuməti arasında readmissiya haqqında Saziş” üzrə "
	    "birgə işçi qrup yaradılmışdır.", 0);

	ck_assert_int_eq(r->nagreements, 2);
	ck_assert_int_eq(r->agreements[0].stage, STAGE_DRAFTING);
	ck_assert_str_eq(r->agreements[0].date, "");
	ck_assert_int_eq(r->agreements[1].stage, STAGE_SIGNED);
	ck_assert_str_eq(r->agreements[1].date, "2016-03-09");
	report_free(r);
}
END_TEST

START_TEST(two_names_share_one_verb)
{
	struct report *r = make("Mütəmadi", "„Azərbaycan Respublikası ilə "
	    "Yaponiya arasında vergi haqqında Saziş” və \"Azərbaycan "
	    "Respublikası ilə Yaponiya arasında investisiya haqqında Saziş\" "
	    "2017-ci il 21 noyabr tarixində imzalanmışdır.", 0);

	ck_assert_int_eq(r->nagreements, 2);
	ck_assert_int_eq(r->agreements[0].stage, STAGE_SIGNED);
	ck_assert_int_eq(r->agreements[1].stage, STAGE_SIGNED);
	ck_assert_str_eq(r->agreements[0].date, "2017-11-21");
	ck_assert_str_eq(r->agreements[0].partner_iso, "JP");
	report_free(r);
}
END_TEST

START_TEST(nested_name_runs_to_its_own_noun)
{
	struct report *r = one_agreement("“Azərbaycan Respublikası Hökuməti "
	    "ilə Latviya Respublikası Hökuməti arasında Avropa İttifaqı ilə "
	    "Azərbaycan Respublikası arasında readmissiyaya dair Saziş”in "
	    "həyata keçirilməsi üzrə İcra Protokolu” layihəsi hazırlanmışdır.");

	ck_assert_str_eq(r->agreements[0].kind, "protokol");
	ck_assert_str_eq(r->agreements[0].partner_iso, "LV");
	ck_assert_ptr_nonnull(strstr(r->agreements[0].name,
	    "Saziş”in həyata keçirilməsi üzrə İcra Protokolu"));
	report_free(r);
}
END_TEST

START_TEST(partners)
{
	static const struct {
		const char	*name;
		const char	*partner, *iso;
	} cases[] = {
		{ "Azərbaycan Respublikası Hökuməti ilə Rusiya Federasiyası "
		  "Hökuməti arasında readmissiya haqqında Saziş",
		  "Rusiya Federasiyası", "RU" },
		{ "Azərbaycan Respublikasının Dövlət Miqrasiya Xidməti və "
		  "Qazaxıstan Respublikasının Daxili İşlər Nazirliyi arasında "
		  "əməkdaşlıq haqqında Saziş", NULL, "KZ" },
		{ "Azərbaycan Respublikası ilə İsveçrə Federal Şurası arasında "
		  "readmissiya haqqında Saziş", NULL, "CH" },
		{ "Azərbaycan Respublikası Hökuməti və İsveç Krallığı Hökuməti "
		  "arasında İcra Protokolu", NULL, "SE" },
		{ "Yeni Zelandiya Hökuməti ilə Azərbaycan Respublikası Hökuməti "
		  "arasında Saziş", NULL, "NZ" },
		{ "Azərbaycan Respublikası ilə Mali Respublikası arasında mali "
		  "yardım haqqında Saziş", NULL, "ML" },
		{ "Azərbaycan Respublikası ilə Nigeriya Federativ Respublikası "
		  "arasında Saziş", NULL, "NG" },
		{ "Azərbaycan Respublikası və Benilüks ölkələri (Belçika "
		  "Krallığı, Niderland Krallığı) arasında Protokol",
		  "Benilüks ölkələri", NULL },
		{ "Azərbaycan Respublikasının Dövlət Miqrasiya Xidməti və "
		  "Beynəlxalq Miqrasiya Təşkilatı arasında Saziş",
		  "Beynəlxalq Miqrasiya Təşkilatı", NULL },
		{ "Azərbaycan Respublikası Hökuməti ilə Atlantida Respublikası "
		  "Hökuməti arasında Saziş", "Atlantida Respublikası", NULL },
		{ "Rusiyanın iştirakı ilə miqrasiya haqqında Saziş", NULL,
		  "RU" },
		{ "Miqrasiya sahəsində əməkdaşlıq haqqında Saziş", NULL, NULL },
	};
	char	*partner, *iso;
	size_t	 i;
	int	 near;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		partner_find(lex, cases[i].name, &partner, &iso, &near);
		ck_assert_msg(!near, "'%s': a near miss", cases[i].name);
		if (cases[i].iso != NULL)
			ck_assert_msg(iso != NULL && strcmp(iso,
			    cases[i].iso) == 0, "'%s': %s", cases[i].name,
			    iso ? iso : "null");
		else
			ck_assert_msg(iso == NULL, "'%s': %s", cases[i].name,
			    iso);
		if (cases[i].partner != NULL)
			ck_assert_msg(partner != NULL && strcmp(partner,
			    cases[i].partner) == 0, "'%s': %s", cases[i].name,
			    partner ? partner : "null");
		if (cases[i].iso == NULL && cases[i].partner == NULL)
			ck_assert_ptr_null(partner);
		free(partner);
		free(iso);
	}
}
END_TEST

START_TEST(not_a_report_is_refused)
{
	const char	 text[] = "Bu sadəcə bir məktubdur.\nHeç bir tədbir yoxdur.\n";
	struct report	*r;
	char		*cause = NULL;

	ck_assert_int_eq(collect_bytes(lex, "letter.txt",
	    (const unsigned char *)text, sizeof text - 1, NULL, &r, &cause), -1);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(cause, "letter.txt: no measures"));
	free(cause);
}
END_TEST

/* The agency is read from the title whatever the case of its words, after
 * the last marker before "tərəfindən", or without one. */
START_TEST(agency_from_title)
{
	static const struct {
		const char	*title;
		const char	*agency;
	} cases[] = {
		{ "Proqramının icrası ilə bağlı DAXİLİ İŞLƏR NAZİRLİYİ "
		    "TƏRƏFİNDƏN 2015-ci il ərzində", "DAXİLİ İŞLƏR NAZİRLİYİ" },
		{ "Proqramın icrası İLƏ BAĞLI Ədliyyə Nazirliyi Tərəfindən "
		    "2015-ci il ərzində", "Ədliyyə Nazirliyi" },
		{ "məqsədilə Vergilər Nazirliyi və məqsədilə Səhiyyə Nazirliyi "
		    "tərəfindən 2015-ci il ərzində", "Səhiyyə Nazirliyi" },
		{ "Azərbaycan Respublikasının Dövlət Miqrasiya Xidməti "
		    "tərəfindən 2016-cı il ərzində", "Dövlət Miqrasiya Xidməti" },
	};
	struct report	*r;
	char		*text, *cause = NULL;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		xasprintf(&text, "%s\n\nHESABAT\n\n\t1.1\n\tQanun\n"
		    "\tMütəmadi\n\tƏdliyyə Nazirliyi\n", cases[i].title);
		ck_assert_msg(collect_bytes(lex, "t.txt", (unsigned char *)text,
		    strlen(text), NULL, &r, &cause) == 0, "%s", cause);
		ck_assert_str_eq(r->agency, cases[i].agency);
		report_free(r);
		free(text);
	}
}
END_TEST

/* Artefacts go from the lines that hold them, and only from those, each
 * artefact in one pass over its line. */
START_TEST(artefacts_dropped_where_they_stand)
{
	static const char *const want[] = { "ab", "plain line", "x y",
	    "[bookmark: _GoBack]", "tail" };
	static const int want_no[] = { 1, 2, 4, 5, 7 };
	char		 text[] = "a[bookmark: _GoBack]b\nplain line\n"
	    "[bookmark: _GoBack]\nx [bookmark: _GoBack] y [bookmark: _GoBack]\n"
	    "[bookmark: _Go[bookmark: _GoBack]Back]\n\n"
	    "tail [bookmark: _GoBack]";
	struct lines	 l;
	char		*cause = NULL;
	size_t		 i;

	ck_assert_int_eq(lines_split(lex, text, strlen(text), &l, &cause), 0);
	ck_assert_uint_eq(l.n, 5);
	for (i = 0; i < l.n; i++) {
		ck_assert_str_eq(l.v[i].text, want[i]);
		ck_assert_uint_eq(l.v[i].len, strlen(want[i]));
		ck_assert_int_eq(l.v[i].no, want_no[i]);
	}
	lines_free(&l);
}
END_TEST

/* Each line comes out as normalize_space() makes it, blank ones left out,
 * whether it only loses an indent or more. */
START_TEST(lines_normalised)
{
	static const char *const raw[] = { "\t\tplain", "  two  spaces",
	    "trailing ", "\t", "", "tab\tinside", " “quoted” ",
	    "a\xc2\xa0" "b", "\tlonger than sixteen bytes, with no more to do",
	    "\tlonger than sixteen bytes, and a space at the end ", "x" };
	char		 text[512], *want;
	struct lines	 l;
	char		*cause = NULL;
	size_t		 i, k = 0;

	for (i = 0, text[0] = '\0'; i < sizeof raw / sizeof raw[0]; i++) {
		strcat(text, raw[i]);
		if (i + 1 < sizeof raw / sizeof raw[0])
			strcat(text, "\n");
	}
	ck_assert_int_eq(lines_split(lex, text, strlen(text), &l, &cause), 0);
	for (i = 0; i < sizeof raw / sizeof raw[0]; i++) {
		want = normalize_space(raw[i], strlen(raw[i]));
		if (*want != '\0') {
			ck_assert_uint_lt(k, l.n);
			ck_assert_str_eq(l.v[k].text, want);
			ck_assert_uint_eq(l.v[k].len, strlen(want));
			ck_assert_int_eq(l.v[k++].no, (int)i + 1);
		}
		free(want);
	}
	ck_assert_uint_eq(l.n, k);
	lines_free(&l);
}
END_TEST

START_TEST(lexicon_errors_name_file_and_line)
{
	char	 dir[] = "/tmp/napmon-lexicon-XXXXXX", path[512], *cause = NULL;
	FILE	*f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/lexicon.ini", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("[report]\nheader = №№\n[stages]\nimzalanmışdır = signedd\n", f);
	fclose(f);
	ck_assert_ptr_null(lexicon_load(dir, &cause));
	ck_assert_msg(strstr(cause, "lexicon.ini:4") != NULL &&
	    strstr(cause, "signedd") != NULL, "%s", cause);
	free(cause);
	remove(path);
	rmdir(dir);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("meaning");
	TCase	*tc = tcase_create("meaning");
	int	 status;

	if ((lex = check_lexicon()) == NULL)
		return EXIT_FAILURE;
	tcase_add_test(tc, deadlines);
	tcase_add_test(tc, dates);
	tcase_add_test(tc, regular_is_ongoing_whatever_it_says);
	tcase_add_test(tc, completed_with_evidence);
	tcase_add_test(tc, completion_cue_needs_the_measure_as_subject);
	tcase_add_test(tc, empty_narrative_is_not_reported);
	tcase_add_test(tc, overdue_against_report_year_or_as_of);
	tcase_add_test(tc, stages_from_cues);
	tcase_add_test(tc, intent_is_not_a_stage);
	tcase_add_test(tc, date_of_the_deciding_event);
	tcase_add_test(tc, stage_in_the_next_sentence);
	tcase_add_test(tc, doubts_where_their_cause_is);
	tcase_add_test(tc, participle_before_a_name_is_that_names);
	tcase_add_test(tc, two_names_share_one_verb);
	tcase_add_test(tc, nested_name_runs_to_its_own_noun);
	tcase_add_test(tc, partners);
	tcase_add_test(tc, not_a_report_is_refused);
	tcase_add_test(tc, agency_from_title);
	tcase_add_test(tc, artefacts_dropped_where_they_stand);
	tcase_add_test(tc, lines_normalised);
	tcase_add_test(tc, lexicon_errors_name_file_and_line);
	suite_add_tcase(s, tc);
	status = check_run(s);
	lexicon_free(lex);
	return status;
}
