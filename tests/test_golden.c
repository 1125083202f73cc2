/*
 * Golden tests: each report under tests/fixtures (and the bundled sample)
 * parses to what its hand-written golden file says.  A golden file is a
 * subset of the output: every key it has must match; keys it leaves out
 * (free text such as work_done) are not checked.  Arrays match in length
 * and order.
 */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector.h"
#include "metrics_internal.h"
#include "report_fixture.h"
#include "slurp.h"

#define MAX_GOLDEN	64

static char		*golden[MAX_GOLDEN];
static int		 ngolden;
static struct lexicon	*lex;

/* Compare expected against actual; on a difference describe it in why. */
static int
subset(const cJSON *exp, const cJSON *act, const char *path, char *why,
    size_t cap)
{
	char		 sub[512];
	const cJSON	*e;
	int		 i, n;

	if (act == NULL) {
		snprintf(why, cap, "%s: missing", path);
		return -1;
	}
	if (cJSON_IsObject(exp)) {
		cJSON_ArrayForEach(e, exp) {
			snprintf(sub, sizeof sub, "%s.%s", path, e->string);
			if (subset(e, cJSON_GetObjectItemCaseSensitive(act,
			    e->string), sub, why, cap) != 0)
				return -1;
		}
		return 0;
	}
	if (cJSON_IsArray(exp)) {
		n = cJSON_GetArraySize(exp);
		if (!cJSON_IsArray(act) || cJSON_GetArraySize(act) != n) {
			snprintf(why, cap, "%s: expected %d items, got %d",
			    path, n, cJSON_IsArray(act) ?
			    cJSON_GetArraySize(act) : -1);
			return -1;
		}
		for (i = 0; i < n; i++) {
			snprintf(sub, sizeof sub, "%s[%d]", path, i);
			if (subset(cJSON_GetArrayItem(exp, i),
			    cJSON_GetArrayItem(act, i), sub, why, cap) != 0)
				return -1;
		}
		return 0;
	}
	if (cJSON_Compare(exp, act, 1))
		return 0;
	{
		char *es = cJSON_PrintUnformatted(exp);
		char *as = cJSON_PrintUnformatted(act);

		snprintf(why, cap, "%s: expected %s, got %s", path, es, as);
		free(es);
		free(as);
	}
	return -1;
}

/* The report a golden file describes: the sample, or a fixture. */
static void
report_path(const char *base, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s.txt", FIXTURES_DIR, base);
	if (access(out, R_OK) != 0)
		snprintf(out, cap, "%s/%s.txt", SAMPLES_DIR, base);
}

/* `napmon parse` streams what cJSON_Print() would print of the tree. */
static void
same_as_printed(const struct report *r, const cJSON *tree)
{
	char	*printed = cJSON_Print(tree), *streamed = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&streamed, &len);

	ck_assert_ptr_nonnull(f);
	report_write_json(f, r, 0);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_str_eq(streamed, printed);
	free(printed);
	free(streamed);
}

/* json_write() writes what cJSON_PrintUnformatted() prints of a tree. */
static void
same_as_unformatted(const cJSON *tree)
{
	char	*printed = cJSON_PrintUnformatted(tree), *written;
	size_t	 len;

	written = json_text(tree, &len);
	ck_assert_str_eq(written, printed);
	ck_assert_uint_eq(len, strlen(printed));
	free(printed);
	free(written);
}

START_TEST(matches_golden)
{
	char		 path[1024], gpath[1024], why[2048];
	char		*text;
	struct report	*r;
	char		*cause = NULL;
	cJSON		*exp, *act;

	snprintf(gpath, sizeof gpath, "%s/%s.json", GOLDEN_DIR, golden[_i]);
	report_path(golden[_i], path, sizeof path);
	ck_assert_ptr_nonnull(text = slurp(gpath));
	exp = cJSON_Parse(text);
	free(text);
	ck_assert_msg(exp != NULL, "%s: not JSON", gpath);
	ck_assert_msg(collect_file(lex, path, NULL, &r, &cause) == 0, "%s",
	    cause);
	act = report_to_json(r);
	same_as_printed(r, act);
	same_as_unformatted(act);
	report_free(r);
	ck_assert_msg(subset(exp, act, golden[_i], why, sizeof why) == 0,
	    "%s", why);
	cJSON_Delete(exp);
	cJSON_Delete(act);
}
END_TEST

/* What no fixture holds: escapes, empty strings, a rate of 17 digits. */
START_TEST(streams_odd_values_as_printed)
{
	struct report		r;
	struct measure		m[3];
	struct agreement	a;
	cJSON			*tree;

	fixture_report(&r, m, &a, "Ədliyyə \"Nazirliyi\"\\ \x01\x1f\t", 0,
	    "00", STAGE_SIGNED, STATUS_IN_PROGRESS);
	m[0].description = "";
	m[0].deadline.kind = DEADLINE_UNTIL;
	m[0].deadline.end = 2015;
	m[0].evidence.line = 3;
	m[0].evidence.text = "\b\f\n\r\x7f";
	m[1].chapter = -4;
	m[2] = m[1];
	m[2].status = STATUS_COMPLETED;
	r.nmeasures = 3;
	a.partner = "";
	tree = report_to_json(&r);
	same_as_printed(&r, tree);
	same_as_unformatted(tree);
	cJSON_Delete(tree);
}
END_TEST

/* What the indicators and the lists hold that no report does: every kind
 * of value, numbers whole, fractional, huge, negative and not a number,
 * empty arrays and objects, keys that need escapes. */
START_TEST(writes_any_tree_as_unformatted)
{
	static const double	 numbers[] = { 0, -0.0, 1, -17, 2147483647.0,
	    -2147483648.0, 3e10, -3e10, 0.1, 1.0 / 3, 2.0 / 3, 0.4375, 1e-300,
	    123456789.123456789, 1.7976931348623157e308 };
	cJSON			*doc, *arr, *o;
	size_t			 i;

	doc = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(doc, "numbers");
	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(numbers[i]));
	cJSON_AddItemToArray(arr, cJSON_CreateNumber(NAN));
	cJSON_AddItemToArray(arr, cJSON_CreateNumber(INFINITY));
	cJSON_AddTrueToObject(doc, "yes");
	cJSON_AddFalseToObject(doc, "no");
	cJSON_AddNullToObject(doc, "none");
	cJSON_AddArrayToObject(doc, "empty");
	cJSON_AddObjectToObject(doc, "nothing");
	cJSON_AddStringToObject(doc, "", "");
	cJSON_AddStringToObject(doc, "k\"\\\n\x01", "Ədliyyə \"x\"\t\x7f");
	o = cJSON_AddObjectToObject(doc, "nested");
	arr = cJSON_AddArrayToObject(o, "deep");
	cJSON_AddItemToArray(arr, cJSON_CreateObject());
	cJSON_AddItemToArray(arr, cJSON_CreateArray());
	cJSON_AddItemToArray(arr, cJSON_CreateString("last"));
	same_as_unformatted(doc);
	same_as_unformatted(arr);
	same_as_unformatted(cJSON_GetObjectItem(doc, "yes"));
	cJSON_Delete(doc);
}
END_TEST

/* One side of a regression as a tree. */
static cJSON *
regression_side(const struct listed_row *r)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "year", r->year);
	cJSON_AddStringToObject(o, "stage", stage_name(r->a.stage));
	cJSON_AddStringToObject(o, "report", r->file);
	json_add_string_or_null(o, "evidence", r->a.evidence.text);
	return (o);
}

/* The tree the listing used to build for an agreement's rows. */
static cJSON *
listed_tree(const struct listed_row *v, size_t n, const struct row_history *rh)
{
	cJSON	*o = agreement_to_json(&v[n - 1].a), *h, *t, *e;
	size_t	 i;

	/* The events are the stored JSON of the latest row. */
	cJSON_ReplaceItemInObject(o, "events", v[n - 1].events != NULL ?
	    cJSON_Parse(v[n - 1].events) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "agency", agency_label(v[n - 1].agency));
	cJSON_AddNumberToObject(o, "year", v[n - 1].year);
	cJSON_AddNumberToObject(o, "first_seen", rh->first_seen);
	cJSON_AddNumberToObject(o, "years_at_stage", rh->years_at_stage);
	cJSON_AddBoolToObject(o, "stuck", rh->stuck);
	cJSON_AddBoolToObject(o, "regressed", rh->regressed);
	if (rh->regressed) {
		e = cJSON_AddObjectToObject(o, "regression");
		cJSON_AddItemToObject(e, "before", regression_side(&v[rh->high]));
		cJSON_AddItemToObject(e, "after", regression_side(&v[rh->low]));
	}
	h = cJSON_AddArrayToObject(o, "history");
	t = cJSON_AddArrayToObject(o, "transitions");
	for (i = 0; i < n; i++) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "year", v[i].year);
		cJSON_AddStringToObject(e, "stage", stage_name(v[i].a.stage));
		json_add_string_or_null(e, "date", v[i].a.date);
		cJSON_AddStringToObject(e, "report", v[i].file);
		cJSON_AddItemToArray(h, e);
		if (i == 0 || v[i].a.stage == v[i - 1].a.stage)
			continue;
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "agency", agency_label(v[i].agency));
		cJSON_AddStringToObject(e, "name", v[i].a.name);
		cJSON_AddStringToObject(e, "from", stage_name(v[i - 1].a.stage));
		cJSON_AddStringToObject(e, "to", stage_name(v[i].a.stage));
		cJSON_AddNumberToObject(e, "from_year", v[i - 1].year);
		cJSON_AddNumberToObject(e, "to_year", v[i].year);
		cJSON_AddItemToArray(t, e);
	}
	return (o);
}

/* An agreement's rows are written as cJSON printed that tree, compact. */
START_TEST(writes_listed_agreement_as_its_tree)
{
	struct listed_row	 v[5];
	struct row_history	 rh;
	cJSON			*tree;
	char			*printed, *written = NULL;
	size_t			 n, len;
	FILE			*f;

	memset(v, 0, sizeof v);
	v[0].a.name = "Saziş \"A\"\\\n";
	v[0].a.kind = "saziş";
	v[0].a.partner = "Türkiyə Respublikası";
	v[0].a.partner_iso = "TR";
	v[0].a.stage = STAGE_DRAFTING;
	v[0].a.evidence.line = 12;
	v[0].a.evidence.text = "layihəsi \x01 hazırlanmışdır";
	v[0].year = 2015;
	v[0].file = "a-2015.txt";
	v[0].events = "[{\"stage\":\"drafting\",\"date\":null,"
	    "\"evidence\":{\"line\":12,\"text\":\"layihəsi\"}}]";
	v[0].agency = "DMX";
	v[1] = v[0];
	v[1].year = 2016;
	v[1].file = "a-2016.txt";
	v[1].a.evidence.text = NULL;
	v[2] = v[1];
	v[2].a.stage = STAGE_SIGNED;
	snprintf(v[2].a.date, sizeof v[2].a.date, "2017-05-01");
	v[2].a.partner_near = 1;	/* a near miss of its name */
	v[2].year = 2017;
	v[2].file = "a-2017.txt";
	v[3] = v[2];
	v[3].a.kind = NULL;		/* cJSON leaves the member out */
	v[3].a.partner = v[3].a.partner_iso = v[3].a.measure = NULL;
	v[3].a.stage = STAGE_IN_FORCE;
	v[3].a.evidence.line = 0;
	v[3].a.partner_near = 1;	/* no partner: no match either */
	v[3].events = NULL;		/* stored before events were */
	v[3].agency = NULL;		/* the unknown agency's label */
	v[3].year = 2018;
	v[3].file = "a-2018.txt";
	v[4] = v[3];
	v[4].a.stage = STAGE_SIGNING;	/* a regression */
	v[4].year = 2019;
	v[4].file = "a-2019.txt";
	for (n = 1; n <= 5; n++) {
		rows_history(v, n, 2, &rh);
		ck_assert_int_eq(rh.regressed, n == 5);
		tree = listed_tree(v, n, &rh);
		printed = cJSON_PrintUnformatted(tree);
		f = open_memstream(&written, &len);
		ck_assert_ptr_nonnull(f);
		listed_agreement_write(f, v, n, &rh);
		ck_assert_int_eq(fclose(f), 0);
		ck_assert_str_eq(written, printed);
		free(printed);
		free(written);
		cJSON_Delete(tree);
	}
}
END_TEST

/* Each byte that is escaped, at every offset of texts of every length up
 * to 48 bytes: the writer takes 16 bytes at a time, and the last 16. */
START_TEST(streams_escapes_at_every_offset)
{
	static const char	escapes[] = "\n\"\\\x01\x1f";
	struct report		r;
	struct measure		m[2];
	struct agreement	a;
	cJSON			*tree;
	char			text[49];
	size_t			len, at, k;

	fixture_report(&r, m, &a, "Ədliyyə Nazirliyi", 2015, "00",
	    STAGE_SIGNED, STATUS_IN_PROGRESS);
	m[0].work_done = text;
	for (k = 0; k < sizeof escapes - 1; k++)
		for (len = 1; len < sizeof text; len++)
			for (at = 0; at < len; at++) {
				memset(text, 'a', len);
				memcpy(text, "ə", len > 1 ? 2 : 0);
				text[at] = escapes[k];
				text[len] = '\0';
				tree = report_to_json(&r);
				same_as_printed(&r, tree);
				cJSON_Delete(tree);
			}
}
END_TEST

/* Append "FILE | KEY | FIELD | REASONS\n" for each field doubts name. */
static void
doubt_lines(FILE *f, const char *file, const char *key, unsigned doubts)
{
	unsigned	of;
	int		field, i, first;

	for (field = 0; field < FIELD_COUNT; field++) {
		if ((of = doubts_of(doubts, (enum fact_field)field)) == 0)
			continue;
		fprintf(f, "%s | %s | %s | ", file, key,
		    fact_field_name((enum fact_field)field));
		for (i = 0, first = 1; i < DOUBT_COUNT; i++)
			if (of & 1u << i) {
				fprintf(f, "%s%s", first ? "" : ",",
				    doubt_name(1u << i));
				first = 0;
			}
		fputc('\n', f);
	}
}

/* The lines of review_expected.txt about one report file, in order. */
static char *
expected_doubts(const char *file)
{
	char	*text = slurp(REVIEW_EXPECTED), *line, *save, *out = NULL;
	size_t	 len = 0, n = strlen(file);
	FILE	*f = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(text);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, file, n) == 0 && strncmp(line + n, " | ",
		    3) == 0)
			fprintf(f, "%s\n", line);
	ck_assert_int_eq(fclose(f), 0);
	free(text);
	return out;
}

/*
 * The facts napmon doubts are the ones tests/review_expected.txt labels
 * doubtful, written from the fixtures' text, in the order of the report:
 * none of the others, which the goldens hold, is listed low.
 */
START_TEST(doubts_are_the_labelled_ones)
{
	char		 path[1024], file[1024], *got = NULL, *want;
	struct report	*r;
	char		*cause = NULL;
	size_t		 i, len = 0;
	FILE		*f;

	report_path(golden[_i], path, sizeof path);
	snprintf(file, sizeof file, "%s.txt", golden[_i]);
	ck_assert_msg(collect_file(lex, path, NULL, &r, &cause) == 0, "%s",
	    cause);
	ck_assert_ptr_nonnull(f = open_memstream(&got, &len));
	for (i = 0; i < r->nmeasures; i++)
		doubt_lines(f, file, r->measures[i].id, r->measures[i].doubts);
	for (i = 0; i < r->nagreements; i++)
		doubt_lines(f, file, r->agreements[i].name,
		    r->agreements[i].doubts);
	ck_assert_int_eq(fclose(f), 0);
	want = expected_doubts(file);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	report_free(r);
}
END_TEST

START_TEST(every_fixture_has_a_golden)
{
	DIR		*d = opendir(FIXTURES_DIR);
	struct dirent	*e;
	char		 gpath[1024];
	size_t		 n;
	int		 fixtures = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
			continue;
		fixtures++;
		snprintf(gpath, sizeof gpath, "%s/%.*s.json", GOLDEN_DIR,
		    (int)(n - 4), e->d_name);
		ck_assert_msg(access(gpath, R_OK) == 0, "no golden for %s",
		    e->d_name);
	}
	closedir(d);
	ck_assert_int_ge(fixtures, 4);
}
END_TEST

static void
find_goldens(void)
{
	DIR		*d = opendir(GOLDEN_DIR);
	struct dirent	*e;
	size_t		 n;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && ngolden < MAX_GOLDEN) {
		n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0)
			golden[ngolden++] = strndup(e->d_name, n - 5);
	}
	closedir(d);
}

int
main(void)
{
	Suite	*s = suite_create("golden");
	TCase	*tc = tcase_create("golden");
	SRunner	*sr;
	char	*cause = NULL;
	int	 failed, i;

	if ((lex = lexicon_load(LEXICON_DIR, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return EXIT_FAILURE;
	}
	find_goldens();
	tcase_add_loop_test(tc, matches_golden, 0, ngolden);
	tcase_add_loop_test(tc, doubts_are_the_labelled_ones, 0, ngolden);
	tcase_add_test(tc, streams_odd_values_as_printed);
	tcase_add_test(tc, streams_escapes_at_every_offset);
	tcase_add_test(tc, writes_any_tree_as_unformatted);
	tcase_add_test(tc, writes_listed_agreement_as_its_tree);
	tcase_add_test(tc, every_fixture_has_a_golden);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	lexicon_free(lex);
	for (i = 0; i < ngolden; i++)
		free(golden[i]);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
