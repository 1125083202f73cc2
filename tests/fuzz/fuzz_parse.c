/*
 * libFuzzer target: the decoder and the parser on arbitrary bytes, as
 * `napmon parse` meets a file, with the shipped lexicon loaded once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "collector.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct lexicon	*lex;

/* Load the lexicon from $NAPMON_LEXICON_DIR, else the source tree's. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*dir = getenv("NAPMON_LEXICON_DIR");
	char		*cause = NULL;

	(void)argc;
	(void)argv;
	if (dir == NULL || *dir == '\0')
		dir = FUZZ_LEXICON_DIR;
	if ((lex = lexicon_load(dir, &cause)) == NULL) {
		fprintf(stderr, "fuzz_parse: %s\n", cause);
		exit(2);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct collect_options	 opt = { 0 };
	struct report		*r = NULL;
	char			*cause = NULL;

	if (collect_bytes(lex, "fuzz.txt", data, size, &opt, &r, &cause) != 0)
		free(cause);
	report_free(r);
	return 0;
}
