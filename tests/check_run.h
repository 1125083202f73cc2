/*
 * What the Check tests' main()s share: the lexicon the project ships, and
 * running a suite to an exit status.
 */
#ifndef NAPMON_CHECK_RUN_H
#define NAPMON_CHECK_RUN_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "collector.h"

/* The lexicon of the build tree, or NULL having said why. */
static inline struct lexicon *
check_lexicon(void)
{
	struct lexicon	*lex;
	char		*cause = NULL;

	if ((lex = lexicon_load(LEXICON_DIR, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
	}
	return lex;
}

/* Run every test of a suite; EXIT_FAILURE if one failed. */
static inline int
check_run(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
