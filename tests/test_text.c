/*
 * Text helpers: the scans that take many bytes at a time find what the
 * byte-at-a-time definition finds, at every offset and near every end.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Each of the three bytes at every offset of a 64-byte text, with every
 * end before and after it. */
START_TEST(find_byte3_at_every_offset)
{
	const char	 wanted[] = "\"\xc2\xe2";
	char		*s = xmalloc(64);
	size_t		 at, to, k;

	for (k = 0; k < 3; k++)
		for (at = 0; at < 64; at++) {
			memset(s, 'a', 64);
			s[at] = wanted[k];
			for (to = 0; to <= 64; to++) {
				ck_assert_uint_eq(find_byte3(s, 0, to, '"', '\xc2',
				    '\xe2'), at < to ? at : to);
				ck_assert_uint_eq(find_byte3(s, at < to ? at : to,
				    to, '"', '\xc2', '\xe2'), at < to ? at : to);
			}
			if (at > 0)
				ck_assert_uint_eq(find_byte3(s, at - 1, 64, '"',
				    '\xc2', '\xe2'), at);
			ck_assert_uint_eq(find_byte3(s, at + 1, 64, '"', '\xc2',
			    '\xe2'), 64);
		}
	free(s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("text");
	TCase	*tc = tcase_create("text");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, find_byte3_at_every_offset);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
