/*
 * The suffix grammar of stage verbs: which endings of each stage verb of
 * the shipped lexicon attest an event and which do not, vowel harmony, and
 * a grammar made here from data alone.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "check_run.h"

static struct lexicon	*lex;

/* What the shipped grammar reads in rest after stem. */
static struct verb_form
read_after(const char *stem, const char *rest)
{
	return grammar_read(&lex->grammar, harmony_of(stem, strlen(stem)),
	    rest, strlen(rest));
}

static const char *
form_name(struct verb_form v)
{
	return v.form < 0 ? "(unread)" : lex->grammar.forms[v.form].name;
}

struct reading {
	const char	*stem;
	const char	*rest;
	int		 attests;	/* an enum attest */
	const char	*form;		/* NULL: any */
};

static void
check_readings(const struct reading *v, size_t n)
{
	struct verb_form	f;
	size_t			i;

	for (i = 0; i < n; i++) {
		f = read_after(v[i].stem, v[i].rest);
		ck_assert_msg(f.form >= 0 && f.attests == v[i].attests,
		    "%s+%s: read as %s, attests %d, want %d", v[i].stem,
		    v[i].rest, form_name(f), f.attests, v[i].attests);
		if (v[i].form != NULL)
			ck_assert_msg(strcmp(form_name(f), v[i].form) == 0,
			    "%s+%s: %s, want %s", v[i].stem, v[i].rest,
			    form_name(f), v[i].form);
	}
}

/* Each stage verb in the forms that say its event happened. */
START_TEST(attested_forms)
{
	static const struct reading v[] = {
		{ "imzala", "nmışdır", ATTEST_YES, "perfect" },
		{ "imzala", "nmış", ATTEST_YES, "perfect" },
		{ "imzala", "nıb", ATTEST_YES, "evidential" },
		{ "imzala", "ndı", ATTEST_YES, "past" },
		{ "imzala", "nmışdı", ATTEST_YES, "pluperfect" },
		{ "imzala", "yıblar", ATTEST_YES, "evidential" },
		{ "imzala", "dılar", ATTEST_YES, "past" },
		{ "imzala", "nan", ATTEST_YES, "participle" },
		{ "imzala", "dığı", ATTEST_YES, "participle" },
		{ "imzala", "mışlar", ATTEST_YES, "perfect" },
		{ "parafla", "nıb", ATTEST_YES, "evidential" },
		{ "parafla", "yıblar", ATTEST_YES, "evidential" },
		{ "hazırla", "naraq", ATTEST_YES, "converb" },
		{ "hazırla", "nmışdır", ATTEST_YES, "perfect" },
		{ "təsdiq ed", "ilsin", ATTEST_YES, "jussive" },
		{ "təsdiq ed", "ilib", ATTEST_YES, "evidential" },
		{ "təsdiq ed", "ilmişdir", ATTEST_YES, "perfect" },
		{ "təsdiq ol", "unub", ATTEST_YES, "evidential" },
		{ "təsdiq ol", "unmuşdur", ATTEST_YES, "perfect" },
		{ "təsdiqlə", "nib", ATTEST_YES, "evidential" },
		{ "təsdiqlə", "yib", ATTEST_YES, "evidential" },
		{ "təsdiq et", "di", ATTEST_YES, "past" },
		{ "ratifikasiya ed", "ilmişdir", ATTEST_YES, "perfect" },
		{ "ratifikasiya ed", "ib", ATTEST_YES, "evidential" },
		{ "qüvvəyə min", "ib", ATTEST_YES, "evidential" },
		{ "qüvvəyə min", "mişdir", ATTEST_YES, "perfect" },
		{ "qüvvəyə min", "di", ATTEST_YES, "past" },
		{ "razılaşdırıl", "mışdır", ATTEST_YES, "perfect" },
		{ "razılaşdırıl", "ıb", ATTEST_YES, "evidential" },
		{ "tərəfinə təqdim edil", "mişdir", ATTEST_YES, "perfect" },
		{ "tərəfinə təqdim olun", "ub", ATTEST_YES, "evidential" },
		{ "tərəfə ötürül", "üb", ATTEST_YES, "evidential" },
		{ "danışıqlar apar", "ılıb", ATTEST_YES, "evidential" },
		{ "danışıqlar başa çat", "ıb", ATTEST_YES, "evidential" },
	};

	check_readings(v, sizeof v / sizeof v[0]);
}
END_TEST

/* The forms that do not: future, negation, condition, time, intent. */
START_TEST(forms_that_attest_nothing)
{
	static const struct reading v[] = {
		{ "imzala", "nacaq", ATTEST_NO, "future" },
		{ "imzala", "nacaqdır", ATTEST_NO, "future" },
		{ "imzala", "nmayıb", ATTEST_NO, NULL },
		{ "imzala", "nmamışdır", ATTEST_NO, NULL },
		{ "imzala", "nması", ATTEST_NO, "intent" },
		{ "imzala", "nmasından", ATTEST_NO, "intent" },
		{ "imzala", "nsa", ATTEST_NO, "conditional" },
		{ "imzala", "ndıqdan", ATTEST_NO, "temporal" },
		{ "imzala", "maq", ATTEST_NO, "intent" },
		{ "qüvvəyə min", "əcək", ATTEST_NO, "future" },
		{ "qüvvəyə min", "dikdən", ATTEST_NO, "temporal" },
		{ "qüvvəyə min", "məyib", ATTEST_NO, NULL },
		{ "qüvvəyə min", "məsi", ATTEST_NO, "intent" },
		{ "qüvvəyə min", "mir", ATTEST_NO, "negative-present" },
		{ "təsdiq ed", "ilməsi", ATTEST_NO, "intent" },
		{ "təsdiq ed", "iləcək", ATTEST_NO, "future" },
		{ "təsdiq ol", "unmayıb", ATTEST_NO, NULL },
		{ "təsdiqlə", "nəcək", ATTEST_NO, "future" },
		{ "ratifikasiya ed", "ilməyib", ATTEST_NO, NULL },
		{ "parafla", "nacaq", ATTEST_NO, "future" },
		{ "tərəfinə təqdim edil", "məsi", ATTEST_NO, "intent" },
	};

	check_readings(v, sizeof v / sizeof v[0]);
}
END_TEST

/* The present attests an event only where the sentence dates it. */
START_TEST(present_needs_a_day)
{
	static const struct reading v[] = {
		{ "qüvvəyə min", "ir", ATTEST_DATED, "present" },
		{ "imzala", "nır", ATTEST_DATED, "present" },
		{ "danışıqlar apar", "ılır", ATTEST_DATED, "present" },
	};
	const char	day[] = "iyunun 18-də Saziş qüvvəyə minir";
	const char	none[] = "Saziş tezliklə qüvvəyə minir";

	check_readings(v, sizeof v / sizeof v[0]);
	ck_assert(dates_day_named(lex, day, strlen(day)));
	ck_assert(!dates_day_named(lex, none, strlen(none)));
}
END_TEST

/* Endings out of harmony with the stem, and endings no slot holds, are
 * not read at all. */
START_TEST(harmony_and_unknown_endings)
{
	static const char *const bad[][2] = {
		{ "imzala", "nmişdir" },	/* front vowel after a */
		{ "qüvvəyə min", "ıb" },	/* back vowel after i */
		{ "qüvvəyə min", "acaq" },
		{ "təsdiq ol", "unmişdur" },
		{ "imzala", "nmışdırxyz" },
		{ "imzala", "" },
	};
	struct verb_form	f;
	size_t			i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f = read_after(bad[i][0], bad[i][1]);
		ck_assert_msg(f.form < 0 && f.attests == ATTEST_NO,
		    "%s+%s read as %s", bad[i][0], bad[i][1], form_name(f));
	}
}
END_TEST

/* A grammar made from data alone: the code knows no ending of its own. */
START_TEST(grammar_from_data)
{
	struct grammar		 g;
	struct verb_form	 f;
	const char		 front[] = "bəlq", back[] = "balq";

	memset(&g, 0, sizeof g);
	ck_assert_int_eq(grammar_key(&g, "form", "done yes bAlQ"), 0);
	ck_assert_int_eq(grammar_key(&g, "form", "later no zI"), 0);
	ck_assert_int_eq(grammar_key(&g, "negation", "mA"), 0);
	ck_assert_int_eq(grammar_key(&g, "form", "broken maybe x"), -1);
	ck_assert_int_eq(grammar_key(&g, "form", "digits yes a1"), -1);
	ck_assert_int_eq(grammar_key(&g, "tense", "x"), -1);
	ck_assert_int_eq(grammar_key(&g, "person", "lAr"), 0);

	f = grammar_read(&g, harmony_of("gel", 3), "bəlk", 5);
	ck_assert_int_eq(f.attests, ATTEST_YES);
	ck_assert_int_eq(f.form, 0);
	f = grammar_read(&g, harmony_of("gel", 3), "bəlklər", 9);
	ck_assert_int_eq(f.attests, ATTEST_YES);
	f = grammar_read(&g, harmony_of("gal", 3), front, strlen(front));
	ck_assert_int_eq(f.form, -1);	/* ə after a: out of harmony */
	f = grammar_read(&g, harmony_of("gal", 3), back, strlen(back));
	ck_assert_int_eq(f.form, 0);
	f = grammar_read(&g, harmony_of("gul", 3), "zu", 2);
	ck_assert_int_eq(f.attests, ATTEST_NO);
	ck_assert_int_eq(f.form, 1);
	f = grammar_read(&g, harmony_of("gel", 3), "məbəlk", 8);
	ck_assert_int_eq(f.attests, ATTEST_NO);
	ck_assert(f.negated);
	grammar_free(&g);
}
END_TEST

/* A cue whose last word ends in '+' is a stem; only stage cues may be. */
START_TEST(verb_cues_in_the_lexicon)
{
	size_t	k, verbs = 0;

	for (k = 0; k < lex->nstage_cues; k++)
		if (lex->stage_cues[k].verb) {
			verbs++;
			ck_assert_ptr_null(strchr(lex->stage_cues[k].parts[
			    lex->stage_cues[k].nparts - 1], '+'));
		}
	ck_assert_uint_gt(verbs, 10);
	for (k = 0; k < lex->nstatus_cues; k++)
		ck_assert(!lex->status_cues[k].verb);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("morph");
	TCase	*tc = tcase_create("core");
	int	 status;

	if ((lex = check_lexicon()) == NULL)
		return EXIT_FAILURE;
	tcase_add_test(tc, attested_forms);
	tcase_add_test(tc, forms_that_attest_nothing);
	tcase_add_test(tc, present_needs_a_day);
	tcase_add_test(tc, harmony_and_unknown_endings);
	tcase_add_test(tc, grammar_from_data);
	tcase_add_test(tc, verb_cues_in_the_lexicon);
	suite_add_tcase(s, tc);
	status = check_run(s);
	lexicon_free(lex);
	return status;
}
