/*
 * What the parsing fuzz targets share: the shipped lexicon, loaded once
 * before the first input.
 */
#ifndef NAPMON_FUZZ_INIT_H
#define NAPMON_FUZZ_INIT_H

#include <stdio.h>
#include <stdlib.h>

#include "collector.h"

/* Load the lexicon from $NAPMON_LEXICON_DIR, else the source tree's; exit
 * 2 naming who when it cannot be read. */
static inline struct lexicon *
fuzz_lexicon_load(const char *who)
{
	const char	*dir = getenv("NAPMON_LEXICON_DIR");
	char		*cause = NULL;
	struct lexicon	*lex;

	if (dir == NULL || *dir == '\0')
		dir = FUZZ_LEXICON_DIR;
	if ((lex = lexicon_load(dir, &cause)) == NULL) {
		fprintf(stderr, "%s: %s\n", who, cause);
		exit(2);
	}
	return lex;
}

#endif
