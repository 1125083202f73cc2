/* The scanner's records of files: found, forgotten, pruned, by the thousand. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "seen.h"

#define NFILES	10000

/* The name of file i. */
static const char *
name(int i)
{
	static char	buf[32];

	snprintf(buf, sizeof buf, "%05d-report.txt", i);
	return (buf);
}

START_TEST(test_find_and_add)
{
	struct seenset	 set = { 0 };
	struct seen	*u;
	int		 i;

	ck_assert_ptr_null(seen_find(&set, "absent.txt", 0));
	for (i = 0; i < NFILES; i++) {
		u = seen_find(&set, name(i), 1);
		ck_assert_str_eq(u->name, name(i));
		u->size = i;
	}
	ck_assert_uint_eq(set.n, NFILES);
	/* Found again, not added twice, across every growth of the table. */
	for (i = 0; i < NFILES; i++) {
		u = seen_find(&set, name(i), 1);
		ck_assert_int_eq(u->size, i);
	}
	ck_assert_uint_eq(set.n, NFILES);
	ck_assert_ptr_null(seen_find(&set, "absent.txt", 0));
	seen_prune(&set, 1);
	ck_assert_uint_eq(set.n, 0);
	ck_assert_ptr_null(seen_find(&set, name(0), 0));
}
END_TEST

START_TEST(test_forget)
{
	struct seenset	set = { 0 };
	int		i;

	for (i = 0; i < 100; i++)
		seen_find(&set, name(i), 1);
	seen_forget(&set, name(42));
	seen_forget(&set, "never-seen.txt");
	ck_assert_uint_eq(set.n, 99);
	ck_assert_ptr_null(seen_find(&set, name(42), 0));
	ck_assert_ptr_nonnull(seen_find(&set, name(41), 0));
	ck_assert_ptr_nonnull(seen_find(&set, name(43), 0));
	seen_prune(&set, 1);
}
END_TEST

START_TEST(test_prune_unlisted)
{
	struct seenset	set = { 0 };
	int		i;

	for (i = 0; i < 1000; i++)
		seen_find(&set, name(i), 1)->listed = i % 3 == 0;
	seen_prune(&set, 0);
	/* Only the files of the latest listing stay, marked unlisted again. */
	ck_assert_uint_eq(set.n, 334);
	for (i = 0; i < 1000; i++) {
		if (i % 3 == 0)
			ck_assert_int_eq(seen_find(&set, name(i), 0)->listed, 0);
		else
			ck_assert_ptr_null(seen_find(&set, name(i), 0));
	}
	seen_prune(&set, 0);
	ck_assert_uint_eq(set.n, 0);
	seen_prune(&set, 1);
}
END_TEST

/* Run the suite. */
int
main(void)
{
	Suite	*s = suite_create("seen");
	TCase	*tc = tcase_create("records");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_find_and_add);
	tcase_add_test(tc, test_forget);
	tcase_add_test(tc, test_prune_unlisted);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
