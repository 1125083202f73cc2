/*
 * The ledger's bookkeeping: names pooled once, groups packed as varints
 * and read back whole, sums that take a part out as exactly as they put
 * it in.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

/* Every name gets one number and keeps its text, past many slabs, a
 * name longer than a slab and the table's growth. */
START_TEST(test_strpool)
{
	struct strpool	 sp = { 0 };
	char		 name[32], *long_name;
	size_t		 i, id;

	long_name = malloc(100000);
	memset(long_name, 'x', 99999);
	long_name[99999] = '\0';
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "İcraçı orqan %zu", i);
		ck_assert_uint_eq(strpool_intern(&sp, name), i + (i > 500));
		if (i == 500)
			ck_assert_uint_eq(strpool_intern(&sp, long_name), 501);
	}
	for (i = 0; i < 20000; i += 997) {
		snprintf(name, sizeof name, "İcraçı orqan %zu", i);
		id = strpool_intern(&sp, name);
		ck_assert_str_eq(sp.names[id], name);
	}
	ck_assert_str_eq(sp.names[501], long_name);
	ck_assert_uint_eq(sp.n, 20001);
	strpool_free(&sp);
	free(long_name);
}
END_TEST

/* Counts of any size and labels or none come back as they went in. */
START_TEST(test_packed_roundtrip)
{
	struct strpool	 sp = { 0 };
	struct groups	 gs = { .pool = &sp };
	struct packed	 pk;
	struct group	*g, back;
	size_t		 off = 0;
	int		 values[] = { 0, 1, 127, 128, 16384, 300000, INT_MAX };
	int		 i;

	for (i = 0; i < 7; i++) {
		char	key[16];

		snprintf(key, sizeof key, "%d", i);
		g = groups_get(&gs, key);
		g->tally.measures = values[i];
		g->tally.by_stage[STAGE_IN_FORCE] = values[6 - i];
		g->tally.review = i;
		if (i % 2)
			group_label(&gs, g, "Fəsil başlığı");
	}
	packed_make(&pk, &gs);
	for (i = 0; packed_next(&pk, &sp, &off, &back); i++) {
		ck_assert_str_eq(back.key, gs.v[i].key);
		ck_assert(memcmp(&back.tally, &gs.v[i].tally,
		    sizeof back.tally) == 0);
		if (i % 2)
			ck_assert_str_eq(back.label, "Fəsil başlığı");
		else
			ck_assert_ptr_null(back.label);
	}
	ck_assert_int_eq(i, 7);
	packed_free(&pk);
	groups_free(&gs);
	strpool_free(&sp);
}
END_TEST

/* Pack one group under a key, with a label or none. */
static void
pack_one(struct packed *pk, struct strpool *sp, const char *key,
    const char *label, int measures)
{
	struct groups	 gs = { .pool = sp };
	struct group	*g = groups_get(&gs, key);

	g->tally.measures = measures;
	group_label(&gs, g, label);
	packed_make(pk, &gs);
	groups_free(&gs);
}

/* Taken out, a part leaves the counts as they were; its label goes back
 * to the part before it, found again by sums_relabel(). */
START_TEST(test_sums_in_place)
{
	struct strpool	 sp = { 0 };
	struct sums	 s = { 0 };
	struct packed	 a, b, b2;

	pack_one(&a, &sp, "1", "Köhnə başlıq", 3);
	pack_one(&b, &sp, "1", "Yeni başlıq", 4);
	pack_one(&b2, &sp, "1", NULL, 5);
	sums_add(&s, &a, &sp, 10, 1);
	sums_add(&s, &b, &sp, 20, 1);
	ck_assert_int_eq(s.gs.v[0].tally.measures, 7);
	ck_assert_str_eq(s.gs.v[0].label, "Yeni başlıq");
	/* b recounted with no title: its label is lost until found. */
	sums_add(&s, &b, &sp, 20, -1);
	sums_add(&s, &b2, &sp, 20, 1);
	ck_assert_int_eq(s.gs.v[0].tally.measures, 8);
	ck_assert_int_eq(s.lost, 1);
	sums_relabel_begin(&s);
	sums_relabel(&s, &a, &sp, 10);
	sums_relabel(&s, &b2, &sp, 20);
	sums_relabel_end(&s);
	ck_assert_int_eq(s.lost, 0);
	ck_assert_str_eq(s.gs.v[0].label, "Köhnə başlıq");
	/* Both out: the group is no one's and shows no label. */
	sums_add(&s, &a, &sp, 10, -1);
	sums_add(&s, &b2, &sp, 20, -1);
	ck_assert(!sums_counted(&s, 0));
	ck_assert_int_eq(s.gs.v[0].tally.measures, 0);
	ck_assert_ptr_null(s.gs.v[0].label);
	packed_free(&a);
	packed_free(&b);
	packed_free(&b2);
	sums_free(&s);
	strpool_free(&sp);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("groups");
	TCase	*tc = tcase_create("groups");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_strpool);
	tcase_add_test(tc, test_packed_roundtrip);
	tcase_add_test(tc, test_sums_in_place);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}
